"""The plan's data in data/: complete, consistent, and faithful to the plan's own text."""

from __future__ import annotations

import re

import pytest

from builder.model import Dataset, Task

from .helpers import REPO_ROOT

SEED = REPO_ROOT.parent / "shared" / "seed" / "wuhan-ip-plan-2022-2025.zh.txt"

#: The plan's note on district governments, written once after the first mention.
DISTRICT_NOTE = "〈含开发区、长江新区管委会,下同〉"

#: Lines the reposting website added to the plan; they must never reach the site.
ADVERTISING = ("小编", "19855109130", "0551-65300586", "免费咨询")

CHINESE_NUMERALS = "一二三四五六"


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.is_file():
        pytest.skip(f"the plan's source text is not available at {SEED}")
    return SEED.read_text(encoding="utf-8")


def paragraph_of(seed: str, task: Task) -> str:
    """The seed's paragraph for ``task``: '<n>.<title>。<description>(牵头单位:...)'."""
    start = seed.find(f"{task.title('zh')}。{task.description('zh')}")
    assert start >= 0, f"task {task.id}: title and description not found in the seed"
    line_start = seed.rfind("\n", 0, start) + 1
    return seed[line_start : seed.find("\n", start)]


def named_units(paragraph: str, role: str) -> list[str]:
    """The unit names the plan lists after '牵头单位:' or '责任单位:', in order."""
    match = re.search(rf"{role}:([^;)]*)[;)]", paragraph)
    if match is None:
        return []
    return re.split(r"[、,]", match.group(1).replace(DISTRICT_NOTE, ""))


def short_names(ds: Dataset, unit_ids: tuple[str, ...]) -> list[str]:
    return [ds.unit_by_id[u].short("zh") for u in unit_ids]


# --- counts ---------------------------------------------------------------------


def test_the_plan_has_six_projects(real_dataset: Dataset) -> None:
    assert [p.number for p in real_dataset.projects.projects] == [1, 2, 3, 4, 5, 6]


def test_the_projects_have_3_4_4_5_4_4_tasks(real_dataset: Dataset) -> None:
    assert [len(p.tasks) for p in real_dataset.projects.projects] == [3, 4, 4, 5, 4, 4]


def test_the_plan_has_24_tasks_numbered_within_their_project(real_dataset: Dataset) -> None:
    numbers = [(p.number, t.number) for p in real_dataset.projects.projects for t in p.tasks]
    assert len(real_dataset.tasks) == 24
    assert numbers == [(p, t) for p, n in enumerate([3, 4, 4, 5, 4, 4], 1) for t in range(1, n + 1)]


def test_the_plan_has_eight_indicators(real_dataset: Dataset) -> None:
    assert [i.number for i in real_dataset.indicators.indicators] == list(range(1, 9))


def test_the_plan_has_four_safeguards(real_dataset: Dataset) -> None:
    assert [s.number for s in real_dataset.plan.safeguards] == [1, 2, 3, 4]


# --- units of each task ---------------------------------------------------------


def test_every_lead_and_responsible_unit_is_a_known_unit(real_dataset: Dataset) -> None:
    unknown = {t.id: [u for u in t.lead + t.responsible if u not in real_dataset.unit_by_id] for t in real_dataset.tasks}
    assert {task: ids for task, ids in unknown.items() if ids} == {}


def test_every_task_has_a_lead_unit(real_dataset: Dataset) -> None:
    assert [t.id for t in real_dataset.tasks if not t.lead] == []


def test_no_unit_is_both_lead_and_responsible_on_one_task(real_dataset: Dataset) -> None:
    both = {t.id: sorted(set(t.lead) & set(t.responsible)) for t in real_dataset.tasks}
    assert {task: ids for task, ids in both.items() if ids} == {}


# --- faithful to the plan's text -----------------------------------------------


def test_each_task_title_and_description_is_verbatim_from_the_plan(real_dataset: Dataset, seed: str) -> None:
    missing = [t.id for t in real_dataset.tasks if f"{t.number}.{t.title('zh')}。{t.description('zh')}(" not in seed]
    assert missing == []


def test_each_project_title_is_verbatim_from_the_plan(real_dataset: Dataset, seed: str) -> None:
    missing = [p.id for p in real_dataset.projects.projects if f"({CHINESE_NUMERALS[p.number - 1]}){p.title('zh')}\n" not in seed]
    assert missing == []


def test_each_safeguard_is_verbatim_from_the_plan(real_dataset: Dataset, seed: str) -> None:
    missing = [
        s.id for s in real_dataset.plan.safeguards if f"({CHINESE_NUMERALS[s.number - 1]}){s.title('zh')}。{s.text('zh')}" not in seed
    ]
    assert missing == []


def test_the_ideology_and_goals_are_verbatim_from_the_plan(real_dataset: Dataset, seed: str) -> None:
    plan = real_dataset.plan
    texts = {"ideology": plan.ideology, "main_goal": plan.main_goal, "targets_text": plan.targets_text}
    assert [name for name, text in texts.items() if text("zh") not in seed] == []


def test_each_indicator_target_is_worded_as_in_the_plan(real_dataset: Dataset, seed: str) -> None:
    assert [i.id for i in real_dataset.indicators.indicators if i.target_text("zh") not in seed] == []


def test_lead_units_are_the_units_the_plan_names_in_order(real_dataset: Dataset, seed: str) -> None:
    differing = {
        t.id: (named_units(paragraph_of(seed, t), "牵头单位"), short_names(real_dataset, t.lead))
        for t in real_dataset.tasks
        if named_units(paragraph_of(seed, t), "牵头单位") != short_names(real_dataset, t.lead)
    }
    assert differing == {}


def test_responsible_units_are_the_units_the_plan_names_in_order(real_dataset: Dataset, seed: str) -> None:
    differing = {
        t.id: (named_units(paragraph_of(seed, t), "责任单位"), short_names(real_dataset, t.responsible))
        for t in real_dataset.tasks
        if named_units(paragraph_of(seed, t), "责任单位") != short_names(real_dataset, t.responsible)
    }
    assert differing == {}


def test_district_governments_are_named_with_the_plans_note_only_once(seed: str) -> None:
    assert seed.count("各区人民政府" + DISTRICT_NOTE) == 1


def test_the_ranking_target_has_no_numeric_value(real_dataset: Dataset) -> None:
    ranking = next(i for i in real_dataset.indicators.indicators if i.id == "business-environment-ip")
    assert (ranking.unit, ranking.target.kind, ranking.target.value) == ("rank", "qualitative", None)


def test_only_the_ranking_target_is_qualitative(real_dataset: Dataset) -> None:
    assert [i.id for i in real_dataset.indicators.indicators if i.qualitative] == ["business-environment-ip"]


# --- what is not part of the plan ------------------------------------------------


@pytest.mark.parametrize("advert", ADVERTISING)
def test_the_reposting_sites_advertising_is_in_no_data_or_content_file(advert: str) -> None:
    files = [p for folder in ("data", "content") for p in sorted((REPO_ROOT / folder).rglob("*")) if p.is_file()]
    assert files, "no files found under data/ and content/"
    assert [p.relative_to(REPO_ROOT).as_posix() for p in files if advert.encode() in p.read_bytes()] == []


def test_the_seed_does_contain_the_advertising_the_site_leaves_out(seed: str) -> None:
    # Guards the test above against checking for strings that never existed.
    assert [a for a in ADVERTISING if a not in seed] == []
