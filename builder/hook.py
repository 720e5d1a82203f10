"""The MkDocs side: a hook (``hooks:`` in mkdocs.yml) and the MkDocs build.

The hook runs the generator before every build, so ``mkdocs build`` and
``mkdocs serve`` regenerate ``site_src/`` from ``data/`` and ``content/``,
and ``serve`` also watches those folders.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

from builder.build import (
    PREGENERATED,
    BuildBusy,
    build_lock,
    copy_sitemaps,
    describe_os_error,
    generate,
    pin_build_date,
    place_error_page,
    split_search_index,
)
from builder.config import Paths
from builder.errors import DataError
from builder.model import Dataset
from builder.pages import nav_pages
from builder.pages.final import NOTICE_LABELS, ended_notice
from builder.share import CARD_HEIGHT, CARD_WIDTH

log = logging.getLogger("mkdocs.plansite")
problems_log = logging.getLogger("plansite")


def _paths(config) -> Paths:
    return _paths_of(config.config_file_path)


@functools.cache
def _paths_of(config_file: str) -> Paths:
    """The project of a mkdocs.yml (asked for on every page: resolved once)."""
    return Paths.at(Path(config_file).parent)


_generated: dict[str, tuple[Dataset, str]] = {}  # project root -> dataset and Vega bundle, for the other languages' passes


def on_config(config):
    # mkdocs-static-i18n runs the whole build once per language, this hook included.
    i18n = config.plugins.get("i18n") if hasattr(config, "plugins") else None
    paths = _paths(config)
    root = str(paths.root)
    language = getattr(i18n, "current_language", None)
    if language is None or root not in _generated:
        # ``plansite build`` has generated site_src/ already and left its result here.
        _generated[root] = PREGENERATED.pop(root, None) or regenerate(paths)
        dataset = _generated[root][0]
        configure_site(config, dataset)
        if i18n is not None:
            i18n.config.languages = language_configs(config, dataset)
    dataset, bundle = _generated[root]
    language = getattr(i18n, "current_language", None) or dataset.default_language
    # The chart loader fetches the Vega bundle (its name carries its hash),
    # and only on a page with a chart: the theme gives it the address.
    config.extra["vega_bundle"] = bundle
    config.extra["labels"] = theme_labels(dataset, language)
    config.extra["locale"] = dataset.site.language(language).locale  # <html lang>, hreflang
    config.extra["locales"] = {lang.code: lang.locale for lang in dataset.site.languages}
    config.extra["ended"] = ended_notice(dataset, language)  # the notice atop every page of an ended plan
    toc = config.mdx_configs.setdefault("toc", {})
    toc["permalink_title"] = dataset.label("permalink-title", language)
    return config


#: The labels the theme itself prints, given to its templates as ``config.extra.labels``.
THEME_LABELS = ("reading-mode", "reading-mode-title", "not-found-title", "not-found-text", "not-found-home", "not-found-sections")
#: Every label the MkDocs integration uses: the theme's, the headings' permalink title and the colour-scheme toggles.
HOOK_LABELS = (*THEME_LABELS, "permalink-title", "theme-to-dark", "theme-to-light", *NOTICE_LABELS)


def theme_labels(dataset: Dataset, language: str) -> dict[str, str]:
    return {key: dataset.label(key, language) for key in THEME_LABELS}


def configure_site(config, dataset: Dataset) -> None:
    """The site's identity, languages and navigation come from the data."""
    default = dataset.default_language
    config.site_name = dataset.site.name(default)
    config.site_description = dataset.site.description(default)
    config.copyright = dataset.site.footer(default)
    if dataset.site.url:
        config.site_url = dataset.site.url
    config.theme["language"] = default
    config.nav = navigation(dataset)
    search = config.plugins.get("search")
    if search is not None:
        search.config.lang = list(dataset.languages)


def language_configs(config, dataset: Dataset) -> list:
    """mkdocs-static-i18n's language list, built from data/site.yaml and the labels."""
    from mkdocs_static_i18n.config import I18nPluginLanguage

    out = []
    for n, lang in enumerate(dataset.site.languages):
        item = I18nPluginLanguage()
        item.load_dict(
            {
                "locale": lang.code,
                "name": lang.name,
                "default": n == 0,
                "build": True,
                "site_name": dataset.site.name(lang.code),
                "site_description": dataset.site.description(lang.code),
                "copyright": dataset.site.footer(lang.code),
                "theme": {"palette": palette(config, dataset, lang.code)},
            }
        )
        failed, _ = item.validate()
        if failed:
            raise Abort(f"data/site.yaml: languages[{n}]: " + "; ".join(f"{key}: {err}" for key, err in failed))
        out.append(item)
    return out


