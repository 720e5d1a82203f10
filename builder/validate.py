"""From raw YAML to a validated :class:`Dataset`, collecting every problem.

Nothing stops at the first problem: each file is read and checked, then the
references between files are checked, and all problems are raised together
in one :class:`DataError`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import os
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from .config import DATA_FILES, Paths
from .errors import DataError, Problem
from .labels import check_labels
from .load import FIRST_YEAR, LAST_YEAR, PosDict, list_data_folder, load_yaml, position_of
from .model import (
    CONTACT_FIELDS,
    ID_EXPECTED,
    LICENCE_ID_PATTERN,
    NO_PUBLIC_INFORMATION,
    PERIOD_EXPECTED,
    PERIOD_PATTERN,
    RESERVED_IDS,
    SHOWN_CONFIDENCES,
    TASK_STATUSES,
    Dataset,
    IndicatorsFile,
    PlanFile,
    ProjectsFile,
    Release,
    ReleaseFile,
    ServicesFile,
    SiteFile,
    UiFile,
    UnitsFile,
    period_end,
)

FILE_MODELS: dict[str, type[BaseModel]] = {
    "site.yaml": SiteFile,
    "plan.yaml": PlanFile,
    "projects.yaml": ProjectsFile,
    "units.yaml": UnitsFile,
    "indicators.yaml": IndicatorsFile,
    "ui.yaml": UiFile,
}
assert tuple(FILE_MODELS) == DATA_FILES
SERVICES_FILE = "services.yaml"  # needs, service bodies and their contacts
FILE_MODELS[SERVICES_FILE] = ServicesFile

#: What pydantic's error types expect, said for an editor.
EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
    "date_type": "a date as YYYY-MM-DD",
    "date_from_datetime_parsing": "a date as YYYY-MM-DD",
    "date_parsing": "a date as YYYY-MM-DD",
    "too_short": "at least one item",
}


def field_path(loc: Iterable[Any]) -> str:
    """('projects', 0, 'tasks', 2) -> 'projects[0].tasks[2]'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def describe(value: Any) -> str:
    """A short, readable rendering of a value found in the data."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    kind = {bool: "true/false", int: "a number", float: "a number", str: "text", dict: "a mapping", list: "a list"}
    name = next((v for k, v in kind.items() if isinstance(value, k)), type(value).__name__)
    if isinstance(value, (dict, list)):
        return name
    shown = repr(value) if isinstance(value, str) else str(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return shown if isinstance(value, str) else f"{shown} ({name})"


def _known_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names the model accepts at ``loc`` (for unknown-field errors)."""
    current: Any = model
    skip_key = False
    for part in loc:
        if isinstance(part, int):
            continue
        if skip_key:  # a key of a dict field, e.g. a ui.yaml string name
            skip_key = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return []
        annotation = current.model_fields[part].annotation
        skip_key = getattr(annotation, "__origin__", None) is dict
        current = _inner_model(annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside ``tuple[X, ...]``, ``X | None`` or ``dict[K, X]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def languages_of(context: dict | None) -> tuple[str, ...]:
    return tuple((context or {}).get("languages") or ())


def _problem_from_pydantic(file: str, raw: Any, model: type[BaseModel], err: dict, context: dict | None = None) -> Problem:
    loc = tuple(err["loc"])
    kind, value = err["type"], err.get("input")
    line, column = position_of(raw, loc)
    field = field_path(loc)
    if kind == "missing":
        return Problem(file, line, column, field, "missing required field", "a value", "nothing")
    if kind == "missing_translation":
        lang = err["ctx"]["lang"]
        return Problem(file, line, column, f"{field}.{lang}", "missing translation", f"text in '{lang}'", "nothing")
    if kind == "unknown_language":
        key, languages = err["ctx"]["key"], ", ".join(languages_of(context))
        line, column = position_of(raw, (*loc, key))
        hint = _did_you_mean(key, languages_of(context))
        if err["ctx"]["empty"]:
            hint = "; a comma inside {zh: ..., en: ...} starts a new field: put text with commas in quotes"
        return Problem(file, line, column, f"{field}.{key}", f"not a declared language{hint}", f"one of: {languages}", repr(key))
    if kind == "form":
        return Problem(file, line, column, field, err["msg"], err["ctx"]["expected"], err["ctx"]["got"])
    if kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        hint = _did_you_mean(str(loc[-1]), known)
        return Problem(file, line, column, field, f"unknown field{hint}", "one of: " + ", ".join(known), repr(loc[-1]))
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if pattern.startswith("^[a-z0-9]"):
            return Problem(file, line, column, field, "not a valid id", ID_EXPECTED, describe(value))
        if pattern == PERIOD_PATTERN:
            return Problem(file, line, column, field, "not a valid period", PERIOD_EXPECTED, describe(value))
        if pattern.startswith("^https?"):
            return Problem(file, line, column, field, "not a web address", "a URL starting with http:// or https://", describe(value))
        if pattern == LICENCE_ID_PATTERN:
            return Problem(file, line, column, field, "not a licence id", "an SPDX id such as CC-BY-4.0", describe(value))
        return Problem(file, line, column, field, "empty text", "some text", describe(value))
    if kind == "literal_error":
        return Problem(file, line, column, field, "not an allowed value", "one of " + err["ctx"]["expected"], describe(value))
    if kind == "value_error":
        return Problem(file, line, column, field, str(err["ctx"]["error"]))
    if kind == "too_short":
        return Problem(file, line, column, field, "empty list", EXPECTED["too_short"], "no items")
    if kind.startswith("date_"):
        return Problem(file, line, column, field, "not a valid date", EXPECTED["date_type"], describe(value))
    expected = EXPECTED.get(kind)
    if expected is None and kind.endswith("_type"):
        expected = kind.removesuffix("_type")
    return Problem(
        file, line, column, field, "wrong type" if kind.endswith("_type") else err["msg"].lower(), expected or "", describe(value)
    )


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _parse_file(paths: Paths, name: str, model: type[BaseModel], context: dict | None) -> tuple[Any, BaseModel | None, list[Problem]]:
    path = paths.data / name
    display = paths.display(path)
    raw, problems = load_yaml(path, display, paths.root)
    if raw is None:
        return None, None, problems or [Problem(display, 1, 1, "", "file is empty", "YAML mapping", "nothing")]
    try:
        return raw, model.model_validate(raw, context=context), problems
    except ValidationError as exc:
        # A value the reader rejected is not also a wrong type, nor a missing part of what holds it.
        reported = {p.line for p in problems}
        errors = [e for e in exc.errors() if not _holds_rejected(_node_at(raw, tuple(e["loc"])), reported)]
        found = [_problem_from_pydantic(display, raw, model, e, context) for e in errors]
        return raw, None, problems + [p for p in found if p.line not in reported]


def _node_at(root: Any, loc: tuple) -> Any:
    node = root
    for part in loc:
        if (isinstance(node, dict) and part in node) or (isinstance(node, list) and isinstance(part, int) and part < len(node)):
            node = node[part]
        else:
            break
    return node


def _holds_rejected(node: Any, reported: set[int]) -> bool:
    """Whether ``node`` holds a value the reader rejected (left empty, on a line it reported)."""
    if isinstance(node, PosDict):
        return any((v is None and node.key_pos[k].line in reported) or _holds_rejected(v, reported) for k, v in node.items())
    if isinstance(node, list):
        return any(_holds_rejected(v, reported) for v in node)
    return False


class _RefChecker:
    """Cross-file checks: unique ids and references that resolve."""

    def __init__(self, paths: Paths, raws: dict[str, Any]):
        self.paths, self.raws, self.problems = paths, raws, []

    def at(self, file: str, loc: tuple, message: str, expected: str = "", got: str = "") -> None:
        line, column = position_of(self.raws[file], loc)
        display = self.paths.display(self.paths.data / file)
        self.problems.append(Problem(display, line, column, field_path(loc), message, expected, got))

    def unique(self, file: str, items: Iterable[tuple[tuple, str]], what: str) -> None:
        seen: dict[str, tuple] = {}
        for loc, ident in items:
            if ident in seen:
                first_line, _ = position_of(self.raws[file], seen[ident])
                self.at(
                    file, loc, f"duplicate {what} id '{ident}' (first used on line {first_line})", f"a {what} id used once", repr(ident)
                )
            else:
                seen[ident] = loc

    def refs(self, file: str, items: Iterable[tuple[tuple, str]], known: dict, what: str, where: str) -> None:
        for loc, ident in items:
            if ident not in known:
                hint = _did_you_mean(ident, known)
                self.at(file, loc, f"unknown {what} id '{ident}'{hint}", f"a {what} id from {where}", repr(ident))


def _records(raw: Any, key: str) -> list[tuple[int, dict]]:
    """The mapping items of the list ``raw[key]``, with their indexes (raw YAML)."""
    items = raw.get(key) if isinstance(raw, dict) else None
    return [(i, r) for i, r in enumerate(items) if isinstance(r, dict)] if isinstance(items, list) else []


def _texts(value: Any) -> list[tuple[int, str]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def _ids(records: list[tuple[int, dict]]) -> dict[str, int]:
    return {r["id"]: i for i, r in records if isinstance(r.get("id"), str)}


def check_references(paths: Paths, raws: dict[str, Any]) -> list[Problem]:
    """Unique ids and resolving references across files.

    Works on the raw YAML, so it runs even when some records have other
    problems: every problem is reported in one run. A check that needs a file
    that could not be parsed at all is skipped.
    """
    c = _RefChecker(paths, raws)
    units_raw, projects_raw = raws.get("units.yaml"), raws.get("projects.yaml")
    indicators_raw, plan_raw = raws.get("indicators.yaml"), raws.get("plan.yaml")
    where_units = "data/units.yaml"

    kinds, units = _records(units_raw, "kinds"), _records(units_raw, "units")
    unit_ids = _ids(units) if units_raw is not None else None
    c.unique("units.yaml", ((("kinds", i, "id"), r["id"]) for i, r in kinds if isinstance(r.get("id"), str)), "unit kind")
    c.unique("units.yaml", ((("units", i, "id"), r["id"]) for i, r in units if isinstance(r.get("id"), str)), "unit")
    c.refs(
        "units.yaml",
        ((("units", i, "kind"), r["kind"]) for i, r in units if isinstance(r.get("kind"), str)),
        _ids(kinds),
        "unit kind",
        "kinds in data/units.yaml",
    )

    projects = _records(projects_raw, "projects")
    tasks = [(pi, ti, t) for pi, p in projects for ti, t in _records(p, "tasks")]
    c.unique("projects.yaml", ((("projects", i, "id"), p["id"]) for i, p in projects if isinstance(p.get("id"), str)), "project")
    c.unique(
        "projects.yaml", ((("projects", pi, "tasks", ti, "id"), t["id"]) for pi, ti, t in tasks if isinstance(t.get("id"), str)), "task"
    )
    for pi, ti, t in tasks:
        lead = [u for _, u in _texts(t.get("lead"))]
        for role in ("lead", "responsible"):
            listed = _texts(t.get(role))
            if unit_ids is not None:
                c.refs("projects.yaml", ((("projects", pi, "tasks", ti, role, k), u) for k, u in listed), unit_ids, "unit", where_units)
            for k, u in listed:
                loc = ("projects", pi, "tasks", ti, role, k)
                if u in [v for j, v in listed if j < k]:
                    c.at("projects.yaml", loc, f"unit '{u}' listed twice", "each unit once per task", repr(u))
                elif role == "responsible" and u in lead:
                    c.at("projects.yaml", loc, f"unit '{u}' is already a lead unit of this task", "each unit once per task", repr(u))

    task_ids = _ids([(0, t) for _, _, t in tasks]) if projects_raw is not None else None
    inds, proxies = _records(indicators_raw, "indicators"), _records(indicators_raw, "proxies")
    if task_ids is not None:
        related = ((("indicators", i, "related_tasks", k), t) for i, x in inds for k, t in _texts(x.get("related_tasks")))
        c.refs("indicators.yaml", related, task_ids, "task", "data/projects.yaml")
    ids = [(("indicators", i, "id"), x["id"]) for i, x in inds if isinstance(x.get("id"), str)]
    ids += [(("proxies", i, "id"), x["id"]) for i, x in proxies if isinstance(x.get("id"), str)]
    c.unique("indicators.yaml", ids, "indicator or proxy")
    proxy_refs = ((("proxies", i, "proxy_for"), x["proxy_for"]) for i, x in proxies if isinstance(x.get("proxy_for"), str))
    c.refs("indicators.yaml", proxy_refs, _ids(inds), "indicator", "indicators in data/indicators.yaml")
    qualitative = {x["id"] for _, x in inds if isinstance(x.get("id"), str) and _is_qualitative(x)}
    for i, x in inds:
        if _is_qualitative(x) and x.get("baseline_period") is not None:
            c.at(
                "indicators.yaml",
                ("indicators", i, "baseline_period"),
                "a qualitative target has no baseline",
                "no baseline_period",
                describe(x["baseline_period"]),
            )
    measures = _records(indicators_raw, "units")
    c.unique("indicators.yaml", ((("units", i, "id"), m["id"]) for i, m in measures if isinstance(m.get("id"), str)), "unit of measure")
    unit_refs = [(("indicators", i, "unit"), x["unit"]) for i, x in inds if isinstance(x.get("unit"), str)]
    unit_refs += [(("proxies", i, "unit"), x["unit"]) for i, x in proxies if isinstance(x.get("unit"), str)]
    c.refs("indicators.yaml", unit_refs, _ids(measures), "unit of measure", "units in data/indicators.yaml")
    _check_target_years(c, inds, plan_raw)

    safeguards = _records(plan_raw, "safeguards")
    c.unique("plan.yaml", ((("safeguards", i, "id"), r["id"]) for i, r in safeguards if isinstance(r.get("id"), str)), "safeguard")
    if unit_ids is not None:
        c.refs(
            "plan.yaml",
            ((("safeguards", i, "units", k), u) for i, r in safeguards for k, u in _texts(r.get("units"))),
            unit_ids,
            "unit",
            where_units,
        )
    period = plan_raw.get("period") if isinstance(plan_raw, dict) else None
    for key in ("start", "end"):
        year = period.get(key) if isinstance(period, dict) else None
        if isinstance(year, int) and not isinstance(year, bool) and not FIRST_YEAR <= year <= LAST_YEAR:
            c.at("plan.yaml", ("period", key), "year out of range", f"a year from {FIRST_YEAR} to {LAST_YEAR}", str(year))
    if (
        isinstance(period, dict)
        and isinstance(period.get("start"), int)
        and isinstance(period.get("end"), int)
        and period["end"] < period["start"]
    ):
        c.at("plan.yaml", ("period", "end"), "the period ends before it starts", f"a year from {period['start']} on", str(period["end"]))
    _check_services(c, raws.get(SERVICES_FILE), projects_raw, unit_ids, _plan_language(raws.get("site.yaml")))
    _check_reserved(c, [("units.yaml", ("units", i, "id"), r) for i, r in units])
    _check_reserved(c, [("projects.yaml", ("projects", i, "id"), p) for i, p in projects])
    _check_reserved(c, [("projects.yaml", ("projects", pi, "tasks", ti, "id"), t) for pi, ti, t in tasks])
    _check_reserved(c, [("indicators.yaml", ("indicators", i, "id"), x) for i, x in inds])

    series = (set(_ids(inds)) | set(_ids(proxies))) if indicators_raw is not None else None
    noted: set[str] | None = set()  # tasks with a sourced progress note so far; None once a release could not be read
    ranges = _unit_ranges(measures, [*inds, *proxies])
    for name in sorted(n for n in raws if n.startswith("snapshots/")):
        _check_release(c, name, raws[name], series, qualitative)
        _check_ranges(c, name, raws[name], ranges)
        _check_judgements(c, name, raws[name], series, qualitative)
        noted = _check_progress(c, name, raws[name], task_ids, noted)
    return c.problems


def _unit_ranges(measures: list[tuple[int, dict]], series: list[tuple[int, dict]]) -> dict[str, tuple[str, float | None, float | None]]:
    """For each indicator or proxy whose unit is bounded: the unit and its bounds."""
    bounds = {}
    for _, unit in measures:
        low, high = unit.get("minimum"), unit.get("maximum")
        low = low if _is_number(low) else None
        high = high if _is_number(high) else None
        if low is not None or high is not None:
            bounds[str(unit.get("id"))] = (low, high)
    return {
        x["id"]: (x["unit"], *bounds[x["unit"]])
        for _, x in series
        if isinstance(x.get("id"), str) and isinstance(x.get("unit"), str) and x["unit"] in bounds
    }


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_ranges(c: _RefChecker, name: str, raw: Any, ranges: dict[str, tuple[str, float | None, float | None]]) -> None:
    """A value outside the bounds of its unit (a negative count, a rank 0) is a typing slip."""
    for i, obs in _records(raw, "observations"):
        indicator, value = obs.get("indicator"), obs.get("value")
        bounded = ranges.get(indicator) if isinstance(indicator, str) else None
        if bounded is None or not _is_number(value):
            continue
        unit, low, high = bounded
        if low is not None and high is not None:
            expected = f"a value from {low:g} to {high:g}"
        else:
            expected = f"a value of at least {low:g}" if low is not None else f"a value of at most {high:g}"
        if (low is not None and value < low) or (high is not None and value > high):
            c.at(name, ("observations", i, "value"), f"out of range for its unit '{unit}'", expected, f"{value:g}")


def _is_qualitative(indicator: dict) -> bool:
    target = indicator.get("target")
    return isinstance(target, dict) and target.get("kind") == "qualitative"


def _check_release(c: _RefChecker, name: str, raw: Any, series: set[str] | None, qualitative: set) -> None:
    stem = name.removeprefix("snapshots/").removesuffix(".yaml")
    released = _release_date(raw)
    if released is not None and stem != released.isoformat():
        c.at(name, ("release", "date"), "the release date differs from the file name", f"{stem} (the file name)", released.isoformat())
    seen: dict[tuple[str, str], int] = {}
    for i, obs in _records(raw, "observations"):
        indicator = obs.get("indicator")
        period = str(obs["period"]) if isinstance(obs.get("period"), (int, str)) else None
        if isinstance(indicator, str) and series is not None and indicator not in series:
            hint = _did_you_mean(indicator, series)
            c.at(
                name,
                ("observations", i, "indicator"),
                f"unknown indicator id '{indicator}'{hint}",
                "an indicator or proxy id from data/indicators.yaml",
                repr(indicator),
            )
        elif isinstance(indicator, str) and indicator in qualitative and "value" in obs:
            c.at(
                name,
                ("observations", i, "value"),
                f"'{indicator}' is a qualitative target and takes no numeric value",
                "the rank or tier found, in 'text'",
                describe(obs["value"]),
            )
        elif isinstance(indicator, str) and series is not None and indicator in series and indicator not in qualitative and "text" in obs:
            c.at(
                name,
                ("observations", i, "text"),
                f"'{indicator}' has a numeric target and takes a 'value', not a 'text'",
                "a number in 'value'",
                "text",
            )
        if not (isinstance(indicator, str) and period and re.match(PERIOD_PATTERN, period)):
            continue
        key = (indicator, period)
        if key in seen:
            first_line, _ = position_of(raw, ("observations", seen[key]))
            c.at(
                name,
                ("observations", i, "period"),
                f"'{indicator}' already has a value for {period} in this release (line {first_line})",
                "one value per indicator and period",
                period,
            )
        seen.setdefault(key, i)
        if released is not None and period_end(period) > released:
            c.at(
                name,
                ("observations", i, "period"),
                f"the period ends after the release date {released.isoformat()}",
                "a period that ended by the release date",
                period,
            )


def _check_reserved(c: _RefChecker, records: list[tuple[str, tuple, dict]]) -> None:
    """An id names a page in its section, so it cannot be the section's own page."""
    for file, loc, record in records:
        if isinstance(record.get("id"), str) and record["id"] in RESERVED_IDS:
            reserved = ", ".join(sorted(RESERVED_IDS))
            c.at(
                file,
                loc,
                f"the id '{record['id']}' is reserved for the section's own page",
                f"an id other than {reserved}",
                repr(record["id"]),
            )


def _check_judgements(c: _RefChecker, name: str, raw: Any, series: set[str] | None, qualitative: set) -> None:
    """An editors' judgement is given for a qualitative target only."""
    for i, j in _records(raw, "judgements"):
        indicator = j.get("indicator")
        if isinstance(indicator, str) and series is not None and indicator not in qualitative:
            hint = _did_you_mean(indicator, qualitative - {None})
            c.at(
                name,
                ("judgements", i, "indicator"),
                f"'{indicator}' is not a qualitative target{hint}",
                "the id of an indicator whose target kind is 'qualitative'",
                repr(indicator),
            )


def _check_target_years(c: _RefChecker, inds: list[tuple[int, dict]], plan_raw: Any) -> None:
    """A target year lies within the plan's period."""
    period = plan_raw.get("period") if isinstance(plan_raw, dict) else None
    start = period.get("start") if isinstance(period, dict) else None
    if not isinstance(start, int):
        return
    for i, x in inds:
        target = x.get("target")
        year = target.get("year") if isinstance(target, dict) else None
        if isinstance(year, int) and not isinstance(year, bool) and year < start:
            loc = ("indicators", i, "target", "year")
            c.at("indicators.yaml", loc, "the target year is before the plan starts", f"a year from {start} on", str(year))


def _check_progress(c: _RefChecker, name: str, raw: Any, task_ids: dict[str, int] | None, noted: set[str] | None) -> set[str] | None:
    """Task ids resolve; dates are not after the release; a status other than
    'no public information' rests on a sourced note in this release or an earlier one.

    ``noted`` carries the tasks with a sourced note from release to release
    (oldest first); it is None once a release could not be read, and then the
    notes behind a status are not checked. Returns it updated.
    """
    if raw is None:
        return None
    progress = raw.get("progress") if isinstance(raw, dict) else None
    if not isinstance(progress, dict):
        return noted
    released = _release_date(raw)
    notes, statuses = _records(progress, "notes"), _records(progress, "statuses")
    if task_ids is not None:
        for key, items in (("notes", notes), ("statuses", statuses)):
            refs = ((("progress", key, i, "task"), r["task"]) for i, r in items if isinstance(r.get("task"), str))
            c.refs(name, refs, task_ids, "task", "data/projects.yaml")
    if released is not None:
        _check_progress_dates(c, name, progress, released)
    if noted is not None:
        noted = noted | {n["task"] for _, n in notes if isinstance(n.get("task"), str) and isinstance(n.get("source"), dict)}
    _check_statuses(c, name, raw, statuses, task_ids, noted)
    return noted


def _check_progress_dates(c: _RefChecker, name: str, progress: dict, released: dt.date) -> None:
    """No note, source or review is dated after its release."""
    dated = []
    for key in ("notes", "context"):
        for i, note in _records(progress, key):
            dated += [
                (("progress", key, i), note, "date", "the note"),
                (("progress", key, i, "source"), note.get("source"), "date", "the source"),
            ]
    dated += [(("progress", "statuses", i), s, "reviewed", "the review") for i, s in _records(progress, "statuses")]
    for loc, record, key, what in dated:
        day = _as_date(record.get(key)) if isinstance(record, dict) else None
        if day is not None and day > released:
            message = f"{what} is dated after the release date {released.isoformat()}"
            c.at(name, (*loc, key), message, "a date on or before the release date", day.isoformat())


def _check_statuses(
    c: _RefChecker, name: str, raw: Any, statuses: list[tuple[int, dict]], task_ids: dict[str, int] | None, noted: set[str] | None
) -> None:
    """One status per task in a release; a status other than 'no public
    information' needs a sourced note (``noted``; not checked when None)."""
    seen: dict[str, int] = {}
    for i, entry in statuses:
        task, status = entry.get("task"), entry.get("status")
        if not isinstance(task, str):
            continue
        if task in seen:
            first_line, _ = position_of(raw, ("progress", "statuses", seen[task]))
            message = f"task '{task}' already has a status in this release (line {first_line})"
            c.at(name, ("progress", "statuses", i, "task"), message, "one status per task and release", repr(task))
        seen.setdefault(task, i)
        known = task_ids is None or task in task_ids
        if noted is None or not known or status not in TASK_STATUSES or status == NO_PUBLIC_INFORMATION or task in noted:
            continue
        c.at(
            name,
            ("progress", "statuses", i, "status"),
            f"task '{task}' is marked '{status}' but has no sourced progress note in this release or an earlier one",
            f"a note on task '{task}' with its source, or status '{NO_PUBLIC_INFORMATION}'",
            repr(status),
        )


PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()\-]+")
PHONE_EXPECTED = "a phone number: 7 to 15 digits, optionally with a leading + and spaces, hyphens or brackets"


def _plan_language(site_raw: Any) -> str:
    """The first declared language: the plan's own, in which quotes are checked."""
    languages = _records(site_raw, "languages")
    code = languages[0][1].get("code") if languages else None
    return code if isinstance(code, str) else ""


def _check_services(c: _RefChecker, raw: Any, projects_raw: Any, unit_ids: dict[str, int] | None, plan_lang: str) -> None:
    """Needs, service bodies and offers refer to what exists; every need is
    served; every offer is grounded in the plan or a source; every contact
    detail is well formed and has its source and the date it was checked."""
    f = SERVICES_FILE
    groups, needs, bodies = _records(raw, "groups"), _records(raw, "needs"), _records(raw, "bodies")
    offers = [(bi, oi, o) for bi, b in bodies for oi, o in _records(b, "offers")]
    c.unique(f, ((("groups", i, "id"), g["id"]) for i, g in groups if isinstance(g.get("id"), str)), "need group")
    c.unique(f, ((("needs", i, "id"), n["id"]) for i, n in needs if isinstance(n.get("id"), str)), "need")
    body_units = [(("bodies", i, "unit"), b["unit"]) for i, b in bodies if isinstance(b.get("unit"), str)]
    c.unique(f, body_units, "service body")
    c.unique(f, ((("bodies", bi, "offers", oi, "id"), o["id"]) for bi, oi, o in offers if isinstance(o.get("id"), str)), "offer")
    group_refs = ((("needs", i, "group"), n["group"]) for i, n in needs if isinstance(n.get("group"), str))
    c.refs(f, group_refs, _ids(groups), "need group", "groups in data/services.yaml")
    if unit_ids is not None:
        c.refs(f, body_units, unit_ids, "unit", "data/units.yaml")
    need_refs = ((("bodies", bi, "offers", oi, "needs", k), n) for bi, oi, o in offers for k, n in _texts(o.get("needs")))
    c.refs(f, need_refs, _ids(needs), "need", "needs in data/services.yaml")
    served = {n for _, _, o in offers for _, n in _texts(o.get("needs"))}
    for i, n in needs:
        if isinstance(n.get("id"), str) and n["id"] not in served:
            c.at(f, ("needs", i, "id"), f"need '{n['id']}' is served by no offer", "an offer that lists it in 'needs'", "none")
    tasks = [t for _, p in _records(projects_raw, "projects") for _, t in _records(p, "tasks") if isinstance(t.get("id"), str)]
    task_text = {t["id"]: _width_folded(_in(t.get("title"), plan_lang) + "\n" + _in(t.get("description"), plan_lang)) for t in tasks}
    for bi, oi, o in offers:
        _check_offer(c, ("bodies", bi, "offers", oi), o, task_text if projects_raw is not None else None, plan_lang)
    _check_contacts(c, raw, bodies, _ids(needs))


def _check_contacts(c: _RefChecker, raw: Any, bodies: list[tuple[int, dict]], need_ids: dict[str, int]) -> None:
    """Sources, channels, identities and contact details: each sourced, dated and rated."""
    f = SERVICES_FILE
    sources, channels = _records(raw, "sources"), _records(raw, "channels")
    c.unique(f, ((("sources", i, "id"), r["id"]) for i, r in sources if isinstance(r.get("id"), str)), "source")
    c.unique(f, ((("channels", i, "id"), r["id"]) for i, r in channels if isinstance(r.get("id"), str)), "channel")
    known = {r["id"]: r for _, r in sources if isinstance(r.get("id"), str)}
    channel_ids = _ids(channels)
    for i, ch in channels:
        _check_sourced(c, ("channels", i), f"channel '{ch.get('id')}'", ch, known)
        for key in ("needs", "not_for_needs"):
            c.refs(f, ((("channels", i, key, k), n) for k, n in _texts(ch.get(key))), need_ids, "need", "needs in data/services.yaml")
        if isinstance(ch.get("merged_into"), str):
            c.refs(f, [(("channels", i, "merged_into"), ch["merged_into"])], channel_ids, "channel", "channels in data/services.yaml")
            if ch.get("needs") or ch.get("general"):
                expected = "no 'needs' and no 'general'"
                c.at(f, ("channels", i, "merged_into"), "a merged channel is history only", expected, "a channel to use")
    asked = raw.get("ask_about_contacts") if isinstance(raw, dict) else None
    c.refs(f, ((("ask_about_contacts", k), n) for k, n in _texts(asked)), channel_ids, "channel", "channels in data/services.yaml")
    for i, words in _records(raw, "finder"):
        c.refs(f, ((("finder", i, "needs", k), n) for k, n in _texts(words.get("needs"))), need_ids, "need", "needs in data/services.yaml")
    for bi, b in bodies:
        for k, identity in _records(b, "identity"):
            _check_sourced(c, ("bodies", bi, "identity", k), "identity", identity, known)
        contact = b.get("contact") if isinstance(b.get("contact"), dict) else {}
        for name in CONTACT_FIELDS:
            for k, detail in _records(contact, name):
                _check_sourced(c, ("bodies", bi, "contact", name, k), f"contact detail '{name}'", detail, known)
                _check_phone(c, ("bodies", bi, "contact", name, k, "value"), name, detail.get("value"))


def _check_sourced(c: _RefChecker, loc: tuple, what: str, record: dict, sources: dict[str, dict]) -> None:
    """A detail, channel or identity names a known source, the day it was checked and a confidence;
    one that is shown links to its source."""
    f = SERVICES_FILE
    source = record.get("source")
    if source is None:
        c.at(f, loc, f"{what} has no source", "a source id from sources in data/services.yaml, in 'source'", "nothing")
    if record.get("checked") is None:
        c.at(f, loc, f"{what} has no date checked", "a date as YYYY-MM-DD, in 'checked'", "nothing")
    if record.get("confidence") is None:
        c.at(f, loc, f"{what} has no confidence", "high, medium or low, in 'confidence'", "nothing")
    cited = [((*loc, "source"), source)] if isinstance(source, str) else []
    cited += [((*loc, "also", k), s) for k, s in _texts(record.get("also"))]
    c.refs(f, cited, sources, "source", "sources in data/services.yaml")
    found = sources.get(source) if isinstance(source, str) else None
    if found is not None and found.get("url") is None and record.get("confidence") in SHOWN_CONFIDENCES:
        expected = "a source with a 'url', or confidence: low"
        c.at(f, (*loc, "source"), f"{what} is shown but its source has no web address", expected, repr(source))


def _check_phone(c: _RefChecker, loc: tuple, name: str, value: Any) -> None:
    if name == "phone" and isinstance(value, str):
        digits = sum(ch.isdigit() for ch in value)
        if not PHONE_CHARACTERS.fullmatch(value.strip()) or not 7 <= digits <= 15:
            c.at(SERVICES_FILE, loc, "not a phone number", PHONE_EXPECTED, describe(value))


def _in(text: Any, lang: str) -> str:
    return text[lang] if isinstance(text, dict) and isinstance(text.get(lang), str) else ""


def _width_folded(text: str) -> str:
    """``text`` with full-width forms (，：（） ...) written as their half-width twins, so
    that a quote matches whichever width of punctuation the plan's text is written in."""
    return unicodedata.normalize("NFKC", text)


def _check_offer(c: _RefChecker, loc: tuple, offer: dict, task_text: dict[str, str] | None, plan_lang: str) -> None:
    cited = [t for _, t in _texts(offer.get("tasks"))]
    if task_text is not None:
        c.refs(SERVICES_FILE, (((*loc, "tasks", k), t) for k, t in enumerate(cited)), task_text, "task", "data/projects.yaml")
    if not offer.get("quotes") and not offer.get("sources"):
        c.at(SERVICES_FILE, loc, "an offer needs a quote from the plan or a source", "'quotes' or 'sources'", "neither")
    if task_text is None:
        return
    quotes = offer.get("quotes") if isinstance(offer.get("quotes"), list) else []
    for k, quote in enumerate(quotes):
        words = _in(quote, plan_lang)
        if words and not any(_width_folded(words) in task_text.get(t, "") for t in cited):
            where = ", ".join(cited) or "none"
            c.at(
                SERVICES_FILE,
                (*loc, "quotes", k, plan_lang),
                "the quote is not in the plan's text of the tasks the offer cites",
                f"words found verbatim in task {where}",
                describe(words),
            )


def _release_date(raw: Any) -> dt.date | None:
    """A release file's ``release.date`` (raw YAML), or None if it is not a valid date."""
    release = raw.get("release") if isinstance(raw, dict) else None
    return _as_date(release.get("date")) if isinstance(release, dict) else None


def _as_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _label_texts(raw: Any) -> dict[str, dict[str, str]] | None:
    strings = raw.get("strings") if isinstance(raw, dict) else None
    if not isinstance(strings, dict):
        return None
    return {str(k): {lang: t for lang, t in v.items() if isinstance(t, str)} for k, v in strings.items() if isinstance(v, dict)}


def build_date() -> dt.date:
    """Today, or the day PLANSITE_TODAY names (YYYY-MM-DD): a site built as of another day."""
    named = os.environ.get("PLANSITE_TODAY", "")
    return _as_date(named) or dt.date.today()


def load_dataset(paths: Paths, today: dt.date | None = None) -> Dataset:
    """Read and check all data files; raise :class:`DataError` with every problem.

    ``today``: the build date (default: the system's), which says whether the plan has ended."""
    # Reading makes many small objects and no cycles: the cycle collector would
    # only scan them again and again (a third of the time). Inputs are bounded
    # (file size, nesting, alias expansion), so memory is too.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load_dataset(paths, today)
    finally:
        if collecting:
            gc.enable()


def _load_dataset(paths: Paths, today: dt.date | None) -> Dataset:
    problems: list[Problem] = []
    raws: dict[str, Any] = {}
    data: dict[str, BaseModel] = {}
    releases: dict[str, ReleaseFile] = {}
    _, problems = list_data_folder(paths.data, paths.display(paths.data), lambda n: n in FILE_MODELS or n == "snapshots")
    releases_dir = paths.data / "snapshots"
    release_files, found = list_data_folder(releases_dir, paths.display(releases_dir), lambda n: n.endswith(".yaml"))
    problems += found
    snapshot_names = [f"snapshots/{n}" for n in release_files]
    context: dict = {}
    # A plan without services for enterprises; a link that leads nowhere is still read (and reported).
    optional = () if os.path.lexists(paths.data / SERVICES_FILE) else (SERVICES_FILE,)
    for name in (*DATA_FILES, SERVICES_FILE, *snapshot_names):
        if name in optional:
            data[name] = ServicesFile()
            continue
        raw, model, found = _parse_file(paths, name, FILE_MODELS.get(name, ReleaseFile), context)
        problems += found
        if isinstance(model, SiteFile):
            context["languages"] = tuple(lang.code for lang in model.languages)
        raws[name] = raw
        if model is None:
            continue
        if name in FILE_MODELS:
            data[name] = model
        else:
            releases[name] = model
    problems += check_references(paths, raws)
    problems += check_labels(paths.display(paths.data / "ui.yaml"), raws.get("ui.yaml"), _label_texts(raws.get("ui.yaml")))
    if problems:
        raise DataError(problems)
    return Dataset(
        today=today or build_date(),
        site=data["site.yaml"],
        plan=data["plan.yaml"],
        projects=data["projects.yaml"],
        units=data["units.yaml"],
        indicators=data["indicators.yaml"],
        ui=data["ui.yaml"],
        services=data[SERVICES_FILE],
        releases=tuple(
            sorted(
                (
                    Release(
                        n.removeprefix("snapshots/").removesuffix(".yaml"),
                        r.release.date,
                        r.release.title,
                        r.observations,
                        r.progress,
                        r.judgements,
                    )
                    for n, r in releases.items()
                ),
                key=lambda r: r.date,
            )
        ),
    )
