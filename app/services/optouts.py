"""Opt-outs (stories 2-4): logging and applying them, telling vendors, and what is due.

Decisions a reader should know:
- A request applies at once: a withdrawal event for every sharing it stops whose consent
  is given or was never recorded (see domain.optout.needs_withdrawal), one task per vendor
  that may hold the person's data (domain.optout.vendor_must_be_told).
- A caller not yet matched to a client is recorded with the details given; nothing is
  applied until `match_caller`, but the due date runs from receipt.
- Dates are the practice's local days (practice.zone_of).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from functools import cached_property
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from app.dates import format_day
from app.domain.consent import ConsentFact, current_consents, current_state
from app.domain.deadlines import (
    BusinessCalendar,
    PracticePromise,
    is_overdue,
    optout_due,
    request_due,
)
from app.domain.enums import (
    Channel,
    ConsentState,
    Jurisdiction,
    LegalBasis,
    OptOutScope,
    SharingForm,
    VendorStatus,
)
from app.domain.errors import DomainError, ValidationError, field_label
from app.domain.names import display_name
from app.domain.optout import (
    ORAL_CHANNELS,
    AcknowledgementMethod,
    NotificationProgress,
    ObjectionDecision,
    OptOutStatus,
    SendMethod,
    SharingFacts,
    confirmation_script,
    derive_status,
    identifiers_for_vendor,
    is_open,
    local_date,
    local_day_bounds,
    needs_withdrawal,
    next_step_due,
    reply_by,
    scope_effect,
    vendor_must_be_told,
)
from app.domain.refcodes import format_reference
from app.i18n import N_, plural_translator, translator
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import (
    Client,
    ConsentEvent,
    GeneratedDocument,
    NotificationRequest,
    Objection,
    OptOutRequest,
    Purpose,
    Sharing,
    Vendor,
    VendorNotification,
)
from app.persistence.store import Store
from app.services.clients import find_clients
from app.services.consents import consent_facts, store_evidence
from app.services.errors import Conflict, InvalidInput, NotFound
from app.services.lookup import client_by_ref
from app.services.practice import calendar_of, load_practice, profile_of, promise_of, zone_of
from app.services.rows import (
    ClientRow,
    ContinuingLine,
    DueItem,
    NotifiedPerson,
    ObjectionLine,
    OptOutResult,
    OptOutRow,
    PendingNotification,
    PracticeProfile,
    StoppedSharing,
    VendorProgress,
)
from app.services.vendors import sharing_rows

CALLER_SEARCH_LIMIT = 20
_LIMITS = {"caller_details": 1000, "note": 4000, "form_reference": 20}
# The labels field_label gives the fields named in refusals here, marked for translation.
_FIELD_LABELS = (
    N_("caller details"),
    N_("note"),
    N_("form reference"),
    N_("method"),
    N_("decision"),
    N_("reason"),
)


class DuplicateOptOut(DomainError):
    """The same client and scope were already logged that day; ``first_request_id`` says where."""

    def __init__(self, first_request_id: int, received_on: date) -> None:
        self.first_request_id = first_request_id
        super().__init__(
            N_(
                "This opt-out was already logged for {date} as request {request}; "
                "open that request instead of logging it twice."
            ),
            date=received_on.isoformat(),
            request=first_request_id,
        )


@dataclass
class _Context:
    profile: PracticeProfile
    zone: tzinfo
    promise: PracticePromise
    jurisdictions: tuple[Jurisdiction, ...]

    @cached_property
    def calendar(self) -> BusinessCalendar:
        """Built when a deadline is counted: the first holiday calendar takes 0.15 s to load."""
        return calendar_of(self.profile)

    def today(self, now: datetime) -> date:
        return local_date(now, self.zone)

    def day_text(self, day: date, language: str) -> str:
        return format_day(day, language, self.profile.country_code)

    def answer_due(self, received_on: date) -> date:
        """When an objection must be answered: as any request other than an opt-out."""
        return request_due(
            received_on,
            self.jurisdictions,
            self.promise,
            self.calendar,
            self.profile.pipl_request_days,
        )


def _context(session: Session) -> _Context:
    profile = profile_of(load_practice(session))
    return _Context(
        profile=profile,
        zone=zone_of(profile),
        promise=promise_of(profile),
        jurisdictions=tuple(Jurisdiction(j) for j in profile.jurisdictions),
    )


def practice_zone(store: Store) -> tzinfo:
    """The zone the practice's days are counted in (for reading a time typed without one)."""
    return practice_place(store)[0]


def practice_place(store: Store) -> tuple[tzinfo, str]:
    """The practice's time zone and country: how its days are counted and its dates written."""
    with unit_of_work(store.reader) as session:
        # Only these: building the whole context would load the holiday calendar.
        profile = profile_of(load_practice(session))
        zone = zone_of(profile)
        return zone, profile.country_code


def prepare_calendar(store: Store) -> None:
    """Load the practice's holiday calendar now: the first load takes a fifth of a second
    (every country's rules are imported), which a background thread can pay ahead of time."""
    with unit_of_work(store.reader) as session:
        _context(session).calendar  # noqa: B018 - built for its cached side effect


def practice_today(store: Store, now: datetime | None = None) -> date:
    with unit_of_work(store.engine) as session:
        return _context(session).today(now or datetime.now(UTC))


def find_callers(store: Store, text: str, *, limit: int = CALLER_SEARCH_LIMIT) -> list[ClientRow]:
    """Clients matching a few letters of the name, phone digits or the reference; former too."""
    return find_clients(store, text, limit=limit, include_former=True)


