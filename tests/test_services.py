"""Services for enterprises: needs -> bodies -> offers -> contact, the need finder and the responsibility matrix."""

from __future__ import annotations

import datetime as dt
import functools
import html
import http.server
import json
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from builder import contacts
from builder.config import Paths
from builder.downloads import channel_rows, contact_rows
from builder.errors import DataError
from builder.model import CONTACT_FIELDS, Dataset, ServicesFile
from builder.render import render_pages
from builder.validate import load_dataset

from .helpers import REPO_ROOT, copy_fixture_plan, edit, line_of

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
CONTACT_FACTS = REPO_ROOT.parent / "shared" / "reference" / "wuhan-contacts-facts.md"
SUFFIX = {"zh": ".md", "en": ".en.md"}
NOT_CONFIRMED = {"zh": "尚未确认", "en": "Not yet confirmed"}

# The first body in data/services.yaml; contact details are added to it in the validation tests.
FIRST_BODY = "  - unit: protection-center\n"
A_SOURCE = "https://example.org/contact"
#: A source entry for the validation tests, added to the top of the sources list.
SOURCE_ENTRY = "  - id: example-page\n    url: https://example.org/contact\n    publisher: {zh: 示例, en: Example}\n    date: 2026-11-01\n"


def problems_in(root: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(Paths.at(root))
    return [str(p) for p in caught.value.problems]


def add_contact(root: Path, *lines: str) -> str:
    """Give the first service body a contact block with ``lines`` (and the
    sources list an entry 'example-page'); return the new services.yaml."""
    edit(root, "services.yaml", "\nsources:\n", "\nsources:\n" + SOURCE_ENTRY)
    block = "".join(f"      {line}\n" for line in lines)
    return edit(root, "services.yaml", FIRST_BODY, f"{FIRST_BODY}    contact:\n{block}")


def detail_line(text: str, key: str) -> int:
    """The line of the first detail of ``key`` added by :func:`add_contact`."""
    match = re.search(rf"^      {key}:\n        - ", text, re.MULTILINE)
    assert match is not None, key
    return text.count("\n", 0, match.start()) + 2


def contact_table(page: str) -> list[list[str]]:
    """The rows of a body page's contact table, as cells."""
    section = page[page.index("{ #contact }") :]
    rows = [line for line in section.splitlines() if line.startswith("| ")][1:]  # without the header
    return [[cell.strip() for cell in row.strip("|").split(" | ")] for row in rows]


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


@pytest.fixture(scope="module")
def contact_facts() -> str:
    if not CONTACT_FACTS.is_file():
        pytest.skip(f"the contact facts file is not available at {CONTACT_FACTS}")
    return CONTACT_FACTS.read_text(encoding="utf-8")


def test_every_contact_source_is_one_the_contact_facts_cite(real_dataset: Dataset, contact_facts: str) -> None:
    urls = [s.url for s in real_dataset.services.sources if s.url]
    assert len(urls) > 10
    assert [u for u in urls if u not in contact_facts] == []


def test_every_contact_value_and_channel_number_is_in_the_contact_facts(real_dataset: Dataset, contact_facts: str) -> None:
    sv = real_dataset.services
    values = [d.value for b in sv.bodies for _, details in b.contact.details() for d in details]
    values += [c.value for c in sv.channels]
    assert len(values) > 10
    assert [v for v in values if v not in contact_facts] == []


def test_the_confidence_of_each_shown_detail_is_the_one_the_facts_give(real_dataset: Dataset, contact_facts: str) -> None:
    # Each source's line in the facts file names its confidence; a shown detail may not claim more.
    rank = {"low": 0, "medium": 1, "high": 2}
    sv = real_dataset.services
    items = [*sv.channels, *(d for b in sv.bodies for _, details in b.contact.details() for d in details)]
    claimed_too_much = []
    for item in (i for i in items if i.shown):
        url = sv.source(item.source).url
        lines = [line for line in contact_facts.splitlines() if url and url in line]
        given = max((rank[m] for line in lines for m in re.findall(r"confidence: (high|medium|low)", line)), default=-1)
        if rank[item.confidence] > given:
            claimed_too_much.append((item.value, item.confidence, url))
    assert claimed_too_much == []


def test_only_the_arbitration_commission_has_confirmed_contact_details(real_dataset: Dataset) -> None:
    # ../shared/reference/wuhan-contacts-facts.md: the other bodies' addresses, phones and websites were not found
    # (the bureau's website only in sources of low confidence).
    assert [b.unit for b in real_dataset.services.bodies if b.contact.confirmed] == ["arbitration-office"]


def test_the_contact_counts(real_dataset: Dataset) -> None:
    counts = contacts.contact_counts(real_dataset.services)
    fields = len(real_dataset.services.bodies) * len(CONTACT_FIELDS)
    assert (counts.shown, counts.hidden_low, counts.not_confirmed) == (8, 1, fields - 3)


@pytest.mark.parametrize("setting", ["contacts_max_age_days", "sources_max_age_days", "ask_about_contacts"])
def test_each_contact_setting_is_documented_for_editors(setting: str) -> None:
    assert setting in ServicesFile.model_fields
    assert f"`{setting}" in (REPO_ROOT / "docs" / "editors-guide.md").read_text(encoding="utf-8")


# --- flags, on small fixtures ---------------------------------------------------------

FIXTURE_SOURCES = [
    {"id": "dated", "url": "https://example.org/a", "publisher": {"zh": "甲", "en": "A"}, "date": "2019-05"},
    {"id": "undated", "url": "https://example.org/b", "publisher": {"zh": "乙", "en": "B"}, "date": None},
]


def services_with(details: list[dict], **settings: int) -> ServicesFile:
    body = {"unit": "x", "offers": [{"id": "o", "name": {"zh": "甲", "en": "A"}, "text": {"zh": "甲", "en": "A"}}], "contact": {}}
    body["offers"][0] |= {"needs": ["n"], "tasks": ["t"]}
    body["contact"] = {"phone": details}
    return ServicesFile.model_validate({"sources": FIXTURE_SOURCES, "bodies": [body], **settings})


def phone(value: str, source: str, checked: str, confidence: str = "high", place: str | None = None) -> dict:
    detail = {"value": value, "source": source, "checked": checked, "confidence": confidence}
    return detail | ({"place": {"zh": place, "en": place}} if place else {})


def test_a_source_dated_by_month_counts_from_the_first_day_of_the_month() -> None:
    sv = services_with([])
    assert (sv.source("dated").day(), sv.source("undated").day()) == (dt.date(2019, 5, 1), None)


def test_a_source_is_old_when_it_was_older_than_allowed_on_the_day_it_was_checked() -> None:
    sv = services_with([phone("000-0000-0001", "dated", "2022-05-01")], sources_max_age_days=1095)
    (detail,) = sv.bodies[0].contact.phone
    assert contacts.flags(sv, detail, dt.date(2022, 5, 1)) == contacts.Flags(old_source=True)  # 1096 days
    sv = services_with([phone("000-0000-0001", "dated", "2022-04-30")], sources_max_age_days=1095)
    assert contacts.flags(sv, sv.bodies[0].contact.phone[0], dt.date(2022, 4, 30)) == contacts.Flags()


def test_an_undated_source_and_a_stale_check_are_flagged() -> None:
    sv = services_with([phone("000-0000-0001", "undated", "2025-01-01")], contacts_max_age_days=365)
    flags = contacts.flags(sv, sv.bodies[0].contact.phone[0], dt.date(2026, 1, 2))
    assert (flags.undated_source, flags.stale, flags.check_before_calling) == (True, True, True)
    assert contacts.flags(sv, sv.bodies[0].contact.phone[0], dt.date(2026, 1, 1)).stale is False


def test_only_different_values_for_the_same_place_from_different_sources_disagree() -> None:
    sv = services_with(
        [
            phone("000-0000-0001", "dated", "2020-01-01", place="head"),
            phone("000-0000-0002", "undated", "2020-01-01", place="head"),
            phone("000-0000-0003", "dated", "2020-01-01", place="branch"),
            phone("000-0000-0004", "undated", "2020-01-01", place="branch", confidence="low"),
        ]
    )
    rows = contacts.detail_rows(sv, sv.bodies[0].contact, dt.date(2020, 1, 1))
    assert [(r.detail.value, r.flags.disagreement) for r in rows] == [
        ("000-0000-0001", True),
        ("000-0000-0002", True),
        ("000-0000-0003", False),  # the other branch number is not shown (low), so nothing contradicts it
        ("000-0000-0004", False),
    ]


# --- validation: contacts -------------------------------------------------------------


def test_a_phone_that_does_not_look_like_a_phone_is_an_error(project: Path) -> None:
    text = add_contact(project, "phone:", '  - {value: "call the front desk", source: example-page, checked: 2026-11-30, confidence: high}')
    line = detail_line(text, "phone")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.phone[0].value: not a phone number "
        "(expected a phone number: 7 to 15 digits, optionally with a leading + and spaces, hyphens or brackets, "
        "got 'call the front desk')"
    ]


