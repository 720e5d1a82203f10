"""Pages made to be shared and found: each page has a description of its own
and Open Graph tags; with the site's address (data/site.yaml url) also absolute
canonical and language-alternate links, a sitemap and share images; without
it, none of what must be absolute; <html lang> is each language's locale."""

from __future__ import annotations

import datetime as dt
import json
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from builder import build, share
from builder.config import Paths
from builder.model import Dataset
from builder.render import render_site
from builder.validate import load_dataset

from .helpers import copy_fixture_plan, edit

URL = "https://plans.lakeside.example/"
LOCALES = {"zh": "zh-CN", "en": "en"}
#: An indicator name with quotes, markup and an ampersand, in both languages.
HOSTILE = {"zh": "营商\"投诉'率<script>alert(1)</script>&", "en": "Business \"complaint' rate <script>alert(1)</script> &"}
WHILE_IT_RUNS = {**os.environ, "PLANSITE_TODAY": "2026-06-01"}


def plansite_build(root: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", "from builder.cli import main; main()", "build", "--root", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False, env=WHILE_IT_RUNS)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="module")
def addressed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """The fixture plan, which has an address, with a hostile indicator name; built."""
    root = copy_fixture_plan("lakeside", tmp_path_factory.mktemp("shared") / "project")
    names = "{" + ", ".join(f"{lang}: {json.dumps(name, ensure_ascii=False)}" for lang, name in HOSTILE.items()) + "}"
    edit(root, "indicators.yaml", "name: {zh: 营商投诉率, en: Business complaint rate}", f"name: {names}")
    return root / "site", plansite_build(root)


@pytest.fixture(scope="module")
def unaddressed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """The fixture plan without an address, its Chinese declared zh-Hans; built."""
    root = copy_fixture_plan("lakeside", tmp_path_factory.mktemp("unaddressed") / "project")
    edit(root, "site.yaml", f"url: {URL}\n", "")
    edit(root, "site.yaml", "locale: zh-CN", "locale: zh-Hans")
    return root / "site", plansite_build(root)


@pytest.fixture(scope="module")
def site(addressed: tuple[Path, subprocess.CompletedProcess]) -> Path:
    return addressed[0]


class Head(HTMLParser):
    """<html lang>, and the <meta> and <link> tags of a page's head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = values.get("lang")
        elif tag == "meta" and ("name" in values or "property" in values):
            self.meta.setdefault(values.get("property") or values["name"], []).append(values.get("content", ""))
        elif tag == "link":
            self.links.append(values)

    def one(self, key: str) -> str | None:
        found = self.meta.get(key, [])
        assert len(found) <= 1, f"{key} given {len(found)} times"
        return found[0] if found else None

    def links_with(self, rel: str) -> list[dict[str, str]]:
        return [link for link in self.links if rel in link.get("rel", "").split()]


def head_of(page: Path) -> Head:
    parser = Head()
    parser.feed(page.read_text(encoding="utf-8").split("</head>", 1)[0])
    return parser


def pages_of(site: Path) -> dict[str, Path]:
    """Every page by its address below the site root ('', 'en/tasks/1-1/', ...)."""
    found = {}
    for page in sorted(site.rglob("index.html")):
        path = page.parent.relative_to(site).as_posix()
        found["" if path == "." else path + "/"] = page
    return found


def language_of(path: str) -> str:
    return "en" if path.startswith("en/") else "zh"


def generated(path: str) -> bool:
    """A page the builder makes from the data (not a hand-written page of content/)."""
    return path.removeprefix("en/") != "about/"


# --- descriptions --------------------------------------------------------------------------


def test_every_generated_page_has_a_description_of_its_own(site: Path) -> None:
    descriptions: dict[str, dict[str, list[str]]] = {"zh": {}, "en": {}}
    for path, page in pages_of(site).items():
        if generated(path):
            descriptions[language_of(path)].setdefault(head_of(page).one("description") or "", []).append(path)
    shared = {lang: {text: paths for text, paths in found.items() if len(paths) > 1 or not text} for lang, found in descriptions.items()}
    assert shared == {"zh": {}, "en": {}}


def test_a_description_is_made_from_the_pages_data_in_its_language(site: Path) -> None:
    pages = pages_of(site)
    paths = ("tasks/one-window-permits/", "en/tasks/one-window-permits/", "units/data-office/", "en/units/data-office/")
    described = {path: head_of(pages[path]).one("description") for path in paths}
    assert described["tasks/one-window-permits/"] == "重点任务1.1：审批任务1（牵头单位：营商办）。推进审批任务1。"
    assert described["en/tasks/one-window-permits/"] == (
        "Key task 1.1: Permits task 1: one window permits (led by Lakeside Business Climate Office). Carry out permits task 1."
    )
    assert described["units/data-office/"].startswith("湖滨市数据局在《湖滨营商行动计划》中：牵头")
    assert described["en/units/data-office/"].startswith("Lakeside Data Office in the Lakeside Business Plan: Leads ")


def test_a_hostile_name_is_shown_as_written_in_every_tag_of_the_head(site: Path) -> None:
    for lang, prefix in (("zh", ""), ("en", "en/")):
        page = site / prefix / "indicators" / "complaint-rate" / "index.html"
        raw = page.read_text(encoding="utf-8").split("</head>", 1)[0]
        head = head_of(page)
        separator = "：" if lang == "zh" else ": "
        assert "<script>alert" not in raw
        assert head.one("og:title") == HOSTILE[lang]
        assert head.one("description").startswith(HOSTILE[lang] + separator)
        assert head.one("og:description") == head.one("description")
        assert head.one("og:image:alt").startswith(HOSTILE[lang] + separator)


# --- Open Graph, canonical and language alternates -------------------------------------------


def test_every_page_has_open_graph_tags_with_absolute_addresses(site: Path) -> None:
    wrong = {}
    for path, page in pages_of(site).items():
        head, lang = head_of(page), language_of(path)
        other = "en" if lang == "zh" else "zh_CN"
        found = {
            "type": head.one("og:type"),
            "locale": head.one("og:locale"),
            "other": head.meta.get("og:locale:alternate"),
            "url": head.one("og:url"),
            "title": bool(head.one("og:title")),
            "description": head.one("og:description") == head.one("description") != None,  # noqa: E711
            "image": (head.one("og:image") or "").startswith(URL + share.CARD_DIR + "/"),
        }
        expected = {
            "type": "website",
            "locale": LOCALES[lang].replace("-", "_"),
            "other": [other],
            "url": URL + path,
            "title": True,
            "description": True,
            "image": True,
        }
        if found != expected:
            wrong[path] = {key: value for key, value in found.items() if value != expected[key]}
    assert wrong == {}


def test_canonical_and_language_alternates_are_absolute_and_lead_to_pages_of_the_site(site: Path) -> None:
    pages, wrong = pages_of(site), {}
    for path, page in pages.items():
        head = head_of(page)
        zh = path.removeprefix("en/")
        alternates = {link["hreflang"]: link["href"] for link in head.links_with("alternate") if "hreflang" in link}
        canonical = [link["href"] for link in head.links_with("canonical")]
        expected = {"zh-CN": URL + zh, "en": URL + "en/" + zh, "x-default": URL + zh}
        if (canonical, alternates) != ([URL + path], expected):
            wrong[path] = (canonical, alternates)
        missing = [href for href in alternates.values() if href.removeprefix(URL) not in pages]
        if missing:
            wrong[path] = missing
    assert wrong == {}


def test_the_sitemap_lists_every_page_at_its_absolute_address_with_its_language_versions(site: Path) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    locations = [url.findtext("s:loc", namespaces=ns) for url in root.findall("s:url", ns)]
    assert sorted(locations) == sorted(URL + path for path in pages_of(site))
    home = next(url for url in root.findall("s:url", ns) if url.findtext("s:loc", namespaces=ns) == URL)
    alternates = {link.get("hreflang"): link.get("href") for link in home.findall("x:link", ns)}
    assert alternates == {"zh-CN": URL, "en": URL + "en/", "x-default": URL}


def test_every_page_declares_its_languages_locale(site: Path, unaddressed: tuple[Path, subprocess.CompletedProcess]) -> None:
    declared = {(language_of(path), head_of(page).lang) for path, page in pages_of(site).items()}
    assert declared == {("zh", "zh-CN"), ("en", "en")}
    declared = {(language_of(path), head_of(page).lang) for path, page in pages_of(unaddressed[0]).items()}
    assert declared == {("zh", "zh-Hans"), ("en", "en")}


# --- share images ---------------------------------------------------------------------------


def test_each_indicator_and_the_home_page_has_a_share_image_in_each_language(site: Path, lakeside: Dataset) -> None:
    pages = pages_of(site)
    images = {path: head_of(page).one("og:image") for path, page in pages.items()}
    own = {images[f"{prefix}indicators/{ind.id}/"] for prefix in ("", "en/") for ind in lakeside.indicators.indicators}
    homes = {images[""], images["en/"]}
    assert len(own | homes) == 2 * (len(lakeside.indicators.indicators) + 1)
    assert images["tasks/"] == images[""] and images["en/tasks/"] == images["en/"]


def test_share_images_are_pngs_of_the_preview_size(site: Path) -> None:
    images = sorted((site / share.CARD_DIR).glob("*"))
    assert images
    for image in images:
        data = image.read_bytes()
        width, height = struct.unpack(">II", data[16:24])
        assert (data[:8], data[12:16], width, height) == (b"\x89PNG\r\n\x1a\n", b"IHDR", share.CARD_WIDTH, share.CARD_HEIGHT), image.name
        assert 5_000 < len(data) < 400_000, (image.name, len(data))


def test_a_language_whose_site_name_no_installed_font_draws_gets_no_share_images(
    lakeside: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(share, "undrawable", lambda text, font: "湖滨" if "湖滨" in text else "")
    languages, notes = build.share_languages(lakeside)
    assert (languages, notes) == (
        ("en",),
        [
            "data/site.yaml: note: no installed font draws '湖滨' of the site's name in 'zh' "
            "(languages.image_font: Noto Sans CJK SC); its pages are published without share images"
        ],
    )
    files = render_site(lakeside, languages).files
    assert "image" not in files["indicators/complaint-rate.md"].decode().split("\n---\n", 1)[0]
    assert "\nimage: assets/share/" in files["indicators/complaint-rate.en.md"].decode().split("\n---\n", 1)[0]


def test_the_font_check_finds_characters_no_installed_font_draws() -> None:
    assert share.undrawable("湖滨 Lakeside", "Noto Sans CJK SC") == ""
    assert share.undrawable("a\U000f0000b", "sans-serif") == "\U000f0000"


# --- without an address ---------------------------------------------------------------------


def test_without_an_address_nothing_that_must_be_absolute_is_published(unaddressed: tuple[Path, subprocess.CompletedProcess]) -> None:
    site = unaddressed[0]
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("sitemap.xml*")) == []
    assert not (site / share.CARD_DIR).exists()
    wrong = {}
    for path, page in pages_of(site).items():
        head = head_of(page)
        found = [link["rel"] for link in head.links if {"canonical", "alternate"} & set(link["rel"].split())]
        found += [key for key in ("og:url", "og:image") if key in head.meta]
        found += [f"{key}=None" for key, values in head.meta.items() if "None" in values]
        if found:
            wrong[path] = found
    assert wrong == {}
    feed = ET.parse(site / "feeds" / "updates-en.xml").getroot()
    assert feed.findall(".//{http://www.w3.org/2005/Atom}link") == []


def test_build_says_once_that_the_site_has_no_address(
    unaddressed: tuple[Path, subprocess.CompletedProcess], addressed: tuple[Path, subprocess.CompletedProcess]
) -> None:
    assert unaddressed[1].stderr.count(build.NO_URL_NOTE) == 1
    assert "note: no 'url'" not in addressed[1].stderr


# --- fitting text ------------------------------------------------------------------------------


def test_text_is_clipped_by_display_width_at_a_space_with_an_ellipsis() -> None:
    assert share.clip("abc def ghi", 8) == "abc def…"
    assert share.clip("一二三四五六", 8) == "一二三…"
    assert share.clip("short", 8) == "short"


def test_text_is_wrapped_without_starting_a_line_with_a_closing_mark() -> None:
    assert share.wrap("一二三。四", 6, 2) == ["一二", "三。四"]
    assert share.wrap("这是一个很长的句子。", 8, 2) == ["这是一个", "很长的…"]


def test_the_final_account_is_described_by_the_plans_result(lakeside_root: Path) -> None:
    ended = load_dataset(Paths.at(lakeside_root), today=dt.date(2028, 6, 1))
    files = render_site(ended, ()).files
    described = {lang: get_data(files[page].decode())[1]["description"] for lang, page in (("zh", "final.md"), ("en", "final.en.md"))}
    assert described["zh"].startswith(f"《{ended.plan.title('zh')}》实施期结束后的终期情况。6项目标中：")
    assert described["en"].startswith(f"Final results of the {ended.plan.title('en')}. Of 6 targets: ")
