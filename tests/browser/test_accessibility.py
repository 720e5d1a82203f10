"""Accessibility (WCAG 2.1 AA): axe-core on one page of each kind, in both
languages and both colour schemes, plus what axe cannot judge alone: the skip
link and a visible keyboard focus. No violation is allowed for."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ..helpers import LANGUAGES
from .conftest import ALL_RULES, TOUR_TABS, SitePage, Tab, Visit, one_of_each_kind, serious_violations, visit_all
from .test_not_found import missing_url
from .test_search import search

pytestmark = pytest.mark.browser

Tour = Callable[[str], dict[SitePage, Visit]]

#: The rules whose outcome depends on the colour scheme; the others are checked in the light one.
COLOUR_RULES = ("color-contrast", "link-in-text-block")

#: The element that has keyboard focus: what it is, and whether it is seen.
FOCUSED = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
  return {
    tag: el.tagName.toLowerCase(), cls: el.className, href: el.getAttribute('href'),
    text: (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40),
    onScreen: box.width > 0 && box.height > 0 && box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth,
    indicated: outline || style.boxShadow !== 'none',
    inArticle: !!el.closest('article'),
  };
}"""


@pytest.fixture(scope="module")
def dark_tabs(open_tab: Callable[..., Tab]) -> list[Tab]:
    return [open_tab(color_scheme="dark") for _ in range(TOUR_TABS)]


def audited_pages(site: Path, site_pages: list[SitePage], lang: str) -> list[str]:
    return [p.url for p in one_of_each_kind(site_pages, lang, site)] + [missing_url(lang)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_audit_takes_one_page_of_every_kind(site: Path, site_pages: list[SitePage], lang: str) -> None:
    chosen = one_of_each_kind(site_pages, lang, site)
    assert sorted(p.kind for p in chosen) == sorted({p.kind for p in site_pages})
    assert {p.lang for p in chosen} == {lang}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_kind_of_page_has_a_serious_or_critical_axe_violation(
    tour: Tour, tab: Tab, site: Path, site_pages: list[SitePage], lang: str
) -> None:
    audited = {p.url: v.axe for p, v in tour(lang).items() if v.axe is not None}
    audited[missing_url(lang)] = tab.visit(missing_url(lang), audit=ALL_RULES).axe
    assert sorted(audited) == sorted(audited_pages(site, site_pages, lang))
    assert {url: found for url, found in audited.items() if found} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_in_the_dark_scheme_no_kind_of_page_has_a_contrast_violation(
    dark_tabs: list[Tab], site: Path, site_pages: list[SitePage], lang: str
) -> None:
    visits = visit_all(dark_tabs, audited_pages(site, site_pages, lang), audit=lambda url: COLOUR_RULES)
    schemes = {tab.page.evaluate("document.body.getAttribute('data-md-color-scheme')") for tab in dark_tabs}
    assert (schemes, {url: v.axe for url, v in visits.items() if v.axe}) == ({"slate"}, {})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_open_search_dialog_with_results_has_no_serious_or_critical_axe_violation(tab: Tab, lang: str) -> None:
    assert search(tab, lang, "知识产权" if lang == "zh" else "patent")
    assert serious_violations(tab.page) == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", ["", "tasks/1-1/", None], ids=["home", "task", "404"])
def test_the_first_tab_stop_is_a_visible_skip_link_to_the_pages_heading(tab: Tab, lang: str, path: str | None) -> None:
    tab.visit(SitePage(lang, path).url if path is not None else missing_url(lang))
    tab.page.keyboard.press("Tab")
    focused = tab.page.evaluate(FOCUSED)
    assert ("md-skip" in focused["cls"].split(), focused["onScreen"], focused["indicated"]) == (True, True, True), focused
    target = tab.page.evaluate(
        "href => { const t = document.getElementById(decodeURIComponent(href.slice(1))); return t && t.closest('article') && t.tagName }",
        focused["href"],
    )
    assert target == "H1", focused


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_element_the_keyboard_reaches_shows_that_it_has_focus(tab: Tab, lang: str) -> None:
    tab.visit(SitePage(lang, "indicators/").url)
    reached = []
    for _ in range(150):  # until focus leaves the page, after its last element
        tab.page.keyboard.press("Tab")
        focused = tab.page.evaluate(FOCUSED)
        if focused["tag"] == "body":
            break
        reached.append(focused)
    assert [f for f in reached if not f["indicated"]] == []
    assert len(reached) > 10 and any(f["inArticle"] for f in reached)
