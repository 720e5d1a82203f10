"""Services for enterprises: needs -> bodies -> offers -> contact, the need finder and the responsibility matrix."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from builder.config import Paths
from builder.errors import DataError
from builder.model import Dataset
from builder.render import render_pages
from builder.validate import load_dataset

from .helpers import REPO_ROOT, edit, line_of

#: The service bodies the issue names, as unit ids of data/units.yaml.
NAMED_BODIES = {
    "protection-center",
    "rapid-rights-center",
    "ip-exchange",
    "patent-examination-hubei",
    "arbitration-office",
    "copyright-exchange",
    "optics-valley-ip-center",
    "ip-services-association",
    "ip-research-society",
}
#: The needs the issue lists, by id.
NEEDS = {
    "pledge-financing",
    "ip-insurance",
    "securitization",
    "operation-fund",
    "administrative-ruling",
    "mediation",
    "arbitration",
    "rapid-rights-protection",
    "court-litigation",
    "fast-pre-examination",
    "overseas-filing",
    "overseas-disputes",
    "copyright",
    "transfer-licensing",
    "patent-navigation",
    "trade-secrets",
    "geographical-indications",
    "training-talent",
}
FACTS = REPO_ROOT.parent / "shared" / "reference" / "wuhan-ip-facts.md"
SUFFIX = {"zh": ".md", "en": ".en.md"}
NOT_CONFIRMED = {"zh": "尚未确认", "en": "Not yet confirmed"}
WHERE_TO_CHECK = {
    "zh": "未确认的联系方式,请查阅该单位的官方网站,或向武汉市市场监督管理局咨询。",
    "en": "For a detail not yet confirmed, check the body's official website "
    "or ask the Wuhan Municipal Administration for Market Regulation (WAMR).",
}

# The first body in data/services.yaml; contact details are added to it in the validation tests.
FIRST_BODY = "  - unit: protection-center\n"


def problems_in(root: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(Paths.at(root))
    return [str(p) for p in caught.value.problems]


def add_contact(root: Path, *lines: str) -> str:
    """Give the first service body a contact block with ``lines``; return the new services.yaml."""
    block = "".join(f"      {line}\n" for line in lines)
    return edit(root, "services.yaml", FIRST_BODY, f"{FIRST_BODY}    contact:\n{block}")


def detail_line(text: str, key: str) -> int:
    """The line of a contact detail added by :func:`add_contact` (not the example in the file's header)."""
    match = re.search(rf"^      {key}: ", text, re.MULTILINE)
    assert match is not None, key
    return text.count("\n", 0, match.start()) + 1


# --- the data -------------------------------------------------------------------


def test_every_need_the_issue_lists_is_in_the_data(real_dataset: Dataset) -> None:
    assert {n.id for n in real_dataset.services.needs} >= NEEDS


def test_every_service_body_the_issue_names_has_an_entry(real_dataset: Dataset) -> None:
    assert {b.unit for b in real_dataset.services.bodies} >= NAMED_BODIES


def test_every_need_is_answered_by_at_least_one_body(real_dataset: Dataset) -> None:
    assert [n.id for n in real_dataset.services.needs if not real_dataset.services.bodies_for(n.id)] == []


def test_every_offer_is_grounded_in_a_quote_or_a_source(real_dataset: Dataset) -> None:
    ungrounded = [o.id for b in real_dataset.services.bodies for o in b.offers if not o.quotes and not o.sources]
    assert ungrounded == []


def test_every_source_of_an_offer_is_one_the_facts_file_cites(real_dataset: Dataset) -> None:
    if not FACTS.is_file():
        pytest.skip(f"the facts file is not available at {FACTS}")
    facts = FACTS.read_text(encoding="utf-8")
    urls = {s.url for b in real_dataset.services.bodies for o in b.offers for s in o.sources}
    assert urls, "some offers should cite a source"
    assert sorted(u for u in urls if u not in facts) == []


def test_no_contact_detail_is_given_while_none_is_confirmed(real_dataset: Dataset) -> None:
    # ../shared/reference/wuhan-ip-facts.md: no address, phone or website was found for any body.
    assert [b.unit for b in real_dataset.services.bodies if b.contact.confirmed] == []


# --- validation: contacts -------------------------------------------------------------


def test_a_phone_that_does_not_look_like_a_phone_is_an_error(project: Path) -> None:
    text = add_contact(project, 'phone: {value: "call the front desk", source: "https://example.org/contact", checked: 2026-11-30}')
    line = detail_line(text, "phone")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.phone.value: not a phone number "
        "(expected a phone number: 7 to 15 digits, optionally with a leading + and spaces, hyphens or brackets, "
        "got 'call the front desk')"
    ]


