"""The typed, frozen model of the plan: what each data file may contain.

Each class declares the fields of one kind of record. Unknown fields, wrong
types and missing translations are rejected by pydantic; cross-references
(unit ids, task ids) are checked in :mod:`builder.validate`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
#: Ids that would take a section's own page (``tasks/index``): never an id.
RESERVED_IDS = frozenset({"index"})
ID_EXPECTED = "an id of lowercase letters, digits and single hyphens, e.g. 'ip-exchange'"

# Ids are exact: 'amr ' is not stripped into a second 'amr'.
Id = Annotated[StrictStr, StringConstraints(strip_whitespace=False), Field(pattern=ID_PATTERN)]
#: Longest text or web address one field may hold.
MAX_TEXT, MAX_URL = 10_000, 2_000
#: Characters that break a page, a feed or a CSV file where they land: control
#: characters (line breaks are reported on their own), U+2028/U+2029 and the
#: non-characters U+FFFE/U+FFFF.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _plain_text(value: object) -> object:
    """One paragraph of text: no control characters, no line breaks, not too long."""
    if not isinstance(value, str):
        return value
    if len(value) > MAX_TEXT:
        raise PydanticCustomError("form", "text too long", {"expected": f"at most {MAX_TEXT:,} characters", "got": f"{len(value):,}"})
    if found := _CONTROL.search(value):
        got = f"U+{ord(found.group()):04X} at character {found.start() + 1}"
        raise PydanticCustomError("form", "a control character", {"expected": "printable text", "got": got})
    if "\n" in value:
        line = value[: value.index("\n")]
        got = f"a line break after {line[-20:]!r}"
        expected = "one paragraph (a long text can be folded with '>', without blank lines)"
        raise PydanticCustomError("form", "a line break in the text", {"expected": expected, "got": got})
    return value


def _plain_url(value: object) -> object:
    if isinstance(value, str) and len(value) > MAX_URL:
        raise PydanticCustomError("form", "web address too long", {"expected": f"at most {MAX_URL:,} characters", "got": f"{len(value):,}"})
    return value


NonBlank = Annotated[StrictStr, AfterValidator(_plain_text), Field(pattern=r"\S")]
Url = Annotated[StrictStr, AfterValidator(_plain_url), Field(pattern=r"^https?://[^\s\x00-\x1f\x7f]+$")]
#: The largest magnitude a number in the data may have (beyond it, figures lose digits).
MAX_NUMBER = 1e15


def _in_range(value: object) -> object:
    if isinstance(value, float) and abs(value) > MAX_NUMBER:
        raise PydanticCustomError(
            "form", "number out of range", {"expected": f"a number from {-MAX_NUMBER:,.0f} to {MAX_NUMBER:,.0f}", "got": repr(value)}
        )
    return value


Number = Annotated[StrictFloat, AfterValidator(_in_range)]  # whole numbers too, never text or true/false
PERIOD_PATTERN = r"^(19\d\d|20\d\d)(-Q[1-4]|-(0[1-9]|1[0-2]))?$"  # years 1900-2099, as dates (builder.load)
PERIOD_EXPECTED = "a year from 1900 to 2099 such as 2023, a quarter such as 2023-Q1 or a month such as 2023-07"


def _year_as_text(value: object) -> object:
    # `period: 2023` reads as a number in YAML; a year is meant.
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


Period = Annotated[StrictStr, BeforeValidator(_year_as_text), Field(pattern=PERIOD_PATTERN)]


def period_months(period: str) -> tuple[int, int, int]:
    """(year, first month, number of months): '2023' -> (2023, 1, 12),
    '2023-Q2' -> (2023, 4, 3), '2023-07' -> (2023, 7, 1)."""
    year, _, rest = period.partition("-")
    if not rest:
        return int(year), 1, 12
    if rest.startswith("Q"):
        return int(year), (int(rest[1]) - 1) * 3 + 1, 3
    return int(year), int(rest), 1


def period_end(period: str) -> dt.date:
    """The last day of a period: '2023' -> 2023-12-31, '2023-Q1' -> 2023-03-31."""
    year, month, months = period_months(period)
    last = month + months - 1
    first_of_next = dt.date(year + (last == 12), last % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def period_time(period: str) -> float:
    """Where a period starts on a time axis counted in years: '2023' -> 2023.0,
    '2023-Q3' -> 2023.5, '2023-04' -> 2023.25."""
    year, month, _ = period_months(period)
    return year + (month - 1) / 12


def frequency(period: str) -> int:
    """How many such periods make a year: 1 (years), 4 (quarters) or 12 (months)."""
    return 12 // period_months(period)[2]


def is_annual(period: str) -> bool:
    return frequency(period) == 1


class Record(BaseModel):
    # Surrounding whitespace is never meant: a folded YAML block (>) ends in a newline.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _declared_languages(value: object, info: ValidationInfo) -> object:
    languages = (info.context or {}).get("languages")
    if not languages or not isinstance(value, dict):
        return value
    for key, text in value.items():
        if key not in languages:
            raise PydanticCustomError("unknown_language", "unknown language", {"key": str(key), "empty": text is None})
    for lang in languages:
        if lang not in value:
            raise PydanticCustomError("missing_translation", "missing translation", {"lang": lang})
    return value


def _trim_newlines(value: object) -> object:
    # A folded YAML block (>) ends in a newline; spaces may matter (", " separates list items).
    return value.strip("\r\n") if isinstance(value, str) else value


TextValue = Annotated[StrictStr, BeforeValidator(_trim_newlines), AfterValidator(_plain_text), Field(pattern=r"\S")]


class Text(RootModel[Annotated[dict[str, TextValue], BeforeValidator(_declared_languages)]]):
    """A human-visible string in every declared language: ``{zh: ..., en: ...}``.

    The languages are declared once, in data/site.yaml; validation is given
    them as context (``{"languages": (...)}``) and reports a missing or an
    undeclared language. Without that context any language is accepted.
    """

    model_config = ConfigDict(frozen=True)

    def __call__(self, lang: str) -> str:
        return self.root[lang]

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.root.items())))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.root)


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


class UnitOfMeasure(Record):
    """How values of one unit are written, declared in data/indicators.yaml.

    ``format`` places the number in each language (``"{value}亿元"``); ``scale``
    multiplies the value for a language that writes it in a larger unit (e.g.
    0.1 to show 亿元 as billions); ``decimals`` is the most decimals shown;
    ``thousands`` says whether long numbers take thousands separators;
    ``minimum`` and ``maximum`` bound the values a release may give.
    """

    id: Id
    name: Text  # the unit as an axis title
    format: Text
    decimals: Annotated[StrictInt, Field(ge=0, le=6)] = 2
    thousands: StrictBool = True
    scale: dict[StrictStr, Annotated[StrictFloat, Field(gt=0)]] = {}
    minimum: Number | None = None  # the smallest value that makes sense (0 for a count)
    maximum: Number | None = None

    @model_validator(mode="after")
    def _bounds_in_order(self) -> UnitOfMeasure:
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError(f"minimum {self.minimum:g} is above maximum {self.maximum:g}")
        return self

    def shown(self, value: float, lang: str) -> float:
        return round(value * self.scale.get(lang, 1.0), 9)


#: The kinds of target a plan sets; the rules of each live in builder.targets.
TargetKind = Literal["reach", "at-least", "at-most", "decrease-to", "qualitative"]
TARGET_KINDS: tuple[TargetKind, ...] = ("reach", "at-least", "at-most", "decrease-to", "qualitative")


class Target(Record):
    """What the plan asks of an indicator by ``year`` (default: the plan's end).

    A qualitative target (a rank or tier) has ``text`` instead of a ``value``.
    """

    kind: TargetKind
    value: Number | None = None
    text: Text | None = None
    year: StrictInt | None = None

    @model_validator(mode="after")
    def _value_matches_kind(self) -> Target:
        if self.kind == "qualitative":
            if self.value is not None:
                raise ValueError("a qualitative target has no numeric value; remove 'value' and say it in 'text'")
            if self.text is None:
                raise ValueError("a qualitative target needs its 'text' (the rank or tier asked for)")
        elif self.value is None:
            raise ValueError(f"a '{self.kind}' target needs a numeric 'value'")
        return self


class ContextNote(Record):
    """Background for an indicator that is not a value of it, with its source."""

    text: Text
    url: Url | None = None


class Indicator(Record):
    id: Id
    number: StrictInt
    name: Text
    unit: Id
    target: Target
    target_text: Text
    definition: Text
    related_tasks: tuple[Id, ...] = ()
    baseline_period: Period | None = None
    context: tuple[ContextNote, ...] = ()

    @property
    def qualitative(self) -> bool:
        return self.target.kind == "qualitative"


class Proxy(Record):
    """A different measure shown beside an indicator, never used for progress."""

    id: Id
    proxy_for: Id
    name: Text
    unit: Id
    note: Text


class IndicatorsFile(Record):
    units: tuple[UnitOfMeasure, ...] = Field(min_length=1)
    indicators: tuple[Indicator, ...]
    proxies: tuple[Proxy, ...] = ()


# --- data releases (data/snapshots/) -------------------------------------------

#: How far a value can be trusted, from its source: the authority's own
#: publication; a news report citing the authority; such a report read on a
#: mirror or aggregator site (a repost); or this site's arithmetic.
Confidence = Literal["official", "reported", "repost", "derived"]
CONFIDENCES: tuple[Confidence, ...] = ("official", "reported", "repost", "derived")


class ObservationSource(Record):
    publisher: Text
    title: Text
    url: Url
    date: dt.date | None = None  # the day the source published the value; omitted when it gives none


class Observation(Record):
    """A published value of an indicator (``value``), or for a qualitative
    target what was found (``text``: the rank or tier reached)."""

    indicator: Id
    period: Period
    value: Number | None = None
    text: Text | None = None
    confidence: Confidence
    source: ObservationSource
    formula: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _formula_iff_derived(self) -> Observation:
        if (self.value is None) == (self.text is None):
            raise ValueError("an observation has either a numeric 'value' or, for a qualitative target, a 'text'")
        if self.confidence == "derived" and self.formula is None:
            raise ValueError("a derived value needs its 'formula'")
        if self.confidence != "derived" and self.formula is not None:
            raise ValueError("only a derived value has a 'formula'; set confidence: derived or remove it")
        return self


class ReleaseInfo(Record):
    date: dt.date
    title: Text


class Judgement(Record):
    """The editors' judgement of a qualitative target: met or not, and why."""

    indicator: Id
    met: StrictBool
    note: Text
    date: dt.date


# --- task progress (the ``progress`` section of a data release) ---------------

TaskStatus = Literal["not-started", "under-way", "delivered", "no-public-information"]
TASK_STATUSES: tuple[TaskStatus, ...] = ("not-started", "under-way", "delivered", "no-public-information")
NO_PUBLIC_INFORMATION: TaskStatus = "no-public-information"
NoteConfidence = Literal["official", "reported", "repost"]


class NoteSource(Record):
    """Where a progress note comes from. ``url`` must be given, as ``null``
    when no web address is known: then publisher, title and date identify it."""

    publisher: Text
    title: Text
    date: dt.date
    url: Url | None
    note: Text | None = None


class NoteFigure(Record):
    """A figure the source reports, e.g. 10,123 patent transfers."""

    name: Text
    value: Number


class ProgressNote(Record):
    """Something that happened on a task, as a source reported it.

    ``date``: the day it happened, or, for figures covering a period, the day
    they were published; ``period``: the year or quarter the figures cover."""

    task: Id
    date: dt.date
    text: Text
    source: NoteSource
    confidence: NoteConfidence
    period: Period | None = None
    figures: tuple[NoteFigure, ...] = ()


class PlanNote(Record):
    """Background on the plan as a whole, not on one task."""

    date: dt.date
    text: Text
    source: NoteSource
    confidence: NoteConfidence


class TaskStatusEntry(Record):
    """The editors' judgement of a task, as of the day they last reviewed it."""

    task: Id
    status: TaskStatus
    reviewed: dt.date
    note: Text | None = None


class ReleaseProgress(Record):
    notes: tuple[ProgressNote, ...] = ()
    statuses: tuple[TaskStatusEntry, ...] = ()
    context: tuple[PlanNote, ...] = ()


class ReleaseFile(Record):
    release: ReleaseInfo
    observations: tuple[Observation, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    progress: ReleaseProgress = ReleaseProgress()


@dataclass(frozen=True)
class Release:
    """One data release: its file name (its id) and its content."""

    id: str  # the file name without .yaml, e.g. '2024-04-26'
    date: dt.date
    title: Text
    observations: tuple[Observation, ...]
    progress: ReleaseProgress = field(default_factory=ReleaseProgress)
    judgements: tuple[Judgement, ...] = ()


@dataclass(frozen=True)
class NoteEntry:
    """One progress note as published in one release."""

    release: Release
    note: ProgressNote


@dataclass(frozen=True)
class StatusEntry:
    """A task's status as set in one release."""

    release: Release
    entry: TaskStatusEntry


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
        value = self.observation.value
        assert value is not None, "a qualitative observation has no value"
        return value


# --- the site: languages and identity (data/site.yaml) ------------------------


Locale = Annotated[StrictStr, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]  # BCP 47
FontFamily = Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9 -]{0,79}$")]  # an installed font's family name


class Language(Record):
    """A language the site is published in; the first one is the default (at /)
    and the plan's own language."""

    code: Annotated[StrictStr, Field(pattern=r"^[a-z]{2,3}$")]
    name: NonBlank  # in the language itself, for the language switch
    locale: Locale  # of the pages (<html lang>), e.g. zh-CN
    chart_locale: Locale | None = None  # number formats in charts, e.g. en-US; default: locale
    image_font: FontFamily = "sans-serif"  # of the share images drawn at build time, e.g. Noto Sans CJK SC

    @property
    def number_locale(self) -> str:
        return self.chart_locale or self.locale


#: A licence id as SPDX writes them, e.g. CC-BY-4.0, ODbL-1.0.
LICENCE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9.+-]*$"
LicenceId = Annotated[StrictStr, Field(pattern=LICENCE_ID_PATTERN)]


