"""The plan's tasks: their index, and a page per task."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Dataset, Project, Task
from ..speak import PageContext
from . import parts
from .base import PageType, one
from .projects import project_link


def _tasks(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for task in ds.tasks:
        yield f"tasks/{task.id}.md", {"task": task, "project": ds.project_of_task[task.id]}


def index(say: PageContext) -> dict[str, Any]:
    """Every task, by project, in a table per project."""
    projects = [{"link": project_link(say, p), "table": parts.task_table(say, p.tasks)} for p in say.ds.projects.projects]
    return {"t": say.words(TASKS.labels), "intro": say.tx(say.ds.projects.intro), "projects": projects}


def task_page(say: PageContext, task: Task, project: Project) -> dict[str, Any]:
    """A task: its description, who is responsible, its progress and notes,
    the targets it serves and, in a translation, the plan's own wording."""
    ds = say.ds
    entry = ds.task_status(task.id)
    # once the plan has ended, a status is what the last progress note said, not where work stands
    status_title = say.t("task-status-ended" if say.ended else "task-status-title")
    targets = [
        {
            "term": say.term(say.link(ind.name(say.lang), f"indicators/{ind.id}.md"), say.target(ind), bold=False),
            "badge": say.target_badge(ind),
        }
        for ind in ds.indicators_of_task(task.id)
    ]
    return {
        "t": say.words(TASK.labels),
        "number": say.task_number(task.id),
        "title": task.title(say.lang),
        "part_of": say.term(say.t("part-of"), project_link(say, project), bold=False),
        "status_term": say.term(status_title, say.task_badge(task.id), bold=False),
        "status_title": status_title,
        "description": task.description(say.lang),
        "lead": say.unit_links(list(task.lead)),
        "responsible": say.unit_links(list(task.responsible)),
        "badge": say.task_badge(task.id),
        "meaning": say.t(f"meaning-{ds.task_status_id(task.id)}"),
        "latest_evidence": say.latest_evidence(task.id),
        "reviewed": entry.entry.reviewed.isoformat() if entry else say.t("not-reviewed"),
        "status_note": say.tx(entry.entry.note) if entry and entry.entry.note else None,
        "notes": [parts.note_item(say, e.note) for e in ds.task_notes(task.id)],
        "progress_all": say.link(say.t("progress-all"), "progress.md"),
        "targets": targets,
        "translated": say.translated,
        "plan_locale": say.plan_locale,
        "original_title": say.plan_text(task.title),
        "original_description": say.plan_text(task.description),
    }


TASKS = PageType("tasks", "tasks.md.j2", one("tasks/index.md"), index, ("all-tasks", *parts.LABELS))
TASK = PageType(
    "task",
    "task.md.j2",
    _tasks,
    task_page,
    (
        "part-of", "task-status-title", "task-status-ended", "description", "who-is-responsible", "lead-units", "responsible-units",
        "task-progress", "meaning-*", "col-latest-note", "col-reviewed", "not-reviewed", "no-notes", "progress-all",
        "related-targets", "related-targets-note", "original-text", *parts.LABELS,
    ),
    in_nav=False,
)  # fmt: skip
