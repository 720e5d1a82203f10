"""Progress: where each target and task stands, and how that is measured."""

from __future__ import annotations

from typing import Any

from ..model import Task
from ..speak import PageContext
from . import parts
from .base import PageType, one


def _task_row(say: PageContext, task: Task) -> dict[str, Any]:
    """A task in the progress tables: number, linked title, lead units, status and latest note."""
    return {
        "number": say.task_number(task.id),
        "link": say.html_link(say.tx(task.title), f"tasks/{task.id}.md"),
        "lead": say.unit_links_html(list(task.lead)),
        "badge": say.task_badge(task.id),
        "latest": say.latest_note_date(task.id),
    }


def progress_page(say: PageContext) -> dict[str, Any]:
    """The targets table, the tasks by status, by project and by lead unit, and
    the notes on the plan as a whole."""
    ds = say.ds
    last_review = say.last_review()
    counts = say.task_status_counts()
    lead_units = say.lead_units()
    return {
        "t": say.words(PROGRESS.labels),
        "targets": parts.targets_table(say),
        "links": say.items(
            [say.link(say.t("method-link"), "indicators/index.md"), say.link(say.t("indicators-all"), "indicators/index.md")]
        ),
        "reviewed": say.tf("reviewed-latest", date=last_review) if last_review else None,
        "chart": say.task_status_chart(),
        "counts": [{"badge": say.status_badge(status), "n": n} for status, n in counts],
        "filter_count": say.count_attributes("filter-count"),
        "lead_units": [{"id": u.id, "label": say.unit_label(u.id)} for u in lead_units],
        "projects": [
            {
                "link": say.html_link(f"{p.number}. {p.title(say.lang)}", f"projects/{p.id}.md"),
                "tasks": [{**_task_row(say, task), "lead_ids": " ".join(task.lead)} for task in p.tasks],
            }
            for p in ds.projects.projects
        ],
        "meanings": [{"badge": say.status_badge(status), "text": say.t(f"meaning-{status}")} for status, _ in counts],
        "units": [
            {
                "id": u.id,
                "link": say.html_link(say.unit_label(u.id), f"units/{u.id}.md"),
                "tasks": [_task_row(say, task) for task in ds.tasks_led_by(u.id)],
            }
            for u in lead_units
        ],
        "background": [parts.note_item(say, note) for note in ds.plan_notes()],
    }


PROGRESS = PageType(
    "progress",
    "progress.md.j2",
    one("progress.md"),
    progress_page,
    (
        *parts.LABELS, "progress", "progress-intro", "progress-targets", "method-link", "indicators-all", "progress-tasks",
        "progress-tasks-intro", "reviewed-latest", "col-count", "filter-lead", "filter-all", "filter-count-*",
        "col-latest-note", "task-status-meaning", "meaning-*", "progress-by-unit", "progress-by-unit-intro",
        "progress-background",
    ),
)  # fmt: skip
