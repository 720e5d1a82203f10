"""The updates: what each release of figures changed."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Dataset
from ..updates import release_changes
from .base import PageType


def _updates(ds: Dataset) -> Iterator[tuple[str, dict]]:
    yield "updates.md", {"history": release_changes(ds)}


UPDATES = PageType("updates", "updates.md.j2", _updates)
