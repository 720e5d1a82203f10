"""The plan's projects: their index, and a page per project."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from ..model import Dataset, Project
from ..speak import PageContext
from . import parts
from .base import PageType, one


def _projects(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for project in ds.projects.projects:
        yield f"projects/{project.id}.md", {"project": project}


def project_link(say: PageContext, project: Project) -> Markup:
    """'2. Project title', linked to the project's page."""
    return say.link(f"{project.number}. {project.title(say.lang)}", f"projects/{project.id}.md")


def index(say: PageContext) -> dict[str, Any]:
    """The projects with their tasks, linked."""
    projects = [{"link": project_link(say, p), "tasks": [say.task_link(task.id) for task in p.tasks]} for p in say.ds.projects.projects]
    return {"t": say.words(PROJECTS.labels), "intro": say.tx(say.ds.projects.intro), "projects": projects}


def project_page(say: PageContext, project: Project) -> dict[str, Any]:
    """A project: its tasks in a table, their status, then each task in full."""
    statuses = [
        {
            "number": say.task_number(task.id),
            "link": say.link(task.title(say.lang), f"tasks/{task.id}.md"),
            "badge": say.task_badge(task.id),
            "latest": say.latest_note_date(task.id),
        }
        for task in project.tasks
    ]
    tasks = [
        {
            "number": say.task_number(task.id),
            "title": task.title(say.lang),
            "description": task.description(say.lang),
            "terms": [
                say.term(say.t("lead-units"), say.unit_links(list(task.lead))),
                say.term(say.t("responsible-units"), say.unit_links(list(task.responsible))),
                say.term(say.t("col-status"), say.task_badge(task.id)),
            ],
            "page": say.link(say.t("task-page"), f"tasks/{task.id}.md"),
        }
        for task in project.tasks
    ]
    return {
        "t": say.words(PROJECT.labels),
        "number": project.number,
        "title": project.title(say.lang),
        "count": say.tf("project-tasks", tasks=say.count("count-key-tasks", len(project.tasks))),
        "table": parts.task_table(say, project.tasks),
        "statuses": statuses,
        "progress_all": say.link(say.t("progress-all"), "progress.md"),
        "tasks": tasks,
    }


PROJECTS = PageType("projects", "projects.md.j2", one("projects/index.md"), index, ("projects",))
PROJECT = PageType(
    "project",
    "project.md.j2",
    _projects,
    project_page,
    ("project-tasks", "project-task-status", "col-latest-note", "progress-all", "responsible-units", "task-page", *parts.LABELS),
    in_nav=False,
)
