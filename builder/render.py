"""Rendering the dataset into Markdown pages: pure, model in, {path: text} out.

Each page type (:mod:`builder.pages`) gives its template what to print; every
value interpolated into a template is escaped for Markdown by default (see
:func:`builder.speak.md_escape`), and templates mark their own markup as safe
with :class:`markupsafe.Markup`.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass
from typing import Any

import jinja2
import yaml
from markupsafe import Markup

from . import charts, share
from .downloads import open_data_files, tables_of, to_csv
from .model import Dataset
from .pages import pages
from .progress import Assessment, assess_all
from .speak import CHARTS_DIR, PageContext, localized, md_block, md_escape, page_dir
from .updates import FEED_DIR, atom_feed, release_changes

#: The labels of the open data's files (their titles in the data package).
DOWNLOAD_LABELS = ("file-*", "plan-source")


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return md_escape(value)


def make_environment(bytecode_cache: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("builder", "templates"),
        bytecode_cache=bytecode_cache,  # compiled templates kept between builds
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML: escaping is done by _finalize
    )
    env.filters["html"] = lambda v: Markup(html.escape(str(v), quote=True))
    env.filters["block"] = lambda v: Markup(md_block(v))
    return env


def with_meta(text: str, meta: dict[str, str]) -> str:
    """A page's Markdown with ``meta`` added to its front matter (YAML)."""
    head: dict = {}
    if text.startswith("---\n"):
        front, _, text = text[4:].partition("\n---\n")
        head = yaml.load(front, Loader=_YAML_LOADER) or {}
    head.update(meta)
    dumped = yaml.dump(head, Dumper=_YAML_DUMPER, allow_unicode=True, sort_keys=False, width=2**16)
    return "---\n" + dumped + "---\n" + text


#: libyaml where PyYAML was built with it (ten times as fast; the same output).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class Rendered:
    """Everything rendered: files for site_src/ and the charts needing an SVG."""

    files: dict[str, bytes]
    charts: tuple[charts.Chart, ...]
    missing_labels: tuple[str, ...] = ()
    cards: tuple[share.Card, ...] = ()  # share images to draw
    #: page type -> labels its pages used without its declaring them (a fault of the code, found by the tests)
    undeclared_labels: dict[str, tuple[str, ...]] = dataclasses.field(default_factory=dict)


def render_site(
    ds: Dataset, share_languages: tuple[str, ...] | None = None, bytecode_cache: jinja2.BytecodeCache | None = None
) -> Rendered:
    """All generated pages (every language) and download files.

    ``share_languages``: the languages whose pages get share images (by
    default every language when the site has an address, as an image is
    only shared by its absolute address).
    """
    env = make_environment(bytecode_cache)
    assessments = assess_all(ds)
    files: dict[str, bytes] = {}
    chart_sink: list[charts.Chart] = []
    missing: set[str] = set()
    if share_languages is None:
        share_languages = ds.languages if ds.site.url else ()
    cards = _cards(ds, share_languages, assessments, missing)
    undeclared: dict[str, set[str]] = {}
    for page_type, page in pages(ds):
        template = env.get_template(page.template)
        for lang in ds.languages:
            used = undeclared.setdefault(page_type.id, set())
            ctx = PageContext(ds, lang, page.path, assessments, chart_sink, missing, page_type.labels, used)
            text = template.render(v=page_type.view(ctx, **page.context))
            meta = {"description": ctx.description(page.kind, page.context)}
            card = cards.get((lang, page.context["ind"].id)) if page.kind == "indicator" else cards.get((lang, page.kind))
            if card is not None:
                meta.update(image=card.path, image_alt=card.alt)
            files[localized(page.path, lang, ds.default_language)] = with_meta(text, meta).encode("utf-8")
    default = PageContext(ds, ds.default_language, "open-data.md", assessments, [], missing)
    titles = {name: default.t(f"file-{name}") for name in tables_of(ds)} | {"source": default.t("plan-source")}
    files.update(open_data_files(ds, assessments, titles))
    history = release_changes(ds)
    for lang in ds.languages:
        ctx = PageContext(ds, lang, "updates.md", assessments, [], missing)
        feed = f"{FEED_DIR}/updates-{lang}.xml"
        page_url = self_url = None
        if ds.site.url:  # a feed's links are absolute: without the site's address, it has none
            base = ds.site.url.removesuffix("/") + "/"
            page_url, self_url = base + page_dir("updates.md", lang, ds.default_language), base + feed
        files[feed] = atom_feed(ds, history, lang, ctx.describe_change, ctx.t, page_url, self_url)
    unique: dict[str, charts.Chart] = {}
    for chart in chart_sink:  # one file per chart, offered for download if any page offers it
        if chart.downloads or chart.svg_name not in unique:
            unique[chart.svg_name] = chart
    for chart in unique.values():
        if chart.downloads:
            files[f"{CHARTS_DIR}/{chart.csv_name}"] = to_csv(chart.table_fields(), chart.table)
    drawn = {card.path: card for card in cards.values()}
    return Rendered(
        files,
        tuple(unique[k] for k in sorted(unique)),
        tuple(sorted(missing)),
        tuple(drawn[k] for k in sorted(drawn)),
        {kind: tuple(sorted(keys)) for kind, keys in undeclared.items() if keys},
    )


def _cards(
    ds: Dataset, languages: tuple[str, ...], assessments: dict[str, Assessment], missing: set[str]
) -> dict[tuple[str, str], share.Card]:
    """(language, indicator id or 'home') -> its share image."""
    cards = {}
    for lang in languages:
        ctx = PageContext(ds, lang, "index.md", assessments, [], missing)
        cards[(lang, "home")] = ctx.home_card()
        for ind in ds.indicators.indicators:
            cards[(lang, ind.id)] = ctx.indicator_card(ind)
    return cards


def render_pages(ds: Dataset) -> dict[str, str]:
    """The Markdown pages only, as text (for tests and previews)."""
    return {k: v.decode("utf-8") for k, v in render_site(ds).files.items() if k.endswith(".md")}
