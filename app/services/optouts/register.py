"""The opt-out register: a request's effects and script again, the rows with their timelines."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.deadlines import is_overdue
from app.domain.enums import Channel, OptOutScope
from app.domain.names import display_name
from app.domain.optout import (
    AcknowledgementMethod,
    OptOutStatus,
    confirmation_script,
    is_open,
    local_date,
    local_day_bounds,
    scope_effect,
)
from app.domain.refcodes import format_reference
from app.i18n import N_, translator
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import Client, ConsentEvent, OptOutRequest, Sharing, Vendor
from app.persistence.store import Store
from app.services.consents import consent_facts
from app.services.errors import Conflict
from app.services.lookup import client_by_ref
from app.services.optouts.checks import choice, not_future
from app.services.optouts.context import OptOutContext, optout_context
from app.services.optouts.facts import ids_of, request_of, said_no_before, sharing_facts
from app.services.optouts.progress import (
    next_due_of,
    objections_by_request,
    progress_by_request,
    status_of,
)
from app.services.rows import ContinuingLine, OptOutResult, OptOutRow, StoppedSharing


def result_of(session: Session, request: OptOutRequest, context: OptOutContext) -> OptOutResult:
    client = session.get(Client, request.client_id) if request.client_id else None
    language = client.language if client else context.profile.default_language
    _ = translator(language)
    received_on = local_date(request.received_at, context.zone)
    effect = scope_effect(
        OptOutScope(request.scope),
        sharing_facts(session, language, on=received_on),
        chosen_sharing_ids=ids_of(request.scope_sharing_ids),
        already_stopped=(
            said_no_before(consent_facts(session, client.id), request.received_at) if client else ()
        ),
        _=_,
    )
    stopped = effect.stopped if client else ()
    vendors = tuple(progress_by_request(session, context, [request.id]).get(request.id, []))
    objections = tuple(objections_by_request(session, [request.id]).get(request.id, []))
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
        status=status_of(request, vendors, objections).value,
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
        return result_of(session, request_of(session, request_id), optout_context(session))


def register_statement():
    return (
        select(OptOutRequest, Client.ref, Client.given_name, Client.family_name)
        .outerjoin(Client, Client.id == OptOutRequest.client_id)
        .order_by(OptOutRequest.received_at.desc(), OptOutRequest.id.desc())
    )


def rows_of(session: Session, context: OptOutContext, today: date, found) -> list[OptOutRow]:
    found = list(found)
    ids = [request.id for request, *_rest in found]
    progress = progress_by_request(session, context, ids)
    objections = objections_by_request(session, ids)
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
        status = status_of(request, vendors, raised)
        next_due = next_due_of(request, vendors, raised)
        rows.append(
            OptOutRow(
                id=request.id,
                client_ref=format_reference(ref) if ref else None,
                client_name=display_name(given, family) if ref else "",
                caller_details=request.caller_details,
                channel=request.channel,
                scope=request.scope,
                scope_vendors=tuple(
                    sorted({vendor_of_sharing[i] for i in ids_of(request.scope_sharing_ids)})
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
        context = optout_context(session)
        today = overdue_on or context.today(now or datetime.now(UTC))
        statement = register_statement()
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
        rows = rows_of(session, context, today, session.execute(statement).all())
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
    method = choice("method", method, AcknowledgementMethod)
    not_future("acknowledged_at", acknowledged_at, now)
    with unit_of_work(store.engine) as session:
        request = request_of(session, request_id)
        if request.acknowledged_at is not None:
            raise Conflict(
                N_("Request {request} was already confirmed to the person."), request=request_id
            )
        acknowledge_request(
            session, request, method=method, acknowledged_at=acknowledged_at, actor=actor, now=now
        )
        context = optout_context(session)
        found = session.execute(register_statement().where(OptOutRequest.id == request_id))
        return rows_of(session, context, context.today(now), found.all())[0]


def acknowledge_request(
    session: Session,
    request: OptOutRequest,
    *,
    method: AcknowledgementMethod,
    acknowledged_at: datetime,
    actor: str,
    now: datetime,
) -> None:
    """The session-level step of telling the person: the confirmation letter or email went."""
    request.acknowledged_by = method.value
    request.acknowledged_at = acknowledged_at
    session.add(request)
    ledgers.append_audit(
        session,
        at=now,
        actor=actor,
        action="acknowledge",
        entity="optout_request",
        entity_id=request.id,
        fields=["acknowledged_at", "acknowledged_by"],
    )
    session.flush()
