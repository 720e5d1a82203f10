"""The synthetic plans `make bench` measures are valid plans of the requested size."""

from __future__ import annotations

from pathlib import Path

from builder.config import Paths
from builder.synthetic import make_project
from builder.validate import load_dataset

from .helpers import REPO_ROOT


def test_a_synthetic_plan_passes_validation_with_the_requested_number_of_indicators(tmp_path: Path) -> None:
    ds = load_dataset(Paths.at(make_project(REPO_ROOT, tmp_path / "synthetic", 60)))
    assert (len(ds.indicators.indicators), len(ds.tasks)) == (60, 30)  # the project's own plan, topped up
