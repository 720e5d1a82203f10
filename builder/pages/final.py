"""The final account: what came of each target once the plan has ended."""

from __future__ import annotations

from .base import PageType, one

FINAL = PageType("final", "final.md.j2", one("final.md"), present=lambda ds: ds.ended)
