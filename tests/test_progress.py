"""The progress method, by hand-computed cases, and what the indicator pages and
downloads say about the real data."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from builder.model import Indicator, Observation, ObservationSource, Point, Release, Target, Text
from builder.progress import assess, expected_value, status_for_ratio

SOURCE = ObservationSource(
    publisher=Text({"zh": "来源", "en": "Source"}), title=Text({"zh": "标题", "en": "Title"}), url="https://example.org/"
)


START = 2021  # the plan's first year in these cases


def indicator(target: float | None = 100, kind: str = "reach", baseline_period: str | None = None) -> Indicator:
    words = Text({"zh": "前列", "en": "among the leaders"}) if kind == "qualitative" else None
    return Indicator(
        id="x",
        number=1,
        name=Text({"zh": "指标", "en": "Indicator"}),
        unit="items",
        target=Target(kind=kind, value=target, text=words),
        target_text=Text({"zh": "目标", "en": "Target"}),
        definition=Text({"zh": "定义", "en": "Definition"}),
        baseline_period=baseline_period,
    )


def points(*values: tuple[str, float]) -> list[Point]:
    release = Release("2026-01-01", dt.date(2026, 1, 1), Text({"zh": "发布", "en": "Release"}), ())
    return [Point(release, Observation(indicator="x", period=p, value=v, confidence="official", source=SOURCE)) for p, v in values]


def test_a_target_already_passed_is_achieved_whatever_the_pace() -> None:
    a = assess(indicator(30), points(("2022", 28.09), ("2023", 34.56), ("2024", 40.57)), 2025, START)
    assert a.status == "achieved"
    assert a.percent_of_target == pytest.approx(135.2333, abs=1e-3)  # 40.57 / 30
    assert (a.baseline.period, a.latest.period) == ("2022", "2024")


def test_a_floor_target_is_achieved_when_reached_exactly() -> None:
    assert assess(indicator(13, "at-least"), points(("2021", 11), ("2023", 13)), 2025, START).status == "achieved"


def test_slow_growth_is_off_track_with_the_ratio_of_observed_to_required_change() -> None:
    # Madrid applications: 49 (2021) -> 62 (2022), target 300 in 2025.
    # required = (300 - 49) / 4 = 62.75 a year; observed = 13 a year; ratio = 13 / 62.75.
    a = assess(indicator(300), points(("2021", 49), ("2022", 62)), 2025, START)
    assert a.ratio == pytest.approx(13 / 62.75)
    assert a.expected == pytest.approx(111.75)  # 49 + 251 * 1/4
    assert a.status == "off-track"


def test_growth_at_the_required_pace_is_on_track() -> None:
    # required (100 - 60) / 4 = 10 a year; observed (80 - 60) / 2 = 10 a year; ratio 1.0.
    assert assess(indicator(100), points(("2021", 60), ("2023", 80)), 2025, START).status == "on-track"


def test_growth_between_the_thresholds_needs_acceleration() -> None:
    # required 10 a year; observed (74 - 60) / 2 = 7 a year; ratio 0.7.
    a = assess(indicator(100), points(("2021", 60), ("2023", 74)), 2025, START)
    assert a.ratio == pytest.approx(0.7)
    assert a.status == "needs-acceleration"


def test_a_falling_series_is_off_track_with_a_negative_ratio() -> None:
    a = assess(indicator(100), points(("2021", 60), ("2022", 55)), 2025, START)
    assert a.ratio == pytest.approx(-5 / 10)
    assert a.status == "off-track"


def test_a_value_that_fell_below_a_target_met_at_baseline_is_off_track() -> None:
    assert assess(indicator(50), points(("2021", 55), ("2022", 45)), 2025, START).status == "off-track"


def test_one_observation_below_the_target_is_not_enough_data() -> None:
    a = assess(indicator(2800), points(("2024", 2362)), 2025, START)
    assert a.status == "not-enough-data"
    assert a.percent_of_target == pytest.approx(2362 / 28)


def test_no_observation_is_not_enough_data() -> None:
    assert assess(indicator(1500), [], 2025, START).status == "not-enough-data"


def test_quarterly_values_are_not_assessed() -> None:
    a = assess(indicator(30), points(("2022", 26.1), ("2023-Q1", 8.6)), 2025, START)
    assert a.latest.period == "2022"
    assert a.status == "not-enough-data"


def test_thresholds_are_those_of_open_sdg() -> None:
    assert [status_for_ratio(r) for r in (0.95, 0.9499, 0.6, 0.5999)] == [
        "on-track",
        "needs-acceleration",
        "needs-acceleration",
        "off-track",
    ]
    assert expected_value(49, 2021, 300, 2025, 2023) == pytest.approx(174.5)


def test_quarterly_values_alone_are_assessed_on_a_quarterly_path() -> None:
    # Baseline 2021-Q4 (2021.75) = 40; latest 2022-Q4 (2022.75) = 50; target 100 in 2025-Q4 (2025.75).
    # required (100 - 40) / 4 years = 15 a year; observed 10 a year; ratio 2/3.
    a = assess(indicator(100), points(("2021-Q4", 40), ("2022-Q4", 50), ("2022-11", 99)), 2025, START)
    assert (a.baseline.period, a.latest.period) == ("2021-Q4", "2022-Q4")
    assert a.ratio == pytest.approx(10 / 15)
    assert a.status == "needs-acceleration"


def test_the_baseline_is_the_last_value_at_or_before_the_start_year_unless_the_indicator_says_so() -> None:
    values = points(("2020", 10), ("2021", 60), ("2023", 80))
    assert assess(indicator(100), values, 2025, START).baseline.period == "2021"
    assert assess(indicator(100), values, 2025, 2022).baseline.period == "2021"
    assert assess(indicator(100, baseline_period="2020"), values, 2025, START).baseline.period == "2020"
    assert assess(indicator(100), values[1:], 2025, 2019).baseline.period == "2021"  # none that early: the first


def test_a_qualitative_target_has_no_computed_status() -> None:
    assert assess(indicator(None, "qualitative"), [], 2025, START).status == "qualitative"


# --- the other kinds: a ceiling and a falling target (hand-computed) -----------


def test_a_ceiling_held_is_on_track_without_a_path() -> None:
    a = assess(indicator(3, "at-most"), points(("2023", 2.8), ("2024", 3.0)), 2027, 2024)
    assert (a.status, a.reason, a.expected, a.percent_of_target) == ("on-track", "ceiling-held", None, None)


def test_a_breached_ceiling_is_off_track_never_achieved() -> None:
    a = assess(indicator(3, "at-most"), points(("2023", 2.8), ("2024", 3.3)), 2027, 2024)
    assert (a.status, a.reason, a.percent_of_target) == ("off-track", "ceiling-breached", None)


def test_a_falling_rate_behind_its_path_down_is_off_track() -> None:
    # baseline 1.9 (2024), latest 1.8 (2025), target 1.2 in 2027:
    # required (1.2 - 1.9) / 3 = -0.2333 a year; observed -0.1 a year; ratio 0.4286.
    a = assess(indicator(1.2, "decrease-to"), points(("2023", 2.0), ("2024", 1.9), ("2025", 1.8)), 2027, 2024)
    assert a.ratio == pytest.approx(0.1 / (0.7 / 3))
    assert a.expected == pytest.approx(1.9 - 0.7 / 3)
    assert (a.status, a.percent_of_target) == ("off-track", None)


def test_a_falling_rate_on_pace_is_on_track_and_one_down_to_the_target_is_achieved() -> None:
    # required (1.2 - 1.8) / 3 = -0.2 a year; observed (1.6 - 1.8) / 1 = -0.2: ratio 1.0.
    assert assess(indicator(1.2, "decrease-to"), points(("2024", 1.8), ("2025", 1.6)), 2027, 2024).status == "on-track"
    assert assess(indicator(1.2, "decrease-to"), points(("2024", 1.8), ("2025", 1.2)), 2027, 2024).status == "achieved"


def test_a_rising_rate_with_a_target_down_is_off_track_with_a_negative_ratio() -> None:
    a = assess(indicator(1.2, "decrease-to"), points(("2024", 1.8), ("2025", 2.0)), 2027, 2024)
    assert a.ratio == pytest.approx(-1.0)
    assert a.status == "off-track"


def test_a_floor_not_yet_reached_is_judged_on_its_path() -> None:
    # baseline 10 (2024), latest 11 (2025), floor 13 in 2026: required 3 / 2 = 1.5 a year, observed 1: ratio 2/3.
    a = assess(indicator(13, "at-least"), points(("2024", 10), ("2025", 11)), 2026, 2024)
    assert (a.status, a.ratio) == ("needs-acceleration", pytest.approx(2 / 3))


# --- the real data on the built pages ----------------------------------------------------------


def page(built: Path, path: str) -> str:
    return (built / "site" / path / "index.html").read_text(encoding="utf-8")


def test_every_indicator_has_a_page_in_both_languages(built_project: Path) -> None:
    ids = [p.stem for p in (built_project / "site_src" / "indicators").glob("*.md") if "." not in p.stem and p.stem != "index"]
    assert len(ids) == 8
    for ident in ids:
        assert (built_project / "site" / "indicators" / ident / "index.html").is_file()
        assert (built_project / "site" / "en" / "indicators" / ident / "index.html").is_file()


def test_high_value_patents_shows_its_values_sources_and_achieved(built_project: Path) -> None:
    html = page(built_project, "en/indicators/high-value-patents")
    assert "| 2023 |" not in html  # tables are rendered, not left as Markdown
    for value in ("<td>34.56</td>", "<td>40.57</td>"):
        assert value in html
    assert "plansite-status--achieved" in html
    assert "China News Service (citing WAMR)" in html
    assert "https://shanyouwang.com/9002miaw.shtml" in html and "http://m.igo9go.com/cj/2025/04-25/10405891.shtml" in html
    zh = page(built_project, "indicators/high-value-patents")
    assert "<td>34.56件</td>" in zh and "已实现" in zh


def test_pledge_financing_is_achieved_and_madrid_has_one_value_in_the_period(built_project: Path) -> None:
    assert "plansite-status--achieved" in page(built_project, "en/indicators/pledge-financing")
    madrid = page(built_project, "en/indicators/madrid-applications")
    assert "plansite-status--not-enough-data" in madrid
    assert "<td>49</td>" in madrid and "<td>62</td>" in madrid and "300" in madrid


def test_overseas_grants_says_no_figure_and_labels_the_proxy_as_another_measure(built_project: Path) -> None:
    html = page(built_project, "en/indicators/overseas-patent-grants")
    assert "No figure has been published yet" in html
    assert "This is a different measure" in html
    assert "PCT international patent applications" in html
    zh = page(built_project, "indicators/overseas-patent-grants")
    assert "尚无公开数据" in zh and "这是另一项指标" in zh


def test_task_pages_link_back_to_the_indicators_they_serve(built_project: Path) -> None:
    assert 'href="../../indicators/high-value-patents/"' in page(built_project, "en/tasks/2-1")


# --- downloads ------------------------------------------------------------------------------------


def test_the_data_package_and_its_csv_files_are_valid(built_project: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(built_project / "site" / "downloads" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])


def test_each_indicator_csv_is_valid_and_its_json_has_every_observation(built_project: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    folder = built_project / "site" / "downloads" / "indicators"
    for csv_file in folder.glob("*.csv"):
        report = frictionless.Resource(path=csv_file.name, basepath=str(folder)).validate()
        assert report.valid, (csv_file.name, report.flatten(["type", "note"]))
    data = json.loads((folder / "high-value-patents.json").read_text(encoding="utf-8"))
    assert [(o["period"], o["value"]) for o in data["observations"]] == [("2023", 34.56), ("2022", 28.09), ("2024", 40.57)]
    assert data["status"]["status"] == "achieved"
