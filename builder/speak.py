"""Speaking one language from one page: words, numbers, links and sources.

:class:`PageContext` is what a page's view uses to turn the dataset into text:
labels filled from the data, values in their units, links relative to the page,
sources with their tier. Every value it returns is escaped for Markdown (see
:func:`md_escape`) or is :class:`markupsafe.Markup` built from escaped parts,
so text from the data is always shown, never run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import posixpath
import re
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

from . import charts, contacts, share
from .downloads import tables_of
from .i18n import format_period, format_target, format_value, number, plural_form
from .labels import LABELS, PLURAL_FORMS
from .lifecycle import OUTCOMES, age_in_days, outcomes, plan_end
from .model import (
    TASK_STATUSES,
    Channel,
    Dataset,
    Indicator,
    Need,
    NoteEntry,
    NoteFigure,
    NoteSource,
    Observation,
    ObservationSource,
    Offer,
    OfferSource,
    PlanNote,
    Point,
    ProgressNote,
    Project,
    Proxy,
    ServiceBody,
    Sourced,
    Task,
    Text,
    Unit,
    period_time,
)
from .progress import Assessment, assessed_points
from .targets import KINDS
from .updates import FEED_DIR, Change

#: Where the charts' files are: the static SVG, and the PNG and CSV downloads.
CHARTS_DIR = "assets/charts"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~])")
_LIST_NUMBER = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)
_BLOCK_MARKER = re.compile(r"^([ \t]*)([-+=#>!:])", re.MULTILINE)
_INDENT = re.compile(r"^(?: {4,}|\t)", re.MULTILINE)  # would start a code block
#: A character that md_escape changes or that starts a line it may change.
_NEEDS_ESCAPING = re.compile(r"[\\`*_\[\]{}|~&<>\n]")


def md_escape(value: Any) -> str:
    """Escape text so Markdown and HTML show it literally, within a line.

    Lines after the first (from newlines in the value) are also kept from
    starting a list, heading or quote.
    """
    text = str(value)
    if not _NEEDS_ESCAPING.search(text):  # most text: nothing to do
        return text
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    first, sep, rest = text.partition("\n")
    return first + sep + _neutralize_line_starts(rest)


def as_markup(value: Any) -> Markup:
    """Markup as it is; any other value as text escaped for Markdown."""
    return value if isinstance(value, Markup) else Markup(md_escape(value))


def md_cell(value: Any) -> Markup:
    """Text for a table cell or a term's value: escaped, its line breaks as <br>."""
    return Markup(md_escape(value).replace("\n", "<br>"))


def md_block(value: Any) -> str:
    """Like :func:`md_escape`, for a value that starts a block (a paragraph)."""
    return _neutralize_line_starts(md_escape(value))


def _neutralize_line_starts(text: str) -> str:
    # A numeric character reference shows the character but is never read as
    # Markdown syntax: '1.' becomes '1&#46;', '-' becomes '&#45;'.
    text = _INDENT.sub("&#32;", text)
    text = _LIST_NUMBER.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)
    return _BLOCK_MARKER.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)


def localized(path: str, lang: str, default: str) -> str:
    """'units/amr.md' -> 'units/amr.en.md' for a language other than the default (suffix structure)."""
    return path if lang == default else path[: -len(".md")] + f".{lang}.md"


#: Separates a label key from the placeholders it may use, in Rendered.missing_labels.
PLACEHOLDER_MARK = "\x00"


def page_dir(path: str, lang: str, default: str) -> str:
    """The folder URL a page is published at: 'units/amr.md' -> 'en/units/amr/'."""
    stem = path[: -len(".md")]
    url = "" if stem == "index" else stem.removesuffix("index") if stem.endswith("/index") else stem + "/"
    return url if lang == default else f"{lang}/{url}"


_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
#: A telephone number as written: digits, with an optional leading +, spaces, hyphens and brackets.
_PHONE = re.compile(r"\+?[0-9][0-9 ()\-]{2,}[0-9]")


def fill(label: str, values: dict[str, object]) -> str:
    """Put ``values`` into the ``{name}`` placeholders of a label. Only plain
    names are read (no format specs); check() reports any other placeholder."""
    if "{" not in label:
        return label
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), label)


def plan_facts(ds: Dataset) -> dict[str, object]:
    """Placeholders every label may use, filled from the data."""
    return {
        "plan_start": ds.plan.period.start,
        "plan_end": ds.plan.period.end,
        "project_count": len(ds.projects.projects),
        "task_count": len(ds.tasks),
        "indicator_count": len(ds.indicators.indicators),
        "unit_count": len(ds.units.units),
    }


def declares(patterns: tuple[str, ...], key: str) -> bool:
    """Whether ``key`` is one of ``patterns`` (a key, or ``prefix-*`` for a family)."""
    return key in patterns or key.startswith(tuple(p[:-1] for p in patterns if p.endswith("*")))


@functools.cache
def declared_keys(patterns: tuple[str, ...]) -> frozenset[str]:
    """The labels of the site that ``patterns`` declare, with the shared helpers' own."""
    every = (*patterns, *SPEAK_LABELS)
    families = tuple(p[:-1] for p in every if p.endswith("*"))
    return frozenset(key for key in LABELS if key in every or key.startswith(families))


#: The labels the shared helpers of :class:`PageContext` use, on any page.
SPEAK_LABELS: tuple[str, ...] = (
    "change-*", "channel-*", "chart-download", "checked-on", "cite-text", "cite-text-no-figures",
    "clause-separator", "compiled-on", "confidence-*", "contact-*", "count-*", "derived-*",
    "evidence-age", "evidence-old", "licence-none", "licence-body", "licence-plan-text", "list-separator",
    "matrix-*", "meta-*", "name-with-alias", "no-note-date", "none", "note-*", "offer-per-sources",
    "outcome-*", "overview-title", "phrase-separator", "item-separator", "quoted", "sentence", "series", "source-*",
    "status-*", "task-ref", "task-role-*", "task-status-chart-desc", "term-value", "trend-*", "updates-feed",
    "with-note", "then", "repost-warning", "explain-*", "unit-summary", "result-summary", "baseline-late",
    # values, periods and targets in words (builder.i18n), and the charts' own words (builder.charts)
    "period-*", "target-*", "series-*", "axis-*", "chart-subtitle", "task-status-chart-title", "col-count",
)  # fmt: skip


