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

from .model import Dataset, Text
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
    "target_text*", "status", "baseline_period", "baseline_value",
    "latest_period", "latest_value", "percent_of_target", "expected_value", "ratio",
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
                "latest_period": a.latest.period if a.latest else None,
                "latest_value": a.latest.value if a.latest else None,
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


def _field_type(name: str) -> str:
    if name in ("value", "target_value", "baseline_value", "latest_value", "percent_of_target", "expected_value", "ratio"):
        return "number"
    if name in ("number", "target_year"):
        return "integer"
    if name == "current":
        return "boolean"
    if name == "source_date":
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


#: The tables of the package; each one's title is the label ``file-<name>``.
TABLES = ("observations", "indicators", "projects", "tasks", "units")


def open_data_files(ds: Dataset, assessments: dict[str, Assessment], titles: dict[str, str]) -> dict[str, bytes]:
    """All download files, keyed by their path in site_src/.

    ``titles``: each table's title (and ``package``, ``source``), in the default language."""
    tables = {
        "observations": (fields(ds, OBSERVATION_FIELDS), observation_rows(ds), OBSERVATION_KEY),
        "indicators": (fields(ds, INDICATOR_FIELDS), indicator_rows(ds, assessments), ["id"]),
        "projects": (fields(ds, PROJECT_FIELDS), project_rows(ds), ["id"]),
        "tasks": (fields(ds, TASK_FIELDS), task_rows(ds), ["id"]),
        "units": (fields(ds, UNIT_FIELDS), unit_rows(ds), ["id"]),
    }
    files = {f"{DOWNLOADS}/{name}.csv": to_csv(columns, rows) for name, (columns, rows, _) in tables.items()}
    package = {
        "name": ds.site.package,
        "title": ds.plan.title(ds.default_language),
        "description": ds.plan.source.note(ds.default_language),
        "sources": [{"title": titles["source"], "path": ds.plan.source.url}],
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
