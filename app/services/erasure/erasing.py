"""Erasing a client (issue 13): in one transaction the personal fields scrubbed, the search
index and audit brought along, the suppression record kept and every vendor that received the
data given a deletion task; the evidence files destroyed after the commit (files.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.business_days import add_calendar_months
from app.domain.enums import ClientStatus, ConsentState
from app.domain.erasure import (
    SCRUBBED_FIELDS,
    ErasureFacts,
    ErasureReason,
    KeptRecord,
    erasure_refusal,
    kept_records,
    reached_client,
    retention_erasure_refusal,
)
from app.domain.errors import N_, Phrase
from app.domain.optout import local_date
from app.domain.requests import current_due
from app.persistence import ledgers, search
from app.persistence.database import unit_of_work
from app.persistence.models import (
    Client,
    ConsentEvent,
    ErasedEvidence,
    Erasure,
    GeneratedDocument,
    NotificationErasure,
    NotificationRightsRequest,
    OptOutRequest,
    RightsRequest,
)
from app.persistence.store import Store
from app.services.clients import searchable
from app.services.erasure.files import destroy_erased_files
from app.services.erasure.suppression import record_suppression
from app.services.errors import Conflict
from app.services.lookup import client_by_ref
from app.services.optouts.applying import unsent_notification
from app.services.optouts.context import optout_context
from app.services.requests.facts import request_of
from app.services.retention import past_promise_in
from app.services.vendors import sharing_rows


@dataclass(frozen=True)
class ErasureResult:
    erasure_id: int
    client_ref: str
    fields: tuple[str, ...]  # the names scrubbed, never their values
    files: int  # evidence files destroyed
    vendors: tuple[str, ...]  # given a deletion task
    kept: tuple[KeptRecord, ...]


def _open_counts(session: Session, client_id: int, request_id: int | None) -> tuple[int, int]:
    """The client's open opt-outs, and open rights requests other than `request_id`."""
    open_optouts = session.execute(
        select(func.count())
        .select_from(OptOutRequest)
        .where(OptOutRequest.client_id == client_id, OptOutRequest.completed_at.is_(None))
    ).scalar_one()
    other_open = session.execute(
        select(func.count())
        .select_from(RightsRequest)
        .where(
            RightsRequest.client_id == client_id,
            RightsRequest.completed_at.is_(None),
            RightsRequest.id != (request_id or 0),
        )
    ).scalar_one()
    return open_optouts, other_open


def _facts(session: Session, client: Client, request: RightsRequest) -> ErasureFacts:
    open_optouts, other_open = _open_counts(session, client.id, request.id)
    return ErasureFacts(
        request_kind=request.kind,
        request_client_id=request.client_id,
        client_id=client.id,
        identity_checked=request.identity_checked_at is not None,
        request_completed=request.completed_at is not None,
        already_erased=client.status == ClientStatus.ERASED.value,
        open_optouts=open_optouts,
        other_open_requests=other_open,
    )


def _retention_refusal(session: Session, client: Client, today) -> Phrase | None:
    open_optouts, open_requests = _open_counts(session, client.id, None)
    return retention_erasure_refusal(
        already_erased=client.status == ClientStatus.ERASED.value,
        former=client.status == ClientStatus.FORMER.value,
        past=bool(past_promise_in(session, today, client_id=client.id)),
        open_optouts=open_optouts,
        open_requests=open_requests,
    )


def _evidence_of(session: Session, client_id: int) -> dict[str, str]:
    """The client's evidence files (name -> sha256) that no other person's record names."""
    sources = (ConsentEvent, OptOutRequest, RightsRequest)
    own: dict[str, str] = {}
    shared: set[str] = set()
    for model in sources:
        for owner, name, digest in session.execute(
            select(model.client_id, model.evidence_file, model.evidence_sha256).where(
                model.evidence_file != ""
            )
        ):
            if owner == client_id:
                own[name] = digest
            else:
                shared.add(name)
    return {name: digest for name, digest in own.items() if name not in shared}


def _vendors_reached(session: Session, client: Client, today) -> dict[int, str]:
    given = set(
        session.execute(
            select(ConsentEvent.sharing_id).where(
                ConsentEvent.client_id == client.id,
                ConsentEvent.state == ConsentState.GIVEN.value,
            )
        ).scalars()
    )
    since = client.created_at.date()
    return {
        sharing.vendor_id: sharing.vendor
        for sharing in sharing_rows(session)
        if reached_client(
            consent_required=sharing.consent_required,
            form=sharing.form,
            ever_given=sharing.id in given,
            starts_on=sharing.starts_on,
            ends_on=sharing.ends_on,
            client_since=since,
            until=today,
        )
    }


