"""The home page: the plan at a glance."""

from __future__ import annotations

from typing import Any

from ..model import Indicator
from ..speak import PageContext
from .base import PageType, one

#: At most this many target cards: a plan with more lists them all on the progress page.
CARDS = 12


def _card(say: PageContext, ind: Indicator) -> dict[str, Any]:
    """A target's card: its name, status, latest value and its sparkline, or that it has no figure."""
    s = say.assessments[ind.id]
    card: dict[str, Any] = {
        "href": say.href(f"indicators/{ind.id}.md"),
        "number": ind.number,
        "name": ind.name(say.lang),
        "badge": say.target_badge(ind),
        "latest": None,
    }
    target = say.pair(say.t("col-target"), say.target(ind))
    if s.latest:
        period = say.paren(say.t("col-latest"), say.period(s.latest.period))
        percent = [] if s.percent_of_target is None else [say.pair(say.t("col-percent"), say.percent(s.percent_of_target))]
        card["latest"] = {
            "value": say.fmt(s.latest.value, ind),
            "derived": say.derived(s.latest),
            "sparkline": say.sparkline(ind),
        }
        card["meta"] = say.t("item-separator").join([period, target, *percent])
    else:
        card["meta"] = say.t("item-separator").join([say.t("status-qualitative") if ind.qualitative else say.t("no-figure"), target])
    return card


def home(say: PageContext) -> dict[str, Any]:
    """The plan's title and main goal, its targets as cards, its projects, and
    the way to the progress, the units and the site's own account."""
    ds = say.ds
    ended = None
    if say.ended:
        ended = say.then(
            say.tf("plan-ended", end_date=say.ended_on()), say.result_sentence(), say.link(say.t("final-account-link"), "final.md")
        )
    enterprise = None
    if ds.services.bodies:
        enterprise = say.then(
            say.term(say.t("enterprise-entry-title"), say.t("enterprise-entry-text")),
            say.link(say.t("enterprise-entry-link"), "services/index.md"),
        )
    release = None
    if ds.latest_release:
        release = say.items(
            [
                say.pair(say.t("latest-release"), ds.latest_release.date.isoformat()),
                say.link(say.t("indicators-all"), "indicators/index.md"),
            ]
        )
    projects = [
        {"number": p.number, "link": say.link(p.title(say.lang), f"projects/{p.id}.md"), "tasks": len(p.tasks)}
        for p in ds.projects.projects
    ]
    return {
        "t": say.words(HOME.labels),
        "short_title": ds.plan.short_title(say.lang),
        "title": ds.plan.title(say.lang),
        "ended": ended,
        "enterprise": enterprise,
        "main_goal": say.tx(ds.plan.main_goal),
        "release": release,
        "cards": [_card(say, ind) for ind in ds.indicators.indicators[:CARDS]],
        "goals_link": say.link(say.t("goals-more"), "goals.md"),
        "projects_intro": say.tx(ds.projects.intro),
        "projects": projects,
        "progress": say.then(say.t("progress-home"), say.link(say.t("progress"), "progress.md")),
        "units": say.then(say.t("units-intro"), say.link(say.t("units-directory"), "units/index.md")),
        "about": say.then(say.t("about-short"), say.link(say.t("about"), "about.md")),
    }


HOME = PageType(
    "home",
    "home.md.j2",
    one("index.md"),
    home,
    (
        "home", "home-intro", "plan-ended-title", "plan-ended", "final-account-link", "enterprise-entry-title",
        "enterprise-entry-text", "enterprise-entry-link", "targets-heading", "latest-release", "indicators-all",
        "col-latest", "col-target", "col-percent", "no-figure", "status-qualitative", "goals-more", "projects",
        "col-number", "col-project", "col-tasks", "progress-home", "progress", "who-is-responsible", "units-intro",
        "units-directory", "about-this-site", "about-short", "about",
    ),
)  # fmt: skip
