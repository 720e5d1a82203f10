"""Charts on a slow phone: the static SVG first, the interactive chart at the
full width of its column on every load, and both in the dark scheme."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import pytest

from ..helpers import LANGUAGES
from .conftest import CHART_LIBRARY, CHARTS_SETTLED, SitePage, Tab, pages_with_charts, reach_for_charts

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
#: Each chart page is loaded this many times: a race shows in some loads only.
LOADS = 3

#: Each chart: its state, its container's width and the width of what is drawn
#: (the interactive SVG once rendered, else the static image), in CSS pixels.
WIDTHS = """() => [...document.querySelectorAll('.plansite-chart')].map(f => {
  const live = f.querySelector('.plansite-chart__view svg, .plansite-chart__view canvas');
  const shown = f.getAttribute('data-rendered') === 'true' ? live : f.querySelector('img.plansite-chart__fallback');
  return {
    id: f.id,
    rendered: f.getAttribute('data-rendered'),
    container: f.getBoundingClientRect().width,
    drawn: shown ? shown.getBoundingClientRect().width : 0,
    marks: live ? live.querySelectorAll('g.role-mark > *').length : 0,
  };
})"""

#: The mean relative luminance (0 black .. 1 white) of a PNG, decoded by the page.
MEAN_LUMINANCE = """async (url) => {
  const img = new Image();
  img.src = url;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += (0.2126 * data[i] + 0.7152 * data[i + 1] + 0.0722 * data[i + 2]) / 255;
  return sum / (data.length / 4);
}"""


def slow_phone(open_tab: Callable[..., Tab], **options: object) -> Tab:
    """A 390 px phone whose CPU runs four times slower than this machine's."""
    tab = open_tab(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2, **options)
    tab.context.new_cdp_session(tab.page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    return tab


def luminance(tab: Tab, selector: str) -> float:
    png = tab.page.locator(selector).first.screenshot()
    return tab.page.evaluate(MEAN_LUMINANCE, "data:image/png;base64," + base64.b64encode(png).decode())


@pytest.fixture(scope="module")
def phone(open_tab: Callable[..., Tab]) -> Tab:
    return slow_phone(open_tab)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_slow_phone_every_chart_draws_at_full_width_on_every_load(
    phone: Tab, site: Path, site_pages: list[SitePage], lang: str
) -> None:
    pages = pages_with_charts(site, site_pages, lang)
    assert len(pages) >= 5, "the site should have several pages with charts"
    narrow, library_before_a_tap = {}, {}
    for page in pages:
        for load in range(LOADS):
            phone.start(page.url)
            phone.page.wait_for_load_state("load")
            phone.page.wait_for_function(CHARTS_SETTLED)
            library_before_a_tap[page.url] = [u for u in phone.requests if CHART_LIBRARY in u]
            first = phone.page.evaluate(WIDTHS)
            reach_for_charts(phone.page)
            live = phone.page.evaluate(WIDTHS)
            for stage, charts in (("static", first), ("interactive", live)):
                for chart in charts:
                    wanted = "true" if stage == "interactive" else None
                    if chart["rendered"] != wanted or abs(chart["drawn"] - chart["container"]) > 1 or chart["container"] < 100:
                        narrow[f"{page.url}#{chart['id']} load {load + 1} {stage}"] = chart
                    elif stage == "interactive" and chart["marks"] == 0:
                        narrow[f"{page.url}#{chart['id']} load {load + 1} no marks"] = chart
    assert narrow == {}
    assert {url: found for url, found in library_before_a_tap.items() if found} == {}


def test_a_chart_follows_its_container_when_it_changes_width(open_tab: Callable[..., Tab]) -> None:
    tab = open_tab(viewport={"width": 1280, "height": 900})
    tab.visit(SitePage(LANGUAGES[0], "indicators/high-value-patents/").url)
    reach_for_charts(tab.page)
    tab.page.set_viewport_size(PHONE)
    tab.page.wait_for_function(
        "() => [...document.querySelectorAll('.plansite-chart')].every(f => "
        "Math.abs(f.querySelector('.plansite-chart__view svg').getBoundingClientRect().width - f.getBoundingClientRect().width) <= 1)",
        timeout=10_000,
    )
    widths = tab.page.evaluate(WIDTHS)
    assert [round(c["drawn"]) for c in widths] == [round(c["container"]) for c in widths]
    assert all(c["container"] < PHONE["width"] for c in widths)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_in_the_dark_scheme_charts_are_dark_not_white_panels(open_tab: Callable[..., Tab], lang: str) -> None:
    page = SitePage(lang, "indicators/high-value-patents/").url
    light, dark = open_tab(viewport=PHONE), open_tab(viewport=PHONE, color_scheme="dark")
    found = {}
    for name, tab in (("light", light), ("dark", dark)):
        tab.visit(page)
        found[f"{name} static"] = luminance(tab, ".plansite-chart")
        reach_for_charts(tab.page)
        found[f"{name} interactive"] = luminance(tab, ".plansite-chart")
    assert dark.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    dark_panels = {k: round(v, 2) for k, v in found.items() if k.startswith("dark") and v > 0.3}
    light_panels = {k: round(v, 2) for k, v in found.items() if k.startswith("light") and v < 0.7}
    assert (dark_panels, light_panels) == ({}, {})


#: Per static chart image shown: the smallest size its words are drawn at on
#: the screen, in CSS pixels (font size in the SVG x shown width / viewBox width).
SHOWN_TEXT_SIZES = """async () => {
  const sizes = {};
  for (const img of document.querySelectorAll('img.plansite-chart__fallback')) {
    const svg = await (await fetch(img.currentSrc)).text();
    const box = Number(svg.match(/viewBox="[\\d.-]+ [\\d.-]+ ([\\d.]+)/)[1]);
    const fonts = [...svg.matchAll(/font-size="([\\d.]+)/g)].map(m => Number(m[1]));
    if (fonts.length) sizes[img.closest('.plansite-chart').id] = Math.min(...fonts) * img.getBoundingClientRect().width / box;
  }
  return sizes;
}"""
#: The smallest text a chart may show, in CSS pixels.
SMALLEST_TEXT = 9


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("screen", ["phone", "desktop"])
def test_every_static_chart_shows_its_words_at_9_px_or_more(
    open_tab: Callable[..., Tab], site: Path, site_pages: list[SitePage], lang: str, screen: str
) -> None:
    tab = open_tab(viewport=PHONE, is_mobile=True, has_touch=True) if screen == "phone" else open_tab()
    small, seen = {}, 0
    for page in pages_with_charts(site, site_pages, lang):
        tab.visit(page.url)
        sizes = tab.page.evaluate(SHOWN_TEXT_SIZES)
        seen += len(sizes)
        small |= {f"{page.url}#{chart}": round(px, 1) for chart, px in sizes.items() if px < SMALLEST_TEXT}
    assert seen >= 10
    assert small == {}
