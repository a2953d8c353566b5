"""The request register read back: every request (none is ever deleted), the open ones, or
one client's."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from app.persistence.database import unit_of_work
from app.persistence.models import RightsRequest
from app.persistence.store import Store
from app.services.lookup import client_by_ref
from app.services.requests.facts import request_of, row_of
from app.services.rows import RequestRow


def list_requests(
    store: Store, *, open_only: bool = False, kind: str | None = None
) -> list[RequestRow]:
    """The newest received first."""
    with unit_of_work(store.reader) as session:
        return register_rows(session, open_only=open_only, kind=kind)


def register_rows(
    session: Session, *, open_only: bool = False, kind: str | None = None
) -> list[RequestRow]:
    """The register as the page filters it, read inside a transaction a caller holds (the
    printed register reads it with the practice it heads)."""
    statement = select(RightsRequest).order_by(
        RightsRequest.received_at.desc(), RightsRequest.id.desc()
    )
    if open_only:
        statement = statement.where(RightsRequest.completed_at.is_(None))
    if kind:
        statement = statement.where(RightsRequest.kind == kind)
    return [row_of(session, request) for request in session.scalars(statement)]


def get_request(store: Store, request_id: int) -> RequestRow:
    with unit_of_work(store.reader) as session:
        return row_of(session, request_of(session, request_id))


def client_requests(store: Store, client_ref: str) -> list[RequestRow]:
    """One client's requests, the newest first (the client page lists them)."""
    with unit_of_work(store.reader) as session:
        client = client_by_ref(session, client_ref)
        statement = (
            select(RightsRequest)
            .where(RightsRequest.client_id == client.id)
            .order_by(RightsRequest.received_at.desc(), RightsRequest.id.desc())
        )
        return [row_of(session, request) for request in session.scalars(statement)]


def open_requests(store: Store) -> list[RequestRow]:
    """Every request not yet completed, the soonest due first (for Today)."""
    rows = list_requests(store, open_only=True)
    return sorted(rows, key=lambda row: (row.due, row.id))
