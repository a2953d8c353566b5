"""Finding one record by what a person typed, with a sentence when it is not there."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from app.domain.errors import N_
from app.domain.refcodes import format_reference, parse_reference
from app.persistence.models import Client
from app.services.errors import NotFound


def client_by_ref(session: Session, ref: str) -> Client:
    """The client with this reference code; a mistyped code is caught by its check character."""
    code = parse_reference(ref)
    client = session.execute(select(Client).where(Client.ref == code)).scalar_one_or_none()
    if client is None:
        raise NotFound(N_("No client has the reference code {code}."), code=format_reference(code))
    return client