@pytest.mark.parametrize("phone", ["12-34", "+86 27 1234 5678 9012 3456", "027-8888x8888"])
def test_a_phone_with_too_few_or_too_many_digits_or_letters_is_an_error(project: Path, phone: str) -> None:
    add_contact(project, f'phone: {{value: "{phone}", source: "https://example.org/contact", checked: 2026-11-30}}')
    assert [p.split(": ", 2)[2] for p in problems_in(project)] == [
        "not a phone number (expected a phone number: 7 to 15 digits, optionally with a leading + and spaces, hyphens or brackets, "
        f"got '{phone}')"
    ]


def test_a_website_that_is_not_http_or_https_is_an_error(project: Path) -> None:
    text = add_contact(project, 'website: {value: "www.example.org", source: "https://example.org/contact", checked: 2026-11-30}')
    line = detail_line(text, "website")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.website.value: not a web address "
        "(expected a URL starting with http:// or https://, got 'www.example.org')"
    ]


def test_a_contact_detail_without_a_source_is_an_error(project: Path) -> None:
    text = add_contact(project, "address: {value: {zh: 示例地址, en: Example address}, checked: 2026-11-30}")
    line = detail_line(text, "address")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.address: contact detail 'address' has no source "
        "(expected the URL of the page that published it, in 'source', got nothing)"
    ]


def test_a_contact_source_that_is_not_a_web_address_is_an_error(project: Path) -> None:
    text = add_contact(project, 'phone: {value: "000-0000-0000", source: "their website", checked: 2026-11-30}')
    line = detail_line(text, "phone")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.phone.source: not a web address "
        "(expected a URL starting with http:// or https://, got 'their website')"
    ]


def test_a_contact_detail_without_the_date_it_was_checked_is_an_error(project: Path) -> None:
    text = add_contact(project, "hours: {value: {zh: 示例时间, en: Example hours}, source: 'https://example.org/contact'}")
    line = detail_line(text, "hours")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.hours: contact detail 'hours' has no date checked "
        "(expected a date as YYYY-MM-DD, in 'checked', got nothing)"
    ]


def test_a_contact_given_as_plain_text_is_an_error(project: Path) -> None:
    text = add_contact(project, 'phone: "000-0000-0000"')
    line = detail_line(text, "phone")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.phone: wrong type (expected a mapping of fields, got '000-0000-0000')"
    ]


def test_every_contact_problem_is_reported_in_one_run(project: Path) -> None:
    add_contact(
        project,
        'phone: {value: "call us", checked: 2026-11-30}',
        'website: {value: "ftp://example.org", source: "https://example.org/contact", checked: 2026-11-30}',
    )
    assert [p.split(": ", 1)[1] for p in problems_in(project)] == [
        "bodies[0].contact.phone: contact detail 'phone' has no source "
        "(expected the URL of the page that published it, in 'source', got nothing)",
        "bodies[0].contact.phone.value: not a phone number "
        "(expected a phone number: 7 to 15 digits, optionally with a leading + and spaces, hyphens or brackets, got 'call us')",
        "bodies[0].contact.website.value: not a web address (expected a URL starting with http:// or https://, got 'ftp://example.org')",
    ]


def test_a_confirmed_contact_is_shown_with_its_source_and_date(project: Path) -> None:
    add_contact(
        project,
        'phone: {value: "000-0000-0000", source: "https://example.org/contact", checked: 2026-11-30}',
        'website: {value: "https://example.org/", source: "https://example.org/about", checked: 2026-11-29}',
    )
    pages = render_pages(load_dataset(Paths.at(project)))
    page = pages["services/protection-center.en.md"]
    assert "| Phone | 000-0000-0000 | [https://example.org/contact](https://example.org/contact) | 2026-11-30 |\n" in page
    assert (
        "| Website | [https://example.org/](https://example.org/) | [https://example.org/about](https://example.org/about) | 2026-11-29 |\n"
        in page
    )
    assert "| Address | Not yet confirmed | – | – |\n" in page
    assert WHERE_TO_CHECK["en"] in page


# --- validation: needs, bodies and offers ------------------------------------------------


