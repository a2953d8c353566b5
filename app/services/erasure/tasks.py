"""The deletion tasks an erasure gives vendors, read back as people in the vendor's pending
notification (one letter per vendor, beside the opt-outs it covers)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import tzinfo

from sqlalchemy import select
from sqlmodel import Session

from app.domain.optout import local_date
from app.domain.refcodes import format_reference
from app.persistence.models import (
    Client,
    Erasure,
    NotificationErasure,
    NotificationRightsRequest,
    RightsRequest,
)
from app.services.rows import NotifiedPerson


def deletion_people(
    session: Session, notification_ids: Sequence[int], zone: tzinfo
) -> dict[int, list[NotifiedPerson]]:
    """Per notification, the erased clients it asks the vendor to delete: by reference only
    (their name and email were erased)."""
    people: dict[int, list[NotifiedPerson]] = defaultdict(list)
    rows = session.execute(
        select(NotificationRightsRequest.notification_id, RightsRequest, Client.ref)
        .join(RightsRequest, RightsRequest.id == NotificationRightsRequest.request_id)
        .join(Client, Client.id == RightsRequest.client_id)
        .where(NotificationRightsRequest.notification_id.in_(list(notification_ids)))
        .order_by(RightsRequest.received_at, RightsRequest.id)
    )
    for notification_id, request, ref in rows:
        people[notification_id].append(
            NotifiedPerson(
                request_id=request.id,
                ref=format_reference(ref),
                name="",
                email="",
                received_on=local_date(request.received_at, zone),
                stop=(),
                erase=True,
            )
        )
    # Erasures without a request (the retention ran out): no request to number, so the
    # request number is 0, the day is the erasure's, and the letter says why.
    rows = session.execute(
        select(NotificationErasure.notification_id, Erasure.erased_at, Client.ref)
        .join(Erasure, Erasure.id == NotificationErasure.erasure_id)
        .join(Client, Client.id == Erasure.client_id)
        .where(NotificationErasure.notification_id.in_(list(notification_ids)))
        .order_by(Erasure.erased_at, Erasure.id)
    )
    for notification_id, erased_at, ref in rows:
        people[notification_id].append(
            NotifiedPerson(
                request_id=0,
                ref=format_reference(ref),
                name="",
                email="",
                received_on=local_date(erased_at, zone),
                stop=(),
                erase=True,
                retention_ended=True,
            )
        )
    return people
