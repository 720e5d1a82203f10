"""The MkDocs side: a hook (``hooks:`` in mkdocs.yml) and the MkDocs build.

The hook runs the generator before every build, so ``mkdocs build`` and
``mkdocs serve`` regenerate ``site_src/`` from ``data/`` and ``content/``,
and ``serve`` also watches those folders.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from builder.build import copy_sitemaps, generate, pin_build_date, place_error_page, split_search_index
from builder.config import DEFAULT_LANGUAGE, LANGUAGES, Paths
from builder.errors import DataError, Problem
from builder.load import load_yaml, position_of

log = logging.getLogger("mkdocs.plansite")


def _paths(config) -> Paths:
    return Paths.at(Path(config.config_file_path).parent)


#: Set by ``plansite build`` once it has generated site_src/, so the hook does
#: not generate a second time; holds the Vega bundle's path.
PREGENERATED = "PLANSITE_PREGENERATED_BUNDLE"


#: Heading-link titles per language (mkdocs.yml's toc permalink_title is one string).
PERMALINK_TITLES = {"zh": "本节链接", "en": "Link to this section"}
_generated: dict[str, str] = {}  # project root -> Vega bundle, for the other languages' passes


def on_config(config):
    # mkdocs-static-i18n runs the whole build once per language, this hook included.
    i18n = config.plugins.get("i18n") if hasattr(config, "plugins") else None
    language = getattr(i18n, "current_language", None) or DEFAULT_LANGUAGE
    paths = _paths(config)
    root = str(paths.root)
    bundle = os.environ.get(PREGENERATED)
    if not bundle:
        if language == DEFAULT_LANGUAGE or root not in _generated:
            _generated[root] = regenerate(paths)
        bundle = _generated[root]
    # The chart loader fetches the Vega bundle (its name carries its hash),
    # and only on a page with a chart: the theme gives it the address.
    config.extra["vega_bundle"] = bundle
    config.extra["labels"] = theme_labels(paths, language)
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = PERMALINK_TITLES.get(language, toc.get("permalink_title", ""))
    return config


#: The labels the theme itself prints (data/ui.yaml), given to its templates
#: as ``config.extra.labels``.
THEME_LABELS = ("reading-mode", "reading-mode-title")


def theme_labels(paths: Paths, language: str) -> dict[str, str]:
    ui_file = paths.data / "ui.yaml"
    where = paths.display(ui_file)
    raw, problems = load_yaml(ui_file, where)
    strings = raw.get("strings") if isinstance(raw, dict) else None
    strings = strings if isinstance(strings, dict) else {}
    labels = {key: strings.get(key) for key in THEME_LABELS}
    missing = [key for key, text in labels.items() if not (isinstance(text, dict) and isinstance(text.get(language), str))]
    if problems or missing:
        line, column = position_of(raw, ("strings",)) if isinstance(raw, dict) else (0, 0)
        problems += [
            Problem(where, line, column, f"strings.{key}", "missing label used by the theme", "{zh: ..., en: ...}", "nothing")
            for key in missing
        ]
        lines = "\n".join(str(p) for p in problems)
        raise Abort(f"{len(problems)} problem(s) in the data; nothing was built:\n{lines}")
    return {key: text[language] for key, text in labels.items()}


def regenerate(paths: Paths) -> str:
    """Generate site_src/; set the sitemap date; return the Vega bundle path."""
    try:
        dataset, report = generate(paths)
    except DataError as exc:
        lines = "\n".join(str(p) for p in exc.problems)
        raise Abort(f"{len(exc.problems)} problem(s) in the data; nothing was generated:\n{lines}") from None
    pin_build_date(dataset)
    if report.written or report.removed:
        log.info("plansite: %d file(s) written, %d removed", len(report.written), len(report.removed))
    return report.vega_bundle


#: Stock Material markup that the Nu HTML Checker rejects, and what replaces it:
#: ``autocomplete`` is not allowed on a checkbox (the drawer and search toggles).
MATERIAL_MARKUP_FIXES = (
    ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
    ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
)


def valid_html(output: str) -> str:
    for invalid, valid in MATERIAL_MARKUP_FIXES:
        output = output.replace(invalid, valid)
    return output


def on_post_page(output, page, config):
    return valid_html(output)


def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    return place_error_page(Path(config.site_dir), config.theme["language"], DEFAULT_LANGUAGE, valid_html(output))


# After mkdocs-static-i18n (priority -100) has built the other languages and merged their search entries.
@event_priority(-150)
def on_post_build(config):
    others = tuple(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE)
    copy_sitemaps(Path(config.site_dir), others)
    split_search_index(Path(config.site_dir), others)


def on_serve(server, config, builder):
    paths = _paths(config)
    for folder in (paths.data, paths.content):
        if folder.is_dir():
            server.watch(str(folder))
    return server


def build_site(paths: Paths, site_dir: Path, bundle: str) -> None:
    """Run the MkDocs build of ``paths`` (already generated) into ``site_dir``."""
    os.environ[PREGENERATED] = bundle
    try:
        config = load_config(config_file=str(paths.mkdocs_yml), site_dir=str(site_dir))
        mkdocs_build(config)
    finally:
        del os.environ[PREGENERATED]
