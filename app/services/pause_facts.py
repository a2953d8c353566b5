"""The pauses on record, read as the pause rule needs them (`domain.pauses`): a client's, or
every client's pauses of one vendor's sharings. Session-level, for the services that ask
whether data may go to a vendor (vendors, consents, the access package, the requests)."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlmodel import Session

from app.domain.pauses import PauseFact
from app.persistence.models import RightsRequest, Sharing, SharingPause


def _fact(pause: SharingPause) -> PauseFact:
    assert pause.id is not None
    return PauseFact(
        request_id=pause.request_id,
        sharing_id=pause.sharing_id,
        paused_at=pause.paused_at,
        lifted_at=pause.lifted_at,
    )


def client_pauses(session: Session, client_id: int) -> list[PauseFact]:
    """Every pause of one client's sharings, lifted or not."""
    statement = (
        select(SharingPause)
        .join(RightsRequest, RightsRequest.id == SharingPause.request_id)
        .where(RightsRequest.client_id == client_id)
    )
    return [_fact(pause) for pause in session.scalars(statement)]


def vendor_pauses(session: Session, vendor_id: int) -> dict[int, list[PauseFact]]:
    """Every pause of this vendor's sharings, by client id (a few rows: only clients who asked)."""
    statement = (
        select(RightsRequest.client_id, SharingPause)
        .join(RightsRequest, RightsRequest.id == SharingPause.request_id)
        .join(Sharing, Sharing.id == SharingPause.sharing_id)
        .where(Sharing.vendor_id == vendor_id)
    )
    found: dict[int, list[PauseFact]] = defaultdict(list)
    for client_id, pause in session.execute(statement):
        found[client_id].append(_fact(pause))
    return dict(found)