def palette(config, dataset: Dataset, lang: str) -> list[dict]:
    """mkdocs.yml's light and dark schemes, their toggles named in ``lang``."""
    names = {"material/weather-night": "theme-to-dark", "material/weather-sunny": "theme-to-light"}
    schemes = []
    for scheme in config.theme.get("palette") or []:
        toggle = dict(scheme.get("toggle") or {})
        if toggle.get("icon") in names:
            toggle["name"] = dataset.label(names[toggle["icon"]], lang)
        schemes.append({**scheme, "toggle": toggle})
    return schemes


def navigation(dataset: Dataset) -> list[str]:
    """The pages in the navigation, in order, from the page registry."""
    return [page.path for page in nav_pages(dataset)]


_serving = False  # set by on_startup: `mkdocs serve` keeps the last good site on a broken edit
_problems: dict[str, list[str]] = {}  # project root -> problems of the latest edit, while serving


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def regenerate(paths: Paths) -> tuple[Dataset, str]:
    """Generate site_src/; set the sitemap date; return the dataset and the Vega bundle path.

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
    for note in report.notes:
        log.info("%s", note)
    return dataset, report.vega_bundle


def _keep_last_good(root: str, lines: list[str], headline: str) -> tuple[Dataset, str]:
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


def on_page_context(context, page, config, nav):
    home = nav.homepage if nav is not None else None
    context["plansite_share"] = share_head(_dataset(config), config.theme["language"], page, home.meta if home else {})
    return context


def share_head(dataset: Dataset, language: str, page, home_meta: dict) -> dict:
    """What the theme prints in a page's head for search engines and link
    previews: the Open Graph locale, and, when the site has an address, the
    page's language versions and its share image (a page without its own
    shows the home page's)."""
    locales = {lang.code: lang.locale for lang in dataset.site.languages}
    head: dict = {
        "locale": open_graph_locale(locales[language]),
        "other_locales": [open_graph_locale(locale) for code, locale in locales.items() if code != language],
        "alternates": [],
    }
    if not dataset.site.url:
        return head
    base = dataset.site.url.removesuffix("/") + "/"
    head["url"] = base + _site_path(page.url)
    versions = {code: base + _site_path(file.url) for code, file in (getattr(page.file, "alternates", None) or {}).items()}
    if len(versions) > 1:
        head["alternates"] = [(locales[code], versions[code]) for code in locales if code in versions]
        if dataset.default_language in versions:
            head["alternates"].append(("x-default", versions[dataset.default_language]))
    shown = page.meta if page.meta.get("image") else home_meta
    if shown.get("image"):
        head.update(image=base + shown["image"], image_alt=shown.get("image_alt", ""), image_width=CARD_WIDTH, image_height=CARD_HEIGHT)
    return head


def _site_path(url: str) -> str:
    """A page's URL from the site root, as MkDocs gives it ('./' for the home page)."""
    return "" if url in (".", "./") else url.removeprefix("./")


def open_graph_locale(locale: str) -> str:
    """Open Graph writes a locale as language_TERRITORY: zh-CN -> zh_CN."""
    return locale.replace("-", "_")


def on_post_page(output, page, config):
    problems = _problems.get(str(_paths(config).root))
    return problems_notice(valid_html(output), problems) if problems else valid_html(output)


def _dataset(config) -> Dataset:
    return _generated[str(_paths(config).root)][0]


def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    default = _dataset(config).default_language
    return place_error_page(Path(config.site_dir), config.theme["language"], default, valid_html(output))


# After mkdocs-static-i18n (priority -100) has built the other languages and merged their search entries.
@event_priority(-150)
def on_post_build(config):
    others = _dataset(config).languages[1:]
    copy_sitemaps(Path(config.site_dir), others)
    split_search_index(Path(config.site_dir), others)


def on_serve(server, config, builder):
    paths = _paths(config)
    for folder in (paths.data, paths.content):
        if folder.is_dir():
            server.watch(str(folder))
    return server


def build_site(paths: Paths, site_dir: Path, dataset: Dataset, bundle: str) -> None:
    """Run the MkDocs build of ``paths`` (already generated) into ``site_dir``."""
    PREGENERATED[str(paths.root)] = (dataset, bundle)
    try:
        config = load_config(config_file=str(paths.mkdocs_yml), site_dir=str(site_dir))
        mkdocs_build(config)
    finally:
        PREGENERATED.pop(str(paths.root), None)
