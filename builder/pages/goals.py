"""The plan's goals, as it words them."""

from __future__ import annotations

from .base import PageType, one

GOALS = PageType("goals", "goals.md.j2", one("goals.md"))