# --- the rules' view of sharings --------------------------------------------------------------


def _sharing_facts(session: Session, language: str, *, on: date | None) -> list[SharingFacts]:
    """Every sharing (active on ``on``, when given) with labels in ``language``."""
    purposes = {p.id: p for p in session.execute(select(Purpose)).scalars()}
    facts = []
    for row in sharing_rows(session, active_on=on):
        purpose = purposes[row.purpose_id]
        facts.append(
            SharingFacts(
                sharing_id=row.id,
                vendor_id=row.vendor_id,
                vendor=row.vendor,
                purpose=purpose.label_zh if language == "zh" else purpose.label_en,
                legal_basis=LegalBasis(row.legal_basis),
                is_marketing=purpose.is_marketing,
                consent_required=row.consent_required,
                form=SharingForm(row.form),
                category_keys=row.category_keys,
            )
        )
    return facts


def _ids(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part)


def _chosen_sharings(
    session: Session,
    active: Sequence[SharingFacts],
    vendor_ids: Iterable[int],
    sharing_ids: Iterable[int],
) -> tuple[int, ...]:
    """The sharings a "chosen" scope names, each vendor expanded to what it receives now."""
    problems: list[ValidationError] = []
    chosen: set[int] = set()
    for vendor_id in dict.fromkeys(vendor_ids):
        vendor = session.get(Vendor, vendor_id)
        if vendor is None:
            problems.append(
                ValidationError(
                    "scope", N_("Vendor {vendor} is not on the register."), vendor=vendor_id
                )
            )
        elif vendor.status == VendorStatus.ENDED.value:
            problems.append(
                ValidationError(
                    "scope",
                    N_("{vendor} has ended; it no longer receives client data."),
                    vendor=vendor.name,
                )
            )
        else:
            found = {fact.sharing_id for fact in active if fact.vendor_id == vendor_id}
            if not found:
                problems.append(
                    ValidationError(
                        "scope",
                        N_("{vendor} receives no client data at present."),
                        vendor=vendor.name,
                    )
                )
            chosen |= found
    active_ids = {fact.sharing_id for fact in active}
    for sharing_id in dict.fromkeys(sharing_ids):
        if sharing_id in active_ids:
            chosen.add(sharing_id)
        elif session.get(Sharing, sharing_id) is None:
            problems.append(
                ValidationError(
                    "scope", N_("Sharing {sharing} is not on record."), sharing=sharing_id
                )
            )
        else:
            problems.append(
                ValidationError(
                    "scope",
                    N_("Sharing {sharing} has ended; nothing goes out."),
                    sharing=sharing_id,
                )
            )
    if problems:
        raise InvalidInput(problems)
    return tuple(sorted(chosen))


# --- logging and applying ---------------------------------------------------------------------


def _checked_fields(
    *,
    has_client: bool,
    caller_details: str,
    channel: Channel | str,
    scope: OptOutScope | str,
    chosen: bool,
    received_at: datetime,
    note: str,
    form_reference: str,
    now: datetime,
) -> tuple[Channel, OptOutScope]:
    problems: list[ValidationError] = []
    try:
        channel = Channel(channel)
    except ValueError:
        choices = ", ".join(c.value for c in Channel)
        problems.append(
            ValidationError("channel", N_("The channel is one of {choices}."), choices=choices)
        )
    try:
        scope = OptOutScope(scope)
    except ValueError:
        problems.append(ValidationError("scope", N_("The scope is all, marketing or chosen.")))
    if not has_client and not caller_details.strip():
        problems.append(
            ValidationError(
                "client", N_("Choose the client, or note the caller's name and details.")
            )
        )
    if received_at.tzinfo is None:
        problems.append(ValidationError("received_at", N_("Give the time received with its zone.")))
    elif received_at > now:
        problems.append(
            ValidationError("received_at", N_("The request cannot be received in the future."))
        )
    if scope == OptOutScope.CHOSEN and not chosen:
        problems.append(ValidationError("scope", N_("Choose at least one vendor or sharing.")))
    if scope != OptOutScope.CHOSEN and chosen:
        problems.append(
            ValidationError("scope", N_("Vendors are chosen only when the scope is 'chosen'."))
        )
    for field, value in (
        ("caller_details", caller_details),
        ("note", note),
        ("form_reference", form_reference),
    ):
        if len(value.strip()) > _LIMITS[field]:
            problems.append(
                ValidationError(
                    field,
                    N_("The {label} is limited to {limit} characters."),
                    label=field_label(field),
                    limit=f"{_LIMITS[field]:,}",
                )
            )
    if problems:
        raise InvalidInput(problems)
    return Channel(channel), OptOutScope(scope)


def _first_same_day(
    session: Session, client_id: int, scope: OptOutScope, chosen: str, day: date, zone: tzinfo
) -> int | None:
    start, end = local_day_bounds(day, zone)
    return session.execute(
        select(func.min(OptOutRequest.id)).where(
            OptOutRequest.client_id == client_id,
            OptOutRequest.scope == scope.value,
            OptOutRequest.scope_sharing_ids == chosen,
            OptOutRequest.received_at >= start,
            OptOutRequest.received_at < end,
        )
    ).scalar_one()


