"""Rendering to Markdown: data text is shown, never run, and every page exists in both languages."""

from __future__ import annotations

import dataclasses
import functools
import re
from functools import partial
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from mkdocs.utils.meta import get_data

from builder.config import Paths
from builder.i18n import format_target, format_value
from builder.lifecycle import OUTCOMES
from builder.model import TASK_STATUSES, Dataset, Indicator, UnitOfMeasure
from builder.progress import STATUSES
from builder.render import render_pages
from builder.speak import css_string, md_block, md_escape
from builder.validate import load_dataset

from .conftest import LAKESIDE_TODAY
from .helpers import REPO_ROOT, copy_fixture_plan, copy_project, edit

HOSTILE = "<script>alert(1)</script> [x](javascript:alert(1))"
HOSTILE_MD = r"&lt;script&gt;alert(1)&lt;/script&gt; \[x\](javascript:alert(1))"
HOSTILE_HTML = "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))"


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml, whose !!python/name tags are MkDocs' business, not ours."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


@functools.cache
def site_markdown_extensions() -> tuple[list[str], dict[str, Any]]:
    """The Markdown extensions mkdocs.yml turns on, with their settings."""
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            settings[name] = options
    return names, settings


def to_html(text: str) -> str:
    names, settings = site_markdown_extensions()
    return markdown.markdown(text, extensions=names, extension_configs=settings)


def test_the_site_extensions_include_those_that_read_markup_in_text() -> None:
    names, _ = site_markdown_extensions()
    assert {"tables", "attr_list", "md_in_html", "def_list"} <= set(names)


# --- escaping -------------------------------------------------------------------

ESCAPED_INLINE = {
    "an HTML tag": ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    "a Markdown link": ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
    "an image": ("![x](http://evil.example/x.png)", r"!\[x\](http://evil.example/x.png)"),
    "an ampersand": ("R&D", "R&amp;D"),
    "a table cell separator": ("a|b", r"a\|b"),
    "emphasis and code": ("*a* _b_ `c` ~d~", r"\*a\* \_b\_ \`c\` \~d\~"),
    "an attribute list": ("{: onclick=x}", r"\{: onclick=x\}"),
    "a backslash": ("a\\b", "a\\\\b"),
    "a list number after a newline": ("a\n1. b", "a\n1&#46; b"),
    "a heading after a newline": ("a\n# b", "a\n&#35; b"),
    "a list item after a newline": ("a\n- b\n+ c", "a\n&#45; b\n&#43; c"),
    "plain Chinese": ("持续推进知识产权综合管理体制机制改革", "持续推进知识产权综合管理体制机制改革"),
}


