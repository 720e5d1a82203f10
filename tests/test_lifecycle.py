"""The plan's life: running until the end of its last year, then an outcome per
target (met, and when; not met; not met as of the latest figure; no figure;
for a qualitative target, the editors' judgement). Hand-checked on the
fixture plan tests/fixtures/lakeside (2024–2027)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builder.lifecycle import outcome, outcomes
from builder.model import Dataset, Observation, ObservationSource, Release, Text
from builder.pages.final import ended_notice
from builder.render import render_site
from builder.validate import build_date

from .helpers import copy_fixture_plan

SOURCE = ObservationSource(
    publisher=Text({"zh": "来源", "en": "Source"}), title=Text({"zh": "标题", "en": "Title"}), url="https://example.org/"
)


def ended(ds: Dataset, *values: tuple[str, str, float]) -> Dataset:
    """The plan after its end, with a later release adding (indicator, period, value)."""
    observations = tuple(Observation(indicator=i, period=p, value=v, confidence="official", source=SOURCE) for i, p, v in values)
    release = Release("2028-03-31", dt.date(2028, 3, 31), Text({"zh": "发布", "en": "Release"}), observations)
    return dataclasses.replace(ds, releases=(*ds.releases, release), today=dt.date(2028, 4, 1))


@pytest.mark.parametrize(
    ("today", "is_ended"),
    [(dt.date(2027, 12, 31), False), (dt.date(2028, 1, 1), True), (dt.date(2026, 1, 1), False)],
)
def test_the_plan_ends_after_the_last_day_of_its_last_year(lakeside: Dataset, today: dt.date, is_ended: bool) -> None:
    assert dataclasses.replace(lakeside, today=today).ended is is_ended


def test_a_release_dated_after_the_end_ends_the_plan_whatever_the_build_date(lakeside: Dataset) -> None:
    later = ended(lakeside)
    assert dataclasses.replace(later, today=dt.date(2020, 1, 1)).ended


def test_outcomes_of_the_fixture_plan(lakeside: Dataset) -> None:
    found = {k: (o.kind, o.evidence.period if o.evidence else None) for k, o in outcomes(ended(lakeside)).items()}
    assert found == {
        "complaint-rate": ("no-final-figure", "2025"),  # 1.8 in 2025, never down to 1.2; nothing for 2027
        "arrears-share": ("no-final-figure", "2024"),  # a ceiling: no figure for 2027
        "small-loans": ("met", "2024"),  # 5,600 reached in 2024, three years early
        "service-points": ("no-final-figure", "2024"),
        "firms-served": ("no-final-figure", "2024-Q4"),
        "climate-tier": ("judged-not-met", "2024"),
    }


def test_a_target_year_figure_that_misses_is_not_met_and_one_within_a_ceiling_is_met(lakeside: Dataset) -> None:
    ds = ended(lakeside, ("complaint-rate", "2027", 1.5), ("arrears-share", "2027", 2.9))
    by_id = {i.id: i for i in ds.indicators.indicators}
    assert outcome(ds, by_id["complaint-rate"]).kind == "not-met"
    assert (outcome(ds, by_id["arrears-share"]).kind, outcome(ds, by_id["arrears-share"]).evidence.period) == ("met", "2027")


def test_a_target_met_early_keeps_its_first_year(lakeside: Dataset) -> None:
    ds = ended(lakeside, ("complaint-rate", "2026", 1.1), ("complaint-rate", "2027", 1.4))
    result = outcome(ds, next(i for i in ds.indicators.indicators if i.id == "complaint-rate"))
    assert (result.kind, result.evidence.period, result.evidence.value) == ("met", "2026", 1.1)


def test_a_value_before_the_plan_or_after_the_target_year_does_not_count(lakeside: Dataset) -> None:
    ds = ended(lakeside, ("service-points", "2023", 150), ("service-points", "2027", 130))  # target year 2026
    result = outcome(ds, next(i for i in ds.indicators.indicators if i.id == "service-points"))
    assert (result.kind, result.evidence.period) == ("no-final-figure", "2024")


def test_a_target_without_any_value_has_no_figure(lakeside: Dataset) -> None:
    ds = ended(dataclasses.replace(lakeside, releases=()))
    assert {k: o.kind for k, o in outcomes(ds).items()} == {
        "complaint-rate": "no-figure",
        "arrears-share": "no-figure",
        "small-loans": "no-figure",
        "service-points": "no-figure",
        "firms-served": "no-figure",
        "climate-tier": "not-judged",
    }


def test_a_running_plan_shows_live_statuses_and_no_final_account(lakeside: Dataset) -> None:
    files = render_site(dataclasses.replace(lakeside, today=dt.date(2026, 6, 1))).files
    assert "final.md" not in files and "downloads/final-account.csv" not in files
    assert "plansite-status--off-track" in files["indicators/index.md"].decode()
    assert "plansite-status--outcome-" not in files["indicators/index.md"].decode()


def test_an_ended_plan_says_so_at_home_with_its_result_and_has_a_final_account(lakeside: Dataset) -> None:
    files = render_site(ended(lakeside)).files
    home = files["index.en.md"].decode()
    assert "The plan's period ended on 2027-12-31." in home
    assert "Of 6 targets: met, 1; not met, 0; not met as of the latest figure, with none for the target year, 4;" in home
    assert "[See the final results](final.en.md)" in home
    final = files["final.en.md"].decode()
    assert "First reached in 2024: 5,600 × 10,000 yuan (target: 5,600 × 10,000 yuan)." in final
    table = files["indicators/index.md"].decode().split("\n## ")[0]  # the method below explains every status
    assert "plansite-status--off-track" not in table and "plansite-status--outcome-met" in table
    rows = files["downloads/final-account.csv"].decode().splitlines()
    assert rows[0].startswith("id,number,name_zh,name_en,target_kind") and len(rows) == 7
    assert any(r.startswith("small-loans,3,") and ",met,2024,5600.0," in r for r in rows)


def test_a_site_can_be_built_as_of_another_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANSITE_TODAY", "2028-01-01")
    assert build_date() == dt.date(2028, 1, 1)
    monkeypatch.setenv("PLANSITE_TODAY", "not a date")
    assert build_date() == dt.date.today()


def test_the_notice_of_an_ended_plan_says_when_it_ended_and_leads_to_the_final_results(lakeside: Dataset) -> None:
    assert ended_notice(dataclasses.replace(lakeside, today=dt.date(2026, 6, 1)), "en") is None  # while it runs
    zh, en = (ended_notice(ended(lakeside), lang) for lang in ("zh", "en"))
    assert en == {
        "text": "The plan's period ended on 2027-12-31.",
        "before": "The plan's period ended on 2027-12-31. ",
        "link": "See the final results",
        "after": "",
        "url": "en/final/",
    }
    assert (zh["before"], zh["url"]) == ("方案实施期已于2027-12-31结束。", "final/")  # no space after 。


@pytest.fixture(scope="module")
def ended_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture_plan("lakeside", tmp_path_factory.mktemp("ended") / "project")
    command = [sys.executable, "-c", "from builder.cli import main; main()", "build", "--root", str(root)]
    env = {**os.environ, "PLANSITE_TODAY": "2028-04-01"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


BANNER = re.compile(r'<div class="md-banner__inner md-grid md-typeset">\s*(.*?)\s*</div>', re.S)


def test_every_page_of_an_ended_plan_says_so_at_its_top_with_a_link_to_the_final_results(ended_site: Path) -> None:
    pages = sorted(ended_site.rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        rel = page.parent.relative_to(ended_site).as_posix()
        english = rel == "en" or rel.startswith("en/")
        found = BANNER.search(page.read_text(encoding="utf-8"))
        assert found, rel
        if rel in ("final", "en/final"):
            assert "<a " not in found.group(1), rel  # not a link to itself
            continue
        link = re.search(r'<a href="([^"]+)">', found.group(1))
        assert link, rel
        target = (page.parent / link.group(1) / "index.html").resolve()
        assert target == (ended_site / ("en/final" if english else "final") / "index.html").resolve(), rel


def test_a_tasks_status_reads_as_last_recorded_once_the_plan_has_ended(lakeside: Dataset) -> None:
    def status_lines(ds: Dataset) -> set[str]:
        files = render_site(ds).files
        pages = [files[name].decode() for name in files if name.startswith("tasks/") and name.endswith(".en.md") and "index" not in name]
        # "Title: <badge>" at the top, and "**Title**" over the status and its meaning
        top = {line.split(":")[0] for page in pages for line in page.splitlines() if ': <span class="plansite-status ' in line[1:]}
        terms = {
            line.strip("*")
            for page in pages
            for line, nxt in itertools.pairwise(page.splitlines())
            if nxt.startswith(': <span class="plansite-status ')
        }
        return top | terms

    assert status_lines(dataclasses.replace(lakeside, today=dt.date(2026, 6, 1))) == {"Task status"}
    assert status_lines(ended(lakeside)) == {"Status as last recorded"}


def test_the_final_results_and_indicators_tables_say_which_values_this_site_derived_and_how(lakeside: Dataset) -> None:
    formula = Text({"zh": "由2025年数值倒推", "en": "back-calculated from the 2025 value"})
    derived = Observation(indicator="small-loans", period="2024", value=5000.0, confidence="derived", source=SOURCE, formula=formula)
    ds = ended(lakeside)
    release = dataclasses.replace(ds.releases[-1], observations=(*ds.releases[-1].observations, derived))
    files = render_site(dataclasses.replace(ds, releases=(*ds.releases[:-1], release))).files
    final = {r["id"]: r for r in csv.DictReader(io.StringIO(files["downloads/final-account.csv"].decode()))}
    indicators = {r["id"]: r for r in csv.DictReader(io.StringIO(files["downloads/indicators.csv"].decode()))}
    for row in (final["small-loans"], indicators["small-loans"]):
        assert (row["baseline_period"], row["baseline_value"], row["baseline_confidence"]) == ("2024", "5000.0", "derived")
        assert (row["baseline_formula_zh"], row["baseline_formula_en"]) == ("由2025年数值倒推", "back-calculated from the 2025 value")
    assert (final["small-loans"]["evidence_confidence"], final["small-loans"]["evidence_formula_en"]) == ("derived", formula("en"))
    assert (final["complaint-rate"]["baseline_confidence"], final["complaint-rate"]["baseline_formula_en"]) == ("official", "")
