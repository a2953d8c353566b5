"""The input of the letters about an opt-out, from the records: the client's confirmation
(DESIGN.md 6.4) and the letter to each vendor with pending notifications (6.5)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from app.documents.data import OptOutConfirmationData, VendorNotificationData
from app.domain.enums import LegalBasis
from app.domain.optout import continuing_reason
from app.i18n import translator
from app.persistence.models import Client, OptOutRequest, Purpose, Sharing
from app.services.document_context import DocumentContext
from app.services.rows import OptOutResult, PendingNotification


@dataclasses.dataclass(frozen=True)
class AnsweredRequest:
    """An opt-out request as its confirmation letter tells it: what logging it did, the
    request, and the client it is addressed to."""

    result: OptOutResult
    request: OptOutRequest
    client: Client


def confirmation_input(
    context: DocumentContext, subject: AnsweredRequest
) -> OptOutConfirmationData:
    """In the client's language unless the context forces one. The request's effects as
    logged, worded again in the letter's language (the result carries the client's language,
    and the letter's may differ); its times in the practice's zone."""
    result, request, client = subject.result, subject.request, subject.client
    lang = context.language_for(client.language)
    _ = translator(lang)
    purposes = _purposes(
        context.session,
        [item.sharing_id for item in result.stopped]
        + [item.sharing_id for item in result.continuing]
        + [item.sharing_id for item in result.objections],
        lang,
    )

    def purpose(sharing_id: int, fallback: str) -> str:
        return purposes[sharing_id][0] if sharing_id in purposes else fallback

    def reason(sharing_id: int, fallback: str) -> str:
        if sharing_id not in purposes:
            return fallback
        return continuing_reason(LegalBasis(purposes[sharing_id][1]), _)

    def local(moment: datetime | None) -> datetime | None:
        return context.local_time(moment) if moment is not None else None

    replace = dataclasses.replace
    return OptOutConfirmationData(
        lang=lang,
        practice=context.practice_info(lang),
        client=context.client_info(client),
        request_id=result.request_id,
        channel=request.channel,
        received_at=context.local_time(result.received_at),
        # Every vendor told by the latest of their own dates (an objection upheld later
        # counts from the answer).
        due_on=max((vendor.due_on for vendor in result.vendors), default=result.due_on),
        issued_on=context.today,
        stopped=tuple(
            replace(item, purpose=purpose(item.sharing_id, item.purpose)) for item in result.stopped
        ),
        vendors=tuple(
            replace(vendor, sent_at=local(vendor.sent_at), confirmed_at=local(vendor.confirmed_at))
            for vendor in result.vendors
        ),
        continuing=tuple(
            replace(
                item,
                purpose=purpose(item.sharing_id, item.purpose),
                reason=reason(item.sharing_id, item.reason),
            )
            for item in result.continuing
        ),
        objections=tuple(
            replace(
                item,
                purpose=purpose(item.sharing_id, item.purpose),
                decided_at=local(item.decided_at),
            )
            for item in result.objections
        ),
    )


def vendor_letter_input(
    context: DocumentContext, notification: PendingNotification
) -> VendorNotificationData:
    """In the practice's default language: the people as pending_notifications kept them for
    this vendor, never notes or callers."""
    lang = context.language_for(context.practice.default_language)
    return VendorNotificationData(
        lang=lang,
        practice=context.practice_info(lang),
        notification_id=notification.notification_id,
        vendor=notification.vendor,
        vendor_legal_name=notification.vendor_legal_name,
        vendor_address_lines=tuple(notification.vendor_postal_address.splitlines()),
        issued_on=context.today,
        confirm_by=notification.confirm_by,
        people=notification.people,
    )


def _purposes(
    session: Session, sharing_ids: Iterable[int], lang: str
) -> dict[int, tuple[str, str]]:
    """Per sharing: the purpose's label in `lang` and its legal basis."""
    ids = sorted(set(sharing_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(Sharing.id, Purpose.label_en, Purpose.label_zh, Purpose.legal_basis)
        .join(Purpose, Purpose.id == Sharing.purpose_id)
        .where(Sharing.id.in_(ids))
    )
    return {
        sharing_id: ((label_zh or label_en) if lang == "zh" else label_en, basis)
        for sharing_id, label_en, label_zh, basis in rows
    }
