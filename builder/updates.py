"""What changed in each data release, and the Atom feed of it.

Pure: the releases are replayed in date order; each one is compared with the
state before it: new values, revised values (old -> new) and changes in an
indicator's progress status.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from .model import NO_PUBLIC_INFORMATION, Dataset, Observation, Release, Text
from .progress import assess_all

ATOM = "http://www.w3.org/2005/Atom"
FEED_DIR = "feeds"


@dataclass(frozen=True)
class Change:
    kind: Literal["new", "revised", "status", "note", "task-status"]
    series: str  # an indicator or proxy id ("" for a change to a task)
    period: str = ""
    old: float | Text | None = None
    new: float | Text | None = None
    old_status: str = ""
    new_status: str = ""
    task: str = ""  # a task id, for a progress note or a task's status
    derived: bool = False  # the new value was derived by this site
    source_date: dt.date | None = None  # the day the new value's source published it (None: not given)


@dataclass(frozen=True)
class ReleaseChanges:
    release: Release
    changes: tuple[Change, ...]


def _sources(ds: Dataset, series: list[str]) -> dict[tuple[str, str], Observation]:
    """The current observation of each series and period (its confidence and source)."""
    return {(s, p.period): p.observation for s in series for p in ds.current(s)}


def _task_changes(release: Release, task_status: dict[str, str]) -> list[Change]:
    """The progress notes a release adds and the task statuses it changes (updates ``task_status``)."""
    changes = [Change("note", "", task=note.task) for note in release.progress.notes]
    for entry in release.progress.statuses:
        old = task_status.get(entry.task, NO_PUBLIC_INFORMATION)
        if entry.status != old:
            changes.append(Change("task-status", "", old_status=old, new_status=entry.status, task=entry.task))
        task_status[entry.task] = entry.status
    return changes


def _values(ds: Dataset, series: list[str]) -> dict[tuple[str, str], float | Text]:
    """Each current value (or, for a qualitative target, the text found) by series and period."""
    return {(s, p.period): _value(p.observation) for s in series for p in ds.current(s)}


def _value(obs: Observation) -> float | Text:
    if obs.value is not None:
        return obs.value
    assert obs.text is not None
    return obs.text


def release_changes(ds: Dataset) -> list[ReleaseChanges]:
    """Every release with what it changed, newest first."""
    series = [i.id for i in ds.indicators.indicators] + [p.id for p in ds.indicators.proxies]
    before = dataclasses.replace(ds, releases=())
    old_values, old_status = {}, {k: a.status for k, a in assess_all(before).items()}
    task_status: dict[str, str] = {}
    out = []
    for n, release in enumerate(ds.releases):
        after = dataclasses.replace(ds, releases=ds.releases[: n + 1])
        new_values = _values(after, series)
        new_status = {k: a.status for k, a in assess_all(after).items()}
        changes = []
        sources = _sources(after, series)
        for key, value in new_values.items():
            obs = sources[key]
            about = {"derived": obs.confidence == "derived", "source_date": obs.source.date}
            if key not in old_values:
                changes.append(Change("new", *key, new=value, **about))
            elif old_values[key] != value:
                changes.append(Change("revised", *key, old=old_values[key], new=value, **about))
        for sid, status in new_status.items():
            if status != old_status.get(sid):
                changes.append(Change("status", sid, old_status=old_status.get(sid, ""), new_status=status))
        changes += _task_changes(release, task_status)
        out.append(ReleaseChanges(release, tuple(changes)))
        old_values, old_status = new_values, new_status
    return out[::-1]


def atom_feed(
    ds: Dataset,
    history: list[ReleaseChanges],
    lang: str,
    describe: Callable[[Change], str],
    t: Callable[[str], str],
    page_url: str | None,
    self_url: str | None = None,
) -> bytes:
    """The Updates page as an Atom feed. ``page_url`` is the Updates page's
    absolute address and ``self_url`` the feed's own, when the site's address
    is known (without it the feed has no links: its entries carry their
    content); ``describe`` renders one change as text."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        node = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        node.text = text
        return node

    sub(feed, "title", f"{ds.plan.short_title(lang)}: {t('updates')}")
    sub(feed, "id", f"tag:{ds.site.package},{ds.plan.period.start}:updates:{lang}")
    if page_url:
        sub(feed, "link", href=page_url)
    if self_url:
        sub(feed, "link", rel="self", href=self_url)
    sub(feed, "updated", f"{history[0].release.date.isoformat()}T00:00:00Z" if history else f"{ds.plan.date.isoformat()}T00:00:00Z")
    sub(sub(feed, "author"), "name", ds.plan.short_title(lang))
    for item in history:
        release = item.release
        entry = sub(feed, "entry")
        sub(entry, "title", f"{release.id} {release.title(lang)}")
        sub(entry, "id", f"tag:{ds.site.package},{ds.plan.period.start}:release:{release.id}:{lang}")
        if page_url:
            sub(entry, "link", href=f"{page_url}#release-{release.id}")
        sub(entry, "updated", f"{release.date.isoformat()}T00:00:00Z")
        lines = [describe(change) for change in item.changes] or [t("updates-nothing")]
        sub(entry, "content", "\n".join(lines), type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"
