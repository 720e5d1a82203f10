"""A plan unlike Wuhan's (tests/fixtures/lakeside), published by replacing data/
and content/ and changing nothing else: it checks, builds, says nothing of
Wuhan, and gives each kind of target its own status."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builder.config import Paths
from builder.downloads import PLAN_TABLES, SERVICE_TABLES
from builder.errors import DataError
from builder.model import Dataset
from builder.pages import nav_pages
from builder.render import render_site
from builder.validate import load_dataset

from .helpers import copy_fixture_plan

#: Words of the Wuhan plan that no page of another plan may carry.
WUHAN = re.compile(r"武汉|Wuhan|WAMR|sub-provincial|副省级|2022|24 key tasks|24项|six major|六大|\beight\b|8项|知识产权强市")


#: Builds as of a day while the plan runs, whatever the clock says.
WHILE_IT_RUNS = {**os.environ, "PLANSITE_TODAY": "2026-06-01"}


@pytest.fixture(scope="module")
def lakeside_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_fixture_plan("lakeside", tmp_path_factory.mktemp("lakeside-build") / "project")
    command = [sys.executable, "-c", "from builder.cli import main; main()", "build", "--root", str(root)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, env=WHILE_IT_RUNS)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_the_other_plan_passes_check(lakeside_root: Path) -> None:
    command = [sys.executable, "-c", "from builder.cli import main; main()", "check", "--root", str(lakeside_root)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False, env=WHILE_IT_RUNS)
    assert (result.returncode, result.stdout.strip()) == (0, "OK: 4 projects, 15 tasks, 3 units, 6 indicators.")


def test_no_page_or_download_of_the_other_plan_mentions_wuhan(lakeside_site: Path) -> None:
    leaks = {}
    for path in lakeside_site.rglob("*"):
        if path.suffix in (".html", ".xml", ".json", ".csv") and path.parent.name != "javascripts":
            found = WUHAN.findall(path.read_text(encoding="utf-8"))
            if found:
                leaks[path.relative_to(lakeside_site).as_posix()] = sorted(set(found))
    assert leaks == {}


def test_the_site_is_named_and_described_from_the_data(lakeside_site: Path) -> None:
    home, home_en = (lakeside_site / "index.html").read_text(), (lakeside_site / "en" / "index.html").read_text()
    assert "<title>湖滨市营商环境行动计划</title>" in home and "<title>Lakeside Business Climate Action Plan</title>" in home_en
    assert '<html lang="zh' in home and "测试用虚构计划。" in home and "A fictional plan for tests." in home_en
    assert "<loc>https://plans.lakeside.example/</loc>" in (lakeside_site / "sitemap.xml").read_text()


def test_a_plan_without_services_or_safeguards_has_no_such_pages_or_nav_entries(lakeside_site: Path) -> None:
    assert not (lakeside_site / "services").exists() and not (lakeside_site / "safeguards").exists()
    home = (lakeside_site / "en" / "index.html").read_text()
    assert not re.search(r'href="(\.\./)*(services|safeguards)/', home)
    assert 'href="progress/"' in home


STATUSES = {
    "complaint-rate": "off-track",  # a falling rate behind its path down
    "arrears-share": "off-track",  # a breached ceiling: 3.3% against at most 3%
    "small-loans": "achieved",  # reached, in 万元
    "service-points": "not-enough-data",  # a floor with one value
    "firms-served": "not-enough-data",  # quarterly values: one quarter
    "climate-tier": "qualitative",
}


@pytest.mark.parametrize(("indicator", "status"), STATUSES.items())
def test_each_kind_of_target_gets_its_own_status(lakeside_site: Path, indicator: str, status: str) -> None:
    page = (lakeside_site / "en" / "indicators" / indicator / "index.html").read_text()
    assert f"plansite-status--{status}" in page


def test_values_are_written_in_the_unit_entered(lakeside_site: Path) -> None:
    zh = (lakeside_site / "indicators" / "index.html").read_text()
    en = (lakeside_site / "en" / "indicators" / "index.html").read_text()
    assert "5,600万元" in zh and "亿元" not in zh
    assert "不超过3%" in zh and "降至1.2件/万户" in zh and "90个" in zh and "500家" in zh
    assert "at most 3%" in en and "down to 1.2 per 10,000 households" in en and "500 firms" in en


def test_a_breached_ceiling_is_explained_never_achieved(lakeside_site: Path) -> None:
    page = re.sub(r"<[^>]+>", "", (lakeside_site / "en" / "indicators" / "arrears-share" / "index.html").read_text())
    assert "The 2024 value of 3.3% is above the ceiling (at most 3%)." in page
    assert "Achieved" not in page


def test_a_qualitative_target_shows_what_was_found_and_the_editors_judgement(lakeside_site: Path) -> None:
    page = re.sub(r"<[^>]+>", "", (lakeside_site / "en" / "indicators" / "climate-tier" / "index.html").read_text())
    assert "reach tier A" in page and "tier B" in page
    assert "This site's editors judge it not met (2026-03-31): Still tier B in 2024." in page


def test_periods_are_worded_by_the_labels(lakeside_site: Path) -> None:
    zh = (lakeside_site / "indicators" / "firms-served" / "index.html").read_text()
    assert "2024年第4季度" in zh and "2026年2月" in zh


# --- languages declared once ------------------------------------------------------


def with_third_language(root: Path) -> None:
    """Declare French in data/site.yaml and give every text a French version."""

    def add_fr(node: object) -> object:
        if isinstance(node, dict) and {"zh", "en"} <= set(node) and all(isinstance(v, str) for v in node.values()):
            return {**node, "fr": f"FR {node['en']}"}
        if isinstance(node, dict):
            return {k: add_fr(v) for k, v in node.items()}
        if isinstance(node, list):
            return [add_fr(v) for v in node]
        return node

    for path in (root / "data").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "site.yaml":
            data["languages"].append({"code": "fr", "name": "Français", "locale": "fr"})
        path.write_text(yaml.safe_dump(add_fr(data), allow_unicode=True), encoding="utf-8")


def test_a_third_language_is_a_data_change(tmp_path: Path) -> None:
    root = copy_fixture_plan("lakeside", tmp_path / "project")
    with_third_language(root)
    dataset = load_dataset(Paths.at(root), today=dt.date(2026, 6, 1))
    assert dataset.languages == ("zh", "en", "fr")
    files = render_site(dataset).files
    assert {"index.md", "index.en.md", "index.fr.md", "feeds/updates-fr.xml"} <= set(files)
    assert "FR Lakeside Action Plan" in files["index.fr.md"].decode()
    assert "title_fr" in files["downloads/projects.csv"].decode().splitlines()[0]


def test_a_text_missing_in_a_declared_language_is_a_problem(tmp_path: Path) -> None:
    root = copy_fixture_plan("lakeside", tmp_path / "project")
    with_third_language(root)
    units = root / "data" / "units.yaml"
    units.write_text(re.sub(r"\n *fr: FR Lakeside Data Office\n", "\n", units.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_dataset(Paths.at(root))
    assert [str(p).split(": ", 1)[1] for p in error.value.problems] == [
        "units[2].name.fr: missing translation (expected text in 'fr', got nothing)"
    ]


def test_a_plan_without_services_publishes_no_services_tables(lakeside: Dataset) -> None:
    files = render_site(lakeside).files
    package = json.loads(files["downloads/datapackage.json"])
    assert [r["name"] for r in package["resources"]] == list(PLAN_TABLES)
    assert sorted(json.loads(files["downloads/dataset.json"])) == sorted(PLAN_TABLES)
    assert [p for p in files if p.removeprefix("downloads/").removesuffix(".csv") in SERVICE_TABLES] == []
    assert "needs.csv" not in files["open-data.md"].decode() and "channels.csv" not in files["open-data.md"].decode()


def test_a_running_plan_has_no_notice_of_its_end(lakeside_site: Path) -> None:
    assert [p for p in lakeside_site.rglob("index.html") if 'class="md-banner"' in p.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_404_page_is_worded_by_the_labels_and_leads_to_every_section(lakeside_site: Path, lakeside: Dataset, lang: str) -> None:
    root = "" if lang == lakeside.default_language else f"{lang}/"
    page = (lakeside_site / root / "404.html").read_text(encoding="utf-8")
    assert f'<h1 id="plansite-main-heading">{lakeside.label("not-found-title", lang)}</h1>' in page
    listed = re.findall(r'<li><a href="/([^"]*)">', page.split("<h2>", 1)[1])
    sections = [p.path.removesuffix("index.md").removesuffix(".md") for p in nav_pages(lakeside)]
    expected = [f"{root}{s}/" if not s.endswith("/") else f"{root}{s}" for s in sections if s]
    assert listed == expected