def log_optout(
    store: Store,
    *,
    client_ref: str | None,
    caller_details: str = "",
    channel: Channel,
    scope: OptOutScope,
    chosen_vendor_ids: Iterable[int] = (),
    chosen_sharing_ids: Iterable[int] = (),
    received_at: datetime,
    note: str = "",
    form_reference: str = "",
    evidence: Path | None = None,
    actor: str,
    now: datetime | None = None,
    allow_duplicate: bool = False,
) -> OptOutResult:
    """Record an opt-out and apply it at once, all in one transaction.

    Raises:
        ReferenceCodeError / NotFound: the reference is mistyped or unknown.
        InvalidInput: bad fields (future receipt, nobody named, unknown or ended vendor...).
        DuplicateOptOut: same client and scope on the same local day, unless allowed.
    """
    now = now or datetime.now(UTC)
    vendor_ids, sharing_ids = tuple(chosen_vendor_ids), tuple(chosen_sharing_ids)
    client_ref = (client_ref or "").strip() or None
    channel, scope = _checked_fields(
        has_client=client_ref is not None,
        caller_details=caller_details,
        channel=channel,
        scope=scope,
        chosen=bool(vendor_ids or sharing_ids),
        received_at=received_at,
        note=note,
        form_reference=form_reference,
        now=now,
    )
    evidence_file, evidence_sha256 = store_evidence(store, evidence) if evidence else ("", "")
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref) if client_ref else None
        context = _context(session)
        received_on = local_date(received_at, context.zone)
        chosen = ""
        if scope is OptOutScope.CHOSEN:
            active = _sharing_facts(session, "en", on=received_on)
            chosen = ",".join(map(str, _chosen_sharings(session, active, vendor_ids, sharing_ids)))
        if client is not None and not allow_duplicate:
            first = _first_same_day(session, client.id, scope, chosen, received_on, context.zone)
            if first is not None:
                raise DuplicateOptOut(first, received_on)
        oral = channel in ORAL_CHANNELS
        request = OptOutRequest(
            client_id=client.id if client else None,
            caller_details=caller_details.strip(),
            received_at=received_at,
            channel=channel.value,
            scope=scope.value,
            scope_sharing_ids=chosen,
            note=note.strip(),
            form_reference=form_reference.strip(),
            evidence_file=evidence_file,
            evidence_sha256=evidence_sha256,
            recorded_by=actor,
            recorded_at=now,
            acknowledged_by=AcknowledgementMethod.ORAL.value if oral else "",
            acknowledged_at=now if oral else None,
            due_on=optout_due(
                received_on, context.jurisdictions, context.promise, context.calendar
            ),
        )
        session.add(request)
        session.flush()
        filled = [
            name
            for name in (
                "client_id",
                "caller_details",
                "note",
                "form_reference",
                "evidence_file",
                "acknowledged_by",
            )
            if getattr(request, name)
        ]
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="create",
            entity="optout_request",
            entity_id=request.id,
            fields=filled,
        )
        if client is not None:
            _apply(session, request, client.id, context, now=now, actor=actor)
        return _result(session, request, context)


