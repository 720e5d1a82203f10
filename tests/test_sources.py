"""Sources as they are: a confidence tier at each source, a warning at a repost's
link, and the day a source published a value apart from the day this site compiled it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from builder.config import Paths
from builder.render import render_site
from builder.validate import load_dataset

from .helpers import copy_fixture_plan, edit

#: A news report read on a mirror site, dated by its source.
REPOST = (
    "confidence: repost, source: {publisher: {zh: 湖滨日报, en: Lakeside Daily}, title: {zh: 服务企业报道, en: Firms report}, "
    'date: 2025-01-20, url: "https://mirror.example/daily"}'
)
DERIVED = "confidence: derived, formula: {zh: 甲乘乙, en: A times B},"
NOTE = """progress:
  notes:
    - task: small-firm-loans
      date: 2025-02-01
      text: {zh: 贷款贴息已发放。, en: Loan subsidies were paid.}
      source:
        publisher: {zh: 湖滨日报, en: Lakeside Daily}
        title: {zh: 贴息报道, en: Subsidy report}
        date: 2025-02-01
        url: https://mirror.example/subsidy
      confidence: repost
"""


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The fixture plan with one value and one progress note read on a mirror site, and one derived value."""
    root = copy_fixture_plan("lakeside", tmp_path_factory.mktemp("sources") / "project")
    edit(
        root,
        "snapshots/2026-03-31.yaml",
        "period: 2024-Q4, value: 500, confidence: reported, source: *stats",
        f"period: 2024-Q4, value: 500, {REPOST}",
    )
    edit(root, "snapshots/2026-03-31.yaml", "value: 3000, confidence: official,", f"value: 3000, {DERIVED}")
    release = Path(root / "data" / "snapshots" / "2026-03-31.yaml")
    release.write_text(release.read_text(encoding="utf-8") + NOTE, encoding="utf-8")
    rendered = render_site(load_dataset(Paths.at(root), today=dt.date(2026, 6, 1))).files
    return {k: v.decode("utf-8") for k, v in rendered.items() if k.endswith((".md", ".csv"))}


def test_each_value_shows_its_tier_its_source_and_the_day_the_source_published_it_apart_from_the_day_compiled(
    files: dict[str, str],
) -> None:
    zh, en = files["indicators/firms-served.md"], files["indicators/firms-served.en.md"]
    assert "| 时期 | 数值 | 可信度 | 来源 | 来源发布日期 | 本站汇编日期 |" in zh
    assert (
        "| 2024年第4季度 | 500家 | 转载（媒体报道见于转载网站） | [湖滨日报](https://mirror.example/daily)"
        "（<strong>注意：转载网站，并非原始出处</strong>） | 2025-01-20 | 2026-03-31 |" in zh
    )
    assert (
        "| 2026年2月 | 180家 | 媒体报道（引述主管部门） | [湖滨市统计局](https://stats.lakeside.example/2024) | 未注明日期 | 2026-03-31 |"
        in zh
    )
    assert "| Period | Value | Confidence | Source | Published by the source | Compiled by this site |" in en
    assert (
        "| 2024 Q4 | 500 firms | Repost (a news report read on a mirror site) | [Lakeside Daily](https://mirror.example/daily) "
        "(<strong>Warning: a mirror site, not the original publisher</strong>) | 2025-01-20 | 2026-03-31 |" in en
    )


def test_the_list_of_sources_says_when_each_source_published_and_when_this_site_compiled(files: dict[str, str]) -> None:
    zh, en = files["indicators/firms-served.md"], files["indicators/firms-served.en.md"]
    assert (
        "- **2024年第4季度**：湖滨日报，服务企业报道，来源发布于2025-01-20；本站汇编于2026-03-31。"
        "[https://mirror.example/daily](https://mirror.example/daily)（<strong>注意：转载网站，并非原始出处</strong>）" in zh
    )
    assert (
        "- **February 2026**: Lakeside Statistics Office, Statistical bulletin, the source gives no date; "
        "compiled by this site on 2026-03-31. "
        "[https://stats.lakeside.example/2024](https://stats.lakeside.example/2024)\n" in en
    )


def test_a_progress_note_read_on_a_mirror_site_is_warned_at_its_link(files: dict[str, str]) -> None:
    assert (
        "  来源：湖滨日报，贴息报道，来源发布于2025-02-01。[查看来源](https://mirror.example/subsidy)"
        "（<strong>注意：转载网站，并非原始出处</strong>）·转载的媒体报道\n" in files["tasks/small-firm-loans.md"]
    )
    assert (
        "  Source: Lakeside Daily, Subsidy report, published by the source on 2025-02-01. [view source](https://mirror.example/subsidy) "
        "(<strong>Warning: a mirror site, not the original publisher</strong>) · News report read on a mirror site\n"
        in files["tasks/small-firm-loans.en.md"]
    )


def test_updates_give_the_day_the_source_published_a_value_or_say_it_gives_none(files: dict[str, str]) -> None:
    en = files["updates.en.md"]
    assert "- New: Firms served, 2024 Q4: 500 firms (published by the source on 2025-01-20)\n" in en
    assert "- New: Firms served, February 2026: 180 firms (the source gives no date)\n" in en
    assert "- 新增：服务企业数，2024年第4季度：500家（来源发布于2025-01-20）\n" in files["updates.md"]


def test_the_downloads_keep_the_repost_tier(files: dict[str, str]) -> None:
    rows = [line for line in files["downloads/observations.csv"].splitlines() if ",firms-served,2024-Q4," in line]
    assert len(rows) == 1 and ",repost," in rows[0] and ",2025-01-20,https://mirror.example/daily," in rows[0]


def test_a_derived_value_is_never_said_to_be_published(files: dict[str, str]) -> None:
    en = files["indicators/small-loans.en.md"]
    assert (
        "| 2023 | 3,000 × 10,000 yuan | Derived by this site | [Lakeside Statistics Office](https://stats.lakeside.example/2024) "
        "| not published (derived by this site) | 2026-03-31 |" in en
    )
    assert (
        "- **2023**: Lakeside Statistics Office, Statistical bulletin, derived from figures whose sources give no date; "
        "compiled by this site on 2026-03-31." in en
    )
    assert (
        "- New: Interest subsidies for small firms, 2023: 3,000 × 10,000 yuan (derived from figures whose sources give no date)\n"
        in files["updates.en.md"]
    )
    assert "- 新增：小微企业贷款贴息，2023年：3,000万元（由来源未注明发布日期的数字推算）\n" in files["updates.md"]
