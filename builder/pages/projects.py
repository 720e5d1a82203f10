"""The plan's projects: their index, and a page per project."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Dataset
from .base import PageType, one


def _projects(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for project in ds.projects.projects:
        yield f"projects/{project.id}.md", {"project": project}


PROJECTS = PageType("projects", "projects.md.j2", one("projects/index.md"))
PROJECT = PageType("project", "project.md.j2", _projects, in_nav=False)