@pytest.mark.parametrize("phone", ["12-34", "+86 27 1234 5678 9012 3456", "027-8888x8888"])
def test_a_phone_with_too_few_or_too_many_digits_or_letters_is_an_error(project: Path, phone: str) -> None:
    add_contact(project, "phone:", f'  - {{value: "{phone}", source: example-page, checked: 2026-11-30, confidence: high}}')
    assert [p.split(": ", 2)[2] for p in problems_in(project)] == [
        "not a phone number (expected a phone number: 7 to 15 digits, optionally with a leading + and spaces, hyphens or brackets, "
        f"got '{phone}')"
    ]


def test_a_website_that_is_not_http_or_https_is_an_error(project: Path) -> None:
    text = add_contact(project, "website:", '  - {value: "www.example.org", source: example-page, checked: 2026-11-30, confidence: high}')
    line = detail_line(text, "website")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.website[0].value: not a web address "
        "(expected a URL starting with http:// or https://, got 'www.example.org')"
    ]


def test_a_contact_detail_without_a_source_is_an_error(project: Path) -> None:
    text = add_contact(project, "address:", "  - {value: 示例地址, checked: 2026-11-30, confidence: high}")
    line = detail_line(text, "address")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.address[0]: contact detail 'address' has no source "
        "(expected a source id from sources in data/services.yaml, in 'source', got nothing)"
    ]


