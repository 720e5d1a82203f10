"""The page types of the site, one registry: paths, navigation, template, view, labels.

Each page type (one module of this package) says which pages it makes from
the dataset (their source paths and what their view gets), its template, its
view (a function that computes every string, link and chart the template
prints), the labels it uses, whether it has a navigation entry (its first
page), and whether the plan has it at all: a plan without enterprise
services or safeguard measures builds without those pages and nav entries.
Rendering, the MkDocs navigation, the label checks and the tests all read
this registry.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Dataset
from . import final, goals, home, indicators, open_data, progress, projects, safeguards, services, tasks, units, updates
from .base import Page, PageType

__all__ = ["PAGE_TYPES", "Page", "PageType", "nav_pages", "pages"]

#: Every page type, in navigation order.
PAGE_TYPES: tuple[PageType, ...] = (
    home.HOME,
    final.FINAL,
    goals.GOALS,
    indicators.INDICATORS,
    indicators.INDICATOR,
    services.SERVICES,
    services.SERVICE_BODY,
    progress.PROGRESS,
    projects.PROJECTS,
    projects.PROJECT,
    tasks.TASKS,
    tasks.TASK,
    units.UNITS,
    units.UNIT,
    safeguards.SAFEGUARDS,
    updates.UPDATES,
    open_data.OPEN_DATA,
)


def pages(ds: Dataset) -> Iterator[tuple[PageType, Page]]:
    """Every page the plan has, with its type."""
    for page_type in PAGE_TYPES:
        for page in page_type.render_list(ds):
            yield page_type, page


def nav_pages(ds: Dataset, content_pages: tuple[str, ...] = ("about.md",)) -> list[Page]:
    """The navigation: each present page type's first page, then the hand-written pages."""
    entries = [listed[0] for t in PAGE_TYPES if t.in_nav and (listed := t.render_list(ds))]
    return entries + [Page(path, "", {}) for path in content_pages]
