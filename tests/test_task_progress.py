"""Task progress: sourced notes and the editors' status of each task, checked in the data releases and
shown on the task, project, unit, home and progress pages in both languages."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from builder.config import Paths
from builder.errors import DataError
from builder.lifecycle import outcomes
from builder.model import TASK_STATUSES, Dataset
from builder.render import render_pages
from builder.speak import localized, md_escape
from builder.validate import load_dataset

from .helpers import DEFAULT_LANGUAGE, LANGUAGES, LOCALES, edit, line_of

REVIEW = "snapshots/2026-11-24.yaml"  # the release in which the editors set every task's status
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


def problems_in(root: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(Paths.at(root))
    return [str(p) for p in caught.value.problems]


def status_index(ds: Dataset) -> dict[str, int]:
    """Each task's position in the statuses of the review release."""
    review = next(r for r in ds.releases if f"snapshots/{r.id}.yaml" == REVIEW)
    return {s.task: i for i, s in enumerate(review.progress.statuses)}


# --- validation -------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """Edits of data files, and the problems they must produce.

    ``expected``: (file, text on the line of the problem in the edited file, the
    message after "file:LINE: "); ``{s[TASK]}`` in a message is that task's
    index in the statuses of the review release.
    """

    edits: tuple[tuple[str, str, str], ...]
    expected: tuple[tuple[str, str, str], ...]


ORPHANED = (
    "progress.statuses[{{s[{task}]}}].status: task '{task}' is marked 'under-way' but has no sourced progress note "
    "in this release or an earlier one (expected a note on task '{task}' with its source, or status 'no-public-information', "
    "got 'under-way')"
)

NOTE_SOURCE_2023 = """\
      source:
        publisher: {zh: 长江日报, en: Changjiang Daily}
        title: {zh: 光谷知识产权国际合作中心揭牌（报道）, en: Optics Valley IP International Cooperation Center unveiled (news report)}
        date: 2023-05-16
        url: null
        note:
          zh: 该报道见于检索索引；请按刊物和日期查阅。
          en: The report was found in a search index; look it up by newspaper and date.