def match_caller(
    store: Store, request_id: int, client_ref: str, *, actor: str, now: datetime | None = None
) -> OptOutResult:
    """Link a request logged with a caller's details to the client, and apply it now."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        request = _request(session, request_id)
        client = client_by_ref(session, client_ref)
        if request.client_id is not None:
            raise Conflict(
                N_("Request {request} is already matched to a client."), request=request_id
            )
        request.client_id = client.id
        session.add(request)
        session.flush()
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="match",
            entity="optout_request",
            entity_id=request.id,
            fields=["client_id"],
        )
        context = _context(session)
        _apply(session, request, client.id, context, now=now, actor=actor)
        return _result(session, request, context)


def _apply(
    session: Session,
    request: OptOutRequest,
    client_id: int,
    context: _Context,
    *,
    now: datetime,
    actor: str,
) -> None:
    """Withdraw what the request stops and open one task per vendor that must be told."""
    received_at = request.received_at
    events = consent_facts(session, client_id)
    effect = scope_effect(
        OptOutScope(request.scope),
        _sharing_facts(session, "en", on=local_date(received_at, context.zone)),
        chosen_sharing_ids=_ids(request.scope_sharing_ids),
        already_stopped=_said_no_before(events, received_at),
    )
    withdrawals = []
    vendors_to_tell: set[int] = set()
    for sharing in effect.stopped:
        history = [event for event in events if event.sharing_id == sharing.sharing_id]
        # Judged as at receipt: a form posted before the person consented again later must
        # not undo that later choice, nor send their name to the vendor.
        before = current_state(
            [event for event in history if event.occurred_at <= received_at], sharing.sharing_id
        )
        superseded = any(event.occurred_at > received_at for event in history)
        if needs_withdrawal(before):
            withdrawals.append(_withdrawal(request, client_id, sharing.sharing_id, now, actor))
        if vendor_must_be_told(before, sharing) and not superseded:
            vendors_to_tell.add(sharing.vendor_id)
    if withdrawals:
        ledgers.append(session, "consent_event", withdrawals)
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="withdraw_consent",
            entity="client",
            entity_id=client_id,
            fields=["consent"],
        )
    for vendor_id in sorted(vendors_to_tell):
        _attach_to_notification(session, request, vendor_id, now=now, actor=actor)
    _raise_objections(session, request, effect.objected, context, now=now, actor=actor)
    if not vendors_to_tell and not effect.objected:
        request.completed_at = now  # nobody to tell, nothing to answer: done once applied
        session.add(request)
    session.flush()


def _complete_when_done(
    session: Session, request_id: int, context: _Context, *, at: datetime, now: datetime, actor: str
) -> None:
    """Complete a request once every vendor it concerns confirmed and no objection waits."""
    vendors = _progress(session, context, [request_id]).get(request_id, [])
    objections = _objections(session, [request_id]).get(request_id, [])
    if any(v.confirmed_at is None for v in vendors) or any(not o.decision for o in objections):
        return
    request = session.get(OptOutRequest, request_id)
    if request.completed_at is not None:
        return
    request.completed_at = max([at, *(v.confirmed_at for v in vendors)])
    session.add(request)
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action="complete",
        entity="optout_request",
        entity_id=request_id,
        fields=["completed_at"],
    )


def _said_no_before(events: Sequence[ConsentFact], moment: datetime) -> set[int]:
    """The sharings the person had said no to (refused, withdrawn, objected and upheld) as at
    ``moment``: an opt-out received then finds them stopped already."""
    before = current_consents(event for event in events if event.occurred_at <= moment)
    return {
        sharing_id
        for sharing_id, event in before.items()
        if event.state in (ConsentState.REFUSED, ConsentState.WITHDRAWN)
    }


def _raise_objections(
    session: Session,
    request: OptOutRequest,
    objected: Sequence[SharingFacts],
    context: _Context,
    *,
    now: datetime,
    actor: str,
) -> None:
    """One objection to answer per named sharing on legitimate interests (GDPR Art. 21)."""
    due = context.answer_due(local_date(request.received_at, context.zone))
    for sharing in objected:
        objection = Objection(
            optout_request_id=request.id, sharing_id=sharing.sharing_id, due_on=due
        )
        session.add(objection)
        session.flush()
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="create",
            entity="objection",
            entity_id=objection.id,
            fields=["optout_request_id", "sharing_id", "due_on"],
        )


def _withdrawal(
    request: OptOutRequest, client_id: int, sharing_id: int, now: datetime, actor: str
) -> dict:
    return {
        "client_id": client_id,
        "sharing_id": sharing_id,
        "state": ConsentState.WITHDRAWN.value,
        "channel": request.channel,
        "occurred_at": request.received_at,
        "recorded_at": now,
        "recorded_by": actor,
        "notice_version_id": None,
        "evidence_note": "",
        "evidence_file": request.evidence_file,
        "evidence_sha256": request.evidence_sha256,
        "optout_request_id": request.id,
    }


def _attach_to_notification(
    session: Session,
    request: OptOutRequest,
    vendor_id: int,
    *,
    now: datetime,
    actor: str,
    due_on: date | None = None,
) -> None:
    """One letter per vendor: join the vendor's unsent notification, or open one.

    Due on the request's date unless ``due_on`` says otherwise (an objection upheld later).
    """
    due_on = due_on or request.due_on
    notification = session.execute(
        select(VendorNotification)
        .where(VendorNotification.vendor_id == vendor_id, VendorNotification.sent_at.is_(None))
        .order_by(VendorNotification.id)
        .limit(1)
    ).scalar_one_or_none()
    changed = ["requests"]
    if notification is None:
        notification = VendorNotification(vendor_id=vendor_id, created_at=now, due_on=due_on)
        action, changed = "create", []
    else:
        action = "update"
        if due_on < notification.due_on:
            notification.due_on = due_on
            changed.append("due_on")
    session.add(notification)
    session.flush()
    if session.get(NotificationRequest, (notification.id, request.id)) is None:
        session.add(
            NotificationRequest(
                notification_id=notification.id, request_id=request.id, due_on=due_on, linked_at=now
            )
        )
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action=action,
        entity="vendor_notification",
        entity_id=notification.id,
        fields=changed,
    )


# --- reading requests -------------------------------------------------------------------------


def _request(session: Session, request_id: int) -> OptOutRequest:
    request = session.get(OptOutRequest, request_id)
    if request is None:
        raise NotFound(N_("There is no opt-out request {request}."), request=request_id)
    return request


def _progress(
    session: Session, context: _Context, request_ids: Iterable[int] | None = None
) -> dict[int, list[VendorProgress]]:
    """Per request, the vendor notifications covering it, by vendor name.

    Each is seen from its request: to be told by the request's own date, never the older
    date of a task it joined (that is the task's, for the letter; the request's promise is
    what its caller was told).
    """
    own_due = func.coalesce(NotificationRequest.due_on, OptOutRequest.due_on)
    statement = (
        select(NotificationRequest.request_id, own_due, VendorNotification, Vendor.name)
        .join(OptOutRequest, OptOutRequest.id == NotificationRequest.request_id)
        .join(VendorNotification, VendorNotification.id == NotificationRequest.notification_id)
        .join(Vendor, Vendor.id == VendorNotification.vendor_id)
        .order_by(Vendor.name, VendorNotification.id)
    )
    if request_ids is not None:
        statement = statement.where(NotificationRequest.request_id.in_(list(request_ids)))
    progress: dict[int, list[VendorProgress]] = defaultdict(list)
    for request_id, own_due, notification, vendor in session.execute(statement):
        progress[request_id].append(_vendor_progress(notification, vendor, context, due_on=own_due))
    return progress


def _vendor_progress(
    notification: VendorNotification,
    vendor: str,
    context: _Context,
    *,
    due_on: date | None = None,
) -> VendorProgress:
    return VendorProgress(
        notification_id=notification.id,
        vendor_id=notification.vendor_id,
        vendor=vendor,
        due_on=due_on or notification.due_on,
        sent_at=notification.sent_at,
        sent_method=notification.sent_method,
        confirmed_at=notification.confirmed_at,
        confirmation_note=notification.confirmation_note,
        confirm_by=_awaited_reply(notification, context),
    )


def _awaited_reply(notification: VendorNotification, context: _Context) -> date | None:
    """The reply-by date of a sent letter: stored since revision 0005, counted for older ones."""
    if notification.sent_at is None:
        return None
    return notification.confirm_by or confirmation_due(context, notification.sent_at)


def _next_due(
    request: OptOutRequest,
    vendors: Sequence[VendorProgress],
    objections: Sequence[ObjectionLine] = (),
) -> date | None:
    return next_step_due(
        matched=request.client_id is not None,
        due_on=request.due_on,
        acknowledged=request.acknowledged_at is not None,
        untold=[v.due_on for v in vendors if v.sent_at is None],
        replies_due=[v.confirm_by for v in vendors if v.confirm_by and not v.confirmed_at],
        answers_due=[o.due_on for o in objections if not o.decision],
    )


def _objections(
    session: Session, request_ids: Iterable[int] | None = None
) -> dict[int, list[ObjectionLine]]:
    """Per request, the objections it raised, each purpose named in both languages."""
    statement = (
        select(Objection, Vendor.name, Purpose.label_en, Purpose.label_zh)
        .join(Sharing, Sharing.id == Objection.sharing_id)
        .join(Vendor, Vendor.id == Sharing.vendor_id)
        .join(Purpose, Purpose.id == Sharing.purpose_id)
        .order_by(Objection.id)
    )
    if request_ids is not None:
        statement = statement.where(Objection.optout_request_id.in_(list(request_ids)))
    found: dict[int, list[ObjectionLine]] = defaultdict(list)
    for objection, vendor, label_en, label_zh in session.execute(statement):
        found[objection.optout_request_id].append(
            ObjectionLine(
                id=objection.id,
                request_id=objection.optout_request_id,
                sharing_id=objection.sharing_id,
                vendor=vendor,
                purpose=label_en,
                purpose_zh=label_zh,
                due_on=objection.due_on,
                decision=objection.decision,
                reason=objection.reason,
                decided_at=objection.decided_at,
            )
        )
    return found


def _status(
    request: OptOutRequest,
    vendors: Sequence[VendorProgress],
    objections: Sequence[ObjectionLine] = (),
) -> OptOutStatus:
    return derive_status(
        matched=request.client_id is not None,
        notifications=[
            NotificationProgress(sent=v.sent_at is not None, confirmed=v.confirmed_at is not None)
            for v in vendors
        ],
        acknowledged=request.acknowledged_at is not None,
        objections_open=any(not objection.decision for objection in objections),
    )


def _result(session: Session, request: OptOutRequest, context: _Context) -> OptOutResult:
    client = session.get(Client, request.client_id) if request.client_id else None
    language = client.language if client else context.profile.default_language
    _ = translator(language)
    received_on = local_date(request.received_at, context.zone)
    effect = scope_effect(
        OptOutScope(request.scope),
        _sharing_facts(session, language, on=received_on),
        chosen_sharing_ids=_ids(request.scope_sharing_ids),
        already_stopped=(
            _said_no_before(consent_facts(session, client.id), request.received_at)
            if client
            else ()
        ),
        _=_,
    )
    stopped = effect.stopped if client else ()
    vendors = tuple(_progress(session, context, [request.id]).get(request.id, []))
    objections = tuple(_objections(session, [request.id]).get(request.id, []))
    # Through the client's index: consent_event has no index on the request.
    withdrawn = session.execute(
        select(func.count())
        .select_from(ConsentEvent)
        .where(
            ConsentEvent.client_id == request.client_id,
            ConsentEvent.optout_request_id == request.id,
        )
    ).scalar_one()
    return OptOutResult(
        request_id=request.id,
        client_ref=format_reference(client.ref) if client else None,
        status=_status(request, vendors, objections).value,
        received_at=request.received_at,
        due_on=request.due_on,
        language=language,
        objections=objections,
        stopped=tuple(StoppedSharing(s.sharing_id, s.vendor, s.purpose) for s in stopped),
        withdrawn_events=withdrawn,
        vendors=vendors,
        continuing=tuple(
            ContinuingLine(c.sharing_id, c.vendor, c.purpose, c.reason) for c in effect.continuing
        ),
        script=confirmation_script(
            request_id=request.id,
            practice_name=context.profile.name,
            received_on=context.day_text(received_on, language),
            matched=client is not None,
            stopped=stopped,
            vendors_told=[vendor.vendor for vendor in vendors],
            due_on=context.day_text(request.due_on, language),
            continuing=effect.continuing,
            objected=effect.objected if client else (),
            answer_by=context.day_text(
                min((o.due_on for o in objections), default=request.due_on), language
            ),
            _=_,
        ),
    )


def get_optout(store: Store, request_id: int) -> OptOutResult:
    """A request's effects and script again, e.g. for the confirmation letter."""
    with unit_of_work(store.engine) as session:
        return _result(session, _request(session, request_id), _context(session))


