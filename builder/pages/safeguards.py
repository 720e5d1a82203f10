"""The plan's safeguard measures."""

from __future__ import annotations

from typing import Any

from ..speak import PageContext
from .base import PageType, one


def safeguards(say: PageContext) -> dict[str, Any]:
    """Each safeguard measure: its number, title and text, and the bodies it names."""
    measures = [
        {
            "number": s.number,
            "title": s.title(say.lang),
            "text": s.text(say.lang),
            "bodies": say.term(say.t("bodies-named"), say.unit_links(list(s.units)), bold=False) if s.units else None,
        }
        for s in say.ds.plan.safeguards
    ]
    return {"t": say.words(SAFEGUARDS.labels), "measures": measures}


SAFEGUARDS = PageType(
    "safeguards",
    "safeguards.md.j2",
    one("safeguards.md"),
    safeguards,
    ("safeguards", "bodies-named"),
    present=lambda ds: bool(ds.plan.safeguards),
)
