"""The records an incident is judged on: the practice's zone and rule sets, who a vendor's
breach reaches, and the incident read back as a frozen row."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy import select
from sqlmodel import Session

from app.domain.enums import ConsentState, SharingForm
from app.domain.incidents import (
    BreachClock,
    Decision,
    Risk,
    breach_clock,
    next_step,
    vendor_may_hold,
)
from app.i18n import N_
from app.persistence.models import (
    Client,
    ConsentEvent,
    DataCategory,
    Incident,
    IncidentClient,
    Vendor,
)
from app.services.errors import NotFound
from app.services.practice import load_practice, profile_of, zone_of
from app.services.rows import IncidentRow
from app.services.vendors import sharing_rows


@dataclass(frozen=True)
class IncidentContext:
    zone: tzinfo
    jurisdictions: tuple[str, ...]

    def clock(self, aware_at: datetime) -> BreachClock:
        return breach_clock(aware_at, self.jurisdictions)


def incident_context(session: Session) -> IncidentContext:
    profile = profile_of(load_practice(session))
    return IncidentContext(zone=zone_of(profile), jurisdictions=profile.jurisdictions)


def incident_of(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(N_("There is no incident {incident}."), incident=incident_id)
    return incident


def vendor_of(session: Session, vendor_id: int) -> Vendor:
    vendor = session.get(Vendor, vendor_id)
    if vendor is None:
        raise NotFound(N_("Vendor {vendor} is not on the register."), vendor=vendor_id)
    return vendor


def clients_of_vendor(session: Session, vendor_id: int) -> tuple[set[int], set[str]]:
    """Every client whose data this vendor may hold, and the data categories it received.

    Every sharing counts, ended ones too (data sent stays sent); whether a client's data
    went is domain.incidents.vendor_may_hold. A sharing that needed no consent reached every
    client on record while it ran.
    """
    affected: set[int] = set()
    categories: set[str] = set()
    sharings = [row for row in sharing_rows(session) if row.vendor_id == vendor_id]
    for sharing in sharings:
        form = SharingForm(sharing.form)
        if form is not SharingForm.ANONYMISED:
            categories.update(sharing.category_keys)
        states: dict[int, list[ConsentState]] = defaultdict(list)
        for client_id, state in session.execute(
            select(ConsentEvent.client_id, ConsentEvent.state).where(
                ConsentEvent.sharing_id == sharing.id
            )
        ):
            states[client_id].append(ConsentState(state))
        if sharing.consent_required:
            candidates = set(states)
        else:
            statement = select(Client.id)
            if sharing.ends_on is not None:
                end = datetime.combine(sharing.ends_on, datetime.max.time(), tzinfo=UTC)
                statement = statement.where(Client.created_at <= end)
            candidates = set(session.execute(statement).scalars())
        affected |= {
            client_id
            for client_id in candidates
            if vendor_may_hold(
                states.get(client_id, ()), consent_required=sharing.consent_required, form=form
            )
        }
    return affected, categories


def affected_refs(session: Session, incident_id: int) -> tuple[str, ...]:
    return tuple(
        session.execute(
            select(Client.ref)
            .join(IncidentClient, IncidentClient.client_id == Client.id)
            .where(IncidentClient.incident_id == incident_id)
            .order_by(Client.ref)
        ).scalars()
    )


def affected_clients(session: Session, incident_id: int) -> list[Client]:
    """The clients an incident affects, in name order (its letters go out in it)."""
    return list(
        session.scalars(
            select(Client)
            .join(IncidentClient, IncidentClient.client_id == Client.id)
            .where(IncidentClient.incident_id == incident_id)
            .order_by(Client.sort_key, Client.id)
        )
    )


def row_of(session: Session, incident: Incident, context: IncidentContext) -> IncidentRow:
    vendor = session.get(Vendor, incident.vendor_id) if incident.vendor_id else None
    assert incident.id is not None
    step = next_step(
        risk=Risk(incident.risk),
        authority=Decision(incident.authority_decision),
        clients=Decision(incident.clients_decision),
        closed=incident.closed_at is not None,
        authority_told=incident.authority_notified_at is not None,
        clients_told=incident.clients_notified_at is not None,
    )
    keys = tuple(key for key in incident.categories.split(",") if key)
    labels = {
        category.key: (category.label_en, category.label_zh)
        for category in session.scalars(select(DataCategory).where(DataCategory.key.in_(keys)))
    }
    return IncidentRow(
        id=incident.id,
        kind=incident.kind,
        summary=incident.summary,
        happened_at=incident.happened_at,
        aware_at=incident.aware_at,
        vendor_id=incident.vendor_id,
        vendor=vendor.name if vendor else "",
        categories=keys,
        category_labels=tuple(labels[key] for key in keys if key in labels),
        affected_from=incident.affected_from,
        affected_refs=affected_refs(session, incident.id),
        people_count=incident.people_count,
        records_count=incident.records_count,
        consequences=incident.consequences,
        measures_taken=incident.measures_taken,
        measures_proposed=incident.measures_proposed,
        encrypted=incident.encrypted,
        risk=incident.risk,
        risk_reasons=incident.risk_reasons,
        assessed_at=incident.assessed_at,
        authority_due_at=incident.authority_due_at,
        authority_decision=incident.authority_decision,
        authority_reason=incident.authority_reason,
        authority_decided_at=incident.authority_decided_at,
        authority_notified_at=incident.authority_notified_at,
        authority_delay_reason=incident.authority_delay_reason,
        clients_decision=incident.clients_decision,
        clients_reason=incident.clients_reason,
        clients_decided_at=incident.clients_decided_at,
        clients_notified_at=incident.clients_notified_at,
        recorded_by=incident.recorded_by,
        recorded_at=incident.recorded_at,
        closed_at=incident.closed_at,
        step=step.value,
        notes=context.clock(incident.aware_at).notes,
    )
