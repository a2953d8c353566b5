"""Pausing and lifting a client's sharings for a restriction (GDPR Art. 18) or objection
(Art. 21) request: one transaction each, a kept pause row per request x sharing, audited.

Decisions a reader should know:
- A pause is not a withdrawal: no consent event is written, the ledger stays what the client
  said, and the do-not-share list shows the client "paused" (domain.pauses decides).
- Sharings are paused only while the request is open; a pause may be lifted after the
  request is completed (an objection upheld keeps its pause until the client agrees again,
  a restriction until its reason ends), always with the reason the client is sent.
- A pause once lifted stays lifted (a trigger): pausing that sharing again takes a new
  request, so each pause keeps the reason it was asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel import Session

from app.domain.errors import N_, ValidationError
from app.domain.pauses import MAX_LIFT_REASON, lift_reason_problem, pause_problem
from app.persistence import ledgers
from app.persistence.database import unit_of_work
from app.persistence.models import RightsRequest, SharingPause
from app.persistence.store import Store
from app.services.errors import Conflict, InvalidInput
from app.services.optouts.context import optout_context
from app.services.requests.facts import request_of, row_of
from app.services.requests.steps import open_request
from app.services.rows import RequestRow
from app.services.vendors import sharing_rows


def current_sharing_ids(session: Session, now: datetime) -> list[int]:
    """The sharings a client's data goes to today (every active one concerns every client)."""
    today = optout_context(session).today(now)
    return [sharing.id for sharing in sharing_rows(session, active_on=today)]


def _pauses_of(session: Session, request_id: int) -> dict[int, SharingPause]:
    statement = select(SharingPause).where(SharingPause.request_id == request_id)
    return {pause.sharing_id: pause for pause in session.scalars(statement)}


NOT_CURRENT = N_("Sharing {sharing} is not one of this client's current sharings.")
NOT_PAUSED = N_("Sharing {sharing} was not paused for this request.")


def _chosen(named: Sequence[int] | None, candidates: list[int], missing: str) -> list[int]:
    """The sharings named (None: every candidate), each checked against the candidates."""
    if named is None:
        return candidates
    if not named:
        raise InvalidInput([ValidationError("sharings", N_("Choose at least one sharing."))])
    for sharing_id in named:
        if sharing_id not in candidates:
            raise InvalidInput([ValidationError("sharings", missing, sharing=sharing_id)])
    return list(dict.fromkeys(named))


def pause_sharings(
    store: Store,
    request_id: int,
    *,
    sharing_ids: Sequence[int] | None = None,
    actor: str,
    now: datetime | None = None,
) -> RequestRow:
    """Pause the sharings named (None: every current sharing not yet paused by this request).

    Raises:
        InvalidInput: not a restriction or objection, no client, identity unchecked, a
            sharing that is not one of the client's current ones.
        Conflict: the request is completed; a sharing named is already paused (or was
            paused and lifted) for this request.
    """
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        request = open_request(session, request_id)
        problem = pause_problem(
            request.kind,
            matched=request.client_id is not None,
            identity_checked=request.identity_checked_at is not None,
        )
        if problem is not None:
            raise InvalidInput([problem])
        existing = _pauses_of(session, request_id)
        current = current_sharing_ids(session, now)
        if sharing_ids is None:
            chosen = [sharing for sharing in current if sharing not in existing]
            if not chosen:
                raise Conflict(
                    N_("Every current sharing of this client is already paused for request "
                       "{request}."),
                    request=request_id,
                )  # fmt: skip
        else:
            chosen = _chosen(sharing_ids, current, NOT_CURRENT)
        for sharing_id in chosen:
            _refuse_paused_before(existing.get(sharing_id), request_id)
        for sharing_id in chosen:
            pause = SharingPause(
                request_id=request_id, sharing_id=sharing_id, paused_at=now, paused_by=actor
            )
            session.add(pause)
            session.flush()
            ledgers.append_audit(
                session,
                at=now,
                actor=actor,
                action="pause",
                entity="sharing_pause",
                entity_id=pause.id,
                fields=["request_id", "sharing_id", "paused_at", "paused_by"],
            )
        return row_of(session, request)


def _refuse_paused_before(pause: SharingPause | None, request_id: int) -> None:
    if pause is None:
        return
    if pause.lifted_at is None:
        raise Conflict(
            N_("Sharing {sharing} is already paused for request {request}."),
            sharing=pause.sharing_id,
            request=request_id,
        )
    raise Conflict(
        N_("Sharing {sharing} was paused for request {request} and lifted; a new request "
           "pauses it again."),
        sharing=pause.sharing_id,
        request=request_id,
    )  # fmt: skip


def lift_pauses(
    store: Store,
    request_id: int,
    *,
    reason: str,
    sharing_ids: Sequence[int] | None = None,
    actor: str,
    now: datetime | None = None,
) -> RequestRow:
    """Lift the pauses named (None: every pause of this request still on), with the reason
    the client is sent; data may go to those vendors again (unless another pause holds).

    Raises:
        InvalidInput: no reason, or a sharing this request did not pause.
        Conflict: nothing is paused; a pause named is already lifted.
    """
    now = now or datetime.now(UTC)
    problem = lift_reason_problem(reason)
    if problem is not None:
        raise InvalidInput([problem])
    why = reason.strip()[:MAX_LIFT_REASON]
    with unit_of_work(store.engine) as session:
        request: RightsRequest = request_of(session, request_id)
        existing = _pauses_of(session, request_id)
        if sharing_ids is None:
            chosen = [pause for pause in existing.values() if pause.lifted_at is None]
            if not chosen:
                raise Conflict(N_("Request {request} has no paused sharing."), request=request_id)
        else:
            chosen = [
                existing[sharing_id]
                for sharing_id in _chosen(sharing_ids, list(existing), NOT_PAUSED)
            ]
            lifted = next((pause for pause in chosen if pause.lifted_at is not None), None)
            if lifted is not None:
                raise Conflict(
                    N_("The pause of sharing {sharing} was already lifted."),
                    sharing=lifted.sharing_id,
                )
        for pause in chosen:
            pause.lifted_at = now
            pause.lifted_by = actor
            pause.lift_reason = why
            session.add(pause)
            session.flush()
            ledgers.append_audit(
                session,
                at=now,
                actor=actor,
                action="lift",
                entity="sharing_pause",
                entity_id=pause.id,
                fields=["lifted_at", "lifted_by", "lift_reason"],
            )
        return row_of(session, request)


def pausable_sharings(store: Store, request_id: int, *, now: datetime | None = None):
    """The client's current sharings, for choosing which to pause (SharingRow, the ones this
    request already paused left out)."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.reader) as session:
        request_of(session, request_id)
        paused = set(_pauses_of(session, request_id))
        today = optout_context(session).today(now)
        return [row for row in sharing_rows(session, active_on=today) if row.id not in paused]
