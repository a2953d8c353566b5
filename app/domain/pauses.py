"""Pauses (GDPR Art. 18 restriction, Art. 21 objection): whether a client's sharing is paused
at a moment, which requests may pause, and the reason a pause is lifted with.

A pause is not a withdrawal: the consent ledger keeps what the client said, and the pause
only stops new data going to the vendor until it is lifted. This is the one rule every place
that asks "may this go to the vendor" reads (the do-not-share list, the client page, the
access package's "who has my data").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from app.domain.enums import RequestKind
from app.domain.errors import N_, ValidationError

# The requests that pause sharings: restriction (Art. 18) and objection (Art. 21).
PAUSING_KINDS: tuple[RequestKind, ...] = (RequestKind.RESTRICTION, RequestKind.OBJECTION)
MAX_LIFT_REASON = 2000
PAUSED = "paused"  # the do-not-share list's state for a paused sharing (not a ConsentState)


@dataclass(frozen=True)
class PauseFact:
    """One pause of one sharing for one client, named by the request that asked it."""

    request_id: int
    sharing_id: int
    paused_at: datetime
    lifted_at: datetime | None = None

    def holds_at(self, moment: datetime) -> bool:
        return self.paused_at <= moment and (self.lifted_at is None or moment < self.lifted_at)


def pause_holding(
    pauses: Iterable[PauseFact], sharing_id: int, moment: datetime
) -> PauseFact | None:
    """The pause that keeps the sharing from its vendor at `moment`, or None (it may go).

    With several requests pausing the same sharing, the one paused first is named (its day
    is "since when"); the sharing stays paused until every one of them is lifted.
    """
    holding = [p for p in pauses if p.sharing_id == sharing_id and p.holds_at(moment)]
    return min(holding, key=lambda p: (p.paused_at, p.request_id), default=None)


def pauses_sharings(kind: RequestKind | str) -> bool:
    return RequestKind(kind) in PAUSING_KINDS


def lift_reason_problem(reason: str) -> ValidationError | None:
    """A pause is lifted only with its reason, as a declined objection is answered with one
    (GDPR Art. 18(3): the client is told before the restriction is lifted)."""
    if not reason.strip():
        return ValidationError(
            "lift_reason",
            N_(
                "Say why the pause is lifted (accuracy verified, objection weighed and "
                "declined): the client is sent this reason."
            ),
        )
    if len(reason.strip()) > MAX_LIFT_REASON:
        return ValidationError("lift_reason", N_("The reason is limited to 2,000 characters."))
    return None


def pause_problem(
    kind: RequestKind | str, *, matched: bool, identity_checked: bool
) -> ValidationError | None:
    """Why this request cannot pause sharings, or None: only a restriction or objection of a
    client on record whose identity was checked (a stranger must not stop a client's data)."""
    if not pauses_sharings(kind):
        return ValidationError(
            "request", N_("Only a restriction or objection request pauses sharings.")
        )
    if not matched:
        return ValidationError(
            "request", N_("Match the request to a client before pausing their sharings.")
        )
    if not identity_checked:
        return ValidationError(
            "identity", N_("Check the person's identity before pausing their sharings.")
        )
    return None
