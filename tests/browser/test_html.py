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


#: A page with one error the checker must report (``autocomplete`` on a checkbox).
CANARY = '<!doctype html><html lang="en"><title>t</title><p><input type="checkbox" autocomplete="off"></p></html>'


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


@pytest.fixture(scope="module")
def nu_errors(site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The checker's errors, by file: every HTML file of the site, and the canary (one run)."""
    canary = tmp_path_factory.mktemp("nu") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100, f"only {len(pages)} HTML files in the built site"
    errors: dict[str, list[str]] = {}
    for message in nu_check([*pages, canary]):
        if message["type"] in ("error", "non-document-error"):
            path = Path(message["url"].removeprefix("file:"))
            name = "canary" if path == canary else path.relative_to(site).as_posix()
            errors.setdefault(name, []).append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return errors


def test_the_nu_html_checker_finds_no_error_in_any_generated_page(nu_errors: dict[str, list[str]]) -> None:
    assert {name: found for name, found in nu_errors.items() if name != "canary"} == {}


def test_the_nu_html_checker_does_report_the_error_in_a_page_it_is_given(nu_errors: dict[str, list[str]]) -> None:
    assert [e[:48] for e in nu_errors.get("canary", [])] == ["line 1: Attribute “autocomplete” is only allowed"]