def _register_statement():
    return (
        select(OptOutRequest, Client.ref, Client.given_name, Client.family_name)
        .outerjoin(Client, Client.id == OptOutRequest.client_id)
        .order_by(OptOutRequest.received_at.desc(), OptOutRequest.id.desc())
    )


def _rows_of(session: Session, context: _Context, today: date, found) -> list[OptOutRow]:
    found = list(found)
    ids = [request.id for request, *_rest in found]
    progress = _progress(session, context, ids)
    objections = _objections(session, ids)
    vendor_of_sharing = {
        sharing_id: vendor
        for sharing_id, vendor in session.execute(
            select(Sharing.id, Vendor.name).join(Vendor, Vendor.id == Sharing.vendor_id)
        )
    }
    rows = []
    for request, ref, given, family in found:
        vendors = tuple(progress.get(request.id, []))
        raised = tuple(objections.get(request.id, []))
        status = _status(request, vendors, raised)
        next_due = _next_due(request, vendors, raised)
        rows.append(
            OptOutRow(
                id=request.id,
                client_ref=format_reference(ref) if ref else None,
                client_name=display_name(given, family) if ref else "",
                caller_details=request.caller_details,
                channel=request.channel,
                scope=request.scope,
                scope_vendors=tuple(
                    sorted({vendor_of_sharing[i] for i in _ids(request.scope_sharing_ids)})
                ),
                received_at=request.received_at,
                recorded_at=request.recorded_at,
                recorded_by=request.recorded_by,
                note=request.note,
                form_reference=request.form_reference,
                evidence_file=request.evidence_file,
                due_on=request.due_on,
                status=status.value,
                overdue=is_overdue(next_due, today),
                acknowledged_by=request.acknowledged_by,
                acknowledged_at=request.acknowledged_at,
                completed_at=request.completed_at,
                vendors=vendors,
                next_due=next_due,
                objections=raised,
            )
        )
    return rows