def test_a_contact_detail_without_the_date_it_was_checked_is_an_error(project: Path) -> None:
    text = add_contact(project, "hours:", "  - {value: 示例时间, source: example-page, confidence: medium}")
    line = detail_line(text, "hours")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.hours[0]: contact detail 'hours' has no date checked "
        "(expected a date as YYYY-MM-DD, in 'checked', got nothing)"
    ]


def test_a_contact_detail_without_a_confidence_is_an_error(project: Path) -> None:
    text = add_contact(project, "phone:", '  - {value: "000-0000-0000", source: example-page, checked: 2026-11-30}')
    line = detail_line(text, "phone")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.phone[0]: contact detail 'phone' has no confidence "
        "(expected high, medium or low, in 'confidence', got nothing)"
    ]


def test_a_confidence_that_is_not_high_medium_or_low_is_an_error(project: Path) -> None:
    text = add_contact(project, "phone:", '  - {value: "000-0000-0000", source: example-page, checked: 2026-11-30, confidence: sure}')
    line = detail_line(text, "phone")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.phone[0].confidence: not an allowed value "
        "(expected one of 'high', 'medium' or 'low', got 'sure')"
    ]


def test_an_unknown_source_is_an_error_with_a_suggestion(project: Path) -> None:
    text = add_contact(project, "phone:", '  - {value: "000-0000-0000", source: example-pag, checked: 2026-11-30, confidence: high}')
    line = detail_line(text, "phone")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.phone[0].source: unknown source id 'example-pag'; did you mean 'example-page'? "
        "(expected a source id from sources in data/services.yaml, got 'example-pag')"
    ]


def test_a_shown_detail_whose_source_cannot_be_linked_is_an_error(project: Path) -> None:
    text = add_contact(
        project, "phone:", '  - {value: "000-0000-0000", source: github-files-amr-site, checked: 2026-11-30, confidence: medium}'
    )
    line = detail_line(text, "phone")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.phone[0].source: contact detail 'phone' is shown but its source has no web address "
        "(expected a source with a 'url', or confidence: low, got 'github-files-amr-site')"
    ]


def test_a_source_without_its_date_is_an_error(project: Path) -> None:
    text = edit(project, "services.yaml", "    publisher: {zh: 中国保护知识产权网英文版", "    publisher: {zh: 中国保护知识产权网英文版")
    text = edit(project, "services.yaml", "    date: 2019-05\n", "")
    line = line_of(text, "  - id: ipraction-12315")
    assert problems_in(project) == [f"data/services.yaml:{line}: sources[10].date: missing required field (expected a value, got nothing)"]


def test_a_contact_given_as_plain_text_is_an_error(project: Path) -> None:
    text = add_contact(project, 'phone: "000-0000-0000"')
    line = line_of(text, '      phone: "000-0000-0000"')
    assert problems_in(project) == [
        f"data/services.yaml:{line}: bodies[0].contact.phone: wrong type (expected a list, got '000-0000-0000')"
    ]


def test_every_contact_problem_is_reported_in_one_run(project: Path) -> None:
    add_contact(
        project,
        "phone:",
        '  - {value: "call us", checked: 2026-11-30, confidence: high}',
        "website:",
        '  - {value: "ftp://example.org", source: example-page, checked: 2026-11-30}',
    )
    assert [p.split(": ", 1)[1] for p in problems_in(project)] == [
        "bodies[0].contact.phone[0]: contact detail 'phone' has no source "
        "(expected a source id from sources in data/services.yaml, in 'source', got nothing)",
        "bodies[0].contact.phone[0].value: not a phone number "
        "(expected a phone number: 7 to 15 digits, optionally with a leading + and spaces, hyphens or brackets, got 'call us')",
        "bodies[0].contact.website[0]: contact detail 'website' has no confidence "
        "(expected high, medium or low, in 'confidence', got nothing)",
        "bodies[0].contact.website[0].value: not a web address (expected a URL starting with http:// or https://, got 'ftp://example.org')",
    ]


def test_a_channel_without_a_source_is_an_error(project: Path) -> None:
    text = edit(project, "services.yaml", "    source: ipraction-12315\n", "")
    line = line_of(text, "  - id: market-complaints-12315")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: channels[0]: channel 'market-complaints-12315' has no source "
        "(expected a source id from sources in data/services.yaml, in 'source', got nothing)"
    ]


def test_a_former_channel_routed_to_a_need_is_an_error(project: Path) -> None:
    text = edit(
        project,
        "services.yaml",
        "    merged_into: market-complaints-12315\n",
        "    merged_into: market-complaints-12315\n    needs: [mediation]\n",
    )
    line = line_of(text, "    merged_into: market-complaints-12315")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: channels[1].merged_into: a merged channel is history only "
        "(expected no 'needs' and no 'general', got a channel to use)"
    ]


