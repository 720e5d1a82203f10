"""Random mutations of valid data, and random hostile YAML, end in a clean
list of problems or good data, never a traceback."""

from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.config import Paths
from builder.errors import DataError, Problem
from builder.load import load_yaml
from builder.render import render_site
from builder.validate import load_dataset

from .conftest import HOSTILE
from .helpers import REPO_ROOT

FILES = ["plan.yaml", "projects.yaml", "units.yaml", "indicators.yaml", "ui.yaml", "snapshots/2024-04-26.yaml"]

odd_text = st.sampled_from(
    [
        "",
        " ",
        "\u200b",
        "，。：；（）",  # full-width punctuation
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        '=HYPERLINK("http://x")',
        "a" * 5000,
        "😀🀄",
        "\u202eevil",
        "line\nbreak",
        "- list",
        "1. item",
        "# heading",
        "{zh: x}",
        "null",
    ]
)
odd_value = st.one_of(
    odd_text,
    st.text(max_size=30),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _paths_in(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a node inside a loaded YAML document."""
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths_in(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths_in(value, (*prefix, index))
    return out


def _mutate(doc: Any, path: tuple, action: str, value: Any) -> Any:
    if not path:
        return value if action == "replace" else doc
    parent = doc
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "replace":
        parent[last] = value
    elif action == "delete":
        del parent[last]
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(last, parent[last])
    return doc


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, str]:
    """A data file name and its mutated text."""
    name = draw(st.sampled_from(FILES))
    text = (REPO_ROOT / "data" / name).read_text(encoding="utf-8")
    kind = draw(st.sampled_from(["structure", "structure", "bytes", "encoding"]))
    if kind == "structure":
        doc = yaml.safe_load(text)
        path = draw(st.sampled_from(_paths_in(doc)))
        action = draw(st.sampled_from(["replace", "delete", "duplicate"]))
        doc = _mutate(doc, path, action, draw(odd_value))
        return name, yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000)
    if kind == "bytes":
        at = draw(st.integers(min_value=0, max_value=len(text)))
        cut = draw(st.integers(min_value=0, max_value=20))
        return name, text[:at] + draw(st.text(max_size=10)) + text[at + cut :]
    variant = draw(st.sampled_from(["bom", "crlf", "tabs"]))
    if variant == "bom":
        return name, "\ufeff" + text
    if variant == "crlf":
        return name, text.replace("\n", "\r\n")
    return name, text.replace("  ", "\t", 1)


#: The same inputs on every run (derandomize), so that a run passes or fails for
#: the code, not for the draw; a new bug is found by widening the strategies.
FUZZ = {"deadline": None, "derandomize": True}


@pytest.mark.hostile
@settings(max_examples=30, **FUZZ, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(change=mutation())
def test_mutated_data_gives_problems_or_a_good_render(tmp_path_factory, change: tuple[str, str]) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(REPO_ROOT / "data", root / "data")
    name, text = change
    (root / "data" / name).write_text(text, encoding="utf-8")
    try:
        ds = load_dataset(Paths.at(root))
    except DataError as exc:
        assert exc.problems, "a DataError always carries problems"
        for problem in exc.problems:
            assert isinstance(problem, Problem)
            assert problem.file.startswith("data/")
            assert str(problem)
        return
    rendered = render_site(ds)
    assert "index.md" in rendered.files and "index.en.md" in rendered.files


# --- YAML itself: hostile scalars, tags, aliases and keys --------------------------------------

SCALARS = [
    *("0100", "1:30", "1:30.5", "1_000", "0b101", "yes", "Off", "ON", "n", ".nan", "-.inf", "1.0e+309", "-1e400"),
    *("0x1F", "0o17", "12", "1.5", "true", "~", "null", "text", '"quoted"', "'0100'", "!!str 0100", '"\\x00"'),
    *("2023-01-01", "9999-12-31", "0000-01-01", "'2150-06-01'", "2023-01-01T10:00:00Z"),
    *("!!set {a, b}", "!!python/name:os.system", "!!python/object/apply:os.system [id]", "!foo x", "!!binary aGk=", "!!omap [a: 1]"),
    *("&a [1, 2]", "*a", "[*a, *a, *a]", "&b {x: 1}", "{<<: *b, y: 2}", "&c [*c]"),
]
KEYS = ["a", "1", "yes", "~", "'quoted'", "[x]", "{k: v}", "*a", "&k key", "2023-01-01", "!!set {z}"]

yaml_value = st.recursive(
    st.sampled_from(SCALARS),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(st.sampled_from(KEYS), inner), max_size=4).map(
            lambda pairs: "{" + ", ".join(f"? {k} : {v}" for k, v in pairs) + "}"
        ),
    ),
    max_leaves=12,
)


def _plain(node: Any) -> bool:
    """Only text, whole numbers, finite numbers, true/false, nothing, lists and text-keyed mappings."""
    if isinstance(node, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in node.items())
    if isinstance(node, list):
        return all(_plain(item) for item in node)
    if isinstance(node, float):
        return math.isfinite(node)
    return node is None or isinstance(node, (str, int, bool))


@pytest.mark.hostile
@settings(max_examples=300, **FUZZ, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=yaml_value, depth=st.integers(min_value=0, max_value=60))
def test_any_yaml_gives_plain_data_or_problems_never_an_exception(tmp_path: Path, value: str, depth: int) -> None:
    HOSTILE["fuzzed"] += 1
    path = tmp_path / "data.yaml"
    path.write_text(f"anchors: [&a 1, &b {{x: 1}}]\nvalue: {'[' * depth}{value}{']' * depth}\n", encoding="utf-8")
    data, problems = load_yaml(path, "data.yaml", tmp_path)
    for problem in problems:
        assert problem.file == "data.yaml" and str(problem)
    if not problems:
        assert data is not None and _plain(data)
