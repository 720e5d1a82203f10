"""The synthetic plans `make bench` measures are valid plans of the requested size."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from builder import bench
from builder.config import Paths
from builder.synthetic import make_project
from builder.validate import load_dataset

from .helpers import REPO_ROOT, copy_fixture_plan


def test_a_synthetic_plan_passes_validation_with_the_requested_number_of_indicators(tmp_path: Path) -> None:
    ds = load_dataset(Paths.at(make_project(REPO_ROOT, tmp_path / "synthetic", 60)))
    assert (len(ds.indicators.indicators), len(ds.tasks)) == (60, 30)  # the project's own plan, topped up


def test_mkdocs_alone_builds_the_same_pages_as_plansite_build(tmp_path: Path) -> None:
    """The ratio `make bench` prints compares like with like: without the hook,
    MkDocs builds the same pages in every language, but for the error page the
    hook adds in each language other than the first."""
    root = copy_fixture_plan("lakeside", tmp_path / "project")
    bench.end_to_end(root)
    bench.mkdocs_only(root)
    built = {p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.html")}
    bare = {p.relative_to(root / "site-mkdocs-only").as_posix() for p in (root / "site-mkdocs-only").rglob("*.html")}
    assert "hooks:" not in (root / "mkdocs-nohook.yml").read_text(encoding="utf-8")
    assert len(built) > 50
    assert bare <= built
    assert built - bare == {"en/404.html"}  # the hook's own: an error page per language


@pytest.mark.skipif(shutil.which("valgrind") is None, reason="Valgrind is not installed")
def test_instructions_are_counted_the_same_on_every_run(tmp_path: Path) -> None:
    little = [sys.executable, "-c", "sum(range(10))"]
    more = [sys.executable, "-c", "sum(range(10**6))"]
    first, again, larger = (bench.instructions(args, tmp_path) for args in (little, little, more))
    assert abs(first - again) / first < 0.001
    assert larger > first * 1.5
