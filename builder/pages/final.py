"""The final account: what came of each target once the plan has ended."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..lifecycle import plan_end
from ..model import Dataset, Indicator, Task
from ..speak import PageContext, fill, md_escape, page_dir, plan_facts
from .base import PageType, one
from .parts import table_head

TARGET_COLUMNS = (
    "col-number", "col-indicator", "col-baseline", "col-target", "col-figure", "col-source", "col-confidence", "col-outcome",
)  # fmt: skip
TASK_COLUMNS = ("col-number", "col-task", "col-status", "col-latest-note", "col-evidence-age")
NOTHING = "–"  # a cell with nothing to show


def _target_row(say: PageContext, ind: Indicator) -> dict[str, Any]:
    """A target: its baseline, its target, the figure that decides it, that figure's source and tier, its outcome."""
    s = say.assessments[ind.id]
    evidence = say.outcomes[ind.id].evidence
    baseline = NOTHING
    if s.baseline:
        baseline = say.baseline(ind, s.baseline)
    figure, source, tier = say.t("no-figure"), NOTHING, NOTHING
    if evidence:
        observation = evidence.observation
        value = observation.value if observation.value is not None else observation.text
        figure = say.paren(say.shown(value, ind), say.period(evidence.period)) + say.derived(evidence)
        source, tier = say.value_source(observation), say.tier(observation.confidence)
    outcome = Markup(f"{say.target_badge(ind)} {md_escape(say.outcome_explanation(ind))}")
    target = say.paren(say.target(ind), say.period(str(say.ds.target_year(ind))))
    link = say.link(ind.name(say.lang), f"indicators/{ind.id}.md")
    return {"cells": [ind.number, link, baseline, target, figure, source, tier, outcome]}


def _task_row(say: PageContext, task: Task) -> dict[str, Any]:
    """A task: its status, the date of its latest note and how old that note is."""
    note = say.latest_note(task.id)
    date = note.note.date.isoformat() if note else say.t("no-note-date")
    age = say.evidence_age(note.note.date) if note else NOTHING
    link = say.link(task.title(say.lang), f"tasks/{task.id}.md")
    return {"cells": [say.task_number(task.id), link, say.task_badge(task.id), date, age]}


def final(say: PageContext) -> dict[str, Any]:
    """The plan's result, then each target's outcome and each task's last known state."""
    ds = say.ds
    return {
        "t": say.words(FINAL.labels),
        "intro": say.tf("final-intro", end_date=say.ended_on(), review=say.review.isoformat()),
        "result": say.result_sentence(),
        "targets": {
            "head": table_head(say, TARGET_COLUMNS),
            "rows": [_target_row(say, ind) for ind in ds.indicators.indicators],
        },
        "links": say.items(
            [say.html_link(say.t("final-download"), "downloads/final-account.csv"), say.link(say.t("method-link"), "indicators/index.md")]
        ),
        "tasks": {"head": table_head(say, TASK_COLUMNS), "rows": [_task_row(say, task) for task in ds.tasks]},
    }


FINAL = PageType(
    "final",
    "final.md.j2",
    one("final.md"),
    final,
    (
        "final-account", "final-intro", "final-targets", "final-download", "method-link", "final-tasks",
        "final-tasks-intro", "no-figure", *TARGET_COLUMNS, *TASK_COLUMNS,
    ),
    present=lambda ds: ds.ended,
)  # fmt: skip


#: The labels of the notice every page of an ended plan shows (printed by the theme).
NOTICE_LABELS = ("plan-ended", "final-account-link", "then")


def ended_notice(ds: Dataset, lang: str) -> dict[str, str] | None:
    """Once the plan has ended, what every page says at its top: that it has
    (``text``), and, as ``before`` + a link + ``after``, where its final
    account is (``url``: that page's folder from the site root). None while
    the plan runs. Plain text: the theme escapes it."""
    listed = FINAL.render_list(ds)
    if not listed:
        return None
    facts = {**plan_facts(ds), "end_date": plan_end(ds).isoformat()}
    text = fill(ds.label("plan-ended", lang), facts)
    before, _, after = ds.label("then", lang).partition("{then}")
    return {
        "text": text,
        "before": before.replace("{text}", text),
        "link": fill(ds.label("final-account-link", lang), facts),
        "after": after.replace("{text}", text),
        "url": page_dir(listed[0].path, lang, ds.default_language),
    }
