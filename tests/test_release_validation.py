"""Broken data releases (data/snapshots/*.yaml): each problem at its line, with the exact message."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from builder.config import Paths
from builder.errors import DataError
from builder.validate import load_dataset

from .helpers import edit, line_of

RELEASE = "snapshots/2024-04-26.yaml"
FIRST_OBS = """  - indicator: high-value-patents
    period: 2023
    value: 34.56
    confidence: repost"""


@dataclass(frozen=True)
class Broken:
    old: str
    new: str
    at: str  # text on the line where the problem is reported (in the edited file)
    message: str  # the problem, after "file:LINE: "
    file: str = RELEASE


CASES = {
    "unknown indicator": Broken(
        "  - indicator: high-value-patents\n    period: 2023",
        "  - indicator: high-value-patent\n    period: 2023",
        "indicator: high-value-patent\n",
        "observations[0].indicator: unknown indicator id 'high-value-patent'; did you mean 'high-value-patents'? "
        "(expected an indicator or proxy id from data/indicators.yaml, got 'high-value-patent')",
    ),
    "non-numeric value": Broken(
        "    value: 34.56",
        "    value: 34,56",
        "value: 34,56",
        "observations[0].value: wrong type (expected a number, got '34,56')",
    ),
    "value given as text": Broken(
        "    value: 34.56",
        '    value: "34.56"',
        'value: "34.56"',
        "observations[0].value: wrong type (expected a number, got '34.56')",
    ),
    "period after the release date": Broken(
        "    period: 2023\n    value: 34.56",
        "    period: 2024\n    value: 34.56",
        "period: 2024\n    value: 34.56",
        "observations[0].period: the period ends after the release date 2024-04-26 "
        "(expected a period that ended by the release date, got 2024)",
    ),
    "bad period": Broken(
        "    period: 2023\n    value: 34.56",
        "    period: 2023Q1\n    value: 34.56",
        "period: 2023Q1",
        "observations[0].period: not a valid period "
        "(expected a year from 1900 to 2099 such as 2023, a quarter such as 2023-Q1 or a month such as 2023-07, got '2023Q1')",
    ),
    "quarter out of range": Broken(
        "    period: 2023\n    value: 34.56",
        "    period: 2023-Q5\n    value: 34.56",
        "period: 2023-Q5",
        "observations[0].period: not a valid period "
        "(expected a year from 1900 to 2099 such as 2023, a quarter such as 2023-Q1 or a month such as 2023-07, got '2023-Q5')",
    ),
    "duplicate indicator and period": Broken(
        "  - indicator: high-value-patents\n    period: 2022",
        "  - indicator: high-value-patents\n    period: 2023",
        "period: 2023\n    value: 28.09",
        "observations[1].period: 'high-value-patents' already has a value for 2023 in this release (line 7) "
        "(expected one value per indicator and period, got 2023)",
    ),
    "missing source": Broken(
        "    source: &cns-2024\n",
        "    sourc: &cns-2024\n",
        "sourc: &cns-2024",
        "observations[0].sourc: unknown field; did you mean 'source'? "
        "(expected one of: indicator, period, value, text, confidence, source, formula, note, got 'sourc')",
    ),
    "unknown confidence": Broken(
        FIRST_OBS,
        FIRST_OBS.replace("confidence: repost", "confidence: rumour"),
        "confidence: rumour",
        "observations[0].confidence: not an allowed value (expected one of 'official', 'reported', 'repost' or 'derived', got 'rumour')",
    ),
    "derived value without formula": Broken(
        FIRST_OBS,
        FIRST_OBS.replace("confidence: repost", "confidence: derived"),
        "  - indicator: high-value-patents\n    period: 2023",
        "observations[0]: a derived value needs its 'formula'",
    ),
    "formula on a reported value": Broken(
        "    confidence: derived\n    formula:",
        "    confidence: official\n    formula:",
        "  - indicator: high-value-patents\n    period: 2022",
        "observations[1]: only a derived value has a 'formula'; set confidence: derived or remove it",
    ),
    "release date differs from file name": Broken(
        "  date: 2024-04-26\n  title:",
        "  date: 2024-04-27\n  title:",
        "date: 2024-04-27",
        "release.date: the release date differs from the file name (expected 2024-04-26 (the file name), got 2024-04-27)",
    ),
    "release date not a date": Broken(
        "  date: 2024-04-26\n  title:",
        "  date: 26/04/2024\n  title:",
        "date: 26/04/2024",
        "release.date: not a valid date (expected a date as YYYY-MM-DD, got '26/04/2024')",
    ),
    "source url not http": Broken(
        "      url: https://shanyouwang.com/9002miaw.shtml",
        "      url: javascript:alert(1)",
        "url: javascript:alert(1)",
        "observations[0].source.url: not a web address (expected a URL starting with http:// or https://, got 'javascript:alert(1)')",
    ),
    "missing translation of a release title": Broken(
        '    en: Release of "Wuhan IP Development and Protection in 2023"\n',
        "",
        "  title:\n",
        "release.title.en: missing translation (expected text in 'en', got nothing)",
    ),
    "value for a qualitative target": Broken(
        "  - indicator: high-value-patents\n    period: 2023",
        "  - indicator: business-environment-ip\n    period: 2023",
        "value: 34.56",
        "observations[0].value: 'business-environment-ip' is a qualitative target and takes no numeric value "
        "(expected the rank or tier found, in 'text', got 34.56 (a number))",
    ),
    "observations not a list": Broken(
        "observations:\n  - indicator: high-value-patents\n    period: 2023",
        "observations: none\nextra:\n  - indicator: high-value-patents\n    period: 2023",
        "observations: none",
        "observations: wrong type (expected a list, got 'none')",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_broken_release_is_reported_at_the_line_of_the_problem(project: Path, case: Broken) -> None:
    text = edit(project, case.file, case.old, case.new)
    with pytest.raises(DataError) as caught:
        load_dataset(Paths.at(project))
    expected = f"data/{case.file}:{line_of(text, case.at)}: {case.message}"
    assert expected in [str(p) for p in caught.value.problems]


def test_a_release_file_that_is_not_yaml_does_not_stop_the_other_checks(project: Path) -> None:
    (project / "data" / "snapshots" / "2024-04-26.yaml").write_text("release: [unclosed\n", encoding="utf-8")
    edit(project, "units.yaml", "{zh: 市发改委, en: Municipal Development and Reform Commission}", "{zh: 市发改委}")
    with pytest.raises(DataError) as caught:
        load_dataset(Paths.at(project))
    files = {p.file for p in caught.value.problems}
    assert files == {"data/snapshots/2024-04-26.yaml", "data/units.yaml"}


def test_a_newer_release_revises_an_older_value_and_both_are_kept(project: Path) -> None:
    release = project / "data" / "snapshots" / "2025-04-25.yaml"
    text = release.read_text(encoding="utf-8")
    revision = """  - indicator: high-value-patents
    period: 2023
    value: 34.6
    confidence: reported
    source: *cns-2025
"""
    release.write_text(text + revision, encoding="utf-8")
    ds = load_dataset(Paths.at(project))
    current = {p.period: p.value for p in ds.current("high-value-patents")}
    history = [(p.release.id, p.period, p.value) for p in ds.history("high-value-patents") if p.period == "2023"]
    assert current["2023"] == 34.6
    assert history == [("2024-04-26", "2023", 34.56), ("2025-04-25", "2023", 34.6)]
