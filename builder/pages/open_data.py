"""The open data: the downloads, their licence and how to reuse them."""

from __future__ import annotations

from .base import PageType, one

OPEN_DATA = PageType("open-data", "open-data.md.j2", one("open-data.md"))
