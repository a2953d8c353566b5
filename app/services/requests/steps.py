"""The steps after logging: the identity checked, receipt acknowledged, the answer extended
(inside the first period, with reasons), the request completed. Each one transaction,
audited with the record's version; a completed request no longer changes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from app.domain.enums import RequestKind
from app.domain.errors import N_, ValidationError
from app.domain.optout import local_date
from app.domain.requests import (
    Outcome,
    RequestClock,
    identity_needed,
    outcome_problem,
)
from app.domain.validation import validate_text
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import RightsRequest
from app.persistence.store import Store
from app.services.errors import Conflict, InvalidInput
from app.services.optouts.context import optout_context
from app.services.requests.facts import corrections_of, request_of, row_of
from app.services.rows import RequestRow


def change_open(
    session: Session,
    request_id: int,
    values: Mapping[str, Any],
    *,
    action: str,
    actor: str,
    at: datetime,
) -> RequestRow:
    """Write `values` into an open request and audit their names after the change."""
    request = open_request(session, request_id)
    for name, value in values.items():
        setattr(request, name, value)
    session.add(request)
    session.flush()
    ledgers.append_audit(
        session,
        at=at,
        actor=actor,
        action=action,
        entity="rights_request",
        entity_id=request.id,
        fields=list(values),
    )
    return row_of(session, request)


def open_request(session: Session, request_id: int) -> RightsRequest:
    request = request_of(session, request_id)
    if request.completed_at is not None:
        raise Conflict(
            N_("Request {request} is completed; its record no longer changes."),
            request=request_id,
        )
    return request


def _moment(field: str, moment: datetime | None, request: RightsRequest, now: datetime):
    moment = moment or now
    if moment.tzinfo is None:
        raise InvalidInput([ValidationError(field, N_("Give the time with its zone."))])
    if moment > now:
        raise InvalidInput([ValidationError(field, N_("This cannot have happened in the future."))])
    if moment < request.received_at:
        raise InvalidInput(
            [ValidationError(field, N_("This cannot have happened before the request came in."))]
        )
    return moment


def _required(field: str, text: str, max_length: int, missing: str) -> str:
    cleaned = validate_text(field, text, max_length=max_length, multiline=True)
    if not cleaned:
        raise InvalidInput([ValidationError(field, missing)])
    return cleaned


def verify_identity(
    store: Store,
    request_id: int,
    *,
    method: str,
    checked_at: datetime | None = None,
    actor: str,
    now: datetime | None = None,
) -> RequestRow:
    """How the person was recognised (a call back on the number on file, ID seen...)."""
    now = now or datetime.now(UTC)
    text = _required(
        "identity_method", method, 200, N_("Say how the person's identity was checked.")
    )
    with unit_of_work(store.engine) as session:
        request = open_request(session, request_id)
        if not identity_needed(RequestKind(request.kind)):
            raise Conflict(N_("A complaint or feedback needs no identity check."))
        values = {
            "identity_method": text,
            "identity_checked_at": _moment("identity_checked_at", checked_at, request, now),
            "identity_checked_by": actor,
        }
        return change_open(session, request_id, values, action="verify", actor=actor, at=now)


def acknowledge_request(
    store: Store,
    request_id: int,
    *,
    acknowledged_at: datetime | None = None,
    actor: str,
    now: datetime | None = None,
) -> RequestRow:
    """Receipt confirmed to the person (CCPA wants it within its business days)."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        request = open_request(session, request_id)
        moment = _moment("acknowledged_at", acknowledged_at, request, now)
        values = {"acknowledged_at": moment}
        return change_open(session, request_id, values, action="acknowledge", actor=actor, at=now)


def clock_of(request: RightsRequest) -> RequestClock:
    """The clock fixed when the request was logged."""
    return RequestClock(
        answer_due=request.due_on,
        confirmation_due=request.confirm_due_on,
        extension_by=request.extension_by,
        extended_due=request.extended_due_on,
    )


def extend_request(
    store: Store,
    request_id: int,
    *,
    reason: str,
    told_at: datetime | None = None,
    actor: str,
    now: datetime | None = None,
) -> RequestRow:
    """The answer takes longer: the person told why, inside the first period.

    Raises:
        InvalidInput: no reason; no rule allows an extension; told after the day it had to be.
        Conflict: already extended, or completed.
    """
    now = now or datetime.now(UTC)
    why = _required("extension_reason", reason, 2000, N_("Give the reasons the client is told."))
    with unit_of_work(store.engine) as session:
        request = open_request(session, request_id)
        if request.extended_until is not None:
            raise Conflict(
                N_("Request {request} is already extended, until {day}."),
                request=request_id,
                day=request.extended_until.isoformat(),
            )
        moment = _moment("extension_told_at", told_at, request, now)
        clock = clock_of(request)
        problem = clock.extension_problem(local_date(moment, optout_context(session).zone))
        if problem is not None:
            raise InvalidInput([problem])
        values = {
            "extended_until": clock.extended_due,
            "extension_reason": why,
            "extension_told_at": moment,
        }
        return change_open(session, request_id, values, action="extend", actor=actor, at=now)


def complete_request(
    store: Store,
    request_id: int,
    *,
    outcome: Outcome | str = Outcome.DONE,
    reason: str = "",
    response: str = "",
    actor: str,
    now: datetime | None = None,
) -> RequestRow:
    """Done, partly done (say what was not, in `reason`) or refused (the reason is sent).

    A complaint is completed with the response given to it.
    """
    now = now or datetime.now(UTC)
    try:
        chosen = Outcome(outcome)
    except ValueError:
        raise InvalidInput(
            [ValidationError("outcome", N_("The outcome is done, partly or refused."))]
        ) from None
    why = validate_text("outcome_reason", reason, max_length=4000, multiline=True)
    answer = validate_text("response", response, max_length=4000, multiline=True)
    with unit_of_work(store.engine) as session:
        request = open_request(session, request_id)
        kind = RequestKind(request.kind)
        problem = outcome_problem(
            kind,
            chosen,
            why,
            identity_checked=request.identity_checked_at is not None,
            open_pauses=len(row_of(session, request).pauses_on),
            corrected=bool(corrections_of(session, request_id)),
        )
        if problem is not None:
            raise InvalidInput([problem])
        if kind is RequestKind.COMPLAINT and not answer:
            raise InvalidInput(
                [ValidationError("response", N_("Write the response the client was given."))]
            )
        values = {
            "outcome": chosen.value,
            "outcome_reason": why,
            "response": answer,
            "completed_at": now,
        }
        return change_open(session, request_id, values, action="complete", actor=actor, at=now)
