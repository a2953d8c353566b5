"""The incident log read back: every incident (none is ever deleted), or the open ones."""

from __future__ import annotations

from datetime import tzinfo

from sqlalchemy import select
from sqlmodel import Session

from app.persistence.database import unit_of_work
from app.persistence.models import Incident
from app.persistence.store import Store
from app.services.incidents.facts import incident_context, incident_of, row_of
from app.services.rows import IncidentRow


def list_incidents(store: Store, *, open_only: bool = False) -> list[IncidentRow]:
    """The newest awareness first."""
    with unit_of_work(store.reader) as session:
        context = incident_context(session)
        statement = select(Incident).order_by(Incident.aware_at.desc(), Incident.id.desc())
        if open_only:
            statement = statement.where(Incident.closed_at.is_(None))
        return [row_of(session, incident, context) for incident in session.scalars(statement)]


def incident_in(session: Session, incident_id: int) -> IncidentRow:
    """One incident read inside the caller's transaction (the documents made about it)."""
    return row_of(session, incident_of(session, incident_id), incident_context(session))


def get_incident(store: Store, incident_id: int) -> IncidentRow:
    with unit_of_work(store.reader) as session:
        return row_of(session, incident_of(session, incident_id), incident_context(session))


def open_incidents(store: Store) -> tuple[tzinfo, list[IncidentRow]]:
    """The open incidents and the practice's zone, read together (for Today)."""
    with unit_of_work(store.reader) as session:
        context = incident_context(session)
        statement = select(Incident).where(Incident.closed_at.is_(None)).order_by(Incident.aware_at)
        return context.zone, [row_of(session, i, context) for i in session.scalars(statement)]
