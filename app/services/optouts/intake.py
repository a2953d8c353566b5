"""Logging an opt-out (stories 2 and 3) and matching a caller logged before being found."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.enums import Channel, OptOutScope
from app.domain.errors import ValidationError
from app.domain.optout import ORAL_CHANNELS, AcknowledgementMethod, local_date, local_day_bounds
from app.i18n import N_
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import OptOutRequest
from app.persistence.store import Store
from app.services.clients import find_clients
from app.services.consents import store_evidence, store_evidence_bytes
from app.services.errors import Conflict
from app.services.lookup import client_by_ref
from app.services.optouts.applying import apply_request
from app.services.optouts.checks import DuplicateOptOut, checked_fields
from app.services.optouts.context import OptOutContext, optout_context
from app.services.optouts.facts import chosen_sharings, request_of, sharing_facts
from app.services.optouts.register import result_of
from app.services.rows import ClientRow, OptOutResult

CALLER_SEARCH_LIMIT = 20


def find_callers(store: Store, text: str, *, limit: int = CALLER_SEARCH_LIMIT) -> list[ClientRow]:
    """Clients matching a few letters of the name, phone digits or the reference; former too."""
    return find_clients(store, text, limit=limit, include_former=True)


def first_same_day(
    session: Session, client_id: int, scope: OptOutScope, chosen: str, day: date, zone: tzinfo
) -> int | None:
    start, end = local_day_bounds(day, zone)
    return session.execute(
        select(func.min(OptOutRequest.id)).where(
            OptOutRequest.client_id == client_id,
            OptOutRequest.scope == scope.value,
            OptOutRequest.scope_sharing_ids == chosen,
            OptOutRequest.received_at >= start,
            OptOutRequest.received_at < end,
        )
    ).scalar_one()


def log_optout(
    store: Store,
    *,
    client_ref: str | None,
    caller_details: str = "",
    channel: Channel,
    scope: OptOutScope,
    chosen_vendor_ids: Iterable[int] = (),
    chosen_sharing_ids: Iterable[int] = (),
    received_at: datetime,
    note: str = "",
    form_reference: str = "",
    evidence: Path | None = None,
    email_evidence: tuple[bytes, str] | None = None,
    actor: str,
    now: datetime | None = None,
    allow_duplicate: bool = False,
) -> OptOutResult:
    """Record an opt-out and apply it at once, all in one transaction.

    `evidence` is a scan's file; `email_evidence` the email the request came in, as its bytes
    and file suffix (".eml", or ".txt" for pasted words), kept byte for byte.

    Raises:
        ReferenceCodeError / NotFound: the reference is mistyped or unknown.
        InvalidInput: bad fields (future receipt, nobody named, unknown or ended vendor...).
        DuplicateOptOut: same client and scope on the same local day, unless allowed.
    """
    now = now or datetime.now(UTC)
    vendor_ids, sharing_ids = tuple(chosen_vendor_ids), tuple(chosen_sharing_ids)
    client_ref = (client_ref or "").strip() or None
    channel, scope = checked_fields(
        has_client=client_ref is not None,
        caller_details=caller_details,
        channel=channel,
        scope=scope,
        chosen=bool(vendor_ids or sharing_ids),
        received_at=received_at,
        note=note,
        form_reference=form_reference,
        now=now,
    )
    if evidence is not None and email_evidence is not None:
        raise ValidationError(
            "evidence", N_("Keep either the scan or the email as the evidence, not both.")
        )
    if email_evidence is not None:
        evidence_file, evidence_sha256 = store_evidence_bytes(store, *email_evidence)
    else:
        evidence_file, evidence_sha256 = store_evidence(store, evidence) if evidence else ("", "")
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref) if client_ref else None
        context = optout_context(session)
        received_on = local_date(received_at, context.zone)
        chosen = ""
        if scope is OptOutScope.CHOSEN:
            active = sharing_facts(session, "en", on=received_on)
            chosen = ",".join(map(str, chosen_sharings(session, active, vendor_ids, sharing_ids)))
        if client is not None and not allow_duplicate:
            first = first_same_day(session, client.id, scope, chosen, received_on, context.zone)
            if first is not None:
                raise DuplicateOptOut(first, received_on)
        request = record_request(
            session,
            context,
            client_id=client.id if client else None,
            caller_details=caller_details,
            channel=channel,
            scope=scope,
            chosen_sharing_ids=chosen,
            received_at=received_at,
            note=note,
            form_reference=form_reference,
            evidence=(evidence_file, evidence_sha256),
            actor=actor,
            now=now,
        )
        if client is not None:
            apply_request(session, request, client.id, context, now=now, actor=actor)
        return result_of(session, request, context)


def record_request(
    session: Session,
    context: OptOutContext,
    *,
    client_id: int | None,
    channel: Channel,
    scope: OptOutScope,
    received_at: datetime,
    actor: str,
    now: datetime,
    caller_details: str = "",
    chosen_sharing_ids: str = "",
    note: str = "",
    form_reference: str = "",
    evidence: tuple[str, str] = ("", ""),
) -> OptOutRequest:
    """The session-level step that records a checked request with its audit entry.

    Not applied yet (apply_request does that once the client is known). A call or a visit is
    acknowledged the moment it is logged: the script is read to the person there and then.
    """
    oral = channel in ORAL_CHANNELS
    request = OptOutRequest(
        client_id=client_id,
        caller_details=caller_details.strip(),
        received_at=received_at,
        channel=channel.value,
        scope=scope.value,
        scope_sharing_ids=chosen_sharing_ids,
        note=note.strip(),
        form_reference=form_reference.strip(),
        evidence_file=evidence[0],
        evidence_sha256=evidence[1],
        recorded_by=actor,
        recorded_at=now,
        acknowledged_by=AcknowledgementMethod.ORAL.value if oral else "",
        acknowledged_at=now if oral else None,
        due_on=context.optout_due(local_date(received_at, context.zone)),
    )
    session.add(request)
    session.flush()
    filled = [
        name
        for name in (
            "client_id",
            "caller_details",
            "note",
            "form_reference",
            "evidence_file",
            "acknowledged_by",
        )
        if getattr(request, name)
    ]
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action="create",
        entity="optout_request",
        entity_id=request.id,
        fields=filled,
    )
    return request


def match_caller(
    store: Store, request_id: int, client_ref: str, *, actor: str, now: datetime | None = None
) -> OptOutResult:
    """Link a request logged with a caller's details to the client, and apply it now."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        request = request_of(session, request_id)
        client = client_by_ref(session, client_ref)
        if request.client_id is not None:
            raise Conflict(
                N_("Request {request} is already matched to a client."), request=request_id
            )
        request.client_id = client.id
        session.add(request)
        session.flush()
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="match",
            entity="optout_request",
            entity_id=request.id,
            fields=["client_id"],
        )
        context = optout_context(session)
        apply_request(session, request, client.id, context, now=now, actor=actor)
        return result_of(session, request, context)
