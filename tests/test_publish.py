"""Nothing is lost, nothing is half-published: killed builds, incremental
generation and byte-identical rebuilds."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builder.build import generate
from builder.config import Paths

from .helpers import copy_project, edit, snapshot

BUILD = [sys.executable, "-c", "from builder.cli import main; main()", "build", "--root"]


def _build(root: Path) -> None:
    result = subprocess.run([*BUILD, str(root)], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr


def _build_until_midway(root: Path) -> subprocess.Popen:
    """Start a build and return once it has written pages into its new site."""
    process = subprocess.Popen([*BUILD, str(root)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not any(root.glob(".site-builds/.tmp-*/**/*.html")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    return process


@pytest.fixture(scope="module")
def built_twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two copies of the project, at different paths, each given an address
    (so that the sitemap and share images are built too) and built once."""
    first = copy_project(tmp_path_factory.mktemp("one") / "project")
    second = copy_project(tmp_path_factory.mktemp("two") / "elsewhere")
    for root in (first, second):
        edit(root, "site.yaml", "\npackage:", "\nurl: https://plans.example.org/\npackage:")
        _build(root)
    return first, second


def test_two_builds_of_the_same_data_are_byte_identical(built_twice: tuple[Path, Path]) -> None:
    first, second = (snapshot(root / "site") for root in built_twice)
    assert sorted(first) == sorted(second)
    differing = [path for path in first if first[path] != second[path]]
    assert differing == []


def test_sitemap_dates_come_from_the_latest_release_not_the_clock(built_twice: tuple[Path, Path]) -> None:
    sitemap = (built_twice[0] / "site" / "sitemap.xml").read_text(encoding="utf-8")
    latest = sorted(p.stem for p in (built_twice[0] / "data" / "snapshots").glob("*.yaml"))[-1]
    assert f"<lastmod>{latest}</lastmod>" in sitemap


@pytest.mark.hostile
def test_a_killed_build_leaves_the_previous_site_exactly_as_it_was(built_twice: tuple[Path, Path], tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    _build(root)
    before = snapshot(root / "site")
    edit(root, "snapshots/2026-11-24.yaml", "    value: 62\n", "    value: 63\n")
    process = _build_until_midway(root)
    assert process.poll() is None, "the build ended before it could be killed midway"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert snapshot(root / "site") == before


@pytest.mark.hostile
def test_an_interrupted_build_cleans_up_and_keeps_the_previous_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    _build(root)
    before = snapshot(root / "site")
    edit(root, "snapshots/2026-11-24.yaml", "    value: 62\n", "    value: 63\n")
    process = _build_until_midway(root)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) != 0
    assert snapshot(root / "site") == before
    assert list(root.glob(".site-builds/.tmp-*")) == []


@pytest.mark.hostile
def test_a_build_after_a_killed_one_removes_its_leftovers(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    leftover = root / ".site-new-abc123"
    (leftover / "en").mkdir(parents=True)
    _build(root)
    assert not leftover.exists()
    assert (root / "site" / "index.html").is_file()


def test_generating_unchanged_data_rewrites_nothing(project: Path) -> None:
    paths = Paths.at(project)
    generate(paths)
    stamps = {p: p.stat().st_mtime_ns for p in paths.site_src.rglob("*") if p.is_file()}
    _, report = generate(paths)
    assert report.written == [] and report.removed == []
    assert {p: p.stat().st_mtime_ns for p in paths.site_src.rglob("*") if p.is_file()} == stamps


def test_changing_one_observation_regenerates_only_what_shows_it(project: Path) -> None:
    paths = Paths.at(project)
    generate(paths)
    edit(project, "snapshots/2026-11-24.yaml", "    value: 62\n", "    value: 63\n")
    _, report = generate(paths)
    written = set(report.written)
    assert {"indicators/madrid-applications.md", "indicators/madrid-applications.en.md", "index.md", "updates.md"} <= written
    assert {"downloads/indicators/madrid-applications.csv", "downloads/observations.csv"} <= written
    untouched = {"indicators/high-value-patents.md", "indicators/pledge-financing.en.md", "tasks/1-1.md", "units/amr.en.md", "goals.md"}
    assert not untouched & written
    assert not any(path.startswith(("tasks/", "units/", "projects/")) for path in written)
