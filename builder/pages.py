"""The page types of the site, one registry: paths, navigation, template.

Each page type says which pages it makes from the dataset (their source
paths and what their template gets), whether it has a navigation entry (its
first page), and whether the plan has it at all: a plan without enterprise
services or safeguard measures builds without those pages and nav entries.
Rendering, the MkDocs navigation and the tests all read this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .model import Dataset
from .updates import release_changes


@dataclass(frozen=True)
class Page:
    """One page to render in every language."""

    path: str  # suffix-less source path, e.g. 'tasks/1-1.md'
    template: str
    context: dict
    kind: str = ""  # the id of its page type


@dataclass(frozen=True)
class PageType:
    id: str
    template: str
    pages: Callable[[Dataset], Iterator[tuple[str, dict]]]  # (path, template context) per page
    in_nav: bool = True  # the type's first page is a navigation entry
    present: Callable[[Dataset], bool] = lambda ds: True

    def render_list(self, ds: Dataset) -> list[Page]:
        return [Page(path, self.template, ctx, self.id) for path, ctx in self.pages(ds)] if self.present(ds) else []


def _one(path: str) -> Callable[[Dataset], Iterator[tuple[str, dict]]]:
    return lambda ds: iter([(path, {})])


def _indicators(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for indicator in ds.indicators.indicators:
        yield f"indicators/{indicator.id}.md", {"ind": indicator}


def _projects(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for project in ds.projects.projects:
        yield f"projects/{project.id}.md", {"project": project}


def _tasks(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for task in ds.tasks:
        yield f"tasks/{task.id}.md", {"task": task, "project": ds.project_of_task[task.id]}


def _units(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for unit in ds.units.units:
        yield f"units/{unit.id}.md", {"unit": unit}


def _service_bodies(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for body in ds.services.bodies:
        yield f"services/{body.unit}.md", {"body": body, "unit": ds.unit_by_id[body.unit]}


def _has_services(ds: Dataset) -> bool:
    return bool(ds.services.bodies)


#: Every page type, in navigation order.
PAGE_TYPES: tuple[PageType, ...] = (
    PageType("home", "home.md.j2", _one("index.md")),
    PageType("final", "final.md.j2", _one("final.md"), present=lambda ds: ds.ended),
    PageType("goals", "goals.md.j2", _one("goals.md")),
    PageType("indicators", "indicators.md.j2", _one("indicators/index.md")),
    PageType("indicator", "indicator.md.j2", _indicators, in_nav=False),
    PageType("services", "services.md.j2", _one("services/index.md"), present=_has_services),
    PageType("service-body", "service-body.md.j2", _service_bodies, in_nav=False, present=_has_services),
    PageType("progress", "progress.md.j2", _one("progress.md")),
    PageType("projects", "projects.md.j2", _one("projects/index.md")),
    PageType("project", "project.md.j2", _projects, in_nav=False),
    PageType("tasks", "tasks.md.j2", _one("tasks/index.md")),
    PageType("task", "task.md.j2", _tasks, in_nav=False),
    PageType("units", "units.md.j2", _one("units/index.md")),
    PageType("unit", "unit.md.j2", _units, in_nav=False),
    PageType("safeguards", "safeguards.md.j2", _one("safeguards.md"), present=lambda ds: bool(ds.plan.safeguards)),
    PageType("updates", "updates.md.j2", lambda ds: iter([("updates.md", {"history": release_changes(ds)})])),
    PageType("open-data", "open-data.md.j2", _one("open-data.md")),
)


def pages(ds: Dataset) -> Iterator[Page]:
    for page_type in PAGE_TYPES:
        yield from page_type.render_list(ds)


def nav_pages(ds: Dataset, content_pages: tuple[str, ...] = ("about.md",)) -> list[Page]:
    """The navigation: each present page type's first page, then the hand-written pages."""
    entries = [listed[0] for t in PAGE_TYPES if t.in_nav and (listed := t.render_list(ds))]
    return entries + [Page(path, "", {}) for path in content_pages]
