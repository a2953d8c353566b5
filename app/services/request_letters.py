"""A rights request's letter, the one its step calls for or the one asked for: previewed (nothing
recorded) or saved, and recorded as generated only once its file is written whole."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.documents.data import RequestLetterData
from app.domain.request_letters import RequestLetter, letter_for_step
from app.persistence.database import unit_of_work
from app.persistence.store import Store
from app.services import documents
from app.services.document_context import read_context
from app.services.document_kinds import (
    REQUEST_ACKNOWLEDGEMENT,
    REQUEST_ANSWER,
    REQUEST_EXTENSION,
    DocumentKind,
)
from app.services.requests import get_request
from app.services.rows import RenderedDocument, RequestRow

LETTER_KINDS: dict[RequestLetter, DocumentKind] = {
    RequestLetter.ACKNOWLEDGEMENT: REQUEST_ACKNOWLEDGEMENT,
    RequestLetter.EXTENSION: REQUEST_EXTENSION,
    RequestLetter.ANSWER: REQUEST_ANSWER,
}


def letter_kind(letter: RequestLetter | str) -> DocumentKind:
    return LETTER_KINDS[RequestLetter(letter)]


def letter_of_step(row: RequestRow) -> RequestLetter:
    """The letter the request's latest step calls for."""
    return letter_for_step(extended_until=row.extended_until, completed_at=row.completed_at)


def render_request_letter(
    store: Store,
    request_id: int,
    letter: RequestLetter | str | None = None,
    *,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
    save_to: Path | None = None,
) -> RenderedDocument:
    """The letter (by default the one the request's step calls for), in the client's language
    unless `lang` is given, on the practice's paper unless `paper` is.

    Without `save_to` it is a preview and nothing is recorded; with it, the file is written
    whole and only then recorded. Raises NotFound for an unknown request, ValidationError for
    a letter the record does not support yet (no extension, not completed, no client matched).
    """
    now = now or datetime.now(UTC)
    chosen = RequestLetter(letter) if letter else letter_of_step(get_request(store, request_id))
    [made] = documents.render_about(
        store,
        letter_kind(chosen),
        request_id,
        lang=lang,
        paper=paper,
        now=now,
        invariant=invariant,
        save_to=save_to,
    )
    return made


def letter_input_of(
    store: Store,
    request_id: int,
    letter: RequestLetter | str,
    *,
    lang: str | None = None,
    now: datetime | None = None,
) -> RequestLetterData:
    """What the letter would print, without rendering or recording it."""
    kind = letter_kind(letter)
    now = now or datetime.now(UTC)
    assert kind.subjects is not None
    with unit_of_work(store.reader) as session:
        context = read_context(session, lang=lang, now=now)
        [(subject, _addressee)] = kind.subjects(session, request_id, now)
        return kind.build(context, subject)