def test_an_unknown_need_in_an_offer_is_reported_with_a_suggestion(project: Path) -> None:
    text = edit(project, "services.yaml", "needs: [fast-pre-examination]", "needs: [fast-pre-exam]")
    line = line_of(text, "needs: [fast-pre-exam]")
    assert problems_in(project) == [
        f"data/services.yaml:{line_of(text, '  - id: fast-pre-examination')}: needs[11].id: "
        "need 'fast-pre-examination' is served by no offer "
        "(expected an offer that lists it in 'needs', got none)",
        f"data/services.yaml:{line}: bodies[0].offers[0].needs[0]: unknown need id 'fast-pre-exam'; did you mean 'fast-pre-examination'? "
        "(expected a need id from needs in data/services.yaml, got 'fast-pre-exam')",
    ]


def test_a_body_that_is_not_a_unit_is_an_error(project: Path) -> None:
    text = edit(project, "services.yaml", "  - unit: rapid-rights-center\n", "  - unit: rapid-rights-centre\n")
    line = line_of(text, "unit: rapid-rights-centre")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[1].unit: unknown unit id 'rapid-rights-centre'; did you mean 'rapid-rights-center'? "
        "(expected a unit id from data/units.yaml, got 'rapid-rights-centre')"
    ]


def test_a_body_listed_twice_is_an_error(project: Path) -> None:
    text = edit(project, "services.yaml", "  - unit: rapid-rights-center\n", "  - unit: protection-center\n")
    line = line_of(text, "  - unit: protection-center\n    offers:\n      - id: rapid-rights-center-enforcement")
    first = line_of(text, "  - unit: protection-center")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[1].unit: duplicate service body id 'protection-center' (first used on line {first}) "
        "(expected a service body id used once, got 'protection-center')"
    ]


def test_a_quote_that_is_not_in_the_cited_task_is_an_error(project: Path) -> None:
    text = edit(project, "services.yaml", "          - zh: 深化知识产权证券化试点\n", "          - zh: 全面推行知识产权证券化\n")
    line = line_of(text, "zh: 全面推行知识产权证券化")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[9].offers[2].quotes[0].zh: the quote is not in the plan's text of the tasks the offer cites "
        "(expected words found verbatim in task 4-4, 4-2, got '全面推行知识产权证券化')"
    ]


@pytest.mark.parametrize("comma", ["，", ","])
def test_a_quote_matches_the_plan_whatever_the_width_of_its_punctuation(project: Path, comma: str) -> None:
    path = project / "data" / "services.yaml"
    quote = re.compile(r"- zh: 支持建设高校院所知识产权运营平台[,，]激发专利转化活力\n")
    text, replaced = quote.subn(f"- zh: 支持建设高校院所知识产权运营平台{comma}激发专利转化活力\n", path.read_text(encoding="utf-8"))
    assert replaced == 1
    path.write_text(text, encoding="utf-8")
    assert load_dataset(Paths.at(project)).services is not None


def test_a_quote_with_another_mark_is_not_in_the_plan(project: Path) -> None:
    path = project / "data" / "services.yaml"
    quote = re.compile(r"- zh: 支持建设高校院所知识产权运营平台[,，]激发专利转化活力\n")
    text, replaced = quote.subn("- zh: 支持建设高校院所知识产权运营平台、激发专利转化活力\n", path.read_text(encoding="utf-8"))
    assert replaced == 1
    path.write_text(text, encoding="utf-8")
    line = line_of(text, "zh: 支持建设高校院所知识产权运营平台、")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[14].offers[0].quotes[1].zh: the quote is not in the plan's text of the tasks the offer cites "
        "(expected words found verbatim in task 4-1, got '支持建设高校院所知识产权运营平台、激发专利转化活力')"
    ]


def test_an_offer_with_neither_a_quote_nor_a_source_is_an_error(project: Path) -> None:
    old = (
        "        quotes:\n"
        "          - zh: 推进华中国家版权交易中心建设\n"
        "            en: Advance the building of the Central China National Copyright Exchange Center\n"
    )
    text = edit(project, "services.yaml", old, "")
    line = line_of(text, "      - id: copyright-exchange-trading")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[5].offers[0]: an offer needs a quote from the plan or a source "
        "(expected 'quotes' or 'sources', got neither)"
    ]


def test_an_unknown_task_in_an_offer_is_an_error(project: Path) -> None:
    text = edit(project, "services.yaml", 'tasks: ["6-4"]', 'tasks: ["6-5"]')
    line = line_of(text, 'tasks: ["6-5"]')
    problems = problems_in(project)
    assert problems[0] == (
        f"data/services.yaml:{line}: bodies[6].offers[0].tasks[0]: unknown task id '6-5'; did you mean '6-4'? "
        "(expected a task id from data/projects.yaml, got '6-5')"
    )
    # ...and its quote can no longer be found in the tasks it cites.
    assert len(problems) == 2 and "the quote is not in the plan's text" in problems[1]


