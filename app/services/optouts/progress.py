"""Where a request stands: vendors told or not, objections answered or not, status, next date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.optout import (
    NotificationProgress,
    OptOutStatus,
    derive_status,
    local_date,
    next_step_due,
    reply_by,
)
from app.persistence.models import (
    NotificationRequest,
    Objection,
    OptOutRequest,
    Purpose,
    Sharing,
    Vendor,
    VendorNotification,
)
from app.services.optouts.context import OptOutContext
from app.services.rows import ObjectionLine, VendorProgress


def progress_by_request(
    session: Session, context: OptOutContext, request_ids: Iterable[int] | None = None
) -> dict[int, list[VendorProgress]]:
    """Per request, the vendor notifications covering it, by vendor name.

    Each is seen from its request: to be told by the request's own date, never the older
    date of a task it joined (that is the task's, for the letter; the request's promise is
    what its caller was told).
    """
    own_due = func.coalesce(NotificationRequest.due_on, OptOutRequest.due_on)
    statement = (
        select(NotificationRequest.request_id, own_due, VendorNotification, Vendor.name)
        .join(OptOutRequest, OptOutRequest.id == NotificationRequest.request_id)
        .join(VendorNotification, VendorNotification.id == NotificationRequest.notification_id)
        .join(Vendor, Vendor.id == VendorNotification.vendor_id)
        .order_by(Vendor.name, VendorNotification.id)
    )
    if request_ids is not None:
        statement = statement.where(NotificationRequest.request_id.in_(list(request_ids)))
    progress: dict[int, list[VendorProgress]] = defaultdict(list)
    for request_id, own_due, notification, vendor in session.execute(statement):
        progress[request_id].append(vendor_progress(notification, vendor, context, due_on=own_due))
    return progress


def vendor_progress(
    notification: VendorNotification,
    vendor: str,
    context: OptOutContext,
    *,
    due_on: date | None = None,
) -> VendorProgress:
    return VendorProgress(
        notification_id=notification.id,
        vendor_id=notification.vendor_id,
        vendor=vendor,
        due_on=due_on or notification.due_on,
        sent_at=notification.sent_at,
        sent_method=notification.sent_method,
        confirmed_at=notification.confirmed_at,
        confirmation_note=notification.confirmation_note,
        confirm_by=awaited_reply(notification, context),
    )


def awaited_reply(notification: VendorNotification, context: OptOutContext) -> date | None:
    """The reply-by date of a sent letter: stored since revision 0005, counted for older ones."""
    if notification.sent_at is None:
        return None
    return notification.confirm_by or confirmation_due(context, notification.sent_at)


def confirmation_due(context: OptOutContext, sent_at: datetime) -> date:
    """When a vendor told on `sent_at` should have confirmed: business days, local day.

    Only for letters marked sent before revision 0005 stored the date.
    """
    return reply_by(local_date(sent_at, context.zone), context.calendar)


def objections_by_request(
    session: Session, request_ids: Iterable[int] | None = None
) -> dict[int, list[ObjectionLine]]:
    """Per request, the objections it raised, each purpose named in both languages."""
    statement = (
        select(Objection, Vendor.name, Purpose.label_en, Purpose.label_zh)
        .join(Sharing, Sharing.id == Objection.sharing_id)
        .join(Vendor, Vendor.id == Sharing.vendor_id)
        .join(Purpose, Purpose.id == Sharing.purpose_id)
        .order_by(Objection.id)
    )
    if request_ids is not None:
        statement = statement.where(Objection.optout_request_id.in_(list(request_ids)))
    found: dict[int, list[ObjectionLine]] = defaultdict(list)
    for objection, vendor, label_en, label_zh in session.execute(statement):
        found[objection.optout_request_id].append(
            ObjectionLine(
                id=objection.id,
                request_id=objection.optout_request_id,
                sharing_id=objection.sharing_id,
                vendor=vendor,
                purpose=label_en,
                purpose_zh=label_zh,
                due_on=objection.due_on,
                decision=objection.decision,
                reason=objection.reason,
                decided_at=objection.decided_at,
            )
        )
    return found


def status_of(
    request: OptOutRequest,
    vendors: Sequence[VendorProgress],
    objections: Sequence[ObjectionLine] = (),
) -> OptOutStatus:
    return derive_status(
        matched=request.client_id is not None,
        notifications=[
            NotificationProgress(sent=v.sent_at is not None, confirmed=v.confirmed_at is not None)
            for v in vendors
        ],
        acknowledged=request.acknowledged_at is not None,
        objections_open=any(not objection.decision for objection in objections),
    )


def next_due_of(
    request: OptOutRequest,
    vendors: Sequence[VendorProgress],
    objections: Sequence[ObjectionLine] = (),
) -> date | None:
    return next_step_due(
        matched=request.client_id is not None,
        due_on=request.due_on,
        acknowledged=request.acknowledged_at is not None,
        untold=[v.due_on for v in vendors if v.sent_at is None],
        replies_due=[v.confirm_by for v in vendors if v.confirm_by and not v.confirmed_at],
        answers_due=[o.due_on for o in objections if not o.decision],
    )
