"""Shared fixtures: throw-away copies of the project, and one real site build per session."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from builder.config import Paths
from builder.model import Dataset
from builder.validate import load_dataset

from .helpers import REPO_ROOT, copy_fixture_plan, copy_project


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project that the CLI can check and build."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def real_dataset() -> Dataset:
    """The repository's own data, loaded and validated."""
    return load_dataset(Paths.at(REPO_ROOT))


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project on which `plansite build` has run once; read it, do not change it."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    # A separate process keeps MkDocs' logging setup and SOURCE_DATE_EPOCH out of the test process.
    command = [sys.executable, "-c", "from builder.cli import main; main()", "build", "--root", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if result.returncode != 0:
        pytest.fail(f"plansite build failed (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return root


#: A day while the fixture plan (2024–2027) runs, so its tests do not depend on the clock.
LAKESIDE_TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="session")
def lakeside_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second fixture plan (tests/fixtures/lakeside) as a project; read it, do not change it."""
    return copy_fixture_plan("lakeside", tmp_path_factory.mktemp("lakeside") / "project")


@pytest.fixture(scope="session")
def lakeside(lakeside_root: Path) -> Dataset:
    """The second fixture plan, loaded and validated."""
    return load_dataset(Paths.at(lakeside_root), today=LAKESIDE_TODAY)


@pytest.fixture
def mkdocs_logging_restored() -> Iterator[None]:
    """`plansite build` run in-process configures the 'mkdocs' logger for a terminal; put it back."""
    logger = logging.getLogger("mkdocs")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    yield
    logger.handlers[:], logger.level, logger.propagate = saved


# --- how many hostile inputs and faults were tried, and how many held ----------------------

HOSTILE = {"tried": 0, "held": 0, "failed": [], "fuzzed": 0}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "hostile" not in report.keywords:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        HOSTILE["tried"] += 1
        HOSTILE["held"] += report.outcome == "passed"
        if report.outcome != "passed":
            HOSTILE["failed"].append(report.nodeid)


def pytest_terminal_summary(terminalreporter) -> None:
    if HOSTILE["tried"]:
        terminalreporter.write_sep("-", "hostile inputs and faults")
        fuzz = f" (the YAML fuzz among them tried {HOSTILE['fuzzed']} generated inputs)" if HOSTILE["fuzzed"] else ""
        terminalreporter.write_line(f"{HOSTILE['tried']} hostile case(s) tried, {HOSTILE['held']} held{fuzz}")
        for nodeid in HOSTILE["failed"]:
            terminalreporter.write_line(f"did not hold: {nodeid}")
