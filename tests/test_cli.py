"""The `plansite` command: exit codes, what it prints, and what it leaves alone."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

import pytest
from click.testing import CliRunner, Result

from builder.cli import main
from builder.model import Dataset

from .helpers import REPO_ROOT, edit, line_of, snapshot

UNKNOWN_LEAD = ("projects.yaml", "lead: [amr, district-governments]", "lead: [amrr, district-governments]")
UNKNOWN_LEAD_FIELD = "projects[0].tasks[0].lead[0]"


@contextmanager
def mkdocs_logging_kept() -> Iterator[None]:
    """`plansite build` configures the 'mkdocs' logger for a terminal; put it back as it was."""
    logger = logging.getLogger("mkdocs")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    try:
        yield
    finally:
        logger.handlers[:], logger.level, logger.propagate = saved


def plansite(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def break_lead_unit(root: Path) -> str:
    """Make task 1-1 name an unknown lead unit; return its problem line."""
    text = edit(root, *UNKNOWN_LEAD)
    return (
        f"data/projects.yaml:{line_of(text, 'lead: [amrr')}: {UNKNOWN_LEAD_FIELD}: unknown unit id 'amrr'; did you mean 'amr'? "
        "(expected a unit id from data/units.yaml, got 'amrr')"
    )


# --- check ------------------------------------------------------------------------


def test_check_on_the_real_data_prints_the_counts_and_exits_0(real_dataset: Dataset) -> None:
    result = plansite("check", "--root", str(REPO_ROOT))
    units, indicators = len(real_dataset.units.units), len(real_dataset.indicators.indicators)
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"OK: 6 projects, 24 tasks, {units} units, {indicators} indicators.\n",
        "",
    )


def test_check_prints_each_problem_then_a_count_and_exits_1(project: Path) -> None:
    plan = edit(project, "plan.yaml", "    number: 1\n", "    number: one\n")
    projects = edit(project, "projects.yaml", 'zh: "提升版权创造能力"', "zh: 42")
    result = plansite("check", "--root", str(project))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines() == [
        f"data/plan.yaml:{line_of(plan, 'number: one')}: safeguards[0].number: wrong type (expected a whole number, got 'one')",
        f"data/projects.yaml:{line_of(projects, 'zh: 42')}: projects[1].tasks[2].title.zh: wrong type (expected text, got 42 (a number))",
        "2 problem(s) found; nothing was written.",
    ]


def test_check_reports_a_cross_reference_problem_as_file_line_field_message(project: Path) -> None:
    expected = break_lead_unit(project)
    result = plansite("check", "--root", str(project))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"{expected}\n1 problem(s) found; nothing was written.\n")


def test_check_json_prints_every_problem_with_its_position_as_data(project: Path) -> None:
    text = edit(project, *UNKNOWN_LEAD)
    line = line_of(text, "lead: [amrr")
    column = text.splitlines()[line - 1].index("amrr") + 1
    result = plansite("check", "--root", str(project), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "ok": False,
        "problems": [
            {
                "file": "data/projects.yaml",
                "line": line,
                "column": column,
                "field": UNKNOWN_LEAD_FIELD,
                "message": "unknown unit id 'amrr'; did you mean 'amr'?",
                "expected": "a unit id from data/units.yaml",
                "got": "'amrr'",
            }
        ],
    }


def test_check_json_on_good_data_reports_no_problems(project: Path) -> None:
    result = plansite("check", "--root", str(project), "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)) == (0, {"ok": True, "problems": []})


def test_check_writes_nothing(project: Path) -> None:
    folders = ("data", "content", "theme", "site_src")
    before = (sorted(p.name for p in project.iterdir()), [snapshot(project / f) for f in folders])
    plansite("check", "--root", str(project))
    assert (sorted(p.name for p in project.iterdir()), [snapshot(project / f) for f in folders]) == before


# --- usage errors -------------------------------------------------------------


class Usage(NamedTuple):
    args: tuple[str, ...]
    error: str


USAGE_ERRORS = {
    "unknown option": Usage(("check", "--bogus"), "Error: No such option '--bogus'."),
    "unknown command": Usage(("bogus",), "Error: No such command 'bogus'."),
    "unknown output format": Usage(
        ("check", "--format", "xml"), "Error: Invalid value for '--format': 'xml' is not one of 'text', 'json'."
    ),
    "missing root folder": Usage(
        ("check", "--root", "no-such-folder"), "Error: Invalid value for '--root': Directory 'no-such-folder' does not exist."
    ),
}


@pytest.mark.parametrize("usage", USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
def test_a_usage_error_exits_2_with_clicks_message(usage: Usage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = plansite(*usage.args)
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (2, usage.error)


# --- build on broken data -------------------------------------------------------


class FailedBuild(NamedTuple):
    root: Path
    problem: str
    site_before: dict[str, bytes]
    site_src_before: dict[str, bytes]
    result: Result


@pytest.fixture(scope="module")
def failed_build(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> FailedBuild:
    """A built project whose data was then broken, and the result of building it again."""
    root = tmp_path_factory.mktemp("failed-build") / "project"
    shutil.copytree(built_project, root, symlinks=True)
    site_before, site_src_before = snapshot(root / "site"), snapshot(root / "site_src")
    problem = break_lead_unit(root)
    with mkdocs_logging_kept():
        result = plansite("build", "--root", str(root))
    return FailedBuild(root, problem, site_before, site_src_before, result)


def test_build_on_broken_data_prints_the_problems_and_exits_1(failed_build: FailedBuild) -> None:
    result = failed_build.result
    assert (result.exit_code, result.stderr) == (1, f"{failed_build.problem}\n1 problem(s) found; nothing was written.\n")


def test_build_on_broken_data_leaves_the_previous_site_byte_for_byte(failed_build: FailedBuild) -> None:
    assert len(failed_build.site_before) > 100, "the fixture's site should hold a real build"
    assert snapshot(failed_build.root / "site") == failed_build.site_before


def test_build_on_broken_data_leaves_site_src_unchanged(failed_build: FailedBuild) -> None:
    assert len(failed_build.site_src_before) > 100, "the fixture's site_src should hold the generated pages"
    assert snapshot(failed_build.root / "site_src") == failed_build.site_src_before


def test_build_on_broken_data_leaves_no_partial_site_behind(failed_build: FailedBuild) -> None:
    assert sorted(p.name for p in failed_build.root.iterdir() if p.name.startswith(".site-")) == [".site-builds"]
    assert [p.name for p in (failed_build.root / ".site-builds").iterdir() if p.name.startswith(".")] == []


# --- labels of the site itself ----------------------------------------------------


def test_check_reports_a_label_the_templates_use_but_ui_yaml_lacks(project: Path) -> None:
    text = edit(project, "ui.yaml", "  tasks-led: {zh: 牵头的任务, en: Tasks it leads}\n", "")
    result = plansite("check", "--root", str(project))
    assert (result.exit_code, result.stderr) == (
        1,
        f"data/ui.yaml:{line_of(text, 'strings:')}: strings.tasks-led: missing label used by the site "
        "(expected {zh: ..., en: ...}, got nothing)\n1 problem(s) found; nothing was written.\n",
    )


def test_check_reports_a_misspelt_placeholder_in_a_label(project: Path) -> None:
    edit(project, "ui.yaml", "Leads {led} in {projects} and", "Leads {led} in {project} and")
    result = plansite("check", "--root", str(project))
    assert result.exit_code == 1
    assert "data/ui.yaml" in result.stderr
    assert "unit-summary" in result.stderr
