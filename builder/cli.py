"""The ``plansite`` command: check, build and serve the site."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from .config import LOCK_WAIT, Paths
from .errors import DataError

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=".",
    show_default=True,
    help="The project folder (holding data/, content/ and mkdocs.yml).",
)


def _report_problems(exc: DataError, output_format: str = "text") -> None:
    if output_format == "json":
        click.echo(json.dumps({"ok": False, "problems": [p.to_dict() for p in exc.problems]}, ensure_ascii=False, indent=2))
    else:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(exc.problems)} problem(s) found; nothing was written.", err=True)
    sys.exit(1)


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


class _NoteHandler(logging.Handler):
    """Notes from reading the input (files ignored, ...), on standard error."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="plansite")
def main() -> None:
    """Build the public website of a plan and its progress from data/ and content/."""
    notes = logging.getLogger("plansite")
    notes.handlers[:] = [_NoteHandler()]
    notes.setLevel(logging.INFO)
    notes.propagate = False


@main.command()
@root_option
@click.option(
    "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help="How to print the result."
)
def check(root: Path, output_format: str) -> None:
    """Check the data only; print every problem found. Writes nothing."""
    from .validate import load_dataset

    try:
        dataset = load_dataset(Paths.at(root))
    except DataError as exc:
        _report_problems(exc, output_format)
    counts = {
        "projects": len(dataset.projects.projects),
        "tasks": len(dataset.tasks),
        "units": len(dataset.units.units),
        "indicators": len(dataset.indicators.indicators),
    }
    summary = ", ".join(f"{n} {what}" for what, n in counts.items())
    if output_format == "json":
        click.echo(json.dumps({"ok": True, "problems": []}))
    else:
        click.echo(f"OK: {summary}.")


@main.command()
@root_option
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' progress messages.")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=LOCK_WAIT,
    show_default=True,
    help="Seconds to wait for another build of the same project to finish.",
)
def build(root: Path, verbose: bool, wait: float) -> None:
    """Check the data, generate the pages and build site/ with MkDocs.

    The new site replaces site/ only when the whole build succeeded.
    """
    from mkdocs.exceptions import MkDocsException

    from .build import BuildBusy, build_lock, describe_os_error, generate, pin_build_date, publish
    from .hook import build_site

    _setup_logging(verbose)
    paths = Paths.at(root)
    try:
        with build_lock(paths, wait):
            dataset, report = generate(paths)
            pin_build_date(dataset)
            publish(paths, lambda tmp: build_site(paths, tmp, dataset, report.vega_bundle))
    except DataError as exc:
        _report_problems(exc)
    except BuildBusy as exc:
        raise click.ClickException(f"{exc}; site/ was left as it was.") from None
    except MkDocsException as exc:
        raise click.ClickException(f"the MkDocs build failed; site/ was left as it was.\n{exc}") from None
    except OSError as exc:
        raise click.ClickException(f"{describe_os_error(exc, paths)}; site/ was left as it was.") from None
    click.echo(f"Built {paths.display(paths.site)}/ ({len(report.written)} page(s) regenerated, {len(report.removed)} removed).")
    for note in report.notes:
        click.echo(note, err=True)


@main.command()
@root_option
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(root: Path, dev_addr: str) -> None:
    """Preview the site; regenerates when data/ or content/ change."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from .build import generate

    _setup_logging(True)
    paths = Paths.at(root)
    try:
        generate(paths)
    except DataError as exc:
        _report_problems(exc)
    mkdocs_serve(config_file=str(paths.mkdocs_yml), dev_addr=dev_addr, livereload=True)
