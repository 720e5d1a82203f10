"""One test per page type of the registry (builder/pages.py): its pages render
in every declared language with a title and filled labels, and its navigation
entry is there exactly when the type is in the nav and the plan has it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import jinja2
import pytest
from jinja2 import meta, nodes

from builder.hook import HOOK_LABELS
from builder.labels import LABELS
from builder.model import Dataset
from builder.pages import PAGE_TYPES, PageType, nav_pages
from builder.render import DOWNLOAD_LABELS, Rendered, make_environment, render_site
from builder.speak import SPEAK_LABELS, declares, localized

BY_ID = {page_type.id: page_type for page_type in PAGE_TYPES}


@pytest.fixture(scope="module")
def ended(lakeside: Dataset) -> Dataset:
    """The fixture plan read a year after its period ended."""
    return dataclasses.replace(lakeside, today=dt.date(lakeside.plan.period.end + 1, 12, 31))


@pytest.fixture(scope="module")
def sites(lakeside: Dataset, ended: Dataset, real_dataset: Dataset) -> dict[str, tuple[Dataset, Rendered]]:
    # The fixture plan has neither enterprise services nor safeguards; the project's own plan has both.
    return {name: (ds, render_site(ds)) for name, ds in (("running", lakeside), ("ended", ended), ("services", real_dataset))}


@pytest.fixture(scope="module")
def rendered(sites: dict[str, tuple[Dataset, Rendered]]) -> dict[str, tuple[Dataset, dict[str, str]]]:
    pages = {name: (ds, {k: v.decode() for k, v in site.files.items() if k.endswith(".md")}) for name, (ds, site) in sites.items()}
    return pages


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


def _templates_of(env: jinja2.Environment, name: str) -> list[str]:
    """A template and those it includes or imports, recursively."""
    found, queue = [], [name]
    while queue:
        current = queue.pop()
        if current not in found:
            found.append(current)
            source = env.loader.get_source(env, current)[0]  # type: ignore[union-attr]
            queue += [t for t in meta.find_referenced_templates(env.parse(source)) if t]
    return found


@pytest.mark.parametrize("type_id", list(BY_ID))
def test_the_template_only_prints_the_fields_its_view_computed(type_id: str) -> None:
    """A template reads nothing but its view's fields (``v``) and calls nothing
    but its own macros: every string, link and chart is computed by the view."""
    env = make_environment()
    for name in _templates_of(env, BY_ID[type_id].template):
        tree = env.parse(env.loader.get_source(env, name)[0])  # type: ignore[union-attr]
        assert meta.find_undeclared_variables(tree) <= {"v"}, f"{name} reads {meta.find_undeclared_variables(tree) - {'v'}}"
        macros = {m.name for m in tree.find_all(nodes.Macro)} | {"caller"}
        imported = {i.target for i in tree.find_all(nodes.Import)}
        for call in tree.find_all(nodes.Call):
            target = call.node
            is_macro = isinstance(target, nodes.Name) and target.name in macros
            is_imported = isinstance(target, nodes.Getattr) and isinstance(target.node, nodes.Name) and target.node.name in imported
            assert is_macro or is_imported, f"{name}:{call.lineno}: calls something other than a macro"


@pytest.mark.parametrize("type_id", list(BY_ID))
def test_the_page_type_declares_every_label_its_pages_use(type_id: str, sites: dict[str, tuple[Dataset, Rendered]]) -> None:
    for name, (_, site) in sites.items():
        undeclared = site.undeclared_labels.get(type_id)
        assert not undeclared, f"{name}: {type_id} uses labels it does not declare: {undeclared}"


def test_every_declared_label_is_a_label_of_the_site() -> None:
    for page_type in PAGE_TYPES:
        for pattern in page_type.labels:
            assert any(declares((pattern,), key) for key in LABELS), f"{page_type.id}: {pattern} is no label"
    for pattern in SPEAK_LABELS:
        assert any(declares((pattern,), key) for key in LABELS), f"builder.speak: {pattern} is no label"


def test_every_label_of_the_site_is_declared_by_what_uses_it() -> None:
    """The label registry holds no label that no page type, shared helper,
    download or part of the MkDocs integration declares (nothing unused)."""
    declared = tuple(p for t in PAGE_TYPES for p in t.labels) + SPEAK_LABELS + DOWNLOAD_LABELS + HOOK_LABELS
    assert [key for key in LABELS if not declares(declared, key)] == []
