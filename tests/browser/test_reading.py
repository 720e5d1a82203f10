"""The reading mode for older readers: a switch in the header to larger text
and higher contrast, remembered between pages, accessible in both schemes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from ..helpers import LANGUAGES
from .conftest import ALL_RULES, TOUR_TABS, SitePage, Tab, one_of_each_kind, visit_all
from .test_accessibility import COLOUR_RULES

pytestmark = pytest.mark.browser

SWITCH = ".plansite-reading__toggle"
ON = "document.documentElement.classList.contains('plansite-reading')"
#: The size of the article's running text, in CSS pixels.
TEXT_SIZE = "parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)"
#: The page's switch: shown, its accessible name and whether it is pressed.
SWITCH_STATE = """() => { const b = document.querySelector('.plansite-reading__toggle');
  return {shown: !!b && !b.hidden && b.getClientRects().length > 0, name: b ? b.textContent.trim() : '',
          pressed: b ? b.getAttribute('aria-pressed') : null}; }"""

#: Set before any page script runs, as a reader's earlier choice would be.
CHOSEN_BEFORE = "localStorage.setItem('plansite.reading', 'on')"


def labels(project: Path) -> dict[str, dict[str, str]]:
    return yaml.safe_load((project / "data" / "ui.yaml").read_text(encoding="utf-8"))["strings"]


@pytest.fixture(scope="module")
def reader(open_tab: Callable[..., Tab]) -> Tab:
    return open_tab()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_switch_turns_the_reading_mode_on_and_the_next_page_keeps_it(reader: Tab, built_project: Path, lang: str) -> None:
    reader.visit(SitePage(lang, "tasks/1-1/").url)
    reader.page.evaluate("localStorage.clear()")
    reader.visit(SitePage(lang, "tasks/1-1/").url)
    before = (reader.page.evaluate(SWITCH_STATE), reader.page.evaluate(TEXT_SIZE))
    reader.page.click(SWITCH)
    after = (reader.page.evaluate(SWITCH_STATE), reader.page.evaluate(TEXT_SIZE))
    reader.visit(SitePage(lang, "goals/").url)
    kept = (reader.page.evaluate(ON), reader.page.evaluate(SWITCH_STATE)["pressed"])
    reader.page.click(SWITCH)
    reader.visit(SitePage(lang, "").url)
    off_again = reader.page.evaluate(ON)
    name = labels(built_project)["reading-mode"][lang]
    assert before[0] == {"shown": True, "name": name, "pressed": "false"}
    assert after[0] == {"shown": True, "name": name, "pressed": "true"}
    assert after[1] >= 1.2 * before[1], (before, after)
    assert (kept, off_again) == ((True, "true"), False)


@pytest.fixture(scope="module")
def reading_tabs(open_tab: Callable[..., Tab]) -> dict[str, list[Tab]]:
    tabs = {scheme: [open_tab(color_scheme=scheme) for _ in range(TOUR_TABS)] for scheme in ("light", "dark")}
    for tab in tabs["light"] + tabs["dark"]:
        tab.context.add_init_script(CHOSEN_BEFORE)
    return tabs


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_in_the_reading_mode_no_kind_of_page_has_a_serious_or_critical_axe_violation(
    reading_tabs: dict[str, list[Tab]], site: Path, site_pages: list[SitePage], lang: str, scheme: str
) -> None:
    tabs = reading_tabs[scheme]
    rules = ALL_RULES if scheme == "light" else COLOUR_RULES
    visits = visit_all(tabs, [p.url for p in one_of_each_kind(site_pages, lang, site)], audit=lambda url: rules)
    assert {tab.page.evaluate(ON) for tab in tabs} == {True}
    assert {url: v.axe for url, v in visits.items() if v.axe} == {}


PHONE = {"width": 390, "height": 844}
#: How far the page reaches past the right edge of the screen, in CSS pixels
#: (not measured against innerWidth: a phone widens its viewport to the page).
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
#: The site's name in the header: its text, and how many of its characters are
#: drawn inside the name's box (not cut off at its edge nor under an ellipsis).
NAME_SHOWN = """() => {
  const name = document.querySelector('.md-header__topic .md-ellipsis');
  const box = name.getBoundingClientRect();
  const text = name.firstChild;
  let shown = 0;
  for (let i = 0; i < text.length; i++) {
    if (!text.data[i].trim()) continue;
    const range = document.createRange();
    range.setStart(text, i);
    range.setEnd(text, i + 1);
    const r = range.getBoundingClientRect();
    if (r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1 && r.bottom <= box.bottom + 1) shown++;
  }
  return {text: text.data.trim(), shown};
}"""


@pytest.fixture(scope="module")
def reading_phone(open_tab: Callable[..., Tab]) -> Tab:
    tab = open_tab(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    tab.context.add_init_script(CHOSEN_BEFORE)
    return tab


@pytest.mark.parametrize("lang", LANGUAGES)
def test_in_the_reading_mode_on_a_phone_no_kind_of_page_scrolls_sideways_and_half_the_sites_name_shows(
    reading_phone: Tab, site: Path, site_pages: list[SitePage], lang: str
) -> None:
    sideways, names = {}, {}
    for page in one_of_each_kind(site_pages, lang, site):
        reading_phone.visit(page.url)
        assert reading_phone.page.evaluate(ON)
        if (px := reading_phone.page.evaluate(SIDEWAYS)) > 0:
            sideways[page.url] = px
        name = reading_phone.page.evaluate(NAME_SHOWN)
        if 2 * name["shown"] < len(name["text"].replace(" ", "")):
            names[page.url] = name
    assert (sideways, names) == ({}, {})
