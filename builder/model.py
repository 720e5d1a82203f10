"""The typed, frozen model of the plan: what each data file may contain.

Each class declares the fields of one kind of record. Unknown fields, wrong
types and missing translations are rejected by pydantic; cross-references
(unit ids, task ids) are checked in :mod:`builder.validate`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, model_validator

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_EXPECTED = "an id of lowercase letters, digits and single hyphens, e.g. 'ip-exchange'"

Id = Annotated[StrictStr, Field(pattern=ID_PATTERN)]
NonBlank = Annotated[StrictStr, Field(pattern=r"\S")]
Url = Annotated[StrictStr, Field(pattern=r"^https?://\S+$")]
Number = StrictFloat  # accepts whole numbers too, never text or true/false
PERIOD_PATTERN = r"^\d{4}(-Q[1-4])?$"
PERIOD_EXPECTED = "a year such as 2023 or a quarter such as 2023-Q1"


def _year_as_text(value: object) -> object:
    # `period: 2023` reads as a number in YAML; a year is meant.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Period = Annotated[StrictStr, BeforeValidator(_year_as_text), Field(pattern=PERIOD_PATTERN)]


def period_end(period: str) -> dt.date:
    """The last day of a period: '2023' -> 2023-12-31, '2023-Q1' -> 2023-03-31."""
    year = int(period[:4])
    if "-Q" not in period:
        return dt.date(year, 12, 31)
    quarter = int(period[-1])
    first_of_next = dt.date(year + (quarter == 4), quarter * 3 % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def is_annual(period: str) -> bool:
    return "-Q" not in period


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


class ContextNote(Record):
    """Background for an indicator that is not a value of it, with its source."""

    text: Text
    url: Url | None = None


class Indicator(Record):
    id: Id
    number: StrictInt
    name: Text
    unit: UnitOfMeasure
    target: Target
    target_text: Text
    definition: Text
    related_tasks: tuple[Id, ...] = ()
    baseline_period: Period | None = None
    context: tuple[ContextNote, ...] = ()

    @property
    def qualitative(self) -> bool:
        return self.target.comparator == "rank"


class Proxy(Record):
    """A different measure shown beside an indicator, never used for progress."""

    id: Id
    proxy_for: Id
    name: Text
    unit: UnitOfMeasure
    note: Text


class IndicatorsFile(Record):
    indicators: tuple[Indicator, ...]
    proxies: tuple[Proxy, ...] = ()


# --- data releases (data/snapshots/) -------------------------------------------

Confidence = Literal["official", "reported", "derived"]


class ObservationSource(Record):
    publisher: Text
    title: Text
    url: Url
    date: dt.date | None = None


class Observation(Record):
    indicator: Id
    period: Period
    value: Number
    confidence: Confidence
    source: ObservationSource
    formula: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _formula_iff_derived(self) -> Observation:
        if self.confidence == "derived" and self.formula is None:
            raise ValueError("a derived value needs its 'formula'")
        if self.confidence != "derived" and self.formula is not None:
            raise ValueError("only a derived value has a 'formula'; set confidence: derived or remove it")
        return self


class ReleaseInfo(Record):
    date: dt.date
    title: Text


class ReleaseFile(Record):
    release: ReleaseInfo
    observations: tuple[Observation, ...] = ()


@dataclass(frozen=True)
class Release:
    """One data release: its file name (its id) and its content."""

    id: str  # the file name without .yaml, e.g. '2024-04-26'
    date: dt.date
    title: Text
    observations: tuple[Observation, ...]


@dataclass(frozen=True)
class Point:
    """One observation as published in one release."""

    release: Release
    observation: Observation

    @property
    def period(self) -> str:
        return self.observation.period

    @property
    def value(self) -> float:
        return self.observation.value


# --- the plan -----------------------------------------------------------------


class PlanPeriod(Record):
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
    period: PlanPeriod
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
    releases: tuple[Release, ...] = ()
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

    @property
    def latest_release(self) -> Release | None:
        return self.releases[-1] if self.releases else None

    def history(self, series_id: str) -> list[Point]:
        """Every published value of an indicator or proxy, oldest release first."""
        return [Point(r, o) for r in self.releases for o in r.observations if o.indicator == series_id]

    def current(self, series_id: str) -> list[Point]:
        """One value per period, from the newest release that gave it, by period."""
        newest: dict[str, Point] = {}
        for point in self.history(series_id):
            newest[point.period] = point  # releases are in date order: later wins
        return sorted(newest.values(), key=lambda p: period_end(p.period))

    def proxies_of(self, indicator_id: str) -> list[Proxy]:
        return [p for p in self.indicators.proxies if p.proxy_for == indicator_id]

    def tasks_led_by(self, unit_id: str) -> list[Task]:
        return [t for t in self.tasks if unit_id in t.lead]

    def tasks_supported_by(self, unit_id: str) -> list[Task]:
        return [t for t in self.tasks if unit_id in t.responsible]

    def indicators_of_task(self, task_id: str) -> list[Indicator]:
        return [i for i in self.indicators.indicators if task_id in i.related_tasks]

    def label(self, key: str, lang: str) -> str:
        return self.ui.strings[key](lang)
