"""Progress: where each target and task stands, and how that is measured."""

from __future__ import annotations

from .base import PageType, one

PROGRESS = PageType("progress", "progress.md.j2", one("progress.md"))
