"""The weight budget on the built site: a page without a chart <= 80 KB
gzipped with the CSS and JavaScript it references, a chart page <= 120 KB
before any interaction, and the chart library only where a chart is."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from builder.bench import BUDGET_CHART, BUDGET_NO_CHART, language_folders, page_kind, page_weight

CONFIG = re.compile(r'<script id="plansite-config" type="application/json">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def site(built_project: Path) -> Path:
    return built_project / "site"


@pytest.fixture(scope="module")
def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_the_budgets_are_those_of_the_design() -> None:
    assert (BUDGET_NO_CHART, BUDGET_CHART) == (80 * 1024, 120 * 1024)


def test_every_page_is_within_its_weight_budget(site: Path, pages: list[Path]) -> None:
    weights = [page_weight(site, page) for page in pages]
    assert {w.page: (w.total, w.budget) for w in weights if w.total > w.budget} == {}
    assert {w.has_chart for w in weights} == {True, False}


def test_a_pages_weight_counts_its_html_and_each_file_it_references_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a.css").write_text("body { color: red }\n" * 50)
    (tmp_path / "a.js").write_text("console.log(1);\n" * 50)
    page = tmp_path / "a" / "index.html"
    page.write_text(
        '<link rel="stylesheet" href="../a.css"><link rel="stylesheet" href="../a.css">'
        '<script src="../a.js"></script><script src="https://example.org/x.js"></script><img src="../missing.svg">'
    )
    weight = page_weight(tmp_path, page)
    assert sorted(weight.files) == ["a.css", "a.js"]
    assert weight.total == weight.html + weight.files["a.css"] + weight.files["a.js"]
    assert (weight.has_chart, weight.budget) == (False, BUDGET_NO_CHART)


@pytest.mark.parametrize(
    ("rel", "kind"),
    [("index.html", "home"), ("en/index.html", "home"), ("tasks/index.html", "tasks"), ("en/tasks/1-1/index.html", "tasks/*")],
)
def test_pages_are_grouped_by_type_whatever_their_language(rel: str, kind: str) -> None:
    assert page_kind(rel, {"en"}) == kind


def test_the_other_languages_folders_are_those_with_their_own_error_page(tmp_path: Path) -> None:
    for folder in ("en", "fr", "tasks"):
        (tmp_path / folder).mkdir()
    for page in ("404.html", "en/404.html", "fr/404.html", "tasks/index.html"):
        (tmp_path / page).write_text("<p>")
    assert language_folders(tmp_path) == {"en", "fr"}


def test_no_page_without_a_chart_mentions_the_chart_library(site: Path, pages: list[Path]) -> None:
    mentions = [
        p.relative_to(site).as_posix()
        for p in pages
        if 'class="plansite-chart' not in p.read_text("utf-8") and "vega-" in p.read_text("utf-8")
    ]
    assert mentions == []


def test_no_page_loads_the_chart_library_with_a_script_tag(site: Path, pages: list[Path]) -> None:
    tagged = [p.relative_to(site).as_posix() for p in pages if re.search(r'<script[^>]*src="[^"]*vega-', p.read_text("utf-8"))]
    assert tagged == []


def test_every_chart_page_tells_the_loader_where_the_library_is_on_this_site(site: Path, pages: list[Path]) -> None:
    wrong = {}
    for page in pages:
        text = page.read_text("utf-8")
        if 'class="plansite-chart' not in text:
            continue
        found = CONFIG.search(text)
        library = json.loads(found.group(1)).get("vega", "") if found else ""
        if "://" in library or not library.endswith(".js") or not (page.parent / library).resolve().is_file():
            wrong[page.relative_to(site).as_posix()] = library
    assert wrong == {}
