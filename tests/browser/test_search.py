"""The site's search (Material's, one index per language): the right pages, in the reader's language only."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from ..helpers import DEFAULT_LANGUAGE, LANGUAGES
from .conftest import SitePage, Tab

pytestmark = pytest.mark.browser

SEARCH_INPUT = "input.md-search__input"
#: The pages a search shows, one link per page (its sections are nested below it).
RESULT_PAGES = ".md-search-result__list > .md-search-result__item > a.md-search-result__link"

SEARCHES = [
    ("zh", "质押融资", ["indicators/pledge-financing/"]),
    # jieba keeps 注册商标 (registered trademark) as one word, so 商标 finds the pages
    # that use it as a word of its own first (see docs/search.md).
    ("zh", "商标", ["indicators/madrid-applications/", "tasks/2-2/"]),
    ("en", "pledge", ["indicators/pledge-financing/"]),
    ("en", "trademark", ["indicators/trademarks-per-market-entities/", "indicators/madrid-applications/", "tasks/2-2/"]),
    # The market regulation bureau is the city's IP office: its pages say so, by that name.
    ("zh", "知识产权局", ["services/amr/", "units/amr/"]),
    ("zh", "知识产权保护中心", ["services/protection-center/", "units/protection-center/"]),
    ("zh", "仲裁", ["services/arbitration-office/", "units/arbitration-office/"]),
    ("en", "Wuhan Intellectual Property Office", ["services/amr/", "units/amr/"]),
    ("en", "arbitration", ["services/arbitration-office/", "units/arbitration-office/"]),
]


def search(tab: Tab, lang: str, query: str) -> list[str]:
    """Type ``query`` into the search box of the home page in ``lang``; the URL paths of the pages found."""
    tab.visit(SitePage(lang, "").url)
    box = tab.page.locator(SEARCH_INPUT)
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup
    tab.page.wait_for_selector(RESULT_PAGES, timeout=10_000)
    tab.page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")  # the dialog has faded in
    hrefs = tab.page.eval_on_selector_all(RESULT_PAGES, "links => links.map(a => a.href)")
    return list(dict.fromkeys(urlsplit(href).path for href in hrefs))


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES[:1], ids=["pasted"])
def test_text_put_in_without_a_key_press_is_searched(tab: Tab, lang: str, query: str, expected: list[str]) -> None:
    """Pasted or dictated text, or text an input method commits, comes without a key press."""
    tab.visit(SitePage(lang, "").url)
    box = tab.page.locator(SEARCH_INPUT)
    box.click()
    box.fill(query)  # an input event, no key
    tab.page.wait_for_selector(RESULT_PAGES, timeout=10_000)
    hrefs = tab.page.eval_on_selector_all(RESULT_PAGES, "links => links.map(a => a.href)")
    assert SitePage(lang, expected[0]).url in [urlsplit(href).path for href in hrefs]


def language_of(url_path: str) -> str:
    """'/en/tasks/1-1/' -> 'en'; a path under no other language's root is the default language's."""
    first = url_path.split("/")[1] if url_path.count("/") > 1 else ""
    return first if first in LANGUAGES and first != DEFAULT_LANGUAGE else DEFAULT_LANGUAGE


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES, ids=[f"{lang}-{query}" for lang, query, _ in SEARCHES])
def test_a_search_finds_the_pages_about_it_at_the_top(tab: Tab, lang: str, query: str, expected: list[str]) -> None:
    found = search(tab, lang, query)
    wanted = {SitePage(lang, path).url for path in expected}
    top = found[: len(wanted) + 2]
    assert (sorted(wanted - set(top)), found[:1] and found[0] in wanted) == ([], True), found


@pytest.mark.parametrize(("lang", "query", "expected"), SEARCHES, ids=[f"{lang}-{query}" for lang, query, _ in SEARCHES])
def test_a_search_finds_pages_in_the_readers_language_only(tab: Tab, lang: str, query: str, expected: list[str]) -> None:
    found = search(tab, lang, query)
    assert [path for path in found if language_of(path) != lang] == []
    assert len(found) >= len(expected)
