"""Reuse: the licence of the site's compilation, how to cite an indicator page,
chart downloads (SVG, PNG, CSV) and the task progress in the open data.

On the fixture plan (tests/fixtures/lakeside) and small edits of copies of it."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from builder.build import generate
from builder.charts import Chart
from builder.config import Paths
from builder.downloads import PROGRESS_TABLES, open_data_files, tables_of
from builder.model import Dataset
from builder.progress import assess_all
from builder.render import render_site
from builder.validate import load_dataset

from .conftest import LAKESIDE_TODAY
from .helpers import copy_fixture_plan, edit

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHART_LINKS = re.compile(r'<a href="([^"]+\.(svg|png|csv))" download="([^"]+)">(SVG|PNG|CSV)</a>')


def _pages(ds: Dataset) -> dict[str, str]:
    return {k: v.decode("utf-8") for k, v in render_site(ds).files.items() if k.endswith(".md")}


@pytest.fixture(scope="module")
def pages(lakeside: Dataset) -> dict[str, str]:
    return _pages(lakeside)


def _without_licence(ds: Dataset) -> Dataset:
    return dataclasses.replace(ds, site=ds.site.model_copy(update={"licence": None}))


# --- the licence ------------------------------------------------------------------------------


def test_the_data_package_carries_the_licence_declared_in_the_data(lakeside: Dataset) -> None:
    package = json.loads(render_site(lakeside).files["downloads/datapackage.json"])
    assert package["licenses"] == [{"name": "CC0-1.0", "title": "知识共享 CC0 1.0 通用公共领域贡献宣告", "path": CC0}]


def test_the_open_data_page_shows_the_licence_and_what_it_does_not_cover(pages: dict[str, str]) -> None:
    en = pages["open-data.en.md"]
    assert (
        "This site's own compilation (the data tables and their structure, the translations and the charts) is published under "
        f"the [Creative Commons Zero v1.0 Universal]({CC0}) (CC0-1.0)." in en
    )
    assert (
        "The plan's original text is a government document, reproduced from its public text "
        "([https://plans.lakeside.example/plan.html](https://plans.lakeside.example/plan.html)); "
        "it is not part of this site's own compilation, and this site holds and grants no rights in it." in en
    )
    zh = pages["open-data.md"]
    assert f"按[知识共享 CC0 1.0 通用公共领域贡献宣告]({CC0})（CC0-1.0）发布。" in zh
    assert "方案原文是政府文件，本站依据其公开文本转录" in zh


def test_a_plan_without_a_licence_declares_none(lakeside: Dataset) -> None:
    files = render_site(_without_licence(lakeside)).files
    assert "licenses" not in json.loads(files["downloads/datapackage.json"])
    en = files["open-data.en.md"].decode("utf-8")
    assert "No licence has been declared for this site's own compilation" in en
    assert "creativecommons.org" not in en
    assert "本站自行整理的内容（数据表及其结构、译文和图表）未声明许可协议。" in files["open-data.md"].decode("utf-8")


def test_a_licence_that_is_not_an_spdx_id_or_a_web_address_is_reported(tmp_path: Path) -> None:
    root = copy_fixture_plan("lakeside", tmp_path / "project")
    edit(root, "site.yaml", "id: CC0-1.0", 'id: "CC0 1.0"')
    edit(root, "site.yaml", f"url: {CC0}", "url: creativecommons.org")
    command = [sys.executable, "-c", "from builder.cli import main; main()", "check", "--root", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert "data/site.yaml:10: licence.id: not a licence id (expected an SPDX id such as CC-BY-4.0, got 'CC0 1.0')" in result.stderr
    assert "data/site.yaml:12: licence.url: not a web address" in result.stderr


def test_a_licence_name_is_escaped_on_the_page(lakeside: Dataset) -> None:
    licence = lakeside.site.licence
    assert licence is not None
    name = licence.name.model_copy(update={"root": {"zh": "<script>x</script>", "en": "<b>*Open*</b>"}})
    site = lakeside.site.model_copy(update={"licence": licence.model_copy(update={"name": name})})
    en = render_site(dataclasses.replace(lakeside, site=site)).files["open-data.en.md"].decode("utf-8")
    assert f"[&lt;b&gt;\\*Open\\*&lt;/b&gt;]({CC0})" in en
    assert "<b>" not in en


# --- how to cite ------------------------------------------------------------------------------


def test_every_indicator_page_says_how_to_cite_it(lakeside: Dataset, pages: dict[str, str]) -> None:
    for ind in lakeside.indicators.indicators:
        assert "## 如何引用" in pages[f"indicators/{ind.id}.md"], ind.id
        assert "## How to cite" in pages[f"indicators/{ind.id}.en.md"], ind.id


def test_a_citation_names_the_site_the_indicator_its_address_the_data_date_and_the_sources(pages: dict[str, str]) -> None:
    assert (
        "Lakeside Business Climate Action Plan: “Business complaint rate”, data as of 2026-03-31. "
        "https://plans.lakeside.example/en/indicators/complaint-rate/. Figures from: Lakeside Statistics Office.\n"
        in pages["indicators/complaint-rate.en.md"]
    )
    assert (
        "湖滨市营商环境行动计划：营商投诉率，数据截至2026-03-31，https://plans.lakeside.example/indicators/complaint-rate/。"
        "数值来源：湖滨市统计局。\n" in pages["indicators/complaint-rate.md"]
    )


def test_without_the_sites_address_a_citation_gives_the_pages_path(lakeside: Dataset) -> None:
    ds = dataclasses.replace(lakeside, site=lakeside.site.model_copy(update={"url": None}))
    page = _pages(ds)["indicators/complaint-rate.en.md"]
    assert "data as of 2026-03-31. /en/indicators/complaint-rate/. Figures from" in page


def test_an_indicator_without_figures_is_cited_without_sources(lakeside: Dataset) -> None:
    page = _pages(dataclasses.replace(lakeside, releases=()))["indicators/complaint-rate.en.md"]
    assert (
        "Lakeside Business Climate Action Plan: “Business complaint rate”, data as of 2024-03-01. "
        "https://plans.lakeside.example/en/indicators/complaint-rate/.\n" in page
    )


@pytest.mark.hostile
def test_a_citation_shows_hostile_names_as_text(tmp_path: Path) -> None:
    root = copy_fixture_plan("lakeside", tmp_path / "project")
    edit(root, "site.yaml", "en: Lakeside Business Climate Action Plan}", "en: '<script>alert(1)</script> *Plan*'}")
    edit(root, "indicators.yaml", "en: Business complaint rate", "en: '[x](javascript:alert(1)) <img src=x>'")
    ds = load_dataset(Paths.at(root), today=LAKESIDE_TODAY)
    page = _pages(ds)["indicators/complaint-rate.en.md"]
    cite = page.split("## How to cite\n\n", 1)[1].split("\n", 1)[0]
    assert cite.startswith("&lt;script&gt;alert(1)&lt;/script&gt; \\*Plan\\*: “\\[x\\](javascript:alert(1)) &lt;img src=x&gt;”")


# --- chart downloads --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Dataset]:
    """A copy of the fixture plan with a value derived by this site, generated into site_src/."""
    root = copy_fixture_plan("lakeside", tmp_path_factory.mktemp("reuse") / "project")
    derived = (
        "  - {indicator: complaint-rate, period: 2022, value: 2.1, confidence: derived, source: *stats,"
        " formula: {zh: 推算, en: back-calculated}}\n"
    )
    edit(
        root,
        "snapshots/2026-03-31.yaml",
        "  - {indicator: complaint-rate, period: 2024",
        derived + "  - {indicator: complaint-rate, period: 2024",
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANSITE_TODAY", LAKESIDE_TODAY.isoformat())
        dataset, _ = generate(Paths.at(root))
    return root / "site_src", dataset


def _english_chart(ds: Dataset, title: str) -> Chart:
    return next(c for c in render_site(ds).charts if c.spec.get("title", {}).get("text") == title)


def _chart_links(page: str) -> list[tuple[str, str, str]]:
    return [(href, saved, label) for href, _, saved, label in CHART_LINKS.findall(page)]


def test_each_chart_but_the_small_ones_links_to_its_svg_png_and_csv(pages: dict[str, str]) -> None:
    page = pages["indicators/complaint-rate.en.md"]
    links = _chart_links(page)
    assert [(saved, label) for _, saved, label in links] == [
        ("chart-complaint-rate-en.svg", "SVG"),
        ("chart-complaint-rate-en.png", "PNG"),
        ("chart-complaint-rate-en.csv", "CSV"),
    ]
    stems = {href.rsplit("/", 1)[1].split(".")[0] for href, _, _ in links}
    assert len(stems) == 1 and f'src="../../../assets/charts/{stems.pop()}.svg"' in page  # the static first paint's SVG
    assert '<p class="plansite-chart__downloads">Download this chart: <a' in page
    assert '<p class="plansite-chart__downloads">下载此图：<a' in pages["indicators/complaint-rate.md"]
    home = pages["index.md"]
    assert home.count('class="plansite-chart plansite-chart--small"') > 0
    assert home.count('class="plansite-chart__downloads"') == home.count('class="plansite-chart"')


def test_the_chart_files_are_written_and_valid(generated: tuple[Path, Dataset]) -> None:
    site_src, _ = generated
    pages = [p for p in site_src.rglob("*.md") if "plansite-chart__downloads" in p.read_text("utf-8")]
    assert len(pages) >= 6
    for page in pages:
        for href, _, label in _chart_links(page.read_text("utf-8")):
            data = (site_src / "assets" / "charts" / href.rsplit("/", 1)[1]).read_bytes()
            if label == "SVG":
                assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"
            elif label == "PNG":
                assert data.startswith(PNG_SIGNATURE)
            else:
                assert next(csv.reader(io.StringIO(data.decode("utf-8"))))


def test_a_charts_csv_holds_its_data_with_the_values_this_site_derived_marked(generated: tuple[Path, Dataset]) -> None:
    site_src, dataset = generated
    chart = _english_chart(dataset, "Business complaint rate")
    rows = list(csv.DictReader(io.StringIO((site_src / "assets" / "charts" / chart.csv_name).read_text("utf-8"))))
    observed = [r for r in rows if r["period"]]
    assert [(r["period"], r["value"], r["derived"]) for r in observed] == [
        ("2022", "2.1", "True"),
        ("2023", "2.0", "False"),
        ("2024", "1.9", "False"),
        ("2025", "1.8", "False"),
    ]
    assert [r["series"] for r in observed] == ["Derived by this site", "Published values", "Published values", "Published values"]
    spec = chart.spec["datasets"]
    assert len(rows) == len(spec["observed"]) + len(spec.get("path", [])) + len(spec["goal"])
    assert [(r["series"], r["derived"]) for r in rows[len(observed) :]] == [
        ("Straight path to the target", "True"),
        ("Straight path to the target", "True"),
        ("Target", "False"),
        ("Target", "False"),
    ]


def test_the_png_is_the_static_svg_drawn_at_twice_its_size(generated: tuple[Path, Dataset]) -> None:
    site_src, dataset = generated
    chart = next(c for c in render_site(dataset).charts if c.id == "chart-complaint-rate")
    svg = ET.fromstring((site_src / "assets" / "charts" / chart.svg_name).read_bytes())
    png = (site_src / "assets" / "charts" / chart.png_name).read_bytes()
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (2 * round(float(svg.get("width"))), 2 * round(float(svg.get("height"))))


def test_small_charts_get_no_png_or_csv(generated: tuple[Path, Dataset]) -> None:
    site_src, dataset = generated
    sparks = [c for c in render_site(dataset).charts if c.id.startswith("spark-")]
    assert sparks and all((site_src / "assets" / "charts" / c.svg_name).is_file() for c in sparks)
    assert [c.id for c in sparks if (site_src / "assets" / "charts" / c.png_name).exists()] == []
    assert [c.id for c in sparks if (site_src / "assets" / "charts" / c.csv_name).exists()] == []


@pytest.mark.hostile
def test_a_charts_csv_keeps_hostile_labels_from_spreadsheets(tmp_path: Path) -> None:
    root = copy_fixture_plan("lakeside", tmp_path / "project")
    edit(root, "snapshots/2026-03-31.yaml", "en: Lakeside Statistics Office}", "en: '=HYPERLINK(\"http://x\")'}")
    ds = load_dataset(Paths.at(root), today=LAKESIDE_TODAY)
    files = render_site(ds).files
    chart = next(c for c in render_site(ds).charts if c.id == "chart-complaint-rate" and c.table[0]["source"].startswith("="))
    rows = list(csv.DictReader(io.StringIO(files[f"assets/charts/{chart.csv_name}"].decode("utf-8"))))
    assert {r["source"] for r in rows if r["period"]} == {'\'=HYPERLINK("http://x")'}


# --- task statuses and progress notes in the open data ---------------------------------------

PROGRESS = """progress:
  notes:
    - task: one-window-permits
      date: 2026-03-01
      period: 2025
      text: {zh: "=1+1 <script>alert(1)</script>", en: "-2 opened, \\"quoted\\", and a, comma"}
      figures:
        - {name: {zh: 窗口（个）, en: "@windows"}, value: 12}
      source:
        publisher: {zh: 湖滨市政务服务局, en: Lakeside Government Services Bureau}
        title: {zh: 工作报告, en: Work report}
        date: 2026-03-01
        url: null
      confidence: official
  statuses:
    - {task: one-window-permits, status: under-way, reviewed: 2026-03-31, note: {zh: "+注", en: "<b>note</b>"}}
    - {task: small-firm-loans, status: no-public-information, reviewed: 2026-03-31}
