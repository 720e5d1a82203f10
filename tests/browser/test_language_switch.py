"""The language switch, clicked as a visitor does, leads to the same page in the other language."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from ..helpers import LANGUAGES, LOCALES
from .conftest import SitePage, Tab

pytestmark = pytest.mark.browser

KINDS = ("home", "indicators/*", "tasks/*", "units/*")


def switch_language(tab: Tab, to: str) -> tuple[str, str | None]:
    """Open the language menu in the header and choose ``to``; the URL path and language then shown."""
    tab.page.locator(".md-header .md-select").hover()
    with tab.page.expect_navigation():
        tab.page.locator(f'.md-header a.md-select__link[hreflang="{to}"]').click()
    tab.settle()
    return urlsplit(tab.page.url).path, tab.page.evaluate("document.documentElement.lang")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("start", "other"), [(LANGUAGES[0], LANGUAGES[1]), (LANGUAGES[1], LANGUAGES[0])])
def test_the_language_switch_leads_to_the_same_page_and_back(
    tab: Tab, site_pages: list[SitePage], kind: str, start: str, other: str
) -> None:
    page = next(p for p in site_pages if p.lang == start and p.kind == kind)
    tab.visit(page.url)
    there = switch_language(tab, other)
    back = switch_language(tab, start)
    assert (there, back) == ((page.twin(other).url, LOCALES[other]), (page.url, LOCALES[start]))
