"""The guide for enterprises: the needs and who serves them, and a page per service body."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from ..model import Channel, Dataset, Need, ServiceBody, Unit
from ..speak import PageContext, md_block, md_cell, md_escape
from .base import PageType, one


def _service_bodies(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for body in ds.services.bodies:
        yield f"services/{body.unit}.md", {"body": body, "unit": ds.unit_by_id[body.unit]}


def _has_services(ds: Dataset) -> bool:
    return bool(ds.services.bodies)


def _need(say: PageContext, need: Need) -> dict[str, Any]:
    """A need's section: who to contact, their offers, and the channels that fit it."""
    sv = say.ds.services
    sourced = sv.has_sourced_channel(need.id)
    general = not sourced or need.gap
    return {
        "id": need.id,
        "search": say.need_search_text(need),
        "phrases": say.need_phrases(need),
        "name": need.name(say.lang),
        "summary": need.summary(say.lang),
        "bodies": say.term(say.t("bodies-to-contact"), say.body_links([body.unit for body in sv.bodies_for(need.id)], "contact")),
        "offers": [
            {"cells": [say.body_link(body.unit), say.offer_duty(offer), say.task_refs(list(offer.tasks))]}
            for body, offer in sv.offers_for(need.id)
        ],
        "channels": [say.channel_item(channel) for channel in sv.channels_for(need.id)],
        "gap": say.term(say.t("need-gap"), md_cell(need.gap(say.lang))) if need.gap else None,
        "general": say.t("need-gap-general" if sourced else "need-no-channel") if general else None,
        "general_channels": [say.channel_item(channel) for channel in sv.general_channels_for(need.id)] if general else [],
    }


def _channel(say: PageContext, channel: Channel) -> dict[str, Any]:
    """A channel's entry: its number, what it is (and is not) for, its history and provenance."""
    return {
        "anchor": say.channel_anchor(channel),
        "name": channel.name(say.lang),
        "value": say.term(say.t(f"channel-kind-{channel.kind}"), say.channel_value(channel)),
        "purpose": channel.purpose(say.lang),
        "notes": [text(say.lang) for text in (channel.not_for, channel.note) if text],
        "flags": say.flag_notes(say.item_flags(channel), channel.source),
        "history": say.channel_history(channel),
        "needs": say.term(say.t("channel-needs"), say.channel_fits(channel)),
        "provenance": say.provenance(channel),
    }


def guide(say: PageContext) -> dict[str, Any]:
    """The enterprise page: needs -> bodies -> offers -> plan tasks, then the channels."""
    sv = say.ds.services
    groups = []
    for group in sv.groups:
        members = sv.needs_in(group.id)
        if members:
            groups.append(
                {
                    "id": group.id,
                    "name": group.name(say.lang),
                    "index": say.term(group.name(say.lang), say.need_links([need.id for need in members])),
                    "needs": [_need(say, need) for need in members],
                }
            )
    return {
        "t": say.words(SERVICES.labels),
        "count_attributes": say.count_attributes("need-finder-count"),
        "need_channels": say.term(say.t("need-channels"), ""),
        "groups": groups,
        "channels": [_channel(say, channel) for channel in sv.current_channels()],
    }


def _contact_rows(say: PageContext, body: ServiceBody) -> list[dict[str, Any]]:
    """Each shown contact detail with its source, or a field saying it is not confirmed."""
    rows = say.contact_rows(body)
    table = []
    for name, _ in body.contact.details():
        shown = [row for row in rows if row.field == name and row.detail.shown]
        table += [{"cells": [say.field_label(row), say.detail_value(row), say.provenance(row.detail)]} for row in shown]
        if not shown:
            value = md_escape(say.t("not-confirmed"))
            if body.contact.hidden(name):
                value += "<br>" + md_escape(say.t("contact-hidden-low"))
            table.append({"cells": [say.t(f"contact-{name}"), Markup(value), "–"]})
    return table


def body_page(say: PageContext, body: ServiceBody, unit: Unit) -> dict[str, Any]:
    """A service body: what it also is (sourced), what it offers, the needs it
    serves, its plan tasks, and its contact details, each with its source."""
    offers = [
        {
            "name": offer.name(say.lang),
            "text": offer.text(say.lang),
            "terms": say.items(
                [
                    say.term(say.t("offer-needs"), say.need_links(list(offer.needs))),
                    say.term(say.t("col-plan-tasks"), say.task_refs(list(offer.tasks))),
                ]
            ),
            "quotes": [say.noted(quote(say.lang), say.plan_quote(quote)) if say.translated else quote(say.lang) for quote in offer.quotes],
            "sources": say.term(say.t("offer-sources"), say.source_links(offer.sources)) if offer.sources else None,
        }
        for offer in body.offers
    ]
    identities = [
        {
            "text": say.then(
                Markup(md_block(identity.text(say.lang))),
                say.term(say.t("body-also-named"), md_cell(identity.names(say.lang))) if identity.names else None,
            ),
            "provenance": say.provenance(identity),
        }
        for identity in body.identity
        if identity.shown
    ]
    return {
        "t": say.words(SERVICE_BODY.labels),
        "title": say.body_title(unit.id),
        "links": say.items(
            [
                say.link(say.t("body-back"), "services/index.md"),
                say.link(say.t("body-unit-page"), f"units/{unit.id}.md"),
                Markup(f"[{md_escape(say.t('contact'))}](#contact)"),
            ]
        ),
        "note": unit.note(say.lang) if unit.note else None,
        "identities": identities,
        "needs": say.term(say.t("body-needs"), say.need_links(list(body.need_ids))),
        "offers": offers,
        "offer_quotes": say.term(say.t("offer-quotes"), ""),
        "tasks": [say.noted(say.task_link(task_id), say.task_role(unit.id, task_id)) for task_id in say.body_tasks(body)],
        "contact_rows": _contact_rows(say, body),
        "ask": [say.channel_item(channel) for channel in say.ask_channels()] if body.contact.unconfirmed() else None,
    }


SERVICES = PageType(
    "services",
    "services.md.j2",
    one("services/index.md"),
    guide,
    (
        "services-title", "services-intro", "services-contact-note", "need-finder-label", "need-finder-placeholder",
        "need-finder-empty", "need-finder-count-*", "needs-index",
        "bodies-to-contact", "col-body", "col-offer", "col-plan-tasks", "need-channels", "need-gap",
        "need-gap-general", "need-no-channel", "channels-title", "channels-intro",
    ),
    present=_has_services,
)  # fmt: skip
SERVICE_BODY = PageType(
    "service-body",
    "service-body.md.j2",
    _service_bodies,
    body_page,
    (
        "body-back", "body-unit-page", "body-also-named", "body-needs", "body-offers", "body-disclaimer",
        "offer-needs", "col-plan-tasks", "offer-quotes", "offer-sources", "related-tasks", "contact",
        "contact-how-shown", "col-contact-field", "col-contact-value", "col-source", "not-confirmed", "contact-ask",
    ),
    in_nav=False,
    present=_has_services,
)  # fmt: skip
