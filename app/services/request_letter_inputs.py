"""The input of a rights request's letters, from the records: whom they go to, and what the
request's record says (received, asked, the clock, the extension, the outcome), in the
person's language; and the subjects each letter kind is made about, refusing a letter the
record does not support yet (domain.request_letters)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from app.documents.data import RequestLetterData
from app.domain.enums import RequestKind
from app.domain.erasure import KeptRecord, kept_records
from app.domain.refcodes import format_reference
from app.domain.request_letters import RequestLetter, letter_problem
from app.domain.requests import identity_needed
from app.i18n import translator
from app.persistence.models import Client, Erasure
from app.services.document_context import Addressee, DocumentContext
from app.services.document_parties import live_practice, practice_authorities
from app.services.erasure.erasing import kept_counts
from app.services.requests.facts import request_of, row_of
from app.services.rows import RequestRow


@dataclass(frozen=True)
class RequestLetterSubject:
    """A request as its letters read it, and the client they are addressed to."""

    row: RequestRow
    client: Client
    # What the law makes the practice keep after this request erased the client (none else).
    kept: tuple[KeptRecord, ...] = ()


def letter_input(context: DocumentContext, subject: RequestLetterSubject) -> RequestLetterData:
    """In the client's language unless the context forces one; times in the practice's zone."""
    row, client = subject.row, subject.client
    lang = context.language_for(client.language)
    completed = context.local_time(row.completed_at).date() if row.completed_at else None
    return RequestLetterData(
        lang=lang,
        practice=context.practice_info(lang),
        client=context.client_info(client),
        issued_on=context.today,
        request_number=row.id,
        kind=row.kind,
        channel=row.channel,
        received_at=context.local_time(row.received_at),
        topic=row.topic,
        answer_due=row.due_on,
        identity_pending=identity_needed(RequestKind(row.kind)) and not row.identity_checked_at,
        extended_until=row.extended_until,
        extension_reason=row.extension_reason,
        outcome=row.outcome,
        outcome_reason=row.outcome_reason,
        response=row.response,
        completed_on=completed,
        authorities=complaint_authorities(context, lang),
        kept_records=tuple(_kept_line(record, lang) for record in subject.kept),
    )


def _kept_line(record: KeptRecord, lang: str) -> str:
    _ = translator(lang)
    return f"{_(record.what)}: {_(record.why)}"


def _kept_after(session: Session, client: Client, request_id: int) -> tuple[KeptRecord, ...]:
    """The records kept, when this request erased the client; none otherwise."""
    erasure = session.execute(
        select(Erasure).where(Erasure.client_id == client.id, Erasure.request_id == request_id)
    ).scalar_one_or_none()
    if erasure is None:
        return ()
    return kept_records(kept_counts(session, client.id, request_id))


def complaint_authorities(context: DocumentContext, lang: str) -> tuple[str, ...]:
    """The authority of each ticked rule set (the practice's own name for its home one), each
    once, in the letter's language."""
    names: list[str] = []
    for _rule, authority in practice_authorities(live_practice(context.practice)):
        name = authority.name(lang)
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _subjects(
    letter: RequestLetter, session: Session, request_id: int
) -> list[tuple[RequestLetterSubject, Addressee]]:
    request = request_of(session, request_id)
    client = session.get(Client, request.client_id) if request.client_id else None
    problem = letter_problem(
        letter,
        request_id,
        matched=client is not None,
        extended_until=request.extended_until,
        completed_at=request.completed_at,
    )
    if problem is not None:
        raise problem
    assert client is not None
    ref = format_reference(client.ref)
    addressee = Addressee(f"{request_id}-{ref}", client_id=client.id, client_refs=(ref,))
    kept = _kept_after(session, client, request_id)
    return [(RequestLetterSubject(row_of(session, request), client, kept), addressee)]


def acknowledgement_subjects(session: Session, request_id: int, _now: datetime):
    return _subjects(RequestLetter.ACKNOWLEDGEMENT, session, request_id)


def extension_subjects(session: Session, request_id: int, _now: datetime):
    return _subjects(RequestLetter.EXTENSION, session, request_id)


def answer_subjects(session: Session, request_id: int, _now: datetime):
    return _subjects(RequestLetter.ANSWER, session, request_id)