def _deletion_task(
    session: Session,
    request: RightsRequest | None,
    erasure: Erasure,
    vendor_id: int,
    *,
    today: date,
    now: datetime,
    actor: str,
) -> None:
    """One letter per vendor: join the vendor's unsent notification, or open one. Due when the
    request's answer is; without a request (retention ended) one calendar month after the
    erasure, the time GDPR Art. 12(3) gives for acting on an erasure ("without undue delay")."""
    if request is not None:
        due_on = current_due(request.due_on, request.extended_until)
        joined = "rights_requests"
    else:
        due_on = add_calendar_months(today, 1)
        joined = "erasures"
    notification, action, changed = unsent_notification(
        session, vendor_id, due_on, now=now, joined=joined
    )
    if request is not None:
        link = NotificationRightsRequest(
            notification_id=notification.id, request_id=request.id, due_on=due_on, linked_at=now
        )
    else:
        link = NotificationErasure(
            notification_id=notification.id, erasure_id=erasure.id, due_on=due_on, linked_at=now
        )
    session.add(link)
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action=action,
        entity="vendor_notification",
        entity_id=notification.id,
        fields=changed,
    )


def _scrub_notes(session: Session, client_id: int, *, now: datetime, actor: str) -> None:
    """The coach's notes on the client's requests may name them: emptied, audited."""
    for model, entity in ((RightsRequest, "rights_request"), (OptOutRequest, "optout_request")):
        for record in session.execute(
            select(model).where(model.client_id == client_id, model.note != "")
        ).scalars():
            record.note = ""
            session.add(record)
            ledgers.append_audit(
                session,
                at=now,
                actor=actor,
                action="erase",
                entity=entity,
                entity_id=record.id,
                fields=["note"],
            )


def kept_counts(session: Session, client_id: int, request_id: int | None) -> dict[str, int]:
    def count(model, *conditions) -> int:
        return session.execute(
            select(func.count()).select_from(model).where(*conditions)
        ).scalar_one()

    requests = count(RightsRequest, RightsRequest.client_id == client_id)
    return {
        "request": 1 if request_id is not None else 0,
        "other_requests": requests
        - (1 if request_id is not None else 0)
        + count(OptOutRequest, OptOutRequest.client_id == client_id),
        "consent_ledger": count(ConsentEvent, ConsentEvent.client_id == client_id),
        "documents": count(GeneratedDocument, GeneratedDocument.client_id == client_id),
        "suppression": 1,
    }


@dataclass(frozen=True)
class ErasurePlan:
    """What an erasure would do, for the window's confirmation; `refusal` when it may not."""

    refusal: Phrase | None
    client_ref: str
    fields: tuple[str, ...]
    files: int
    vendors: tuple[str, ...]
    kept: tuple[KeptRecord, ...]


def _plan(
    session: Session, client: Client, request: RightsRequest | None, refusal, today
) -> ErasurePlan:
    return ErasurePlan(
        refusal=refusal,
        client_ref=client.ref,
        fields=tuple(
            name for name, value in SCRUBBED_FIELDS.items() if getattr(client, name) != value
        ),
        files=len(_evidence_of(session, client.id)),
        vendors=tuple(sorted(_vendors_reached(session, client, today).values())),
        kept=kept_records(kept_counts(session, client.id, request.id if request else None)),
    )


def plan_erasure(
    store: Store, client_ref: str, request_id: int, *, now: datetime | None = None
) -> ErasurePlan:
    """What goes and what stays if this client were erased now; writes nothing."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.reader) as session:
        client = client_by_ref(session, client_ref)
        request = request_of(session, request_id)
        today = local_date(now, optout_context(session).zone)
        return _plan(
            session, client, request, erasure_refusal(_facts(session, client, request)), today
        )


def plan_retention_erasure(
    store: Store, client_ref: str, *, now: datetime | None = None
) -> ErasurePlan:
    """What goes and what stays if this former client were erased because their retention
    ran out; `refusal` while it has not, or an opt-out or request is open. Writes nothing."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.reader) as session:
        client = client_by_ref(session, client_ref)
        today = local_date(now, optout_context(session).zone)
        return _plan(session, client, None, _retention_refusal(session, client, today), today)