def test_a_need_in_an_unknown_group_is_an_error(project: Path) -> None:
    text = edit(
        project,
        "services.yaml",
        "    group: support\n    name: {zh: 知识产权培训与人才",
        "    group: suport\n    name: {zh: 知识产权培训与人才",
    )
    line = line_of(text, "group: suport")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: needs[18].group: unknown need group id 'suport'; did you mean 'support'? "
        "(expected a need group id from groups in data/services.yaml, got 'suport')"
    ]


# --- pages ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(real_dataset: Dataset) -> dict[str, str]:
    return render_pages(real_dataset)


def need_section(page: str, need_id: str) -> str:
    """The Markdown of one need's section on the enterprise page."""
    start = page.index(f'data-need="{need_id}"')
    return page[start : page.index("</section>", start)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_enterprise_page_has_a_section_with_an_anchor_for_every_need(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    page = pages[f"services/index{SUFFIX[lang]}"]
    for need in real_dataset.services.needs:
        assert f"### {need.name(lang)} {{ #{need.id} }}\n" in need_section(page, need.id)
        assert f"](index{SUFFIX[lang]}#{need.id})" in page  # in the index of needs above the sections


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_need_links_the_bodies_that_answer_it(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    page = pages[f"services/index{SUFFIX[lang]}"]
    for need in real_dataset.services.needs:
        section = need_section(page, need.id)
        for body in real_dataset.services.bodies_for(need.id):
            assert f"]({body.unit}{SUFFIX[lang]})" in section, (need.id, body.unit)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pledge_financing_leads_to_wamr_and_rights_protection_to_the_protection_center(pages: dict[str, str], lang: str) -> None:
    page = pages[f"services/index{SUFFIX[lang]}"]
    assert f"](amr{SUFFIX[lang]})" in need_section(page, "pledge-financing")
    assert f"](protection-center{SUFFIX[lang]})" in need_section(page, "rapid-rights-protection")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_body_page_links_the_tasks_its_offers_cite(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    for body in real_dataset.services.bodies:
        page = pages[f"services/{body.unit}{SUFFIX[lang]}"]
        related = page[page.index("\n## ", page.index("\n## ") + 1) :]  # from the related tasks on
        assert [t for t in body.task_ids if f"](../tasks/{t}{SUFFIX[lang]})" not in related] == [], body.unit


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_body_page_says_each_unconfirmed_contact_detail_is_not_yet_confirmed(
    pages: dict[str, str], real_dataset: Dataset, lang: str
) -> None:
    labels = [real_dataset.label(f"contact-{name}", lang) for name in ("address", "phone", "website", "hours")]
    for body in real_dataset.services.bodies:
        page = pages[f"services/{body.unit}{SUFFIX[lang]}"]
        contact = page[page.index("{ #contact }") :]
        for label in labels:
            assert f"| {label} | {NOT_CONFIRMED[lang]} | – | – |\n" in contact, (body.unit, label)
        if body.unit != "amr":
            assert WHERE_TO_CHECK[lang] in contact


def test_wamrs_own_page_points_to_its_own_website(pages: dict[str, str]) -> None:
    assert "请查阅武汉市市场监督管理局的官方网站。" in pages["services/amr.md"]
    assert "check the official website of the Wuhan Municipal Administration for Market Regulation (WAMR)." in pages["services/amr.en.md"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_service_page_gives_a_phone_number_or_a_hotline(pages: dict[str, str], lang: str) -> None:
    services = {k: v for k, v in pages.items() if k.startswith("services/") and k.endswith(SUFFIX[lang])}
    assert len(services) > 10
    for path, text in services.items():
        assert "12345" not in text, path
        assert re.search(r"\d{3,4}-\d{7,8}", text) is None, path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_home_page_has_an_entry_for_enterprises(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    home = pages[f"index{SUFFIX[lang]}"]
    assert f"[{real_dataset.label('enterprise-entry-link', lang)}](services/index{SUFFIX[lang]})" in home
    # ...near the top: before the targets
    assert home.index("services/index") < home.index(
        real_dataset.label("targets-heading", lang).replace("{plan_end}", str(real_dataset.plan.period.end))
    )


def test_a_service_bodys_unit_page_links_its_service_page(pages: dict[str, str]) -> None:
    assert "[中国（武汉）知识产权保护中心](../services/protection-center.md)" in pages["units/protection-center.md"]
    assert "../services/" not in pages["units/drc.md"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_units_directory_has_the_responsibility_matrix_and_its_table(pages: dict[str, str], lang: str) -> None:
    page = pages[f"units/index{SUFFIX[lang]}"]
    assert 'id="chart-responsibility"' in page
    header = "| 单位 | 工程1 | 工程2 | 工程3 | 工程4 | 工程5 | 工程6 |" if lang == "zh" else "| Unit | Project 1 | Project 2 |"
    assert header in page
    row = "| [市科技局](sti.md) | 参与2 | 参与1 | – | 牵头1 · 参与3 | – | – |" if lang == "zh" else "| leads 1 · supports 3 |"
    assert row in page


def test_the_matrix_counts_match_the_tasks(real_dataset: Dataset) -> None:
    from builder.render import PageContext

    ctx = PageContext(real_dataset, "en", "units/index.md", {}, [])
    rows = dict(ctx.responsibility_rows())
    assert sum(led for cells in rows.values() for led, _ in cells) == sum(len(t.lead) for t in real_dataset.tasks)
    assert sum(s for cells in rows.values() for _, s in cells) == sum(len(t.responsible) for t in real_dataset.tasks)
    assert rows["amr"] == [(3, 0), (2, 0), (3, 0), (5, 0), (4, 0), (4, 0)]


def test_the_matrix_chart_is_a_valid_vega_lite_spec(real_dataset: Dataset) -> None:
    import altair as alt

    from builder.render import PageContext

    sink: list = []
    PageContext(real_dataset, "zh", "units/index.md", {}, sink).responsibility_matrix()
    alt.Chart.from_dict(sink[0].svg_spec)  # raises on a spec that does not validate


# --- in the browser ------------------------------------------------------------------
# Chromium is driven from a thread of its own: Playwright's sync API allows one
# session per thread, and the browser suite (tests/browser) keeps one open in
# the main thread for the whole run. A test hands a check to that thread with
# ``in_browser(check)``; the check gets a fresh page and its assertions fail the test.

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_project: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_project / "site"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class BrowserThread:
    """One Chromium, launched and driven from a single worker thread."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._playwright = self._worker.submit(lambda: sync_playwright().start()).result(timeout=60)
        launch = functools.partial(self._playwright.chromium.launch, executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self._browser = self._worker.submit(launch).result(timeout=60)

    def run(self, check: Callable[[Any], Any], javascript: bool = True) -> Any:
        """Run ``check(page)`` on a fresh page (in a new context) in the browser's thread."""

        def job() -> Any:
            context = self._browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
            try:
                page = context.new_page()
                page.set_default_timeout(20_000)
                page.requests = []
                page.on("request", lambda request: page.requests.append(request.url))
                return check(page)
            finally:
                context.close()

        return self._worker.submit(job).result(timeout=120)

    def close(self) -> None:
        self._worker.submit(self._browser.close).result(timeout=60)
        self._worker.submit(self._playwright.stop).result(timeout=60)
        self._worker.shutdown()


@pytest.fixture(scope="module")
def chromium() -> Iterator[BrowserThread]:
    pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    browser = BrowserThread()
    yield browser
    browser.close()


@pytest.fixture
def in_browser(chromium: BrowserThread, server: str) -> Callable[..., Any]:
    return chromium.run


def visible_needs(page: Any) -> list[str]:
    return page.eval_on_selector_all(".plansite-need", "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.need)")


def other_hosts(requests: list[str]) -> list[str]:
    return sorted({u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", None) and not u.startswith("data:")})


@pytest.mark.parametrize(
    ("path", "query"), [("services/", "质押"), ("services/", "pledge"), ("en/services/", "pledge"), ("en/services/", "质押")]
)
def test_typing_in_the_need_finder_leaves_only_the_matching_needs(in_browser, server: str, path: str, query: str) -> None:
    def check(page: Any) -> None:
        page.goto(server + path)
        page.locator("#plansite-need-query").press_sequentially(query)  # key by key, as a visitor types
        assert page.url == server + path  # the site's keyboard shortcuts (n, p, s...) stay out of the box
        assert visible_needs(page) == ["pledge-financing"]
        assert page.is_hidden(".plansite-need-index")
        assert page.eval_on_selector_all(".plansite-need-group", "els => els.filter(e => !e.hidden).length") == 1
        assert other_hosts(page.requests) == []

    in_browser(check)


def test_the_need_finder_matches_every_word_typed_and_shows_all_needs_when_cleared(in_browser, server: str, real_dataset: Dataset) -> None:
    def check(page: Any) -> None:
        page.goto(server + "en/services/")
        page.fill("#plansite-need-query", "dispute")
        assert visible_needs(page) == ["administrative-ruling", "mediation", "arbitration", "court-litigation", "overseas-disputes"]
        page.fill("#plansite-need-query", "dispute abroad")
        assert visible_needs(page) == ["overseas-disputes"]
        assert page.text_content(".plansite-need-finder__status") == f"Showing 1 of {len(real_dataset.services.needs)} needs"
        page.fill("#plansite-need-query", "")
        assert visible_needs(page) == [n.id for n in real_dataset.services.needs]
        assert page.is_visible(".plansite-need-index")

    in_browser(check)


def test_the_need_finder_says_so_when_nothing_matches(in_browser, server: str) -> None:
    def check(page: Any) -> None:
        page.goto(server + "services/")
        assert page.is_hidden(".plansite-need-finder__empty")
        page.fill("#plansite-need-query", "区块链元宇宙")
        assert visible_needs(page) == []
        assert page.text_content(".plansite-need-finder__empty") == "没有与该关键词匹配的需求。"
        assert page.is_visible(".plansite-need-finder__empty")

    in_browser(check)


@pytest.mark.parametrize("path", ["services/", "en/services/"])
def test_without_javascript_every_need_is_shown_and_the_search_box_is_not(
    in_browser, server: str, real_dataset: Dataset, path: str
) -> None:
    def check(page: Any) -> None:
        page.goto(server + path)
        assert visible_needs(page) == [n.id for n in real_dataset.services.needs]
        assert page.is_hidden("#plansite-need-query")

    in_browser(check, javascript=False)


def test_without_javascript_a_need_anchor_scrolls_to_its_section(in_browser, server: str) -> None:
    def check(page: Any) -> None:
        page.goto(server + "services/#court-litigation")
        assert page.evaluate("document.getElementById('court-litigation').getBoundingClientRect().top") < 200
        page.click(".plansite-need-index a[href='./#trade-secrets']")
        assert page.url.endswith("#trade-secrets")
        top = page.evaluate("document.getElementById('trade-secrets').getBoundingClientRect().top")
        assert 0 <= top < 200

    in_browser(check, javascript=False)


@pytest.mark.parametrize(
    ("lang", "need", "body", "task"),
    [
        ("zh", "pledge-financing", "amr", "4-4"),
        ("en", "pledge-financing", "amr", "4-4"),
        ("zh", "rapid-rights-protection", "protection-center", "3-3"),
        ("en", "rapid-rights-protection", "protection-center", "3-3"),
    ],
)
def test_from_the_home_page_two_clicks_reach_the_body_with_its_related_tasks(
    in_browser, server: str, lang: str, need: str, body: str, task: str
) -> None:
    def check(page: Any) -> None:
        page.goto(server + ("" if lang == "zh" else "en/"))
        page.click(".plansite-enterprise-entry a")  # click 1
        page.wait_for_url(server + ("" if lang == "zh" else "en/") + "services/")
        page.click(f".plansite-need[data-need='{need}'] p a[href='{body}/']")  # click 2
        page.wait_for_url(server + ("" if lang == "zh" else "en/") + f"services/{body}/")
        assert page.locator(f"article a[href='../../tasks/{task}/']").count() >= 1
        assert page.locator("h2#contact").count() == 1
        assert other_hosts(page.requests) == []

    in_browser(check)


@pytest.mark.parametrize("path", ["units/", "en/units/"])
def test_the_responsibility_matrix_renders_offline(in_browser, server: str, real_dataset: Dataset, path: str) -> None:
    cells = sum(
        1
        for u in real_dataset.units.units
        for p in real_dataset.projects.projects
        if any(u.id in t.lead or u.id in t.responsible for t in p.tasks)
    )

    def check(page: Any) -> None:
        page.goto(server + path)
        page.wait_for_selector("#chart-responsibility[data-rendered='true']")
        view = "#chart-responsibility .plansite-chart__view svg"
        assert page.locator(f"{view} .role-mark.mark-rect path").count() == cells
        assert page.locator(f"{view} .role-mark.mark-text text").count() == cells
        assert page.is_hidden("#chart-responsibility .plansite-chart__fallback")
        assert other_hosts(page.requests) == []

    in_browser(check)
