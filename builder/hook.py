"""The MkDocs side: a hook (``hooks:`` in mkdocs.yml) and the MkDocs build.

The hook runs the generator before every build, so ``mkdocs build`` and
``mkdocs serve`` regenerate ``site_src/`` from ``data/`` and ``content/``,
and ``serve`` also watches those folders.
"""

from __future__ import annotations

import calendar
import logging
import os
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from builder.build import copy_sitemaps, generate
from builder.config import DEFAULT_LANGUAGE, LANGUAGES, Paths
from builder.errors import DataError

log = logging.getLogger("mkdocs.plansite")


def _paths(config) -> Paths:
    return Paths.at(Path(config.config_file_path).parent)


def on_config(config):
    paths = _paths(config)
    try:
        dataset, report = generate(paths)
    except DataError as exc:
        lines = "\n".join(str(p) for p in exc.problems)
        raise Abort(f"{len(exc.problems)} problem(s) in the data; nothing was generated:\n{lines}") from None
    # Dates in the sitemap come from the data, not the clock: same input, same site.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(calendar.timegm(dataset.plan.date.timetuple())))
    # The Vega bundle's name carries its hash; it must load before the chart loader.
    config.extra_javascript.insert(0, report.vega_bundle)
    if report.written or report.removed:
        log.info("plansite: %d page(s) written, %d removed", len(report.written), len(report.removed))
    return config


def on_post_build(config):
    copy_sitemaps(Path(config.site_dir), tuple(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE))


def on_serve(server, config, builder):
    paths = _paths(config)
    for folder in (paths.data, paths.content):
        if folder.is_dir():
            server.watch(str(folder))
    return server


def build_site(paths: Paths, site_dir: Path) -> None:
    """Run the MkDocs build of ``paths`` into ``site_dir`` (strict)."""
    config = load_config(config_file=str(paths.mkdocs_yml), site_dir=str(site_dir))
    mkdocs_build(config)
