"""Logging a rights request: who asked (a client, or a caller's details until matched), what
for, how and when it came, and the clock it starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from app.domain.date_bounds import check_received_at
from app.domain.enums import Channel, RequestKind
from app.domain.errors import N_, ValidationError
from app.domain.optout import local_date
from app.domain.requests import REQUEST_CHANNELS, REQUEST_KINDS, request_clock
from app.domain.validation import validate_text
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import RightsRequest
from app.persistence.store import Store
from app.services.consents import store_evidence_bytes
from app.services.errors import collect
from app.services.lookup import client_by_ref
from app.services.optouts.context import optout_context
from app.services.requests.facts import row_of
from app.services.requests.steps import change_open
from app.services.rows import RequestRow

# The names errors give these fields ("The topic is limited to 400 characters."), marked so
# that they are translated where the sentence is shown.
FIELD_LABELS = (
    N_("topic"),
    N_("identity method"),
    N_("extension reason"),
    N_("outcome reason"),
    N_("response"),
)


@dataclass(frozen=True)
class RequestDraft:
    """What a person typed about a request; checked by `log_request`.

    `email_evidence` is the email it came in, as its bytes and file suffix (".eml", or
    ".txt" for pasted words), kept byte for byte under its sha256.
    """

    kind: RequestKind | str
    channel: Channel | str
    received_at: datetime
    client_ref: str | None = None
    caller_details: str = ""
    note: str = ""
    topic: str = ""
    email_evidence: tuple[bytes, str] | None = None


def _kind(value: RequestKind | str) -> RequestKind:
    try:
        kind = RequestKind(value)
    except ValueError:
        kind = None
    if kind not in REQUEST_KINDS:
        choices = ", ".join(kind.value for kind in REQUEST_KINDS)
        raise ValidationError("kind", N_("The request is one of {choices}."), choices=choices)
    return kind


def _channel(value: Channel | str) -> Channel:
    try:
        channel = Channel(value)
    except ValueError:
        channel = None
    if channel not in REQUEST_CHANNELS:
        choices = ", ".join(channel.value for channel in REQUEST_CHANNELS)
        raise ValidationError("channel", N_("The channel is one of {choices}."), choices=choices)
    return channel


def _received(received_at: datetime, now: datetime) -> datetime:
    if received_at.tzinfo is None:
        raise ValidationError("received_at", N_("Give the time received with its zone."))
    check_received_at("received_at", received_at, now)
    return received_at


def _who(draft: RequestDraft) -> str:
    caller = validate_text("caller_details", draft.caller_details, max_length=1000, multiline=True)
    if not (draft.client_ref or "").strip() and not caller:
        raise ValidationError(
            "client", N_("Choose the client, or note the caller's name and details.")
        )
    return caller


def log_request(
    store: Store, draft: RequestDraft, *, actor: str, now: datetime | None = None
) -> RequestRow:
    """Record a request and fix its clock, in one transaction.

    Raises:
        InvalidInput: an unknown kind or channel, nobody named, a receipt in the future.
        ReferenceCodeError / NotFound: a mistyped or unknown reference code.
    """
    now = now or datetime.now(UTC)
    kind, channel, received_at, caller, note, topic = collect(
        lambda: _kind(draft.kind),
        lambda: _channel(draft.channel),
        lambda: _received(draft.received_at, now),
        lambda: _who(draft),
        lambda: validate_text("note", draft.note, max_length=4000, multiline=True),
        lambda: validate_text("topic", draft.topic, max_length=400),
    )
    client_ref = (draft.client_ref or "").strip() or None
    evidence = ("", "")
    if draft.email_evidence is not None:
        evidence = store_evidence_bytes(store, *draft.email_evidence)
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref) if client_ref else None
        context = optout_context(session)
        clock = request_clock(
            kind,
            local_date(received_at, context.zone),
            context.jurisdictions,
            context.calendar,
            context.profile.rule_settings,
        )
        request = RightsRequest(
            kind=kind.value,
            client_id=client.id if client else None,
            caller_details="" if client else caller,
            channel=channel.value,
            received_at=received_at,
            note=note,
            topic=topic,
            evidence_file=evidence[0],
            evidence_sha256=evidence[1],
            recorded_by=actor,
            recorded_at=now,
            due_on=clock.answer_due,
            confirm_due_on=clock.confirmation_due,
            extension_by=clock.extension_by,
            extended_due_on=clock.extended_due,
        )
        session.add(request)
        session.flush()
        filled = [
            name
            for name in ("client_id", "caller_details", "note", "topic", "evidence_file")
            if getattr(request, name)
        ]
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="create",
            entity="rights_request",
            entity_id=request.id,
            fields=["kind", "channel", "received_at", *filled],
        )
        return row_of(session, request)


def match_request(
    store: Store, request_id: int, client_ref: str, *, actor: str, now: datetime | None = None
) -> RequestRow:
    """The client a caller turned out to be; their details give way to the client record."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref)
        values = {"client_id": client.id, "caller_details": ""}
        return change_open(session, request_id, values, action="match", actor=actor, at=now)