"""


@pytest.fixture(scope="module")
def with_progress(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    root = copy_fixture_plan("lakeside", tmp_path_factory.mktemp("progress") / "project")
    release = root / "data" / "snapshots" / "2026-03-31.yaml"
    release.write_text(release.read_text(encoding="utf-8") + PROGRESS, encoding="utf-8")
    return load_dataset(Paths.at(root), today=LAKESIDE_TODAY)


def _open_data(ds: Dataset, folder: Path) -> Path:
    files = open_data_files(ds, assess_all(ds), dict.fromkeys([*tables_of(ds), "source"], "title"))
    for rel, data in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_bytes(data)
    return folder / "downloads"


def test_a_plan_without_task_progress_publishes_no_progress_tables(lakeside: Dataset) -> None:
    assert not set(PROGRESS_TABLES) & set(tables_of(lakeside))


@pytest.mark.hostile
def test_task_statuses_and_progress_notes_are_valid_tables_of_the_package(with_progress: Dataset, tmp_path: Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    folder = _open_data(with_progress, tmp_path)
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert set(PROGRESS_TABLES) <= set(names)
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    for name in PROGRESS_TABLES:
        report = frictionless.Resource(package["resources"][names.index(name)], basepath=str(folder)).validate()
        assert report.valid, (name, report.flatten(["type", "note"]))


@pytest.mark.hostile
def test_the_progress_tables_hold_what_the_release_says_with_hostile_text_kept_from_spreadsheets(
    with_progress: Dataset, tmp_path: Path
) -> None:
    folder = _open_data(with_progress, tmp_path)

    def rows(name: str) -> list[dict]:
        return list(csv.DictReader(io.StringIO((folder / f"{name}.csv").read_text(encoding="utf-8"))))

    statuses = rows("task-statuses")
    assert [(r["release"], r["task"], r["status"], r["reviewed"], r["current"]) for r in statuses] == [
        ("2026-03-31", "one-window-permits", "under-way", "2026-03-31", "True"),
        ("2026-03-31", "small-firm-loans", "no-public-information", "2026-03-31", "True"),
    ]
    assert (statuses[0]["note_zh"], statuses[0]["note_en"], statuses[1]["note_en"]) == ("'+注", "<b>note</b>", "")
    (note,) = rows("progress-notes")
    assert (note["id"], note["task"], note["date"], note["period"], note["confidence"], note["source_url"]) == (
        "2026-03-31-1",
        "one-window-permits",
        "2026-03-01",
        "2025",
        "official",
        "",
    )
    assert (note["text_zh"], note["text_en"]) == ("'=1+1 <script>alert(1)</script>", '\'-2 opened, "quoted", and a, comma')
    assert note["source_publisher_en"] == "Lakeside Government Services Bureau"
    assert rows("progress-figures") == [
        {"note": "2026-03-31-1", "number": "1", "name_zh": "窗口（个）", "name_en": "'@windows", "value": "12.0"}
    ]
    dataset = json.loads((folder / "dataset.json").read_text(encoding="utf-8"))
    assert dataset["progress-notes"][0]["text_zh"] == "=1+1 <script>alert(1)</script>"  # JSON keeps the text as it is


def test_a_status_replaced_by_a_later_release_is_kept_but_not_current(with_progress: Dataset) -> None:
    from builder.downloads import task_status_rows

    first = with_progress.releases[0]
    status = first.progress.statuses[0].model_copy(update={"status": "not-started"})
    earlier = dataclasses.replace(first, id="2026-01-31", progress=first.progress.model_copy(update={"statuses": (status,), "notes": ()}))
    ds = dataclasses.replace(with_progress, releases=(earlier, *with_progress.releases))
    rows = [(r["release"], r["task"], r["status"], r["current"]) for r in task_status_rows(ds)]
    assert rows[0] == ("2026-01-31", "one-window-permits", "not-started", False)
    assert rows[1] == ("2026-03-31", "one-window-permits", "under-way", True)


def test_the_open_data_page_lists_the_progress_tables(with_progress: Dataset) -> None:
    page = _pages(with_progress)["open-data.en.md"]
    assert "task-statuses.csv</a> | The editors' status of each task in each data release, with the day they reviewed it |" in page
    assert "progress-notes.csv</a> | Every progress note on a task in every data release, with source and confidence |" in page
    assert "progress-figures.csv</a> | The figures reported in the progress notes |" in page
