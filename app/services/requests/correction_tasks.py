"""The correction tasks vendors are given (GDPR Art. 19), read back as people in the vendor's
pending notification (one letter per vendor, beside the opt-outs and deletions it covers)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import tzinfo

from sqlalchemy import select
from sqlmodel import Session

from app.domain.correction import ITEM_LABELS, corrected_items, item_value
from app.domain.enums import ClientStatus
from app.domain.names import display_name
from app.domain.optout import local_date
from app.domain.refcodes import format_reference
from app.i18n import translator
from app.persistence.models import Client, Correction, NotificationCorrection, RightsRequest
from app.services.rows import NotifiedPerson

# The client's fields an item's value is made of (domain.correction.item_value reads them).
_RECORD_FIELDS = (
    "given_name",
    "family_name",
    "email",
    "phone_entered",
    "phone_e164",
    "street",
    "city",
    "postal_code",
    "region",
    "country_code",
)


def correction_people(
    session: Session, notification_ids: Sequence[int], zone: tzinfo, language: str
) -> dict[int, list[NotifiedPerson]]:
    """Per notification, the clients whose corrected fields the vendor is to correct too,
    each with what (in `language`) and the new value, as the record says it now.

    A request corrected twice before the letter goes is one person with every field; an
    erased client is left out (the erasure's deletion task replaces the correction).
    """
    _ = translator(language)
    fields: dict[tuple[int, int], list[str]] = defaultdict(list)
    found: dict[tuple[int, int], tuple[RightsRequest, Client]] = {}
    rows = session.execute(
        select(NotificationCorrection, RightsRequest, Client)
        .join(Correction, Correction.id == NotificationCorrection.correction_id)
        .join(RightsRequest, RightsRequest.id == Correction.request_id)
        .join(Client, Client.id == Correction.client_id)
        .where(NotificationCorrection.notification_id.in_(list(notification_ids)))
        .order_by(RightsRequest.received_at, RightsRequest.id, Correction.id)
    )
    for link, request, client in rows:
        if client.status == ClientStatus.ERASED.value:
            continue
        key = (link.notification_id, request.id)
        found[key] = (request, client)
        fields[key] += [name for name in link.fields.split(",") if name]
    people: dict[int, list[NotifiedPerson]] = defaultdict(list)
    for (notification_id, _request_id), (request, client) in found.items():
        record = {name: getattr(client, name) for name in _RECORD_FIELDS}
        people[notification_id].append(
            NotifiedPerson(
                request_id=request.id,
                ref=format_reference(client.ref),
                # Only identified sharings get a correction: the vendor knows the name.
                name=display_name(client.given_name, client.family_name),
                email="",
                received_on=local_date(request.received_at, zone),
                stop=(),
                correct=tuple(
                    (_(ITEM_LABELS[item]), item_value(item, record))
                    for item in corrected_items(fields[(notification_id, request.id)])
                ),
            )
        )
    return people
