"""Language on the fixture plan's pages: separators and brackets from labels
(full-width in Chinese), plural forms in English, and charts that show the
data's years, write the unit horizontally, label sparklines and carry no
caption repeating their title."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builder.charts import SERIES_COLORS, Chart
from builder.config import Paths
from builder.i18n import format_period, plural_form
from builder.model import Dataset
from builder.render import render_pages, render_site
from builder.validate import load_dataset

from .conftest import LAKESIDE_TODAY
from .helpers import copy_fixture_plan, edit, site_locales
from .test_render import markdown_body, to_html

#: Han characters, CJK and full-width punctuation, and the curved quotes Chinese text uses.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u201c\u201d\u2018\u2019"
#: A half-width mark between two Chinese characters, spaces and Markdown emphasis allowed around it.
HALF_WIDTH_BETWEEN_CJK = re.compile(f"[{CJK}][*_]*[ \\t]*[,;:!?()][ \\t]*[*_]*(?=[{CJK}])")
NOT_TEXT = (
    re.compile(r"<(script|style|code|pre)\b.*?</\1>", re.S),  # code, and chart specs
    re.compile(r"`[^`\n]*`"),  # Markdown code
    re.compile(r"\]\([^)\s]*\)"),  # a Markdown link's address
    re.compile(r"https?://\S+"),  # a bare address
    re.compile(r"<[^>]+>"),  # HTML tags (their attributes are not text)
)


def half_width_between_cjk(markdown: str) -> list[str]:
    """Each half-width mark between Chinese characters in a page's text, outside code and addresses."""
    for pattern in NOT_TEXT:
        markdown = pattern.sub("", markdown)
    text = markdown.replace("[", "").replace("]", "")
    return [text[m.start() : m.end() + 1] for m in HALF_WIDTH_BETWEEN_CJK.finditer(text)]


@pytest.fixture(scope="module")
def rendered(lakeside: Dataset) -> tuple[dict[str, str], dict[str, Chart]]:
    site = render_site(lakeside)
    pages = {k: v.decode("utf-8") for k, v in site.files.items() if k.endswith(".md")}
    return pages, {c.id + ":" + ("zh" if "年" in str(c.spec) else "en"): c for c in site.charts}


@pytest.fixture(scope="module")
def pages(rendered: tuple[dict[str, str], dict[str, Chart]]) -> dict[str, str]:
    return rendered[0]


def test_half_width_between_cjk_finds_marks_between_chinese_only() -> None:
    assert half_width_between_cjk("**来源**: 湖滨, 统计 (2024年) `a:b` [链接](https://x.example/a,b)") == ["源**: 湖", "滨, 统", "年)  链"]
    assert half_width_between_cjk("**来源**：湖滨，统计（2024年） 2024: 1,500 (x)") == []


def test_the_chinese_pages_have_no_half_width_punctuation_between_chinese_characters(lakeside: Dataset, pages: dict[str, str]) -> None:
    chinese = [path for path in pages if not re.search(r"\.[a-z]{2}\.md$", path)]
    assert len(chinese) > 30
    assert {path: marks for path in chinese if (marks := half_width_between_cjk(pages[path]))} == {}


def test_separators_and_brackets_come_from_labels(pages: dict[str, str]) -> None:
    assert "- **牵头单位**：[营商办](../units/business-office.md)" in pages["projects/permits.md"]
    assert "- **Lead units**: [Lakeside Business Climate Office](../units/business-office.en.md)" in pages["projects/permits.en.md"]
    assert "任务进展状态：<span" in pages["tasks/one-window-permits.md"]
    assert ": 降至1.2件/万户（方案原文：营商投诉率降至每万户1.2件）" in pages["indicators/complaint-rate.md"]
    assert "按直线路径2025年应达到\n: 1.67件/万户" in pages["indicators/complaint-rate.md"]
    assert ": 1.8件/万户（2025年，官方发布）" in pages["indicators/complaint-rate.md"]
    assert ": 1.8 per 10,000 households (2025, Official)" in pages["indicators/complaint-rate.en.md"]


def test_english_counts_take_the_singular_for_one(pages: dict[str, str]) -> None:
    assert "This project has 1 key task." in pages["projects/permits.en.md"]
    assert "This project has 7 key tasks." in pages["projects/services.en.md"]
    assert "本工程包括1项重点任务。" in pages["projects/permits.md"]
    assert "Leads 9 tasks in 4 projects and supports 0 tasks as a responsible unit." in pages["units/business-office.en.md"]


@pytest.mark.parametrize(
    ("locale", "count", "form"), [("en-US", 1, "one"), ("en-US", 0, "other"), ("en-US", 2, "other"), ("zh-CN", 1, "other")]
)
def test_the_plural_form_follows_the_languages_rule(locale: str, count: int, form: str) -> None:
    assert plural_form(locale, count) == form


