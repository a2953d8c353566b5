"""Consents already collected on paper, brought in from a list (issue 15): each row a
client's answer for one vendor, checked by the rules the consent dialog keeps, then every
answer recorded in one transaction as a consent event on the paper channel, with the list
itself kept as the evidence.

Decisions a reader should know:
- A row names the client by reference code or by the email on record; names are not
  matched, two clients can share one.
- There is no undo: the consent ledger is append-only. The report comes first, and a list
  with problems is refused unless the person chooses to leave those rows out.
- A "no" dated after a consent on record would withdraw it; only an opt-out does that (the
  vendor must be told), so such a row is a problem, as it is in the consent dialog.
- A form carries a day, not a time: the answer is dated noon of that day in the practice's
  zone, so it reads as that day wherever the day boundary falls.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlmodel import Session

from app.domain.consent import ends_given_consent
from app.domain.contact_files import ContactTable
from app.domain.enums import Channel, ClientStatus, ConsentState
from app.domain.errors import N_, DomainError, Phrase, ValidationError
from app.domain.optout import local_date
from app.domain.paper_consents import (
    COLUMN_LABELS,
    ConsentColumn,
    answer_state,
    missing_columns,
    signed_on,
)
from app.domain.refcodes import looks_like_reference, parse_reference
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import Client, NoticeVersion
from app.persistence.store import Store
from app.services.consents import consent_facts, store_evidence_bytes
from app.services.errors import InvalidInput
from app.services.importing import ImportRefused, RowProblem, row_number
from app.services.practice import load_practice, profile_of, zone_of
from app.services.rows import SharingRow
from app.services.vendors import sharing_rows

SIGNED_AT = time(12, 0)  # see the module's docstring
# The ledger's note, in English as every evidence note is (the record, not the window).
EVIDENCE_NOTE = "Paper consent form, from an imported list (row {row})"


@dataclass(frozen=True)
class PaperAnswer:
    """One row that would become a consent event."""

    row: int
    client_id: int
    client_ref: str
    sharing_id: int
    vendor: str
    state: ConsentState
    signed_on: date


@dataclass(frozen=True)
class PaperConsentReport:
    """What recording the list would do, row by row, before anything is written."""

    rows: int
    answers: tuple[PaperAnswer, ...]
    problems: tuple[RowProblem, ...]
    already: tuple[int, ...] = ()  # rows whose answer is on record (the list imported before)

    @property
    def clients(self) -> int:
        return len({answer.client_id for answer in self.answers})


@dataclass(frozen=True)
class PaperConsentResult:
    recorded: int
    clients: int
    report: PaperConsentReport


class _RowRefused(DomainError):
    """One row cannot be recorded; the report says why."""


class _AlreadyRecorded(Exception):
    """The same answer, for the same day, is on record: importing a list twice adds nothing."""


class _Lookup:
    """The clients and sharings a list's rows are matched against, read once."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_ref: dict[str, Client] = {}
        self.by_email: dict[str, list[Client]] = defaultdict(list)
        for client in session.scalars(select(Client)):
            self.by_ref[client.ref] = client
            if client.email:
                self.by_email[client.email.casefold()].append(client)
        self.sharings: dict[str, list[SharingRow]] = defaultdict(list)
        for sharing in sharing_rows(session):
            self.sharings[sharing.vendor.casefold()].append(sharing)
        self._facts: dict[int, list] = {}

    def client(self, text: str) -> Client:
        text = text.strip()
        if "@" in text:
            found = self.by_email.get(text.casefold(), [])
            if len(found) > 1:
                raise _RowRefused(N_("Several clients have this email; give the reference code."))
            client = found[0] if found else None
        elif looks_like_reference(text):
            client = self.by_ref.get(parse_reference(text))  # a mistyped code: its own words
        elif not text:
            raise _RowRefused(N_("Give the client's reference code or the email on record."))
        else:
            raise _RowRefused(N_("Give the client's reference code or email, not their name."))
        if client is None:
            raise _RowRefused(N_("No client on record has this reference code or email."))
        if client.status == ClientStatus.ERASED.value:
            raise _RowRefused(N_("This client was erased; nothing is recorded for them."))
        return client

    def sharing(self, vendor: str, purpose: str, day: date) -> SharingRow:
        sharings = self.sharings.get(vendor.strip().casefold())
        if not sharings:
            raise _RowRefused(N_("No vendor on record is called {vendor}."), vendor=vendor.strip())
        # A consent signed before the sharing was entered in the app still counts (a
        # practice sets its vendors up after years on paper); one that ended before does not.
        current = [s for s in sharings if s.ends_on is None or s.ends_on >= day]
        if not current:
            raise _RowRefused(
                N_("{vendor} no longer received data on {day}; check the date."),
                vendor=sharings[0].vendor,
                day=day.isoformat(),
            )
        if purpose.strip():
            wanted = purpose.strip().casefold()
            named = [
                s for s in current if wanted in (s.purpose.casefold(), s.purpose_zh.casefold())
            ]
            if not named:
                raise _RowRefused(
                    N_("{vendor} receives no data for {purpose}; its purposes: {purposes}."),
                    vendor=current[0].vendor,
                    purpose=purpose.strip(),
                    purposes=", ".join(s.purpose for s in current),
                )
            return named[0]
        asking = [s for s in current if s.consent_required] or current
        if len(asking) > 1:
            raise _RowRefused(
                N_("{vendor} receives data for several purposes ({purposes}): name the purpose."),
                vendor=current[0].vendor,
                purposes=", ".join(s.purpose for s in asking),
            )
        return asking[0]

    def facts(self, client_id: int) -> list:
        if client_id not in self._facts:
            self._facts[client_id] = consent_facts(self.session, client_id)
        return self._facts[client_id]


