"""What a page type is: its pages, its template, its view and the labels it uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..model import Dataset

#: A page type's pages: (source path, what its view gets) per page.
Lister = Callable[[Dataset], Iterator[tuple[str, dict]]]

#: A page type's view: everything its template prints, computed from one page's
#: context (the dataset speaking one language from one page) and what the
#: lister gave it. Templates only print these fields; they compute nothing.
View = Callable[..., dict[str, Any]]


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
    pages: Lister
    view: View
    #: The labels its view and template use (``prefix-*`` for a family),
    #: besides those of the shared helpers (builder.speak.SPEAK_LABELS).
    labels: tuple[str, ...] = ()
    in_nav: bool = True  # the type's first page is a navigation entry
    present: Callable[[Dataset], bool] = lambda ds: True

    def render_list(self, ds: Dataset) -> list[Page]:
        return [Page(path, self.template, ctx, self.id) for path, ctx in self.pages(ds)] if self.present(ds) else []


def one(path: str) -> Lister:
    """A page type with one page, at ``path``."""
    return lambda ds: iter([(path, {})])