@pytest.mark.parametrize(
    ("label", "locale", "shown"),
    [("{month_name} {year}", "en", "February 2026"), ("{year}年{month}月", "zh-CN", "2026年2月"), ("{year}-{month}", "en", "2026-2")],
)
def test_a_month_is_worded_by_its_label_with_the_months_name_in_the_pages_language(label: str, locale: str, shown: str) -> None:
    labels = {"period-month": label, "period-year": "{year}", "period-quarter": "{year} Q{quarter}"}
    assert format_period("2026-02", labels.__getitem__, locale) == shown
    assert format_period("2026", labels.__getitem__, locale) == "2026"


def test_the_time_axis_shows_the_years_with_data_and_the_target_year(rendered: tuple[dict[str, str], dict[str, Chart]]) -> None:
    chart = rendered[1]["chart-complaint-rate:en"]
    x = chart.spec["layer"][0]["encoding"]["x"]
    assert x["axis"]["values"] == [2023, 2024, 2025, 2027]  # values for 2023-2025; the target is for 2027
    assert x["scale"]["domain"] == [2023, 2027]


def test_the_unit_is_written_horizontally(rendered: tuple[dict[str, str], dict[str, Chart]]) -> None:
    y = rendered[1]["chart-complaint-rate:en"].spec["layer"][0]["encoding"]["y"]
    assert (y["title"], y["axis"]["titleAngle"]) == ("per 10,000 households", 0)


def test_a_sparkline_is_labelled_with_its_latest_value_and_its_target(rendered: tuple[dict[str, str], dict[str, Chart]]) -> None:
    zh, en = rendered[1]["spark-complaint-rate:zh"].spec["datasets"], rendered[1]["spark-complaint-rate:en"].spec["datasets"]
    assert [row["label"] for row in zh["latest"] + zh["goal"]] == ["2025年：1.8件/万户", "目标：1.2件/万户"]
    assert [row["label"] for row in en["latest"] + en["goal"]] == ["2025: 1.8 per 10,000 households", "Target: 1.2 per 10,000 households"]


def test_no_chart_has_a_caption_repeating_its_title(pages: dict[str, str]) -> None:
    page = pages["indicators/complaint-rate.en.md"]
    assert '<figure class="plansite-chart" id="chart-complaint-rate">' in page
    assert "<figcaption" not in "".join(pages.values())


def test_a_sparkline_marks_a_value_this_site_derived_in_its_colour_and_its_label(tmp_path: Path) -> None:
    project = copy_fixture_plan("lakeside", tmp_path / "project")
    formula = "formula: {zh: 1.9 × 0.95 ≈ 1.8，由增幅推算。, en: '1.9 × 0.95 ≈ 1.8, from the change.'}"
    edit(
        project,
        "snapshots/2026-03-31.yaml",
        "period: 2025, value: 1.8, confidence: official,",
        f"period: 2025, value: 1.8, confidence: derived, {formula},",
    )
    sparks = {
        (c.id, c.svg_name): c
        for c in render_site(load_dataset(Paths.at(project), today=LAKESIDE_TODAY)).charts
        if c.id == "spark-complaint-rate"
    }
    labels = sorted(chart.spec["datasets"]["latest"][0]["label"] for chart in sparks.values())
    assert labels == ["2025: 1.8 per 10,000 households (derived by this site)", "2025年：1.8件/万户（本站推算）"]
    for chart in sparks.values():
        assert chart.spec["datasets"]["derived"] == [{"year": 2025.0, "value": 1.8}]
        assert [layer["mark"].get("color") for layer in chart.spec["layer"] if layer["data"]["name"] == "derived"] == [SERIES_COLORS[3]]


# --- spacing: Chinese runs on after its full-width punctuation, English keeps its spaces ----------

#: Full-width marks that carry their own space: no space follows them in Chinese text.
FULL_WIDTH_MARKS = "。，、；：！？）」』》】”"
SPACE_AFTER_FULL_WIDTH = re.compile(f"[{FULL_WIDTH_MARKS}][ \\t\\u00a0]+(?=\\S)")