"""

CASES = {
    "unknown task id in a note, with a suggestion": Broken(
        (("snapshots/2025-08-22.yaml", '- task: "3-3"', '- task: "3-33"'),),
        (
            (
                "snapshots/2025-08-22.yaml",
                'task: "3-33"',
                "progress.notes[0].task: unknown task id '3-33'; did you mean '3-3'? "
                "(expected a task id from data/projects.yaml, got '3-33')",
            ),
            # The task's status now rests on no note.
            (REVIEW, '{task: "3-3", status: under-way', ORPHANED.format(task="3-3")),
        ),
    ),
    "unknown task id in a status": Broken(
        ((REVIEW, '{task: "5-4", status:', '{task: "5-44", status:'),),
        (
            (
                REVIEW,
                '{task: "5-44"',
                "progress.statuses[{s[5-4]}].task: unknown task id '5-44'; did you mean '5-4'? "
                "(expected a task id from data/projects.yaml, got '5-44')",
            ),
        ),
    ),
    "a status set in a release before the task's first note": Broken(
        (
            (
                "snapshots/2025-04-25.yaml",
                "progress:\n  notes:\n",
                'progress:\n  statuses:\n    - {task: "3-3", status: under-way, reviewed: 2025-04-25}\n  notes:\n',
            ),
        ),
        (
            (
                "snapshots/2025-04-25.yaml",
                '{task: "3-3", status: under-way',
                "progress.statuses[0].status: task '3-3' is marked 'under-way' but has no sourced progress note in this release "
                "or an earlier one (expected a note on task '3-3' with its source, or status 'no-public-information', got 'under-way')",
            ),
        ),
    ),
    "a note without its source": Broken(
        (("snapshots/2023-05-16.yaml", NOTE_SOURCE_2023, ""),),
        (
            (
                "snapshots/2023-05-16.yaml",
                'task: "6-4"',
                "progress.notes[0].source: missing required field (expected a value, got nothing)",
            ),
            # Without it the note supports no status.
            (REVIEW, "status: under-way\n      reviewed: 2026-11-24\n      note:\n        zh: 光谷", ORPHANED.format(task="6-4")),
        ),
    ),
    "a source without its url (not even null)": Broken(
        (("snapshots/2023-05-16.yaml", "        url: null\n", ""),),
        (
            (
                "snapshots/2023-05-16.yaml",
                "      source:",
                "progress.notes[0].source.url: missing required field (expected a value, got nothing)",
            ),
        ),
    ),
    "a source url that is not a web address": Broken(
        (("snapshots/2023-05-16.yaml", "        url: null\n", "        url: ftp://example.org/a\n"),),
        (
            (
                "snapshots/2023-05-16.yaml",
                "url: ftp://",
                "progress.notes[0].source.url: not a web address (expected a URL starting with http:// or https://, got 'ftp://example.org/a')",
            ),
        ),
    ),
    "a note dated after its release": Broken(
        (("snapshots/2025-08-22.yaml", "      date: 2025-08-22\n      text:", "      date: 2025-08-23\n      text:"),),
        (
            (
                "snapshots/2025-08-22.yaml",
                "date: 2025-08-23",
                "progress.notes[0].date: the note is dated after the release date 2025-08-22 "
                "(expected a date on or before the release date, got 2025-08-23)",
            ),
        ),
    ),
    "a source dated after its release": Broken(
        (("snapshots/2025-08-22.yaml", "        date: 2025-08-22\n        url:", "        date: 2025-09-01\n        url:"),),
        (
            (
                "snapshots/2025-08-22.yaml",
                "date: 2025-09-01",
                "progress.notes[0].source.date: the source is dated after the release date 2025-08-22 "
                "(expected a date on or before the release date, got 2025-09-01)",
            ),
        ),
    ),
    "a review dated after its release": Broken(
        (
            (
                REVIEW,
                '{task: "1-1", status: no-public-information, reviewed: 2026-11-24}',
                '{task: "1-1", status: no-public-information, reviewed: 2026-11-25}',
            ),
        ),
        (
            (
                REVIEW,
                "reviewed: 2026-11-25",
                "progress.statuses[{s[1-1]}].reviewed: the review is dated after the release date 2026-11-24 "
                "(expected a date on or before the release date, got 2026-11-25)",
            ),
        ),
    ),
    "a status that is not one of the four": Broken(
        ((REVIEW, '{task: "1-1", status: no-public-information', '{task: "1-1", status: done'),),
        (
            (
                REVIEW,
                "status: done",
                "progress.statuses[{s[1-1]}].status: not an allowed value "
                "(expected one of 'not-started', 'under-way', 'delivered' or 'no-public-information', got 'done')",
            ),
        ),
    ),
    "two statuses for one task in one release": Broken(
        (
            (
                REVIEW,
                '    - {task: "1-1", status: no-public-information, reviewed: 2026-11-24}\n',
                '    - {task: "1-1", status: no-public-information, reviewed: 2026-11-24}\n'
                '    - {task: "1-1", status: no-public-information, reviewed: 2026-11-24}  # again\n',
            ),
        ),
        (
            (
                REVIEW,
                "reviewed: 2026-11-24}  # again",
                "progress.statuses[1].task: task '1-1' already has a status in this release (line {first}) "
                "(expected one status per task and release, got '1-1')",
            ),
        ),
    ),
    "a confidence that is not allowed for a note": Broken(
        (("snapshots/2025-08-22.yaml", "      confidence: repost", "      confidence: rumour"),),
        (
            (
                "snapshots/2025-08-22.yaml",
                "confidence: rumour",
                "progress.notes[0].confidence: not an allowed value (expected one of 'official', 'reported' or 'repost', got 'rumour')",
            ),
        ),
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_broken_progress_entry_is_reported_at_its_line(project: Path, real_dataset: Dataset, case: Broken) -> None:
    for file, old, new in case.edits:
        edit(project, file, old, new)
    first = line_of((project / "data" / REVIEW).read_text(encoding="utf-8"), '{task: "1-1"')
    expected = []
    for file, marker, message in case.expected:
        line = line_of((project / "data" / file).read_text(encoding="utf-8"), marker)
        expected.append(f"data/{file}:{line}: " + message.format(s=status_index(real_dataset), first=first))
    assert problems_in(project) == sorted(expected)


@pytest.mark.parametrize("status", ["under-way", "delivered", "not-started"])
def test_any_status_but_no_public_information_needs_a_sourced_note(project: Path, real_dataset: Dataset, status: str) -> None:
    text = edit(project, REVIEW, '{task: "1-1", status: no-public-information', f'{{task: "1-1", status: {status}')
    line = line_of(text, '{task: "1-1"')
    assert problems_in(project) == [
        f"data/{REVIEW}:{line}: progress.statuses[{status_index(real_dataset)['1-1']}].status: task '1-1' is marked '{status}' "
        "but has no sourced progress note in this release or an earlier one "
        f"(expected a note on task '1-1' with its source, or status 'no-public-information', got '{status}')"
    ]


STATUS_IN_THE_NOTES_RELEASE = (
    "snapshots/2025-08-22.yaml",
    "progress:\n  notes:\n",
    'progress:\n  statuses:\n    - {task: "3-3", status: under-way, reviewed: 2025-08-22}\n  notes:\n',
)


def test_a_note_in_the_same_release_supports_a_status(project: Path) -> None:
    edit(project, REVIEW, '    - {task: "3-3", status: under-way, reviewed: 2026-11-24}\n', "")
    edit(project, *STATUS_IN_THE_NOTES_RELEASE)
    entry = load_dataset(Paths.at(project)).task_status("3-3")
    assert entry is not None
    assert (entry.release.id, entry.entry.status, entry.entry.reviewed.isoformat()) == ("2025-08-22", "under-way", "2025-08-22")


def test_the_newest_release_that_sets_a_status_gives_it(project: Path) -> None:
    edit(project, *STATUS_IN_THE_NOTES_RELEASE)
    entry = load_dataset(Paths.at(project)).task_status("3-3")
    assert entry is not None
    assert (entry.release.id, entry.entry.reviewed.isoformat()) == ("2026-11-24", "2026-11-24")


def test_a_task_no_release_has_reviewed_has_no_public_information(project: Path) -> None:
    edit(project, REVIEW, '    - {task: "1-1", status: no-public-information, reviewed: 2026-11-24}\n', "")
    ds = load_dataset(Paths.at(project))
    assert (ds.task_status("1-1"), ds.task_status_id("1-1")) == (None, "no-public-information")
    pages = render_pages(ds)
    assert "This site's editors have not reviewed this task yet." in pages["tasks/1-1.en.md"]
    assert "本站编辑尚未核查该任务。" in pages["tasks/1-1.md"]


def test_a_release_that_cannot_be_read_does_not_make_later_statuses_fail(project: Path) -> None:
    (project / "data" / "snapshots" / "2024-04-26.yaml").write_text("release: [unclosed\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(Paths.at(project))
    assert {p.file for p in caught.value.problems} == {"data/snapshots/2024-04-26.yaml"}


# --- the repository's own progress data -------------------------------------------------


def test_only_tasks_with_sourced_notes_are_marked_under_way_and_none_is_marked_otherwise(real_dataset: Dataset) -> None:
    ds = real_dataset
    noted = {t.id for t in ds.tasks if ds.task_notes(t.id)}
    expected = {t.id: "under-way" if t.id in noted else "no-public-information" for t in ds.tasks}
    assert {t.id: ds.task_status_id(t.id) for t in ds.tasks} == expected


def test_every_task_has_a_reviewed_status(real_dataset: Dataset) -> None:
    missing = [t.id for t in real_dataset.tasks if real_dataset.task_status(t.id) is None]
    assert missing == []


def test_the_notes_seeded_from_the_reference_facts_are_attached_to_their_tasks(real_dataset: Dataset) -> None:
    found = {
        (e.note.task, e.note.date.isoformat(), tuple(f.value for f in e.note.figures))
        for t in real_dataset.tasks
        for e in real_dataset.task_notes(t.id)
    }
    assert found == {
        ("2-1", "2025-04-25", (15,)),
        ("3-1", "2024-04-26", (8188,)),
        ("3-1", "2025-04-25", (7600, 7121)),
        ("3-2", "2024-04-26", ()),
        ("3-3", "2025-08-22", (61,)),
        ("4-2", "2024-04-26", (10123, 415)),
        ("4-4", "2024-04-26", (353,)),
        ("6-4", "2023-05-16", ()),
    }


def test_a_source_without_a_web_address_keeps_publisher_and_date(real_dataset: Dataset) -> None:
    (entry,) = real_dataset.task_notes("6-4")
    source = entry.note.source
    assert (source.url, source.publisher("zh"), source.date.isoformat()) == (None, "长江日报", "2023-05-16")


# --- pages ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(real_dataset: Dataset) -> dict[str, str]:
    return render_pages(real_dataset)


def badge(status: str, label: str) -> str:
    return f'<span class="plansite-status plansite-status--{status}">{label}</span>'


LABELS = {
    "zh": {"not-started": "未开始", "under-way": "推进中", "delivered": "已完成", "no-public-information": "暂无公开信息"},
    "en": {
        "not-started": "Not started",
        "under-way": "Under way",
        "delivered": "Delivered",
        "no-public-information": "No public information",
    },
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_task_page_shows_its_status_badge_and_review_date(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    wrong = []
    for task in real_dataset.tasks:
        page = pages[localized(f"tasks/{task.id}.md", lang, DEFAULT_LANGUAGE)]
        status = real_dataset.task_status_id(task.id)
        entry = real_dataset.task_status(task.id)
        if page.count(badge(status, LABELS[lang][status])) != 2 or entry is None or entry.entry.reviewed.isoformat() not in page:
            wrong.append(task.id)
    assert wrong == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_note_is_on_its_task_page_with_date_text_and_source(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    missing = []
    for task in real_dataset.tasks:
        page = pages[localized(f"tasks/{task.id}.md", lang, DEFAULT_LANGUAGE)]
        for e in real_dataset.task_notes(task.id):
            n = e.note
            wanted = [
                f"- **{n.date.isoformat()}**",
                md_escape(n.text(lang)),
                md_escape(n.source.publisher(lang)),
                md_escape(n.source.title(lang)),
            ]
            wanted.append(f"({n.source.url})" if n.source.url else {"zh": "（未能获得网址）", "en": "(no web address available)"}[lang])
            missing += [(task.id, w) for w in wanted if w not in page]
    assert missing == []


def test_a_task_page_timeline_reads_as_dated_sourced_entries(pages: dict[str, str]) -> None:
    assert (
        "- **2024-04-26** (figures for 2023): In 2023 there were 10,123 patent transfers and 415 patent licenses in Wuhan; "
        "licenses were up 138% year on year.  \n"
        "  Figures: Patent transfers: 10,123; Patent licenses: 415  \n"
        '  Source: China News Service (citing WAMR), "Wuhan IP Development and Protection in 2023" released (news report), '
        "published by the source on 2024-04-26. [view source](https://shanyouwang.com/9002miaw.shtml) "
        "(<strong>Warning: a mirror site, not the original publisher</strong>) "
        "The report was seen on a mirror website; the original is by China News Service. · News report read on a mirror site\n"
    ) in pages["tasks/4-2.en.md"]
    assert (
        "- **2023-05-16**：光谷知识产权国际合作中心揭牌。据报道，该中心占地50.45亩，计划投资20亿元，预计2024年建成。  \n"
        "  来源：长江日报，光谷知识产权国际合作中心揭牌（报道），来源发布于2023-05-16。（未能获得网址）"
        "该报道见于检索索引；请按刊物和日期查阅。·媒体报道\n"
    ) in pages["tasks/6-4.md"]


def test_the_notes_of_a_task_are_in_date_order(pages: dict[str, str]) -> None:
    page = pages["tasks/3-1.en.md"]
    assert 0 < page.index("- **2024-04-26**") < page.index("- **2025-04-25**")


@pytest.mark.parametrize(
    ("lang", "text"),
    [("zh", "本站尚未找到关于该任务的有来源的进展记录。"), ("en", "This site has not found a sourced progress note on this task yet.")],
)
def test_a_task_without_notes_says_so(pages: dict[str, str], lang: str, text: str) -> None:
    page = pages[localized("tasks/5-3.md", lang, DEFAULT_LANGUAGE)]
    assert text in page
    assert badge("no-public-information", LABELS[lang]["no-public-information"]) in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_project_page_shows_its_tasks_statuses_at_a_glance(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    for project in real_dataset.projects.projects:
        page = pages[localized(f"projects/{project.id}.md", lang, DEFAULT_LANGUAGE)]
        section = page[page.index({"zh": "## 任务进展一览", "en": "## Task status at a glance"}[lang]) :]
        rows = [line for line in section.splitlines() if line.startswith(f"| {project.number}.")]
        statuses = [real_dataset.task_status_id(t.id) for t in project.tasks]
        assert [re.search(r"plansite-status--([a-z-]+)", row).group(1) for row in rows] == statuses


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_unit_page_shows_the_status_of_the_tasks_it_leads(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    wrong = []
    for unit in real_dataset.units.units:
        page = pages[localized(f"units/{unit.id}.md", lang, DEFAULT_LANGUAGE)]
        for task in real_dataset.tasks_led_by(unit.id):
            status = real_dataset.task_status_id(task.id)
            item = re.search(rf"^- \[[^\n]*\]\(\.\./tasks/{task.id}(\.en)?\.md\) (.*)$", page, re.MULTILINE)
            if item is None or item.group(2) != badge(status, LABELS[lang][status]):
                wrong.append((unit.id, task.id))
    assert wrong == []


@pytest.mark.parametrize(
    ("lang", "link"), [("zh", "全部目标和重点任务的进展汇总见[总体进展](progress.md)"), ("en", "see [Overall progress](progress.en.md)")]
)
def test_the_home_page_links_to_the_progress_page(pages: dict[str, str], lang: str, link: str) -> None:
    assert link in pages[localized("index.md", lang, DEFAULT_LANGUAGE)]


# --- the progress page -------------------------------------------------------------


def progress_page(pages: dict[str, str], lang: str) -> str:
    return pages[localized("progress.md", lang, DEFAULT_LANGUAGE)]


def tables(page: str) -> list[str]:
    return re.findall(r"<table class=\"plansite-progress-table.*?</table>", page, re.DOTALL)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_progress_page_lists_the_8_indicators_with_outcome_and_share_of_target(
    pages: dict[str, str], real_dataset: Dataset, lang: str
) -> None:
    page = progress_page(pages, lang)
    results = outcomes(real_dataset)  # the plan has ended
    suffix = "" if lang == "zh" else ".en"
    rows = [line for line in page.splitlines() if re.match(r"\| \d \| \[", line)]
    assert len(rows) == 8 == len(real_dataset.indicators.indicators)
    for row, ind in zip(rows, real_dataset.indicators.indicators, strict=True):
        assert f"](indicators/{ind.id}{suffix}.md)" in row
        assert f"plansite-status--outcome-{results[ind.id].kind}" in row
    high_value = rows[0]
    assert high_value.split(" | ")[4] == "135%"  # 40.57 of 30


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_progress_page_lists_the_24_tasks_by_project_with_status_and_latest_note_date(
    pages: dict[str, str], real_dataset: Dataset, lang: str
) -> None:
    by_project = tables(progress_page(pages, lang))[0]
    groups = re.findall(r"<tbody>(.*?)</tbody>", by_project, re.DOTALL)
    assert len(groups) == len(real_dataset.projects.projects)
    for group, project in zip(groups, real_dataset.projects.projects, strict=True):
        assert f'<a href="../projects/{project.id}/">{project.number}. ' in group
        rows = re.findall(r"<tr data-lead=\"([^\"]*)\">(.*?)</tr>", group)
        assert [lead.split() for lead, _ in rows] == [list(t.lead) for t in project.tasks]
        for (_, row), task in zip(rows, project.tasks, strict=True):
            notes = real_dataset.task_notes(task.id)
            latest = notes[-1].note.date.isoformat() if notes else {"zh": "暂无", "en": "None yet"}[lang]
            if notes and (real_dataset.review_date - notes[-1].note.date).days > real_dataset.site.evidence_max_age_days:
                latest += {"zh": "（证据较旧）", "en": " (old evidence)"}[lang]  # flagged: too old to speak for today
            status = real_dataset.task_status_id(task.id)
            assert f'<a href="../tasks/{task.id}/">' in row
            assert row.endswith(f"<td>{badge(status, LABELS[lang][status])}</td><td>{latest}</td>")
    assert by_project.count("<tr data-lead=") == 24


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_progress_page_counts_tasks_per_status_in_a_chart_and_a_table(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    page = progress_page(pages, lang)
    counts = {s: sum(real_dataset.task_status_id(t.id) == s for t in real_dataset.tasks) for s in TASK_STATUSES}
    assert sum(counts.values()) == 24
    for status, n in counts.items():
        assert f"| {badge(status, LABELS[lang][status])} | {n} |" in page
    chart = re.search(r'<figure class="plansite-chart" id="chart-task-status">.*?</figure>', page, re.DOTALL)
    assert chart is not None
    separator = {"zh": "；", "en": "; "}[lang]
    listed = separator.join(f"{LABELS[lang][s]} {n}" for s, n in counts.items())
    description = {"zh": f"24项重点任务的进展状态：{listed}。", "en": f"Status of the 24 key tasks: {listed}."}[lang]
    assert f'aria-label="{description}"' in chart.group(0)
    assert f'alt="{description}"' in chart.group(0)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_progress_page_groups_tasks_by_lead_unit_and_offers_a_filter_for_scripts(
    pages: dict[str, str], real_dataset: Dataset, lang: str
) -> None:
    page = progress_page(pages, lang)
    leads = [u for u in real_dataset.units.units if real_dataset.tasks_led_by(u.id)]
    options = re.findall(r'<option value="([^"]*)">', page)
    assert options == ["", *[u.id for u in leads]]
    assert '<div class="plansite-progress-filter" hidden ' in page  # shown by the script only
    by_unit = tables(page)[1]
    groups = re.findall(r"<tbody>(.*?)</tbody>", by_unit, re.DOTALL)
    assert [re.search(r'href="\.\./units/([^/]+)/"', g).group(1) for g in groups] == [u.id for u in leads]
    for group, unit in zip(groups, leads, strict=True):
        assert re.findall(r'<tr data-lead="([^"]*)">', group) == [unit.id] * len(real_dataset.tasks_led_by(unit.id))


def test_the_progress_page_gives_the_background_note_with_its_source(pages: dict[str, str]) -> None:
    page = progress_page(pages, "en")
    assert "## Background" in page
    assert "Changjiang Daily reported that Wuhan had been named a national demonstration city" in page
    assert "[view source](http://www.cnhan.com/sywh/20221018/1043158.htm)" in page


def test_hostile_text_in_a_note_is_shown_not_run(project: Path) -> None:
    edit(
        project,
        "snapshots/2025-08-22.yaml",
        "        zh: 截至2025年8月",
        "        zh: <script>alert(1)</script>[x](javascript:alert(1)) 截至2025年8月",
    )
    page = render_pages(load_dataset(Paths.at(project)))["tasks/3-3.md"]
    assert "<script>alert(1)</script>" not in page
    assert r"&lt;script&gt;alert(1)&lt;/script&gt;\[x\](javascript:alert(1)) 截至2025年8月" in page


# --- the built site, with and without JavaScript ---------------------------------------


@pytest.fixture(scope="module")
def site(built_project: Path) -> Path:
    return built_project / "site"


@pytest.mark.parametrize(
    ("lang", "path", "title"), [("zh", "progress/index.html", "总体进展"), ("en", "en/progress/index.html", "Overall progress")]
)
def test_the_progress_page_is_built_in_both_languages_and_in_the_navigation(site: Path, lang: str, path: str, title: str) -> None:
    html = (site / path).read_text(encoding="utf-8")
    assert f'<html lang="{LOCALES[lang]}"' in html
    assert re.search(rf"<h1[^>]*>{title}<", html)
    assert re.search(r'<script src="[./]*assets/javascripts/plansite-progress-filter\.js"', html)
    home = (site / ("index.html" if lang == "zh" else "en/index.html")).read_text(encoding="utf-8")
    assert re.search(r'<a href="progress/"[^>]*class="md-nav__link"', home) or re.search(r'class="md-nav__link"[^>]*href="progress/"', home)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def in_browser(url: str, work: Callable[[Any], object], javascript: bool = True) -> object:
    """Open ``url`` in Chromium and return what ``work(page)`` returns.

    Runs in a thread of its own: a session-wide Playwright elsewhere in the
    suite keeps an event loop running in the main thread, where a second
    synchronous Playwright cannot start.
    """
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} is not installed")
    outcome: dict[str, object] = {}

    def run() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as p:
                chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    page = chromium.new_context(java_script_enabled=javascript).new_page()
                    page.goto(url)
                    outcome["value"] = work(page)
                finally:
                    chromium.close()
        except Exception as exc:  # reported in the test's own thread
            outcome["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]


def visible_rows(page: Any, table: int) -> list[str]:
    """The task numbers in the rows of the n-th task table that are shown."""
    return page.locator("table.plansite-progress-table").nth(table).locator("tr[data-lead]:visible td:first-child").all_text_contents()


def filter_by(unit: str) -> Callable[[Any], object]:
    def work(page: Any) -> object:
        shown = page.is_visible("#plansite-lead-filter")
        page.select_option("#plansite-lead-filter", unit)
        filtered = (visible_rows(page, 0), visible_rows(page, 1), page.text_content(".plansite-progress-filter__count"))
        page.select_option("#plansite-lead-filter", "")
        return shown, filtered, len(visible_rows(page, 0))

    return work


def test_the_lead_unit_filter_shows_only_that_units_tasks(served: str, real_dataset: Dataset) -> None:
    shown, (by_project, by_unit, count), after_reset = in_browser(f"{served}/en/progress/", filter_by("copyright"))
    numbers = [f"{real_dataset.project_of_task[t.id].number}.{t.number}" for t in real_dataset.tasks_led_by("copyright")]
    assert shown is True
    assert by_project == by_unit == numbers == ["2.3", "6.1"]
    assert count == "Showing 2 of 24 tasks"
    assert after_reset == 24


def test_without_javascript_the_filter_is_hidden_and_every_task_shown(served: str, real_dataset: Dataset) -> None:
    def work(page: Any) -> object:
        return page.is_visible(".plansite-progress-filter"), len(visible_rows(page, 0)), len(visible_rows(page, 1))

    lead_roles = sum(len(t.lead) for t in real_dataset.tasks)  # a task appears under each of its lead units
    assert in_browser(f"{served}/progress/", work, javascript=False) == (False, 24, lead_roles)


@pytest.mark.parametrize(
    ("lang", "old", "recent", "none"),
    [
        ("zh", "2024-04-26（2.6年前，证据较旧）", "2025-08-22（1.3年前）", "暂无"),
        ("en", "2024-04-26 (2.6 years old, old evidence)", "2025-08-22 (1.3 years old)", "None yet"),
    ],
)
def test_a_task_page_gives_the_age_of_its_latest_evidence_and_flags_old_evidence(
    pages: dict[str, str], lang: str, old: str, recent: str, none: str
) -> None:
    # Reviewed on 2026-11-24; evidence older than two years (site.yaml: evidence_max_age_days) is flagged.
    suffix = ".en.md" if lang == "en" else ".md"
    latest = {task: re.search(r"\n: (.*)\n\n\*\*[^*]+\*\*\n: 2026-11-24", pages[f"tasks/{task}{suffix}"]) for task in ("4-4", "3-3", "1-1")}
    assert {task: found.group(1) if found else None for task, found in latest.items()} == {"4-4": old, "3-3": recent, "1-1": none}
