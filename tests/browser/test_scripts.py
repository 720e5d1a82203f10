"""The page scripts that count what they show: the progress page's filter by
lead unit and the enterprise guide's need finder, with the label's form for
their number (data-count-one / data-count-other)."""

from __future__ import annotations

import re

import pytest

from .conftest import SitePage, Tab

pytestmark = pytest.mark.browser


def test_the_progress_filter_counts_the_tasks_it_shows_in_the_pages_language(tab: Tab) -> None:
    tab.visit(SitePage("en", "progress/").url)
    select = tab.page.locator("#plansite-lead-filter")
    select.select_option(index=1)
    count = tab.page.locator(".plansite-progress-filter__count").inner_text()
    shown = int(re.fullmatch(r"Showing (\d+) of 24 tasks", count).group(1))
    assert 0 < shown < 24


def test_the_need_finder_counts_the_needs_it_finds_in_the_pages_language(tab: Tab) -> None:
    tab.visit(SitePage("zh", "services/").url)
    tab.page.locator("#plansite-need-query").fill("律师")
    status = tab.page.locator(".plansite-need-finder__status").inner_text()
    assert re.fullmatch(r"显示[1-9]\d*项需求，共19项", status), status
