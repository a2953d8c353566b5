"""The erased person taken out of the free text kept about them: their requests' topics,
answers and reasons, their opt-outs' details, and any incident whose texts name them. Each
record changed is audited with the fields' names and its new version; the record stays."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from app.domain.redaction import Person, redacted, traces_of
from app.persistence import ledgers
from app.persistence.models import Client, Incident, OptOutRequest, RightsRequest

# (model, audit entity, the free-text fields a person may be named in).
TEXTS = (
    (RightsRequest, "rights_request",
     ("caller_details", "topic", "identity_method", "extension_reason", "outcome_reason",
      "response")),
    (OptOutRequest, "optout_request", ("caller_details",)),
)  # fmt: skip
INCIDENT_TEXTS = (
    "summary", "consequences", "measures_taken", "measures_proposed", "risk_reasons",
    "authority_reason", "authority_delay_reason", "clients_reason",
)  # fmt: skip


def person_of(client: Client) -> Person:
    """Read before the client's fields are scrubbed: afterwards there is nothing to find."""
    return Person(
        given_name=client.given_name,
        family_name=client.family_name,
        email=client.email,
        phone_entered=client.phone_entered,
        phone_e164=client.phone_e164,
    )


def redact_person(
    session: Session, client_id: int, person: Person, *, now: datetime, actor: str
) -> int:
    """Redact the person in their own records and in every incident; the records changed."""
    traces = traces_of(person)
    if traces is None:
        return 0
    whole = traces_of(person, name_parts=False)
    changed = 0
    for model, entity, fields in TEXTS:
        records = session.exec(select(model).where(model.client_id == client_id)).all()
        changed += sum(_redact(session, record, entity, fields, traces, now, actor)
                       for record in records)  # fmt: skip
    # An incident names no client by design, but its summary is typed by a person; it is
    # about others too, so only the whole name, the address and the phone are taken out.
    for incident in session.exec(select(Incident)).all():
        changed += _redact(session, incident, "incident", INCIDENT_TEXTS, whole, now, actor)
    return changed


def _redact(session, record, entity, fields, traces, now, actor) -> int:
    touched = []
    for name in fields:
        before = getattr(record, name)
        after = redacted(before, traces)
        if after != before:
            setattr(record, name, after)
            touched.append(name)
    if not touched:
        return 0
    session.add(record)
    ledgers.append_audit(
        session, at=now, actor=actor, action="erase", entity=entity, entity_id=record.id,
        fields=touched,
    )  # fmt: skip
    return 1
