"""Answering an objection an opt-out raised (GDPR Art. 21): uphold it, or decline with a reason."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from app.domain.consent import current_state
from app.domain.errors import ValidationError
from app.domain.optout import ObjectionDecision, vendor_must_be_told
from app.i18n import N_
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import Objection, OptOutRequest, Sharing
from app.persistence.store import Store
from app.services.consents import consent_facts
from app.services.errors import Conflict, NotFound
from app.services.optouts.applying import (
    attach_to_notification,
    audit_completion,
    complete_when_done,
    record_withdrawals,
    withdrawal_event,
)
from app.services.optouts.checks import choice
from app.services.optouts.context import OptOutContext, optout_context
from app.services.optouts.facts import request_of, sharing_facts
from app.services.optouts.register import register_statement, rows_of
from app.services.rows import OptOutRow


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
    decision = choice("decision", decision, ObjectionDecision)
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
        request = request_of(session, objection.optout_request_id)
        context = optout_context(session)
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
            stop_objected_sharing(session, request, objection, context, now=now, actor=actor)
        session.flush()
        complete_when_done(session, request.id, context, at=now, now=now, actor=actor)
        found = session.execute(register_statement().where(OptOutRequest.id == request.id))
        return rows_of(session, context, context.today(now), found.all())[0]


def stop_objected_sharing(
    session: Session,
    request: OptOutRequest,
    objection: Objection,
    context: OptOutContext,
    *,
    now: datetime,
    actor: str,
) -> None:
    client_id = request.client_id
    sharing = session.get(Sharing, objection.sharing_id)
    before = current_state(consent_facts(session, client_id), objection.sharing_id)
    event = withdrawal_event(request, client_id, objection.sharing_id, now, actor)
    event["occurred_at"] = now  # it stops from the day the practice agreed
    record_withdrawals(session, [event], client_id=client_id, now=now, actor=actor)
    facts = next(
        fact
        for fact in sharing_facts(session, "en", on=None)
        if fact.sharing_id == objection.sharing_id
    )
    if vendor_must_be_told(before, facts):
        told_by = context.optout_due(context.today(now))
        attach_to_notification(
            session, request, sharing.vendor_id, now=now, actor=actor, due_on=told_by
        )
        if request.completed_at is not None:  # a vendor is to be told again
            request.completed_at = None
            session.add(request)
            audit_completion(session, request.id, action="reopen", now=now, actor=actor)
    session.flush()
