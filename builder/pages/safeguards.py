"""The plan's safeguard measures."""

from __future__ import annotations

from .base import PageType, one

SAFEGUARDS = PageType("safeguards", "safeguards.md.j2", one("safeguards.md"), present=lambda ds: bool(ds.plan.safeguards))
