"""The site's labels: which exist, and which placeholders each may use.

Every label the site prints is listed here with the placeholders the builder
fills in for it; data/ui.yaml must give each in every declared language.
Any label may also use the plan's facts (:data:`FACTS`), filled from the
data, so that no name, year or count is typed into a label. ``check`` reads
this registry: it finds missing and unknown labels and unknown placeholders
without rendering a page.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import Problem
from .load import position_of

#: Placeholders every label may use (builder.render.plan_facts fills them).
FACTS = (
    "plan_title",
    "plan_short_title",
    "plan_start",
    "plan_end",
    "project_count",
    "task_count",
    "indicator_count",
    "unit_count",
)

#: Every label of the site -> the placeholders the builder gives it (besides FACTS).
LABELS: dict[str, tuple[str, ...]] = {
    "home-intro": (),
    "targets-heading": (),
    "goals-more": (),
    "goals": (),
    "ideology": (),
    "main-goals": (),
    "projects": (),
    "all-tasks": (),
    "safeguards": (),
    "about": (),
    "about-this-site": (),
    "about-short": (),
    "who-is-responsible": (),
    "units-directory": (),
    "units-intro": (),
    "col-number": (),
    "col-task": (),
    "col-tasks": (),
    "col-project": (),
    "col-indicator": (),
    "col-target": (),
    "col-plan-wording": (),
    "col-unit": (),
    "col-as-named": (),
    "col-leads": (),
    "col-supports": (),
    "lead-units": (),
    "responsible-units": (),
    "qualitative-note": (),
    "bodies-named": (),
    "project-tasks": ("n",),
    "task-page": (),
    "part-of": (),
    "description": (),
    "related-targets": (),
    "related-targets-note": (),
    "original-text": (),
    "kind": (),
    "english-name": (),
    "english-name-published": (),
    "english-name-ours": (),
    "tasks-led": (),
    "tasks-supported": (),
    "unit-summary": ("led", "projects", "supported"),
    "none": (),
    "indicators": (),
    "indicators-all": (),
    "indicators-intro": (),
    "col-latest": (),
    "col-baseline": (),
    "col-percent": (),
    "col-expected": ("year",),
    "col-status": (),
    "col-period": (),
    "col-value": (),
    "col-confidence": (),
    "col-source": (),
    "col-release": (),
    "col-file": (),
    "col-contents": (),
    "col-title": (),
    "col-observations": (),
    "no-figure": (),
    "no-figure-title": (),
    "no-figure-body": (),
    "qualitative-title": (),
    "qualitative-body": ("target",),
    "qualitative-none": (),
    "qualitative-found": (),
    "judgement-met": ("date",),
    "judgement-not-met": ("date",),
    "latest-release": (),
    "plan-wording": (),
    "chart-and-data": (),
    "revised-note": (),
    "proxy-title": (),
    "proxy-warning": (),
    "sources": (),
    "source": (),
    "formula": (),
    "context": (),
    "related-tasks": (),
    "downloads": (),
    "download-csv": (),
    "download-json": (),
    "open-data": (),
    "open-data-intro": (),
    "file-observations": (),
    "file-indicators": (),
    "file-projects": (),
    "file-tasks": (),
    "file-units": (),
    "plan-source": (),
    "file-dataset": (),
    "file-datapackage": (),
    "per-indicator": (),
    "releases": (),
    "status-achieved": (),
    "status-on-track": (),
    "status-needs-acceleration": (),
    "status-off-track": (),
    "status-not-enough-data": (),
    "status-qualitative": (),
    "explain-achieved": ("expected", "latest", "percent", "ratio", "target", "target_year", "year"),
    "explain-on-track": ("expected", "latest", "percent", "ratio", "target", "target_year", "year"),
    "explain-needs-acceleration": ("expected", "latest", "percent", "ratio", "target", "target_year", "year"),
    "explain-off-track": ("expected", "latest", "percent", "ratio", "target", "target_year", "year"),
    "explain-ceiling-held": ("expected", "latest", "percent", "ratio", "target", "target_year", "year"),
    "explain-ceiling-breached": ("expected", "latest", "percent", "ratio", "target", "target_year", "year"),
    "explain-fell-back": ("expected", "latest", "percent", "ratio", "target", "target_year", "year"),
    "explain-not-enough-data": ("expected", "latest", "percent", "ratio", "target", "target_year", "year"),
    "explain-qualitative": ("expected", "latest", "percent", "ratio", "target", "target_year", "year"),
    "trend-none": ("first", "first_year", "latest", "latest_year", "n", "status", "target", "target_year"),
    "trend-one": ("first", "first_year", "latest", "latest_year", "n", "status", "target", "target_year"),
    "trend-many": ("first", "first_year", "latest", "latest_year", "n", "status", "target", "target_year"),
    "confidence-official": (),
    "confidence-reported": (),
    "confidence-derived": (),
    "series-observed": (),
    "series-path": (),
    "series-target": (),
    "axis-year": (),
    "axis-percent": (),
    "chart-subtitle": (),
    "overview-title": (),
    "method-title": (),
    "method-link": (),
    "method-intro": (),
    "method-kinds": (),
    "method-achieved": (),
    "method-on-track": (),
    "method-needs-acceleration": (),
    "method-off-track": (),
    "method-not-enough-data": (),
    "method-qualitative": (),
    "method-notes": (),
    "updates": (),
    "updates-intro": (),
    "updates-feed": (),
    "updates-nothing": (),
    "change-new": ("name", "new", "new_status", "old", "old_status", "period"),
    "change-revised": ("name", "new", "new_status", "old", "old_status", "period"),
    "change-status": ("name", "new", "new_status", "old", "old_status", "period"),
    "progress": (),
    "progress-intro": (),
    "progress-home": (),
    "progress-targets": (),
    "progress-tasks": (),
    "progress-tasks-intro": (),
    "progress-by-unit": (),
    "progress-by-unit-intro": (),
    "progress-background": (),
    "task-progress": (),
    "task-status-title": (),
    "task-status-meaning": (),
    "status-not-started": (),
    "status-under-way": (),
    "status-delivered": (),
    "status-no-public-information": (),
    "meaning-not-started": (),
    "meaning-under-way": (),
    "meaning-delivered": (),
    "meaning-no-public-information": (),
    "col-latest-note": (),
    "col-reviewed": (),
    "col-count": (),
    "reviewed-on": ("date",),
    "reviewed-latest": ("date",),
    "not-reviewed": (),
    "no-notes": (),
    "no-note-date": (),
    "note-period": ("period",),
    "note-figures": (),
    "note-source": (),
    "note-no-url": (),
    "note-link": (),
    "note-confidence-official": (),
    "note-confidence-reported": (),
    "task-status-chart-title": (),
    "task-status-chart-desc": ("counts", "n"),
    "filter-lead": (),
    "filter-all": (),
    "filter-count": ("shown", "total"),
    "progress-all": (),
    "project-task-status": (),
    "unit-task-status-note": (),
    "services-title": (),
    "services-nav": (),
    "services-intro": (),
    "services-contact-note": (),
    "need-finder-label": (),
    "need-finder-placeholder": (),
    "need-finder-empty": (),
    "need-finder-count": ("shown", "total"),
    "needs-index": (),
    "bodies-to-contact": (),
    "col-body": (),
    "col-offer": (),
    "col-plan-tasks": (),
    "task-ref": ("number",),
    "task-role-lead": (),
    "task-role-responsible": (),
    "task-role-named": (),
    "body-back": (),
    "body-unit-page": (),
    "body-needs": (),
    "body-offers": (),
    "body-disclaimer": (),
    "offer-needs": (),
    "offer-quotes": (),
    "offer-sources": (),
    "contact": (),
    "col-contact-field": (),
    "col-contact-value": (),
    "col-checked": (),
    "contact-address": (),
    "contact-phone": (),
    "contact-website": (),
    "contact-hours": (),
    "not-confirmed": (),
    "contact-where-to-check": (),
    "contact-where-to-check-amr": (),
    "unit-service-body": (),
    "enterprise-entry-title": (),
    "enterprise-entry-text": (),
    "enterprise-entry-link": (),
    "matrix-title": (),
    "matrix-desc": ("leads", "projects", "units"),
    "matrix-project": ("n",),
    "matrix-role-lead": (),
    "matrix-role-responsible": (),
    "matrix-led": ("n",),
    "matrix-supported": ("n",),
    "matrix-table": (),
    "home": (),
    "list-separator": (),
    "clause-separator": (),
    "period-year": ("year",),
    "period-quarter": ("quarter", "year"),
    "period-month": ("month", "year"),
    "permalink-title": (),
    "theme-to-dark": (),
    "theme-to-light": (),
    "target-reach": ("value",),
    "target-at-least": ("value",),
    "target-at-most": ("value",),
    "target-decrease-to": ("value",),
    "target-qualitative": ("text",),
    "kind-reach": (),
    "kind-at-least": (),
    "kind-at-most": (),
    "kind-decrease-to": (),
    "kind-qualitative": (),
    "method-kind-reach": (),
    "method-kind-at-least": (),
    "method-kind-at-most": (),
    "method-kind-decrease-to": (),
    "method-kind-qualitative": (),
}

_BRACES = re.compile(r"\{([^{}]*)\}")
_NAME = re.compile(r"[a-z_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_labels(display: str, raw: Any, strings: dict[str, dict[str, str]] | None) -> list[Problem]:
    """Problems with the labels of data/ui.yaml (``raw``: its YAML, with positions):
    labels the site uses that are missing, labels it does not use, and
    placeholders it does not fill in. ``strings``: key -> {language: text}."""
    if strings is None:
        return []
    problems = []
    line, column = position_of(raw, ("strings",))
    for key in LABELS:
        if key not in strings:
            problems.append(
                Problem(display, line, column, f"strings.{key}", "missing label used by the site", "{zh: ..., en: ...}", "nothing")
            )
    for key, texts in strings.items():
        at = position_of(raw, ("strings", key))
        if key not in LABELS:
            problems.append(
                Problem(
                    display,
                    *at,
                    f"strings.{key}",
                    "unknown label: the site does not use it",
                    "a label listed in builder/labels.py",
                    repr(key),
                )
            )
            continue
        allowed = (*LABELS[key], *FACTS)
        for lang, text in texts.items():
            problems += _check_text(display, position_of(raw, ("strings", key, lang)), f"strings.{key}.{lang}", text, allowed)
    return problems


def _check_text(display: str, at: tuple[int, int], field: str, text: str, allowed: tuple[str, ...]) -> list[Problem]:
    expected = "one of " + ", ".join("{" + name + "}" for name in allowed) if allowed else "no placeholder"
    if _CONTROL.search(text):
        return [Problem(display, *at, field, "a label is one line of text", "no line breaks or control characters", repr(text[:40]))]
    problems = []
    for found in _BRACES.findall(text):
        if not _NAME.fullmatch(found):
            problems.append(Problem(display, *at, field, "a placeholder is a plain name", expected, "{" + found[:40] + "}"))
        elif found not in allowed:
            problems.append(Problem(display, *at, field, f"unknown placeholder {{{found}}} in this label", expected, "{" + found + "}"))
    return problems