class Licence(Record):
    """The licence of the site's own compilation (its tables, structure,
    translations and charts); it never covers the plan's text."""

    id: LicenceId
    name: Text
    url: Url


class SiteFile(Record):
    languages: tuple[Language, ...] = Field(min_length=1)
    name: Text
    description: Text
    footer: Text
    url: Url | None = None
    package: Id  # names the open-data package and the feeds' ids
    licence: Licence | None = None  # none: the pages say no licence is declared
    evidence_max_age_days: Annotated[StrictInt, Field(ge=1)] = 730  # older evidence is flagged

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)


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
    safeguards: tuple[Safeguard, ...] = ()


class UiFile(Record):
    """Labels of the site itself (headings, buttons), by key."""

    strings: dict[Id, Text]


# --- services for enterprises (data/services.yaml) ------------------------------
# A need is what an enterprise comes with; a service body (a unit of
# data/units.yaml) answers it through its offers. Every offer is grounded in
# the plan (a verbatim quote of a task that names it) or in a cited source.
# Every contact detail and channel names its source (an entry of ``sources``),
# the day it was checked and a confidence; only high and medium ones are
# shown. Missing sources, dates and confidences are reported by
# builder.validate with editor messages, so they are optional here.


class NeedGroup(Record):
    id: Id
    name: Text


