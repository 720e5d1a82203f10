"""The typed, frozen model of the plan: what each data file may contain.

Each class declares the fields of one kind of record. Unknown fields, wrong
types and missing translations are rejected by pydantic; cross-references
(unit ids, task ids) are checked in :mod:`builder.validate`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, model_validator

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_EXPECTED = "an id of lowercase letters, digits and single hyphens, e.g. 'ip-exchange'"

Id = Annotated[StrictStr, Field(pattern=ID_PATTERN)]
NonBlank = Annotated[StrictStr, Field(pattern=r"\S")]
Url = Annotated[StrictStr, Field(pattern=r"^https?://\S+$")]
Number = StrictInt | StrictFloat


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Record):
    """A human-visible string in both languages."""

    zh: NonBlank
    en: NonBlank

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


# --- units --------------------------------------------------------------------


class UnitKind(Record):
    id: Id
    name: Text


class Unit(Record):
    id: Id
    kind: Id
    name: Text
    short: Text
    name_en_source: Url | None = None
    note: Text | None = None


class UnitsFile(Record):
    kinds: tuple[UnitKind, ...]
    units: tuple[Unit, ...]


# --- projects and tasks -------------------------------------------------------


class Task(Record):
    id: Id
    number: StrictInt
    title: Text
    description: Text
    lead: tuple[Id, ...] = Field(min_length=1)
    responsible: tuple[Id, ...]


class Project(Record):
    id: Id
    number: StrictInt
    title: Text
    tasks: tuple[Task, ...] = Field(min_length=1)


class ProjectsFile(Record):
    intro: Text
    projects: tuple[Project, ...]


# --- indicators ---------------------------------------------------------------

UnitOfMeasure = Literal["items", "yi-yuan", "percent", "rank"]


class Target(Record):
    comparator: Literal["reach", "at_least", "rank"]
    value: Number | None = None

    @model_validator(mode="after")
    def _value_matches_comparator(self) -> Target:
        if self.comparator == "rank" and self.value is not None:
            raise ValueError("a ranking target has no numeric value; remove 'value'")
        if self.comparator != "rank" and self.value is None:
            raise ValueError(f"a '{self.comparator}' target needs a numeric 'value'")
        return self


class Indicator(Record):
    id: Id
    number: StrictInt
    name: Text
    unit: UnitOfMeasure
    target: Target
    target_text: Text
    definition: Text
    related_tasks: tuple[Id, ...] = ()

    @property
    def qualitative(self) -> bool:
        return self.target.comparator == "rank"


class IndicatorsFile(Record):
    indicators: tuple[Indicator, ...]


# --- the plan -----------------------------------------------------------------


class Period(Record):
    start: StrictInt
    end: StrictInt


class Source(Record):
    url: Url
    note: Text


class Safeguard(Record):
    id: Id
    number: StrictInt
    title: Text
    text: Text
    units: tuple[Id, ...] = ()


class PlanFile(Record):
    title: Text
    short_title: Text
    period: Period
    date: dt.date
    source: Source
    ideology: Text
    main_goal: Text
    targets_text: Text
    safeguards: tuple[Safeguard, ...]


class UiFile(Record):
    """Labels of the site itself (headings, buttons), by key."""

    strings: dict[Id, Text]


# --- the whole dataset, with lookups ----------------------------------------


@dataclass(frozen=True)
class Dataset:
    """Everything the renderer needs, validated and cross-referenced."""

    plan: PlanFile
    projects: ProjectsFile
    units: UnitsFile
    indicators: IndicatorsFile
    ui: UiFile
    unit_by_id: dict[str, Unit] = field(init=False, repr=False)
    task_by_id: dict[str, Task] = field(init=False, repr=False)
    project_of_task: dict[str, Project] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: derived lookups are set once here
        set_(self, "unit_by_id", {u.id: u for u in self.units.units})
        set_(self, "task_by_id", {t.id: t for p in self.projects.projects for t in p.tasks})
        set_(self, "project_of_task", {t.id: p for p in self.projects.projects for t in p.tasks})

    @property
    def tasks(self) -> list[Task]:
        return list(self.task_by_id.values())

    def tasks_led_by(self, unit_id: str) -> list[Task]:
        return [t for t in self.tasks if unit_id in t.lead]

    def tasks_supported_by(self, unit_id: str) -> list[Task]:
        return [t for t in self.tasks if unit_id in t.responsible]

    def indicators_of_task(self, task_id: str) -> list[Indicator]:
        return [i for i in self.indicators.indicators if task_id in i.related_tasks]

    def label(self, key: str, lang: str) -> str:
        return self.ui.strings[key](lang)
