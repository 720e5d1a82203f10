"""The built site (zh at /, en at /en/) and the writing of site_src/ and site/."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import types
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

import pytest
import yaml
from mkdocs.exceptions import Abort

from builder.build import CHARTS_DIR, SITE_CSS, WriteReport, generate, publish, template_cache
from builder.config import Paths
from builder.errors import DataError
from builder.hook import THEME_LABELS, on_config, theme_labels
from builder.model import Dataset
from builder.validate import load_dataset

from .helpers import DEFAULT_LANGUAGE, LOCALES, REPO_ROOT, copy_fixture_plan, copy_project, edit, line_of, snapshot

ADVERTISING = ("小编", "19855109130", "0551-65300586", "免费咨询")


class _Page(HTMLParser):
    """What the tests read from a built page: its visible text, links and resources."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def visible_text(path: Path) -> str:
    return "".join(read_page(path).text)


@pytest.fixture(scope="module")
def site(built_project: Path) -> Path:
    return built_project / "site"


def html_pages(site: Path, lang: str) -> list[Path]:
    """The content pages of one language (index.html files; zh outside en/, en inside it)."""
    pages = sorted(site.rglob("index.html"))
    in_en = [p for p in pages if p.relative_to(site).parts[0] == "en"]
    return in_en if lang == "en" else [p for p in pages if p not in in_en]


def page_of(site: Path, lang: str, path: str) -> Path:
    return (site / "en" if lang == "en" else site) / path / "index.html"


# --- pages and languages ----------------------------------------------------------


