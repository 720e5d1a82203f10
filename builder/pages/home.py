"""The home page: the plan at a glance."""

from __future__ import annotations

from .base import PageType, one

HOME = PageType("home", "home.md.j2", one("index.md"))
