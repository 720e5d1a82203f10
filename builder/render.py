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

import jinja2
from markupsafe import Markup

from . import charts
from .config import DEFAULT_LANGUAGE, LANGUAGES
from .downloads import open_data_files
from .i18n import format_target, format_value
from .model import Dataset, Indicator, Text, is_annual
from .progress import STATUSES, Assessment, assess_all

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}|~])")
_LIST_NUMBER = re.compile(r"^([ \t]*\d+)([.)])", re.MULTILINE)
_BLOCK_MARKER = re.compile(r"^([ \t]*)([-+=#>])", re.MULTILINE)


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


def page_dir(path: str, lang: str) -> str:
    """The folder URL a page is published at: 'units/amr.md' -> 'en/units/amr/'."""
    stem = path[: -len(".md")]
    url = "" if stem == "index" else stem.removesuffix("index") if stem.endswith("/index") else stem + "/"
    return url if lang == DEFAULT_LANGUAGE else f"{lang}/{url}"


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
    yield PageSpec("open-data.md", "open-data.md.j2", {})
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

    def __init__(self, ds: Dataset, lang: str, path: str, assessments: dict[str, Assessment], chart_sink: list[charts.Chart]):
        self.ds, self.lang, self.path = ds, lang, path
        self.assessments, self._charts = assessments, chart_sink

    # --- words ------------------------------------------------------------------
    def t(self, key: str) -> str:
        """A label of the site itself in this page's language."""
        return self.ds.label(key, self.lang)

    def tx(self, text: Text | None) -> str:
        return text(self.lang) if text is not None else ""

    def fmt(self, value: float | None, indicator: Indicator) -> str:
        return "" if value is None else format_value(value, indicator.unit, self.lang)

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
        return posixpath.relpath(localized(target, self.lang), here or ".")

    def href(self, target: str, lang: str | None = None) -> str:
        """A relative URL for raw HTML: to a page's source path or to a file at the site root."""
        here = page_dir(self.path, self.lang) or "."
        if target.endswith(".md"):
            there = page_dir(target, lang or self.lang)
            return (posixpath.relpath(there, here) + "/") if there else posixpath.relpath(".", here) + "/"
        return posixpath.relpath(target, here)

    def link(self, label: Any, target: str) -> Markup:
        shown = label if isinstance(label, Markup) else md_escape(label)
        return Markup(f"[{shown}]({self.url(target)})")

    def file_link(self, label: Any, target: str) -> Markup:
        """A link to a generated file (downloads), which lives once at the site root."""
        return Markup(f'<a href="{html.escape(self.href(target))}">{html.escape(str(label))}</a>')

    def ext_link(self, url: str, label: str | None = None) -> Markup:
        """A link to another site; the URL was checked to be http(s) without spaces."""
        safe_url = url.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
        return Markup(f"[{md_escape(label or url)}]({safe_url})")

    def unit_link(self, unit_id: str, plan_wording: bool = True) -> Markup:
        """A unit linked to its page; zh shows the plan's own wording."""
        unit = self.ds.unit_by_id[unit_id]
        label = unit.short.zh if self.lang == "zh" and plan_wording else unit.name(self.lang)
        return self.link(label, f"units/{unit.id}.md")

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
        return self.t("unit-summary").format(led=len(led), projects=len(projects), supported=len(supported))

    # --- progress -----------------------------------------------------------------
    def status_badge(self, status: str) -> Markup:
        label = html.escape(self.t(f"status-{status}"))
        return Markup(f'<span class="plansite-status plansite-status--{status}">{label}</span>')

    def status_explanation(self, ind: Indicator) -> str:
        a = self.assessments[ind.id]
        return self.t(f"explain-{a.status}").format(
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
            return self.t("trend-none").format(target=self.target(ind), status=status)
        first, last = points[0], points[-1]
        key = "trend-one" if first is last else "trend-many"
        return self.t(key).format(
            first=self.fmt(first.value, ind), first_year=first.period, latest=self.fmt(last.value, ind),
            latest_year=last.period, n=len(points), target=self.target(ind), status=status,
        )  # fmt: skip

    def status_counts(self) -> list[tuple[str, int]]:
        counts = [(s, sum(a.status == s for a in self.assessments.values())) for s in STATUSES]
        return [(s, n) for s, n in counts if n]

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
            f'<img class="plansite-chart__fallback" src="{svg}" alt="{desc}" loading="lazy">'
            f'<script type="application/json" class="plansite-chart__spec">{script_json(charts.spec_json(chart.spec))}</script>'
            f"{caption_html}</figure>"
        )


@dataclass(frozen=True)
class Rendered:
    """Everything rendered: files for site_src/ and the charts needing an SVG."""

    files: dict[str, bytes]
    charts: tuple[charts.Chart, ...]


def render_site(ds: Dataset) -> Rendered:
    """All generated pages (both languages) and download files."""
    env = make_environment()
    assessments = assess_all(ds)
    files: dict[str, bytes] = {}
    chart_sink: list[charts.Chart] = []
    for spec in page_specs(ds):
        template = env.get_template(spec.template)
        for lang in LANGUAGES:
            ctx = PageContext(ds, lang, spec.path, assessments, chart_sink)
            text = template.render(ds=ds, lang=lang, c=ctx, t=ctx.t, tx=ctx.tx, a=assessments, **spec.context)
            files[localized(spec.path, lang)] = text.encode("utf-8")
    files.update(open_data_files(ds, assessments))
    unique = {c.svg_name: c for c in chart_sink}
    return Rendered(files, tuple(unique[k] for k in sorted(unique)))


def render_pages(ds: Dataset) -> dict[str, str]:
    """The Markdown pages only, as text (for tests and previews)."""
    return {k: v.decode("utf-8") for k, v in render_site(ds).files.items() if k.endswith(".md")}
