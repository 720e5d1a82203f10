"""Parts that several page types show, computed for their templates
(``builder/templates/_parts.md.j2`` prints them)."""

from __future__ import annotations

from typing import Any

from ..model import PlanNote, ProgressNote, Task
from ..speak import PageContext

#: The labels these parts use.
LABELS: tuple[str, ...] = (
    "col-number", "col-task", "lead-units", "col-indicator", "col-latest", "col-target", "col-percent",
    "col-status", "no-figure",
)  # fmt: skip

TARGETS_COLUMNS = ("col-number", "col-indicator", "col-latest", "col-target", "col-percent", "col-status")


def table_head(say: PageContext, keys: tuple[str, ...]) -> dict[str, Any]:
    """A stacked table's head: its column labels, and the same labels as CSS
    variables that label each cell when a narrow screen stacks the rows."""
    return {"style": say.column_labels(list(keys)), "labels": [say.t(key) for key in keys]}


def task_table(say: PageContext, tasks: tuple[Task, ...] | list[Task]) -> dict[str, Any]:
    """Tasks with their number, title (linked) and lead units."""
    rows = [
        {
            "number": say.task_number(task.id),
            "link": say.link(task.title(say.lang), f"tasks/{task.id}.md"),
            "lead": say.unit_links(list(task.lead)),
        }
        for task in tasks
    ]
    return {"labels": [say.t("col-number"), say.t("col-task"), say.t("lead-units")], "rows": rows}


def targets_table(say: PageContext) -> dict[str, Any]:
    """The targets with their latest value, share of target and status."""
    rows = []
    for ind in say.ds.indicators.indicators:
        s = say.assessments[ind.id]
        if s.latest:
            latest = say.paren(say.fmt(s.latest.value, ind), say.period(s.latest.period)) + say.derived(s.latest)
        else:
            latest = say.t("no-figure")
        percent = say.percent(s.percent_of_target)
        if s.percent_of_target is not None:
            percent += say.derived(s.latest)
        rows.append(
            {
                "cells": [
                    ind.number,
                    say.link(ind.name(say.lang), f"indicators/{ind.id}.md"),
                    latest,
                    say.target(ind),
                    percent,
                    say.target_badge(ind),
                ]
            }
        )
    return {"head": table_head(say, TARGETS_COLUMNS), "rows": rows}


def note_item(say: PageContext, note: ProgressNote | PlanNote) -> dict[str, Any]:
    """A progress note: its date and text, its figures, its source and tier."""
    figures = getattr(note, "figures", None)
    return {
        "head": say.note_head(note),
        "figures": say.note_figures(figures) if figures else None,
        "source": say.note_source(note),
    }
