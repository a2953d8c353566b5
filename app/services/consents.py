"""Consent answers: recording them with evidence, and reading a client's current choices."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from app.domain.consent import ConsentFact, current_consents, ends_given_consent
from app.domain.enums import Channel, ConsentState
from app.domain.errors import N_, ValidationError
from app.domain.pauses import pause_holding
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import ConsentEvent, NoticeVersion, Purpose, Sharing, Vendor
from app.persistence.store import Store
from app.services.errors import InvalidInput
from app.services.lookup import client_by_ref
from app.services.pause_facts import client_pauses
from app.services.practice import load_practice
from app.services.rows import ConsentLine, HistoryLine
from app.services.vendors import sharing_rows

RECORDABLE_STATES = (ConsentState.GIVEN, ConsentState.REFUSED, ConsentState.WITHDRAWN)
MAX_EVIDENCE_BYTES = 50 * 1024 * 1024


def consent_facts(session: Session, client_id: int) -> list[ConsentFact]:
    """Every consent event of one client, as the consent rules read them."""
    return [
        ConsentFact(sharing_id=sharing, state=ConsentState(state), occurred_at=at, sequence=id_)
        for id_, sharing, state, at in session.execute(
            select(
                ConsentEvent.id,
                ConsentEvent.sharing_id,
                ConsentEvent.state,
                ConsentEvent.occurred_at,
            ).where(ConsentEvent.client_id == client_id)
        )
    ]


def client_consent_lines(
    session: Session, client_id: int, practice, *, now: datetime | None = None
) -> list[ConsentLine]:
    """Current consent for every sharing the client could be concerned by, and the request
    that pauses it now, if one does (domain.pauses)."""
    now = now or datetime.now(UTC)
    facts = current_consents(consent_facts(session, client_id))
    pauses = client_pauses(session, client_id)
    lines = []
    for sharing in sharing_rows(session):
        fact = facts.get(sharing.id)
        if sharing.ends_on is not None and fact is None:
            continue
        pause = pause_holding(pauses, sharing.id, now)
        lines.append(
            ConsentLine(
                sharing_id=sharing.id,
                vendor=sharing.vendor,
                purpose=sharing.purpose,
                purpose_zh=sharing.purpose_zh,
                required=sharing.consent_required,
                state=fact.state if fact else ConsentState.NONE,
                since=fact.occurred_at if fact else None,
                paused_by_request=pause.request_id if pause else None,
                paused_since=pause.paused_at if pause else None,
            )
        )
    return lines


def client_history(session: Session, client_id: int) -> list[HistoryLine]:
    statement = (
        select(ConsentEvent, Vendor.name, Purpose.label_en, Purpose.label_zh, NoticeVersion.number)
        .join(Sharing, Sharing.id == ConsentEvent.sharing_id)
        .join(Vendor, Vendor.id == Sharing.vendor_id)
        .join(Purpose, Purpose.id == Sharing.purpose_id)
        .outerjoin(NoticeVersion, NoticeVersion.id == ConsentEvent.notice_version_id)
        .where(ConsentEvent.client_id == client_id)
        .order_by(ConsentEvent.occurred_at.desc(), ConsentEvent.id.desc())
    )
    return [
        HistoryLine(
            event_id=event.id,
            vendor=vendor,
            purpose=purpose,
            purpose_zh=purpose_zh,
            state=event.state,
            channel=event.channel,
            occurred_at=event.occurred_at,
            recorded_at=event.recorded_at,
            recorded_by=event.recorded_by,
            notice_version=number,
            evidence_note=event.evidence_note,
            evidence_file=event.evidence_file,
            optout_request_id=event.optout_request_id,
        )
        for event, vendor, purpose, purpose_zh, number in session.execute(statement)
    ]


def store_evidence(store: Store, source: Path) -> tuple[str, str]:
    """Copy a scan into the evidence folder under its hash; returns (file name, sha256)."""
    if not source.is_file():
        raise ValidationError("evidence", N_("The file {file} does not exist."), file=source.name)
    if source.stat().st_size > MAX_EVIDENCE_BYTES:
        raise ValidationError("evidence", N_("The evidence file is larger than 50 MB."))
    return store_evidence_bytes(store, source.read_bytes(), source.suffix)


def store_evidence_bytes(store: Store, content: bytes, suffix: str) -> tuple[str, str]:
    """Keep these bytes (a scan, an email) in the evidence folder under their hash.

    Content-addressed, so a copy left by a transaction that later failed is harmless.
    Returns (file name, sha256).
    """
    digest = hashlib.sha256(content).hexdigest()
    name = f"{digest}{suffix.lower()[:10]}"
    target = store.paths.evidence / name
    if not target.exists():
        partial = target.with_name(name + ".partial")
        partial.write_bytes(content)
        partial.chmod(0o600)
        partial.replace(target)
    return name, digest


def _refuse_ending_given_consent(
    session: Session, client_id: int, answers: Mapping[int, ConsentState], occurred_at: datetime
) -> None:
    """A "no" to a vendor that has the client's consent is a withdrawal: log it as an opt-out."""
    events = consent_facts(session, client_id)
    ending = [
        sharing_id
        for sharing_id, state in answers.items()
        if ends_given_consent(events, sharing_id, ConsentState(state), occurred_at)
    ]
    if ending:
        names = session.execute(
            select(Vendor.name)
            .join(Sharing, Sharing.vendor_id == Vendor.id)
            .where(Sharing.id.in_(ending))
            .order_by(Vendor.name)
        ).scalars()
        raise ValidationError(
            "answers",
            N_(
                "This client's consent to {vendors} is on record. To withdraw it, log an "
                "opt-out instead, so that the vendor is told."
            ),
            vendors=", ".join(dict.fromkeys(names)),
        )


