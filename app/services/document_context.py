"""What document builders read from: one transaction's practice, paper, day and language, the
notice they print from, and the clients' current choices.

A context is read once for one document or a whole batch, inside the transaction that
builds them; a builder (document_kinds) takes it and one subject and returns the frozen
input its renderer lays out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import cached_property

from sqlalchemy import select
from sqlmodel import Session

from app.documents.data import ClientInfo, NoticeContent, PracticeInfo
from app.domain.consent import ConsentFact, current_consents
from app.domain.enums import ConsentState, Language, PaperSize
from app.domain.errors import N_, ValidationError
from app.domain.optout import local_date
from app.persistence.models import Client, ConsentEvent, Practice
from app.services.document_parties import client_info, live_practice, practice_info
from app.services.notice_content import NoticeSource, notice_content, notice_source
from app.services.practice import load_practice, profile_of, zone_of

_IN_CHUNK = 500


def checked_language(chosen: str) -> str:
    try:
        return Language(chosen).value
    except ValueError:
        raise ValidationError(
            "lang", N_("Documents are printed in en or zh, not {chosen}."), chosen=f"'{chosen}'"
        ) from None


def checked_paper(chosen: str) -> str:
    try:
        return PaperSize(chosen).value
    except ValueError:
        raise ValidationError(
            "paper", N_("Paper is A4 or Letter, not {chosen}."), chosen=f"'{chosen}'"
        ) from None


@dataclass(frozen=True)
class Addressee:
    """Whom one document is for, as its record and its file name say it."""

    about: str  # the middle of its file name: "ABC-DEFG", "generic", "4-ABC-DEFG", "all"
    client_id: int | None = None
    vendor_id: int | None = None
    client_refs: tuple[str, ...] = ()


@dataclass
class DocumentContext:
    """What one transaction read, shared by every document built from it."""

    session: Session
    practice: Practice
    zone: tzinfo  # the practice's: its days and the times its letters print
    paper: str
    today: date  # the date printed on the documents
    lang: str | None  # a language forced on every document, or None: each addressee's own
    choices: dict[int, dict[int, ConsentFact]] = field(default_factory=dict)  # see read_choices

    @cached_property
    def source(self) -> NoticeSource:
        """What notices print now: read on first use, inside the transaction."""
        return notice_source(self.session, self.today)

    def language_for(self, own: str) -> str:
        """The forced language, else the addressee's `own`."""
        return checked_language(self.lang or own or "en")

    def notice_content(self, lang: str) -> NoticeContent:
        return notice_content(self.source, lang)

    def client_info(self, client: Client) -> ClientInfo:
        return client_info(client, self.practice.country_code)

    def practice_info(self, lang: str, *, sender_country: str = "") -> PracticeInfo:
        """The practice as it is now (forms and letters carry its live contact details); its
        address with a country line when the post comes from `sender_country` abroad."""
        return practice_info(live_practice(self.practice), lang, sender_country=sender_country)

    def local_time(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def read_choices(self, client_ids: Sequence[int]) -> None:
        """Read the current consent fact per sharing of each client, for `choices_of`."""
        facts: dict[int, list[ConsentFact]] = {client_id: [] for client_id in client_ids}
        for start in range(0, len(client_ids), _IN_CHUNK):
            chunk = client_ids[start : start + _IN_CHUNK]
            rows = self.session.execute(
                select(
                    ConsentEvent.id,
                    ConsentEvent.client_id,
                    ConsentEvent.sharing_id,
                    ConsentEvent.state,
                    ConsentEvent.occurred_at,
                ).where(ConsentEvent.client_id.in_(chunk))
            )
            for event_id, client_id, sharing_id, state, occurred_at in rows:
                facts[client_id].append(
                    ConsentFact(sharing_id, ConsentState(state), occurred_at, event_id)
                )
        self.choices.update(
            {client_id: current_consents(events) for client_id, events in facts.items()}
        )

    def choices_of(self, client: Client) -> dict[int, ConsentFact]:
        """The client's current consent per sharing id (read_choices read them)."""
        return self.choices.get(client.id, {})


def read_context(
    session: Session,
    *,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    today: date | None = None,
) -> DocumentContext:
    """The context of documents made at `now` (dated the practice's local day), or dated
    `today`. A `lang` given (even "") is checked: "" means the practice's default language."""
    practice = load_practice(session)
    if lang is not None:
        lang = checked_language(lang or practice.default_language)
    zone = zone_of(profile_of(practice))
    if today is None:
        if now is None:
            raise ValueError("documents are made at a moment or dated a day")
        today = local_date(now, zone)
    return DocumentContext(
        session=session,
        practice=practice,
        zone=zone,
        paper=checked_paper(paper or practice.paper_size),
        today=today,
        lang=lang,
    )
