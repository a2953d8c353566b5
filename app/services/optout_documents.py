"""The opt-out letters from the records (DESIGN.md 6.4 and 6.5).

`render_confirmation_letter` writes to the client, in their language, what their request
stopped and what happens next. `render_vendor_letters` writes one letter per vendor with
pending notifications, in the practice's default language, naming only the identifiers that
vendor needs (optouts.pending_notifications decides which). Each letter is recorded as a
GeneratedDocument: "optout_confirmation" for the client, "vendor_notification" for the
vendor. Vendor letters are read, rendered outside any transaction, then all recorded in one
unit of work.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo

from sqlalchemy import select
from sqlmodel import Session

from app.documents.data import PracticeInfo
from app.documents.layout import RenderedPdf
from app.documents.optout_letters import (
    ContinuingItem,
    ObjectionItem,
    OptOutConfirmationData,
    OptOutConfirmationLetter,
    PersonToStop,
    StoppedItem,
    VendorNotificationData,
    VendorNotificationLetter,
    VendorToTell,
)
from app.documents.vendor_wording import vendor_email_text as email_text
from app.domain.enums import LegalBasis, PaperSize
from app.domain.errors import N_, ValidationError
from app.domain.optout import continuing_reason, local_date
from app.domain.refcodes import format_reference
from app.i18n import LANGUAGES, translator
from app.persistence.database import unit_of_work
from app.persistence.models import Client, GeneratedDocument, OptOutRequest, Purpose, Sharing
from app.persistence.store import Store
from app.services import optouts
from app.services.documents import client_info, practice_info
from app.services.errors import Conflict, NotFound
from app.services.practice import load_practice, profile_of
from app.services.rows import OptOutResult, PendingNotification, RenderedDocument

CONFIRMATION_KIND = "optout_confirmation"
VENDOR_LETTER_KIND = "vendor_notification"


def _language(value: str | None, fallback: str) -> str:
    chosen = value or fallback
    if chosen not in LANGUAGES:
        raise ValidationError(
            "lang", N_("Documents are printed in en or zh, not {chosen}."), chosen=f"'{chosen}'"
        )
    return chosen


def _paper(value: str | None, fallback: str) -> str:
    chosen = value or fallback
    try:
        return PaperSize(chosen).value
    except ValueError:
        raise ValidationError(
            "paper", N_("Paper is A4 or Letter, not {chosen}."), chosen=f"'{chosen}'"
        ) from None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "vendor"


def _local_day(moment: datetime | None, zone: tzinfo) -> date | None:
    return local_date(moment, zone) if moment is not None else None


# -- document 4: the client's confirmation ---------------------------------------------------------


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


def _confirmation_data(
    session: Session,
    result: OptOutResult,
    request: OptOutRequest,
    client: Client,
    *,
    lang: str,
    zone: tzinfo,
    today: date,
) -> OptOutConfirmationData:
    practice_row = load_practice(session)
    practice = practice_info(dataclasses.asdict(profile_of(practice_row)), lang)
    # The request's effects as logged, worded again in the letter's language (the result
    # carries the client's language, and `lang` may differ).
    _ = translator(lang)
    purposes = _purposes(
        session,
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

    return OptOutConfirmationData(
        lang=lang,
        practice=practice,
        client=client_info(client, practice_row.country_code),
        request_id=result.request_id,
        channel=request.channel,
        received_at=result.received_at.astimezone(zone),
        # Every vendor told by the latest of their own dates (an objection upheld later
        # counts from the answer).
        due_on=max((vendor.due_on for vendor in result.vendors), default=result.due_on),
        issued_on=today,
        stopped=tuple(
            StoppedItem(item.vendor, purpose(item.sharing_id, item.purpose))
            for item in result.stopped
        ),
        vendors=tuple(
            VendorToTell(
                vendor=vendor.vendor,
                due_on=vendor.due_on,
                sent_on=_local_day(vendor.sent_at, zone),
                confirmed_on=_local_day(vendor.confirmed_at, zone),
            )
            for vendor in result.vendors
        ),
        continuing=tuple(
            ContinuingItem(
                item.vendor,
                purpose(item.sharing_id, item.purpose),
                reason(item.sharing_id, item.reason),
            )
            for item in result.continuing
        ),
        objections=tuple(
            ObjectionItem(
                vendor=item.vendor,
                purpose=purpose(item.sharing_id, item.purpose),
                answer_by=item.due_on,
                decision=item.decision,
                reason=item.reason,
                decided_on=_local_day(item.decided_at, zone),
            )
            for item in result.objections
        ),
    )


def render_confirmation_letter(
    store: Store,
    request_id: int,
    *,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
) -> RenderedDocument:
    """The opt-out confirmation letter (document 4) for one request, recorded.

    In the client's language unless `lang` is given, on the practice's paper unless `paper`
    is. Raises NotFound for an unknown request, Conflict for a caller not yet matched to a
    client (there is nobody to address it to), ValidationError for a bad lang or paper.
    """
    now = now or datetime.now(UTC)
    result = optouts.get_optout(store, request_id)
    if result.client_ref is None:
        raise Conflict(
            N_(
                "Opt-out {request} is not matched to a client yet: match the caller first, "
                "then print the confirmation letter."
            ),
            request=request_id,
        )
    zone = optouts.practice_zone(store)
    with unit_of_work(store.engine) as session:
        request = session.get(OptOutRequest, request_id)
        client = session.get(Client, request.client_id) if request is not None else None
        if request is None or client is None:
            raise NotFound(N_("There is no opt-out request {request}."), request=request_id)
        practice_row = load_practice(session)
        letter_lang = _language(lang, client.language)
        letter_paper = _paper(paper, practice_row.paper_size)
        data = _confirmation_data(
            session,
            result,
            request,
            client,
            lang=letter_lang,
            zone=zone,
            today=local_date(now, zone),
        )
        pdf = OptOutConfirmationLetter(data, paper=letter_paper).render(invariant=invariant)
        ref = format_reference(client.ref)
        name = f"opt-out-confirmation-{request_id}-{ref}-{letter_lang}.pdf"
        row = _record(session, CONFIRMATION_KIND, pdf, name, now, client_id=client.id)
        session.flush()
        return RenderedDocument(
            kind=CONFIRMATION_KIND,
            data=pdf.data,
            pages=pdf.page_count,
            sha256=row.sha256,
            file_name=name,
            client_refs=(ref,),
            notice_version=None,
            document_ids=(row.id,),
        )


# -- document 5: one letter per vendor -------------------------------------------------------------


def _vendor_data(
    notification: PendingNotification, practice: PracticeInfo, lang: str, today: date
) -> VendorNotificationData:
    return VendorNotificationData(
        lang=lang,
        practice=practice,
        notification_id=notification.notification_id,
        vendor=notification.vendor,
        vendor_legal_name=notification.vendor_legal_name,
        vendor_address_lines=tuple(notification.vendor_postal_address.splitlines()),
        issued_on=today,
        confirm_by=notification.confirm_by,
        # Only what pending_notifications kept for this vendor: never notes or callers.
        people=tuple(
            PersonToStop(
                ref=person.ref,
                received_on=person.received_on,
                stop=person.stop,
                name=person.name,
                email=person.email,
            )
            for person in notification.people
        ),
    )


def vendor_email_text(
    store: Store, notification: PendingNotification, *, now: datetime | None = None
) -> str:
    """The email to paste for one pending notification: the letter's words and reply-by date."""
    now = now or datetime.now(UTC)
    zone = optouts.practice_zone(store)
    with unit_of_work(store.reader) as session:
        practice_row = load_practice(session)
        lang = _language(None, practice_row.default_language)
        practice = practice_info(dataclasses.asdict(profile_of(practice_row)), lang)
    return email_text(_vendor_data(notification, practice, lang, local_date(now, zone)))


