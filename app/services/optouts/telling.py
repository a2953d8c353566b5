"""Telling vendors (story 4): the letters to send, marking them sent, the vendors' confirmations."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.deadlines import is_overdue
from app.domain.errors import ValidationError
from app.domain.names import display_name
from app.domain.optout import SendMethod, identifiers_for_vendor, local_date, reply_by
from app.domain.refcodes import format_reference
from app.i18n import N_
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import (
    Client,
    ConsentEvent,
    GeneratedDocument,
    NotificationCorrection,
    NotificationRequest,
    OptOutRequest,
    Vendor,
    VendorNotification,
)
from app.persistence.store import Store
from app.services.erasure.tasks import deletion_people
from app.services.errors import Conflict
from app.services.optouts.applying import complete_when_done
from app.services.optouts.checks import choice, not_future
from app.services.optouts.context import OptOutContext, optout_context
from app.services.optouts.facts import notification_of, sharing_facts
from app.services.optouts.progress import vendor_progress
from app.services.requests.correction_tasks import correction_people
from app.services.rows import NotifiedPerson, PendingNotification, VendorProgress


def pending_notifications(
    store: Store, *, now: datetime | None = None
) -> list[PendingNotification]:
    """Per vendor, the unsent notification and the people it covers, earliest due first.

    Each person carries only the identifiers that vendor needs (identifiers_for_vendor);
    notes and caller details never leave the practice. ``confirm_by`` is what a letter or
    email issued today asks (five business days): the letter printed now and the email text
    beside it say the same; mark_notification_sent keeps the date of what was sent.
    """
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        context = optout_context(session)
        today = context.today(now)
        language = context.profile.default_language
        pending = session.execute(
            select(VendorNotification, Vendor)
            .join(Vendor, Vendor.id == VendorNotification.vendor_id)
            .where(VendorNotification.sent_at.is_(None))
            .order_by(VendorNotification.due_on, Vendor.name)
        ).all()
        if not pending:
            return []
        links = session.execute(
            select(NotificationRequest.notification_id, OptOutRequest, Client)
            .join(OptOutRequest, OptOutRequest.id == NotificationRequest.request_id)
            .join(Client, Client.id == OptOutRequest.client_id)
            .where(NotificationRequest.notification_id.in_([n.id for n, _ in pending]))
            .order_by(OptOutRequest.received_at, OptOutRequest.id)
        ).all()
        withdrawn: dict[int, list[int]] = defaultdict(list)
        for request_id, sharing_id in session.execute(
            select(ConsentEvent.optout_request_id, ConsentEvent.sharing_id)
            .where(
                # The client filter lets the database use its index (none on the request).
                ConsentEvent.client_id.in_({r.client_id for _, r, _ in links}),
                ConsentEvent.optout_request_id.in_([r.id for _, r, _ in links]),
            )
            .order_by(ConsentEvent.id)
        ):
            withdrawn[request_id].append(sharing_id)
        facts = {fact.sharing_id: fact for fact in sharing_facts(session, language, on=None)}
        people: dict[int, list[NotifiedPerson]] = defaultdict(list)
        vendor_of = {notification.id: notification.vendor_id for notification, _ in pending}
        for notification_id, request, client in links:
            stopped = [
                facts[sharing_id]
                for sharing_id in withdrawn[request.id]
                if facts[sharing_id].vendor_id == vendor_of[notification_id]
            ]
            needed = identifiers_for_vendor(stopped)
            people[notification_id].append(
                NotifiedPerson(
                    request_id=request.id,
                    ref=format_reference(client.ref),
                    name=display_name(client.given_name, client.family_name)
                    if "name" in needed
                    else "",
                    email=client.email if "email" in needed else "",
                    received_on=local_date(request.received_at, context.zone),
                    stop=tuple(dict.fromkeys(fact.purpose for fact in stopped)),
                )
            )
        for notification_id, erased in deletion_people(
            session, [n.id for n, _ in pending], context.zone
        ).items():
            people[notification_id].extend(erased)
        for notification_id, corrected in correction_people(
            session, [n.id for n, _ in pending], context.zone, language
        ).items():
            people[notification_id].extend(corrected)
        return [
            PendingNotification(
                notification_id=notification.id,
                vendor_id=vendor.id,
                vendor=vendor.name,
                vendor_legal_name=vendor.legal_name,
                vendor_email=vendor.privacy_email,
                vendor_postal_address=vendor.postal_address,
                created_at=notification.created_at,
                due_on=notification.due_on,
                overdue=is_overdue(notification.due_on, today),
                confirm_by=reply_by(today, context.calendar),
                people=tuple(people[notification.id]),
            )
            for notification, vendor in pending
        ]


def awaiting_confirmation(store: Store) -> list[VendorProgress]:
    """Every notification sent and not yet confirmed, the oldest sent first, whatever it
    covers (opt-outs, deletion or correction tasks)."""
    with unit_of_work(store.reader) as session:
        context = optout_context(session)
        return [
            vendor_progress(notification, vendor, context)
            for notification, vendor in session.execute(
                select(VendorNotification, Vendor.name)
                .join(Vendor, Vendor.id == VendorNotification.vendor_id)
                .where(
                    VendorNotification.sent_at.is_not(None),
                    VendorNotification.confirmed_at.is_(None),
                )
                .order_by(VendorNotification.sent_at, VendorNotification.id)
            )
        ]


def latest_letter(
    session: Session, notification: VendorNotification, until: datetime
) -> datetime | None:
    """When the latest letter for this (unsent) notification was printed, if one was.

    A vendor has one unsent notification at a time, so its letters printed since the
    notification opened are this notification's.
    """
    return session.execute(
        select(func.max(GeneratedDocument.created_at)).where(
            GeneratedDocument.kind == "vendor_notification",
            GeneratedDocument.vendor_id == notification.vendor_id,
            GeneratedDocument.created_at >= notification.created_at,
            GeneratedDocument.created_at <= until,
        )
    ).scalar_one()


def posted_letter_day(
    session: Session,
    notification: VendorNotification,
    vendor: str,
    sent_at: datetime,
    context: OptOutContext,
) -> date | None:
    """The day the letter that went by post was printed; refused when someone it covers
    joined after that (the letter does not name them: print it again)."""
    printed = latest_letter(session, notification, sent_at)
    if printed is None:
        return None
    joined_later = (
        session.execute(
            select(func.count())
            .select_from(NotificationRequest)
            .where(
                NotificationRequest.notification_id == notification.id,
                NotificationRequest.linked_at > printed,
            )
        ).scalar_one()
        + session.execute(
            select(func.count())
            .select_from(NotificationCorrection)
            .where(
                NotificationCorrection.notification_id == notification.id,
                NotificationCorrection.linked_at > printed,
            )
        ).scalar_one()
    )
    if joined_later:
        raise Conflict(
            N_(
                "The letter to {vendor} was printed before another request joined it, so it "
                "does not name everyone: save the letters again and post the new one."
            ),
            vendor=vendor,
        )
    return local_date(printed, context.zone)


def mark_notification_sent(
    store: Store,
    notification_id: int,
    *,
    method: SendMethod,
    sent_at: datetime,
    actor: str,
    document_id: int | None = None,
    now: datetime | None = None,
) -> VendorProgress:
    now = now or datetime.now(UTC)
    method = choice("method", method, SendMethod)
    not_future("sent_at", sent_at, now)
    with unit_of_work(store.engine) as session:
        notification, vendor = notification_of(session, notification_id)
        if notification.sent_at is not None:
            raise Conflict(
                N_("The notification to {vendor} was already marked sent."), vendor=vendor
            )
        context = optout_context(session)
        send_notification(
            session,
            notification,
            vendor,
            context,
            method=method,
            sent_at=sent_at,
            actor=actor,
            now=now,
            document_id=document_id,
        )
        return vendor_progress(notification, vendor, context)


def record_vendor_confirmation(
    store: Store,
    notification_id: int,
    *,
    confirmed_at: datetime,
    note: str = "",
    actor: str,
    now: datetime | None = None,
) -> VendorProgress:
    """The vendor confirmed; each request it covers completes once all its vendors have."""
    now = now or datetime.now(UTC)
    not_future("confirmed_at", confirmed_at, now)
    if len(note.strip()) > 2000:
        raise ValidationError("note", N_("The note is limited to 2,000 characters."))
    with unit_of_work(store.engine) as session:
        notification, vendor = notification_of(session, notification_id)
        if notification.sent_at is None:
            raise Conflict(
                N_("Mark the notification to {vendor} sent before its confirmation."),
                vendor=vendor,
            )
        if notification.confirmed_at is not None:
            raise Conflict(N_("{vendor} has already confirmed this notification."), vendor=vendor)
        if confirmed_at < notification.sent_at:
            raise ValidationError(
                "confirmed_at", N_("The confirmation cannot come before sending.")
            )
        context = optout_context(session)
        confirm_notification(
            session,
            notification,
            context,
            confirmed_at=confirmed_at,
            note=note,
            actor=actor,
            now=now,
        )
        return vendor_progress(notification, vendor, context)


def send_notification(
    session: Session,
    notification: VendorNotification,
    vendor: str,
    context: OptOutContext,
    *,
    method: SendMethod,
    sent_at: datetime,
    actor: str,
    now: datetime,
    document_id: int | None = None,
) -> None:
    """The session-level step of marking a letter or email sent, with its audit entry.

    What the vendor was sent asks for a reply by one date, and that date is kept: a posted
    letter's is counted from the day it was printed, an email's (written when it is sent)
    from the day it went.
    """
    issued_on = local_date(sent_at, context.zone)
    if method is SendMethod.POST:
        issued_on = posted_letter_day(session, notification, vendor, sent_at, context) or issued_on
    notification.confirm_by = reply_by(issued_on, context.calendar)
    notification.sent_at = sent_at
    notification.sent_method = method.value
    notification.document_id = document_id
    session.add(notification)
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action="send",
        entity="vendor_notification",
        entity_id=notification.id,
        fields=["sent_at", "sent_method", "confirm_by", *(["document_id"] if document_id else [])],
    )


def confirm_notification(
    session: Session,
    notification: VendorNotification,
    context: OptOutContext,
    *,
    confirmed_at: datetime,
    actor: str,
    now: datetime,
    note: str = "",
) -> list[int]:
    """The session-level step of a vendor's confirmation; returns the requests it completed."""
    notification.confirmed_at = confirmed_at
    notification.confirmation_note = note.strip()
    session.add(notification)
    session.flush()
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action="confirm",
        entity="vendor_notification",
        entity_id=notification.id,
        fields=["confirmed_at", *(["confirmation_note"] if note.strip() else [])],
    )
    request_ids = session.execute(
        select(NotificationRequest.request_id).where(
            NotificationRequest.notification_id == notification.id
        )
    ).scalars()
    return [
        request_id
        for request_id in list(request_ids)
        if complete_when_done(session, request_id, context, at=confirmed_at, now=now, actor=actor)
    ]
