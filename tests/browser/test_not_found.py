"""A missing URL shows the 404 page of the language it is under."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..helpers import DEFAULT_LANGUAGE, LANGUAGES, LOCALES
from .conftest import SitePage, Tab, error_page_for

pytestmark = pytest.mark.browser

HEADINGS = {"zh": "404 - 页面不存在", "en": "404 - Page not found"}


def missing_url(lang: str) -> str:
    return SitePage(lang, "no-such-page/").url


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_site_has_a_404_page_in_each_language_at_its_root(site: Path, lang: str) -> None:
    page = site / ("" if lang == DEFAULT_LANGUAGE else lang) / "404.html"
    assert f'<html lang="{LOCALES[lang]}"' in page.read_text(encoding="utf-8")


def test_the_test_server_answers_a_missing_url_with_the_404_page_of_its_language(site: Path) -> None:
    assert [error_page_for(site, missing_url(lang)) for lang in LANGUAGES] == [
        site / ("" if lang == DEFAULT_LANGUAGE else lang) / "404.html" for lang in LANGUAGES
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_missing_url_shows_the_404_page_in_the_language_of_its_root(tab: Tab, lang: str) -> None:
    visit = tab.visit(missing_url(lang))
    assert (visit.status, visit.lang, visit.h1) == (404, LOCALES[lang], HEADINGS[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_404_page_loads_everything_else_it_needs(tab: Tab, server: str, lang: str) -> None:
    url = missing_url(lang)
    visit = tab.visit(url)
    document = f"{server}{url} (HTTP 404)"
    assert ([f for f in visit.failed_requests if f != document], visit.foreign_requests, visit.unsettled) == ([], [], [])
    assert [e for e in visit.console_errors if "404" not in e] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_404_pages_language_switch_leads_to_each_languages_home(tab: Tab, lang: str) -> None:
    visit = tab.visit(missing_url(lang))
    assert {hreflang: urlsplit(href).path for hreflang, href in visit.alternates.items()} == {
        other: SitePage(other, "").url for other in LANGUAGES
    }
