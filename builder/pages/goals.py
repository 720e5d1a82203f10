"""The plan's goals, as it words them."""

from __future__ import annotations

from typing import Any

from ..speak import PageContext
from .base import PageType, one


def goals(say: PageContext) -> dict[str, Any]:
    """The plan's guiding ideology, its main goals and its targets, each with the plan's own wording."""
    plan = say.ds.plan
    targets = [
        {
            "number": ind.number,
            "link": say.link(ind.name(say.lang), f"indicators/{ind.id}.md"),
            "target": say.target(ind),
            "wording": say.plan_quote(ind.target_text),
        }
        for ind in say.ds.indicators.indicators
    ]
    return {
        "t": say.words(GOALS.labels),
        "ideology": say.tx(plan.ideology),
        "main_goal": say.tx(plan.main_goal),
        "targets_text": say.tx(plan.targets_text),
        "targets": targets,
    }


GOALS = PageType(
    "goals",
    "goals.md.j2",
    one("goals.md"),
    goals,
    (
        "goals", "ideology", "main-goals", "targets-heading", "col-number", "col-indicator", "col-target",
        "col-plan-wording", "qualitative-note",
    ),
)  # fmt: skip