def _erase(
    session: Session,
    client: Client,
    request: RightsRequest | None,
    reason: ErasureReason,
    *,
    today: date,
    now: datetime,
    actor: str,
) -> ErasureResult:
    """The erasure itself, refusal already asked, inside the caller's transaction."""
    record_suppression(
        session,
        email=client.email,
        phone_e164=client.phone_e164,
        erased_on=today,
        request_id=request.id if request else None,
    )
    files = _evidence_of(session, client.id)
    vendors = _vendors_reached(session, client, today)
    changed = [name for name, value in SCRUBBED_FIELDS.items() if getattr(client, name) != value]
    for name, value in SCRUBBED_FIELDS.items():
        setattr(client, name, value)
    client.status = ClientStatus.ERASED.value
    client.updated_at = now
    session.add(client)
    session.flush()
    search.index_clients(session, [searchable(client)])
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action="erase",
        entity="client",
        entity_id=client.id,
        fields=[*changed, "status"],
    )
    _scrub_notes(session, client.id, now=now, actor=actor)
    erasure = Erasure(
        client_id=client.id,
        request_id=request.id if request else None,
        reason=reason.value,
        fields=",".join(changed),
        erased_at=now,
        erased_by=actor,
    )
    session.add(erasure)
    session.flush()
    for name, digest in sorted(files.items()):
        session.add(ErasedEvidence(erasure_id=erasure.id, file_name=name, sha256=digest))
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action="create",
        entity="erasure",
        entity_id=erasure.id,
        fields=["client_id", "request_id", "reason", "fields"],
    )
    for vendor_id in sorted(vendors):
        _deletion_task(session, request, erasure, vendor_id, today=today, now=now, actor=actor)
    return ErasureResult(
        erasure_id=erasure.id,
        client_ref=client.ref,
        fields=tuple(changed),
        files=len(files),
        vendors=tuple(sorted(vendors.values())),
        kept=kept_records(kept_counts(session, client.id, request.id if request else None)),
    )


def erase_client(
    store: Store,
    client_ref: str,
    request_id: int,
    *,
    actor: str,
    now: datetime | None = None,
    reason: ErasureReason = ErasureReason.REQUEST,
) -> ErasureResult:
    """Erase a client on their deletion request (identity checked, nothing else open).

    Raises:
        NotFound / ReferenceCodeError: no such client or request.
        Conflict: refused, in one sentence (domain.erasure.erasure_refusal); nothing changed.
    """
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref)
        request = request_of(session, request_id)
        refusal = erasure_refusal(_facts(session, client, request))
        if refusal is not None:
            raise Conflict(refusal.template, **refusal.params)
        today = local_date(now, optout_context(session).zone)
        result = _erase(session, client, request, reason, today=today, now=now, actor=actor)
    # After the commit: a kill here leaves the erasure marked unfinished, and the next start
    # (or `check`) finishes or reports it.
    destroy_erased_files(store)
    return result


def erase_for_retention(
    store: Store, client_ref: str, *, actor: str, now: datetime | None = None
) -> ErasureResult:
    """Erase a former client whose retention ran out, without a request (reason
    "retention"): the same scrubbing, suppression, kept records and vendor deletion tasks.

    Raises:
        NotFound / ReferenceCodeError: no such client.
        Conflict: refused, in one sentence (domain.erasure.retention_erasure_refusal).
    """
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref)
        today = local_date(now, optout_context(session).zone)
        refusal = _retention_refusal(session, client, today)
        if refusal is not None:
            raise Conflict(refusal.template, **refusal.params)
        result = _erase(
            session, client, None, ErasureReason.RETENTION, today=today, now=now, actor=actor
        )
    destroy_erased_files(store)
    return result


def erase_past_promise(
    store: Store, client_refs: list[str], *, actor: str, now: datetime | None = None
) -> list[ErasureResult]:
    """Erase every listed former client whose retention ran out ("Erase all listed"). Each is
    its own whole erasure, in its own transaction: a refusal (an opt-out logged meanwhile)
    stops there with its sentence, and the clients before it stay erased, each completely."""
    now = now or datetime.now(UTC)
    return [erase_for_retention(store, ref, actor=actor, now=now) for ref in client_refs]


def kept_after_erasure(store: Store, client_ref: str) -> tuple[KeptRecord, ...]:
    """The records the law makes the practice keep for an erased client, with reasons (for
    the answer letter)."""
    with unit_of_work(store.reader) as session:
        client = client_by_ref(session, client_ref)
        erasure = session.execute(
            select(Erasure).where(Erasure.client_id == client.id)
        ).scalar_one_or_none()
        if erasure is None:
            raise Conflict(N_("Client {ref} was not erased."), ref=client_ref)
        return kept_records(kept_counts(session, client.id, erasure.request_id))
