"""The open data: the downloads, their licence and how to reuse them."""

from __future__ import annotations

from typing import Any

from ..speak import PageContext
from .base import PageType, one

#: The files of the whole dataset besides its tables, each described by the label ``file-<name>``.
WHOLE = (("dataset.json", "dataset"), ("datapackage.json", "datapackage"))


def open_data(say: PageContext) -> dict[str, Any]:
    """The downloads (each table, the whole dataset, each indicator), the releases, and the licence."""
    ds = say.ds
    named = [(f"{name}.csv", name) for name in say.download_tables()] + list(WHOLE)
    files = [{"link": say.html_link(file, f"downloads/{file}"), "contents": say.t(f"file-{name}")} for file, name in named]
    indicators = [
        {
            "link": say.link(ind.name(say.lang), f"indicators/{ind.id}.md"),
            "csv": say.html_link(f"{ind.id}.csv", f"downloads/indicators/{ind.id}.csv"),
            "json": say.html_link(f"{ind.id}.json", f"downloads/indicators/{ind.id}.json"),
        }
        for ind in ds.indicators.indicators
    ]
    releases = [{"id": r.id, "title": r.title(say.lang), "observations": len(r.observations)} for r in reversed(ds.releases)]
    return {
        "t": say.words(OPEN_DATA.labels),
        "files": files,
        "indicators": indicators,
        "releases": releases,
        "licence": say.licence_statement(),
        "plan_text": say.plan_text_status(),
    }


OPEN_DATA = PageType(
    "open-data",
    "open-data.md.j2",
    one("open-data.md"),
    open_data,
    (
        "open-data", "open-data-intro", "col-file", "col-contents", "file-*", "per-indicator", "col-indicator",
        "releases", "col-release", "col-title", "col-observations", "licence-heading", "licence-figures",
    ),
)  # fmt: skip
