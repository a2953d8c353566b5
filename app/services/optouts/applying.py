"""Applying a request to a client: withdrawals, vendor tasks, objections raised, completion.

These are session-level steps: the use cases (intake, objections, telling) and the demo
compose them inside their own unit of work.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from app.domain.consent import current_state
from app.domain.enums import ConsentState, OptOutScope
from app.domain.optout import (
    SharingFacts,
    local_date,
    needs_withdrawal,
    scope_effect,
    vendor_must_be_told,
)
from app.persistence import ledgers
from app.persistence.models import NotificationRequest, Objection, OptOutRequest, VendorNotification
from app.services.consents import consent_facts
from app.services.optouts.context import OptOutContext
from app.services.optouts.facts import ids_of, said_no_before, sharing_facts
from app.services.optouts.progress import objections_by_request, progress_by_request


def apply_request(
    session: Session,
    request: OptOutRequest,
    client_id: int,
    context: OptOutContext,
    *,
    now: datetime,
    actor: str,
) -> None:
    """Withdraw what the request stops and open one task per vendor that must be told."""
    received_at = request.received_at
    events = consent_facts(session, client_id)
    effect = scope_effect(
        OptOutScope(request.scope),
        sharing_facts(session, "en", on=local_date(received_at, context.zone)),
        chosen_sharing_ids=ids_of(request.scope_sharing_ids),
        already_stopped=said_no_before(events, received_at),
    )
    withdrawals = []
    vendors_to_tell: set[int] = set()
    for sharing in effect.stopped:
        history = [event for event in events if event.sharing_id == sharing.sharing_id]
        # Judged as at receipt: a form posted before the person consented again later must
        # not undo that later choice, nor send their name to the vendor.
        before = current_state(
            [event for event in history if event.occurred_at <= received_at], sharing.sharing_id
        )
        superseded = any(event.occurred_at > received_at for event in history)
        if needs_withdrawal(before):
            withdrawals.append(withdrawal_event(request, client_id, sharing.sharing_id, now, actor))
        if vendor_must_be_told(before, sharing) and not superseded:
            vendors_to_tell.add(sharing.vendor_id)
    if withdrawals:
        record_withdrawals(session, withdrawals, client_id=client_id, now=now, actor=actor)
    for vendor_id in sorted(vendors_to_tell):
        attach_to_notification(session, request, vendor_id, now=now, actor=actor)
    raise_objections(session, request, effect.objected, context, now=now, actor=actor)
    if not vendors_to_tell and not effect.objected:
        request.completed_at = now  # nobody to tell, nothing to answer: done once applied
        session.add(request)
        audit_completion(session, request.id, action="complete", now=now, actor=actor)
    session.flush()


def audit_completion(
    session: Session, request_id: int, *, action: str, now: datetime, actor: str
) -> None:
    """A request completed, or opened again: its audit entry records it as it now stands."""
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action=action,
        entity="optout_request",
        entity_id=request_id,
        fields=["completed_at"],
    )


def complete_when_done(
    session: Session,
    request_id: int,
    context: OptOutContext,
    *,
    at: datetime,
    now: datetime,
    actor: str,
) -> bool:
    """Complete a request once every vendor it concerns confirmed and no objection waits;
    True when this call completed it."""
    vendors = progress_by_request(session, context, [request_id]).get(request_id, [])
    objections = objections_by_request(session, [request_id]).get(request_id, [])
    if any(v.confirmed_at is None for v in vendors) or any(not o.decision for o in objections):
        return False
    request = session.get(OptOutRequest, request_id)
    if request.completed_at is not None:
        return False
    request.completed_at = max([at, *(v.confirmed_at for v in vendors)])
    session.add(request)
    audit_completion(session, request_id, action="complete", now=now, actor=actor)
    return True


def raise_objections(
    session: Session,
    request: OptOutRequest,
    objected: Sequence[SharingFacts],
    context: OptOutContext,
    *,
    now: datetime,
    actor: str,
) -> None:
    """One objection to answer per named sharing on legitimate interests (GDPR Art. 21)."""
    due = context.answer_due(local_date(request.received_at, context.zone))
    for sharing in objected:
        objection = Objection(
            optout_request_id=request.id, sharing_id=sharing.sharing_id, due_on=due
        )
        session.add(objection)
        session.flush()
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="create",
            entity="objection",
            entity_id=objection.id,
            fields=["optout_request_id", "sharing_id", "due_on"],
        )


def withdrawal_event(
    request: OptOutRequest, client_id: int, sharing_id: int, now: datetime, actor: str
) -> dict:
    return {
        "client_id": client_id,
        "sharing_id": sharing_id,
        "state": ConsentState.WITHDRAWN.value,
        "channel": request.channel,
        "occurred_at": request.received_at,
        "recorded_at": now,
        "recorded_by": actor,
        "notice_version_id": None,
        "evidence_note": "",
        "evidence_file": request.evidence_file,
        "evidence_sha256": request.evidence_sha256,
        "optout_request_id": request.id,
    }


def record_withdrawals(
    session: Session, events: list[dict], *, client_id: int, now: datetime, actor: str
) -> None:
    """The withdrawals go into the consent ledger, and one audit entry says consent changed."""
    ledgers.append(session, "consent_event", events)
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action="withdraw_consent",
        entity="client",
        entity_id=client_id,
        fields=["consent"],
    )


def unsent_notification(
    session: Session, vendor_id: int, due_on: date, *, now: datetime, joined: str
) -> tuple[VendorNotification, str, list[str]]:
    """The vendor's one unsent notification, opened if there is none, due by the earliest of
    its requests: one letter per vendor, whatever asked for it (an opt-out, an erasure).

    Returns it (flushed, with an id), the audit action and the fields changed; `joined` names
    the link a request adds to an existing one.
    """
    notification = session.execute(
        select(VendorNotification)
        .where(VendorNotification.vendor_id == vendor_id, VendorNotification.sent_at.is_(None))
        .order_by(VendorNotification.id)
        .limit(1)
    ).scalar_one_or_none()
    if notification is None:
        notification = VendorNotification(vendor_id=vendor_id, created_at=now, due_on=due_on)
        action, changed = "create", []
    else:
        action, changed = "update", [joined]
        if due_on < notification.due_on:
            notification.due_on = due_on
            changed.append("due_on")
    session.add(notification)
    session.flush()
    return notification, action, changed


def attach_to_notification(
    session: Session,
    request: OptOutRequest,
    vendor_id: int,
    *,
    now: datetime,
    actor: str,
    due_on: date | None = None,
) -> None:
    """One letter per vendor: join the vendor's unsent notification, or open one.

    Due on the request's date unless ``due_on`` says otherwise (an objection upheld later).
    """
    due_on = due_on or request.due_on
    notification, action, changed = unsent_notification(
        session, vendor_id, due_on, now=now, joined="requests"
    )
    if session.get(NotificationRequest, (notification.id, request.id)) is None:
        session.add(
            NotificationRequest(
                notification_id=notification.id, request_id=request.id, due_on=due_on, linked_at=now
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
