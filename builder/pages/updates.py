"""The updates: what each release of figures changed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Dataset
from ..speak import PageContext
from ..updates import ReleaseChanges, release_changes
from .base import PageType


def _updates(ds: Dataset) -> Iterator[tuple[str, dict]]:
    yield "updates.md", {"history": release_changes(ds)}


def updates(say: PageContext, history: list[ReleaseChanges]) -> dict[str, Any]:
    """The feed, then each release (newest first) with each of its changes as a sentence."""
    releases = [
        {
            "id": item.release.id,
            "title": item.release.title(say.lang),
            "changes": [say.describe_change(change) for change in item.changes],
        }
        for item in history
    ]
    return {"t": say.words(UPDATES.labels), "feed_link": say.feed_link(), "releases": releases}


UPDATES = PageType("updates", "updates.md.j2", _updates, updates, ("updates", "updates-intro", "updates-nothing"))
