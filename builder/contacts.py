"""Contact details and channels: which are shown, and what a reader must be told about them.

Pure functions of the services data. A detail is shown when its confidence is
high or medium. A shown one is flagged "check before calling" when its source
gives no date, when the source was already old when it was checked, or when
another source gives a different value for the same field of the same place.
It is flagged as due for a new check when it was checked longer ago than the
data allows, counted back from the newest date in the data (not the clock:
the same data always gives the same site).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import CONTACT_FIELDS, Contact, ContactDetail, ContactSource, Dataset, ServicesFile, Sourced


def as_of(ds: Dataset) -> dt.date:
    """The newest date in the data: the latest release, the plan's date or the latest check."""
    dates = [ds.plan.date, *(r.date for r in ds.releases), *(item.checked for item in sourced_items(ds.services) if item.checked)]
    return max(dates)


def sourced_items(services: ServicesFile) -> list[Sourced]:
    """Every channel, identity and contact detail of the services data."""
    items: list[Sourced] = list(services.channels)
    for body in services.bodies:
        items += body.identity
        items += [d for _, details in body.contact.details() for d in details]
    return items


@dataclass(frozen=True)
class Flags:
    """What a reader must know before relying on a shown item."""

    undated_source: bool = False
    old_source: bool = False  # the source was older than allowed when it was checked
    disagreement: bool = False  # another source gives another value for the same thing
    stale: bool = False  # checked longer ago than allowed

    @property
    def check_before_calling(self) -> bool:
        return self.undated_source or self.old_source or self.disagreement


def flags(services: ServicesFile, item: Sourced, today: dt.date, disagreement: bool = False) -> Flags:
    source = services.source(item.source) if item.source else None
    day = source.day() if source else None
    checked = item.checked or today
    return Flags(
        undated_source=source is not None and day is None,
        old_source=day is not None and (checked - day).days > services.sources_max_age_days,
        disagreement=disagreement,
        stale=item.checked is not None and (today - item.checked).days > services.contacts_max_age_days,
    )


def disagreeing(contact: Contact, name: str) -> set[int]:
    """The shown details of a field (by id()) that another source contradicts for the same place."""
    shown = contact.shown(name)
    found = set()
    for detail in shown:
        others = [d for d in shown if d.place == detail.place and d.source != detail.source]
        if any(d.value != detail.value for d in others):
            found.add(id(detail))
    return found


@dataclass(frozen=True)
class DetailRow:
    """One contact detail as a page or a download shows it."""

    field: str
    detail: ContactDetail
    source: ContactSource | None
    flags: Flags


def detail_rows(services: ServicesFile, contact: Contact, today: dt.date) -> list[DetailRow]:
    """Every detail of a contact (shown or not), field by field."""
    rows = []
    for name in CONTACT_FIELDS:
        contradicted = disagreeing(contact, name)
        for detail in getattr(contact, name):
            source = services.source(detail.source) if detail.source else None
            rows.append(DetailRow(name, detail, source, flags(services, detail, today, id(detail) in contradicted)))
    return rows


@dataclass(frozen=True)
class ContactCounts:
    shown: int
    hidden_low: int
    not_confirmed: int  # fields of a body with no shown detail


def contact_counts(services: ServicesFile) -> ContactCounts:
    bodies = [b.contact for b in services.bodies]
    shown = sum(len(c.shown(n)) for c in bodies for n in CONTACT_FIELDS)
    hidden = sum(len(c.hidden(n)) for c in bodies for n in CONTACT_FIELDS)
    missing = sum(1 for c in bodies for n in CONTACT_FIELDS if not c.shown(n))
    return ContactCounts(shown, hidden, missing)
