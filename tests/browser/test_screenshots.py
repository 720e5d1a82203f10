"""Full-page screenshots of the main kinds of page, in both languages, for
docs/img/ (README shows the home pages: docs/img/home-zh.png, home-en.png)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ..helpers import LANGUAGES, REPO_ROOT
from .conftest import SitePage, Tab

pytestmark = pytest.mark.browser

IMAGES = REPO_ROOT / "docs" / "img"
#: name -> the page shown: the first that exists of the given paths.
SHOTS = {
    "home": [""],
    "indicator": ["indicators/pledge-financing/"],
    "task": ["tasks/4-2/", "tasks/1-1/"],
    "enterprise": ["services/"],
}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def camera(open_tab: Callable[..., Tab]) -> Tab:
    return open_tab(viewport={"width": 1280, "height": 800})


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", SHOTS)
def test_a_full_page_screenshot_is_written_to_docs_img(camera: Tab, site_pages: list[SitePage], name: str, lang: str) -> None:
    page = next((SitePage(lang, path) for path in SHOTS[name] if SitePage(lang, path) in site_pages), None)
    if page is None:
        pytest.skip(f"the site has no {name} page yet (looked for {', '.join(SHOTS[name])})")
    visit = camera.visit(page.url)
    assert (visit.status, visit.unsettled, visit.console_errors) == (200, [], [])
    target: Path = IMAGES / f"{name}-{lang}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    camera.page.screenshot(path=str(target), full_page=True, animations="disabled")
    height = camera.page.evaluate("document.documentElement.scrollHeight")
    assert target.read_bytes().startswith(PNG_SIGNATURE) and height > 800