def record_consent_answers(
    store: Store,
    client_ref: str,
    answers: Mapping[int, ConsentState],
    *,
    channel: Channel,
    occurred_at: datetime,
    actor: str,
    note: str = "",
    evidence: Path | None = None,
    notice_version_id: int | None = None,
    now: datetime | None = None,
) -> list[ConsentLine]:
    """The answers from one form or conversation, as one event per sharing, all or nothing."""
    now = now or datetime.now(UTC)
    problems = []
    if not answers:
        problems.append(ValidationError("answers", N_("Record at least one answer.")))
    if any(state not in RECORDABLE_STATES for state in answers.values()):
        problems.append(ValidationError("answers", N_("An answer is given, refused or withdrawn.")))
    if occurred_at > now:
        problems.append(
            ValidationError("occurred_at", N_("The answer cannot be dated in the future."))
        )
    if problems:
        raise InvalidInput(problems)
    evidence_file, evidence_sha256 = store_evidence(store, evidence) if evidence else ("", "")
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref)
        known = set(session.execute(select(Sharing.id)).scalars())
        unknown = [sharing_id for sharing_id in answers if sharing_id not in known]
        if unknown:
            raise ValidationError(
                "answers", N_("Sharing {sharing} is not on record."), sharing=unknown[0]
            )
        _refuse_ending_given_consent(session, client.id, answers, occurred_at)
        ledgers.append(
            session,
            "consent_event",
            [
                {
                    "client_id": client.id,
                    "sharing_id": sharing_id,
                    "state": ConsentState(state).value,
                    "channel": Channel(channel).value,
                    "occurred_at": occurred_at,
                    "recorded_at": now,
                    "recorded_by": actor,
                    "notice_version_id": notice_version_id,
                    "evidence_note": note.strip(),
                    "evidence_file": evidence_file,
                    "evidence_sha256": evidence_sha256,
                    "optout_request_id": None,
                }
                for sharing_id, state in sorted(answers.items())
            ],
        )
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="record_consent",
            entity="client",
            entity_id=client.id,
            fields=["consent"],
        )
        return client_consent_lines(session, client.id, load_practice(session))
