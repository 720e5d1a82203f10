"""Hostile text in the data is shown as text and never runs, in every place it lands."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import copy_project, edit

pytestmark = pytest.mark.hostile

SCRIPT = '<script>alert("x")</script>'
LINK = "[click](javascript:alert(1))"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE = f"{SCRIPT} {LINK} {IMG} **bold** | pipe"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    # A task title, a unit name, an observation's publisher and a note.
    title = '"Continue to advance the reform of the systems and mechanisms for comprehensive IP administration"'
    edit(root, "projects.yaml", title, json.dumps(HOSTILE))
    edit(root, "units.yaml", "en: Wuhan Municipal Justice Bureau}", f"en: {json.dumps(HOSTILE)}}}")
    edit(
        root,
        "snapshots/2026-11-24.yaml",
        "      publisher: {zh: 国家知识产权局, en: China National",
        f"      publisher: {{zh: {json.dumps(HOSTILE)}, en: China National",
    )
    edit(
        root,
        "snapshots/2023-04-20.yaml",
        "      en: A quarterly value; it is not used to assess annual progress.",
        '      en: "=HYPERLINK(\\"http://evil\\")"',
    )
    result = subprocess.run(
        [sys.executable, "-c", "from builder.cli import main; main()", "build", "--root", str(root)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return root


def _pages(root: Path) -> dict[str, str]:
    return {p.relative_to(root / "site").as_posix(): p.read_text(encoding="utf-8") for p in (root / "site").rglob("*.html")}


def test_no_hostile_tag_or_link_survives_in_any_page(hostile_site: Path) -> None:
    pages = _pages(hostile_site)
    for name, html in pages.items():
        assert 'alert("x")</script>' not in html, name
        assert "<img src=x onerror" not in html, name
        assert 'href="javascript:' not in html, name


def test_hostile_text_is_shown_as_text_where_it_is_used(hostile_site: Path) -> None:
    pages = _pages(hostile_site)
    task = pages["en/tasks/1-1/index.html"]
    assert "&lt;script&gt;alert(" in task
    assert "[click](javascript:alert(1))" in task
    unit = pages["en/units/justice/index.html"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in unit


def test_hostile_text_inside_chart_json_cannot_close_the_script(hostile_site: Path) -> None:
    page = _pages(hostile_site)["indicators/madrid-applications/index.html"]
    specs = re.findall(r'<script type="application/json" class="plansite-chart__spec">(.*?)</script>', page, re.S)
    assert specs
    for spec in specs:
        assert "<" not in spec
        json.loads(spec)
    assert any(SCRIPT in text for spec in specs for text in _strings(json.loads(spec)))


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        node = list(node.values())
    return [s for item in node for s in _strings(item)] if isinstance(node, list) else []


def test_csv_cells_never_start_a_spreadsheet_formula(hostile_site: Path) -> None:
    data = (hostile_site / "site" / "downloads" / "observations.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(data)))
    notes = [r["note_en"] for r in rows if "HYPERLINK" in r["note_en"]]
    assert notes == ['\'=HYPERLINK("http://evil")']
    for row in rows:
        for key, value in row.items():
            if key != "value":
                assert not value.startswith(("=", "+", "-", "@")), (key, value)


def test_ids_that_could_escape_the_output_folder_are_rejected(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    edit(root, "units.yaml", "  - id: justice\n", "  - id: ../../etc\n")
    result = subprocess.run(
        [sys.executable, "-c", "from builder.cli import main; main()", "check", "--root", str(root)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "units[4].id: not a valid id" in result.stderr
