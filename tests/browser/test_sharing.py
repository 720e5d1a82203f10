"""On a site with an address (data/site.yaml url), pages carry absolute
language-alternate links: loading one requests nothing that fails and nothing
from the address it will be published at, and its language switch still leads
to the same page in the other language."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from ..helpers import copy_fixture_plan
from .conftest import Tab, serving
from .test_language_switch import switch_language

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def addressed(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[str]:
    """The fixture plan (which has an address) built and served; yields the server's origin."""
    root = copy_fixture_plan("lakeside", tmp_path_factory.mktemp("addressed") / "project")
    command = [sys.executable, "-c", "from builder.cli import main; main()", "build", "--root", str(root)]
    env = {**os.environ, "PLANSITE_TODAY": "2026-06-01"}
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    with serving(root / "site") as origin:
        yield origin


def test_a_page_with_language_alternates_requests_nothing_that_fails(browser: Any, addressed: str) -> None:
    tab = Tab(browser, addressed)
    try:
        visit = tab.visit("/indicators/complaint-rate/")
        alternates = tab.page.evaluate("[...document.querySelectorAll('head link[hreflang]')].map(l => l.hreflang)")
        there = switch_language(tab, "en")
        tab.settle()
        assert (alternates, visit.status) == (["zh-CN", "en", "x-default"], 200)
        assert (visit.failed_requests, visit.foreign_requests, visit.console_errors) == ([], [], [])
        assert there == ("/en/indicators/complaint-rate/", "en")
        assert (tab.failed, tab.foreign(tab.requests), [u for u in tab.requests if "sitemap" in u]) == ([], [], [])
    finally:
        tab.close()