def list_optouts(
    store: Store,
    *,
    open_only: bool = False,
    channel: Channel | None = None,
    overdue_on: date | None = None,
    received_from: date | None = None,
    received_to: date | None = None,
    client_ref: str | None = None,
    now: datetime | None = None,
) -> list[OptOutRow]:
    """The opt-out register, newest first. Dates are the practice's local days, inclusive.

    ``overdue_on`` keeps the requests overdue on that day and judges ``overdue`` by it;
    otherwise ``overdue`` is judged on today. ``client_ref`` keeps one client's requests.
    """
    with unit_of_work(store.engine) as session:
        context = _context(session)
        today = overdue_on or context.today(now or datetime.now(UTC))
        statement = _register_statement()
        if channel is not None:
            statement = statement.where(OptOutRequest.channel == Channel(channel).value)
        if client_ref is not None:
            statement = statement.where(Client.id == client_by_ref(session, client_ref).id)
        if received_from is not None:
            start, _ = local_day_bounds(received_from, context.zone)
            statement = statement.where(OptOutRequest.received_at >= start)
        if received_to is not None:
            _, end = local_day_bounds(received_to, context.zone)
            statement = statement.where(OptOutRequest.received_at < end)
        rows = _rows_of(session, context, today, session.execute(statement).all())
    if open_only:
        rows = [row for row in rows if is_open(OptOutStatus(row.status))]
    if overdue_on is not None:
        rows = [row for row in rows if row.overdue]
    return rows


def record_acknowledgement(
    store: Store,
    request_id: int,
    *,
    method: AcknowledgementMethod,
    acknowledged_at: datetime,
    actor: str,
    now: datetime | None = None,
) -> OptOutRow:
    """The person has had their confirmation (a letter or email; a call counts at once)."""
    now = now or datetime.now(UTC)
    method = _choice("method", method, AcknowledgementMethod)
    _not_future("acknowledged_at", acknowledged_at, now)
    with unit_of_work(store.engine) as session:
        request = _request(session, request_id)
        if request.acknowledged_at is not None:
            raise Conflict(
                N_("Request {request} was already confirmed to the person."), request=request_id
            )
        request.acknowledged_by = method.value
        request.acknowledged_at = acknowledged_at
        session.add(request)
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="acknowledge",
            entity="optout_request",
            entity_id=request_id,
            fields=["acknowledged_at", "acknowledged_by"],
        )
        context = _context(session)
        found = session.execute(_register_statement().where(OptOutRequest.id == request_id))
        return _rows_of(session, context, context.today(now), found.all())[0]


# --- answering objections ---------------------------------------------------------------------


def answer_objection(
    store: Store,
    objection_id: int,
    *,
    decision: ObjectionDecision,
    reason: str = "",
    actor: str,
    now: datetime | None = None,
) -> OptOutRow:
    """Weigh an objection and answer it, in one transaction.

    Upheld: the sharing stops for the client as an opt-out stops one (a withdrawal on the
    ledger, linked to the request) and its vendor is told, within the practice's days for
    telling vendors, counted from today. Declined: the reason is kept and given to the person;
    it is required, because GDPR Art. 21(1) lets the sharing go on only for compelling reasons.
    """
    now = now or datetime.now(UTC)
    decision = _choice("decision", decision, ObjectionDecision)
    reason = reason.strip()
    if decision is ObjectionDecision.DECLINED and not reason:
        raise ValidationError(
            "reason",
            N_("Say why the sharing goes on: the client is sent this reason."),
        )
    if len(reason) > 2000:
        raise ValidationError("reason", N_("The reason is limited to 2,000 characters."))
    with unit_of_work(store.engine) as session:
        objection = session.get(Objection, objection_id)
        if objection is None:
            raise NotFound(N_("There is no objection {objection}."), objection=objection_id)
        if objection.decision:
            raise Conflict(
                N_("Objection {objection} was already answered."), objection=objection_id
            )
        request = _request(session, objection.optout_request_id)
        context = _context(session)
        objection.decision = decision.value
        objection.reason = reason
        objection.decided_at = now
        objection.decided_by = actor
        session.add(objection)
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="answer",
            entity="objection",
            entity_id=objection.id,
            fields=["decision", "decided_at", "decided_by", *(["reason"] if reason else [])],
        )
        if decision is ObjectionDecision.UPHELD:
            _stop_objected_sharing(session, request, objection, context, now=now, actor=actor)
        session.flush()
        _complete_when_done(session, request.id, context, at=now, now=now, actor=actor)
        found = session.execute(_register_statement().where(OptOutRequest.id == request.id))
        return _rows_of(session, context, context.today(now), found.all())[0]


