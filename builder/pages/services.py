"""The guide for enterprises: the needs and who serves them, and a page per service body."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Dataset
from .base import PageType, one


def _service_bodies(ds: Dataset) -> Iterator[tuple[str, dict]]:
    for body in ds.services.bodies:
        yield f"services/{body.unit}.md", {"body": body, "unit": ds.unit_by_id[body.unit]}


def _has_services(ds: Dataset) -> bool:
    return bool(ds.services.bodies)


SERVICES = PageType("services", "services.md.j2", one("services/index.md"), present=_has_services)
SERVICE_BODY = PageType("service-body", "service-body.md.j2", _service_bodies, in_nav=False, present=_has_services)
