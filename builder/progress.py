"""Progress towards each 2025 target: one documented method, one vocabulary.

The method (shown on the site in both languages, see ``method`` in ui.yaml):

* Only annual values count; quarterly values are shown but not assessed.
* baseline: the earliest annual value from 2021 on (or the indicator's
  ``baseline_period``); latest: the newest annual value.
* achieved: the latest value meets the target (reaches it, or is at least the
  floor).
* not enough data: no value, or a single value that has not met the target.
* Otherwise the straight path runs from the baseline to the target in the
  plan's final year. ``expected`` is its value in the latest year, and
  ``ratio`` = observed change per year / required change per year (as Open
  SDG's progress measure, with a linear path for a fixed horizon):
  ratio >= 0.95 on track; >= 0.60 needs acceleration; below, off track (a
  falling series has a negative ratio).
* qualitative: a ranking target; no number is computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import Dataset, Indicator, Point, is_annual

Status = Literal["achieved", "on-track", "needs-acceleration", "off-track", "not-enough-data", "qualitative"]
STATUSES: tuple[Status, ...] = ("achieved", "on-track", "needs-acceleration", "off-track", "not-enough-data", "qualitative")

ON_TRACK = 0.95
NEEDS_ACCELERATION = 0.60
FIRST_BASELINE_YEAR = 2021


@dataclass(frozen=True)
class Assessment:
    status: Status
    baseline: Point | None = None
    latest: Point | None = None
    target: float | None = None
    target_year: int | None = None
    percent_of_target: float | None = None  # latest / target * 100
    expected: float | None = None  # on the straight path, in the latest year
    ratio: float | None = None  # observed / required change per year

    @property
    def has_values(self) -> bool:
        return self.latest is not None


def expected_value(baseline: float, baseline_year: int, target: float, target_year: int, year: int) -> float:
    """The value on the straight path from the baseline to the target."""
    if target_year == baseline_year:
        return target
    return baseline + (target - baseline) * (year - baseline_year) / (target_year - baseline_year)


def status_for_ratio(ratio: float) -> Status:
    if ratio >= ON_TRACK:
        return "on-track"
    if ratio >= NEEDS_ACCELERATION:
        return "needs-acceleration"
    return "off-track"


def assess(indicator: Indicator, points: list[Point], target_year: int) -> Assessment:
    """Assess one indicator from its current values (one per period)."""
    if indicator.qualitative or indicator.target.value is None:
        return Assessment("qualitative")
    target = indicator.target.value
    annual = [p for p in points if is_annual(p.period)]
    eligible = [p for p in annual if int(p.period) >= FIRST_BASELINE_YEAR]
    if indicator.baseline_period:
        eligible = [p for p in annual if int(p.period) >= int(indicator.baseline_period)]
    if not eligible:
        return Assessment("not-enough-data", target=target, target_year=target_year)
    baseline, latest = eligible[0], eligible[-1]
    percent = latest.value / target * 100 if target else None
    common = {"baseline": baseline, "latest": latest, "target": target, "target_year": target_year, "percent_of_target": percent}
    if latest.value >= target:
        return Assessment("achieved", **common)
    if latest is baseline:
        return Assessment("not-enough-data", **common)
    base_year, latest_year = int(baseline.period), int(latest.period)
    expected = expected_value(baseline.value, base_year, target, target_year, latest_year)
    required = (target - baseline.value) / (target_year - base_year) if target_year > base_year else 0.0
    observed = (latest.value - baseline.value) / (latest_year - base_year)
    if required <= 0:
        # The baseline had met the target and the value has since fallen below it.
        return Assessment("off-track", expected=expected, ratio=None, **common)
    ratio = observed / required
    return Assessment(status_for_ratio(ratio), expected=expected, ratio=ratio, **common)


def assess_all(ds: Dataset) -> dict[str, Assessment]:
    end = ds.plan.period.end
    return {i.id: assess(i, ds.current(i.id), end) for i in ds.indicators.indicators}
