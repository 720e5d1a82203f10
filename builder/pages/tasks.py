"""The plan's tasks: their index, and a page per task."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Dataset
from .base import PageType, one


def _tasks(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for task in ds.tasks:
        yield f"tasks/{task.id}.md", {"task": task, "project": ds.project_of_task[task.id]}


TASKS = PageType("tasks", "tasks.md.j2", one("tasks/index.md"))
TASK = PageType("task", "task.md.j2", _tasks, in_nav=False)
