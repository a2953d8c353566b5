"""What opt-outs put on Today: vendors to tell and to chase, requests and objections open."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from app.domain.deadlines import is_overdue
from app.domain.optout import OptOutStatus, is_open
from app.domain.refcodes import format_reference
from app.i18n import N_, plural_translator, translator
from app.persistence.database import unit_of_work
from app.persistence.models import (
    Client,
    NotificationRequest,
    Objection,
    OptOutRequest,
    Vendor,
    VendorNotification,
)
from app.persistence.store import Store
from app.services.optouts.context import optout_context
from app.services.optouts.progress import (
    awaited_reply,
    next_due_of,
    objections_by_request,
    progress_by_request,
    status_of,
)
from app.services.rows import DueItem

NEXT_STEP = {
    OptOutStatus.RECEIVED: N_("match the caller to a client"),
    OptOutStatus.APPLIED: N_("tell the vendors"),
    OptOutStatus.VENDORS_NOTIFIED: N_("wait for the vendors to confirm"),
    OptOutStatus.OBJECTION_OPEN: N_("answer the objection"),
    OptOutStatus.VENDORS_CONFIRMED: N_("send the person their confirmation"),
}


def due_items(store: Store, today: date, *, language: str = "en") -> list[DueItem]:
    """For Today: vendor notifications to send or chase, and opt-out requests still open.

    Kinds: ``vendor_notification`` (not sent; due on the notification's due date),
    ``vendor_confirmation`` (sent, unconfirmed; due on the reply-by date its letter gave),
    ``optout_request`` (open; due when its next step is, domain.optout.next_step_due).
    Overdue is deadlines.is_overdue of that date, as on every other list.
    """
    _, ngettext = translator(language), plural_translator(language)
    with unit_of_work(store.engine) as session:
        context = optout_context(session)
        items: list[DueItem] = []
        notifications = session.execute(
            select(VendorNotification, Vendor.name, func.count(NotificationRequest.request_id))
            .join(Vendor, Vendor.id == VendorNotification.vendor_id)
            .join(NotificationRequest, NotificationRequest.notification_id == VendorNotification.id)
            .where(VendorNotification.confirmed_at.is_(None))
            .group_by(VendorNotification.id)
        ).all()
        for notification, vendor, covered in notifications:
            if notification.sent_at is None:
                subject = ngettext(
                    "Tell {vendor} about {count} opt-out",
                    "Tell {vendor} about {count} opt-outs",
                    covered,
                ).format(vendor=vendor, count=covered)
                items.append(
                    DueItem(
                        kind="vendor_notification",
                        subject=subject,
                        due=notification.due_on,
                        overdue=is_overdue(notification.due_on, today),
                        target_id=notification.id,
                    )
                )
            else:
                due = awaited_reply(notification, context)
                items.append(
                    DueItem(
                        kind="vendor_confirmation",
                        subject=_("Confirmation from {vendor}").format(vendor=vendor),
                        due=due,
                        overdue=is_overdue(due, today),
                        target_id=notification.id,
                    )
                )
        unanswered = select(Objection.optout_request_id).where(Objection.decision == "")
        open_requests = session.execute(
            select(OptOutRequest, Client.ref)
            .outerjoin(Client, Client.id == OptOutRequest.client_id)
            .where(
                (OptOutRequest.completed_at.is_(None))
                | (OptOutRequest.acknowledged_at.is_(None))
                | OptOutRequest.id.in_(unanswered)
            )
        ).all()
        ids = [request.id for request, _ref in open_requests]
        progress = progress_by_request(session, context, ids)
        objections = objections_by_request(session, ids)
        for request, ref in open_requests:
            vendors = progress.get(request.id, [])
            raised = objections.get(request.id, [])
            status = status_of(request, vendors, raised)
            if not is_open(status):
                continue
            next_due = next_due_of(request, vendors, raised)
            who = format_reference(ref) if ref else _("caller not yet matched")
            items += [
                DueItem(
                    kind="objection",
                    subject=_("Answer the objection of {who} to {purpose} ({vendor})").format(
                        who=who,
                        purpose=objection.purpose_in(language),
                        vendor=objection.vendor,
                    ),
                    due=objection.due_on,
                    overdue=is_overdue(objection.due_on, today),
                    target_id=request.id,
                )
                for objection in raised
                if not objection.decision
            ]
            if status is OptOutStatus.OBJECTION_OPEN:
                continue  # the objection is the step left, listed above: not twice
            items.append(
                DueItem(
                    kind="optout_request",
                    subject=_("Opt-out {number} ({who}): {step}").format(
                        number=request.id, who=who, step=_(NEXT_STEP[status])
                    ),
                    due=next_due,
                    overdue=is_overdue(next_due, today),
                    target_id=request.id,
                )
            )
    return sorted(items, key=lambda item: (item.due, item.kind, item.target_id or 0))
