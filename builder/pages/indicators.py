"""The targets: the index of indicators, and a page per indicator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Dataset, Indicator, Point, Proxy
from ..progress import STATUSES
from ..speak import PageContext
from . import parts
from .base import PageType, one


def _indicators(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for indicator in ds.indicators.indicators:
        yield f"indicators/{indicator.id}.md", {"ind": indicator}


#: The terms of plan reviews that the method quotes in the plan's own language: placeholder -> label.
REVIEW_TERMS = {
    "met": "outcome-met",
    "not_met": "outcome-not-met",
    "early": "method-term-early",
    "faster": "method-term-faster",
    "as_expected": "method-term-as-expected",
    "lagging": "method-term-lagging",
}


def index(say: PageContext) -> dict[str, Any]:
    """The targets: the overview chart, the targets table, and how progress is assessed."""
    release = say.ds.latest_release
    return {
        "t": say.words(INDICATORS.labels),
        "chart": say.overview_chart(),
        "targets": parts.targets_table(say),
        "latest_release": say.pair(say.t("latest-release"), release.date.isoformat()) if release else None,
        "outcomes": [{"term": say.t(f"outcome-{kind}"), "text": say.t(f"method-outcome-{kind}")} for kind in say.outcome_kinds()],
        "review_wording": say.fill_markup("method-review-wording", **{k: say.plan_label(key) for k, key in REVIEW_TERMS.items()}),
        "statuses": [{"badge": say.status_badge(s), "text": say.t(f"method-{s}")} for s in STATUSES],
        "kinds": [{"term": say.t(f"kind-{kind}"), "text": say.t(f"method-kind-{kind}")} for kind in say.target_kinds()],
    }


def _source_item(say: PageContext, point: Point) -> dict[str, Any]:
    obs = point.observation
    return {
        "item": say.value_source_item(point),
        "formula": say.pair(say.t("formula"), say.tx(obs.formula)) if obs.formula else None,
        "note": say.tx(obs.note) if obs.note else None,
    }


def _proxy(say: PageContext, proxy: Proxy) -> dict[str, Any]:
    rows = [
        {
            "period": say.period(p.period),
            "value": say.fmt(p.value, proxy),
            "tier": say.tier(p.observation.confidence),
            "source": say.value_source(p.observation),
        }
        for p in say.ds.current(proxy.id)
    ]
    return {
        "title": say.pair(say.t("proxy-title"), say.tx(proxy.name)),
        "name": say.tx(proxy.name),
        "note": say.tx(proxy.note),
        "rows": rows,
    }


def _figures(say: PageContext, ind: Indicator) -> dict[str, Any]:
    """A quantitative target's baseline, latest value, share of target and expected value."""
    s = say.assessments[ind.id]
    figures: dict[str, Any] = {"baseline": say.t("no-figure"), "latest": say.t("no-figure"), "percent": None, "expected": None}
    if s.baseline:
        figures["baseline"] = say.baseline(ind, s.baseline)
    if s.latest:
        about = say.phrases([say.period(s.latest.period), say.tier(s.latest.observation.confidence)])
        figures["latest"] = say.paren(say.fmt(s.latest.value, ind), about)
    if s.percent_of_target is not None:
        figures["percent"] = say.percent(s.percent_of_target) + say.derived(s.latest)
    if s.expected is not None:
        figures["expected"] = {"term": say.tf("col-expected", year=say.period(s.latest.period)), "value": say.fmt(s.expected, ind)}
    return figures


def _qualitative(say: PageContext, ind: Indicator, points: list[Point]) -> dict[str, Any]:
    """What was found for a qualitative target, and the editors' judgement."""
    judged = say.ds.judgement(ind.id)
    judgement = None
    if judged:
        key = "judgement-met" if judged[1].met else "judgement-not-met"
        judgement = say.term(say.tf(key, date=judged[1].date.isoformat()), say.tx(judged[1].note))
    rows = [
        {
            "period": say.period(p.period),
            "text": say.tx(p.observation.text),
            "tier": say.tier(p.observation.confidence),
            "source": say.value_source(p.observation),
        }
        for p in points
    ]
    return {"body": say.tf("qualitative-body", target=say.target(ind)), "rows": rows, "judgement": judgement}


