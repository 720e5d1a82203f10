"""Altair charts as Vega-Lite specs: indicator charts, sparklines, overview.

Each function is pure and returns a :class:`Chart`: the spec to embed in a
page (responsive width) and the same spec at a fixed width for the static
SVG rendered at build time. Labels and number formats follow the page's
language; numbers follow the language's locale from data/site.yaml.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import altair as alt

from .i18n import display_value, format_period, format_value
from .model import Dataset, Indicator, Point, period_time
from .progress import Assessment, assessed_points

STATUS_COLORS = {
    "achieved": "#1b7f3b",
    "on-track": "#2e6fb7",
    "needs-acceleration": "#b26a00",
    "off-track": "#b3261e",
    "not-enough-data": "#6b6b6b",
    "qualitative": "#6b6b6b",
}
SVG_WIDTH = 640
#: The static SVG drawn for phones (the text column at 390 px is ~350 px):
#: scaled down, a desktop SVG's words would be half their size.
PHONE_SVG_WIDTH = 350
#: Screens up to this width (CSS px) are given the phone SVG.
PHONE_MEDIA_MAX = 599
#: A sparkline's one static SVG: a home-page card is about this wide on a
#: desktop and on a phone, so its words show at their size on both.
SPARKLINE_SVG_WIDTH = 280
Label = Callable[[str], str]  # a ui.yaml key -> text in the page's language
SERIES_COLORS = ("#3949ab", "#8e8e8e", "#b3261e", "#b26a00")  # observed, expected path, target, derived by this site


@dataclass(frozen=True)
class Chart:
    id: str
    spec: dict  # for embedding; width follows the container
    svg_spec: dict  # for the static SVG fallback; fixed width
    description: str
    phone_spec: dict  # the static SVG for phones
    #: The chart's data for its CSV download: one dict per row, values this
    #: site derived marked ``derived``.
    table: tuple[dict, ...] = ()
    #: Whether the page offers the chart for download (SVG, PNG, CSV); a sparkline does not.
    downloads: bool = False

    @property
    def svg_name(self) -> str:
        return svg_name(self.svg_spec)

    @property
    def phone_svg_name(self) -> str:
        return svg_name(self.phone_spec)

    @property
    def static_specs(self) -> dict[str, dict]:
        """Every static SVG of the chart, by file name."""
        return {svg_name(spec): spec for spec in (self.svg_spec, self.phone_spec)}

    @property
    def png_name(self) -> str:
        """The PNG download: the (wide) static SVG drawn as an image, named after it."""
        return self.svg_name.removesuffix(".svg") + ".png"

    @property
    def csv_name(self) -> str:
        """The chart's data as CSV, named after its (wide) static SVG."""
        return self.svg_name.removesuffix(".svg") + ".csv"

    def table_fields(self) -> list[str]:
        """The CSV's columns: every key of the table, in the order first seen."""
        return list(dict.fromkeys(key for row in self.table for key in row))


def svg_name(spec: dict) -> str:
    """Content-addressed file name: the same spec always gives the same file."""
    return hashlib.sha256(spec_json(spec).encode("utf-8")).hexdigest()[:16] + ".svg"


