"""From raw YAML to a validated :class:`Dataset`, collecting every problem.

Nothing stops at the first problem: each file is read and checked, then the
references between files are checked, and all problems are raised together
in one :class:`DataError`.
"""

from __future__ import annotations

import difflib
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


def check_references(paths: Paths, raws: dict[str, Any], data: dict[str, BaseModel], releases: dict[str, ReleaseFile]) -> list[Problem]:
    plan: PlanFile = data["plan.yaml"]
    projects: ProjectsFile = data["projects.yaml"]
    units: UnitsFile = data["units.yaml"]
    indicators: IndicatorsFile = data["indicators.yaml"]
    c = _RefChecker(paths, raws)

    kinds = {k.id: k for k in units.kinds}
    unit_ids = {u.id: u for u in units.units}
    c.unique("units.yaml", ((("kinds", i, "id"), k.id) for i, k in enumerate(units.kinds)), "unit kind")
    c.unique("units.yaml", ((("units", i, "id"), u.id) for i, u in enumerate(units.units)), "unit")
    c.refs(
        "units.yaml", ((("units", i, "kind"), u.kind) for i, u in enumerate(units.units)), kinds, "unit kind", "kinds in data/units.yaml"
    )

    tasks = [(pi, ti, t) for pi, p in enumerate(projects.projects) for ti, t in enumerate(p.tasks)]
    c.unique("projects.yaml", ((("projects", i, "id"), p.id) for i, p in enumerate(projects.projects)), "project")
    c.unique("projects.yaml", ((("projects", pi, "tasks", ti, "id"), t.id) for pi, ti, t in tasks), "task")
    where_units = "data/units.yaml"
    for role in ("lead", "responsible"):
        refs = ((("projects", pi, "tasks", ti, role, k), u) for pi, ti, t in tasks for k, u in enumerate(getattr(t, role)))
        c.refs("projects.yaml", refs, unit_ids, "unit", where_units)
    for pi, ti, t in tasks:
        for k, u in enumerate(t.responsible):
            if u in t.lead:
                c.at(
                    "projects.yaml",
                    ("projects", pi, "tasks", ti, "responsible", k),
                    f"unit '{u}' is already a lead unit of this task",
                    "each unit once per task",
                    repr(u),
                )
        for role in ("lead", "responsible"):
            ids = getattr(t, role)
            for k, u in enumerate(ids):
                if u in ids[:k]:
                    c.at(
                        "projects.yaml",
                        ("projects", pi, "tasks", ti, role, k),
                        f"unit '{u}' listed twice",
                        "each unit once per task",
                        repr(u),
                    )

    task_ids = {t.id: t for _, _, t in tasks}
    inds = indicators.indicators
    c.refs(
        "indicators.yaml",
        ((("indicators", i, "related_tasks", k), t) for i, x in enumerate(inds) for k, t in enumerate(x.related_tasks)),
        task_ids,
        "task",
        "data/projects.yaml",
    )

    proxies = indicators.proxies
    series = {x.id: x for x in inds} | {x.id: x for x in proxies}
    c.unique(
        "indicators.yaml",
        [(("indicators", i, "id"), x.id) for i, x in enumerate(inds)] + [(("proxies", i, "id"), x.id) for i, x in enumerate(proxies)],
        "indicator or proxy",
    )
    c.refs(
        "indicators.yaml",
        ((("proxies", i, "proxy_for"), x.proxy_for) for i, x in enumerate(proxies)),
        {x.id: x for x in inds},
        "indicator",
        "indicators in data/indicators.yaml",
    )
    for i, x in enumerate(inds):
        if x.qualitative and x.baseline_period:
            c.at(
                "indicators.yaml",
                ("indicators", i, "baseline_period"),
                "a ranking target has no baseline",
                "no baseline_period",
                repr(x.baseline_period),
            )

    c.unique("plan.yaml", ((("safeguards", i, "id"), s.id) for i, s in enumerate(plan.safeguards)), "safeguard")
    c.refs(
        "plan.yaml",
        ((("safeguards", i, "units", k), u) for i, s in enumerate(plan.safeguards) for k, u in enumerate(s.units)),
        unit_ids,
        "unit",
        where_units,
    )
    if plan.period.end < plan.period.start:
        c.at(
            "plan.yaml", ("period", "end"), "the period ends before it starts", f"a year from {plan.period.start} on", str(plan.period.end)
        )
    for name, release in releases.items():
        _check_release(c, name, release, series, {x.id for x in inds if x.qualitative})
    return c.problems


def _check_release(c: _RefChecker, name: str, release: ReleaseFile, series: dict, qualitative: set[str]) -> None:
    stem = name.removeprefix("snapshots/").removesuffix(".yaml")
    released = release.release.date
    if stem != released.isoformat():
        c.at(name, ("release", "date"), "the release date differs from the file name", f"{stem} (the file name)", released.isoformat())
    seen: dict[tuple[str, str], int] = {}
    for i, obs in enumerate(release.observations):
        if obs.indicator not in series:
            hint = _did_you_mean(obs.indicator, series)
            c.at(
                name,
                ("observations", i, "indicator"),
                f"unknown indicator id '{obs.indicator}'{hint}",
                "an indicator or proxy id from data/indicators.yaml",
                repr(obs.indicator),
            )
        elif obs.indicator in qualitative:
            c.at(
                name,
                ("observations", i, "value"),
                f"'{obs.indicator}' is a ranking target and takes no numeric value",
                "no observation",
                str(obs.value),
            )
        key = (obs.indicator, obs.period)
        if key in seen:
            first_line, _ = position_of(c.raws[name], ("observations", seen[key]))
            c.at(
                name,
                ("observations", i, "period"),
                f"'{obs.indicator}' already has a value for {obs.period} in this release (line {first_line})",
                "one value per indicator and period",
                obs.period,
            )
        seen.setdefault(key, i)
        if period_end(obs.period) > released:
            c.at(
                name,
                ("observations", i, "period"),
                f"the period ends after the release date {released.isoformat()}",
                "a period that ended by the release date",
                obs.period,
            )


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
    if len(data) == len(DATA_FILES):
        problems += check_references(paths, raws, data, releases)
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
