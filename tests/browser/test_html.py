"""Valid HTML: the Nu HTML Checker (npm vnu-jar, run with Java) on every generated page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ..helpers import REPO_ROOT
from .conftest import unavailable

pytestmark = pytest.mark.browser

#: Installed by `make vnu` (part of `make test`); PLANSITE_VNU_JAR overrides it.
VNU_JAR = Path(os.environ.get("PLANSITE_VNU_JAR", REPO_ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))


def nu_check(files: list[Path]) -> list[dict]:
    """The Nu HTML Checker's messages (errors only) on ``files``."""
    java = shutil.which("java")
    if java is None:
        unavailable("java not found (the Nu HTML Checker runs on Java: apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        unavailable(f"the Nu HTML Checker is not installed at {VNU_JAR} (run `make vnu`)")
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    return json.loads(result.stderr)["messages"]  # vnu writes its report to stderr; exit 1 means errors


def test_the_nu_html_checker_finds_no_error_in_any_generated_page(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100, f"only {len(pages)} HTML files in the built site"
    errors = [
        f"{Path(m['url'].removeprefix('file:')).relative_to(site)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in nu_check(pages)
        if m["type"] in ("error", "non-document-error")
    ]
    assert errors == []


def test_the_nu_html_checker_does_report_an_error_it_is_given(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text('<!doctype html><html lang="en"><title>t</title><p><input type="checkbox" autocomplete="off"></p></html>')
    assert [m["message"][:38] for m in nu_check([page])] == ["Attribute “autocomplete” is only allow"]
