"""The Updates page and its Atom feed: what each data release changed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from builder.config import Paths
from builder.model import Dataset
from builder.render import render_site
from builder.updates import release_changes
from builder.validate import load_dataset

from .helpers import edit

ATOM = "{http://www.w3.org/2005/Atom}"


def test_releases_are_listed_newest_first_with_their_changes(real_dataset: Dataset) -> None:
    history = release_changes(real_dataset)
    dates = [item.release.date for item in history]
    assert dates == sorted(dates, reverse=True)
    assert len(history) == len(real_dataset.releases)
    first_hv = next(i for i in history if i.release.id == "2024-04-26")
    kinds = {(c.kind, c.series, c.period) for c in first_hv.changes}
    assert ("new", "high-value-patents", "2023") in kinds
    assert ("status", "high-value-patents", "") in kinds


def test_a_revised_value_is_shown_old_to_new(project: Path) -> None:
    release = project / "data" / "snapshots" / "2026-11-24.yaml"
    release.write_text(
        release.read_text(encoding="utf-8")
        + "  - indicator: high-value-patents\n    period: 2024\n    value: 40.6\n    confidence: official\n    source: *yearbook\n",
        encoding="utf-8",
    )
    pages = render_site(load_dataset(Paths.at(project))).files
    revised = "Revised: High-value invention patents per 10,000 people, 2024: 40.57 → 40.6 (the source gives no date)"
    assert revised in pages["updates.en.md"].decode()
    assert "修订：每万人口高价值发明专利拥有量，2024年：40.57件 → 40.6件" in pages["updates.md"].decode()


def test_a_status_change_is_listed(project: Path) -> None:
    edit(project, "snapshots/2026-11-24.yaml", "    value: 62\n", "    value: 300\n")
    page = render_site(load_dataset(Paths.at(project))).files["updates.en.md"].decode()
    assert (
        "Status as recomputed on the figures this site compiled: "
        "Madrid international trademark registration applications: Not enough data → Achieved" in page
    )


def test_the_feed_is_valid_atom_with_one_entry_per_release(real_dataset: Dataset) -> None:
    files = render_site(real_dataset).files
    for lang in ("zh", "en"):
        feed = ET.fromstring(files[f"feeds/updates-{lang}.xml"])
        assert feed.tag == f"{ATOM}feed"
        entries = feed.findall(f"{ATOM}entry")
        assert len(entries) == len(real_dataset.releases)
        assert entries[0].find(f"{ATOM}updated").text == f"{real_dataset.releases[-1].date.isoformat()}T00:00:00Z"
        assert entries[0].find(f"{ATOM}content").text


def test_with_the_site_address_the_feed_links_absolutely_and_names_itself(lakeside: Dataset) -> None:
    files = render_site(lakeside).files
    for lang, page in ((lakeside.default_language, "updates/"), (lakeside.languages[1], f"{lakeside.languages[1]}/updates/")):
        feed = ET.fromstring(files[f"feeds/updates-{lang}.xml"])
        links = [(link.get("rel"), link.get("href")) for link in feed.findall(f"{ATOM}link")]
        assert links == [
            (None, f"https://plans.lakeside.example/{page}"),
            ("self", f"https://plans.lakeside.example/feeds/updates-{lang}.xml"),
        ]
        entry = feed.find(f"{ATOM}entry")
        release = lakeside.releases[-1].id
        assert entry.find(f"{ATOM}link").get("href") == f"https://plans.lakeside.example/{page}#release-{release}"


def test_without_the_site_address_the_feed_has_no_link_rather_than_a_relative_one(real_dataset: Dataset) -> None:
    assert real_dataset.site.url is None
    for lang in real_dataset.languages:
        feed = ET.fromstring(render_site(real_dataset).files[f"feeds/updates-{lang}.xml"])
        assert [link.get("href") for link in feed.iter(f"{ATOM}link")] == []