class Need(Record):
    id: Id
    group: Id
    name: Text
    summary: Text
    keywords: Text  # words a visitor may type, separated by spaces; the finder searches both languages
    gap: Text | None = None  # what was looked for and not found (a part of the need no sourced channel serves)


class OfferSource(Record):
    """A published page that says what a body offers."""

    url: Url
    date: dt.date | None = None


class Offer(Record):
    id: Id
    name: Text
    text: Text
    needs: tuple[Id, ...] = Field(min_length=1)
    tasks: tuple[Id, ...] = Field(min_length=1)  # the plan tasks that name the body or the service
    quotes: tuple[Text, ...] = ()  # zh verbatim from one of ``tasks``; en from data/projects.yaml
    sources: tuple[OfferSource, ...] = ()


def _date_as_text(value: object) -> object:
    # `date: 2021-12-02` reads as a date in YAML, `date: 2024` as a number, `date: 2019-05` as text.
    if isinstance(value, dt.date):
        return value.isoformat()
    return _year_as_text(value)


#: The date a source gives: a day, a month or a year, as printed on it.
SourceDate = Annotated[StrictStr, BeforeValidator(_date_as_text), Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
SOURCE_DATE_EXPECTED = "a date as YYYY-MM-DD, YYYY-MM or YYYY, or null when the source gives none"
ContactConfidence = Literal["high", "medium", "low"]
SHOWN_CONFIDENCES: tuple[ContactConfidence, ...] = ("high", "medium")


class ContactSource(Record):
    """A page that publishes a contact detail or a channel."""

    id: Id
    url: Url | None  # required: write null for a source that is not a web page one can link
    publisher: Text
    title: Text | None = None
    date: SourceDate | None  # required: write null when the source gives no date

    def day(self) -> dt.date | None:
        """The first day the source's date can mean (the oldest reading of '2019-05')."""
        if self.date is None:
            return None
        parts = [int(p) for p in self.date.split("-")] + [1, 1]
        return dt.date(parts[0], parts[1], parts[2])


class Sourced(Record):
    """What every contact detail and channel carries: where it was published,
    when an editor last checked it, and how far the source can be trusted."""

    source: Id | None = None
    also: tuple[Id, ...] = ()  # other sources that say the same
    checked: dt.date | None = None
    confidence: ContactConfidence | None = None
    note: Text | None = None

    @property
    def shown(self) -> bool:
        return self.confidence in SHOWN_CONFIDENCES


class ContactDetail(Sourced):
    value: NonBlank  # as published: a phone number, an address
    place: Text | None = None  # which office, when a body has several


class ContactLink(ContactDetail):
    value: Url


CONTACT_FIELDS = ("website", "online", "phone", "address", "hours")
#: Separates the words of a list written in data: '律师、律所', 'lawyer, law firm'.
FINDER_WORD_SEPARATORS = re.compile(r"\s*[、,，]\s*")


class Contact(Record):
    """How to reach a body; a field with no shown detail is 'not yet confirmed'."""

    website: tuple[ContactLink, ...] = ()
    online: tuple[ContactLink, ...] = ()  # an online service of the body
    phone: tuple[ContactDetail, ...] = ()
    address: tuple[ContactDetail, ...] = ()
    hours: tuple[ContactDetail, ...] = ()

    def details(self) -> list[tuple[str, tuple[ContactDetail, ...]]]:
        return [(name, getattr(self, name)) for name in CONTACT_FIELDS]

    def shown(self, name: str) -> list[ContactDetail]:
        return [d for d in getattr(self, name) if d.shown]

    def hidden(self, name: str) -> list[ContactDetail]:
        return [d for d in getattr(self, name) if not d.shown]

    @property
    def confirmed(self) -> bool:
        return any(self.shown(name) for name in CONTACT_FIELDS)

    def unconfirmed(self) -> list[str]:
        """The fields with no shown detail."""
        return [name for name in CONTACT_FIELDS if not self.shown(name)]


class Identity(Sourced):
    """What a body is also called or also is, e.g. the municipal IP office."""

    text: Text
    names: Text | None = None  # other names it goes by, separated by '、' / ', ' (searchable)


class ServiceBody(Record):
    unit: Id
    offers: tuple[Offer, ...] = Field(min_length=1)
    identity: tuple[Identity, ...] = ()
    contact: Contact = Contact()

    @property
    def task_ids(self) -> list[str]:
        """The tasks its offers cite, each once, in the order first cited."""
        return list(dict.fromkeys(t for offer in self.offers for t in offer.tasks))

    @property
    def need_ids(self) -> list[str]:
        return list(dict.fromkeys(n for offer in self.offers for n in offer.needs))

    def alias(self, lang: str) -> str | None:
        """The first other name the body goes by, from its shown identities."""
        names = [i.names(lang) for i in self.identity if i.shown and i.names]
        return FINDER_WORD_SEPARATORS.split(names[0])[0] if names else None


ChannelKind = Literal["hotline", "website", "online-service", "office"]


class Channel(Sourced):
    """A national or city channel an enterprise can use, routed to the needs it fits.

    ``merged_into``: a former channel, shown only as history under the one it
    was merged into, never as a channel to use."""

    id: Id
    kind: ChannelKind
    name: Text
    value: NonBlank  # a number, or the address shown for a website
    url: Url | None = None
    purpose: Text
    not_for: Text | None = None  # what the source says it does not handle
    needs: tuple[Id, ...] = ()
    not_for_needs: tuple[Id, ...] = ()
    general: StrictBool = False  # offered for a need that has no channel of its own
    merged_into: Id | None = None
    merged: SourceDate | None = None  # when it was merged


class FinderWords(Record):
    """Everyday words an owner may type, and the needs they mean."""

    needs: tuple[Id, ...] = Field(min_length=1)
    words: Text  # separated by '、' or commas; a word may be a phrase of several words


class ServicesFile(Record):
    contacts_max_age_days: StrictInt = Field(default=365, gt=0)  # a check older than this is flagged
    sources_max_age_days: StrictInt = Field(default=1095, gt=0)  # a source older than this at its check: check before calling
    groups: tuple[NeedGroup, ...] = ()
    needs: tuple[Need, ...] = ()
    finder: tuple[FinderWords, ...] = ()
    sources: tuple[ContactSource, ...] = ()
    channels: tuple[Channel, ...] = ()
    ask_about_contacts: tuple[Id, ...] = ()  # channels where to ask about a detail not confirmed
    bodies: tuple[ServiceBody, ...] = ()

    def need(self, need_id: str) -> Need:
        return next(n for n in self.needs if n.id == need_id)

    def body(self, unit_id: str) -> ServiceBody | None:
        return next((b for b in self.bodies if b.unit == unit_id), None)

    def source(self, source_id: str) -> ContactSource:
        return next(s for s in self.sources if s.id == source_id)

    def channel(self, channel_id: str) -> Channel:
        return next(c for c in self.channels if c.id == channel_id)

    def needs_in(self, group_id: str) -> list[Need]:
        return [n for n in self.needs if n.group == group_id]

    def offers_for(self, need_id: str) -> list[tuple[ServiceBody, Offer]]:
        return [(b, o) for b in self.bodies for o in b.offers if need_id in o.needs]

    def bodies_for(self, need_id: str) -> list[ServiceBody]:
        return list({b.unit: b for b, _ in self.offers_for(need_id)}.values())

    def current_channels(self) -> list[Channel]:
        """The channels to use: shown, and not merged into another."""
        return [c for c in self.channels if c.shown and c.merged_into is None]

    def channels_for(self, need_id: str) -> list[Channel]:
        return [c for c in self.current_channels() if need_id in c.needs]

    def general_channels_for(self, need_id: str) -> list[Channel]:
        return [c for c in self.current_channels() if c.general and need_id not in c.not_for_needs and need_id not in c.needs]

    def merged_into(self, channel_id: str) -> list[Channel]:
        """The former channels merged into this one (history only)."""
        return [c for c in self.channels if c.merged_into == channel_id]

    def has_sourced_channel(self, need_id: str) -> bool:
        """A channel fits the need, or a body answering it has a shown contact detail."""
        return bool(self.channels_for(need_id)) or any(b.contact.confirmed for b in self.bodies_for(need_id))

    def finder_words(self, need_id: str) -> list[str]:
        """The everyday words routed to a need, lower case, phrases with spaces."""
        texts = [f.words(lang) for f in self.finder if need_id in f.needs for lang in f.words.languages]
        found = [w for text in texts for w in FINDER_WORD_SEPARATORS.split(text)]
        return list(dict.fromkeys(w.lower() for w in found if w))


# --- the whole dataset, with lookups ----------------------------------------


@dataclass(frozen=True)
class Dataset:
    """Everything the renderer needs, validated and cross-referenced."""

    plan: PlanFile
    projects: ProjectsFile
    units: UnitsFile
    indicators: IndicatorsFile
    ui: UiFile
    site: SiteFile
    releases: tuple[Release, ...] = ()
    services: ServicesFile = field(default_factory=ServicesFile)
    today: dt.date | None = None  # the build date: with the plan's period, it says whether the plan has ended
    unit_by_id: dict[str, Unit] = field(init=False, repr=False)
    task_by_id: dict[str, Task] = field(init=False, repr=False)
    project_of_task: dict[str, Project] = field(init=False, repr=False)
    series_by_id: dict[str, Indicator | Proxy] = field(init=False, repr=False)  # indicators and proxies
    measure_by_id: dict[str, UnitOfMeasure] = field(init=False, repr=False)
    _history: dict[str, list[Point]] = field(init=False, repr=False)  # series -> every value
    _current: dict[str, list[Point]] = field(init=False, repr=False)  # series -> newest per period

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: derived lookups are set once here
        set_(self, "unit_by_id", {u.id: u for u in self.units.units})
        set_(self, "task_by_id", {t.id: t for p in self.projects.projects for t in p.tasks})
        set_(self, "project_of_task", {t.id: p for p in self.projects.projects for t in p.tasks})
        set_(self, "series_by_id", {x.id: x for x in (*self.indicators.indicators, *self.indicators.proxies)})
        set_(self, "measure_by_id", {m.id: m for m in self.indicators.units})
        history: dict[str, list[Point]] = {}
        for release in self.releases:
            for obs in release.observations:
                history.setdefault(obs.indicator, []).append(Point(release, obs))
        set_(self, "_history", history)
        current: dict[str, list[Point]] = {}
        for series, points in history.items():
            newest = {p.period: p for p in points}  # releases are in date order: later wins
            current[series] = sorted(newest.values(), key=lambda p: period_end(p.period))
        set_(self, "_current", current)

    @property
    def tasks(self) -> list[Task]:
        return list(self.task_by_id.values())

    @property
    def review_date(self) -> dt.date:
        """The date the data speaks for: the newest release (or the plan's own date)."""
        return self.latest_release.date if self.latest_release else self.plan.date

    @property
    def ended(self) -> bool:
        """Whether the plan's period is over, on the build date or the data's own date."""
        as_of = max(self.today or self.review_date, self.review_date)
        return as_of > dt.date(self.plan.period.end, 12, 31)

    @property
    def languages(self) -> tuple[str, ...]:
        """The language codes, the default (the plan's own language) first."""
        return tuple(lang.code for lang in self.site.languages)

    @property
    def default_language(self) -> str:
        return self.site.languages[0].code

    def measure(self, series: Indicator | Proxy) -> UnitOfMeasure:
        return self.measure_by_id[series.unit]

    def target_year(self, indicator: Indicator) -> int:
        return indicator.target.year or self.plan.period.end

    def judgement(self, indicator_id: str) -> tuple[Release, Judgement] | None:
        """The newest editors' judgement of a qualitative target, if any."""
        found = [(r, j) for r in self.releases for j in r.judgements if j.indicator == indicator_id]
        return found[-1] if found else None

    @property
    def latest_release(self) -> Release | None:
        return self.releases[-1] if self.releases else None

    def history(self, series_id: str) -> list[Point]:
        """Every published value of an indicator or proxy, oldest release first."""
        return list(self._history.get(series_id, ()))

    def current(self, series_id: str) -> list[Point]:
        """One value per period, from the newest release that gave it, by period."""
        return list(self._current.get(series_id, ()))

    def proxies_of(self, indicator_id: str) -> list[Proxy]:
        return [p for p in self.indicators.proxies if p.proxy_for == indicator_id]

    def tasks_led_by(self, unit_id: str) -> list[Task]:
        return [t for t in self.tasks if unit_id in t.lead]

    def tasks_supported_by(self, unit_id: str) -> list[Task]:
        return [t for t in self.tasks if unit_id in t.responsible]

    def task_names_unit(self, task_id: str, unit_id: str) -> bool:
        """Whether the task's own words (title or description, in the plan's
        language) name the unit, by its full or its short name."""
        task, unit, lang = self.task_by_id[task_id], self.unit_by_id[unit_id], self.default_language
        words = task.title(lang) + task.description(lang)
        return unit.name(lang) in words or unit.short(lang) in words

    def indicators_of_task(self, task_id: str) -> list[Indicator]:
        return [i for i in self.indicators.indicators if task_id in i.related_tasks]

    def task_notes(self, task_id: str) -> list[NoteEntry]:
        """Every progress note on a task, oldest first (by date, then release)."""
        notes = [NoteEntry(r, n) for r in self.releases for n in r.progress.notes if n.task == task_id]
        return sorted(notes, key=lambda e: e.note.date)

    def task_status(self, task_id: str) -> StatusEntry | None:
        """The task's status from the newest release that set it; None if none has."""
        entries = [StatusEntry(r, s) for r in self.releases for s in r.progress.statuses if s.task == task_id]
        return entries[-1] if entries else None

    def task_status_id(self, task_id: str) -> TaskStatus:
        entry = self.task_status(task_id)
        return entry.entry.status if entry else NO_PUBLIC_INFORMATION

    def plan_notes(self) -> list[PlanNote]:
        """Background notes on the plan as a whole, oldest first."""
        return sorted((n for r in self.releases for n in r.progress.context), key=lambda n: n.date)

    def label(self, key: str, lang: str) -> str:
        return self.ui.strings[key](lang)
