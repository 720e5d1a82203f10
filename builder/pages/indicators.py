"""The targets: the index of indicators, and a page per indicator."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Dataset
from .base import PageType, one


def _indicators(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for indicator in ds.indicators.indicators:
        yield f"indicators/{indicator.id}.md", {"ind": indicator}


INDICATORS = PageType("indicators", "indicators.md.j2", one("indicators/index.md"))
INDICATOR = PageType("indicator", "indicator.md.j2", _indicators, in_nav=False)
