"""The steps after logging: the risk assessed, the authority and the clients told (or the
reasons why not), the incident closed. Each one transaction, audited, its time kept."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from app.domain.errors import N_, Phrase, ValidationError
from app.domain.incidents import (
    STEP_LABELS,
    Decision,
    Risk,
    Step,
    check_notified_at,
    delay_reason_needed,
)
from app.domain.validation import validate_text
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import Incident
from app.persistence.store import Store
from app.services.errors import Conflict, InvalidInput
from app.services.incidents.facts import incident_context, incident_of, row_of
from app.services.rows import IncidentRow


def _open_incident(session: Session, incident_id: int) -> Incident:
    incident = incident_of(session, incident_id)
    if incident.closed_at is not None:
        raise Conflict(
            N_("Incident {incident} is closed; its record no longer changes."),
            incident=incident_id,
        )
    return incident


def _change(
    session: Session,
    incident: Incident,
    values: Mapping[str, Any],
    *,
    action: str,
    actor: str,
    at: datetime,
) -> IncidentRow:
    for name, value in values.items():
        setattr(incident, name, value)
    session.add(incident)
    ledgers.append_audit(
        session,
        at=at,
        actor=actor,
        action=action,
        entity="incident",
        entity_id=incident.id,
        fields=list(values),
    )
    return row_of(session, incident, incident_context(session))


def _reason(field: str, text: str, missing: str) -> str:
    cleaned = validate_text(field, text, max_length=2000, multiline=True)
    if not cleaned:
        raise InvalidInput([ValidationError(field, missing)])
    return cleaned


def assess_incident(
    store: Store,
    incident_id: int,
    *,
    risk: Risk,
    reasons: str,
    actor: str,
    now: datetime | None = None,
) -> IncidentRow:
    """The risk to the people, and why it is judged so (the authority reads the reasons)."""
    now = now or datetime.now(UTC)
    if Risk(risk) is Risk.UNASSESSED:
        raise InvalidInput([ValidationError("risk", N_("Choose how likely a risk is."))])
    text = validate_text("risk_reasons", reasons, max_length=4000, multiline=True)
    if not text:
        raise InvalidInput([ValidationError("risk_reasons", N_("Say why you judge the risk so."))])
    with unit_of_work(store.engine) as session:
        incident = _open_incident(session, incident_id)
        values = {"risk": Risk(risk).value, "risk_reasons": text, "assessed_at": now}
        return _change(session, incident, values, action="assess", actor=actor, at=now)


def record_authority(
    store: Store,
    incident_id: int,
    *,
    notify: bool,
    notified_at: datetime | None = None,
    reason: str = "",
    delay_reason: str = "",
    actor: str,
    now: datetime | None = None,
) -> IncidentRow:
    """The authority was told (when; why so late, if after its deadline), or is not told
    (why not: GDPR Art. 33(5) keeps the reasons of a breach not reported)."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        incident = _open_incident(session, incident_id)
        if not notify:
            values: dict[str, Any] = {
                "authority_decision": Decision.NOT_NOTIFY.value,
                "authority_reason": _reason(
                    "authority_reason", reason, N_("Say why the authority is not told.")
                ),
                "authority_decided_at": now,
            }
            return _change(session, incident, values, action="decide", actor=actor, at=now)
        moment = notified_at or now
        problem = check_notified_at("authority_notified_at", moment, incident.aware_at, now)
        if problem is not None:
            raise InvalidInput([problem])
        late = delay_reason_needed(incident.authority_due_at, moment)
        delay = validate_text("authority_delay_reason", delay_reason, max_length=2000)
        if late and not delay:
            raise InvalidInput(
                [
                    ValidationError(
                        "authority_delay_reason",
                        N_("The authority was told after its deadline: say why it took longer."),
                    )
                ]
            )
        values = {
            "authority_decision": Decision.NOTIFY.value,
            "authority_reason": validate_text("authority_reason", reason, max_length=2000),
            "authority_decided_at": incident.authority_decided_at or now,
            "authority_notified_at": moment,
            "authority_delay_reason": delay,
        }
        return _change(session, incident, values, action="notify", actor=actor, at=now)


def record_clients(
    store: Store,
    incident_id: int,
    *,
    notify: bool,
    notified_at: datetime | None = None,
    reason: str = "",
    actor: str,
    now: datetime | None = None,
) -> IncidentRow:
    """The affected clients were told (when), or are not told (why not)."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        incident = _open_incident(session, incident_id)
        if not notify:
            values: dict[str, Any] = {
                "clients_decision": Decision.NOT_NOTIFY.value,
                "clients_reason": _reason(
                    "clients_reason", reason, N_("Say why the clients are not told.")
                ),
                "clients_decided_at": now,
            }
            return _change(session, incident, values, action="decide", actor=actor, at=now)
        moment = notified_at or now
        problem = check_notified_at("clients_notified_at", moment, incident.aware_at, now)
        if problem is not None:
            raise InvalidInput([problem])
        values = {
            "clients_decision": Decision.NOTIFY.value,
            "clients_reason": validate_text("clients_reason", reason, max_length=2000),
            "clients_decided_at": incident.clients_decided_at or now,
            "clients_notified_at": moment,
        }
        return _change(session, incident, values, action="notify", actor=actor, at=now)


def close_incident(
    store: Store, incident_id: int, *, actor: str, now: datetime | None = None
) -> IncidentRow:
    """Closed once assessed and both decisions are on record; the record stays."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        incident = _open_incident(session, incident_id)
        step = Step(row_of(session, incident, incident_context(session)).step)
        if step is not Step.CLOSE:
            raise Conflict(
                N_("Incident {incident} cannot be closed yet: first {step}."),
                incident=incident_id,
                step=Phrase(STEP_LABELS[step]),
            )
        return _change(session, incident, {"closed_at": now}, action="close", actor=actor, at=now)
