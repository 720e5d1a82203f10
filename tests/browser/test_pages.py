"""Every page of the site in both languages, loaded in the browser."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest

from ..helpers import DEFAULT_LANGUAGE, LANGUAGES, LOCALES
from .conftest import CHART_LIBRARY, SitePage, Visit

pytestmark = pytest.mark.browser

Tour = Callable[[str], dict[SitePage, Visit]]

#: A chart's view is an image to assistive technology: ours says role="img";
#: vega-embed makes it a "graphics-document" (WAI-ARIA Graphics) when it renders.
CHART_ROLES = ("img", "graphics-document")


def test_the_site_has_the_same_pages_in_every_language(site_pages: list[SitePage]) -> None:
    paths = {lang: {p.path for p in site_pages if p.lang == lang} for lang in LANGUAGES}
    assert {lang: sorted(paths[DEFAULT_LANGUAGE] ^ found) for lang, found in paths.items()} == {lang: [] for lang in LANGUAGES}


def test_the_pages_found_include_every_kind_the_site_is_made_of(site_pages: list[SitePage]) -> None:
    kinds = {p.kind for p in site_pages}
    assert {"home", "indicators", "indicators/*", "projects/*", "tasks/*", "units/*"} <= kinds
    assert len(site_pages) > 100, f"only {len(site_pages)} pages found in the built site"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_answers_200(tour: Tour, lang: str) -> None:
    assert {p.url: v.status for p, v in tour(lang).items() if v.status != 200} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_logs_a_console_error(tour: Tour, lang: str) -> None:
    assert {p.url: v.console_errors for p, v in tour(lang).items() if v.console_errors} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_request_of_any_page_fails(tour: Tour, lang: str) -> None:
    assert {p.url: v.failed_requests for p, v in tour(lang).items() if v.failed_requests} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_requests_anything_from_another_host(tour: Tour, lang: str) -> None:
    assert {p.url: v.foreign_requests for p, v in tour(lang).items() if v.foreign_requests} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_settles(tour: Tour, lang: str) -> None:
    assert {p.url: v.unsettled for p, v in tour(lang).items() if v.unsettled} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_declares_its_language_on_the_html_element(tour: Tour, lang: str) -> None:
    assert {p.url: v.lang for p, v in tour(lang).items() if v.lang != LOCALES[lang]} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_a_heading(tour: Tour, lang: str) -> None:
    assert [p.url for p, v in tour(lang).items() if not v.h1] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chart_first_shows_its_static_svg_across_the_text_column(tour: Tour, lang: str) -> None:
    visits = tour(lang)
    problems = {
        f"{p.url}#{c['id']}": c
        for p, v in visits.items()
        for c in v.charts
        if c["rendered"] is not None or not c["staticLoaded"] or abs(c["staticWidth"] - c["width"]) > 1
    }
    assert problems == {}
    assert sum(len(v.charts) for v in visits.values()) >= 10, "the tour should meet the site's charts"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_loads_the_chart_library_until_a_reader_reaches_for_a_chart(tour: Tour, lang: str) -> None:
    loaded = {p.url: [u for u in v.requests if CHART_LIBRARY in u] for p, v in tour(lang).items()}
    assert {url: found for url, found in loaded.items() if found} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_chart_is_an_image_with_a_text_alternative(tour: Tour, lang: str) -> None:
    problems = {
        f"{p.url}#{c['id']}": c
        for p, v in tour(lang).items()
        for c in v.charts
        if c["role"] not in CHART_ROLES or len(c["label"]) < 10 or c["alt"] != c["label"]
    }
    assert problems == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_table_has_header_cells(tour: Tour, lang: str) -> None:
    assert {p.url: v.tables_without_headers for p, v in tour(lang).items() if v.tables_without_headers} == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_pages_language_switch_links_to_the_same_page_in_each_language(tour: Tour, lang: str, server: str) -> None:
    wrong = {}
    for page, visit in tour(lang).items():
        links = {hreflang: urlsplit(href).path for hreflang, href in visit.alternates.items()}
        expected = {other: page.twin(other).url for other in LANGUAGES}
        if links != expected:
            wrong[page.url] = links
    assert wrong == {}
