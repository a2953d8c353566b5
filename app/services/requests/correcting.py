"""Correcting a client's record on their request (GDPR Art. 16), in one transaction: the
client edit with its audit (field names, never values), the correction linked to the request,
and a correction task for every vendor that received a corrected field (Art. 19), joined to
the vendor's unsent notification as an erasure's deletion task is."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from sqlmodel import Session

from app.domain.consent import current_consents, may_share
from app.domain.correction import CorrectionFacts, correction_refusal, fields_received
from app.domain.enums import ClientStatus, ConsentState
from app.domain.errors import N_, Phrase
from app.domain.optout import local_date
from app.domain.requests import current_due
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import Client, Correction, NotificationCorrection, RightsRequest
from app.persistence.store import Store
from app.services import clients
from app.services.consents import consent_facts
from app.services.errors import Conflict
from app.services.optouts.applying import unsent_notification
from app.services.optouts.context import optout_context
from app.services.requests.facts import request_of, row_of
from app.services.rows import ClientDetail, ClientDraft, ClientRow, RequestRow
from app.services.vendors import sharing_rows


@dataclass(frozen=True)
class CorrectionPlan:
    """What the window opens the client dialog with; `refusal` when it may not."""

    refusal: Phrase | None
    client: ClientDetail | None


@dataclass(frozen=True)
class CorrectionResult:
    request: RequestRow
    client: ClientRow  # with the warnings the client dialog shows
    fields: tuple[str, ...]  # the names corrected, never their values
    vendors: tuple[str, ...]  # given a correction task


def _facts(session: Session, request: RightsRequest) -> tuple[CorrectionFacts, Client | None]:
    client = session.get(Client, request.client_id) if request.client_id else None
    facts = CorrectionFacts(
        request_kind=request.kind,
        client_matched=client is not None,
        identity_checked=request.identity_checked_at is not None,
        request_completed=request.completed_at is not None,
        client_erased=client is not None and client.status == ClientStatus.ERASED.value,
    )
    return facts, client


def vendors_told(
    session: Session, client: Client, changed: list[str], today: date
) -> dict[int, tuple[str, tuple[str, ...]]]:
    """Per vendor id: its name and the corrected fields it received through a current
    sharing the client has not refused or withdrawn (domain.correction.fields_received)."""
    states = current_consents(consent_facts(session, client.id))
    told: dict[int, tuple[str, tuple[str, ...]]] = {}
    for sharing in sharing_rows(session, active_on=today):
        fact = states.get(sharing.id)
        state = fact.state if fact else ConsentState.NONE
        fields = fields_received(
            changed,
            category_keys=sharing.category_keys,
            form=sharing.form,
            may_share=may_share(state, sharing.consent_required),
        )
        if fields:
            _name, before = told.get(sharing.vendor_id, (sharing.vendor, ()))
            merged = tuple(name for name in changed if name in {*before, *fields})
            told[sharing.vendor_id] = (sharing.vendor, merged)
    return told


def _correction_task(
    session: Session,
    request: RightsRequest,
    correction: Correction,
    vendor_id: int,
    fields: tuple[str, ...],
    *,
    now: datetime,
    actor: str,
) -> None:
    """One letter per vendor: join the vendor's unsent notification, or open one."""
    due_on = current_due(request.due_on, request.extended_until)
    notification, action, changed = unsent_notification(
        session, vendor_id, due_on, now=now, joined="corrections"
    )
    session.add(
        NotificationCorrection(
            notification_id=notification.id,
            correction_id=correction.id,
            fields=",".join(fields),
            due_on=due_on,
            linked_at=now,
        )
    )
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action=action,
        entity="vendor_notification",
        entity_id=notification.id,
        fields=changed,
    )


def plan_correction(store: Store, request_id: int) -> CorrectionPlan:
    """The client's record to open prefilled, or why the request cannot correct it; writes
    nothing."""
    with unit_of_work(store.reader) as session:
        facts, client = _facts(session, request_of(session, request_id))
        refusal = correction_refusal(facts)
    if refusal is not None or client is None:
        return CorrectionPlan(refusal=refusal, client=None)
    return CorrectionPlan(refusal=None, client=clients.get_client(store, client.ref))


def correction_draft(store: Store, request_id: int, values: dict[str, str]) -> ClientDraft:
    """The client's record as a draft with `values` (ClientDraft field names) put in.

    Raises:
        Conflict: the request cannot correct the record, or a name is not a client field.
    """
    plan = plan_correction(store, request_id)
    if plan.refusal is not None or plan.client is None:
        refusal = plan.refusal or Phrase(N_("Only a correction request corrects a record."))
        raise Conflict(refusal.template, **refusal.params)
    draft = clients.draft_of(plan.client)
    unknown = sorted(set(values) - set(ClientDraft.__dataclass_fields__))
    if unknown:
        raise Conflict(
            N_("{field} is not a client field; the fields are {fields}."),
            field=unknown[0],
            fields=", ".join(ClientDraft.__dataclass_fields__),
        )
    return replace(draft, **values)


def correct_record(
    store: Store,
    request_id: int,
    draft: ClientDraft,
    *,
    actor: str,
    now: datetime | None = None,
) -> CorrectionResult:
    """Correct the client's record on their correction request (identity checked).

    The fields are checked by the client dialog's rules (clients.validated_fields); a bad
    value saves nothing.

    Raises:
        NotFound: no such request.
        Conflict: refused in one sentence (domain.correction.correction_refusal), or the draft
            changes nothing; nothing changed.
        InvalidInput: a field is wrong; each problem names its field.
    """
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        request = request_of(session, request_id)
        facts, client = _facts(session, request)
        refusal = correction_refusal(facts)
        if refusal is not None or client is None:
            refusal = refusal or Phrase(N_("Only a correction request corrects a record."))
            raise Conflict(refusal.template, **refusal.params)
        changed, warnings = clients.apply_edit(session, client, draft, actor=actor, now=now)
        if not changed:
            raise Conflict(N_("Nothing to correct: the record already says this."))
        correction = Correction(
            request_id=request.id,
            client_id=client.id,
            fields=",".join(changed),
            corrected_at=now,
            corrected_by=actor,
        )
        session.add(correction)
        session.flush()
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="create",
            entity="correction",
            entity_id=correction.id,
            fields=["request_id", "client_id", "fields"],
        )
        today = local_date(now, optout_context(session).zone)
        told = vendors_told(session, client, changed, today)
        for vendor_id, (_vendor, fields) in sorted(told.items()):
            _correction_task(session, request, correction, vendor_id, fields, now=now, actor=actor)
        return CorrectionResult(
            request=row_of(session, request),
            client=replace(clients.row_of(client), warnings=warnings),
            fields=tuple(changed),
            vendors=tuple(sorted(name for name, _fields in told.values())),
        )
