"""The MkDocs side: a hook (``hooks:`` in mkdocs.yml) and the MkDocs build.

The hook runs the generator before every build, so ``mkdocs build`` and
``mkdocs serve`` regenerate ``site_src/`` from ``data/`` and ``content/``,
and ``serve`` also watches those folders.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from builder.build import (
    BuildBusy,
    build_lock,
    copy_sitemaps,
    describe_os_error,
    generate,
    pin_build_date,
    place_error_page,
    split_search_index,
)
from builder.config import DEFAULT_LANGUAGE, LANGUAGES, Paths
from builder.errors import DataError

log = logging.getLogger("mkdocs.plansite")
problems_log = logging.getLogger("plansite")


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
    # The Vega bundle's name carries its hash; it must load before the chart loader.
    if bundle not in config.extra_javascript:
        config.extra_javascript.insert(0, bundle)
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = PERMALINK_TITLES.get(language, toc.get("permalink_title", ""))
    return config


_serving = False  # set by on_startup: `mkdocs serve` keeps the last good site on a broken edit
_problems: dict[str, list[str]] = {}  # project root -> problems of the latest edit, while serving


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def regenerate(paths: Paths) -> str:
    """Generate site_src/; set the sitemap date; return the Vega bundle path.

    On a problem, ``mkdocs build`` stops (Abort); ``mkdocs serve`` logs the
    problems and keeps serving the last good site_src/ (nothing was written),
    with a notice in each page, until the data is fixed.
    """
    root = str(paths.root)
    try:
        with build_lock(paths):
            dataset, report = generate(paths)
    except DataError as exc:
        lines = [str(p) for p in exc.problems]
        return _keep_last_good(root, lines, f"{len(exc.problems)} problem(s) in the data; nothing was generated:")
    except BuildBusy as exc:
        return _keep_last_good(root, [str(exc)], "nothing was generated:")
    except OSError as exc:
        return _keep_last_good(root, [describe_os_error(exc, paths)], "nothing was generated:")
    _problems.pop(root, None)
    pin_build_date(dataset)
    if report.written or report.removed:
        log.info("plansite: %d file(s) written, %d removed", len(report.written), len(report.removed))
    return report.vega_bundle


def _keep_last_good(root: str, lines: list[str], headline: str) -> str:
    message = "\n".join([headline, *lines])
    if not (_serving and root in _generated):
        raise Abort(message)
    _problems[root] = lines
    # Not on the 'mkdocs' logger: under `strict`, MkDocs would count it and abort the rebuild.
    problems_log.error("%s\nStill serving the last good version; it updates when the data is fixed.", message)
    return _generated[root]


_BODY = re.compile(r"<body[^>]*>")


def problems_notice(output: str, problems: list[str]) -> str:
    """``output`` with a notice of ``problems`` at the top of the page (serve only)."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in problems)
    notice = (
        '<div role="alert" class="plansite-problems" style="background:#fff3cd;color:#000;padding:1em;font-family:monospace">'
        f"<p>The data has {len(problems)} problem(s); this is the last good version of the site.</p><ul>{items}</ul></div>"
    )
    found = _BODY.search(output)
    return output[: found.end()] + notice + output[found.end() :] if found else output


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
    problems = _problems.get(str(_paths(config).root))
    return problems_notice(valid_html(output), problems) if problems else valid_html(output)


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