def relative(target: str, start: str) -> str:
    """``target`` relative to the folder ``start``; both relative to the site root.

    As posixpath.relpath, without its calls to os.getcwd (thousands per build)."""
    parts = [p for p in target.split("/") if p and p != "."]
    base = [p for p in start.split("/") if p and p != "."]
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


def script_json(data: str) -> str:
    """JSON made safe inside <script type="application/json">."""
    return data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def css_string(text: str) -> str:
    """``text`` as a CSS string: quotes and backslashes escaped, control characters as code points."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\' or ord(ch) < 32 or ch == "\x7f" else ch for ch in text)
    return f'"{escaped}"'


class PageContext:
    """Helpers a template uses to speak one language from one page."""

    def __init__(
        self,
        ds: Dataset,
        lang: str,
        path: str,
        assessments: dict[str, Assessment],
        chart_sink: list[charts.Chart],
        missing_labels: set[str] | None = None,
        declared: tuple[str, ...] | None = None,
        undeclared: set[str] | None = None,
    ):
        self.ds, self.lang, self.path = ds, lang, path
        self.assessments, self._charts = assessments, chart_sink
        self._missing = missing_labels if missing_labels is not None else set()
        # the labels this page's type declares, with the shared helpers' own; any other use is recorded
        self._declared = None if declared is None else declared_keys(declared)
        self._undeclared = undeclared if undeclared is not None else set()
        self.default = ds.default_language
        self.review = ds.review_date
        self.ended = ds.ended
        self.facts = {**plan_facts(ds), "plan_title": ds.plan.title(lang), "plan_short_title": ds.plan.short_title(lang)}

    @functools.cached_property
    def outcomes(self) -> dict:
        """Each target's outcome once the plan has ended (none while it runs)."""
        return outcomes(self.ds) if self.ended else {}

    # --- words ------------------------------------------------------------------
    def t(self, key: str) -> str:
        """A label of the site itself in this page's language.

        A label missing from data/ui.yaml is recorded (the build reports them
        all as problems before writing anything) and shown as its key."""
        return self.tf(key)

    def tf(self, key: str, **values: object) -> str:
        """A label with {placeholders} filled in: ``values`` and the plan's facts."""
        if self._declared is not None and key not in self._declared:
            self._undeclared.add(key)
        text = self.ds.ui.strings.get(key)
        if text is None:
            self._missing.add(key)
            return f"[{key}]"
        return fill(text(self.lang), {**self.facts, **values} if values else self.facts)

    def words(self, keys: tuple[str, ...]) -> dict[str, str]:
        """The labels ``keys`` in this page's language, for a template to print
        by name: those the plan's facts fill (a label with placeholders of its
        own is the view's to fill, and left out)."""
        out = {}
        for key in keys:
            if not key.endswith("*") and not _PLACEHOLDER.search(text := self.t(key)):
                out[key] = text
        return out

    def tx(self, text: Text | None) -> str:
        return text(self.lang) if text is not None else ""

    @property
    def translated(self) -> bool:
        """Whether this page is in a language other than the plan's own."""
        return self.lang != self.default

    @property
    def plan_locale(self) -> str:
        return self.ds.site.language(self.default).locale

    def plan_text(self, text: Text) -> str:
        """A text in the plan's own language (the default), e.g. the plan's wording."""
        return text(self.default)

    def plan_quote(self, text: Text) -> Markup:
        """A text in the plan's own language, escaped; on a page in another
        language marked with the plan's locale, so that it is read (aloud,
        searched, hyphenated) as the plan's language."""
        shown = md_escape(self.plan_text(text))
        return Markup(f'<span lang="{html.escape(self.plan_locale)}">{shown}</span>' if self.translated else shown)

    def plan_label(self, key: str) -> Markup:
        """A label as the plan's own language words it (a term the plan's
        language uses), marked as that language on a page in another."""
        self.t(key)  # recorded like any label used
        text = self.ds.ui.strings.get(key)
        return self.plan_quote(text) if text is not None else Markup(md_escape(f"[{key}]"))

    def fmt(self, value: float | None, series: Indicator | Proxy) -> str:
        return "" if value is None else format_value(value, self.ds.measure(series), self.lang)

    def shown(self, value: float | Text | None, series: Indicator | Proxy) -> str:
        """A value with its unit, or a qualitative outcome's text."""
        return value(self.lang) if isinstance(value, Text) else self.fmt(value, series)

    def period(self, period: str) -> str:
        return format_period(period, self.t, self.ds.site.language(self.lang).locale)

    def percent(self, value: float | None) -> str:
        return "" if value is None else f"{value:.0f}%"

    def target(self, indicator: Indicator) -> str:
        return format_target(indicator, self.ds.measure(indicator), self.lang, self.t)

    def join(self, items: list) -> Markup:
        separator = html.escape(self.t("list-separator"))
        return Markup(separator.join(str(i) for i in items)) if items else Markup(md_escape(self.t("none")))

    # --- links --------------------------------------------------------------------
    def url(self, target: str) -> str:
        """A relative Markdown link from this page to another page's source path."""
        here = posixpath.dirname(self.path)
        return relative(localized(target, self.lang, self.default), here)

    def href(self, target: str, lang: str | None = None) -> str:
        """A relative URL for raw HTML: to a page's source path or to a file at the site root."""
        here = page_dir(self.path, self.lang, self.default) or "."
        if target.endswith(".md"):
            there = page_dir(target, lang or self.lang, self.default)
            return relative(there, here).removesuffix("/") + "/"
        return relative(target, here)

    def link(self, label: Any, target: str) -> Markup:
        shown = label if isinstance(label, Markup) else md_escape(label)
        return Markup(f"[{shown}]({self.url(target)})")

    def ext_link(self, url: str, label: str | None = None) -> Markup:
        """A link to another site; the URL was checked to be http(s) without spaces."""
        safe_url = url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
        return Markup(f"[{md_escape(label or url)}]({safe_url})")

    def unit_label(self, unit_id: str) -> str:
        """A unit as task pages name it: in the plan's own language as the plan
        words it (its short name), in a translation by its full name."""
        unit = self.ds.unit_by_id[unit_id]
        return unit.short(self.lang) if self.lang == self.default else unit.name(self.lang)

    def unit_link(self, unit_id: str) -> Markup:
        return self.link(self.unit_label(unit_id), f"units/{unit_id}.md")

    def unit_links(self, unit_ids: list[str]) -> Markup:
        return self.join([self.unit_link(u) for u in unit_ids])

    def task_link(self, task_id: str) -> Markup:
        task = self.ds.task_by_id[task_id]
        return self.link(f"{self.task_number(task_id)} {task.title(self.lang)}", f"tasks/{task.id}.md")

    def task_number(self, task_id: str) -> str:
        """'2.3': project number and task number, as the plan counts them."""
        project = self.ds.project_of_task[task_id]
        return f"{project.number}.{self.ds.task_by_id[task_id].number}"

    def unit_summary(self, unit_id: str) -> str:
        """'Leads 9 tasks in 5 projects and supports 4.' in this page's language."""
        led = self.ds.tasks_led_by(unit_id)
        projects = {self.ds.project_of_task[t.id].id for t in led}
        supported = self.ds.tasks_supported_by(unit_id)
        count_tasks = lambda n: self.count("count-tasks", n)  # noqa: E731
        return self.tf(
            "unit-summary",
            led=count_tasks(len(led)),
            projects=self.count("count-projects", len(projects)),
            supported=count_tasks(len(supported)),
        )

    def count_attributes(self, key: str) -> Markup:
        """A counted label's forms as ``data-count-<form>`` attributes, for a
        script that counts in the page (it picks the form for its number)."""
        return Markup(" ".join(f'data-count-{form}="{html.escape(self.t(f"{key}-{form}"), quote=True)}"' for form in PLURAL_FORMS))

    def count(self, key: str, n: int) -> str:
        """A counted label (builder.labels.COUNTED) in the plural form the page's language uses for ``n``."""
        return self.tf(f"{key}-{plural_form(self.ds.site.language(self.lang).locale, n)}", n=n)

    @property
    def locale(self) -> str:
        """Number formats for this page's charts."""
        return self.ds.site.language(self.lang).number_locale

    # --- progress -----------------------------------------------------------------
    def status_badge(self, status: str) -> Markup:
        label = html.escape(self.t(f"status-{status}"))
        return Markup(f'<span class="plansite-status plansite-status--{status}">{label}</span>')

    def status_explanation(self, ind: Indicator) -> str:
        a = self.assessments[ind.id]
        return self.tf(
            f"explain-{a.reason}",
            percent=self.percent(a.percent_of_target),
            expected=self.fmt(a.expected, ind),
            ratio="" if a.ratio is None else number(a.ratio, 2),
            latest=self.fmt(a.latest.value if a.latest else None, ind),
            year=self.period(a.latest.period) if a.latest else "",
            target=self.target(ind),
            target_year=self.ds.target_year(ind),
        )

    def trend_sentence(self, ind: Indicator) -> str:
        """One sentence on the trend and status, used as the chart's text alternative."""
        a = self.assessments[ind.id]
        points = assessed_points(self.ds.current(ind.id))
        # once the plan has ended, a target has an outcome, never a live status
        status = self.t(f"outcome-{self.outcomes[ind.id].kind}") if self.ended else self.t(f"status-{a.status}")
        if not points:
            return self.tf("trend-none", target=self.target(ind), status=status)
        first, last = points[0], points[-1]
        key = "trend-one" if first is last else "trend-many"
        return self.tf(
            key,
            first=self.fmt(first.value, ind), first_year=self.period(first.period), latest=self.fmt(last.value, ind),
            latest_year=self.period(last.period), n=len(points), target=self.target(ind), status=status,
            target_year=self.ds.target_year(ind),
        )  # fmt: skip

    def target_kinds(self) -> list[str]:
        """Every kind of target, in registry order (the method page explains them all)."""
        return list(KINDS)

    # --- the plan's life: live statuses while it runs, outcomes once it has ended ---------
    def target_badge(self, ind: Indicator) -> Markup:
        """The live status of a target while the plan runs; its outcome once it has ended."""
        if not self.ended:
            return self.status_badge(self.assessments[ind.id].status)
        kind = self.outcomes[ind.id].kind
        label = html.escape(self.t(f"outcome-{kind}"))
        return Markup(f'<span class="plansite-status plansite-status--outcome-{kind}">{label}</span>')

    def outcome_explanation(self, ind: Indicator) -> str:
        o = self.outcomes[ind.id]
        evidence = o.evidence
        judged = self.ds.judgement(ind.id)
        text = self.tf(
            f"outcome-explain-{o.kind}",
            year=self.period(evidence.period) if evidence else "",
            value=self.shown(_observed(evidence), ind) if evidence else "",
            target=self.target(ind),
            target_year=o.target_year,
            review=self.review.isoformat(),
            note=judged[1].note(self.lang) if judged else "",
        )
        if o.kind == "met" and evidence and int(evidence.period[:4]) < (o.target_year or 0) and not self.final_figure(ind):
            missing = self.tf("outcome-final-missing", target_year=o.target_year, review=self.review.isoformat())
            text = self.tf("then", text=text, then=missing)
        return text

    def derived(self, point: object) -> str:
        """' (derived by this site)' after a value this site derived, else ''."""
        observation = getattr(point, "observation", None)
        return self.t("derived-mark") if observation is not None and observation.confidence == "derived" else ""

    # --- sources: their tier, a warning at a repost's link, the day they published ---------
    def tier(self, confidence: str) -> str:
        """The confidence tier of a value or note: official, reported, repost or derived."""
        return self.t(f"confidence-{confidence}")

    def source_anchor(self, url: str | None, label: str, confidence: str) -> Markup:
        """A link to a source, followed by a warning when it was read on a mirror
        site; '(no web address)' when none is known."""
        if url is None:
            return Markup(md_escape(self.t("note-no-url")))
        link = self.ext_link(url, label)
        if confidence != "repost":
            return link
        return self.noted(link, Markup(f"<strong>{html.escape(self.t('repost-warning'))}</strong>"))

    def value_source(self, observation: Observation) -> Markup:
        """The publisher of a value, linked, with a warning for a repost (for a table cell)."""
        source = observation.source
        return self.source_anchor(source.url, source.publisher(self.lang), observation.confidence)

    def published(self, day: dt.date | None, derived: bool = False) -> str:
        """When the source published it, or that the source gives no date; for a
        value this site derived, when the figures it was derived from were published."""
        if derived:
            return self.tf("derived-from-published", date=day.isoformat()) if day else self.t("derived-from-undated")
        return self.tf("source-published", date=day.isoformat()) if day else self.t("source-no-date")

    def published_cell(self, observation: Observation) -> str:
        """The day the source published a value, for a table cell (a derived value was never published)."""
        if observation.confidence == "derived":
            return self.t("derived-not-published")
        return observation.source.date.isoformat() if observation.source.date else self.t("source-undated")

    def source_line(self, source: ObservationSource | NoteSource, derived: bool = False) -> Markup:
        """'Publisher, title, published on DATE.' as each language writes it."""
        date = self.published(source.date, derived)
        parts = {"publisher": source.publisher(self.lang), "title": source.title(self.lang), "date": date}
        return self.fill_markup("source-line", **{k: Markup(md_escape(v)) for k, v in parts.items()})

    def value_source_item(self, point: Point) -> Markup:
        """A value's source in the list of sources: period, source, link, and the day this site compiled it."""
        obs = point.observation
        compiled = Markup(md_escape(self.tf("compiled-on", date=point.release.date.isoformat())))
        text = self.fill_markup("sentence", text=self.series([self.source_line(obs.source, obs.confidence == "derived"), compiled]))
        line = self.fill_markup("term-value", term=Markup(f"**{md_escape(self.period(point.period))}**"), value=text)
        return self.fill_markup("then", text=line, then=self.source_anchor(obs.source.url, obs.source.url, obs.confidence))

    def note_source(self, note: ProgressNote | PlanNote) -> Markup:
        """A progress note's source: publisher, title, date, link (warned if a repost), its note, and its tier."""
        source = note.source
        sentence = self.fill_markup("sentence", text=self.source_line(source))
        text = self.fill_markup("then", text=sentence, then=self.source_anchor(source.url, self.t("note-link"), note.confidence))
        if source.note:
            text = self.fill_markup("then", text=text, then=Markup(md_escape(source.note(self.lang))))
        line = self.fill_markup("term-value", term=Markup(md_escape(self.t("note-source"))), value=text)
        return self.items([line, self.t("note-confidence-" + note.confidence)])

    def note_head(self, note: ProgressNote | PlanNote) -> Markup:
        """A note's date (and the period its figures cover) and its text."""
        head = Markup(f"**{note.date.isoformat()}**")
        period = getattr(note, "period", None)
        if period:
            head = self.noted(head, self.tf("note-period", period=self.period(period)))
        return self.fill_markup("term-value", term=head, value=Markup(md_escape(note.text(self.lang))))

    def note_figures(self, figures: tuple[NoteFigure, ...]) -> Markup:
        items = [self.tf("term-value", term=f.name(self.lang), value=self.figure(f.value)) for f in figures]
        return Markup(md_escape(self.tf("term-value", term=self.t("note-figures"), value=self.t("clause-separator").join(items))))

    def final_figure(self, ind: Indicator) -> bool:
        year = str(self.ds.target_year(ind))
        return any(p.period.startswith(year) for p in self.ds.current(ind.id))

    def result_sentence(self) -> str:
        """The plan's result in one sentence, counted from the outcomes."""
        kinds = [o.kind for o in self.outcomes.values()]
        return self.tf(
            "result-summary",
            n=len(kinds),
            met=kinds.count("met"),
            not_met=kinds.count("not-met"),
            no_final=kinds.count("no-final-figure"),
            none=kinds.count("no-figure"),
            qualitative=sum(k.startswith("judged") or k == "not-judged" for k in kinds),
            judged_met=kinds.count("judged-met"),
        )

    def ended_on(self) -> str:
        return plan_end(self.ds).isoformat()

    def outcome_kinds(self) -> list[str]:
        return list(OUTCOMES)

    def evidence_age(self, day: dt.date) -> str:
        """How old a piece of evidence is at the review date, flagged when older than the data allows."""
        age, *old = self._age(day)
        return self.paren(age, old[0]) if old else age

    def _age(self, day: dt.date) -> list[str]:
        age = self.tf("evidence-age", years=number(age_in_days(day, self.review) / 365.25, 1))
        return [age, self.t("evidence-old")] if self._old(day) else [age]

    def _old(self, day: dt.date) -> bool:
        """Evidence older at the review date than the site allows (site.yaml: evidence_max_age_days)."""
        return age_in_days(day, self.review) > self.ds.site.evidence_max_age_days

    def latest_evidence(self, task_id: str) -> str:
        """The date of the task's latest progress note and how old it is, flagged when old."""
        latest = self.latest_note(task_id)
        if latest is None:
            return self.t("no-note-date")
        return self.paren(latest.note.date.isoformat(), self.phrases(self._age(latest.note.date)))

    # --- updates ------------------------------------------------------------------
    def describe_change(self, change: Change) -> str:
        """One change of a release as a sentence in this page's language."""
        if change.task:
            task = self.ds.task_by_id[change.task]
            return self.tf(
                f"change-{change.kind}",
                task=f"{self.task_number(task.id)} {task.title(self.lang)}",
                old_status=self.t(f"status-{change.old_status}") if change.old_status else "",
                new_status=self.t(f"status-{change.new_status}") if change.new_status else "",
            )
        return self._describe_value_change(change)  # a derived value says so where its source's date would be

    def _describe_value_change(self, change: Change) -> str:
        unit = self.ds.series_by_id[change.series]
        values = {
            "name": unit.name(self.lang),
            "period": self.period(change.period) if change.period else "",
            "old": self.shown(change.old, unit),
            "new": self.shown(change.new, unit),
            "old_status": self.t(f"status-{change.old_status}") if change.old_status else "",
            "new_status": self.t(f"status-{change.new_status}") if change.new_status else "",
            "published": self.published(change.source_date, change.derived),
        }
        return self.tf(f"change-{change.kind}", **values)

    def download_tables(self) -> tuple[str, ...]:
        """The tables of the open data, each a CSV file titled by the label ``file-<name>``."""
        return tables_of(self.ds)

    def feed_link(self) -> Markup:
        return self.html_link(self.t("updates-feed"), f"{FEED_DIR}/updates-{self.lang}.xml")

    # --- task progress ------------------------------------------------------------
    def task_badge(self, task_id: str) -> Markup:
        """The task's status as a badge ('no public information' until editors set one)."""
        return self.status_badge(self.ds.task_status_id(task_id))

    def latest_note(self, task_id: str) -> NoteEntry | None:
        notes = self.ds.task_notes(task_id)
        return notes[-1] if notes else None

    def latest_note_date(self, task_id: str) -> str:
        """The date of the task's latest note, flagged when it is old at the review date."""
        latest = self.latest_note(task_id)
        if latest is None:
            return self.t("no-note-date")
        day = latest.note.date
        return self.paren(day.isoformat(), self.t("evidence-old")) if self._old(day) else day.isoformat()

    def task_status_counts(self) -> list[tuple[str, int]]:
        """Every task status with its number of tasks, zeros included."""
        ids = [self.ds.task_status_id(t.id) for t in self.ds.tasks]
        return [(s, ids.count(s)) for s in TASK_STATUSES]

    def last_review(self) -> str:
        """The newest date on which editors reviewed any task's status ('' if never)."""
        dates = [e.entry.reviewed for t in self.ds.tasks if (e := self.ds.task_status(t.id))]
        return max(dates).isoformat() if dates else ""

    def lead_units(self) -> list[Unit]:
        """Units that lead at least one task, in the order of data/units.yaml."""
        return [u for u in self.ds.units.units if self.ds.tasks_led_by(u.id)]

    def figure(self, value: float) -> str:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"

    def html_link(self, label: Any, target: str) -> Markup:
        """A link in raw HTML (where Markdown links are not read), or to a
        generated file such as a download, which lives once at the site root."""
        return Markup(f'<a href="{html.escape(self.href(target))}">{html.escape(str(label))}</a>')

    def unit_links_html(self, unit_ids: list[str]) -> Markup:
        return self.join([self.html_link(self.unit_label(u), f"units/{u}.md") for u in unit_ids])

    def task_status_chart(self) -> Markup:
        counts = self.task_status_counts()
        rows = [{"status": s, "label": self.t(f"status-{s}"), "count": n} for s, n in counts]
        summary = self.t("clause-separator").join(f"{r['label']} {r['count']}" for r in rows)
        description = self.tf("task-status-chart-desc", tasks=self.count("count-key-tasks", len(self.ds.tasks)), counts=summary)
        chart = charts.task_status_chart(rows, self.locale, self.t, description)
        return self.chart(chart)

    # --- services for enterprises ---------------------------------------------------
    def need_link(self, need_id: str) -> Markup:
        """A need linked to its section of the enterprise page (an anchor)."""
        name = md_escape(self.ds.services.need(need_id).name(self.lang))
        return Markup(f"[{name}]({self.url('services/index.md')}#{need_id})")

    def need_links(self, need_ids: list[str]) -> Markup:
        return self.join([self.need_link(n) for n in need_ids])

    def body_links(self, unit_ids: list[str], section: str = "") -> Markup:
        """Service bodies linked to their pages (at ``section``, an anchor, if given)."""
        return self.join([self.body_link(u, section) for u in unit_ids])

    def task_refs(self, task_ids: list[str]) -> Markup:
        return self.join([self.task_ref(t) for t in task_ids])

    def body_link(self, unit_id: str, section: str = "") -> Markup:
        """A service body linked to its page (at ``section``, an anchor, if given), by its full name."""
        target = self.url(f"services/{unit_id}.md") + (f"#{section}" if section else "")
        return Markup(f"[{md_escape(self.ds.unit_by_id[unit_id].name(self.lang))}]({target})")

    def task_ref(self, task_id: str) -> Markup:
        """'Task 3.3', linked to the task page."""
        return self.link(self.tf("task-ref", number=self.task_number(task_id)), f"tasks/{task_id}.md")

    def task_role(self, unit_id: str, task_id: str) -> str:
        """How the plan involves a unit in a task: it leads it, shares it, the
        task's text names it, or the task is only related to its services."""
        task = self.ds.task_by_id[task_id]
        if unit_id in task.lead:
            role = "lead"
        elif unit_id in task.responsible:
            role = "responsible"
        else:
            role = "named" if self.ds.task_names_unit(task_id, unit_id) else "related"
        return self.t(f"task-role-{role}")

    def offer_duty(self, offer: Offer) -> Markup:
        """An offer as the plan words the duty (its quotes, in quotation marks);
        an offer grounded only in other sources by its name, saying so."""
        if not offer.quotes:
            return Markup(md_escape(self.tf("offer-per-sources", name=offer.name(self.lang))))
        return self.join([Markup(md_escape(self.tf("quoted", text=quote(self.lang)))) for quote in offer.quotes])

    def body_tasks(self, body: ServiceBody) -> list[str]:
        """The tasks behind a body's offers and the tasks it leads or shares, in plan order."""
        cited = set(body.task_ids)
        cited |= {t.id for t in self.ds.tasks_led_by(body.unit)} | {t.id for t in self.ds.tasks_supported_by(body.unit)}
        return [t.id for t in self.ds.tasks if t.id in cited]

    def source_link(self, source: OfferSource) -> Markup:
        """A source as its site's host name and date, linked."""
        host = urlsplit(source.url).hostname or source.url
        label = f"{host}, {source.date.isoformat()}" if source.date else host
        return self.ext_link(source.url, label)

    def source_links(self, sources: tuple[OfferSource, ...]) -> Markup:
        return self.join([self.source_link(s) for s in sources])

    def need_search_text(self, need: Need) -> str:
        """What the need finder matches a query against: both languages, whatever the page's."""
        texts = (need.name, need.keywords, need.summary)
        parts = [text(lang) for text in texts for lang in self.ds.languages]
        return " ".join([*parts, *self.ds.services.finder_words(need.id)]).lower()

    def need_phrases(self, need: Need) -> str:
        """The everyday words routed to a need, '|'-separated: the finder also
        shows the need when one of them occurs anywhere in what was typed."""
        return "|".join(self.ds.services.finder_words(need.id))

    # --- contacts and channels ------------------------------------------------------
    def fill_markup(self, key: str, **values: Markup) -> Markup:
        """A label with {placeholders} filled with markup: the label's own words escaped, the values not."""
        parts = _PLACEHOLDER.split(self.t(key))  # literal, name, literal, name, ..., literal
        for i in range(1, len(parts), 2):
            parts[i] = str(values[parts[i]]) if parts[i] in values else md_escape("{" + parts[i] + "}")
            parts[i - 1] = md_escape(parts[i - 1])
        parts[-1] = md_escape(parts[-1])
        return Markup("".join(parts))

    def noted(self, text: Any, note: Any) -> Markup:
        """'text (note)' as each language writes it ('（…）' in Chinese)."""
        return self.fill_markup("with-note", text=as_markup(text), note=as_markup(note))

    def term(self, term: Any, value: Any, bold: bool = True) -> Markup:
        """'Term: value' (the term bold unless ``bold`` is false) as each language writes it."""
        term_md, value_md = as_markup(term), as_markup(value)
        return self.fill_markup("term-value", term=Markup(f"**{term_md}**") if bold else term_md, value=value_md)

    def column_labels(self, keys: list[str]) -> Markup:
        """A table's column labels as CSS variables (``--plansite-col-1``...),
        for the stylesheet to label each cell when a narrow screen stacks the
        rows into cards; ready for a ``style`` attribute."""
        css = (css_string(self.tf("term-value", term=self.t(key), value="")) for key in keys)
        return Markup(html.escape("; ".join(f"--plansite-col-{n}: {value}" for n, value in enumerate(css, 1)), quote=True))

    def pair(self, term: str, value: object) -> str:
        """'Term: value' as plain text ('：' in Chinese), escaped where it lands."""
        return self.tf("term-value", term=term, value=value)

    def baseline(self, ind: Indicator, point: Point) -> str:
        """A target's baseline as a cell shows it: its value and period, marked
        if derived. A baseline after the plan's first year (the earliest value,
        none being known for that year or before) says so, unless the editor chose it."""
        value, period, start = self.fmt(point.value, ind), self.period(point.period), self.ds.plan.period.start
        if ind.baseline_period is None and period_time(point.period) >= start + 1:
            return self.tf("baseline-late", value=value, period=period, start=start) + self.derived(point)
        return self.paren(value, period) + self.derived(point)

    def paren(self, text: object, note: object) -> str:
        """'text (note)' as plain text ('（…）' in Chinese), escaped where it lands."""
        return self.tf("with-note", text=text, note=note)

    def phrases(self, items: list[str]) -> str:
        """Phrases of one statement, separated as each language separates them (', ' / '，')."""
        return self.t("phrase-separator").join(items)

    def then(self, *parts: Any) -> Markup:
        """Statements one after another, as each language runs them on: after
        a space in English, straight after the full stop in Chinese (label ``then``)."""
        shown = [as_markup(p) for p in parts if p]
        joined = shown[0] if shown else Markup("")
        for part in shown[1:]:
            joined = self.fill_markup("then", text=joined, then=part)
        return joined

    def items(self, parts: list[Any]) -> Markup:
        """Items side by side, such as links or facts, separated as each language
        separates them (' · ' / the Chinese interpunct, label ``item-separator``)."""
        return as_markup(self.t("item-separator")).join(as_markup(p) for p in parts)

    def contact_rows(self, body: ServiceBody) -> list[contacts.DetailRow]:
        return contacts.detail_rows(self.ds.services, body.contact, self._as_of())

    def _as_of(self) -> dt.date:
        """The services data's own clock (see builder.contacts)."""
        return contacts.as_of(self.ds)

    def item_flags(self, item: Sourced) -> contacts.Flags:
        return contacts.flags(self.ds.services, item, self._as_of())

    def source_ref(self, source_id: str) -> Markup:
        """A source as its publisher (linked), its title and the date it gives."""
        source = self.ds.services.source(source_id)
        name = self.phrases([source.publisher(self.lang), *([source.title(self.lang)] if source.title else [])])
        shown = self.ext_link(source.url, name) if source.url else Markup(md_escape(name))
        date = source.date or self.t("source-undated")
        return self.fill_markup("source-with-date", source=shown, date=Markup(md_escape(date)))

    def provenance(self, item: Sourced) -> Markup:
        """Source, other sources, confidence and the day checked, in one line."""
        parts = [self.source_ref(item.source)] if item.source else []
        parts += [self.fill_markup("source-also", source=self.source_ref(s)) for s in item.also]
        parts.append(Markup(md_escape(self.tf("confidence-of", level=self.t(f"contact-confidence-{item.confidence}")))))
        parts.append(Markup(md_escape(self.tf("checked-on", date=item.checked.isoformat() if item.checked else ""))))
        return self.series(parts)

    def series(self, parts: list[Markup]) -> Markup:
        """Parts of one statement, separated as each language separates them (';' / '；')."""
        joined = parts[0] if parts else Markup("")
        for part in parts[1:]:
            joined = self.fill_markup("series", first=joined, then=part)
        return joined

    def flag_notes(self, flags: contacts.Flags, source_id: str | None) -> list[str]:
        """What a reader must be told before relying on an item, as sentences."""
        source = self.ds.services.source(source_id) if source_id else None
        notes = [self.t("contact-disagree")] if flags.disagreement else []
        notes += [self.tf("contact-old-source", date=source.date if source else "")] if flags.old_source else []
        notes += [self.t("contact-undated-source")] if flags.undated_source else []
        notes += [self.tf("contact-stale", days=self.ds.services.contacts_max_age_days)] if flags.stale else []
        return notes

    def detail_value(self, row: contacts.DetailRow) -> Markup:
        """A shown detail's value (a link for a website) with what to know about it, for a table cell."""
        value = row.detail.value
        if row.field in ("website", "online"):
            shown = self.ext_link(value)
        elif row.field == "phone":
            shown = self.phone_link(value)
        else:
            shown = as_markup(value)
        lines = [shown]
        lines += [Markup(f"<strong>{html.escape(n)}</strong>") for n in self.flag_notes(row.flags, row.detail.source)]
        lines += [Markup(md_escape(row.detail.note(self.lang)))] if row.detail.note else []
        return Markup("<br>").join(lines)

    def field_label(self, row: contacts.DetailRow) -> str:
        field = self.t(f"contact-{row.field}")
        return self.tf("contact-field-place", field=field, place=row.detail.place(self.lang)) if row.detail.place else field

    def channel_anchor(self, channel: Channel) -> str:
        return f"channel-{channel.id}"

    def channel_link(self, channel: Channel) -> Markup:
        """A channel's name, linked to its entry on the enterprise page, and its
        number or address, linked to the channel itself (to call or to visit)."""
        name = Markup(f"[{md_escape(channel.name(self.lang))}]({self.url('services/index.md')}#{self.channel_anchor(channel)})")
        return self.fill_markup("channel-label", name=name, value=self.channel_value(channel))

    def channel_item(self, channel: Channel) -> Markup:
        """A channel in a list: linked name and number, what it is (and is not) for, its provenance."""
        lines = [self.fill_markup("term-value", term=self.channel_link(channel), value=Markup(md_escape(channel.purpose(self.lang))))]
        lines += [Markup(md_escape(channel.not_for(self.lang)))] if channel.not_for else []
        lines.append(Markup(f'<span class="plansite-provenance">{self.provenance(channel)}</span>'))
        return Markup("<br>").join(lines)

    def channel_value(self, channel: Channel) -> Markup:
        """A channel's number (to call, for a hotline) or address (to visit)."""
        if channel.url:
            return self.ext_link(channel.url, channel.value)
        return self.phone_link(channel.value) if channel.kind == "hotline" else Markup(md_escape(channel.value))

    def phone_link(self, number: str) -> Markup:
        """A telephone number a phone can call with a tap (a tel: link); text
        that is not only a number stays text."""
        if not _PHONE.fullmatch(number):
            return Markup(md_escape(number))
        return Markup(f"[{md_escape(number)}](tel:{re.sub(r'[^0-9+]', '', number)})")

    def channel_history(self, channel: Channel) -> list[Markup]:
        """The former channels merged into this one, as sentences with their
        source (never as numbers to call)."""
        sentences = []
        for old in self.ds.services.merged_into(channel.id):
            text = self.tf("channel-merged", name=old.name(self.lang), number=old.value, year=old.merged or "", into=channel.value)
            provenance = Markup(f'<span class="plansite-provenance">{self.provenance(old)}</span>')
            sentences.append(self.then(Markup(md_block(text)), provenance))
        return sentences

    def channel_fits(self, channel: Channel) -> Markup:
        """The needs a channel fits (linked), and whether it is a general channel."""
        parts = [self.need_link(n) for n in channel.needs]
        parts += [Markup(md_escape(self.t("channel-general")))] if channel.general else []
        return self.series(parts)

    def body_title(self, unit_id: str) -> str:
        """A body's full name, with the first other name it goes by (so that a
        search for that name finds its pages first)."""
        name = self.ds.unit_by_id[unit_id].name(self.lang)
        body = self.ds.services.body(unit_id)
        alias = body.alias(self.lang) if body else None
        return self.tf("name-with-alias", name=name, alias=alias) if alias else name

    def ask_channels(self) -> list[Channel]:
        """Where to ask about a contact detail that is not confirmed (shown channels only)."""
        return [c for c in self.ds.services.current_channels() if c.id in self.ds.services.ask_about_contacts]

    def responsibility_rows(self) -> list[tuple[str, list[tuple[int, int]]]]:
        """Per unit with any task: (unit id, [(tasks led, tasks supported) per project])."""
        rows = []
        for unit in self.ds.units.units:
            cells = [
                (sum(unit.id in t.lead for t in p.tasks), sum(unit.id in t.responsible for t in p.tasks)) for p in self.ds.projects.projects
            ]
            if any(led or supported for led, supported in cells):
                rows.append((unit.id, cells))
        return rows

    def responsibility_cell(self, led: int, supported: int) -> str:
        parts = [self.tf("matrix-led", n=led)] if led else []
        parts += [self.tf("matrix-supported", n=supported)] if supported else []
        return self.t("item-separator").join(parts) or "–"

    def responsibility_matrix(self) -> Markup:
        """Units x projects: which unit leads or shares tasks in which project."""
        rows, projects = [], self.ds.projects.projects
        unit_rows = self.responsibility_rows()
        for unit_id, cells in unit_rows:
            unit = self.ds.unit_by_id[unit_id]
            name = unit.short(self.lang)
            for project, (led, supported) in zip(projects, cells, strict=True):
                if led or supported:
                    role = "lead" if led else "responsible"
                    rows.append(
                        {
                            "unit": name,
                            "project": self.tf("matrix-project", n=project.number),
                            "project_title": project.title(self.lang),
                            "role": self.t(f"matrix-role-{role}"),
                            "tasks": led + supported,
                            "detail": self.responsibility_cell(led, supported),
                        }
                    )
        leads = sum(1 for r in rows if r["role"] == self.t("matrix-role-lead"))
        description = self.tf("matrix-desc", units=len(unit_rows), projects=len(projects), leads=leads)
        labels = [self.tf("matrix-project", n=p.number) for p in projects]
        chart = charts.responsibility_matrix(rows, labels, self.locale, self.t, description)
        return self.chart(chart)

    # --- reuse: the licence of the site's compilation, how to cite a page -----------
    def page_address(self) -> str:
        """This page's address: absolute when data/site.yaml gives the site's
        ``url``, else its path from the site's root."""
        path = page_dir(self.path, self.lang, self.default)
        return (self.ds.site.url or "/").removesuffix("/") + "/" + path

    def citation(self, ind: Indicator) -> str:
        """How to cite an indicator's page: the site, the indicator, the page's
        address, the date the data speaks for and the sources of its figures."""
        sources = list(dict.fromkeys(p.observation.source.publisher(self.lang) for p in self.ds.current(ind.id)))
        values = {"site": self.ds.site.name(self.lang), "title": ind.name(self.lang), "url": self.page_address()}
        values["date"] = self.review.isoformat()
        if not sources:
            return self.tf("cite-text-no-figures", **values)
        return self.tf("cite-text", sources=self.t("list-separator").join(sources), **values)

    def licence_statement(self) -> Markup:
        """The licence of the site's own compilation, linked to its text, or that none is declared."""
        licence = self.ds.site.licence
        if licence is None:
            return Markup(md_block(self.t("licence-none")))
        return self.fill_markup(
            "licence-body", licence=self.ext_link(licence.url, licence.name(self.lang)), id=Markup(md_escape(licence.id))
        )

    def plan_text_status(self) -> Markup:
        """The plan's own text is a government document, outside the site's licence."""
        return self.fill_markup("licence-plan-text", source=self.ext_link(self.ds.plan.source.url))

    # --- charts -------------------------------------------------------------------
    def indicator_chart(self, ind: Indicator) -> Markup:
        chart = charts.indicator_chart(self.ds, ind, self.assessments[ind.id], self.lang, self.t, self.trend_sentence(ind))
        return self.chart(chart)

    def sparkline(self, ind: Indicator) -> Markup:
        return self.chart(charts.sparkline(self.ds, ind, self.lang, self.t, self.trend_sentence(ind)), small=True)

    def overview_rows(self) -> list[dict]:
        """Per indicator with a share of its target reached: name, percent, status, latest value."""
        rows = []
        for ind in self.ds.indicators.indicators:
            a = self.assessments[ind.id]
            if a.percent_of_target is None:
                continue
            rows.append(
                {
                    "name": ind.name(self.lang),
                    "percent": round(a.percent_of_target, 1),
                    "status": a.status,
                    "status_label": self.t(f"status-{a.status}"),
                    "latest": self.paren(self.fmt(a.latest.value, ind), self.period(a.latest.period)),
                }
            )
        return rows

    def _overview(self) -> charts.Chart:
        rows = self.overview_rows()
        items = [self.pair(r["name"], self.paren(f"{r['percent']:.0f}%", r["status_label"])) for r in rows]
        summary = self.tf("sentence", text=self.pair(self.t("overview-title"), self.t("clause-separator").join(items)))
        return charts.overview_chart(rows, self.locale, self.t, summary)

    def overview_chart(self) -> Markup:
        return self.chart(self._overview())

    def chart(self, chart: charts.Chart, small: bool = False) -> Markup:
        """The chart as raw HTML: spec as JSON, rendered by the theme's loader;
        a static SVG shown without JavaScript and in print; a text alternative;
        links to download it (all but the small ones).
        No caption: the chart's own title names it, and the text alternative describes it."""
        chart = dataclasses.replace(chart, downloads=not small)
        self._charts.append(chart)
        desc = html.escape(chart.description)
        svg = html.escape(self.href(f"{CHARTS_DIR}/{chart.svg_name}"))
        phone = html.escape(self.href(f"{CHARTS_DIR}/{chart.phone_svg_name}"))
        kind = "plansite-chart plansite-chart--small" if small else "plansite-chart"
        # A chart drawn once for every screen (a sparkline) has no phone source.
        source = f'<source media="(max-width: {charts.PHONE_MEDIA_MAX}px)" srcset="{phone}">'
        if chart.phone_svg_name == chart.svg_name:
            source = ""
        return Markup(
            f'<figure class="{kind}" id="{chart.id}">'
            f'<div class="plansite-chart__view" role="img" aria-label="{desc}"></div>'
            f"<picture>{source}"
            f'<img class="plansite-chart__fallback" src="{svg}" alt="{desc}"></picture>'
            f'<script type="application/json" class="plansite-chart__spec">{script_json(charts.spec_json(chart.spec))}</script>'
            f"{'' if small else self.chart_downloads(chart)}</figure>"
        )

    def chart_downloads(self, chart: charts.Chart) -> str:
        """Links to the chart as an SVG and a PNG image and to its data as CSV,
        files written at build time (nothing is loaded until one is followed)."""
        links = []
        for kind, name in (("SVG", chart.svg_name), ("PNG", chart.png_name), ("CSV", chart.csv_name)):
            href = html.escape(self.href(f"{CHARTS_DIR}/{name}"))
            saved = html.escape(f"{chart.id}-{self.lang}.{kind.lower()}")
            links.append(f'<a href="{href}" download="{saved}">{kind}</a>')
        label = html.escape(self.t("chart-download"))  # ends with its own space where the language wants one
        separator = html.escape(self.t("item-separator"))
        return f'<p class="plansite-chart__downloads">{label}{separator.join(links)}</p>'

    # --- sharing: what search results and link previews show --------------------------
    def indicator_summary(self, ind: Indicator) -> str:
        """Where a target stands, in a sentence or two: its outcome once the plan
        has ended; while it runs, its trend (a qualitative target: its status)."""
        if self.ended:
            return self.outcome_explanation(ind)
        return self.status_explanation(ind) if ind.qualitative else self.trend_sentence(ind)

    def description(self, kind: str, context: dict) -> str:
        """The description of a page of type ``kind``, from the data, in this page's language."""
        describe = _DESCRIBE.get(kind)
        text = describe(self, **context) if describe else self.t(f"meta-{kind}")
        return share.clip(text, DESCRIPTION_WIDTH)

    def _items(self, items: list[str]) -> str:
        return self.t("list-separator").join(items)

    def _describe_home(self) -> str:
        return self.ds.site.description(self.lang)

    def _describe_final(self) -> str:
        return self.tf("meta-final", result=self.result_sentence())

    def _describe_indicator(self, ind: Indicator) -> str:
        return self.tf("meta-indicator", name=ind.name(self.lang), summary=self.indicator_summary(ind))

    def _describe_project(self, project: Project) -> str:
        tasks = self._items([task.title(self.lang) for task in project.tasks])
        return self.tf("meta-project", number=project.number, title=project.title(self.lang), n=len(project.tasks), tasks=tasks)

    def _describe_task(self, task: Task, project: Project) -> str:
        lead = self._items([self.unit_label(u) for u in task.lead])
        title, text = task.title(self.lang), task.description(self.lang)
        return self.tf("meta-task", number=self.task_number(task.id), title=title, lead=lead, description=text)

    def _describe_unit(self, unit: Unit) -> str:
        return self.tf("meta-unit", name=unit.name(self.lang), summary=self.unit_summary(unit.id))

    def _describe_service_body(self, body: ServiceBody, unit: Unit) -> str:
        offers = self._items([offer.name(self.lang) for offer in body.offers])
        return self.tf("meta-service-body", name=self.body_title(unit.id), offers=offers)

    def home_card(self) -> share.Card:
        """The home page's share image: the share of each target reached."""
        name, title = self.ds.site.name(self.lang), self.t("overview-title")
        chart = self._overview()
        return share.card(chart, name, [title], self._image_font, self.tf("term-value", term=name, value=chart.description))

    def indicator_card(self, ind: Indicator) -> share.Card:
        """An indicator's share image: its chart (when it has one) under its name and where it stands."""
        name, summary = ind.name(self.lang), self.indicator_summary(ind)
        chart = None
        if not ind.qualitative and self.ds.current(ind.id):
            chart = charts.indicator_chart(self.ds, ind, self.assessments[ind.id], self.lang, self.t, summary)
        lines = [summary, self.ds.site.name(self.lang)]
        return share.card(chart, name, lines, self._image_font, self.tf("meta-indicator", name=name, summary=summary))

    @property
    def _image_font(self) -> str:
        return self.ds.site.language(self.lang).image_font


#: Page kinds described from their data; any other kind by its label ``meta-<kind>``.
_DESCRIBE = {
    "home": PageContext._describe_home,
    "final": PageContext._describe_final,
    "indicator": PageContext._describe_indicator,
    "project": PageContext._describe_project,
    "task": PageContext._describe_task,
    "unit": PageContext._describe_unit,
    "service-body": PageContext._describe_service_body,
}

#: How long a description may be, in display width (a wide character counts two).
DESCRIPTION_WIDTH = 240


def _observed(point: object) -> object:
    obs = point.observation  # type: ignore[attr-defined]
    return obs.value if obs.value is not None else obs.text
