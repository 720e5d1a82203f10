"""Who is responsible: the directory of units, and a page per unit."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from ..model import Dataset, Unit
from ..speak import PageContext, md_block, md_escape
from .base import PageType, one


def _units(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for unit in ds.units.units:
        yield f"units/{unit.id}.md", {"unit": unit}


def directory(say: PageContext) -> dict[str, Any]:
    """The units by kind with the number of tasks each leads and supports,
    after the responsibility matrix (units x projects) and its table."""
    ds = say.ds
    projects = ds.projects.projects
    kinds = []
    for kind in ds.units.kinds:
        members = [u for u in ds.units.units if u.kind == kind.id]
        if members:
            rows = [
                {
                    "link": say.link(u.name(say.lang), f"units/{u.id}.md"),
                    "as_named": say.plan_quote(u.short),
                    "leads": len(ds.tasks_led_by(u.id)),
                    "supports": len(ds.tasks_supported_by(u.id)),
                }
                for u in members
            ]
            kinds.append({"name": kind.name(say.lang), "rows": rows})
    project_labels = [say.t("matrix-project").format(n=p.number) for p in projects]
    matrix_rows = [
        {"unit": say.unit_link(unit_id), "cells": [say.responsibility_cell(led, supported) for led, supported in cells]}
        for unit_id, cells in say.responsibility_rows()
    ]
    legend = say.items(
        [
            say.term(label, say.link(p.title(say.lang), f"projects/{p.id}.md"), bold=False)
            for label, p in zip(project_labels, projects, strict=True)
        ]
    )
    return {
        "t": say.words(UNITS.labels),
        "matrix": say.responsibility_matrix(),
        "projects": project_labels,
        "matrix_rows": matrix_rows,
        "legend": legend,
        "kinds": kinds,
    }


def unit_page(say: PageContext, unit: Unit) -> dict[str, Any]:
    """A unit: its name as the plan gives it, its kind, what it leads and supports."""
    ds = say.ds
    kind = next(k for k in ds.units.kinds if k.id == unit.kind)
    body = ds.services.body(unit.id)
    identities = []
    if body:
        for identity in body.identity:
            if identity.shown:
                names = Markup(md_escape(identity.names(say.lang))) if identity.names else None
                also = say.term(say.t("body-also-named"), names) if names else None
                text = say.then(Markup(md_block(identity.text(say.lang))), also)
                identities.append({"text": text, "provenance": say.provenance(identity)})
    return {
        "t": say.words(UNIT.labels),
        "title": say.body_title(unit.id),
        "as_named": say.plan_quote(unit.short),
        "kind": say.link(kind.name(say.lang), "units/index.md"),
        "translated": say.translated,
        "english_name": say.then(say.t("english-name-published"), say.ext_link(unit.name_en_source))
        if unit.name_en_source
        else say.t("english-name-ours"),
        "note": unit.note(say.lang) if unit.note else None,
        "summary": say.unit_summary(unit.id),
        "body": bool(body),
        "identities": identities,
        "body_link": say.then(say.t("unit-service-body"), say.link(unit.name(say.lang), f"services/{unit.id}.md")),
        "led": [{"link": say.task_link(t.id), "badge": say.task_badge(t.id)} for t in ds.tasks_led_by(unit.id)],
        "supported": [say.task_link(t.id) for t in ds.tasks_supported_by(unit.id)],
    }


UNITS = PageType(
    "units",
    "units.md.j2",
    one("units/index.md"),
    directory,
    ("units-directory", "units-intro", "matrix-table", "col-unit", "col-as-named", "col-leads", "col-supports", "col-project", "col-tasks"),
)
UNIT = PageType(
    "unit",
    "unit.md.j2",
    _units,
    unit_page,
    (
        "col-as-named", "kind", "english-name", "english-name-published", "english-name-ours", "body-also-named",
        "unit-service-body", "tasks-led", "tasks-supported", "unit-task-status-note", "none",
    ),
    in_nav=False,
)  # fmt: skip