def test_finder_words_for_an_unknown_need_are_an_error(project: Path) -> None:
    text = edit(project, "services.yaml", "  - needs: [court-litigation]\n", "  - needs: [court-litigations]\n")
    line = line_of(text, "court-litigations")
    assert problems_in(project) == [
        f"data/services.yaml:{line}: finder[1].needs[0]: unknown need id 'court-litigations'; did you mean 'court-litigation'? "
        "(expected a need id from needs in data/services.yaml, got 'court-litigations')"
    ]


# --- how contacts are shown --------------------------------------------------------


def test_a_confirmed_contact_is_shown_with_its_source_dates_and_confidence(project: Path) -> None:
    add_contact(
        project,
        "phone:",
        '  - {value: "000-0000-0000", source: example-page, checked: 2026-11-30, confidence: high}',
        "website:",
        '  - {value: "https://example.org/", source: example-page, checked: 2026-11-29, confidence: medium}',
    )
    page = render_pages(load_dataset(Paths.at(project)))["services/protection-center.en.md"]
    rows = contact_table(page)
    source = f"[Example]({A_SOURCE}), 2026-11-01"
    assert ["Phone", "[000-0000-0000](tel:00000000000)", f"{source}; confidence: high; checked: 2026-11-30"] in rows  # a tap calls it
    assert ["Website", "[https://example.org/](https://example.org/)", f"{source}; confidence: medium; checked: 2026-11-29"] in rows
    assert ["Address", "Not yet confirmed", "–"] in rows
    assert "To ask about a detail not yet confirmed:" in page
    assert "[12345 government service line](index.en.md#channel-city-service-line-12345) ([12345](tel:12345))" in page


def test_a_low_confidence_detail_is_not_shown(project: Path) -> None:
    add_contact(project, "phone:", '  - {value: "000-0000-0000", source: example-page, checked: 2026-11-30, confidence: low}')
    pages = render_pages(load_dataset(Paths.at(project)))
    for lang in SUFFIX:
        page = pages[f"services/protection-center{SUFFIX[lang]}"]
        assert "000-0000-0000" not in page
    assert ["Phone", "Not yet confirmed<br>Seen only in sources of low confidence; not shown.", "–"] in contact_table(
        pages["services/protection-center.en.md"]
    )


def test_sources_that_disagree_are_each_flagged_check_before_calling(project: Path) -> None:
    add_contact(
        project,
        "phone:",
        '  - {value: "000-0000-0000", source: example-page, checked: 2026-11-30, confidence: high}',
        '  - {value: "000-0000-1111", source: wuhan-gov-de-arbitration, checked: 2026-11-30, confidence: high}',
    )
    rows = contact_table(render_pages(load_dataset(Paths.at(project)))["services/protection-center.en.md"])
    flagged = [row[1] for row in rows if row[0] == "Phone"]
    assert flagged == [
        "[000-0000-0000](tel:00000000000)<br><strong>Sources disagree; check before calling or visiting.</strong>",
        "[000-0000-1111](tel:00000001111)<br><strong>Sources disagree; check before calling or visiting.</strong>"
        "<br><strong>The source dates from 2021-12-02 and may be out of date; check before calling or visiting.</strong>",
    ]


def test_a_contact_checked_too_long_ago_is_flagged(project: Path) -> None:
    # The data's newest date is the latest check (2026-11-30); the old check is 400 days before it.
    add_contact(
        project,
        "phone:",
        '  - {value: "000-0000-0000", source: example-page, checked: 2025-10-26, confidence: high}',
        "website:",
        '  - {value: "https://example.org/", source: example-page, checked: 2026-11-30, confidence: high}',
    )
    pages = render_pages(load_dataset(Paths.at(project)))
    rows = contact_table(pages["services/protection-center.en.md"])
    assert [row[1] for row in rows if row[0] in ("Phone", "Website")] == [
        "[https://example.org/](https://example.org/)",
        "[000-0000-0000](tel:00000000000)<br><strong>Last checked by this site more than 365 days ago; due for a new check.</strong>",
    ]
    assert "本站核实已超过365天，需重新核实。" in pages["services/protection-center.md"]


def test_the_age_at_which_a_check_is_stale_is_set_in_the_data(project: Path) -> None:
    add_contact(project, "phone:", '  - {value: "000-0000-0000", source: example-page, checked: 2026-10-01, confidence: high}')
    edit(project, "services.yaml", "contacts_max_age_days: 365\n", "contacts_max_age_days: 30\n")
    page = render_pages(load_dataset(Paths.at(project)))["services/protection-center.en.md"]
    # The newest date in the data is the channels' check, 2026-11-25: 55 days after this one.
    assert (
        "[000-0000-0000](tel:00000000000)<br><strong>Last checked by this site more than 30 days ago; due for a new check.</strong>" in page
    )


# --- validation: needs, bodies and offers ------------------------------------------------


