"""A desktop screen (1280 x 900): the tables of targets fit the text column."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..helpers import LANGUAGES
from .conftest import SitePage, Tab, one_of_each_kind

pytestmark = pytest.mark.browser

#: Per table that becomes cards on a phone: its column labels whose cell in the
#: header row reaches past the right edge of the box the table scrolls in.
CUT_OFF_COLUMNS = """() => [...document.querySelectorAll('.plansite-stacked table')].map(table => {
  const box = (table.closest('.md-typeset__scrollwrap') || table.parentElement).getBoundingClientRect();
  return [...table.rows[0].cells].filter(c => c.getBoundingClientRect().right > box.right + 1).map(c => c.textContent.trim());
})"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_on_a_desktop_every_column_of_a_table_of_targets_shows_without_scrolling_sideways(
    tab: Tab, site: Path, site_pages: list[SitePage], lang: str
) -> None:
    cut_off, tables = {}, 0
    for page in one_of_each_kind(site_pages, lang, site):
        tab.visit(page.url)
        found = tab.page.evaluate(CUT_OFF_COLUMNS)
        tables += len(found)
        if any(found):
            cut_off[page.url] = found
    assert tables >= 3, "the final account, the indicators and the progress page have tables of targets"
    assert cut_off == {}
