"""The browser suite: the built site as a visitor meets it, in Debian's Chromium.

The site is built once per session (``built_project`` from tests/conftest.py,
a temporary copy of the project), served from ``site/`` by a threaded
http.server on 127.0.0.1 at a free port, and visited by one browser. Pages are
discovered from the built site, so a new page is covered without changing a
test. Outside CI a missing browser or checker skips these tests with the
reason; in CI (``CI=true``) it fails them.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

import pytest

#: Debian's Chromium (apt-get install chromium; PLANSITE_CHROMIUM overrides it), started
#: as make bench starts it: one set of flags for every run of the browser.
from builder.bench import CHROMIUM, CHROMIUM_ARGS

from ..helpers import DEFAULT_LANGUAGE, LANGUAGES

DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 740}

#: Every chart has settled: its static SVG has loaded, or the interactive
#: chart that replaces it (loaded only on interaction) has rendered or failed.
CHARTS_SETTLED = """() => [...document.querySelectorAll('.plansite-chart')].every(f => {
    const state = f.getAttribute('data-rendered');
    const img = f.querySelector('img.plansite-chart__fallback');
    return state !== 'pending' && (state !== null || (!!img && img.complete));
})"""

#: The address of the chart library, which only a reader's gesture on a chart loads.
CHART_LIBRARY = "/assets/javascripts/vega-"

#: A reader's tap on every chart: what brings in the interactive charts.
REACH_FOR_CHARTS = """() => document.querySelectorAll('.plansite-chart').forEach(f =>
    f.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true, pointerType: 'touch'})))"""

#: Every chart's interactive version has rendered (or failed, leaving its static SVG).
CHARTS_INTERACTIVE = """() => [...document.querySelectorAll('.plansite-chart')]
    .every(f => ['true', 'failed'].includes(f.getAttribute('data-rendered')))"""


def reach_for_charts(page: Any, timeout: float = 30.0) -> None:
    """Tap every chart on ``page`` and wait until each has turned interactive (or failed)."""
    page.evaluate(REACH_FOR_CHARTS)
    page.wait_for_function(CHARTS_INTERACTIVE, timeout=timeout * 1000)


#: What a visit reads from the page once it has settled.
PAGE_FACTS = """() => ({
  lang: document.documentElement.getAttribute('lang'),
  h1: (document.querySelector('article h1') || {textContent: ''}).textContent.replace('¶', '').trim(),
  alternates: Object.fromEntries([...document.querySelectorAll('a.md-select__link[hreflang]')]
    .map(a => [a.getAttribute('hreflang'), a.href])),
  charts: [...document.querySelectorAll('.plansite-chart')].map(f => {
    const view = f.querySelector('.plansite-chart__view');
    const fallback = f.querySelector('img.plansite-chart__fallback');
    return {
      id: f.id,
      rendered: f.getAttribute('data-rendered'),
      marks: view ? view.querySelectorAll('svg g.role-mark > *, canvas').length : 0,
      role: view ? view.getAttribute('role') : null,
      label: view ? (view.getAttribute('aria-label') || '').trim() : '',
      alt: fallback ? (fallback.getAttribute('alt') || '').trim() : '',
      staticLoaded: !!fallback && fallback.complete && fallback.naturalWidth > 0,
      staticWidth: fallback ? fallback.getBoundingClientRect().width : 0,
      width: f.getBoundingClientRect().width,
    };
  }),
  tablesWithoutHeaders: [...document.querySelectorAll('article table')]
    .filter(t => !t.querySelector('thead th, tr:first-child th')).length,
})"""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> NoReturn:
    """Fail in CI, skip elsewhere: CI never passes without running these tests."""
    if in_ci():
        pytest.fail(f"{reason}; CI must run the browser suite (`make test` installs what it needs)", pytrace=False)
    pytest.skip(reason)


# --- the site's pages ------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class SitePage:
    """A page of the built site: its language and its path below that language's root."""

    lang: str
    path: str  # '' for the home page, 'tasks/1-1/' for a task

    @property
    def url(self) -> str:
        """The page's URL path on the server: '/tasks/1-1/', '/en/tasks/1-1/'."""
        return "/" + ("" if self.lang == DEFAULT_LANGUAGE else f"{self.lang}/") + self.path

    @property
    def kind(self) -> str:
        """The page's type: 'home', 'tasks' (the index), 'tasks/*' (one task)."""
        parts = self.path.strip("/").split("/") if self.path else []
        return "home" if not parts else parts[0] if len(parts) == 1 else parts[0] + "/*"

    def twin(self, lang: str) -> SitePage:
        return SitePage(lang, self.path)

    def file(self, site: Path) -> Path:
        """The page's index.html in the built site."""
        return site / self.url.lstrip("/") / "index.html"


