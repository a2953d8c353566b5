"""Logging an incident (story 8): what happened, when, which vendor, whom it affects."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select
from sqlmodel import Session

from app.domain.errors import N_, ValidationError
from app.domain.incidents import IncidentKind, check_times
from app.domain.validation import validate_text
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import DataCategory, Incident, IncidentClient
from app.persistence.store import Store
from app.services.errors import InvalidInput, collect
from app.services.incidents.facts import (
    clients_of_vendor,
    incident_context,
    row_of,
    vendor_of,
)
from app.services.lookup import client_by_ref
from app.services.rows import IncidentRow

ENCRYPTED_ANSWERS = ("", "yes", "no")


@dataclass(frozen=True)
class IncidentDraft:
    """What a person typed about an incident; checked by `log_incident`.

    With a vendor and no clients chosen, the affected clients and the data categories are
    derived from what that vendor received.
    """

    summary: str
    aware_at: datetime
    kind: IncidentKind = IncidentKind.OTHER
    happened_at: datetime | None = None
    vendor_id: int | None = None
    categories: tuple[str, ...] = ()
    client_refs: tuple[str, ...] = ()
    people_count: int | None = None
    records_count: int | None = None
    consequences: str = ""
    measures_taken: str = ""
    measures_proposed: str = ""
    encrypted: str = ""  # "", "yes", "no"


def _summary(text: str) -> str:
    cleaned = validate_text("summary", text, max_length=2000, multiline=True)
    if not cleaned:
        raise ValidationError("summary", N_("Say in a few words what happened."))
    return cleaned


def _count(field: str, value: int | None) -> int | None:
    if value is not None and value < 0:
        raise ValidationError(field, N_("An approximate number cannot be negative."))
    return value


def _encrypted(value: str) -> str:
    if value not in ENCRYPTED_ANSWERS:
        raise ValidationError("encrypted", N_("Say whether the data was encrypted: yes or no."))
    return value


def _categories(session: Session, keys: Iterable[str]) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(key.strip() for key in keys if key.strip()))
    known = set(session.execute(select(DataCategory.key)).scalars())
    unknown = [key for key in wanted if key not in known]
    if unknown:
        raise InvalidInput(
            [ValidationError("categories", N_("There is no data category {key}."), key=unknown[0])]
        )
    return wanted


def log_incident(
    store: Store, draft: IncidentDraft, *, actor: str, now: datetime | None = None
) -> IncidentRow:
    """Record an incident with its clock and the clients it affects, in one transaction.

    Raises:
        InvalidInput: an empty summary, awareness in the future or before it happened, a
            negative count, an unknown category.
        NotFound / ReferenceCodeError: an unknown vendor or client.
    """
    now = now or datetime.now(UTC)
    problems = check_times(happened_at=draft.happened_at, aware_at=draft.aware_at, now=now)
    try:
        summary, *_checked = collect(
            lambda: _summary(draft.summary),
            lambda: _count("people_count", draft.people_count),
            lambda: _count("records_count", draft.records_count),
            lambda: _encrypted(draft.encrypted),
        )
    except InvalidInput as invalid:
        raise InvalidInput([*invalid.problems, *problems]) from None
    if problems:
        raise InvalidInput(problems)
    texts = {
        name: validate_text(name, getattr(draft, name), max_length=4000, multiline=True)
        for name in ("consequences", "measures_taken", "measures_proposed")
    }
    with unit_of_work(store.engine) as session:
        context = incident_context(session)
        categories = _categories(session, draft.categories)
        client_ids: set[int] = {client_by_ref(session, ref).id for ref in draft.client_refs}
        affected_from = "chosen" if client_ids else ""
        if draft.vendor_id is not None:
            vendor_of(session, draft.vendor_id)
            if not client_ids:
                client_ids, received = clients_of_vendor(session, draft.vendor_id)
                affected_from = "vendor"
                categories = categories or tuple(sorted(received))
        incident = Incident(
            kind=IncidentKind(draft.kind).value,
            summary=summary,
            happened_at=draft.happened_at,
            aware_at=draft.aware_at,
            vendor_id=draft.vendor_id,
            categories=",".join(categories),
            affected_from=affected_from,
            people_count=draft.people_count,
            records_count=draft.records_count,
            encrypted=draft.encrypted,
            authority_due_at=context.clock(draft.aware_at).authority_due_at,
            recorded_by=actor,
            recorded_at=now,
            **texts,
        )
        session.add(incident)
        session.flush()
        if client_ids:
            session.execute(
                insert(IncidentClient),
                [{"incident_id": incident.id, "client_id": cid} for cid in sorted(client_ids)],
            )
        filled = [
            name
            for name in (
                "happened_at",
                "vendor_id",
                "categories",
                "people_count",
                "records_count",
                "encrypted",
                *texts,
            )
            if getattr(incident, name) not in (None, "")
        ]
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="create",
            entity="incident",
            entity_id=incident.id,
            fields=["kind", "summary", "aware_at", *filled, *(["clients"] if client_ids else [])],
        )
        return row_of(session, incident, context)