DATA_COLUMNS = ("col-period", "col-value", "col-confidence", "col-source", "col-source-date", "col-release")


def _data(say: PageContext, ind: Indicator, points: list[Point]) -> dict[str, Any]:
    """A quantitative target's chart and table of values (cards on a phone)."""
    rows = [
        {
            "cells": [
                say.period(p.period),
                say.fmt(p.value, ind),
                say.tier(p.observation.confidence),
                say.value_source(p.observation),
                say.published_cell(p.observation),
                p.release.id,
            ]
        }
        for p in points
    ]
    return {
        "chart": say.indicator_chart(ind),
        "head": parts.table_head(say, DATA_COLUMNS),
        "rows": rows,
        "revised": len(say.ds.history(ind.id)) > len(points),
    }


def indicator_page(say: PageContext, ind: Indicator) -> dict[str, Any]:
    """An indicator: where it stands, its figures (or what was found), proxies,
    sources, context, related tasks, how to cite it and its downloads."""
    points = say.ds.current(ind.id)
    explanation = say.outcome_explanation(ind) if say.ended else say.status_explanation(ind)
    target_wording = say.term(say.t("plan-wording"), say.plan_quote(ind.target_text), bold=False)
    downloads = f"downloads/indicators/{ind.id}"
    return {
        "t": say.words(INDICATOR.labels),
        "title": say.tx(ind.name),
        "definition": say.tx(ind.definition),
        "badge": say.target_badge(ind),
        "explanation": say.then(explanation, say.link(say.t("method-link"), "indicators/index.md")),
        "target": say.noted(say.target(ind), target_wording),
        "figures": None if ind.qualitative else _figures(say, ind),
        "qualitative": _qualitative(say, ind, points) if ind.qualitative else None,
        "data": _data(say, ind, points) if points and not ind.qualitative else None,
        "proxies": [_proxy(say, proxy) for proxy in say.ds.proxies_of(ind.id)],
        "sources": [_source_item(say, p) for p in points] if points and not ind.qualitative else [],
        "context": [say.then(say.tx(note.text), say.ext_link(note.url, say.t("source")) if note.url else None) for note in ind.context],
        "related": [say.task_link(task_id) for task_id in ind.related_tasks],
        "citation": say.citation(ind),
        "downloads": say.items(
            [
                say.html_link(say.t("download-csv"), f"{downloads}.csv"),
                say.html_link(say.t("download-json"), f"{downloads}.json"),
                say.link(say.t("open-data"), "open-data.md"),
            ]
        ),
    }


INDICATORS = PageType(
    "indicators",
    "indicators.md.j2",
    one("indicators/index.md"),
    index,
    (
        *parts.LABELS, "indicators", "indicators-intro", "latest-release", "method-title", "method-lifecycle-title",
        "method-lifecycle", "method-review-wording", "method-live-title", "method-intro", "method-notes", "method-kinds",
        "method-*", "kind-*",
    ),
)  # fmt: skip
INDICATOR = PageType(
    "indicator",
    "indicator.md.j2",
    _indicators,
    indicator_page,
    (
        "col-status", "method-link", "col-target", "plan-wording", "col-baseline", "col-latest", "no-figure", "col-percent",
        "col-expected", "qualitative-title", "qualitative-body", "qualitative-found", "qualitative-none", "col-period",
        "col-value", "col-confidence", "col-source", "judgement-met", "judgement-not-met", "chart-and-data",
        "col-source-date", "col-release", "revised-note", "no-figure-title", "no-figure-body", "proxy-title",
        "proxy-warning", "sources", "formula", "context", "source", "related-tasks", "none", "related-targets-note",
        "cite-heading", "downloads", "download-csv", "download-json", "open-data",
    ),
    in_nav=False,
)  # fmt: skip
