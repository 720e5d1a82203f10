"""Labels are checked without rendering: missing and unknown labels, unknown
placeholders, and ids that would take a section's own page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from builder.config import Paths
from builder.errors import DataError
from builder.labels import FACTS, LABELS
from builder.render import render_site
from builder.speak import PageContext
from builder.validate import load_dataset

from .helpers import copy_fixture_plan, line_of


def problems(root: Path) -> list[str]:
    with pytest.raises(DataError) as error:
        load_dataset(Paths.at(root))
    return [str(p) for p in error.value.problems]


def edit_file(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    return copy_fixture_plan("lakeside", tmp_path / "project")


ALLOWED = ", ".join("{" + f + "}" for f in FACTS)
LABEL_CASES = {
    "unknown placeholder": (
        "  home: {zh: 首页, en: Home}",
        '  home: {zh: "首页{x}", en: Home}',
        f"strings.home.zh: unknown placeholder {{x}} in this label (expected one of {ALLOWED}, got {{x}})",
    ),
    "a format in a placeholder": (
        "  home: {zh: 首页, en: Home}",
        "  home: {zh: 首页, en: 'Home {n:>900000000}'}",
        "strings.home.en: a placeholder is a plain name (expected one of "
        + ", ".join("{" + f + "}" for f in FACTS)
        + ", got {n:>900000000})",
    ),
    "a line break": (
        "  home: {zh: 首页, en: Home}",
        '  home: {zh: 首页, en: "Ho\\nme"}',
        "strings.home.en: a line break in the text (expected one paragraph "
        "(a long text can be folded with '>', without blank lines), got a line break after 'Ho')",
    ),
    "an unknown label": (
        "  home: {zh: 首页, en: Home}",
        "  home: {zh: 首页, en: Home}\n  hmoe: {zh: 首页, en: Home}",
        "strings.hmoe: unknown label: the site does not use it (expected a label listed in builder/labels.py, got 'hmoe')",
    ),
}


@pytest.mark.parametrize(("old", "new", "message"), LABEL_CASES.values(), ids=LABEL_CASES.keys())
def test_a_bad_label_is_reported_at_its_line(plan: Path, old: str, new: str, message: str) -> None:
    text = edit_file(plan / "data" / "ui.yaml", old, new)
    line = line_of(text, new.splitlines()[-1].strip())
    assert problems(plan) == [f"data/ui.yaml:{line}: {message}"]


def test_a_missing_label_is_reported(plan: Path) -> None:
    text = edit_file(plan / "data" / "ui.yaml", "  home: {zh: 首页, en: Home}\n", "")
    line = line_of(text, "strings:")
    assert problems(plan) == [
        f"data/ui.yaml:{line}: strings.home: missing label used by the site (expected {{zh: ..., en: ...}}, got nothing)"
    ]


@pytest.mark.parametrize(
    ("file", "old"), [("projects.yaml", "id: data-sharing"), ("units.yaml", "id: data-office"), ("indicators.yaml", "id: tier")]
)
def test_an_id_that_would_take_a_sections_own_page_is_reserved(plan: Path, file: str, old: str) -> None:
    text = edit_file(plan / "data" / file, old, "id: index")
    found = problems(plan)
    if file == "indicators.yaml":  # a unit of measure: no page, but still an id
        assert all("reserved" not in p for p in found)
        return
    assert any(p.startswith(f"data/{file}:{line_of(text, 'id: index')}:") and "the id 'index' is reserved" in p for p in found), found


def test_every_label_the_pages_use_is_registered_with_its_placeholders(lakeside, real_dataset) -> None:
    used: dict[str, set[str]] = {}
    original_t, original_tf = PageContext.t, PageContext.tf

    def t(self, key):
        used.setdefault(key, set())
        return original_t(self, key)

    def tf(self, key, **values):
        used.setdefault(key, set()).update(values)
        return original_tf(self, key, **values)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(PageContext, "t", t)
        mp.setattr(PageContext, "tf", tf)
        for dataset in (lakeside, real_dataset):
            render_site(dataset)
    assert {
        key: sorted(values - set(LABELS.get(key, ()))) for key, values in used.items() if key not in LABELS or values - set(LABELS[key])
    } == {}


def test_check_reads_no_chart_library(tmp_path: Path) -> None:
    root = copy_fixture_plan("lakeside", tmp_path / "project")
    code = (
        "import sys; from click.testing import CliRunner; from builder.cli import main;"
        f"r = CliRunner().invoke(main, ['check', '--root', {str(root)!r}]);"
        "print(r.exit_code, 'altair' in sys.modules, 'mkdocs' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.split() == ["0", "False", "False"]
