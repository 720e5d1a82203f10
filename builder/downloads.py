"""Open data: the dataset as CSV and JSON files and a Frictionless data package.

Pure: dataset in, {path: bytes} out. Every observation of every release is
kept (the history), with its release, source and confidence. Text cells that
start with = + - @ are prefixed with an apostrophe so spreadsheets never read
them as formulas.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from . import contacts
from .lifecycle import outcome
from .model import Dataset, ProgressNote, Release, Sourced, Text
from .progress import Assessment

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DOWNLOADS = "downloads"


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(fields: list[str], rows: Iterable[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row.get(k) is None else safe_cell(row.get(k)) for k in fields})
    return out.getvalue().encode("utf-8")


def to_json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _texts(ds: Dataset, prefix: str, text: Text | None) -> dict:
    """A text as one column per language: ``name_zh``, ``name_en``..."""
    return {f"{prefix}_{lang}": text(lang) if text else None for lang in ds.languages}


def _provenance(ds: Dataset, prefix: str, point: object) -> dict:
    """Where a value a row shows comes from: its confidence tier (official,
    reported, repost, or derived by this site) and, for a derived one, its
    formula, as ``<prefix>_confidence`` and ``<prefix>_formula_<lang>``."""
    obs = getattr(point, "observation", None)
    return {f"{prefix}_confidence": obs.confidence if obs else None, **_texts(ds, f"{prefix}_formula", obs.formula if obs else None)}


def fields(ds: Dataset, names: list[str]) -> list[str]:
    """Column names; a name ending in ``*`` is a text, one column per language."""
    return [f"{n[:-1]}_{lang}" if n.endswith("*") else n for n in names for lang in (ds.languages if n.endswith("*") else ("",))]


OBSERVATION_FIELDS = [
    "release", "indicator", "period", "value", "text*", "unit", "confidence", "current",
    "source_publisher*", "source_title*", "source_date", "source_url", "formula*", "note*",
]  # fmt: skip


def observation_rows(ds: Dataset, series_id: str | None = None) -> list[dict]:
    """Every observation in every release; ``current`` marks the one shown on pages."""
    units = {i.id: i.unit for i in ds.indicators.indicators} | {p.id: p.unit for p in ds.indicators.proxies}
    series = [series_id] if series_id else list(units)
    rows = []
    for sid in series:
        current = {id(p.observation) for p in ds.current(sid)}
        for point in ds.history(sid):
            obs = point.observation
            rows.append(
                {
                    "release": point.release.id,
                    "indicator": sid,
                    "period": obs.period,
                    "value": obs.value,
                    **_texts(ds, "text", obs.text),
                    "unit": units[sid],
                    "confidence": obs.confidence,
                    "current": id(obs) in current,
                    **_texts(ds, "source_publisher", obs.source.publisher),
                    **_texts(ds, "source_title", obs.source.title),
                    "source_date": obs.source.date.isoformat() if obs.source.date else None,
                    "source_url": obs.source.url,
                    **_texts(ds, "formula", obs.formula),
                    **_texts(ds, "note", obs.note),
                }
            )
    return rows


OBSERVATION_KEY = ["release", "indicator", "period"]

INDICATOR_FIELDS = [
    "id", "number", "name*", "unit", "target_value", "target_kind", "target_year",
    "target_text*", "status", "baseline_period", "baseline_value", "baseline_confidence", "baseline_formula*",
    "latest_period", "latest_value", "latest_confidence", "latest_formula*", "percent_of_target", "expected_value", "ratio",
]  # fmt: skip


def indicator_rows(ds: Dataset, assessments: dict[str, Assessment]) -> list[dict]:
    rows = []
    for ind in ds.indicators.indicators:
        a = assessments[ind.id]
        rows.append(
            {
                "id": ind.id,
                "number": ind.number,
                **_texts(ds, "name", ind.name),
                "unit": ind.unit,
                "target_value": ind.target.value,
                "target_kind": ind.target.kind,
                "target_year": ds.target_year(ind),
                **_texts(ds, "target_text", ind.target_text),
                "status": a.status,
                "baseline_period": a.baseline.period if a.baseline else None,
                "baseline_value": a.baseline.value if a.baseline else None,
                **_provenance(ds, "baseline", a.baseline),
                "latest_period": a.latest.period if a.latest else None,
                "latest_value": a.latest.value if a.latest else None,
                **_provenance(ds, "latest", a.latest),
                "percent_of_target": _round(a.percent_of_target),
                "expected_value": _round(a.expected),
                "ratio": _round(a.ratio),
            }
        )
    return rows


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


TASK_FIELDS = ["id", "project", "number", "title*", "description*", "lead_units", "responsible_units"]
UNIT_FIELDS = ["id", "kind", "name*", "short*", "name_en_source"]
PROJECT_FIELDS = ["id", "number", "title*"]


def task_rows(ds: Dataset) -> list[dict]:
    return [
        {
            "id": t.id,
            "project": ds.project_of_task[t.id].id,
            "number": t.number,
            **_texts(ds, "title", t.title),
            **_texts(ds, "description", t.description),
            "lead_units": " ".join(t.lead),
            "responsible_units": " ".join(t.responsible),
        }
        for t in ds.tasks
    ]


def unit_rows(ds: Dataset) -> list[dict]:
    return [
        {"id": u.id, "kind": u.kind, **_texts(ds, "name", u.name), **_texts(ds, "short", u.short), "name_en_source": u.name_en_source}
        for u in ds.units.units
    ]


def project_rows(ds: Dataset) -> list[dict]:
    return [{"id": p.id, "number": p.number, **_texts(ds, "title", p.title)} for p in ds.projects.projects]


NUMBER_FIELDS = (
    "value",
    "target_value",
    "baseline_value",
    "evidence_value",
    "latest_value",
    "percent_of_target",
    "expected_value",
    "ratio",
)


# --- services for enterprises: needs, offers, bodies, their contacts, channels -------------

NEED_FIELDS = ["id", "group", "name*", "bodies", "channels", "general_channels"]
OFFER_FIELDS = ["id", "body", "name*", "needs", "tasks"]
SERVICE_BODY_FIELDS = ["unit", "name*", "also_named*", "needs"]
SOURCED_FIELDS = [
    "source_id", "source_url", "source_publisher*", "source_title*", "source_gives_date", "also_sources", "checked",
    "confidence", "shown", "check_before_calling", "stale", "note*",
]  # fmt: skip
CONTACT_DETAIL_FIELDS = ["id", "body", "field", "place*", "contact_value", "sources_disagree", *SOURCED_FIELDS]
CHANNEL_FIELDS = [
    "id", "kind", "name*", "contact_value", "url", "purpose*", "not_for*", "needs", "not_for_needs", "general",
    "merged_into", "merged", *SOURCED_FIELDS,
]  # fmt: skip


def need_rows(ds: Dataset) -> list[dict]:
    sv = ds.services
    return [
        {
            "id": n.id,
            "group": n.group,
            **_texts(ds, "name", n.name),
            "bodies": " ".join(b.unit for b in sv.bodies_for(n.id)),
            "channels": " ".join(c.id for c in sv.channels_for(n.id)),
            "general_channels": " ".join(c.id for c in sv.general_channels_for(n.id)) if not sv.has_sourced_channel(n.id) else "",
        }
        for n in sv.needs
    ]


def offer_rows(ds: Dataset) -> list[dict]:
    return [
        {"id": o.id, "body": b.unit, **_texts(ds, "name", o.name), "needs": " ".join(o.needs), "tasks": " ".join(o.tasks)}
        for b in ds.services.bodies
        for o in b.offers
    ]


def service_body_rows(ds: Dataset) -> list[dict]:
    rows = []
    for b in ds.services.bodies:
        names = [i.names for i in b.identity if i.shown and i.names]
        rows.append(
            {
                "unit": b.unit,
                **_texts(ds, "name", ds.unit_by_id[b.unit].name),
                **{f"also_named_{lang}": "; ".join(n(lang) for n in names) or None for lang in ds.languages},
                "needs": " ".join(b.need_ids),
            }
        )
    return rows


def _sourced(ds: Dataset, item: Sourced, flags: contacts.Flags) -> dict:
    source = ds.services.source(item.source) if item.source else None
    return {
        "source_id": item.source,
        "source_url": source.url if source else None,
        **_texts(ds, "source_publisher", source.publisher if source else None),
        **_texts(ds, "source_title", source.title if source else None),
        "source_gives_date": source.date if source else None,
        "also_sources": " ".join(item.also) or None,
        "checked": item.checked.isoformat() if item.checked else None,
        "confidence": item.confidence,
        "shown": item.shown,
        "check_before_calling": flags.check_before_calling,
        "stale": flags.stale,
        **_texts(ds, "note", item.note),
    }


def contact_rows(ds: Dataset) -> list[dict]:
    """Every contact detail of every body, shown or not (low confidence), with its provenance."""
    today, rows = contacts.as_of(ds), []
    for body in ds.services.bodies:
        counter: dict[str, int] = {}
        for row in contacts.detail_rows(ds.services, body.contact, today):
            counter[row.field] = counter.get(row.field, 0) + 1
            rows.append(
                {
                    "id": f"{body.unit}-{row.field}-{counter[row.field]}",
                    "body": body.unit,
                    "field": row.field,
                    **_texts(ds, "place", row.detail.place),
                    "contact_value": row.detail.value,
                    "sources_disagree": row.flags.disagreement,
                    **_sourced(ds, row.detail, row.flags),
                }
            )
    return rows


def channel_rows(ds: Dataset) -> list[dict]:
    """Every channel, former ones (merged_into) and low-confidence ones (not shown) included."""
    today = contacts.as_of(ds)
    return [
        {
            "id": c.id,
            "kind": c.kind,
            **_texts(ds, "name", c.name),
            "contact_value": c.value,
            "url": c.url,
            **_texts(ds, "purpose", c.purpose),
            **_texts(ds, "not_for", c.not_for),
            "needs": " ".join(c.needs),
            "not_for_needs": " ".join(c.not_for_needs),
            "general": c.general,
            "merged_into": c.merged_into,
            "merged": c.merged,
            **_sourced(ds, c, contacts.flags(ds.services, c, today)),
        }
        for c in ds.services.channels
    ]


# --- task progress: the editors' statuses and the sourced notes, release by release ---------

TASK_STATUS_FIELDS = ["release", "task", "status", "reviewed", "current", "note*"]
PROGRESS_NOTE_FIELDS = [
    "id", "release", "task", "date", "period", "text*", "confidence",
    "source_publisher*", "source_title*", "source_date", "source_url", "source_note*",
]  # fmt: skip
PROGRESS_FIGURE_FIELDS = ["note", "number", "name*", "value"]


def task_status_rows(ds: Dataset) -> list[dict]:
    """Every status set in every release; ``current`` marks the one the pages show."""
    rows = []
    for release in ds.releases:
        for entry in release.progress.statuses:
            newest = ds.task_status(entry.task)
            rows.append(
                {
                    "release": release.id,
                    "task": entry.task,
                    "status": entry.status,
                    "reviewed": entry.reviewed.isoformat(),
                    "current": newest is not None and newest.release is release,
                    **_texts(ds, "note", entry.note),
                }
            )
    return rows


def _progress_notes(ds: Dataset) -> Iterable[tuple[str, Release, ProgressNote]]:
    """Every progress note with its id: the release and its place in the release."""
    for release in ds.releases:
        for n, note in enumerate(release.progress.notes, start=1):
            yield f"{release.id}-{n}", release, note


def progress_note_rows(ds: Dataset) -> list[dict]:
    """Every progress note of every release, with its source."""
    return [
        {
            "id": note_id,
            "release": release.id,
            "task": note.task,
            "date": note.date.isoformat(),
            "period": note.period,
            **_texts(ds, "text", note.text),
            "confidence": note.confidence,
            **_texts(ds, "source_publisher", note.source.publisher),
            **_texts(ds, "source_title", note.source.title),
            "source_date": note.source.date.isoformat(),
            "source_url": note.source.url,
            **_texts(ds, "source_note", note.source.note),
        }
        for note_id, release, note in _progress_notes(ds)
    ]


def progress_figure_rows(ds: Dataset) -> list[dict]:
    """The figures each progress note reports, by the note's id."""
    return [
        {"note": note_id, "number": k, **_texts(ds, "name", figure.name), "value": figure.value}
        for note_id, _, note in _progress_notes(ds)
        for k, figure in enumerate(note.figures, start=1)
    ]


