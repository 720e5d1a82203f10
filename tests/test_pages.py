"""One test per page type of the registry (builder/pages.py): its pages render
in every declared language with a title and filled labels, and its navigation
entry is there exactly when the type is in the nav and the plan has it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from builder.model import Dataset
from builder.pages import PAGE_TYPES, PageType, nav_pages
from builder.render import render_pages
from builder.speak import localized

BY_ID = {page_type.id: page_type for page_type in PAGE_TYPES}


@pytest.fixture(scope="module")
def ended(lakeside: Dataset) -> Dataset:
    """The fixture plan read a year after its period ended."""
    return dataclasses.replace(lakeside, today=dt.date(lakeside.plan.period.end + 1, 12, 31))


@pytest.fixture(scope="module")
def rendered(lakeside: Dataset, ended: Dataset, real_dataset: Dataset) -> dict[str, tuple[Dataset, dict[str, str]]]:
    # The fixture plan has neither enterprise services nor safeguards; the project's own plan has both.
    return {name: (ds, render_pages(ds)) for name, ds in (("running", lakeside), ("ended", ended), ("services", real_dataset))}


def _plan_with(page_type: PageType, rendered: dict[str, tuple[Dataset, dict[str, str]]]) -> tuple[Dataset, dict[str, str]]:
    return next(found for found in rendered.values() if page_type.present(found[0]))


@pytest.mark.parametrize("type_id", list(BY_ID))
def test_each_page_of_the_type_renders_in_every_language_with_a_title_and_filled_labels(
    type_id: str, rendered: dict[str, tuple[Dataset, dict[str, str]]]
) -> None:
    page_type = BY_ID[type_id]
    ds, pages = _plan_with(page_type, rendered)
    listed = page_type.render_list(ds)
    assert listed, f"{type_id}: no page"
    for page in listed:
        for lang in ds.languages:
            text = pages[localized(page.path, lang, ds.default_language)]
            body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL).lstrip()
            assert body.startswith("# ") and len(body.splitlines()[0]) > 2, f"{page.path} ({lang}): no title"
            shown = re.sub(r'data-[a-z-]+="[^"]*"', "", body)  # attributes may hold templates for the page's scripts
            assert not re.search(r"\{[a-z_]+\}", shown), f"{page.path} ({lang}): a placeholder left unfilled"
            if lang == ds.default_language:  # the plans' own language is Chinese: a Python None would show as 'None'
                assert "None" not in re.sub(r"<script.*?</script>", "", body, flags=re.DOTALL), f"{page.path}: 'None' printed"


@pytest.mark.parametrize("type_id", list(BY_ID))
def test_the_type_has_a_nav_entry_exactly_when_it_is_in_the_nav_and_the_plan_has_it(
    type_id: str, rendered: dict[str, tuple[Dataset, dict[str, str]]]
) -> None:
    page_type = BY_ID[type_id]
    for ds, pages in rendered.values():
        nav = [entry.path for entry in nav_pages(ds)]
        listed = page_type.render_list(ds)
        assert (bool(listed) and listed[0].path in nav) == (page_type.in_nav and page_type.present(ds))
        if not page_type.present(ds):  # an absent type leaves no page behind
            assert not [path for path in pages if any(localized(p.path, ds.default_language, "") == path for p in listed)]


def test_the_fixture_plans_show_each_optional_page_type_both_present_and_absent(
    rendered: dict[str, tuple[Dataset, dict[str, str]]],
) -> None:
    for type_id in ("final", "services", "service-body", "safeguards"):
        presence = {name: BY_ID[type_id].present(ds) for name, (ds, _) in rendered.items()}
        assert True in presence.values() and False in presence.values(), (type_id, presence)
