"""Where a plan stands in its life, and the outcome of each target once it has ended.

While the plan runs, each target has a live status (builder.progress). Once
the period is over (the day after the last day of its last year), each
target has an outcome instead, in the wording of a final review (终期评估):

met             a value for a period up to the target year meets the target;
                the first such value is the evidence ("first reached in YEAR")
not-met         the value for the target year does not meet it
no-final-figure never met, and no value published for the target year: not met
                as of the latest value, which is named
no-figure       no value at all
judged-met / judged-not-met / not-judged
                a qualitative target: the editors' judgement, or none yet

Whether the plan has ended is decided on the build date (and the data's own
date, the newest release); what is shown is dated by the review date, the
newest release.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from .model import Dataset, Indicator, Point, period_months, period_time
from .progress import assessed_points
from .targets import KINDS

OutcomeKind = Literal["met", "not-met", "no-final-figure", "no-figure", "judged-met", "judged-not-met", "not-judged"]
OUTCOMES: tuple[OutcomeKind, ...] = ("met", "not-met", "no-final-figure", "no-figure", "judged-met", "judged-not-met", "not-judged")


def plan_end(ds: Dataset) -> dt.date:
    return dt.date(ds.plan.period.end, 12, 31)


@dataclass(frozen=True)
class Outcome:
    kind: OutcomeKind
    evidence: Point | None = None  # the value that decides (or the latest value found)
    target_year: int | None = None


def outcome(ds: Dataset, ind: Indicator) -> Outcome:
    """The outcome of one target of an ended plan."""
    target_year = ds.target_year(ind)
    rule = KINDS[ind.target.kind]
    if rule.qualitative:
        judged = ds.judgement(ind.id)
        found = ds.current(ind.id)
        latest = found[-1] if found else None
        if judged is None:
            return Outcome("not-judged", latest, target_year)
        return Outcome("judged-met" if judged[1].met else "judged-not-met", latest, target_year)
    start = ds.plan.period.start
    series = [p for p in assessed_points(ds.current(ind.id)) if start <= period_time(p.period) < target_year + 1]
    if not series:
        return Outcome("no-figure", None, target_year)
    target = ind.target.value or 0.0
    final = [p for p in series if period_months(p.period)[0] == target_year]
    if rule.ceiling:
        if final:
            return Outcome("met" if rule.met(final[-1].value, target) else "not-met", final[-1], target_year)
        return Outcome("no-final-figure", series[-1], target_year)
    first_met = next((p for p in series if rule.met(p.value, target)), None)
    if first_met is not None:
        return Outcome("met", first_met, target_year)
    if final:
        return Outcome("not-met", final[-1], target_year)
    return Outcome("no-final-figure", series[-1], target_year)


def outcomes(ds: Dataset) -> dict[str, Outcome]:
    return {i.id: outcome(ds, i) for i in ds.indicators.indicators}


def age_in_days(evidence_date: dt.date, as_of: dt.date) -> int:
    return max((as_of - evidence_date).days, 0)
