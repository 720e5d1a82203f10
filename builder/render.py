"""Rendering the dataset into Markdown pages: pure, model in, {path: text} out.

Every value interpolated into a template is escaped for Markdown by default
(see :func:`md_escape`), so text from the data is always shown, never run.
Templates mark their own markup as safe with :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from . import charts
from .config import DEFAULT_LANGUAGE, LANGUAGES
from .downloads import open_data_files
from .i18n import format_period, format_target, format_value
from .model import TASK_STATUSES, Dataset, Indicator, Need, NoteEntry, OfferSource, ServiceBody, Text, Unit, is_annual
from .progress import STATUSES, Assessment, assess_all
from .updates import FEED_DIR, Change, atom_feed, release_changes

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~])")
_LIST_NUMBER = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)
_BLOCK_MARKER = re.compile(r"^([ \t]*)([-+=#>!:])", re.MULTILINE)
_INDENT = re.compile(r"^(?: {4,}|\t)", re.MULTILINE)  # would start a code block


def md_escape(value: Any) -> str:
    """Escape text so Markdown and HTML show it literally, within a line.

    Lines after the first (from newlines in the value) are also kept from
    starting a list, heading or quote.
    """
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))
    first, sep, rest = text.partition("\n")
    return first + sep + _neutralize_line_starts(rest)


def md_block(value: Any) -> str:
    """Like :func:`md_escape`, for a value that starts a block (a paragraph)."""
    return _neutralize_line_starts(md_escape(value))


def _neutralize_line_starts(text: str) -> str:
    # A numeric character reference shows the character but is never read as
    # Markdown syntax: '1.' becomes '1&#46;', '-' becomes '&#45;'.
    text = _INDENT.sub("&#32;", text)
    text = _LIST_NUMBER.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)
    return _BLOCK_MARKER.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", text)


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return md_escape(value)


def localized(path: str, lang: str) -> str:
    """'units/amr.md' -> 'units/amr.en.md' for English (suffix structure)."""
    return path if lang == DEFAULT_LANGUAGE else path[: -len(".md")] + f".{lang}.md"


#: Separates a label key from the placeholders it may use, in Rendered.missing_labels.
PLACEHOLDER_MARK = "\x00"


def page_dir(path: str, lang: str) -> str:
    """The folder URL a page is published at: 'units/amr.md' -> 'en/units/amr/'."""
    stem = path[: -len(".md")]
    url = "" if stem == "index" else stem.removesuffix("index") if stem.endswith("/index") else stem + "/"
    return url if lang == DEFAULT_LANGUAGE else f"{lang}/{url}"


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


@dataclass(frozen=True)
class PageSpec:
    """One page to render in every language."""

    path: str  # suffix-less source path, e.g. 'tasks/1-1.md'
    template: str
    context: dict


def page_specs(ds: Dataset) -> Iterator[PageSpec]:
    yield PageSpec("index.md", "home.md.j2", {})
    yield PageSpec("goals.md", "goals.md.j2", {})
    yield PageSpec("indicators/index.md", "indicators.md.j2", {})
    for indicator in ds.indicators.indicators:
        yield PageSpec(f"indicators/{indicator.id}.md", "indicator.md.j2", {"ind": indicator})
    yield PageSpec("progress.md", "progress.md.j2", {})
    yield PageSpec("open-data.md", "open-data.md.j2", {})
    yield PageSpec("updates.md", "updates.md.j2", {"history": release_changes(ds)})
    yield PageSpec("safeguards.md", "safeguards.md.j2", {})
    yield PageSpec("projects/index.md", "projects.md.j2", {})
    for project in ds.projects.projects:
        yield PageSpec(f"projects/{project.id}.md", "project.md.j2", {"project": project})
    yield PageSpec("tasks/index.md", "tasks.md.j2", {})
    for task in ds.tasks:
        yield PageSpec(f"tasks/{task.id}.md", "task.md.j2", {"task": task, "project": ds.project_of_task[task.id]})
    yield PageSpec("units/index.md", "units.md.j2", {})
    for unit in ds.units.units:
        yield PageSpec(f"units/{unit.id}.md", "unit.md.j2", {"unit": unit})
    yield PageSpec("services/index.md", "services.md.j2", {})
    for body in ds.services.bodies:
        yield PageSpec(f"services/{body.unit}.md", "service-body.md.j2", {"body": body, "unit": ds.unit_by_id[body.unit]})


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("builder", "templates"),
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML: escaping is done by _finalize
    )
    env.filters["html"] = lambda v: Markup(html.escape(str(v), quote=True))
    env.filters["block"] = lambda v: Markup(md_block(v))
    env.filters["cell"] = lambda v: Markup(md_escape(v).replace("\n", "<br>"))
    return env


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
    ):
        self.ds, self.lang, self.path = ds, lang, path
        self.assessments, self._charts = assessments, chart_sink
        self._missing = missing_labels if missing_labels is not None else set()

    # --- words ------------------------------------------------------------------
    def t(self, key: str) -> str:
        """A label of the site itself in this page's language.

        A label missing from data/ui.yaml is recorded (the build reports them
        all as problems before writing anything) and shown as its key."""
        text = self.ds.ui.strings.get(key)
        if text is None:
            self._missing.add(key)
            return f"[{key}]"
        return text(self.lang)

    def tf(self, key: str, **values: object) -> str:
        """A label with {placeholders} filled in. A placeholder the builder
        does not provide is recorded as a problem, like a missing label."""
        label = self.t(key)
        try:
            return label.format(**values)
        except (KeyError, IndexError, ValueError):
            self._missing.add(f"{key}{PLACEHOLDER_MARK}{', '.join('{' + v + '}' for v in values) or 'no placeholder'}")
            return label

    def tx(self, text: Text | None) -> str:
        return text(self.lang) if text is not None else ""

    def fmt(self, value: float | None, indicator: Indicator) -> str:
        return "" if value is None else format_value(value, indicator.unit, self.lang)

    def period(self, period: str) -> str:
        return format_period(period, self.lang)

    def percent(self, value: float | None) -> str:
        return "" if value is None else f"{value:.0f}%"

    def target(self, indicator: Indicator) -> str:
        return format_target(indicator, self.lang)

    def join(self, items: list) -> Markup:
        separator = "、" if self.lang == "zh" else ", "
        return Markup(separator.join(str(i) for i in items)) if items else Markup(md_escape(self.t("none")))

    # --- links --------------------------------------------------------------------
    def url(self, target: str) -> str:
        """A relative Markdown link from this page to another page's source path."""
        here = posixpath.dirname(self.path)
        return relative(localized(target, self.lang), here)

    def href(self, target: str, lang: str | None = None) -> str:
        """A relative URL for raw HTML: to a page's source path or to a file at the site root."""
        here = page_dir(self.path, self.lang) or "."
        if target.endswith(".md"):
            there = page_dir(target, lang or self.lang)
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
        """A unit as task pages name it: zh in the plan's own wording, en by its full name."""
        unit = self.ds.unit_by_id[unit_id]
        return unit.short.zh if self.lang == "zh" else unit.name.en

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
        return self.tf("unit-summary", led=len(led), projects=len(projects), supported=len(supported))

    # --- progress -----------------------------------------------------------------
    def status_badge(self, status: str) -> Markup:
        label = html.escape(self.t(f"status-{status}"))
        return Markup(f'<span class="plansite-status plansite-status--{status}">{label}</span>')

    def status_explanation(self, ind: Indicator) -> str:
        a = self.assessments[ind.id]
        return self.tf(
            f"explain-{a.status}",
            percent=self.percent(a.percent_of_target),
            expected=self.fmt(a.expected, ind),
            ratio="" if a.ratio is None else f"{a.ratio:.2f}",
            latest=self.fmt(a.latest.value if a.latest else None, ind),
            year=a.latest.period if a.latest else "",
            target=self.target(ind),
        )

    def trend_sentence(self, ind: Indicator) -> str:
        """One sentence on the trend and status, used as the chart's text alternative."""
        a = self.assessments[ind.id]
        points = [p for p in self.ds.current(ind.id) if is_annual(p.period)]
        status = self.t(f"status-{a.status}")
        if not points:
            return self.tf("trend-none", target=self.target(ind), status=status)
        first, last = points[0], points[-1]
        key = "trend-one" if first is last else "trend-many"
        return self.tf(
            key,
            first=self.fmt(first.value, ind), first_year=first.period, latest=self.fmt(last.value, ind),
            latest_year=last.period, n=len(points), target=self.target(ind), status=status,
        )  # fmt: skip

    def status_counts(self) -> list[tuple[str, int]]:
        counts = [(s, sum(a.status == s for a in self.assessments.values())) for s in STATUSES]
        return [(s, n) for s, n in counts if n]

    # --- updates ------------------------------------------------------------------
    def describe_change(self, change: Change) -> str:
        """One change of a release as a sentence in this page's language."""
        unit = self.ds.series_by_id[change.series]
        values = {
            "name": unit.name(self.lang),
            "period": self.period(change.period) if change.period else "",
            "old": self.fmt(change.old, unit),
            "new": self.fmt(change.new, unit),
            "old_status": self.t(f"status-{change.old_status}") if change.old_status else "",
            "new_status": self.t(f"status-{change.new_status}") if change.new_status else "",
        }
        return self.tf(f"change-{change.kind}", **values)

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
        latest = self.latest_note(task_id)
        return latest.note.date.isoformat() if latest else self.t("no-note-date")

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
        listed = "; " if self.lang == "en" else ";"
        summary = listed.join(f"{r['label']} {r['count']}" for r in rows)
        description = self.tf("task-status-chart-desc", n=len(self.ds.tasks), counts=summary)
        chart = charts.task_status_chart(rows, self.lang, self.t, description)
        return self.chart(chart, self.t("task-status-chart-title"))

    # --- services for enterprises ---------------------------------------------------
    def need_link(self, need_id: str) -> Markup:
        """A need linked to its section of the enterprise page (an anchor)."""
        name = md_escape(self.ds.services.need(need_id).name(self.lang))
        return Markup(f"[{name}]({self.url('services/index.md')}#{need_id})")

    def need_links(self, need_ids: list[str]) -> Markup:
        return self.join([self.need_link(n) for n in need_ids])

    def body_links(self, unit_ids: list[str]) -> Markup:
        return self.join([self.body_link(u) for u in unit_ids])

    def task_refs(self, task_ids: list[str]) -> Markup:
        return self.join([self.task_ref(t) for t in task_ids])

    def body_link(self, unit_id: str) -> Markup:
        """A service body linked to its page, by its full name."""
        return self.link(self.ds.unit_by_id[unit_id].name(self.lang), f"services/{unit_id}.md")

    def task_ref(self, task_id: str) -> Markup:
        """'Task 3.3', linked to the task page."""
        return self.link(self.tf("task-ref", number=self.task_number(task_id)), f"tasks/{task_id}.md")

    def task_role(self, unit_id: str, task_id: str) -> str:
        """How the plan involves a unit in a task: it leads it, shares it, or the text names it."""
        task = self.ds.task_by_id[task_id]
        role = "lead" if unit_id in task.lead else "responsible" if unit_id in task.responsible else "named"
        return self.t(f"task-role-{role}")

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
        parts = [need.name.zh, need.name.en, need.keywords.zh, need.keywords.en, need.summary.zh, need.summary.en]
        return " ".join(parts).lower()

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
        return " · ".join(parts) or "–"

    def responsibility_matrix(self) -> Markup:
        """Units x projects: which unit leads or shares tasks in which project."""
        rows, projects = [], self.ds.projects.projects
        unit_rows = self.responsibility_rows()
        for unit_id, cells in unit_rows:
            unit = self.ds.unit_by_id[unit_id]
            name = unit.short.zh if self.lang == "zh" else unit.short.en
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
        chart = charts.responsibility_matrix(rows, labels, self.lang, self.t, description)
        return self.chart(chart, self.t("matrix-title"))

    # --- charts -------------------------------------------------------------------
    def indicator_chart(self, ind: Indicator) -> Markup:
        chart = charts.indicator_chart(self.ds, ind, self.assessments[ind.id], self.lang, self.t, self.trend_sentence(ind))
        return self.chart(chart, ind.name(self.lang))

    def sparkline(self, ind: Indicator) -> Markup:
        return self.chart(charts.sparkline(self.ds, ind, self.lang, self.trend_sentence(ind)), None, small=True)

    def overview_chart(self) -> Markup:
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
                    "latest": f"{self.fmt(a.latest.value, ind)} ({a.latest.period})",
                }
            )
        summary = "; ".join(f"{r['name']}: {r['percent']:.0f}% ({r['status_label']})" for r in rows)
        chart = charts.overview_chart(rows, self.lang, self.t, f"{self.t('overview-title')}. {summary}.")
        return self.chart(chart, self.t("overview-title"))

    def chart(self, chart: charts.Chart, caption: str | None, small: bool = False) -> Markup:
        """The chart as raw HTML: spec as JSON, rendered by the theme's loader;
        a static SVG shown without JavaScript and in print; a text alternative."""
        self._charts.append(chart)
        desc = html.escape(chart.description)
        svg = html.escape(self.href(f"assets/charts/{chart.svg_name}"))
        kind = "plansite-chart plansite-chart--small" if small else "plansite-chart"
        hidden = f'<span class="md-visually-hidden">: {desc}</span>'
        caption_html = f"<figcaption>{html.escape(caption)}{hidden}</figcaption>" if caption else ""
        return Markup(
            f'<figure class="{kind}" id="{chart.id}">'
            f'<div class="plansite-chart__view" role="img" aria-label="{desc}"></div>'
            f'<img class="plansite-chart__fallback" src="{svg}" alt="{desc}">'
            f'<script type="application/json" class="plansite-chart__spec">{script_json(charts.spec_json(chart.spec))}</script>'
            f"{caption_html}</figure>"
        )


