"""Progress towards each target: one documented method, one vocabulary.

The method (shown on the site in every language, see ``method-*`` in ui.yaml):

* The values assessed are those of one frequency: the annual ones if any,
  else the quarterly, else the monthly ones.
* baseline: the indicator's ``baseline_period`` if given; otherwise the last
  value at or before the plan's start year, or the first value if none is
  that early. latest: the newest value.
* The target year is the indicator's ``target.year``, by default the plan's
  last year.
* achieved: the latest value meets the target (the kind decides: reaches it,
  is at least the floor, is down to it).
* a ceiling (at-most) is held (on track) while the latest value is within it
  and breached (off track) once it is above it; it has no path.
* not enough data: no value, or only the baseline, and the target not met.
* Otherwise the straight path runs from the baseline to the target at the end
  of the target year. ``expected`` is its value at the latest period, and
  ``ratio`` = observed change per year / required change per year (as Open
  SDG's progress measure, with a linear path for a fixed horizon):
  ratio >= 0.95 on track; >= 0.60 needs acceleration; below, off track (a
  series moving the wrong way has a negative ratio).
* qualitative: a rank or tier; no number is computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .model import Dataset, Indicator, Point, frequency, period_time
from .targets import KINDS

Status = Literal["achieved", "on-track", "needs-acceleration", "off-track", "not-enough-data", "qualitative"]
STATUSES: tuple[Status, ...] = ("achieved", "on-track", "needs-acceleration", "off-track", "not-enough-data", "qualitative")

ON_TRACK = 0.95
NEEDS_ACCELERATION = 0.60


@dataclass(frozen=True)
class Assessment:
    status: Status
    baseline: Point | None = None
    latest: Point | None = None
    target: float | None = None
    target_year: int | None = None
    percent_of_target: float | None = None  # latest / target * 100, for kinds where that means something
    expected: float | None = None  # on the straight path, at the latest period
    ratio: float | None = None  # observed / required change per year
    reason: str = ""  # which rule decided: names the label ``explain-<reason>``

    @property
    def has_values(self) -> bool:
        return self.latest is not None


def expected_value(baseline: float, baseline_time: float, target: float, target_time: float, time: float) -> float:
    """The value on the straight path from the baseline to the target."""
    if target_time == baseline_time:
        return target
    return baseline + (target - baseline) * (time - baseline_time) / (target_time - baseline_time)


def status_for_ratio(ratio: float) -> Status:
    if ratio >= ON_TRACK:
        return "on-track"
    if ratio >= NEEDS_ACCELERATION:
        return "needs-acceleration"
    return "off-track"


def assessed_points(points: list[Point]) -> list[Point]:
    """The values of one frequency, the coarsest present (years before quarters before months)."""
    numeric = [p for p in points if p.observation.value is not None]
    if not numeric:
        return []
    coarsest = min(frequency(p.period) for p in numeric)
    return [p for p in numeric if frequency(p.period) == coarsest]


def choose_baseline(points: list[Point], start_year: int, baseline_period: str | None) -> Point | None:
    if baseline_period is not None:
        return next((p for p in points if period_time(p.period) >= period_time(baseline_period)), None)
    early = [p for p in points if period_time(p.period) < start_year + 1]
    return early[-1] if early else (points[0] if points else None)


def target_time(target_year: int, per_year: int) -> float:
    """Where the last period of the target year starts, at the series' frequency."""
    return target_year + (per_year - 1) / per_year


def assess(indicator: Indicator, points: list[Point], target_year: int, start_year: int) -> Assessment:
    """Assess one indicator from its current values (one per period)."""
    rule = KINDS[indicator.target.kind]
    if rule.qualitative or indicator.target.value is None:
        return Assessment("qualitative", reason="qualitative")
    target = indicator.target.value
    series = assessed_points(points)
    baseline = choose_baseline(series, start_year, indicator.baseline_period)
    if baseline is None:
        return Assessment("not-enough-data", target=target, target_year=target_year, reason="not-enough-data")
    latest = series[-1]
    percent = latest.value / target * 100 if rule.shows_share and target else None
    common = {"baseline": baseline, "latest": latest, "target": target, "target_year": target_year, "percent_of_target": percent}
    if rule.ceiling:
        held = rule.met(latest.value, target)
        return Assessment("on-track" if held else "off-track", reason="ceiling-held" if held else "ceiling-breached", **common)
    if rule.met(latest.value, target):
        return Assessment("achieved", reason="achieved", **common)
    if latest is baseline or period_time(latest.period) <= period_time(baseline.period):
        return Assessment("not-enough-data", reason="not-enough-data", **common)
    b_time, l_time = period_time(baseline.period), period_time(latest.period)
    t_time = target_time(target_year, frequency(latest.period))
    expected = expected_value(baseline.value, b_time, target, t_time, l_time)
    required = (target - baseline.value) / (t_time - b_time) if t_time > b_time else 0.0
    observed = (latest.value - baseline.value) / (l_time - b_time)
    if required * rule.direction <= 0:
        # The baseline had met the target and the value has since moved away from it.
        return Assessment("off-track", expected=expected, reason="fell-back", **common)
    ratio = observed / required
    status = status_for_ratio(ratio)
    return Assessment(status, expected=expected, ratio=ratio, reason=status, **common)


def assess_all(ds: Dataset) -> dict[str, Assessment]:
    start = ds.plan.period.start
    return {i.id: assess(i, ds.current(i.id), ds.target_year(i), start) for i in ds.indicators.indicators}
