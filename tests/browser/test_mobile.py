"""A narrow phone screen (375 x 740): the navigation drawer opens and the charts fit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ..helpers import LANGUAGES
from .conftest import MOBILE, SitePage, Tab

pytestmark = pytest.mark.browser

DRAWER = ".md-sidebar--primary"
DRAWER_BUTTON = 'label.md-header__button[for="__drawer"]'

#: Where the drawer is: on the screen, and a link in it that can be seen.
DRAWER_STATE = """() => {
  const box = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
  const link = [...document.querySelectorAll('.md-sidebar--primary .md-nav__link')].find(a => a.offsetParent !== null);
  const linkBox = link ? link.getBoundingClientRect() : null;
  return {
    onScreen: box.right > 0 && box.left >= -1 && box.left < innerWidth,
    linkVisible: !!linkBox && linkBox.width > 0 && linkBox.left >= 0 && linkBox.right <= innerWidth + 1,
  };
}"""

#: How far the page and each chart reach past the right edge of the screen, in CSS pixels.
OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth - innerWidth,
  charts: Object.fromEntries([...document.querySelectorAll('.plansite-chart')].map(f => {
    const svg = f.querySelector('.plansite-chart__view svg');
    const right = Math.max(f.getBoundingClientRect().right, svg ? svg.getBoundingClientRect().right : 0);
    return [f.id, Math.max(0, Math.round(right - innerWidth))];
  })),
})"""


@pytest.fixture(scope="module")
def phone(open_tab: Callable[..., Tab]) -> Tab:
    return open_tab(viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2)


def pages_with_charts(site: Path, pages: list[SitePage], lang: str) -> list[SitePage]:
    return [p for p in pages if p.lang == lang and 'class="plansite-chart' in p.file(site).read_text(encoding="utf-8")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_the_navigation_drawer_opens_from_the_menu_button(phone: Tab, lang: str) -> None:
    phone.visit(SitePage(lang, "").url)
    before = phone.page.evaluate(DRAWER_STATE)
    phone.page.locator(DRAWER_BUTTON).click()
    phone.page.wait_for_function(f"() => ({DRAWER_STATE})().onScreen && ({DRAWER_STATE})().linkVisible", timeout=5_000)
    after = phone.page.evaluate(DRAWER_STATE)
    assert (before["onScreen"], after) == (False, {"onScreen": True, "linkVisible": True})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_every_chart_fits_the_screen(phone: Tab, site: Path, site_pages: list[SitePage], lang: str) -> None:
    pages = pages_with_charts(site, site_pages, lang)
    assert pages, "the site should have pages with charts"
    overflows = {}
    for page in pages:
        visit = phone.visit(page.url)
        assert visit.charts and all(c["rendered"] == "true" for c in visit.charts), (page.url, visit.charts)
        found = phone.page.evaluate(OVERFLOW)
        wide = {chart: px for chart, px in found["charts"].items() if px > 0}
        if found["page"] > 0 or wide:
            overflows[page.url] = {"page": found["page"], **wide}
    assert overflows == {}