@dataclass(frozen=True)
class Rendered:
    """Everything rendered: files for site_src/ and the charts needing an SVG."""

    files: dict[str, bytes]
    charts: tuple[charts.Chart, ...]
    missing_labels: tuple[str, ...] = ()


def render_site(ds: Dataset) -> Rendered:
    """All generated pages (both languages) and download files."""
    env = make_environment()
    assessments = assess_all(ds)
    files: dict[str, bytes] = {}
    chart_sink: list[charts.Chart] = []
    missing: set[str] = set()
    for spec in page_specs(ds):
        template = env.get_template(spec.template)
        for lang in LANGUAGES:
            ctx = PageContext(ds, lang, spec.path, assessments, chart_sink, missing)
            text = template.render(ds=ds, lang=lang, c=ctx, t=ctx.t, tx=ctx.tx, a=assessments, **spec.context)
            files[localized(spec.path, lang)] = text.encode("utf-8")
    files.update(open_data_files(ds, assessments))
    history = release_changes(ds)
    for lang in LANGUAGES:
        ctx = PageContext(ds, lang, "updates.md", assessments, [], missing)
        page = relative(page_dir("updates.md", lang), FEED_DIR).removesuffix("/") + "/"
        files[f"{FEED_DIR}/updates-{lang}.xml"] = atom_feed(ds, history, lang, ctx.describe_change, ctx.t, page)
    unique = {c.svg_name: c for c in chart_sink}
    return Rendered(files, tuple(unique[k] for k in sorted(unique)), tuple(sorted(missing)))


def render_pages(ds: Dataset) -> dict[str, str]:
    """The Markdown pages only, as text (for tests and previews)."""
    return {k: v.decode("utf-8") for k, v in render_site(ds).files.items() if k.endswith(".md")}