def _stop_objected_sharing(
    session: Session,
    request: OptOutRequest,
    objection: Objection,
    context: _Context,
    *,
    now: datetime,
    actor: str,
) -> None:
    client_id = request.client_id
    sharing = session.get(Sharing, objection.sharing_id)
    before = current_state(consent_facts(session, client_id), objection.sharing_id)
    event = _withdrawal(request, client_id, objection.sharing_id, now, actor)
    event["occurred_at"] = now  # it stops from the day the practice agreed
    ledgers.append(session, "consent_event", [event])
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action="withdraw_consent",
        entity="client",
        entity_id=client_id,
        fields=["consent"],
    )
    facts = next(
        fact
        for fact in _sharing_facts(session, "en", on=None)
        if fact.sharing_id == objection.sharing_id
    )
    if vendor_must_be_told(before, facts):
        told_by = optout_due(
            context.today(now), context.jurisdictions, context.promise, context.calendar
        )
        _attach_to_notification(
            session, request, sharing.vendor_id, now=now, actor=actor, due_on=told_by
        )
        request.completed_at = None  # a vendor is to be told again
        session.add(request)
    session.flush()


# --- telling vendors --------------------------------------------------------------------------


def _choice(field: str, value, kind):
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise ValidationError(
            field,
            N_("The {label} is one of {choices}."),
            label=field_label(field),
            choices=choices,
        ) from None


def _not_future(field: str, moment: datetime, now: datetime) -> None:
    if moment.tzinfo is None:
        raise ValidationError(field, N_("Give the time with its zone."))
    if moment > now:
        raise ValidationError(field, N_("That time is in the future."))


def pending_notifications(
    store: Store, *, now: datetime | None = None
) -> list[PendingNotification]:
    """Per vendor, the unsent notification and the people it covers, earliest due first.

    Each person carries only the identifiers that vendor needs (identifiers_for_vendor);
    notes and caller details never leave the practice. ``confirm_by`` is what a letter or
    email issued today asks (five business days): the letter printed now and the email text
    beside it say the same; mark_notification_sent keeps the date of what was sent.
    """
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        context = _context(session)
        today = context.today(now)
        language = context.profile.default_language
        pending = session.execute(
            select(VendorNotification, Vendor)
            .join(Vendor, Vendor.id == VendorNotification.vendor_id)
            .where(VendorNotification.sent_at.is_(None))
            .order_by(VendorNotification.due_on, Vendor.name)
        ).all()
        if not pending:
            return []
        links = session.execute(
            select(NotificationRequest.notification_id, OptOutRequest, Client)
            .join(OptOutRequest, OptOutRequest.id == NotificationRequest.request_id)
            .join(Client, Client.id == OptOutRequest.client_id)
            .where(NotificationRequest.notification_id.in_([n.id for n, _ in pending]))
            .order_by(OptOutRequest.received_at, OptOutRequest.id)
        ).all()
        withdrawn: dict[int, list[int]] = defaultdict(list)
        for request_id, sharing_id in session.execute(
            select(ConsentEvent.optout_request_id, ConsentEvent.sharing_id)
            .where(
                # The client filter lets the database use its index (none on the request).
                ConsentEvent.client_id.in_({r.client_id for _, r, _ in links}),
                ConsentEvent.optout_request_id.in_([r.id for _, r, _ in links]),
            )
            .order_by(ConsentEvent.id)
        ):
            withdrawn[request_id].append(sharing_id)
        facts = {fact.sharing_id: fact for fact in _sharing_facts(session, language, on=None)}
        people: dict[int, list[NotifiedPerson]] = defaultdict(list)
        vendor_of = {notification.id: notification.vendor_id for notification, _ in pending}
        for notification_id, request, client in links:
            stopped = [
                facts[sharing_id]
                for sharing_id in withdrawn[request.id]
                if facts[sharing_id].vendor_id == vendor_of[notification_id]
            ]
            needed = identifiers_for_vendor(stopped)
            people[notification_id].append(
                NotifiedPerson(
                    request_id=request.id,
                    ref=format_reference(client.ref),
                    name=display_name(client.given_name, client.family_name)
                    if "name" in needed
                    else "",
                    email=client.email if "email" in needed else "",
                    received_on=local_date(request.received_at, context.zone),
                    stop=tuple(dict.fromkeys(fact.purpose for fact in stopped)),
                )
            )
        return [
            PendingNotification(
                notification_id=notification.id,
                vendor_id=vendor.id,
                vendor=vendor.name,
                vendor_legal_name=vendor.legal_name,
                vendor_email=vendor.privacy_email,
                vendor_postal_address=vendor.postal_address,
                created_at=notification.created_at,
                due_on=notification.due_on,
                overdue=is_overdue(notification.due_on, today),
                confirm_by=reply_by(today, context.calendar),
                people=tuple(people[notification.id]),
            )
            for notification, vendor in pending
        ]


def _latest_letter(
    session: Session, notification: VendorNotification, until: datetime
) -> datetime | None:
    """When the latest letter for this (unsent) notification was printed, if one was.

    A vendor has one unsent notification at a time, so its letters printed since the
    notification opened are this notification's.
    """
    return session.execute(
        select(func.max(GeneratedDocument.created_at)).where(
            GeneratedDocument.kind == "vendor_notification",
            GeneratedDocument.vendor_id == notification.vendor_id,
            GeneratedDocument.created_at >= notification.created_at,
            GeneratedDocument.created_at <= until,
        )
    ).scalar_one()