def discover_pages(site: Path) -> list[SitePage]:
    """Every page of the built site (an index.html), by language."""
    others = set(LANGUAGES) - {DEFAULT_LANGUAGE}
    pages = []
    for index in site.rglob("index.html"):
        parts = index.parent.relative_to(site).parts
        lang = parts[0] if parts and parts[0] in others else DEFAULT_LANGUAGE
        rest = parts[1:] if lang != DEFAULT_LANGUAGE else parts
        pages.append(SitePage(lang, "".join(f"{p}/" for p in rest)))
    return sorted(pages)


def one_of_each_kind(pages: list[SitePage], lang: str, site: Path) -> list[SitePage]:
    """One page of each type in one language: the one with the most markup
    (charts, tables, lists), which has the most for a checker to check."""
    chosen: dict[str, tuple[int, SitePage]] = {}
    for page in pages:
        if page.lang == lang:
            size = page.file(site).stat().st_size
            if page.kind not in chosen or size > chosen[page.kind][0]:
                chosen[page.kind] = (size, page)
    return [page for _, page in chosen.values()]


def pages_with_charts(site: Path, pages: list[SitePage], lang: str) -> list[SitePage]:
    return [p for p in pages if p.lang == lang and 'class="plansite-chart' in p.file(site).read_text(encoding="utf-8")]


@pytest.fixture(scope="session")
def site(built_project: Path) -> Path:
    return built_project / "site"


@pytest.fixture(scope="session")
def site_pages(site: Path) -> list[SitePage]:
    return discover_pages(site)


# --- the server ------------------------------------------------------------------------


def error_page_for(site: Path, url_path: str) -> Path:
    """The 404 page for a missing URL: the one of the language root it is under."""
    first = unquote(urlsplit(url_path).path).lstrip("/").split("/", 1)[0]
    own = site / first / "404.html"
    return own if first and first in LANGUAGES and own.is_file() else site / "404.html"


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves site/ as a static host would, with each language's 404 page."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = error_page_for(Path(self.directory), self.path)
        if code != HTTPStatus.NOT_FOUND or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # quiet: failures are asserted, not logged
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """The site served on 127.0.0.1 at a free port; yields its origin."""
    with serving(site) as origin:
        yield origin


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 at a free port while in the block; yields its origin."""
    handler = functools.partial(SiteHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# --- the browser -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole session."""
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set PLANSITE_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


#: axe-core rules to run on a page: ``ALL_RULES``, or some rule ids.
ALL_RULES: tuple[str, ...] = ()
SERIOUS = ("serious", "critical")


@functools.cache
def axe() -> Any:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        unavailable("axe-playwright-python is not installed (pip install -e '.[test]')")
    return Axe()


def serious_violations(page: Any, rules: tuple[str, ...] = ALL_RULES) -> list[str]:
    """axe-core's serious and critical violations on ``page``, one line each."""
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": list(rules)}
    violations = axe().run(page, options=options).response["violations"]
    return [
        f"{v['id']} ({v['impact']}) on {', '.join(' '.join(n['target']) for n in v['nodes'][:3])}"
        for v in violations
        if v["impact"] in SERIOUS
    ]


@dataclass
class Visit:
    """What one page load showed and requested (and axe found, if it was audited)."""

    url: str
    status: int | None
    lang: str | None = None
    h1: str = ""
    alternates: dict[str, str] = field(default_factory=dict)
    charts: list[dict[str, Any]] = field(default_factory=list)
    tables_without_headers: int = 0
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    unsettled: list[str] = field(default_factory=list)
    axe: list[str] | None = None