class _PageText(HTMLParser):
    """A page's text as a reader sees it: no code or chart spec, a line per block
    and per status badge (a pill set apart from the text around it)."""

    BLOCKS = frozenset({"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "div", "tr", "br", "blockquote", "figure"})
    SKIPPED = frozenset({"code", "pre", "script", "style"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0
        self.badge = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.skipping += tag in self.SKIPPED
        self.badge = tag == "span" and "plansite-status" in (dict(attrs).get("class") or "")
        self.parts += ["\n"] if tag in self.BLOCKS or self.badge else []

    def handle_endtag(self, tag: str) -> None:
        self.skipping -= tag in self.SKIPPED
        self.parts += ["\n"] if tag in self.BLOCKS or (tag == "span" and self.badge) else []
        self.badge = self.badge and tag != "span"

    def handle_data(self, data: str) -> None:
        self.parts += [] if self.skipping else [data]


def page_text(markdown_page: str) -> str:
    parser = _PageText()
    parser.feed(to_html(markdown_body(markdown_page)))
    return "".join(parser.parts)


def spaces_after_full_width(text: str) -> list[str]:
    """Each space after a full-width mark within a line of text, with what is either side."""
    return [text[max(m.start() - 2, 0) : m.end() + 2] for m in SPACE_AFTER_FULL_WIDTH.finditer(text)]


def test_spaces_after_full_width_finds_a_space_after_a_full_width_mark_only() -> None:
    assert spaces_after_full_width("结束。 8项目标中；（2025年） · 目标：  30件") == ["结束。 8项", "5年） · ", "目标：  30"]
    assert spaces_after_full_width("结束。8项目标中（目标）·目标：30件。\n下一段 Met. Next (x) · y, z") == []


@pytest.fixture(scope="module", params=["running", "ended"])
def lakeside_pages(request: pytest.FixtureRequest, lakeside: Dataset) -> dict[str, str]:
    """The fixture plan's pages while it runs, and once it has ended (its final account and outcomes)."""
    ds = lakeside if request.param == "running" else dataclasses.replace(lakeside, today=dt.date(2028, 4, 1))
    return {k: v.decode("utf-8") for k, v in render_site(ds).files.items() if k.endswith(".md")}


def test_no_space_follows_full_width_punctuation_on_the_chinese_pages(lakeside_pages: dict[str, str]) -> None:
    chinese = [path for path in lakeside_pages if not re.search(r"\.[a-z]{2}\.md$", path)]
    assert len(chinese) > 30
    found = {path: spaces for path in chinese if (spaces := spaces_after_full_width(page_text(lakeside_pages[path])))}
    assert found == {}


def test_the_english_pages_keep_their_spaces_between_statements_and_items(lakeside_pages: dict[str, str]) -> None:
    home, task = page_text(lakeside_pages["index.en.md"]), page_text(lakeside_pages["tasks/one-window-permits.en.md"])
    assert "Part of: 1. Permits project\n" in task
    assert "Latest value (2025) · Target: down to 1.2 per 10,000 households\n" in home
    assert "This site's data last compiled: 2026-03-31 · Progress on all targets\n" in home
    assert "the number of tasks each leads and supports. Directory of units\n" in home
    if "final.en.md" in lakeside_pages:
        assert re.search(r"The plan's period ended on 2027-12-31\. Of 6 targets: .*\. See the final results\n", home)


def test_the_chinese_pages_join_statements_and_items_by_their_labels(lakeside: Dataset) -> None:
    pages = {k: v.decode("utf-8") for k, v in render_site(lakeside).files.items() if k.endswith(".md")}
    assert "所属工程：[1. 审批提升工程](../projects/permits.md)\n" in pages["tasks/one-window-permits.md"]
    assert '<div class="plansite-card__meta">最新值（2025年）·目标：降至1.2件/万户</div>' in pages["index.md"]
    assert "实际为1.8件/万户。[判定方法](index.md)\n" in pages["indicators/complaint-rate.md"]
    assert "(2025)</div>" not in pages["index.md"]


def test_a_target_year_in_brackets_is_worded_as_a_period(lakeside: Dataset) -> None:
    pages = render_pages(dataclasses.replace(lakeside, today=dt.date(2028, 4, 1)))
    assert "| 降至1.2件/万户（2027年） |" in pages["final.md"]
    assert "| down to 1.2 per 10,000 households (2027) |" in pages["final.en.md"]


# --- the plan's own wording on a page in another language carries the plan's locale -------------

#: Chinese characters and full-width punctuation.
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]+")


def unmarked_plan_language(markdown_page: str, locale: str) -> list[str]:
    """Chinese text on a page that is not inside an element marked lang=``locale``, outside code and addresses."""
    text = re.sub(rf'<(span|div) lang="{re.escape(locale)}"[^>]*>.*?</\1>', "", markdown_body(markdown_page), flags=re.S)
    for pattern in NOT_TEXT:
        text = pattern.sub("", text)
    return HAN.findall(text)


def test_unmarked_plan_language_finds_chinese_outside_a_marked_element() -> None:
    page = '---\n---\nTarget (wording: <span lang="zh-CN">达到30件</span>), 方案 <div lang="zh-CN" markdown>\n\n> 原文\n\n</div>'
    assert unmarked_plan_language(page, "zh-CN") == ["方案"]
    assert unmarked_plan_language(page, "zh-TW") == ["达到", "件", "方案", "原文"]


@pytest.mark.parametrize(
    "path",
    [
        "goals.en.md",
        "indicators/index.en.md",
        "units/index.en.md",
        "units/business-office.en.md",
        "indicators/complaint-rate.en.md",
        "tasks/one-window-permits.en.md",
    ],
)
def test_the_plans_own_wording_on_an_english_page_carries_the_plans_locale(lakeside_root: Path, pages: dict[str, str], path: str) -> None:
    locale = site_locales(lakeside_root)["zh"]
    assert HAN.search(pages[path]), "the page quotes the plan's own wording"
    assert unmarked_plan_language(pages[path], locale) == []


def test_the_plans_own_wording_is_not_marked_on_a_page_in_the_plans_language(pages: dict[str, str]) -> None:
    assert "lang=" not in pages["goals.md"] + pages["units/business-office.md"] + pages["indicators/complaint-rate.md"]