@pytest.mark.parametrize(("text", "escaped"), ESCAPED_INLINE.values(), ids=ESCAPED_INLINE.keys())
def test_md_escape_makes_markup_literal(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


def test_md_escape_leaves_the_start_of_the_first_line_to_its_context() -> None:
    # Inline values follow other text on their line ("- {{ name }}"), so a leading "1." is harmless there.
    assert md_escape("1. a") == "1. a"


ESCAPED_BLOCK = {
    "a numbered list": ("1. a", "1&#46; a"),
    "a numbered list with a parenthesis": ("2) a", "2&#41; a"),
    "a heading": ("# a", "&#35; a"),
    "a list item": ("- a", "&#45; a"),
    "an indented list item": ("  + a", "  &#43; a"),
    "a setext underline": ("a\n===", "a\n&#61;=="),
    "a quote": ("> a", "&gt; a"),
}


@pytest.mark.parametrize(("text", "escaped"), ESCAPED_BLOCK.values(), ids=ESCAPED_BLOCK.keys())
def test_md_block_keeps_a_value_from_starting_a_block(text: str, escaped: str) -> None:
    assert md_block(text) == escaped


@pytest.mark.parametrize("text", ["1. a", "# a", "- a", "> a", "a\n===", "a\n---"])
def test_md_block_text_renders_as_one_plain_paragraph(text: str) -> None:
    assert re.fullmatch(r"<p>[^<]*</p>", to_html(md_block(text)))


def test_md_block_keeps_a_value_from_starting_an_admonition() -> None:
    assert "admonition" not in to_html(md_block('!!! danger "Hacked"\n    text'))


def test_md_block_keeps_a_value_from_starting_a_definition_list() -> None:
    assert "<dl>" not in to_html(md_block("term\n: definition"))


# --- hostile data -----------------------------------------------------------------

HOSTILE_EDITS = {
    "task title": [
        ("projects.yaml", 'zh: "持续推进知识产权综合管理体制机制改革"', f'zh: "{HOSTILE}"'),
        (
            "projects.yaml",
            'en: "Continue to advance the reform of the systems and mechanisms for comprehensive IP administration"',
            f'en: "{HOSTILE}"',
        ),
    ],
    "task description": [
        (
            "projects.yaml",
            'zh: "建立知识产权领域以信用为基础的分级分类监管模式',
            f'zh: "{HOSTILE} 建立知识产权领域以信用为基础的分级分类监管模式',
        ),
    ],
    "unit name": [
        (
            "units.yaml",
            "name: {zh: 武汉市发展和改革委员会, en: Wuhan Municipal Development and Reform Commission}",
            f'name: {{zh: "{HOSTILE}", en: "{HOSTILE}"}}',
        ),
    ],
    "unit short name": [
        ("units.yaml", "short: {zh: 市发改委, en: Municipal Development and Reform Commission}", f'short: {{zh: "{HOSTILE}", en: "x"}}'),
    ],
}


@pytest.fixture(scope="module")
def hostile_renders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """For each hostile edit, every rendered page (rendering is slow: each is done once)."""
    renders = {}
    for name, edits in HOSTILE_EDITS.items():
        project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
        for file, old, new in edits:
            edit(project, file, old, new)
        renders[name] = render_pages(load_dataset(Paths.at(project)))
    return renders


def markdown_body(text: str) -> str:
    """What MkDocs reads as Markdown: the page without its front matter."""
    return get_data(text)[0]


@pytest.fixture(params=HOSTILE_EDITS.keys())
def hostile_pages(request: pytest.FixtureRequest, hostile_renders: dict[str, dict[str, str]]) -> dict[str, str]:
    """The rendered pages (their Markdown) that show a data value set to hostile text."""
    bodies = {path: markdown_body(text) for path, text in hostile_renders[request.param].items()}
    pages = {path: body for path, body in bodies.items() if "alert(1)" in body}
    assert pages, "the hostile text should appear on some page"
    return pages


def test_a_hostile_title_is_escaped_in_the_task_heading(hostile_renders: dict[str, dict[str, str]]) -> None:
    pages = {path: markdown_body(text) for path, text in hostile_renders["task title"].items()}
    assert (pages["tasks/1-1.md"].splitlines()[0], pages["tasks/1-1.en.md"].splitlines()[0]) == (
        f"# 1.1 {HOSTILE_MD}",
        f"# 1.1 {HOSTILE_MD}",
    )


def test_hostile_text_in_a_description_stays_a_value_of_the_front_matter(hostile_renders: dict[str, dict[str, str]]) -> None:
    """The theme escapes the description where it prints it (tests/test_share.py); here it
    must come out of the front matter exactly as written, and not spill into the page."""
    body, meta = get_data(hostile_renders["task title"]["tasks/1-1.en.md"])
    assert meta["description"].startswith(f"Key task 1.1: {HOSTILE} (led by ")
    assert HOSTILE not in body


def markdown_lines(text: str) -> list[str]:
    """The lines Markdown reads as Markdown: not those of raw HTML blocks, which the templates start with a tag."""
    return [line for line in text.splitlines() if not line.startswith("<")]


def test_hostile_text_becomes_no_tag_or_link_in_markdown(hostile_pages: dict[str, str]) -> None:
    unescaped_link = re.compile(r"(?<!\\)\]\(javascript:")
    offending = [
        path
        for path, text in hostile_pages.items()
        if "<script>alert" in text or any(unescaped_link.search(line) for line in markdown_lines(text))
    ]
    assert offending == []


class _Active(HTMLParser):
    """Scripts that would run and links or sources that would run JavaScript."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self._in_script = tag == "script" and values.get("type") in (None, "", "text/javascript", "module")
        self.found += [
            f"<{tag} {k}={v}>" for k, v in values.items() if k in ("href", "src") and (v or "").strip().startswith("javascript:")
        ]

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.found.append(f"<script>{data[:40]}")


def active_content(html: str) -> list[str]:
    parser = _Active()
    parser.feed(html)
    parser.close()
    return parser.found


def test_hostile_text_becomes_no_script_or_javascript_link_in_html(hostile_pages: dict[str, str]) -> None:
    offending = {path: found for path, text in hostile_pages.items() if (found := active_content(to_html(text)))}
    assert offending == {}


def test_hostile_text_is_shown_as_written(hostile_pages: dict[str, str]) -> None:
    hidden = [path for path, text in hostile_pages.items() if HOSTILE_HTML not in to_html(text)]
    assert hidden == []


def test_a_unit_name_written_as_a_folded_block_keeps_the_units_table_whole(project: Path) -> None:
    edit(
        project,
        "units.yaml",
        "name: {zh: 武汉市发展和改革委员会, en: Wuhan Municipal Development and Reform Commission}",
        "name:\n      zh: 武汉市发展和改革委员会\n      en: >\n        Wuhan Municipal Development\n        and Reform Commission\n",
    )
    table = render_pages(load_dataset(Paths.at(project)))["units/index.en.md"].split("|---|---|---|---|\n")[1].split("\n\n")[0]
    assert [row for row in table.splitlines() if not (row.startswith("| ") and row.endswith(" |"))] == []


# --- pages --------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(real_dataset: Dataset) -> dict[str, str]:
    return render_pages(real_dataset)


def test_every_page_exists_in_both_languages(pages: dict[str, str]) -> None:
    zh = {path for path in pages if not path.endswith(".en.md")}
    en = {path for path in pages if path.endswith(".en.md")}
    assert {path.removesuffix(".md") + ".en.md" for path in zh} == en


def test_there_is_a_page_for_the_home_goals_safeguards_and_every_project_task_and_unit(
    pages: dict[str, str], real_dataset: Dataset
) -> None:
    expected = {"index.md", "goals.md", "safeguards.md", "projects/index.md", "tasks/index.md", "units/index.md"}
    expected |= {f"projects/{p.id}.md" for p in real_dataset.projects.projects}
    expected |= {f"tasks/{t.id}.md" for t in real_dataset.tasks}
    expected |= {f"units/{u.id}.md" for u in real_dataset.units.units}
    assert expected <= set(pages)


def unit_line(ds: Dataset, unit_ids: tuple[str, ...], lang: str) -> str:
    """How a task page lists units: linked, by the plan's wording in zh and the full name in en."""
    if not unit_ids:
        return md_escape(ds.label("none", lang))
    if lang == "zh":
        return "、".join(f"[{md_escape(ds.unit_by_id[u].short('zh'))}](../units/{u}.md)" for u in unit_ids)
    return ", ".join(f"[{md_escape(ds.unit_by_id[u].name('en'))}](../units/{u}.en.md)" for u in unit_ids)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_task_page_names_and_links_its_lead_units(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    suffix = ".md" if lang == "zh" else ".en.md"
    heading = f"**{real_dataset.label('lead-units', lang)}**"
    missing = [
        t.id for t in real_dataset.tasks if f"{heading}\n: {unit_line(real_dataset, t.lead, lang)}\n" not in pages[f"tasks/{t.id}{suffix}"]
    ]
    assert missing == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_task_page_names_and_links_its_responsible_units(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    suffix = ".md" if lang == "zh" else ".en.md"
    heading = f"**{real_dataset.label('responsible-units', lang)}**"
    missing = [
        t.id
        for t in real_dataset.tasks
        if f"{heading}\n: {unit_line(real_dataset, t.responsible, lang)}\n" not in pages[f"tasks/{t.id}{suffix}"]
    ]
    assert missing == []


def test_a_task_with_no_responsible_unit_says_none(pages: dict[str, str], real_dataset: Dataset) -> None:
    assert real_dataset.task_by_id["2-3"].responsible == ()
    assert "**责任单位**\n: 无\n" in pages["tasks/2-3.md"]
    assert "**Responsible units**\n: None\n" in pages["tasks/2-3.en.md"]


def test_the_english_task_page_quotes_the_plans_chinese_text(pages: dict[str, str], real_dataset: Dataset) -> None:
    task = real_dataset.task_by_id["1-2"]
    title, description = task.title("zh"), task.description("zh")
    assert f'<div lang="zh-CN" markdown>\n\n> **{title}**\n>\n> {description}\n\n</div>\n' in pages["tasks/1-2.en.md"]


# --- numbers and targets ------------------------------------------------------


def _measure(unit_id: str, zh: str, en: str, **options: object) -> UnitOfMeasure:
    return UnitOfMeasure.model_validate(
        {"id": unit_id, "name": {"zh": zh, "en": en}, "format": {"zh": "{value}" + zh, "en": "{value} " + en}, **options}
    )


MEASURES = {
    "yi-yuan": _measure("yi-yuan", "亿元", "billion yuan", decimals=1, scale={"en": 0.1}),
    "wan-yuan": _measure("wan-yuan", "万元", "× 10,000 yuan", decimals=0),
    "jia": _measure("jia", "家", "firms"),
    "rate": _measure("rate", "件/万户", "per 10,000", decimals=2),
    "year-count": _measure("year-count", "年", "years", thousands=False),
}

VALUES = {
    "money in the unit entered": (41.97, "yi-yuan", "zh", "42亿元"),
    "a scale for a language that writes billions": (41.97, "yi-yuan", "en", "4.2 billion yuan"),
    "万元 stays 万元, never 亿元": (5600, "wan-yuan", "zh", "5,600万元"),
    "no decimals when the unit has none": (5600.4, "wan-yuan", "en", "5,600 × 10,000 yuan"),
    "counts of 家": (800, "jia", "zh", "800家"),
    "trailing zeros dropped": (1.20, "rate", "en", "1.2 per 10,000"),
    "two decimals at most": (1.234, "rate", "zh", "1.23件/万户"),
    "no thousands separator where the unit says so": (2025, "year-count", "en", "2025 years"),
}


@pytest.mark.parametrize(("value", "unit", "lang", "shown"), VALUES.values(), ids=VALUES.keys())
def test_a_value_is_written_as_its_unit_says_in_each_language(value: float, unit: str, lang: str, shown: str) -> None:
    assert format_value(value, MEASURES[unit], lang) == shown


def label_in(ds: Dataset, key: str, lang: str) -> str:
    return ds.label(key, lang)


def test_each_kind_of_target_is_worded_by_its_label(real_dataset: Dataset) -> None:
    measure = MEASURES["rate"]
    words = {}
    for kind in ("reach", "at-least", "at-most", "decrease-to"):
        indicator = Indicator.model_validate(
            {"id": "x", "number": 1, "name": {"zh": "x", "en": "x"}, "unit": "rate", "target": {"kind": kind, "value": 1.2},
             "target_text": {"zh": "x", "en": "x"}, "definition": {"zh": "x", "en": "x"}}
        )  # fmt: skip
        words[kind] = [
            format_target(indicator, measure, lang, lambda key, lang=lang: real_dataset.label(key, lang)) for lang in ("zh", "en")
        ]
    assert words == {
        "reach": ["1.2件/万户", "1.2 per 10,000"],
        "at-least": ["1.2件/万户以上", "at least 1.2 per 10,000"],
        "at-most": ["不超过1.2件/万户", "at most 1.2 per 10,000"],
        "decrease-to": ["降至1.2件/万户", "down to 1.2 per 10,000"],
    }


def test_a_qualitative_target_is_words_not_a_number(real_dataset: Dataset) -> None:
    ranking = next(i for i in real_dataset.indicators.indicators if i.qualitative)
    measure = real_dataset.measure(ranking)
    assert [format_target(ranking, measure, lang, partial(label_in, real_dataset, lang=lang)) for lang in ("zh", "en")] == [
        ranking.target.text("zh"),
        ranking.target.text("en"),
    ]


def test_every_status_and_outcome_badge_has_a_background_in_the_stylesheet() -> None:
    # Badge text is white: a badge without a background rule is invisible.
    css = (REPO_ROOT / "theme" / "assets" / "plansite.css").read_text(encoding="utf-8")
    coloured = {
        name
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
        if "background:" in body
        for name in re.findall(r"\.plansite-status--([a-z-]+)", selectors)
    }
    badges = {*STATUSES, *TASK_STATUSES, *(f"outcome-{kind}" for kind in OUTCOMES)}
    assert sorted(badges - coloured) == []


def test_a_css_string_cannot_end_early_or_break_the_attribute() -> None:
    assert css_string('a"b\\c\n') == '"a\\22 b\\5c c\\a "'
    assert css_string("序号：") == '"序号："'


def test_a_stacked_table_labels_each_column_in_order_in_the_pages_language(tmp_path: Path) -> None:
    # A label with quotes and markup stays text inside the style attribute.
    project = copy_fixture_plan("lakeside", tmp_path / "project")
    edit(project, "ui.yaml", '  col-number: {zh: 序号, en: "No."}', '  col-number: {zh: 序号, en: "N\\"o.</div>"}')
    pages = render_pages(load_dataset(Paths.at(project), today=LAKESIDE_TODAY))
    stacked = re.compile(r'<div class="plansite-stacked" style="([^"]*)" markdown>')
    zh, en = (stacked.search(pages[p]).group(1) for p in ("progress.md", "progress.en.md"))
    assert zh.startswith("--plansite-col-1: &quot;序号：&quot;; --plansite-col-2: &quot;指标：&quot;;")
    assert en.startswith("--plansite-col-1: &quot;N\\22 o.&lt;/div&gt;: &quot;; --plansite-col-2: &quot;Indicator: &quot;;")
    assert zh.count("--plansite-col-") == 6


def test_a_baseline_from_after_the_plans_first_year_says_none_was_found_for_that_year_or_before(tmp_path: Path) -> None:
    root = copy_fixture_plan("lakeside", tmp_path / "project")
    edit(root, "plan.yaml", "period: {start: 2024, end: 2027}", "period: {start: 2023, end: 2027}")
    pages = render_pages(dataclasses.replace(load_dataset(Paths.at(root)), today=LAKESIDE_TODAY))
    # service points: the earliest value is 2024's, after the plan's first year; complaint rate: 2023's, in it
    service_points = pages["indicators/service-points.en.md"]
    assert ": 90 (2024; no figure for 2023 or before)" in service_points
    assert ": 90个（2024年；2023年及以前无数据）" in pages["indicators/service-points.md"]
    assert "no figure for" not in pages["indicators/complaint-rate.en.md"]
