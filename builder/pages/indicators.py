"""The targets: the index of indicators, and a page per indicator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Dataset
from ..progress import STATUSES
from ..speak import PageContext
from . import parts
from .base import PageType, one


def _indicators(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for indicator in ds.indicators.indicators:
        yield f"indicators/{indicator.id}.md", {"ind": indicator}


def index(say: PageContext) -> dict[str, Any]:
    """The targets: the overview chart, the targets table, and how progress is assessed."""
    release = say.ds.latest_release
    return {
        "t": say.words(INDICATORS.labels),
        "chart": say.overview_chart(),
        "targets": parts.targets_table(say),
        "latest_release": say.pair(say.t("latest-release"), release.date.isoformat()) if release else None,
        "outcomes": [{"term": say.t(f"outcome-{kind}"), "text": say.t(f"method-outcome-{kind}")} for kind in say.outcome_kinds()],
        "statuses": [{"badge": say.status_badge(s), "text": say.t(f"method-{s}")} for s in STATUSES],
        "kinds": [{"term": say.t(f"kind-{kind}"), "text": say.t(f"method-kind-{kind}")} for kind in say.target_kinds()],
    }


INDICATORS = PageType(
    "indicators",
    "indicators.md.j2",
    one("indicators/index.md"),
    index,
    (
        *parts.LABELS, "indicators", "indicators-intro", "latest-release", "method-title", "method-lifecycle-title",
        "method-lifecycle", "method-review-wording", "method-live-title", "method-intro", "method-notes", "method-kinds",
        "method-*", "kind-*", "axis-*", "period-*", "target-*",
    ),
)  # fmt: skip
INDICATOR = PageType("indicator", "indicator.md.j2", _indicators, in_nav=False)
