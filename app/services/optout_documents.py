"""The opt-out letters from the records (DESIGN.md 6.4 and 6.5), made through their kinds'
declarations (document_kinds) like every document.

`render_confirmation_letter` writes to the client, in their language, what their request
stopped and what happens next. `render_vendor_letters` writes one letter per vendor with
pending notifications, in the practice's default language, naming only the identifiers that
vendor needs (optouts.pending_notifications decides which). Each letter is recorded as a
GeneratedDocument of its kind: "optout_confirmation" for the client, "vendor_notification"
for the vendor. Vendor letters are read, rendered outside any transaction, then all
recorded in one unit of work.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from app.documents.vendor_wording import vendor_email_text as email_text
from app.domain.errors import N_
from app.domain.refcodes import format_reference
from app.persistence.database import unit_of_work
from app.persistence.models import Client, OptOutRequest
from app.persistence.store import Store
from app.services import optouts
from app.services.document_context import read_context
from app.services.document_kinds import OPTOUT_CONFIRMATION, VENDOR_NOTIFICATION
from app.services.documents import (
    Addressee,
    file_name,
    lay_out,
    make_document,
    record,
    rendered,
    saved_before_commit,
)
from app.services.errors import Conflict, NotFound
from app.services.optout_letter_inputs import AnsweredRequest
from app.services.rows import PendingNotification, RenderedDocument


def render_confirmation_letter(
    store: Store,
    request_id: int,
    *,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
    save_to: Path | None = None,
) -> RenderedDocument:
    """The opt-out confirmation letter (document 4) for one request, recorded.

    In the client's language unless `lang` is given, on the practice's paper unless `paper`
    is. With `save_to`, it is recorded only once that file is written whole. Raises NotFound
    for an unknown request, Conflict for a caller not yet matched to a client (there is
    nobody to address it to), ValidationError for a bad lang or paper, DiskFull.
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
    with saved_before_commit() as save, unit_of_work(store.engine) as session:
        request = session.get(OptOutRequest, request_id)
        client = session.get(Client, request.client_id) if request is not None else None
        if request is None or client is None:
            raise NotFound(N_("There is no opt-out request {request}."), request=request_id)
        context = read_context(session, lang=lang or None, paper=paper, now=now)
        ref = format_reference(client.ref)
        addressee = Addressee(f"{request_id}-{ref}", client_id=client.id, client_refs=(ref,))
        subject = AnsweredRequest(result, request, client)
        made = make_document(
            OPTOUT_CONFIRMATION, context, subject, addressee, now=now, invariant=invariant
        )
        if save_to is not None:
            save([(save_to, made.data)])
        return made


def confirmation_letter_name(store: Store, request_id: int) -> str:
    """The file name the request's confirmation letter gets, to suggest before it is made."""
    with unit_of_work(store.reader) as session:
        request = session.get(OptOutRequest, request_id)
        client = session.get(Client, request.client_id) if request and request.client_id else None
        if client is None:
            raise NotFound(N_("There is no opt-out request {request}."), request=request_id)
        about = f"{request_id}-{format_reference(client.ref)}"
        lang = read_context(session, now=datetime.now(UTC)).language_for(client.language)
    return file_name(OPTOUT_CONFIRMATION, None, about, lang)


def vendor_email_text(
    store: Store, notification: PendingNotification, *, now: datetime | None = None
) -> str:
    """The email to paste for one pending notification: the letter's words and reply-by date."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.reader) as session:
        data = VENDOR_NOTIFICATION.build(read_context(session, now=now), notification)
    return email_text(data)


# (notification, letter) -> the name its files get in the folder saved to, without suffix.
StemOf = Callable[[PendingNotification, RenderedDocument], str]


def render_vendor_letters(
    store: Store,
    *,
    now: datetime | None = None,
    invariant: bool = False,
    save_to: Path | None = None,
    stem_of: StemOf | None = None,
) -> list[tuple[PendingNotification, RenderedDocument]]:
    """One notification letter (document 5) per vendor with a pending notification.

    In the practice's default language and paper size, earliest due first; every letter is
    recorded in one unit of work. An empty list when nothing is pending. Marking a letter
    sent is a separate step (optouts.mark_notification_sent with its document id).
    With `save_to` (a folder), each letter and its email text (.pdf, .txt, named by
    `stem_of`, else the letter's own name) are written whole before any is recorded.
    """
    now = now or datetime.now(UTC)
    pending = optouts.pending_notifications(store, now=now)
    if not pending:
        return []
    kind = VENDOR_NOTIFICATION
    with unit_of_work(store.engine) as session:
        context = read_context(session, now=now)
        documents = [
            (notification, lay_out(kind, context, notification)) for notification in pending
        ]
        emails = [email_text(kind.build(context, notification)) for notification in pending]
    letters = [
        (notification, document, document.render(invariant=invariant))
        for notification, document in documents
    ]
    made = []
    with saved_before_commit() as save, unit_of_work(store.engine) as session:
        for notification, document, pdf in letters:
            addressee = Addressee(
                f"{notification.notification_id}-{_slug(notification.vendor)}",
                vendor_id=notification.vendor_id,
                client_refs=tuple(person.ref for person in notification.people),
            )
            name = file_name(kind, None, addressee.about, document.lang)
            entries = [(kind, addressee, pdf.page_count)]
            digest, ids = record(session, entries, pdf.data, None, name, now)
            made.append(
                (notification, rendered(kind, pdf, digest, name, addressee.client_refs, None, ids))
            )
        if save_to is not None:
            save(_letter_files(made, emails, save_to, stem_of))
    return made


def _letter_files(
    made: list[tuple[PendingNotification, RenderedDocument]],
    emails: list[str],
    folder: Path,
    stem_of: StemOf | None,
) -> list[tuple[Path, bytes]]:
    files = []
    for (notification, letter), email in zip(made, emails, strict=True):
        stem = stem_of(notification, letter) if stem_of else letter.file_name.removesuffix(".pdf")
        files.append((folder / f"{stem}.pdf", letter.data))
        files.append((folder / f"{stem}.txt", email.encode("utf-8")))
    return files


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "vendor"