def _field_type(name: str) -> str:
    if name in NUMBER_FIELDS:
        return "number"
    if name in ("number", "target_year"):
        return "integer"
    if name in ("current", "shown", "general", "check_before_calling", "stale", "sources_disagree"):
        return "boolean"
    if name in ("source_date", "review_date", "checked", "reviewed", "date"):
        return "date"
    return "string"


def _resource(name: str, path: str, fields: list[str], title: str, key: list[str]) -> dict:
    schema: dict = {"fields": [{"name": f, "type": _field_type(f)} for f in fields]}
    schema["primaryKey"] = key
    return {
        "name": name,
        "title": title,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


FINAL_FIELDS = [
    "id", "number", "name*", "target_kind", "target_value", "target_text*", "target_year",
    "baseline_period", "baseline_value", "baseline_confidence", "baseline_formula*", "outcome", "evidence_period",
    "evidence_value", "evidence_text*", "evidence_confidence", "evidence_formula*", "evidence_source_url", "review_date",
]  # fmt: skip


def final_rows(ds: Dataset, assessments: dict[str, Assessment]) -> list[dict]:
    """The final account of an ended plan: each target's outcome and the value behind it."""
    rows = []
    for ind, result in ((i, outcome(ds, i)) for i in ds.indicators.indicators):
        a, evidence = assessments[ind.id], result.evidence
        obs = evidence.observation if evidence else None
        rows.append(
            {
                "id": ind.id,
                "number": ind.number,
                **_texts(ds, "name", ind.name),
                "target_kind": ind.target.kind,
                "target_value": ind.target.value,
                **_texts(ds, "target_text", ind.target_text),
                "target_year": result.target_year,
                "baseline_period": a.baseline.period if a.baseline else None,
                "baseline_value": a.baseline.value if a.baseline else None,
                **_provenance(ds, "baseline", a.baseline),
                "outcome": result.kind,
                "evidence_period": obs and evidence.period,
                "evidence_value": obs.value if obs else None,
                **_texts(ds, "evidence_text", obs.text if obs else None),
                **_provenance(ds, "evidence", evidence),
                "evidence_source_url": obs.source.url if obs else None,
                "review_date": ds.review_date.isoformat(),
            }
        )
    return rows


#: The tables of the package; each one's title is the label ``file-<name>``.
PLAN_TABLES = ("observations", "indicators", "projects", "tasks", "units")
PROGRESS_TABLES = ("task-statuses", "progress-notes", "progress-figures")
SERVICE_TABLES = ("needs", "offers", "service-bodies", "contacts", "channels")
FINAL_TABLES = ("final-account",)
TABLES = PLAN_TABLES + PROGRESS_TABLES + SERVICE_TABLES + FINAL_TABLES


def tables_of(ds: Dataset) -> tuple[str, ...]:
    """The tables a plan publishes: the progress ones only for a plan whose releases
    hold task statuses or notes, the services ones only for a plan with services for
    enterprises, the final account only once the plan has ended."""
    progress = any(r.progress.statuses or r.progress.notes for r in ds.releases)
    return (
        PLAN_TABLES
        + (PROGRESS_TABLES if progress else ())
        + (SERVICE_TABLES if ds.services.bodies else ())
        + (FINAL_TABLES if ds.ended else ())
    )


def licenses(ds: Dataset) -> dict:
    """The package's ``licenses``: the site's declared licence, or nothing at all
    (a package that declares none says nothing rather than guess one)."""
    licence = ds.site.licence
    if licence is None:
        return {}
    return {"licenses": [{"name": licence.id, "title": licence.name(ds.default_language), "path": licence.url}]}


def open_data_files(ds: Dataset, assessments: dict[str, Assessment], titles: dict[str, str]) -> dict[str, bytes]:
    """All download files, keyed by their path in site_src/.

    ``titles``: each table's title (and ``package``, ``source``), in the default language."""
    every = {
        "observations": (fields(ds, OBSERVATION_FIELDS), observation_rows(ds), OBSERVATION_KEY),
        "indicators": (fields(ds, INDICATOR_FIELDS), indicator_rows(ds, assessments), ["id"]),
        "projects": (fields(ds, PROJECT_FIELDS), project_rows(ds), ["id"]),
        "tasks": (fields(ds, TASK_FIELDS), task_rows(ds), ["id"]),
        "units": (fields(ds, UNIT_FIELDS), unit_rows(ds), ["id"]),
        "task-statuses": (fields(ds, TASK_STATUS_FIELDS), task_status_rows(ds), ["release", "task"]),
        "progress-notes": (fields(ds, PROGRESS_NOTE_FIELDS), progress_note_rows(ds), ["id"]),
        "progress-figures": (fields(ds, PROGRESS_FIGURE_FIELDS), progress_figure_rows(ds), ["note", "number"]),
        "needs": (fields(ds, NEED_FIELDS), need_rows(ds), ["id"]),
        "offers": (fields(ds, OFFER_FIELDS), offer_rows(ds), ["id"]),
        "service-bodies": (fields(ds, SERVICE_BODY_FIELDS), service_body_rows(ds), ["unit"]),
        "contacts": (fields(ds, CONTACT_DETAIL_FIELDS), contact_rows(ds), ["id"]),
        "channels": (fields(ds, CHANNEL_FIELDS), channel_rows(ds), ["id"]),
        "final-account": (fields(ds, FINAL_FIELDS), final_rows(ds, assessments), ["id"]),
    }
    tables = {name: every[name] for name in tables_of(ds)}
    files = {f"{DOWNLOADS}/{name}.csv": to_csv(columns, rows) for name, (columns, rows, _) in tables.items()}
    package = {
        "name": ds.site.package,
        "title": ds.plan.title(ds.default_language),
        "description": ds.plan.source.note(ds.default_language),
        "sources": [{"title": titles["source"], "path": ds.plan.source.url}],
        **licenses(ds),
        "resources": [_resource(n, f"{n}.csv", f, titles[n], key) for n, (f, _, key) in tables.items()],
    }
    files[f"{DOWNLOADS}/datapackage.json"] = to_json(package)
    files[f"{DOWNLOADS}/dataset.json"] = to_json({name: rows for name, (_, rows, _) in tables.items()})
    status_by_id = {row["id"]: row for row in tables["indicators"][1]}
    for ind in ds.indicators.indicators:
        rows = observation_rows(ds, ind.id)
        files[f"{DOWNLOADS}/indicators/{ind.id}.csv"] = to_csv(tables["observations"][0], rows)
        files[f"{DOWNLOADS}/indicators/{ind.id}.json"] = to_json(
            {"indicator": ind.model_dump(mode="json"), "status": status_by_id[ind.id], "observations": rows}
        )
    return files