class Tab:
    """A browser tab on the local server that records, visit by visit, every
    request, failed request, console error and uncaught exception."""

    def __init__(self, browser: Any, origin: str, **context_options: Any) -> None:
        self.origin = origin
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.in_flight = 0
        self._url, self._status = "", None
        self.context.on("request", self._on_request)
        self.context.on("response", self._on_response)
        self.context.on("requestfinished", self._on_done)
        self.context.on("requestfailed", self._on_failed)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)

    def _on_request(self, request: Any) -> None:
        self.requests.append(request.url)
        self.in_flight += 1

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.url} (HTTP {response.status})")

    def _on_done(self, request: Any) -> None:
        self.in_flight -= 1

    def _on_failed(self, request: Any) -> None:
        self.in_flight -= 1
        self.failed.append(f"{request.url} ({request.failure})")

    def _on_console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _on_page_error(self, error: Any) -> None:
        self.errors.append(f"uncaught: {error}")

    def foreign(self, urls: list[str]) -> list[str]:
        """The requests to any host but the local server (data: and blob: stay in the page)."""
        return [u for u in urls if not (u.startswith(self.origin + "/") or u.split(":", 1)[0] in {"data", "blob"})]

    def settle(self, timeout: float = 10.0) -> list[str]:
        """Wait until the charts have rendered and no request is in flight; return what did not settle."""
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        unsettled = []
        try:
            self.page.wait_for_function(CHARTS_SETTLED, timeout=timeout * 1000)
        except PlaywrightTimeout:
            unsettled.append("charts did not finish rendering")
        deadline, quiet = time.monotonic() + timeout, 0
        while quiet < 2 and time.monotonic() < deadline:
            self.page.wait_for_timeout(40)
            quiet = quiet + 1 if self.in_flight <= 0 else 0
        if quiet < 2:
            unsettled.append(f"{self.in_flight} request(s) still in flight")
        return unsettled

    def start(self, url_path: str) -> None:
        """Begin loading ``url_path``; returns as soon as the server has answered."""
        self.requests.clear()
        self.failed.clear()
        self.errors.clear()
        self.in_flight = 0
        response = self.page.goto(self.origin + url_path, wait_until="commit")
        self._url, self._status = url_path, response.status if response else None

    def finish(self, audit: tuple[str, ...] | None = None) -> Visit:
        """Let the page started last load and settle; what it showed (and axe found, given rules to ``audit``)."""
        self.page.wait_for_load_state("load")
        unsettled = self.settle()
        facts = self.page.evaluate(PAGE_FACTS)
        return Visit(
            url=self._url,
            status=self._status,
            lang=facts["lang"],
            h1=facts["h1"],
            alternates=facts["alternates"],
            charts=facts["charts"],
            tables_without_headers=facts["tablesWithoutHeaders"],
            console_errors=list(self.errors),
            failed_requests=list(self.failed),
            foreign_requests=self.foreign(self.requests),
            requests=list(self.requests),
            unsettled=unsettled,
            axe=None if audit is None else serious_violations(self.page, audit),
        )

    def visit(self, url_path: str, audit: tuple[str, ...] | None = None) -> Visit:
        self.start(url_path)
        return self.finish(audit)

    def close(self) -> None:
        self.context.close()


def visit_all(tabs: list[Tab], urls: list[str], audit: Callable[[str], tuple[str, ...] | None] = lambda url: None) -> dict[str, Visit]:
    """Visit every URL, one tab per page at a time, the tabs loading side by side."""
    pending, running, done = list(urls), [], {}
    for tab in tabs[: len(pending)]:
        url = pending.pop(0)
        tab.start(url)
        running.append((tab, url))
    while running:
        tab, url = running.pop(0)
        done[url] = tab.finish(audit(url))
        if pending:
            following = pending.pop(0)
            tab.start(following)
            running.append((tab, following))
    return {url: done[url] for url in urls}


@pytest.fixture(scope="session")
def open_tab(browser: Any, server: str) -> Iterator[Callable[..., Tab]]:
    """Opens a tab in a new browser context (viewport, colour scheme...); all are closed at the end."""
    tabs: list[Tab] = []

    def open_(**context_options: Any) -> Tab:
        tab = Tab(browser, server, **{"viewport": DESKTOP, **context_options})
        tabs.append(tab)
        return tab

    yield open_
    for tab in tabs:
        tab.close()


@pytest.fixture(scope="session")
def tab(open_tab: Callable[..., Tab]) -> Tab:
    """The session's desktop tab, reused by the tests that need no other settings."""
    return open_tab()


#: How many pages load side by side in a tour.
TOUR_TABS = 3


@pytest.fixture(scope="session")
def tour(open_tab: Callable[..., Tab], site: Path, site_pages: list[SitePage]) -> Callable[[str], dict[SitePage, Visit]]:
    """Every page of a language, visited once per session (on first use); the
    first page of each kind is audited with axe-core on the way."""
    tabs = [open_tab() for _ in range(TOUR_TABS)]
    done: dict[str, dict[SitePage, Visit]] = {}

    def visits(lang: str) -> dict[SitePage, Visit]:
        if lang not in done:
            pages = [p for p in site_pages if p.lang == lang]
            audited = {p.url for p in one_of_each_kind(site_pages, lang, site)}
            found = visit_all(tabs, [p.url for p in pages], audit=lambda url: ALL_RULES if url in audited else None)
            done[lang] = {p: found[p.url] for p in pages}
        return done[lang]

    return visits