def test_the_site_has_a_chinese_home_at_the_root_and_an_english_one_under_en(site: Path) -> None:
    assert [(site / p).is_file() for p in ("index.html", "en/index.html")] == [True, True]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_declares_its_language(site: Path, real_dataset: Dataset, lang: str) -> None:
    pages = html_pages(site, lang)
    assert len(pages) >= len(real_dataset.tasks) + len(real_dataset.units.units)
    assert [p.relative_to(site).as_posix() for p in pages if f'<html lang="{LOCALES[lang]}"' not in p.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_task_page_shows_its_title_and_units(site: Path, real_dataset: Dataset, lang: str) -> None:
    def unit_name(unit_id: str) -> str:
        unit = real_dataset.unit_by_id[unit_id]
        return unit.short("zh") if lang == "zh" else unit.name("en")

    missing = {}
    for task in real_dataset.tasks:
        path = page_of(site, lang, f"tasks/{task.id}")
        text = visible_text(path) if path.is_file() else ""
        wanted = [task.title(lang)] + [unit_name(u) for u in task.lead + task.responsible]
        if absent := [w for w in wanted if w not in text]:
            missing[task.id] = absent
    assert missing == {}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_unit_has_a_page_with_its_name(site: Path, real_dataset: Dataset, lang: str) -> None:
    missing = []
    for unit in real_dataset.units.units:
        path = page_of(site, lang, f"units/{unit.id}")
        if not path.is_file() or unit.name(lang) not in visible_text(path):
            missing.append(unit.id)
    assert missing == []


def language_link(site: Path, page: Path, hreflang: str) -> str:
    """Where the language switch of ``page`` leads for ``hreflang``, as a path from the site root."""
    hrefs = [attrs["href"] for tag, attrs in read_page(page).tags if tag == "a" and attrs.get("hreflang") == hreflang]
    assert len(hrefs) == 1, f"{page}: expected one link to {hreflang}, found {hrefs}"
    here = "/" + page.parent.relative_to(site).as_posix() + "/"
    return urljoin(here, hrefs[0])


def test_the_language_switch_on_an_english_task_page_leads_to_the_same_task_in_chinese(site: Path, real_dataset: Dataset) -> None:
    targets = {t.id: language_link(site, page_of(site, "en", f"tasks/{t.id}"), "zh") for t in real_dataset.tasks}
    assert targets == {t.id: f"/tasks/{t.id}/" for t in real_dataset.tasks}


def test_the_language_switch_on_a_chinese_task_page_leads_to_the_same_task_in_english(site: Path, real_dataset: Dataset) -> None:
    targets = {t.id: language_link(site, page_of(site, "zh", f"tasks/{t.id}"), "en") for t in real_dataset.tasks}
    assert targets == {t.id: f"/en/tasks/{t.id}/" for t in real_dataset.tasks}


def test_no_page_loads_a_script_stylesheet_or_image_from_another_host(site: Path) -> None:
    external = ("http://", "https://", "//")
    found = set()
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        for tag, attrs in read_page(page).tags:
            if tag in ("script", "link", "img"):
                found |= {
                    (page.relative_to(site).as_posix(), tag, v)
                    for k, v in attrs.items()
                    if k in ("src", "href") and (v or "").startswith(external)
                }
    assert len(pages) > 100
    assert sorted(found) == []


@pytest.mark.parametrize("advert", ADVERTISING)
def test_the_reposting_sites_advertising_is_nowhere_in_the_site(site: Path, advert: str) -> None:
    assert [p.relative_to(site).as_posix() for p in sorted(site.rglob("*")) if p.is_file() and advert.encode() in p.read_bytes()] == []


def test_the_root_404_page_is_in_the_default_language(site: Path) -> None:
    assert f'<html lang="{LOCALES[DEFAULT_LANGUAGE]}"' in (site / "404.html").read_text(encoding="utf-8")


def test_the_404_pages_language_switch_leads_to_the_home_pages(site: Path) -> None:
    links = {
        attrs["hreflang"]: urljoin("/", attrs["href"] or "")
        for tag, attrs in read_page(site / "404.html").tags
        if tag == "a" and attrs.get("hreflang")
    }
    assert links == {"zh": "/", "en": "/en/"}


def test_english_pages_title_their_heading_links_in_english(site: Path) -> None:
    assert [p.relative_to(site).as_posix() for p in html_pages(site, "en") if 'title="本节链接"' in p.read_text(encoding="utf-8")] == []


# --- writing site_src/ --------------------------------------------------------------


class Generated(NamedTuple):
    paths: Paths
    report: WriteReport


@pytest.fixture(scope="module")
def generated(built_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """A fresh project copy after one `generate`.

    Rendering chart SVGs is slow, so the copy starts with the built project's
    SVGs, which generate() reuses by name; every page is still written.
    """
    paths = Paths.at(copy_project(tmp_path_factory.mktemp("generated") / "project"))
    charts = built_project / "site_src" / CHARTS_DIR
    if charts.is_dir():
        shutil.copytree(charts, paths.site_src / CHARTS_DIR)
    _, report = generate(paths)
    return Generated(paths, report)


def copy_of(generated: Generated, tmp_path: Path) -> Paths:
    root = tmp_path / "project"
    shutil.copytree(generated.paths.root, root, symlinks=True)
    return Paths.at(root)


def test_the_first_generate_writes_every_page_in_both_languages(generated: Generated, real_dataset: Dataset) -> None:
    pages = {f"tasks/{t.id}{suffix}" for t in real_dataset.tasks for suffix in (".md", ".en.md")}
    pages |= {f"units/{u.id}{suffix}" for u in real_dataset.units.units for suffix in (".md", ".en.md")}
    assert pages - set(generated.report.written) == set()


def test_generating_again_writes_and_removes_nothing(generated: Generated, tmp_path: Path) -> None:
    paths = copy_of(generated, tmp_path)
    before = snapshot(paths.site_src)
    _, report = generate(paths)
    assert (report.written, report.removed) == ([], [])
    assert snapshot(paths.site_src) == before


def test_generating_copies_the_hand_written_pages(generated: Generated) -> None:
    site_src, content = generated.paths.site_src, generated.paths.content
    assert {p.name: p.read_bytes() for p in site_src.glob("about*.md")} == {p.name: p.read_bytes() for p in content.glob("about*.md")}


def test_a_stale_file_in_site_src_is_removed_and_the_gitignore_kept(generated: Generated, tmp_path: Path) -> None:
    paths = copy_of(generated, tmp_path)
    gitignore = (paths.site_src / ".gitignore").read_bytes()
    (paths.site_src / "old" / "deep").mkdir(parents=True)
    (paths.site_src / "old" / "deep" / "gone.md").write_text("# gone\n")
    (paths.site_src / "stale.md").write_text("# stale\n")
    _, report = generate(paths)
    assert sorted(report.removed) == ["old/deep/gone.md", "stale.md"]
    assert [(paths.site_src / p).exists() for p in ("stale.md", "old")] == [False, False]
    assert (paths.site_src / ".gitignore").read_bytes() == gitignore


def test_broken_data_writes_nothing_to_site_src(project: Path) -> None:
    paths = Paths.at(project)
    edit(project, "projects.yaml", "lead: [copyright]", "lead: [copyrite]")
    with pytest.raises(DataError, match="unknown unit id 'copyrite'"):
        generate(paths)
    assert snapshot(paths.site_src) == {".gitignore": (paths.site_src / ".gitignore").read_bytes()}


# --- swapping in site/ ------------------------------------------------------------


def test_a_failed_build_leaves_the_previous_site_and_no_partial_one(tmp_path: Path) -> None:
    paths = Paths.at(tmp_path)
    (paths.site / "en").mkdir(parents=True)
    (paths.site / "en" / "index.html").write_text("old")

    def failing_build(into: Path) -> None:
        (into / "index.html").write_text("half")
        raise RuntimeError("MkDocs failed")

    with pytest.raises(RuntimeError, match="MkDocs failed"):
        publish(paths, failing_build)
    assert snapshot(paths.site) == {"en/index.html": b"old"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-builds", "site"]
    assert [p.name for p in (tmp_path / ".site-builds").iterdir()] == [os.readlink(paths.site).split("/")[-1]]


def test_a_successful_build_replaces_the_site_whole(tmp_path: Path) -> None:
    paths = Paths.at(tmp_path)
    paths.site.mkdir()
    (paths.site / "stale.html").write_text("old")
    publish(paths, lambda into: (into / "index.html").write_text("new"))
    assert snapshot(paths.site) == {"index.html": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-builds", "site"]
    assert paths.site.is_symlink() and os.readlink(paths.site).startswith(".site-builds/")


def test_the_previous_site_is_kept_until_the_next_successful_swap(tmp_path: Path) -> None:
    paths = Paths.at(tmp_path)
    for text in ("one", "two", "three"):
        publish(paths, lambda into, text=text: (into / "index.html").write_text(text))
    kept = sorted((tmp_path / ".site-builds").iterdir())
    assert [(p / "index.html").read_text() for p in kept] == ["two", "three"]
    assert (paths.site / "index.html").read_text() == "three"


# --- the MkDocs hook ------------------------------------------------------------


def test_the_mkdocs_hook_aborts_the_build_with_every_problem(project: Path) -> None:
    text = edit(project, "projects.yaml", "lead: [copyright]", "lead: [copyrite]")
    config = types.SimpleNamespace(config_file_path=str(project / "mkdocs.yml"))
    with pytest.raises(Abort) as caught:
        on_config(config)
    assert caught.value.message == (
        "1 problem(s) in the data; nothing was generated:\n"
        f"data/projects.yaml:{line_of(text, 'lead: [copyrite]')}: projects[1].tasks[2].lead[0]: "
        "unknown unit id 'copyrite'; did you mean 'copyright'? (expected a unit id from data/units.yaml, got 'copyrite')"
    )


def test_the_theme_takes_its_labels_from_the_data_in_the_pages_language(lakeside_root: Path, lakeside: Dataset) -> None:
    strings = labels_of(lakeside_root)
    for lang in lakeside.languages:
        assert theme_labels(lakeside, lang) == {key: strings[key][lang] for key in THEME_LABELS}


def test_a_label_the_theme_needs_missing_from_the_data_stops_the_build_at_its_place(project: Path) -> None:
    text = (project / "data" / "ui.yaml").read_text(encoding="utf-8")
    kept = [line for line in text.splitlines(keepends=True) if not line.startswith("  reading-mode:")]
    (project / "data" / "ui.yaml").write_text("".join(kept), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(Paths.at(project))
    assert [str(p) for p in caught.value.problems] == [
        f"data/ui.yaml:{line_of(text, 'strings:')}: strings.reading-mode: missing label used by the site "
        "(expected {zh: ..., en: ...}, got nothing)"
    ]


def labels_of(project: Path) -> dict:
    return yaml.safe_load((project / "data" / "ui.yaml").read_text(encoding="utf-8"))["strings"]


def test_compiled_templates_are_kept_for_the_next_build_and_give_the_same_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / ".cache", ignore_errors=True)
    generate(Paths.at(project))
    first = {k: v for k, v in snapshot(project / "site_src").items() if k != ".gitignore"}
    kept = sorted((project / ".cache" / "templates").iterdir())
    assert len(kept) == len(list((REPO_ROOT / "builder" / "templates").glob("*.j2")))
    shutil.rmtree(project / "site_src")
    generate(Paths.at(project))  # from the kept templates
    assert snapshot(project / "site_src") == first


def test_a_template_cache_that_cannot_be_made_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    assert template_cache(tmp_path / "file" / "templates") is None  # a file where the folder should be
    assert template_cache(tmp_path / "cache") is not None


def test_the_published_stylesheet_is_the_themes_minified(site: Path) -> None:
    source = (REPO_ROOT / "theme" / SITE_CSS).read_text(encoding="utf-8")
    published = (site / SITE_CSS).read_text(encoding="utf-8")
    assert "/*" in source and "/*" not in published
    assert len(published) < 0.8 * len(source)
    assert 'content:var(--plansite-col-1) / ""' in published  # rules kept as written


_GENERATE = (
    "import sys; from builder.build import generate; from builder.config import Paths; "
    "generate(Paths.at(sys.argv[1])); print('altair' in sys.modules)"
)


def _generate_in_a_new_process(root: Path) -> bool:
    """Generate ``root``'s site_src/ in a fresh interpreter; say whether it imported Altair."""
    result = subprocess.run([sys.executable, "-c", _GENERATE, str(root)], capture_output=True, text=True, timeout=300, check=True)
    return result.stdout.strip() == "True"


def test_chart_specs_are_kept_so_that_a_build_with_the_same_charts_never_imports_altair(tmp_path: Path) -> None:
    project = copy_fixture_plan("lakeside", tmp_path / "project")
    shutil.rmtree(project / ".cache", ignore_errors=True)
    assert _generate_in_a_new_process(project)  # the first build makes the charts with Altair
    first = {k: v for k, v in snapshot(project / "site_src").items() if k != ".gitignore"}
    shutil.rmtree(project / "site_src")
    assert not _generate_in_a_new_process(project)  # the next one takes them from the cache
    assert {k: v for k, v in snapshot(project / "site_src").items() if k != ".gitignore"} == first


def test_a_changed_chart_is_made_anew_and_the_cache_keeps_only_the_charts_in_use(tmp_path: Path) -> None:
    project = copy_fixture_plan("lakeside", tmp_path / "project")
    _generate_in_a_new_process(project)
    edit(project, "ui.yaml", "overview-title: {zh: ", "overview-title: {zh: 新标题")
    assert _generate_in_a_new_process(project)  # the overview's title changed: made anew
    home = (project / "site_src" / "indicators" / "index.md").read_text(encoding="utf-8")
    titles = [json.loads(spec).get("title", {}).get("text") for spec in re.findall(r'class="plansite-chart__spec">(.*?)</script>', home)]
    assert "新标题" + "各项目标完成比例" in titles
    [kept] = (project / ".cache" / "charts").glob("*.json")
    kept_titles = [spec.get("title", {}).get("text") for spec in json.loads(kept.read_text(encoding="utf-8")).values()]
    assert "新标题各项目标完成比例" in kept_titles
    assert "各项目标完成比例" not in kept_titles  # the old overview is no longer kept
