"""Shared fixtures: throw-away copies of the project, and one real site build per session."""

from __future__ import annotations

import subprocess
import sys
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


@pytest.fixture(scope="session")
def lakeside_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second fixture plan (tests/fixtures/lakeside) as a project; read it, do not change it."""
    return copy_fixture_plan("lakeside", tmp_path_factory.mktemp("lakeside") / "project")


@pytest.fixture(scope="session")
def lakeside(lakeside_root: Path) -> Dataset:
    """The second fixture plan, loaded and validated."""
    return load_dataset(Paths.at(lakeside_root))