def test_an_unknown_need_in_an_offer_is_reported_with_a_suggestion(project: Path) -> None:
    text = edit(project, "services.yaml", "        needs: [fast-pre-examination]", "        needs: [fast-pre-exam]")
    line = line_of(text, "        needs: [fast-pre-exam]")
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
    for body in real_dataset.services.bodies:
        rows = contact_table(pages[f"services/{body.unit}{SUFFIX[lang]}"])
        unconfirmed = [row[0] for row in rows if row[1].startswith(NOT_CONFIRMED[lang])]
        assert unconfirmed == [real_dataset.label(f"contact-{name}", lang) for name in body.contact.unconfirmed()], body.unit


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_body_page_with_unconfirmed_details_says_where_to_ask(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    ask = real_dataset.label("contact-ask", lang)
    for body in real_dataset.services.bodies:
        page = pages[f"services/{body.unit}{SUFFIX[lang]}"]
        contact = page[page.index("{ #contact }") :]
        assert ask in contact, body.unit
        assert f"](index{SUFFIX[lang]}#channel-city-service-line-12345)" in contact.split(ask)[1], body.unit


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_contact_detail_is_shown_without_a_source_and_a_date(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    checked = re.escape(real_dataset.label("checked-on", lang)).replace(r"\{date\}", r"\d{4}-\d{2}-\d{2}")
    shown = 0
    for body in real_dataset.services.bodies:
        for field, value, source in contact_table(pages[f"services/{body.unit}{SUFFIX[lang]}"]):
            if value.startswith(NOT_CONFIRMED[lang]):
                assert source == "–", (body.unit, field)
                continue
            shown += 1
            assert re.match(r"\[[^\]]+\]\(https?://", source), (body.unit, field, source)  # the source, linked
            source_date = r"\d{4}(-\d{2}(-\d{2})?)?" + "|" + re.escape(real_dataset.label("source-undated", lang))
            assert re.search(rf"\]\(https?://[^)]+\)(，|, )({source_date})", source), (body.unit, field, source)
            assert re.search(checked, source), (body.unit, field, source)
    assert shown == contacts.contact_counts(real_dataset.services).shown


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_arbitration_commissions_page_shows_its_sourced_website_and_address(pages: dict[str, str], lang: str) -> None:
    rows = contact_table(pages[f"services/arbitration-office{SUFFIX[lang]}"])
    website = next(row for row in rows if row[1].startswith("[http://www.whac.org.cn](http://www.whac.org.cn)"))
    assert "](https://german.wuhan.gov.cn/wh_dywz08_2021/wh_dywz082_2021/202112/t20211202_1864824.shtml)" in website[2]
    assert "2021-12-02" in website[2]
    address = next(row for row in rows if row[1].startswith("No.67, Yunlin Street, Jiang'an District, Wuhan, Hubei, China"))
    assert address[0] == {"zh": "地址（总部）", "en": "Address (Head office)"}[lang]
    assert "](http://english.wh.gov.cn/fljf/tgzcfsjjjf/201809/t20180913_227553.html)" in address[2]
    assert "2018-09-13" in address[2]


def test_the_arbitration_commissions_two_head_office_numbers_are_each_flagged(pages: dict[str, str]) -> None:
    rows = contact_table(pages["services/arbitration-office.en.md"])
    disagree = "<strong>Sources disagree; check before calling or visiting.</strong>"
    head_office = {row[1].split("<br>")[0]: disagree in row[1] for row in rows if row[0] == "Phone (Head office)"}
    assert head_office == {
        "[027-85711211](tel:02785711211)": True,
        "[027-59510888](tel:02759510888)": True,
        "[59512828](tel:59512828)": True,
        "[59512840](tel:59512840)": True,
    }
    optics_valley = next(row for row in rows if row[0] == "Phone (Optics Valley office)")
    assert optics_valley[1].startswith("[027-87151567](tel:02787151567)<br>") and disagree not in optics_valley[1]


def test_the_bureaus_low_confidence_website_is_not_shown(pages: dict[str, str]) -> None:
    assert [path for path, text in pages.items() if "scjgj.wuhan.gov.cn" in text] == []
    rows = contact_table(pages["services/amr.en.md"])
    assert ["Website", "Not yet confirmed<br>Seen only in sources of low confidence; not shown.", "–"] in rows


BUREAU_IS_IP_OFFICE = {
    "zh": "武汉市市场监督管理局同时是武汉市知识产权局，即武汉市的知识产权管理部门",
    "en": "The Wuhan Municipal Administration for Market Regulation is also the Wuhan Intellectual Property Office, the city's IP office",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", ["services/amr", "units/amr"])
def test_the_bureaus_pages_say_it_is_the_municipal_ip_office(pages: dict[str, str], lang: str, page: str) -> None:
    text = pages[page + SUFFIX[lang]]
    assert BUREAU_IS_IP_OFFICE[lang] in text
    assert {"zh": "**又称**：武汉市知识产权局、市知识产权局", "en": "**Also known as**: Wuhan Intellectual Property Office"}[lang] in text
    assert "](http://hb.china.com.cn/2019-04/22/content_40727522.htm)" in text  # with its source


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_12315_is_offered_with_its_source_for_market_complaints(pages: dict[str, str], lang: str) -> None:
    section = need_section(pages[f"services/index{SUFFIX[lang]}"], "rapid-rights-protection")
    name = {"zh": "[12315市场监管投诉举报热线]", "en": "[12315 market regulation complaint and report line]"}[lang]
    number = {"zh": "（[12315](tel:12315)）", "en": " ([12315](tel:12315))"}[lang]
    item = next(
        line for line in section.splitlines() if line.startswith(f"- {name}(index{SUFFIX[lang]}#channel-market-complaints-12315){number}")
    )
    assert "](http://english.ipraction.gov.cn/article/TopNews/201905/20190500218654.shtml)" in item
    assert "2019-05" in item


MERGED_12330 = {
    "zh": "历史信息：原知识产权维权援助与举报投诉热线12330已于2019年并入12315，请拨打12315，不再使用12330。",
    "en": "History: the former IP rights-assistance and complaint line, 12330, was merged into 12315 in 2019; call 12315, not 12330.",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_12330_appears_only_as_merged_into_12315(pages: dict[str, str], lang: str) -> None:
    mine = {path: text for path, text in pages.items() if path.endswith(SUFFIX[lang]) and not (lang == "zh" and path.endswith(".en.md"))}
    found = {path: text.count("12330") for path, text in mine.items() if "12330" in text}
    assert found == {f"services/index{SUFFIX[lang]}": 2}
    assert pages[f"services/index{SUFFIX[lang]}"].count(MERGED_12330[lang]) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_need_without_a_sourced_channel_says_so_and_points_to_the_general_channels(
    pages: dict[str, str], real_dataset: Dataset, lang: str
) -> None:
    page = pages[f"services/index{SUFFIX[lang]}"]
    no_channel = real_dataset.label("need-no-channel", lang)
    court = need_section(page, "court-litigation")
    assert no_channel in court
    assert "#channel-rights-assistance-platform)" in court
    assert "#channel-city-service-line-12345)" not in court  # 12345 does not handle litigation
    training = need_section(page, "training-talent")
    assert no_channel in training and "#channel-city-service-line-12345)" in training
    assert no_channel not in need_section(page, "rapid-rights-protection")
    assert no_channel not in need_section(page, "arbitration")  # the commission's own contacts are sourced


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_need_served_in_part_says_what_was_not_found_and_points_to_the_general_channels(
    pages: dict[str, str], real_dataset: Dataset, lang: str
) -> None:
    pledge = need_section(pages[f"services/index{SUFFIX[lang]}"], "pledge-financing")
    gap = real_dataset.services.need("pledge-financing").gap
    assert gap is not None
    assert f"**{real_dataset.label('need-gap', lang)}**" in pledge and gap(lang).split("，")[0].split(";")[0] in pledge
    assert real_dataset.label("need-gap-general", lang) in pledge
    assert real_dataset.label("need-no-channel", lang) not in pledge  # the copyright centre is a sourced channel
    assert "#channel-city-service-line-12345)" in pledge


@pytest.mark.parametrize(
    ("need", "words"),
    [
        ("court-litigation", ["律师", "打官司", "lawyer", "侵权赔偿"]),
        ("service-providers", ["律师", "lawyer"]),
        ("rapid-rights-protection", ["抢注", "被抢注", "假冒", "counterfeit", "trademark squatting"]),
        ("overseas-disputes", ["抢注", "trademark squatting"]),
        ("pledge-financing", ["patent loan"]),
    ],
)
def test_everyday_words_are_routed_to_the_needs_they_mean(pages: dict[str, str], need: str, words: list[str]) -> None:
    section = need_section(pages["services/index.en.md"], need)
    phrases = re.search(r'data-phrases="([^"]*)"', section)
    assert phrases is not None
    assert [w for w in words if w not in phrases.group(1).split("|")] == []


#: What looks like a phone number in a page's text: a number with an area code, a local
#: 8-digit number, a 5-digit public service line (12xxx) or an 11-digit mobile number.
PHONE_LIKE = re.compile(r"(?<![\d.\-/_=])(?:0\d{2,3}-\d{7,8}|\d{8}|12\d{3}|1[3-9]\d{9})(?![\d.\-/_])")


def page_texts(site: Path) -> dict[str, str]:
    """The visible text of every built page (no markup, no scripts), by path."""
    texts = {}
    for page in sorted(site.rglob("*.html")):
        markup = re.sub(r"<script\b.*?</script>", " ", page.read_text(encoding="utf-8"), flags=re.DOTALL)
        texts[page.relative_to(site).as_posix()] = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return texts


def test_every_phone_number_on_the_site_is_a_sourced_one_the_facts_hold(
    built_project: Path, real_dataset: Dataset, contact_facts: str
) -> None:
    sv = real_dataset.services
    allowed = {d.value for b in sv.bodies for d in b.contact.shown("phone")}
    allowed |= {c.value for c in sv.current_channels() if c.kind == "hotline"}
    allowed |= {c.value for c in sv.channels if c.merged_into and c.shown}  # as history only: see the test on 12330
    assert [number for number in allowed if number not in contact_facts] == []
    on_site: dict[str, set[str]] = {}
    for path, text in page_texts(built_project / "site").items():
        for number in PHONE_LIKE.findall(text):
            on_site.setdefault(number, set()).add(path)
    assert {n: sorted(paths)[:3] for n, paths in on_site.items() if n not in allowed} == {}
    assert {"027-85711211", "12315", "12345"} <= set(on_site)


def test_the_data_package_describes_the_services_downloads(built_project: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    folder = built_project / "site" / "downloads"
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert {"needs", "offers", "service-bodies", "contacts", "channels"} <= set(names)
    for name in ("needs", "offers", "service-bodies", "contacts", "channels"):
        report = frictionless.Resource(package["resources"][names.index(name)], basepath=str(folder)).validate()
        assert report.valid, (name, report.flatten(["type", "note"]))
    dataset = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    assert len(dataset["contacts"]) == 9 and len(dataset["channels"]) == 7


def test_the_open_data_has_the_services_bodies_contacts_and_channels(real_dataset: Dataset) -> None:
    rows = {r["id"]: r for r in contact_rows(real_dataset)}
    website = rows["arbitration-office-website-1"]
    assert (website["contact_value"], website["source_gives_date"], website["checked"], website["confidence"], website["shown"]) == (
        "http://www.whac.org.cn",
        "2021-12-02",
        "2026-11-25",
        "high",
        True,
    )
    assert website["source_url"] == "https://german.wuhan.gov.cn/wh_dywz08_2021/wh_dywz082_2021/202112/t20211202_1864824.shtml"
    assert rows["amr-website-1"]["shown"] is False
    channels = {r["id"]: r for r in channel_rows(real_dataset)}
    assert channels["ip-complaints-12330"]["merged_into"] == "market-complaints-12315"
    assert channels["market-complaints-12315"]["needs"] == "rapid-rights-protection"


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
    row = "| [市科技局](sti.md) | 参与2 | 参与1 | – | 牵头1·参与3 | – | – |" if lang == "zh" else "| leads 1 · supports 3 |"
    assert row in page


def test_the_matrix_counts_match_the_tasks(real_dataset: Dataset) -> None:
    from builder.speak import PageContext

    ctx = PageContext(real_dataset, "en", "units/index.md", {}, [])
    rows = dict(ctx.responsibility_rows())
    assert sum(led for cells in rows.values() for led, _ in cells) == sum(len(t.lead) for t in real_dataset.tasks)
    assert sum(s for cells in rows.values() for _, s in cells) == sum(len(t.responsible) for t in real_dataset.tasks)
    assert rows["amr"] == [(3, 0), (2, 0), (3, 0), (5, 0), (4, 0), (4, 0)]


def test_the_matrix_chart_is_a_valid_vega_lite_spec(real_dataset: Dataset) -> None:
    import altair as alt

    from builder.speak import PageContext

    sink: list = []
    PageContext(real_dataset, "zh", "units/index.md", {}, sink).responsibility_matrix()
    alt.Chart.from_dict(sink[0].svg_spec)  # raises on a spec that does not validate


# --- in the browser ------------------------------------------------------------------
# Chromium is driven from a thread of its own: Playwright's sync API allows one
# session per thread, and the browser suite (tests/browser) keeps one open in
# the main thread for the whole run. A test hands a check to that thread with
# ``in_browser(check)``; the check gets a fresh page and its assertions fail the test.

from builder.bench import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one set of Chromium flags for every run)


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


@pytest.mark.parametrize(
    ("path", "query", "needs"),
    [
        ("services/", "律师", ["court-litigation", "service-providers"]),
        ("services/", "抢注", ["rapid-rights-protection", "overseas-disputes"]),
        ("services/", "我的商标被抢注了怎么办", ["rapid-rights-protection", "overseas-disputes"]),
        ("services/", "想找个律师打官司", ["court-litigation", "service-providers"]),
        ("en/services/", "lawyer", ["court-litigation", "service-providers"]),
        ("en/services/", "I need a lawyer", ["court-litigation", "service-providers"]),
        ("en/services/", "someone is selling counterfeits of our product", ["rapid-rights-protection"]),
        ("en/services/", "patent loan", ["pledge-financing"]),
        ("en/services/", "issue", []),  # 'sue' counts only at the start of a word
    ],
)
def test_the_need_finder_understands_an_owners_words(in_browser, server: str, path: str, query: str, needs: list[str]) -> None:
    def check(page: Any) -> None:
        page.goto(server + path)
        page.fill("#plansite-need-query", query)
        assert visible_needs(page) == needs

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
def test_from_the_home_page_two_clicks_reach_the_bodys_contact_details(
    in_browser, server: str, lang: str, need: str, body: str, task: str
) -> None:
    def check(page: Any) -> None:
        page.goto(server + ("" if lang == "zh" else "en/"))
        page.click(".plansite-enterprise-entry a")  # click 1
        page.wait_for_url(server + ("" if lang == "zh" else "en/") + "services/")
        page.click(f".plansite-need[data-need='{need}'] p a[href='{body}/#contact']")  # click 2
        page.wait_for_url(server + ("" if lang == "zh" else "en/") + f"services/{body}/#contact")
        assert page.locator(f"article a[href='../../tasks/{task}/']").count() >= 1
        assert page.locator("h2#contact").count() == 1
        top = page.eval_on_selector("h2#contact", "h => h.getBoundingClientRect().top")
        assert 0 <= top < page.viewport_size["height"] / 2  # the contact details, not the top of the page
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
        page.hover("#chart-responsibility")  # the interactive chart comes when a reader reaches for it
        page.wait_for_selector("#chart-responsibility[data-rendered='true']")
        view = "#chart-responsibility .plansite-chart__view svg"
        assert page.locator(f"{view} .role-mark.mark-rect path").count() == cells
        assert page.locator(f"{view} .role-mark.mark-text text").count() == cells
        assert page.is_hidden("#chart-responsibility .plansite-chart__fallback")
        assert other_hosts(page.requests) == []

    in_browser(check)


# --- the role a body has in the plan, on the fixture plan ------------------------------

ROLE_SERVICES = """
groups: [{id: money, name: {zh: 融资, en: Money}}]
needs:
  - {id: loans, group: money, name: {zh: 贷款, en: Loans}, summary: {zh: 贷款。, en: Loans.}, keywords: {zh: 贷款, en: loans}}
bodies:
  - unit: data-office
    offers:
      - id: named
        name: {zh: 数据服务, en: Data services}
        text: {zh: 方案要求发挥数据局作用。, en: The plan asks for the Data Office's role.}
        needs: [loans]
        tasks: [small-firm-loans]
        quotes: [{zh: 发挥数据局作用, en: Give play to the role of the Data Office}]
      - id: related
        name: {zh: 担保咨询, en: Guarantee advice}
        text: {zh: 据报道提供担保咨询。, en: Reported to give guarantee advice.}
        needs: [loans]
        tasks: [late-payment-rules]
        sources: [{url: "https://example.org/advice", date: 2025-01-02}]
"""


@pytest.fixture(scope="module")
def role_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The fixture plan with one service body: task small-firm-loans names it, late-payment-rules does not."""
    root = copy_fixture_plan("lakeside", tmp_path_factory.mktemp("roles") / "project")
    edit(root, "projects.yaml", "推进融资任务1。", "推进融资任务1，发挥数据局作用。")
    (root / "data" / "services.yaml").write_text(ROLE_SERVICES, encoding="utf-8")
    return render_pages(load_dataset(Paths.at(root), today=dt.date(2026, 6, 1)))


def test_a_task_names_a_unit_only_when_its_text_has_the_units_name(lakeside: Dataset) -> None:
    assert lakeside.task_names_unit("small-firm-loans", "data-office") is False
    assert lakeside.task_names_unit("small-firm-loans", "business-office") is False  # it leads the task; the text does not name it


def test_a_body_page_says_named_only_where_the_tasks_text_names_the_body(role_pages: dict[str, str]) -> None:
    zh = role_pages["services/data-office.md"]
    assert "- [2.1 融资任务1](../tasks/small-firm-loans.md)（任务内容中提及）" in zh
    assert "- [2.2 融资任务2](../tasks/late-payment-rules.md)（与其服务相关，任务原文未提及该单位）" in zh
    assert (
        "- [2.2 Finance task 2: late payment rules](../tasks/late-payment-rules.en.md)"
        " (related to its services; the task's text does not name the body)" in role_pages["services/data-office.en.md"]
    )


def test_the_services_index_gives_each_bodys_role_in_the_plans_words(role_pages: dict[str, str]) -> None:
    zh, en = role_pages["services/index.md"], role_pages["services/index.en.md"]
    assert "| 服务机构 | 在方案中的职责 | 方案依据 |" in zh
    assert "| [湖滨市数据局](data-office.md) | “发挥数据局作用” | [任务2.1](../tasks/small-firm-loans.md) |" in zh
    assert "| [湖滨市数据局](data-office.md) | 担保咨询（据所注来源，方案未写明） | [任务2.2](../tasks/late-payment-rules.md) |" in zh
    assert "| Body | Role in the plan | In the plan |" in en
    assert "| “Give play to the role of the Data Office” |" in en
    assert "| Guarantee advice (according to the sources cited; not in the plan's words) |" in en
    assert "What it offers" not in en


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_body_page_leads_to_its_contact_details_from_its_top(pages: dict[str, str], real_dataset: Dataset, lang: str) -> None:
    jump = f"[{real_dataset.label('contact', lang)}](#contact)"
    for body in real_dataset.services.bodies:
        page = pages[f"services/{body.unit}{SUFFIX[lang]}"]
        first_lines = page.split("\n## ")[0]
        assert jump in first_lines and "{ #contact }" in page, body.unit
