"""Rendering the dataset into Markdown pages: pure, model in, {path: text} out.

Every value interpolated into a template is escaped for Markdown by default
(see :func:`md_escape`), so text from the data is always shown, never run.
Templates mark their own markup as safe with :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from . import charts
from .downloads import TABLES, open_data_files
from .i18n import format_period, format_target, format_value, number
from .model import TASK_STATUSES, Dataset, Indicator, Need, NoteEntry, OfferSource, Proxy, ServiceBody, Text, Unit
from .pages import pages
from .progress import STATUSES, Assessment, assess_all, assessed_points
from .targets import KINDS
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


def fill(label: str, values: dict[str, object]) -> str:
    """Put ``values`` into the ``{name}`` placeholders of a label. Only plain
    names are read (no format specs); check() reports any other placeholder."""
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
        self.default = ds.default_language
        self.facts = {**plan_facts(ds), "plan_title": ds.plan.title(lang), "plan_short_title": ds.plan.short_title(lang)}

    # --- words ------------------------------------------------------------------
    def t(self, key: str) -> str:
        """A label of the site itself in this page's language.

        A label missing from data/ui.yaml is recorded (the build reports them
        all as problems before writing anything) and shown as its key."""
        text = self.ds.ui.strings.get(key)
        if text is None:
            self._missing.add(key)
            return f"[{key}]"
        return fill(text(self.lang), self.facts)

    def tf(self, key: str, **values: object) -> str:
        """A label with {placeholders} filled in: ``values`` and the plan's facts."""
        text = self.ds.ui.strings.get(key)
        if text is None:
            self._missing.add(key)
            return f"[{key}]"
        return fill(text(self.lang), {**self.facts, **values})

    def tx(self, text: Text | None) -> str:
        return text(self.lang) if text is not None else ""

    @property
    def translated(self) -> bool:
        """Whether this page is in a language other than the plan's own."""
        return self.lang != self.default

    @property
    def plan_locale(self) -> str:
        return self.ds.site.languages[0].locale

    def plan_text(self, text: Text) -> str:
        """A text in the plan's own language (the default), e.g. the plan's wording."""
        return text(self.default)

    def fmt(self, value: float | None, series: Indicator | Proxy) -> str:
        return "" if value is None else format_value(value, self.ds.measure(series), self.lang)

    def shown(self, value: float | Text | None, series: Indicator | Proxy) -> str:
        """A value with its unit, or a qualitative outcome's text."""
        return value(self.lang) if isinstance(value, Text) else self.fmt(value, series)

    def period(self, period: str) -> str:
        return format_period(period, self.t)

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
        return self.tf("unit-summary", led=len(led), projects=len(projects), supported=len(supported))

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
        status = self.t(f"status-{a.status}")
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
            "old": self.shown(change.old, unit),
            "new": self.shown(change.new, unit),
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
        summary = self.t("clause-separator").join(f"{r['label']} {r['count']}" for r in rows)
        description = self.tf("task-status-chart-desc", n=len(self.ds.tasks), counts=summary)
        chart = charts.task_status_chart(rows, self.locale, self.t, description)
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
        texts = (need.name, need.keywords, need.summary)
        return " ".join(text(lang) for text in texts for lang in self.ds.languages).lower()

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
        chart = charts.overview_chart(rows, self.locale, self.t, f"{self.t('overview-title')}. {summary}.")
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
            f'<img class="plansite-chart__fallback" src="{svg}" alt="{desc}" loading="lazy">'
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
    for page in pages(ds):
        template = env.get_template(page.template)
        for lang in ds.languages:
            ctx = PageContext(ds, lang, page.path, assessments, chart_sink, missing)
            text = template.render(ds=ds, lang=lang, c=ctx, t=ctx.t, tx=ctx.tx, a=assessments, **page.context)
            files[localized(page.path, lang, ds.default_language)] = text.encode("utf-8")
    default = PageContext(ds, ds.default_language, "open-data.md", assessments, [], missing)
    titles = {name: default.t(f"file-{name}") for name in TABLES} | {"source": default.t("plan-source")}
    files.update(open_data_files(ds, assessments, titles))
    history = release_changes(ds)
    for lang in ds.languages:
        ctx = PageContext(ds, lang, "updates.md", assessments, [], missing)
        feed = f"{FEED_DIR}/updates-{lang}.xml"
        page = relative(page_dir("updates.md", lang, ds.default_language), FEED_DIR).removesuffix("/") + "/"
        self_url = None
        if ds.site.url:  # where the site is published: absolute links, and the feed's own address
            base = ds.site.url.removesuffix("/") + "/"
            page, self_url = base + page_dir("updates.md", lang, ds.default_language), base + feed
        files[feed] = atom_feed(ds, history, lang, ctx.describe_change, ctx.t, page, self_url)
    unique = {c.svg_name: c for c in chart_sink}
    return Rendered(files, tuple(unique[k] for k in sorted(unique)), tuple(sorted(missing)))


def render_pages(ds: Dataset) -> dict[str, str]:
    """The Markdown pages only, as text (for tests and previews)."""
    return {k: v.decode("utf-8") for k, v in render_site(ds).files.items() if k.endswith(".md")}
