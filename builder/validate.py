"""From raw YAML to a validated :class:`Dataset`, collecting every problem.

Nothing stops at the first problem: each file is read and checked, then the
references between files are checked, and all problems are raised together
in one :class:`DataError`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from .config import DATA_FILES, Paths
from .errors import DataError, Problem
from .load import load_yaml, position_of
from .model import (
    ID_EXPECTED,
    PERIOD_EXPECTED,
    PERIOD_PATTERN,
    Dataset,
    IndicatorsFile,
    PlanFile,
    ProjectsFile,
    Release,
    ReleaseFile,
    UiFile,
    UnitsFile,
    period_end,
)

FILE_MODELS: dict[str, type[BaseModel]] = {
    "plan.yaml": PlanFile,
    "projects.yaml": ProjectsFile,
    "units.yaml": UnitsFile,
    "indicators.yaml": IndicatorsFile,
    "ui.yaml": UiFile,
}
assert tuple(FILE_MODELS) == DATA_FILES

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


def _problem_from_pydantic(file: str, raw: Any, model: type[BaseModel], err: dict) -> Problem:
    loc = tuple(err["loc"])
    kind, value = err["type"], err.get("input")
    line, column = position_of(raw, loc)
    field = field_path(loc)
    if kind == "missing":
        if loc and loc[-1] in ("zh", "en"):
            return Problem(file, line, column, field, "missing translation", f"text in '{loc[-1]}'", "nothing")
        return Problem(file, line, column, field, "missing required field", "a value", "nothing")
    if kind == "extra_forbidden":
        known = _known_fields(model, loc[:-1])
        hint = _did_you_mean(str(loc[-1]), known)
        if known == ["zh", "en"] and value is None:
            hint = "; a comma inside {zh: ..., en: ...} starts a new field: put text with commas in quotes"
        return Problem(file, line, column, field, f"unknown field{hint}", "one of: " + ", ".join(known), repr(loc[-1]))
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if pattern.startswith("^[a-z0-9]"):
            return Problem(file, line, column, field, "not a valid id", ID_EXPECTED, describe(value))
        if pattern == PERIOD_PATTERN:
            return Problem(file, line, column, field, "not a valid period", PERIOD_EXPECTED, describe(value))
        if pattern.startswith("^https?"):
            return Problem(file, line, column, field, "not a web address", "a URL starting with http:// or https://", describe(value))
        return Problem(file, line, column, field, "empty text", "some text", describe(value))
    if kind == "literal_error":
        return Problem(file, line, column, field, "not an allowed value", "one of " + err["ctx"]["expected"], describe(value))
    if kind == "value_error":
        return Problem(file, line, column, field, str(err["ctx"]["error"]))
    expected = EXPECTED.get(kind)
    if expected is None and kind.endswith("_type"):
        expected = kind.removesuffix("_type")
    return Problem(
        file, line, column, field, "wrong type" if kind.endswith("_type") else err["msg"].lower(), expected or "", describe(value)
    )


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _parse_file(paths: Paths, name: str, model: type[BaseModel]) -> tuple[Any, BaseModel | None, list[Problem]]:
    path = paths.data / name
    display = paths.display(path)
    raw, problems = load_yaml(path, display)
    if raw is None:
        return None, None, problems or [Problem(display, 1, 1, "", "file is empty", "YAML mapping", "nothing")]
    try:
        return raw, model.model_validate(raw), problems
    except ValidationError as exc:
        problems += [_problem_from_pydantic(display, raw, model, e) for e in exc.errors()]
        return raw, None, problems


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
    qualitative = {x.get("id") for _, x in inds if isinstance(x.get("target"), dict) and x["target"].get("comparator") == "rank"}
    for i, x in inds:
        if x.get("id") in qualitative and x.get("baseline_period") is not None:
            c.at(
                "indicators.yaml",
                ("indicators", i, "baseline_period"),
                "a ranking target has no baseline",
                "no baseline_period",
                describe(x["baseline_period"]),
            )

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
    if (
        isinstance(period, dict)
        and isinstance(period.get("start"), int)
        and isinstance(period.get("end"), int)
        and period["end"] < period["start"]
    ):
        c.at("plan.yaml", ("period", "end"), "the period ends before it starts", f"a year from {period['start']} on", str(period["end"]))

    series = (set(_ids(inds)) | set(_ids(proxies))) if indicators_raw is not None else None
    for name in sorted(n for n in raws if n.startswith("snapshots/")):
        _check_release(c, name, raws[name], series, qualitative)
    return c.problems


def _check_release(c: _RefChecker, name: str, raw: Any, series: set[str] | None, qualitative: set) -> None:
    stem = name.removeprefix("snapshots/").removesuffix(".yaml")
    release = raw.get("release") if isinstance(raw, dict) else None
    released = _as_date(release.get("date")) if isinstance(release, dict) else None
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
        elif indicator in qualitative and "value" in obs:
            c.at(
                name,
                ("observations", i, "value"),
                f"'{indicator}' is a ranking target and takes no numeric value",
                "no observation",
                describe(obs["value"]),
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


def _as_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def load_dataset(paths: Paths) -> Dataset:
    """Read and check all data files; raise :class:`DataError` with every problem."""
    problems: list[Problem] = []
    raws: dict[str, Any] = {}
    data: dict[str, BaseModel] = {}
    releases: dict[str, ReleaseFile] = {}
    snapshot_names = [f"snapshots/{p.name}" for p in sorted((paths.data / "snapshots").glob("*.yaml"))]
    for name in (*DATA_FILES, *snapshot_names):
        raw, model, found = _parse_file(paths, name, FILE_MODELS.get(name, ReleaseFile))
        problems += found
        raws[name] = raw
        if model is None:
            continue
        if name in FILE_MODELS:
            data[name] = model
        else:
            releases[name] = model
    problems += check_references(paths, raws)
    if problems:
        raise DataError(problems)
    return Dataset(
        plan=data["plan.yaml"],
        projects=data["projects.yaml"],
        units=data["units.yaml"],
        indicators=data["indicators.yaml"],
        ui=data["ui.yaml"],
        releases=tuple(
            sorted(
                (
                    Release(n.removeprefix("snapshots/").removesuffix(".yaml"), r.release.date, r.release.title, r.observations)
                    for n, r in releases.items()
                ),
                key=lambda r: r.date,
            )
        ),
    )
