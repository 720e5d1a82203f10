"""A narrow phone screen (375 x 740): the navigation drawer opens and the charts fit."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ..helpers import LANGUAGES
from .conftest import MOBILE, SitePage, Tab, one_of_each_kind, pages_with_charts, reach_for_charts

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

#: How far the page and each chart reach past the right edge of the screen, in CSS pixels
#: (measured against the layout's width, not innerWidth: a phone widens its viewport to the page).
OVERFLOW = """() => ({
  page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  charts: Object.fromEntries([...document.querySelectorAll('.plansite-chart')].map(f => {
    const svg = f.querySelector('.plansite-chart__view svg');
    const right = Math.max(f.getBoundingClientRect().right, svg ? svg.getBoundingClientRect().right : 0);
    return [f.id, Math.max(0, Math.round(right - document.documentElement.clientWidth))];
  })),
})"""


@pytest.fixture(scope="module")
def phone(open_tab: Callable[..., Tab]) -> Tab:
    return open_tab(viewport=MOBILE, is_mobile=True, has_touch=True, device_scale_factor=2)


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
        phone.visit(page.url)
        reach_for_charts(phone.page)
        charts = phone.page.evaluate("[...document.querySelectorAll('.plansite-chart')].map(f => f.getAttribute('data-rendered'))")
        assert charts and set(charts) == {"true"}, (page.url, charts)
        found = phone.page.evaluate(OVERFLOW)
        wide = {chart: px for chart, px in found["charts"].items() if px > 0}
        if found["page"] > 0 or wide:
            overflows[page.url] = {"page": found["page"], **wide}
    assert overflows == {}


PHONE = {"width": 390, "height": 844}
#: 1280 px at 200% zoom: what a desktop reader who zooms in gets.
ZOOMED = {"width": 640, "height": 450}

#: How far the page reaches past the right edge of the screen, in CSS pixels (as OVERFLOW).
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"

#: Latin words in table cells that the layout splits over two lines (a break inside the word).
BROKEN_WORDS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('table') || !node.parentElement.getClientRects().length) continue;
    for (const match of node.data.matchAll(/[A-Za-z0-9]{2,}/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""


@pytest.fixture(scope="module")
def phone_390(open_tab: Callable[..., Tab]) -> Tab:
    return open_tab(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


@pytest.fixture(scope="module")
def zoomed(open_tab: Callable[..., Tab]) -> Tab:
    return open_tab(viewport=ZOOMED)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("screen", ["phone_390", "zoomed"])
def test_no_kind_of_page_scrolls_sideways_on_a_phone_or_at_200_percent_zoom(
    request: pytest.FixtureRequest, site: Path, site_pages: list[SitePage], lang: str, screen: str
) -> None:
    tab: Tab = request.getfixturevalue(screen)
    sideways = {}
    for page in one_of_each_kind(site_pages, lang, site):
        tab.visit(page.url)
        if (px := tab.page.evaluate(SIDEWAYS)) > 0:
            sideways[page.url] = px
    assert sideways == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_tables_break_no_word_in_two(phone_390: Tab, site: Path, site_pages: list[SitePage], lang: str) -> None:
    broken = {}
    for page in one_of_each_kind(site_pages, lang, site):
        phone_390.visit(page.url)
        phone_390.page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")
        if words := phone_390.page.evaluate(BROKEN_WORDS):
            broken[page.url] = words[:5]
    assert broken == {}


def test_on_a_phone_the_english_progress_page_is_at_most_1_6_times_as_tall_as_the_chinese(phone_390: Tab) -> None:
    heights = {}
    for lang in LANGUAGES:
        phone_390.visit(SitePage(lang, "progress/").url)
        heights[lang] = phone_390.page.evaluate("document.documentElement.scrollHeight")
    assert heights["en"] <= 1.6 * heights["zh"], heights


#: The responsibility matrix as drawn: per axis, the boxes of its labels; the
#: legend's box and the figure's, in CSS pixels.
MATRIX_LAYOUT = """() => {
  const figure = document.querySelector('#chart-responsibility');
  const box = e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {
    axes: [...figure.querySelectorAll('.plansite-chart__view svg .role-axis')].map(
      axis => [...axis.querySelectorAll('.role-axis-label text')].map(t => ({text: t.textContent, ...box(t)}))),
    legend: box(figure.querySelector('.plansite-chart__view svg .role-legend')),
    figure: box(figure),
  };
}"""


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    """Pairs of labels whose boxes cross (by more than a pixel each way)."""
    return [
        (a["text"], b["text"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 1 and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 1
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_phone_the_units_matrix_labels_do_not_overlap_and_its_legend_fits(phone_390: Tab, lang: str) -> None:
    phone_390.visit(SitePage(lang, "units/").url)
    reach_for_charts(phone_390.page)
    layout = phone_390.page.evaluate(MATRIX_LAYOUT)
    assert len(layout["axes"]) == 2 and all(layout["axes"])
    assert [overlapping(labels) for labels in layout["axes"]] == [[], []]
    assert layout["figure"]["left"] - 1 <= layout["legend"]["left"] and layout["legend"]["right"] <= layout["figure"]["right"] + 1


#: Per row of the final account's table of targets: each cell's label (the
#: text before it) and whether the cells are stacked one under another.
STACKED_ROWS = """() => [...document.querySelector('.plansite-stacked').querySelectorAll('tbody tr')].map(row => {
  const cells = [...row.querySelectorAll('td')].filter(td => getComputedStyle(td).display !== 'none');
  return {
    labels: cells.map(td => getComputedStyle(td, '::before').content),
    stacked: cells.every((td, i) => i === 0 || td.getBoundingClientRect().top >= cells[i - 1].getBoundingClientRect().bottom - 1),
  };
})"""


@pytest.mark.parametrize(("lang", "first", "last"), [("zh", '"序号：" / ""', '"结果：" / ""'), ("en", '"No.: " / ""', '"Outcome: " / ""')])
def test_on_a_phone_the_final_account_shows_each_target_as_a_card_of_labelled_lines(
    phone_390: Tab, lang: str, first: str, last: str
) -> None:
    phone_390.visit(SitePage(lang, "final/").url)
    rows = phone_390.page.evaluate(STACKED_ROWS)
    assert len(rows) == 8
    assert all(row["stacked"] for row in rows)
    assert {(row["labels"][0], row["labels"][-1]) for row in rows} == {(first, last)}


@pytest.mark.parametrize(
    ("lang", "first", "last"),
    [("zh", '"时期：" / ""', '"本站汇编日期：" / ""'), ("en", '"Period: " / ""', '"Compiled by this site: " / ""')],
)
def test_on_a_phone_a_targets_values_show_as_cards_of_labelled_lines(phone_390: Tab, lang: str, first: str, last: str) -> None:
    phone_390.visit(SitePage(lang, "indicators/pledge-financing/").url)
    rows = phone_390.page.evaluate(STACKED_ROWS)
    assert len(rows) >= 2
    assert all(row["stacked"] for row in rows)
    assert {(row["labels"][0], row["labels"][-1]) for row in rows} == {(first, last)}
    assert phone_390.page.evaluate(SIDEWAYS) <= 0