def render_vendor_letters(
    store: Store, *, now: datetime | None = None, invariant: bool = False
) -> list[tuple[PendingNotification, RenderedDocument]]:
    """One notification letter (document 5) per vendor with a pending notification.

    In the practice's default language and paper size, earliest due first; every letter is
    recorded in one unit of work. An empty list when nothing is pending. Marking a letter
    sent is a separate step (optouts.mark_notification_sent with its document id).
    """
    now = now or datetime.now(UTC)
    pending = optouts.pending_notifications(store, now=now)
    if not pending:
        return []
    zone = optouts.practice_zone(store)
    today = local_date(now, zone)
    with unit_of_work(store.engine) as session:
        practice_row = load_practice(session)
        lang = _language(None, practice_row.default_language)
        paper = _paper(None, practice_row.paper_size)
        practice = practice_info(dataclasses.asdict(profile_of(practice_row)), lang)
    letters = []
    for notification in pending:
        data = _vendor_data(notification, practice, lang, today)
        pdf = VendorNotificationLetter(data, paper=paper).render(invariant=invariant)
        name = (
            f"vendor-notification-{notification.notification_id}-"
            f"{_slug(notification.vendor)}-{lang}.pdf"
        )
        letters.append((notification, pdf, name))
    results = []
    with unit_of_work(store.engine) as session:
        for notification, pdf, name in letters:
            row = _record(
                session, VENDOR_LETTER_KIND, pdf, name, now, vendor_id=notification.vendor_id
            )
            results.append((notification, pdf, name, row))
        session.flush()
        return [
            (
                notification,
                RenderedDocument(
                    kind=VENDOR_LETTER_KIND,
                    data=pdf.data,
                    pages=pdf.page_count,
                    sha256=row.sha256,
                    file_name=name,
                    client_refs=tuple(person.ref for person in notification.people),
                    notice_version=None,
                    document_ids=(row.id,),
                ),
            )
            for notification, pdf, name, row in results
        ]


def _record(
    session: Session,
    kind: str,
    pdf: RenderedPdf,
    file_name: str,
    now: datetime,
    *,
    client_id: int | None = None,
    vendor_id: int | None = None,
) -> GeneratedDocument:
    row = GeneratedDocument(
        kind=kind,
        client_id=client_id,
        vendor_id=vendor_id,
        created_at=now,
        sha256=hashlib.sha256(pdf.data).hexdigest(),
        pages=pdf.page_count,
        file_name=file_name[:300],
    )
    session.add(row)
    return row
