"""Broken data is reported, every problem at once, as `data/<file>.yaml:LINE: field.path: message (expected X, got Y)`."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from builder.config import Paths
from builder.errors import DataError, Problem
from builder.model import Dataset
from builder.validate import load_dataset

from .helpers import copy_fixture_plan, edit, line_of


def problems_in(root: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(Paths.at(root))
    return [str(p) for p in caught.value.problems]


class Broken(NamedTuple):
    """One edit of one data file and the problem lines it must produce.

    ``expected`` lines are templates: each name in ``at`` is replaced by the
    line (in the edited file) on which its marker text starts, and
    ``{units[id]}``, ``{indicators[id]}`` and ``{safeguards[id]}`` by that record's index in its list.
    """

    file: str
    old: str
    new: str
    at: dict[str, str]
    expected: list[str]


def add_task_to_project_1(task_id: str) -> tuple[str, str]:
    """An edit adding a fourth task to project 1 (it has three), so no existing id goes missing."""
    task = (
        f"      - id: {task_id}\n        number: 4\n        title: {{zh: 新任务, en: New task}}\n"
        "        description: {zh: 新任务, en: New task}\n        lead: [amr]\n        responsible: []\n"
    )
    return "  - id: creation\n", task + "  - id: creation\n"


CASES = {
    "unknown lead unit, with a suggestion": Broken(
        "projects.yaml",
        "lead: [amr, district-governments]",
        "lead: [amrr, district-governments]",
        {"line": "lead: [amrr"},
        [
            "data/projects.yaml:{line}: projects[0].tasks[0].lead[0]: unknown unit id 'amrr'; did you mean 'amr'? "
            "(expected a unit id from data/units.yaml, got 'amrr')"
        ],
    ),
    "unknown responsible unit, nothing close": Broken(
        "projects.yaml",
        "responsible: [education]",
        "responsible: [ministry-of-magic]",
        {"line": "responsible: [ministry-of-magic]"},
        [
            "data/projects.yaml:{line}: projects[3].tasks[0].responsible[0]: unknown unit id 'ministry-of-magic' "
            "(expected a unit id from data/units.yaml, got 'ministry-of-magic')"
        ],
    ),
    "missing en translation": Broken(
        "projects.yaml",
        'zh: "提升版权创造能力"\n          en: "Enhance copyright creation capacity"\n',
        'zh: "提升版权创造能力"\n',
        {"line": 'title:\n          zh: "提升版权创造能力"'},
        ["data/projects.yaml:{line}: projects[1].tasks[2].title.en: missing translation (expected text in 'en', got nothing)"],
    ),
    "duplicate task id": Broken(
        "projects.yaml",
        *add_task_to_project_1('"1-1"'),
        {"line": 'id: "1-1"\n        number: 4', "first": 'id: "1-1"'},
        [
            "data/projects.yaml:{line}: projects[0].tasks[3].id: duplicate task id '1-1' (first used on line {first}) "
            "(expected a task id used once, got '1-1')"
        ],
    ),
    "duplicate unit id": Broken(
        "units.yaml",
        "  - id: drc\n",
        "  - id: amr\n    kind: municipal-department\n    name: {zh: 重复, en: Again}\n    short: {zh: 重复, en: Again}\n  - id: drc\n",
        {"line": "id: amr\n    kind: municipal-department\n    name: {zh: 重复", "first": "id: amr"},
        [
            "data/units.yaml:{line}: units[{units[drc]}].id: duplicate unit id 'amr' (first used on line {first}) "
            "(expected a unit id used once, got 'amr')"
        ],
    ),
    "YAML syntax error": Broken(
        "units.yaml",
        "  - id: drc\n",
        "  - id: drc\n\tkind: municipal-department\n",
        {"line": "\tkind"},
        ["data/units.yaml:{line}: YAML syntax error: while scanning a plain scalar, found a tab character that violates indentation"],
    ),
    "a number where text is expected": Broken(
        "projects.yaml",
        'zh: "提升版权创造能力"',
        "zh: 42",
        {"line": "zh: 42"},
        ["data/projects.yaml:{line}: projects[1].tasks[2].title.zh: wrong type (expected text, got 42 (a number))"],
    ),
    "text where a number is expected": Broken(
        "indicators.yaml",
        "target: {kind: reach, value: 1500}",
        'target: {kind: reach, value: "1500"}',
        {"line": 'target: {kind: reach, value: "1500"}'},
        [
            "data/indicators.yaml:{line}: indicators[{indicators[overseas-patent-grants]}].target.value: "
            "wrong type (expected a number, got '1500')"
        ],
    ),
    "an unquoted comma in a translation": Broken(
        "units.yaml",
        "name: {zh: 武汉市发展和改革委员会, en: Wuhan Municipal Development and Reform Commission}",
        "name: {zh: 武汉市发展和改革委员会, en: Wuhan Municipal Development, and Reform Commission}",
        {"line": "en: Wuhan Municipal Development, and"},
        [
            "data/units.yaml:{line}: units[{units[drc]}].name.and Reform Commission: not a declared language; "
            "a comma inside {{zh: ..., en: ...}} starts a new field: put text with commas in quotes "
            "(expected one of: zh, en, got 'and Reform Commission')"
        ],
    ),
    "text where a whole number is expected": Broken(
        "plan.yaml",
        "    number: 1\n",
        "    number: one\n",
        {"line": "number: one"},
        ["data/plan.yaml:{line}: safeguards[0].number: wrong type (expected a whole number, got 'one')"],
    ),
    "unknown field, with a suggestion": Broken(
        "projects.yaml",
        'title:\n          zh: "提升版权创造能力"',
        'titel:\n          zh: "提升版权创造能力"',
        {"task": 'id: "2-3"', "line": "titel:"},
        [
            "data/projects.yaml:{task}: projects[1].tasks[2].title: missing required field (expected a value, got nothing)",
            "data/projects.yaml:{line}: projects[1].tasks[2].titel: unknown field; did you mean 'title'? "
            "(expected one of: id, number, title, description, lead, responsible, got 'titel')",
        ],
    ),
    "missing required field": Broken(
        "projects.yaml",
        "        lead: [copyright]\n",
        "",
        {"task": 'id: "2-3"'},
        ["data/projects.yaml:{task}: projects[1].tasks[2].lead: missing required field (expected a value, got nothing)"],
    ),
    "no lead unit": Broken(
        "projects.yaml",
        "lead: [copyright]",
        "lead: []",
        {"line": "lead: []"},
        ["data/projects.yaml:{line}: projects[1].tasks[2].lead: empty list (expected at least one item, got no items)"],
    ),
    "invalid id": Broken(
        "projects.yaml",
        *add_task_to_project_1('"1_4"'),
        {"line": 'id: "1_4"'},
        [
            "data/projects.yaml:{line}: projects[0].tasks[3].id: not a valid id "
            "(expected an id of lowercase letters, digits and single hyphens, e.g. 'ip-exchange', got '1_4')"
        ],
    ),
    "unknown unit kind, with a suggestion": Broken(
        "units.yaml",
        "  - id: court\n    kind: judicial\n",
        "  - id: court\n    kind: judical\n",
        {"line": "kind: judical"},
        [
            "data/units.yaml:{line}: units[{units[court]}].kind: unknown unit kind id 'judical'; did you mean 'judicial'? "
            "(expected a unit kind id from kinds in data/units.yaml, got 'judical')"
        ],
    ),
    "a name_en_source that is not a web address": Broken(
        "units.yaml",
        "name_en_source: https://english.cnipa.gov.cn/\n",
        "name_en_source: javascript:alert(1)\n",
        {"line": "name_en_source: javascript"},
        [
            "data/units.yaml:{line}: units[{units[cnipa]}].name_en_source: not a web address "
            "(expected a URL starting with http:// or https://, got 'javascript:alert(1)')"
        ],
    ),
    "a qualitative target given a value": Broken(
        "indicators.yaml",
        "      kind: qualitative\n",
        "      kind: qualitative\n      value: 1\n",
        {"line": "target:\n      kind: qualitative"},
        [
            "data/indicators.yaml:{line}: indicators[{indicators[business-environment-ip]}].target: "
            "a qualitative target has no numeric value; remove 'value' and say it in 'text'"
        ],
    ),
    "a numeric target without a value": Broken(
        "indicators.yaml",
        "target: {kind: reach, value: 300}",
        "target: {kind: reach}",
        {"line": "target: {kind: reach}"},
        ["data/indicators.yaml:{line}: indicators[{indicators[madrid-applications]}].target: a 'reach' target needs a numeric 'value'"],
    ),
    "a unit of measure that is not allowed": Broken(
        "indicators.yaml",
        "unit: percent\n",
        "unit: percentage\n",
        {"line": "unit: percentage"},
        [
            "data/indicators.yaml:{line}: indicators[{indicators[patent-intensive-share]}].unit: unknown unit of measure id "
            "'percentage'; did you mean 'percent'? (expected a unit of measure id from units in data/indicators.yaml, got 'percentage')"
        ],
    ),
    "a duplicate key in a mapping": Broken(
        "units.yaml",
        "    short: {zh: 市发改委, en: Municipal Development and Reform Commission}\n",
        "    short: {zh: 市发改委, en: Municipal Development and Reform Commission}\n    short: {zh: 发改委, en: DRC}\n",
        {"line": "short: {zh: 发改委", "first": "short: {zh: 市发改委"},
        ["data/units.yaml:{line}: short: duplicate key (first given on line {first})"],
    ),
    "a unit both lead and responsible": Broken(
        "projects.yaml",
        "responsible: [education]",
        "responsible: [education, sti]",
        {"line": "responsible: [education, sti]"},
        [
            "data/projects.yaml:{line}: projects[3].tasks[0].responsible[1]: unit 'sti' is already a lead unit of this task "
            "(expected each unit once per task, got 'sti')"
        ],
    ),
    "a unit listed twice": Broken(
        "projects.yaml",
        "responsible: [education]",
        "responsible: [education, education]",
        {"line": "responsible: [education, education]"},
        [
            "data/projects.yaml:{line}: projects[3].tasks[0].responsible[1]: unit 'education' listed twice "
            "(expected each unit once per task, got 'education')"
        ],
    ),
    "an unknown related task": Broken(
        "indicators.yaml",
        'related_tasks: ["2-2"]\n  - id: madrid-applications',
        'related_tasks: ["9-9"]\n  - id: madrid-applications',
        {"line": 'related_tasks: ["9-9"]'},
        [
            "data/indicators.yaml:{line}: indicators[{indicators[trademarks-per-market-entities]}].related_tasks[0]: "
            "unknown task id '9-9' (expected a task id from data/projects.yaml, got '9-9')"
        ],
    ),
    "a period that ends before it starts": Broken(
        "plan.yaml",
        "  end: 2025\n",
        "  end: 2020\n",
        {"line": "end: 2020"},
        ["data/plan.yaml:{line}: period.end: the period ends before it starts (expected a year from 2022 on, got 2020)"],
    ),
    "a safeguard naming an unknown body": Broken(
        "plan.yaml",
        "units: [cnipa, hubei-ipo]",
        "units: [cnipa, hubei-ip]",
        {"line": "units: [cnipa, hubei-ip]"},
        [
            "data/plan.yaml:{line}: safeguards[{safeguards[province-city]}].units[1]: "
            "unknown unit id 'hubei-ip'; did you mean 'hubei-ipo'? (expected a unit id from data/units.yaml, got 'hubei-ip')"
        ],
    ),
}


def indexes(ds: Dataset) -> dict[str, dict[str, int]]:
    return {
        "units": {u.id: i for i, u in enumerate(ds.units.units)},
        "indicators": {x.id: i for i, x in enumerate(ds.indicators.indicators)},
        "safeguards": {s.id: i for i, s in enumerate(ds.plan.safeguards)},
    }


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_broken_file_is_reported_at_the_line_of_the_problem(project: Path, real_dataset: Dataset, case: Broken) -> None:
    text = edit(project, case.file, case.old, case.new)
    lines = {name: line_of(text, marker) for name, marker in case.at.items()}
    expected = [template.format(**lines, **indexes(real_dataset)) for template in case.expected]
    assert problems_in(project) == expected


def test_problems_in_two_files_are_all_reported_sorted_by_file_then_line(project: Path, real_dataset: Dataset) -> None:
    units = edit(project, "units.yaml", "short: {zh: 市发改委, en: Municipal Development and Reform Commission}", "short: {zh: 市发改委}")
    indicators = edit(project, "indicators.yaml", "target: {kind: reach, value: 1500}", "target: {kind: reac, value: 1500}")
    indicators = edit(project, "indicators.yaml", "unit: percent\n", "unit: per-cent\n")
    index = indexes(real_dataset)
    drc, grants, share = index["units"]["drc"], index["indicators"]["overseas-patent-grants"], index["indicators"]["patent-intensive-share"]
    assert problems_in(project) == [
        f"data/indicators.yaml:{line_of(indicators, 'kind: reac,')}: indicators[{grants}].target.kind: not an allowed value "
        "(expected one of 'reach', 'at-least', 'at-most', 'decrease-to' or 'qualitative', got 'reac')",
        f"data/indicators.yaml:{line_of(indicators, 'unit: per-cent')}: indicators[{share}].unit: unknown unit of measure id "
        "'per-cent'; did you mean 'percent'? (expected a unit of measure id from units in data/indicators.yaml, got 'per-cent')",
        f"data/units.yaml:{line_of(units, 'short: {zh: 市发改委}')}: units[{drc}].short.en: "
        "missing translation (expected text in 'en', got nothing)",
    ]


def test_a_file_that_cannot_be_parsed_does_not_stop_the_others_being_checked(project: Path) -> None:
    units = edit(project, "units.yaml", "  - id: drc\n", "  - id: drc\n\tkind: municipal-department\n")
    plan = edit(project, "plan.yaml", "    number: 2\n", "    number: two\n")
    assert problems_in(project) == [
        f"data/plan.yaml:{line_of(plan, 'number: two')}: safeguards[1].number: wrong type (expected a whole number, got 'two')",
        f"data/units.yaml:{line_of(units, chr(9))}: YAML syntax error: while scanning a plain scalar, "
        "found a tab character that violates indentation",
    ]


def test_a_missing_data_file_is_reported_without_a_line(project: Path) -> None:
    (project / "data" / "ui.yaml").unlink()
    assert problems_in(project) == ["data/ui.yaml: file not found"]


def test_an_empty_data_file_is_reported(project: Path) -> None:
    (project / "data" / "ui.yaml").write_text("# nothing here yet\n")
    assert problems_in(project) == ["data/ui.yaml:1: file is empty (expected YAML mapping, got nothing)"]


def test_a_data_file_saved_in_another_encoding_is_reported(project: Path) -> None:
    (project / "data" / "ui.yaml").write_bytes("strings: {}\n# 无\n".encode("gb18030"))
    # "无" in GB 18030 is 0xce 0xde; 0xce opens a UTF-8 sequence that 0xde cannot continue.
    assert problems_in(project) == ["data/ui.yaml:2: file is not valid UTF-8 (expected UTF-8 text, got byte 0xce)"]


def test_the_error_message_lists_every_problem_one_per_line(project: Path) -> None:
    edit(project, "plan.yaml", "    number: 1\n", "    number: one\n")
    edit(project, "plan.yaml", "    number: 2\n", "    number: two\n")
    with pytest.raises(DataError) as caught:
        load_dataset(Paths.at(project))
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    assert len(caught.value.problems) == 2


def test_a_problem_reads_as_file_line_field_message_expected_got() -> None:
    problem = Problem("data/units.yaml", 12, 5, "units[3].kind", "unknown unit kind id 'x'", "a unit kind id", "'x'")
    assert str(problem) == "data/units.yaml:12: units[3].kind: unknown unit kind id 'x' (expected a unit kind id, got 'x')"


def test_a_problem_without_position_field_or_expectation_reads_as_file_and_message() -> None:
    assert str(Problem("data/ui.yaml", 0, 0, "", "file not found")) == "data/ui.yaml: file not found"


def test_a_problem_in_one_file_does_not_hide_an_unknown_unit_in_another(project: Path) -> None:
    plan = edit(project, "plan.yaml", "    number: 1\n", "    number: one\n")
    projects = edit(project, "projects.yaml", "lead: [amr, district-governments]", "lead: [amrr, district-governments]")
    assert problems_in(project) == [
        f"data/plan.yaml:{line_of(plan, 'number: one')}: safeguards[0].number: wrong type (expected a whole number, got 'one')",
        f"data/projects.yaml:{line_of(projects, 'lead: [amrr')}: projects[0].tasks[0].lead[0]: unknown unit id 'amrr'; did you mean 'amr'? "
        "(expected a unit id from data/units.yaml, got 'amrr')",
    ]


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("projects.yaml", "  - id: one-window-permits\n", "  - id: []\n"),
        ("indicators.yaml", "  - id: complaint-rate\n", "  - id: {a: 1}\n"),
        ("snapshots/2026-03-31.yaml", "  - {indicator: climate-tier, period: 2024,", "  - {indicator: [climate-tier], period: 2024,"),
        ("snapshots/2026-03-31.yaml", "  - {indicator: climate-tier, met: false,", "  - {indicator: {x: 1}, met: false,"),
    ],
)
def test_an_id_that_is_a_list_or_a_mapping_is_a_problem_not_a_traceback(tmp_path: Path, name: str, old: str, new: str) -> None:
    root = copy_fixture_plan("lakeside", tmp_path / "project")
    edit(root, name, old, new)
    with pytest.raises(DataError) as error:
        load_dataset(Paths.at(root))
    assert any(p.file == f"data/{name}" and p.field.endswith(("id", "indicator")) for p in error.value.problems)