def _posted_letter_day(
    session: Session,
    notification: VendorNotification,
    vendor: str,
    sent_at: datetime,
    context: _Context,
) -> date | None:
    """The day the letter that went by post was printed; refused when someone it covers
    joined after that (the letter does not name them: print it again)."""
    printed = _latest_letter(session, notification, sent_at)
    if printed is None:
        return None
    joined_later = session.execute(
        select(func.count())
        .select_from(NotificationRequest)
        .where(
            NotificationRequest.notification_id == notification.id,
            NotificationRequest.linked_at > printed,
        )
    ).scalar_one()
    if joined_later:
        raise Conflict(
            N_(
                "The letter to {vendor} was printed before another request joined it, so it "
                "does not name everyone: save the letters again and post the new one."
            ),
            vendor=vendor,
        )
    return local_date(printed, context.zone)


def confirmation_due(context: _Context, sent_at: datetime) -> date:
    """When a vendor told on `sent_at` should have confirmed: business days, local day.

    Only for letters marked sent before revision 0005 stored the date.
    """
    return reply_by(local_date(sent_at, context.zone), context.calendar)


def mark_notification_sent(
    store: Store,
    notification_id: int,
    *,
    method: SendMethod,
    sent_at: datetime,
    actor: str,
    document_id: int | None = None,
    now: datetime | None = None,
) -> VendorProgress:
    now = now or datetime.now(UTC)
    method = _choice("method", method, SendMethod)
    _not_future("sent_at", sent_at, now)
    with unit_of_work(store.engine) as session:
        notification, vendor = _notification(session, notification_id)
        if notification.sent_at is not None:
            raise Conflict(
                N_("The notification to {vendor} was already marked sent."), vendor=vendor
            )
        context = _context(session)
        # What the vendor was sent asks for a reply by one date, and that date is kept: a
        # posted letter's is counted from the day it was printed, an email's (written when it
        # is sent) from the day it went.
        issued_on = local_date(sent_at, context.zone)
        if method is SendMethod.POST:
            issued_on = (
                _posted_letter_day(session, notification, vendor, sent_at, context) or issued_on
            )
        notification.confirm_by = reply_by(issued_on, context.calendar)
        notification.sent_at = sent_at
        notification.sent_method = method.value
        notification.document_id = document_id
        session.add(notification)
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="send",
            entity="vendor_notification",
            entity_id=notification_id,
            fields=[
                "sent_at",
                "sent_method",
                "confirm_by",
                *(["document_id"] if document_id else []),
            ],
        )
        return _vendor_progress(notification, vendor, context)


def record_vendor_confirmation(
    store: Store,
    notification_id: int,
    *,
    confirmed_at: datetime,
    note: str = "",
    actor: str,
    now: datetime | None = None,
) -> VendorProgress:
    """The vendor confirmed; each request it covers completes once all its vendors have."""
    now = now or datetime.now(UTC)
    _not_future("confirmed_at", confirmed_at, now)
    if len(note.strip()) > 2000:
        raise ValidationError("note", N_("The note is limited to 2,000 characters."))
    with unit_of_work(store.engine) as session:
        notification, vendor = _notification(session, notification_id)
        if notification.sent_at is None:
            raise Conflict(
                N_("Mark the notification to {vendor} sent before its confirmation."),
                vendor=vendor,
            )
        if notification.confirmed_at is not None:
            raise Conflict(N_("{vendor} has already confirmed this notification."), vendor=vendor)
        if confirmed_at < notification.sent_at:
            raise ValidationError(
                "confirmed_at", N_("The confirmation cannot come before sending.")
            )
        notification.confirmed_at = confirmed_at
        notification.confirmation_note = note.strip()
        session.add(notification)
        session.flush()
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="confirm",
            entity="vendor_notification",
            entity_id=notification_id,
            fields=["confirmed_at", *(["confirmation_note"] if note.strip() else [])],
        )
        request_ids = session.execute(
            select(NotificationRequest.request_id).where(
                NotificationRequest.notification_id == notification_id
            )
        ).scalars()
        context = _context(session)
        for request_id in list(request_ids):
            _complete_when_done(session, request_id, context, at=confirmed_at, now=now, actor=actor)
        return _vendor_progress(notification, vendor, context)


def _notification(session: Session, notification_id: int) -> tuple[VendorNotification, str]:
    found = session.execute(
        select(VendorNotification, Vendor.name)
        .join(Vendor, Vendor.id == VendorNotification.vendor_id)
        .where(VendorNotification.id == notification_id)
    ).first()
    if found is None:
        raise NotFound(
            N_("There is no vendor notification {notification}."), notification=notification_id
        )
    return found[0], found[1]


# --- what is due ------------------------------------------------------------------------------

_NEXT_STEP = {
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
        context = _context(session)
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
                due = _awaited_reply(notification, context)
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
        progress = _progress(session, context, ids)
        objections = _objections(session, ids)
        for request, ref in open_requests:
            vendors = progress.get(request.id, [])
            raised = objections.get(request.id, [])
            status = _status(request, vendors, raised)
            if not is_open(status):
                continue
            next_due = _next_due(request, vendors, raised)
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
                        number=request.id, who=who, step=_(_NEXT_STEP[status])
                    ),
                    due=next_due,
                    overdue=is_overdue(next_due, today),
                    target_id=request.id,
                )
            )
    return sorted(items, key=lambda item: (item.due, item.kind, item.target_id or 0))