def _column_values(mapping: Sequence[ConsentColumn], row: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for kind, cell in zip(mapping, row, strict=False):
        if kind is not ConsentColumn.IGNORE:
            values.setdefault(kind.value, cell.strip())
    return values


def _checked(
    session: Session, table: ContactTable, mapping: Sequence[ConsentColumn], now: datetime
) -> PaperConsentReport:
    missing = missing_columns(mapping)
    if missing:
        raise InvalidInput(
            [
                ValidationError(
                    "mapping",
                    N_("Say which column holds this: {column}."),
                    column=Phrase(COLUMN_LABELS[missing[0]]),  # translated with the sentence
                )
            ]
        )
    profile = profile_of(load_practice(session))
    zone = zone_of(profile)
    today = local_date(now, zone)
    lookup = _Lookup(session)
    seen: dict[tuple[int, int], int] = {}
    answers, problems, already = [], [], []
    for index, row in enumerate(table.rows):
        number = row_number(table, index)
        values = _column_values(mapping, row)
        if not any(values.values()):
            continue  # an empty line at the end of a spreadsheet
        try:
            answer = _answer(lookup, values, number, profile.country_code == "US", today, zone)
            earlier = seen.setdefault((answer.client_id, answer.sharing_id), number)
            if earlier != number:
                raise _RowRefused(
                    N_("Row {row} already answers for this client and vendor."), row=earlier
                )
        except DomainError as refused:  # _RowRefused, or a mistyped reference code
            problems.append(RowProblem(number, (refused.phrase,)))
            continue
        except _AlreadyRecorded:
            already.append(number)
            continue
        answers.append(answer)
    return PaperConsentReport(len(table.rows), tuple(answers), tuple(problems), tuple(already))


def _answer(
    lookup: _Lookup, values: dict[str, str], number: int, month_first: bool, today: date, zone
) -> PaperAnswer:
    client = lookup.client(values.get("client", ""))
    day = signed_on(values.get("date", ""), month_first=month_first)
    if day is None:
        raise _RowRefused(N_("Write the date the form was signed, as in 2026-03-14."))
    if day > today:
        raise _RowRefused(N_("The date signed is in the future."))
    sharing = lookup.sharing(values.get("vendor", ""), values.get("purpose", ""), day)
    state = answer_state(values.get("answer", ""))
    if state is None:
        raise _RowRefused(N_("Write yes or no as the answer."))
    moment = signed_moment(day, zone)
    if any(
        fact.sharing_id == sharing.id and fact.state == state and fact.occurred_at == moment
        for fact in lookup.facts(client.id)
    ):
        raise _AlreadyRecorded()
    if ends_given_consent(lookup.facts(client.id), sharing.id, state, moment):
        raise _RowRefused(
            N_(
                "The client's consent to {vendor} is on record; a no would withdraw it: log an "
                "opt-out instead, so that the vendor is told."
            ),
            vendor=sharing.vendor,
        )
    return PaperAnswer(number, client.id, client.ref, sharing.id, sharing.vendor, state, day)


def signed_moment(day: date, zone) -> datetime:
    return datetime.combine(day, SIGNED_AT, tzinfo=zone).astimezone(UTC)


def check_paper_consents(
    store: Store,
    table: ContactTable,
    mapping: Sequence[ConsentColumn],
    *,
    now: datetime | None = None,
) -> PaperConsentReport:
    """What recording the list with `mapping` would do; writes nothing."""
    with unit_of_work(store.reader) as session:
        return _checked(session, table, mapping, now or datetime.now(UTC))


def _notice_in_effect(session: Session) -> list[tuple[date, int]]:
    rows = session.execute(
        select(NoticeVersion.effective_on, NoticeVersion.id).order_by(NoticeVersion.number)
    )
    return [(effective_on, version_id) for effective_on, version_id in rows]


def _version_on(versions: list[tuple[date, int]], day: date) -> int | None:
    """The notice the client could have read when signing: the newest in effect that day."""
    in_effect = [version_id for effective_on, version_id in versions if effective_on <= day]
    return in_effect[-1] if in_effect else None


def record_paper_consents(
    store: Store,
    table: ContactTable,
    mapping: Sequence[ConsentColumn],
    source: bytes,
    suffix: str,
    *,
    actor: str,
    skip_problems: bool = False,
    now: datetime | None = None,
) -> PaperConsentResult:
    """Every answer of the list as a consent event, in one transaction: all, or none.

    The rows are checked again inside the transaction, so the report holds for what is
    written. `source` is the list's own bytes, kept as the evidence of every answer.
    """
    now = now or datetime.now(UTC)
    # Content-addressed: a copy left by a transaction that then fails is harmless.
    evidence_file, evidence_sha256 = store_evidence_bytes(store, source, suffix)
    with unit_of_work(store.engine) as session:
        checked = _checked(session, table, mapping, now)
        if checked.problems and not skip_problems:
            raise ImportRefused(
                N_(
                    "{count} rows have problems (the first is row {row}): correct them in the "
                    "file, or leave them out; nothing was recorded."
                ),
                count=len(checked.problems),
                row=checked.problems[0].row,
            )
        if not checked.answers:
            raise ImportRefused(N_("The list holds no answer to record; nothing was recorded."))
        zone = zone_of(profile_of(load_practice(session)))
        versions = _notice_in_effect(session)
        ledgers.append(
            session,
            "consent_event",
            [
                {
                    "client_id": answer.client_id,
                    "sharing_id": answer.sharing_id,
                    "state": answer.state.value,
                    "channel": Channel.PAPER_IN_PERSON.value,
                    "occurred_at": signed_moment(answer.signed_on, zone),
                    "recorded_at": now,
                    "recorded_by": actor,
                    "notice_version_id": _version_on(versions, answer.signed_on),
                    "evidence_note": EVIDENCE_NOTE.format(row=answer.row),
                    "evidence_file": evidence_file,
                    "evidence_sha256": evidence_sha256,
                    "optout_request_id": None,
                }
                for answer in checked.answers
            ],
        )
        for client_id in sorted({answer.client_id for answer in checked.answers}):
            ledgers.append_audit(
                session,
                at=now,
                actor=actor,
                action="import_consents",
                entity="client",
                entity_id=client_id,
                fields=["consent"],
            )
        return PaperConsentResult(len(checked.answers), checked.clients, checked)