def spec_json(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


#: Specs made with Altair, by what they were made from (see :func:`_made`).
#: The build fills it from its cache before rendering and keeps what was
#: added, so a build whose charts have the same shapes never imports Altair
#: (a third of a second) nor builds a chart with it.
MADE: dict[str, dict] = {}
#: The keys of MADE used since :func:`forget_unused` last ran.
USED: set[str] = set()


@cache
def code_version() -> str:
    """What the specs in :data:`MADE` depend on besides their inputs: this
    module's code and Altair's version."""
    code = Path(__file__).read_bytes() + metadata.version("altair").encode()
    return hashlib.sha256(code).hexdigest()[:16]


def _made(name: str, make: Callable[..., dict], *args: Any) -> dict:
    """``make(*args)`` (which builds a spec with Altair), kept in :data:`MADE`
    by ``name`` and ``args`` (plain data): a copy the caller may fill in."""
    key = name + ":" + hashlib.sha256(json.dumps(args, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    if key not in MADE:
        MADE[key] = make(*args)
    USED.add(key)
    return copy.deepcopy(MADE[key])


def forget_unused() -> None:
    """Drop the specs not used since the last call."""
    for key in set(MADE) - USED:
        del MADE[key]
    USED.clear()


@cache
def _number_locale(locale: str) -> dict:
    import vl_convert

    try:
        return vl_convert.get_format_locale(locale)
    except ValueError:
        return vl_convert.get_format_locale("en-US")


def _finish(
    spec: dict,
    chart_id: str,
    locale: str,
    description: str,
    height: int,
    table: list[dict] | None = None,
    widths: tuple[int, int] = (SVG_WIDTH, PHONE_SVG_WIDTH),
) -> Chart:
    """``spec``: made by Altair (validated once per type in the tests);
    ``locale``: the page language's number locale (e.g. zh-CN), from data/site.yaml;
    ``table``: the chart's data as a table for download;
    ``widths``: those of the static SVGs for wide screens and for phones."""
    spec["config"] = {**spec.get("config", {}), "locale": {"number": _number_locale(locale)}}
    spec["description"] = description
    embed = {**spec, "width": "container", "height": height, "autosize": {"type": "fit-x", "contains": "padding"}}
    return Chart(
        chart_id,
        embed,
        _at_width(spec, widths[0], height),
        description,
        _at_width(spec, widths[1], height),
        tuple(table or ()),
    )


def _at_width(spec: dict, width: int, height: int) -> dict:
    """The spec drawn ``width`` wide, labels and legend included (shown as wide
    as that, its words keep their size), its width parameter (if any) set to match."""
    params = [{**p, "value": width} if p.get("name") == WIDTH_PARAM else p for p in spec.get("params", [])]
    fit = {"type": "fit", "contains": "padding"}
    return {**spec, "width": width, "height": height, "autosize": fit} | ({"params": params} if params else {})


def _year_axis(title: str, first: int, last: int) -> alt.X:
    import altair as alt

    return alt.X(
        "year:Q",
        title=title,
        scale=alt.Scale(domain=[first, last], nice=False),
        axis=alt.Axis(format="d", tickMinStep=1, values=list(range(first, last + 1))),
    )


#: The labels an indicator chart uses, from data/ui.yaml.
INDICATOR_LABELS = ("series-observed", "series-path", "series-target", "col-period", "col-value", "col-confidence", "col-source")
INDICATOR_LABELS += ("axis-year", "chart-subtitle", "series-derived")


def _indicator_template(t: dict[str, str], y_title: str, with_path: bool) -> dict:
    """The indicator chart for one language, unit and layout, made with Altair
    once; each indicator fills in its data (named datasets), title and years.
    Building Altair objects per chart costs ~60 ms; filling a copy, ~0.1 ms."""
    import altair as alt

    series = [t["series-observed"], t["series-path"], t["series-target"], t["series-derived"]]
    color = alt.Color("series:N", title=None, scale=alt.Scale(domain=series, range=list(SERIES_COLORS)), legend=alt.Legend(orient="bottom"))
    tooltip = [
        alt.Tooltip("period:N", title=t["col-period"]),
        alt.Tooltip("shown:N", title=t["col-value"]),
        alt.Tooltip("confidence:N", title=t["col-confidence"]),
        alt.Tooltip("source:N", title=t["col-source"]),
    ]
    line = alt.Chart(alt.Data(name="observed")).mark_line(point=alt.OverlayMarkDef(size=70, filled=True))
    # The unit is written horizontally, above the value axis, not turned on its side.
    y_axis = alt.Axis(titleAngle=0, titleAlign="left", titleBaseline="bottom", titleX=0, titleY=-8)
    layers = [line.encode(x=_year_axis(t["axis-year"], 0, 1), y=alt.Y("value:Q", title=y_title, axis=y_axis), color=color, tooltip=tooltip)]
    if with_path:
        path = alt.Chart(alt.Data(name="path")).mark_line(strokeDash=[6, 4])
        layers.append(path.encode(x="year:Q", y="value:Q", color=color))
    goal = alt.Chart(alt.Data(name="goal")).mark_line(strokeDash=[2, 2], strokeWidth=2)
    layers.append(goal.encode(x="year:Q", y="value:Q", color=color))
    title = alt.TitleParams("", subtitle=t["chart-subtitle"], anchor="start")
    return alt.layer(*layers).properties(title=title, height=280).to_dict(validate=False)


def _years(ds: Dataset, ind: Indicator, points: list[Point]) -> tuple[int, int]:
    """The first and last year on the axis: from the first value (or the year
    before the plan starts) to the target year."""
    first = min([int(period_time(p.period)) for p in points] + [ds.plan.period.start - 1])
    return first, max(ds.target_year(ind), first + 1)


def indicator_chart(ds: Dataset, ind: Indicator, a: Assessment, lang: str, t: Label, description: str) -> Chart:
    """Observed values, the target and, for kinds with one, the straight path to it."""
    measure = ds.measure(ind)
    points = assessed_points(ds.current(ind.id))
    first, end = _years(ds, ind, points)
    target = display_value(ind.target.value or 0.0, measure, lang)
    with_path = a.baseline is not None and a.expected is not None
    spec = _made("indicator", _indicator_template, {k: t(k) for k in INDICATOR_LABELS}, measure.name(lang), with_path)
    spec["title"]["text"] = ind.name(lang)
    x = spec["layer"][0]["encoding"]["x"]
    x["scale"]["domain"] = [first, end]
    x["axis"]["values"] = axis_years(points, end)
    datasets = {"observed": [_row(ds, ind, p, lang, t) for p in points]}
    if with_path and a.baseline is not None:
        start = {
            "year": period_time(a.baseline.period),
            "value": display_value(a.baseline.value, measure, lang),
            "series": t("series-path"),
        }
        datasets["path"] = [start, {"year": end, "value": target, "series": t("series-path")}]
    datasets["goal"] = [{"year": year, "value": target, "series": t("series-target")} for year in (first, end)]
    spec["datasets"] = datasets
    table = [{**row, "derived": row["series"] == t("series-derived")} for row in datasets["observed"]]
    table += [{**row, "derived": True} for row in datasets.get("path", [])]  # this site's straight line to the target
    table += [{**row, "derived": False} for row in datasets["goal"]]
    return _finish(spec, f"chart-{ind.id}", ds.site.language(lang).number_locale, description, 280, table)


def axis_years(points: list[Point], target_year: int) -> list[int]:
    """The years on the time axis: those with a value, and the target year
    (years without data get no tick, so the axis shows where the data is)."""
    return sorted({int(period_time(p.period)) for p in points} | {target_year})


def _row(ds: Dataset, ind: Indicator, p: Point, lang: str, t: Label) -> dict:
    measure = ds.measure(ind)
    return {
        "year": period_time(p.period),
        "period": p.period,
        "value": display_value(p.value, measure, lang),
        "shown": format_value(p.value, measure, lang),
        "confidence": t(f"confidence-{p.observation.confidence}"),
        "source": p.observation.source.publisher(lang),
        "series": t("series-derived" if p.observation.confidence == "derived" else "series-observed"),
    }


def _sparkline_template() -> dict:
    import altair as alt

    x = alt.X("year:Q", axis=None, scale=alt.Scale(domain=[0, 1], nice=False))
    y = alt.Y("value:Q", axis=None)
    line = alt.Chart(alt.Data(name="observed")).mark_line(point=True, color=SERIES_COLORS[0]).encode(x=x, y=y)
    # A value this site derived: its own colour, as in the indicator chart (and "derived" in the label).
    derived = alt.Chart(alt.Data(name="derived")).mark_point(filled=True, size=45, color=SERIES_COLORS[3]).encode(x="year:Q", y="value:Q")
    goal = alt.Chart(alt.Data(name="goal")).mark_rule(strokeDash=[2, 2], color=SERIES_COLORS[2]).encode(y="value:Q")
    # Labels: the latest value at its point, the target at the left end of its line.
    latest = alt.Chart(alt.Data(name="latest")).mark_text(align="right", baseline="bottom", dx=-5, dy=-3, fontSize=10, color="#1a1a1a")
    target = alt.Chart(alt.Data(name="goal")).mark_text(align="left", baseline="bottom", dy=-2, fontSize=10, color=SERIES_COLORS[2])
    labels = [latest.encode(x="year:Q", y="value:Q", text="label:N"), target.encode(x="year:Q", y="value:Q", text="label:N")]
    layers = [line, derived, goal, *labels]
    return alt.layer(*layers).properties(height=48).configure_view(stroke=None).to_dict(validate=False)


def _labelled(term: str, value: str, t: Label) -> str:
    return t("term-value").replace("{term}", term).replace("{value}", value)


def sparkline(ds: Dataset, ind: Indicator, lang: str, t: Label, description: str) -> Chart:
    """A small line of the assessed values against the target line, no axes;
    the latest value and the target are written on it."""
    measure = ds.measure(ind)
    points = assessed_points(ds.current(ind.id))
    first, end = _years(ds, ind, points)
    spec = _made("sparkline", _sparkline_template)
    spec["layer"][0]["encoding"]["x"]["scale"]["domain"] = [first, end]
    target = ind.target.value or 0.0
    spec["datasets"] = {
        "observed": [{"year": period_time(p.period), "value": display_value(p.value, measure, lang)} for p in points],
        "derived": [
            {"year": period_time(p.period), "value": display_value(p.value, measure, lang)}
            for p in points
            if p.observation.confidence == "derived"
        ],
        "latest": [
            {
                "year": period_time(p.period),
                "value": display_value(p.value, measure, lang),
                "label": _labelled(format_period(p.period, t, ds.site.language(lang).locale), format_value(p.value, measure, lang), t)
                + (t("derived-mark") if p.observation.confidence == "derived" else ""),
            }
            for p in points[-1:]
        ],
        "goal": [
            {
                "year": first,
                "value": display_value(target, measure, lang),
                "label": _labelled(t("series-target"), format_value(target, measure, lang), t),
            }
        ],
    }
    widths = (SPARKLINE_SVG_WIDTH, SPARKLINE_SVG_WIDTH)
    return _finish(spec, f"spark-{ind.id}", ds.site.language(lang).number_locale, description, 48, widths=widths)


def overview_chart(rows: list[dict], locale: str, t: Label, description: str) -> Chart:
    """Percent of the target reached, one bar per indicator with a value.

    ``rows``: {"name", "percent", "status", "status_label", "latest"} each.
    """
    labels = {k: t(k) for k in ("axis-percent", "col-indicator", "col-latest", "col-status", "overview-title")}
    height = 36 * max(len(rows), 1) + 20
    spec = _made("overview", _overview_spec, rows, labels, height)
    table = [{**row, "derived": True} for row in rows]  # a share of the target is this site's arithmetic
    return _finish(spec, "chart-overview", locale, description, height, table)


def _overview_spec(rows: list[dict], t: dict[str, str], height: int) -> dict:
    import altair as alt

    domain = list(STATUS_COLORS)
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("name:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
            # The axis title ends where the bars do: centred under narrow bars, it ran past the chart's edge.
            x=alt.X("percent:Q", title=t["axis-percent"], scale=alt.Scale(domainMin=0), axis=alt.Axis(titleAnchor="end")),
            color=alt.Color("status:N", title=None, scale=alt.Scale(domain=domain, range=[STATUS_COLORS[s] for s in domain]), legend=None),
            tooltip=[
                alt.Tooltip("name:N", title=t["col-indicator"]),
                alt.Tooltip("latest:N", title=t["col-latest"]),
                alt.Tooltip("percent:Q", title=t["axis-percent"], format=".0f"),
                alt.Tooltip("status_label:N", title=t["col-status"]),
            ],
        )
    )
    hundred = alt.Chart(alt.Data(values=[{"percent": 100}])).mark_rule(strokeDash=[4, 3], color="#333").encode(x="percent:Q")
    chart = alt.layer(bars, hundred).properties(title=alt.TitleParams(t["overview-title"], anchor="start"), height=height)
    return chart.to_dict(validate=False)


TASK_STATUS_COLORS = {
    "under-way": "#245d9c",
    "delivered": "#1b6e34",
    "not-started": "#8a5200",
    "no-public-information": "#5c5c5c",
}


def task_status_chart(rows: list[dict], locale: str, t: Label, description: str) -> Chart:
    """How many key tasks have each status: one bar per status, zeros included.

    ``rows``: {"status", "label", "count"} each, in the order to show.
    """
    labels = {k: t(k) for k in ("col-count", "col-status", "task-status-chart-title")}
    height = 30 * max(len(rows), 1) + 10
    spec = _made("task-status", _task_status_spec, rows, labels, height)
    return _finish(spec, "chart-task-status", locale, description, height, rows)


def _task_status_spec(rows: list[dict], t: dict[str, str], height: int) -> dict:
    import altair as alt

    domain = list(TASK_STATUS_COLORS)
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("count:Q", title=t["col-count"], axis=alt.Axis(tickMinStep=1, format="d"), scale=alt.Scale(domainMin=0)),
        tooltip=[alt.Tooltip("label:N", title=t["col-status"]), alt.Tooltip("count:Q", title=t["col-count"])],
    )
    bars = base.mark_bar().encode(
        color=alt.Color("status:N", scale=alt.Scale(domain=domain, range=[TASK_STATUS_COLORS[s] for s in domain]), legend=None)
    )
    labels = base.mark_text(align="left", dx=4).encode(text="count:Q")
    chart = alt.layer(bars, labels).properties(title=alt.TitleParams(t["task-status-chart-title"], anchor="start"), height=height)
    return chart.to_dict(validate=False)


MATRIX_COLORS = ("#283593", "#c5cae9")  # leads tasks in the project, only shares them


#: The container width (CSS px) under which the matrix takes its phone layout.
MATRIX_NARROW = 560
#: A chart's parameter that the chart loader sets to its container's width;
#: the static SVG keeps SVG_WIDTH, so it takes the wide layout.
WIDTH_PARAM = "plansite_width"


def responsibility_matrix(rows: list[dict], projects: list[str], locale: str, t: Label, description: str) -> Chart:
    """Units x projects: a dark cell where a unit leads tasks of a project, a
    light one where it only shares them; the number is its tasks there.

    ``rows``: {"unit", "project", "project_title", "role", "tasks", "detail"}
    each, units in display order; ``projects``: the column labels in order.
    """
    keys = ("matrix-role-lead", "matrix-role-responsible", "col-unit", "col-project", "col-tasks", "matrix-title")
    units = list(dict.fromkeys(r["unit"] for r in rows))
    height = 18 * max(len(units), 1)
    spec = _made("matrix", _matrix_spec, rows, projects, {k: t(k) for k in keys}, height)
    return _finish(spec, "chart-responsibility", locale, description, height, rows)


def _matrix_spec(rows: list[dict], projects: list[str], t: dict[str, str], height: int) -> dict:
    import altair as alt

    units = list(dict.fromkeys(r["unit"] for r in rows))
    roles = [t["matrix-role-lead"], t["matrix-role-responsible"]]
    # On a narrow screen (a phone) the column labels are turned upright, the
    # unit names are cut shorter and the legend's entries stack.
    narrow = f"({WIDTH_PARAM} < {MATRIX_NARROW})"
    turned = {
        "labelAngle": alt.ExprRef(f"{narrow} ? -90 : 0"),
        "labelAlign": alt.ExprRef(f"{narrow} ? 'left' : 'center'"),
        "labelBaseline": alt.ExprRef(f"{narrow} ? 'middle' : 'bottom'"),
    }
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("project:N", title=None, sort=projects, scale=alt.Scale(domain=projects), axis=alt.Axis(orient="top", **turned)),
        y=alt.Y("unit:N", title=None, sort=units, axis=alt.Axis(labelLimit=alt.ExprRef(f"{narrow} ? 150 : 240"))),
    )
    legend = alt.Legend(
        orient="bottom", columns=alt.ExprRef(f"{narrow} ? 1 : {len(roles)}"), labelLimit=alt.ExprRef(f"{narrow} ? 280 : 400")
    )
    cells = base.mark_rect(stroke="#ffffff", strokeWidth=1).encode(
        color=alt.Color("role:N", title=None, scale=alt.Scale(domain=roles, range=list(MATRIX_COLORS)), legend=legend),
        tooltip=[
            alt.Tooltip("unit:N", title=t["col-unit"]),
            alt.Tooltip("project_title:N", title=t["col-project"]),
            alt.Tooltip("detail:N", title=t["col-tasks"]),
        ],
    )
    numbers = base.mark_text(fontSize=11).encode(
        text="tasks:Q",
        color=alt.condition(alt.datum.role == roles[0], alt.value("#ffffff"), alt.value("#1a1a1a")),
    )
    chart = alt.layer(cells, numbers).properties(title=alt.TitleParams(t["matrix-title"], anchor="start"), height=height)
    chart = chart.add_params(alt.param(name=WIDTH_PARAM, value=SVG_WIDTH))
    return chart.to_dict(validate=False)
