"""Rights requests other than opt-outs (issue 13): their kinds, clocks, steps and status.

The clock is the strictest of the rule sets that apply (`rulesets.due`), counted from the
local day of receipt: the answer, the confirmation of receipt where a rule set asks one, and
the extension (the day it must be told by, and the answer's day once extended). No law is
named here: each rule set says what it allows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.domain.business_days import BusinessCalendar
from app.domain.enums import Channel, RequestKind
from app.domain.errors import N_, ValidationError
from app.domain.rulesets import DeadlineKind, RuleSettings, due

# Every kind a rights request can be; opt-outs have their own record and steps.
REQUEST_KINDS: tuple[RequestKind, ...] = tuple(
    kind for kind in RequestKind if kind is not RequestKind.OPT_OUT
)
# How a request can arrive; a paper form is an opt-out's, a letter comes by post.
REQUEST_CHANNELS: tuple[Channel, ...] = (
    Channel.PHONE,
    Channel.POST,
    Channel.EMAIL,
    Channel.VERBAL_IN_PERSON,
    Channel.ONLINE,
)

KIND_LABELS: dict[RequestKind, str] = {
    RequestKind.ACCESS: N_("Access (a copy of their data)"),
    RequestKind.PORTABILITY: N_("Portability (their data for another provider)"),
    RequestKind.CORRECTION: N_("Correction"),
    RequestKind.DELETION: N_("Deletion"),
    RequestKind.RESTRICTION: N_("Restriction"),
    RequestKind.OBJECTION: N_("Objection"),
    RequestKind.COMPLAINT: N_("Complaint or feedback"),
}


class Outcome(StrEnum):
    DONE = "done"
    PARTLY = "partly"
    REFUSED = "refused"


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.DONE: N_("Done"),
    Outcome.PARTLY: N_("Partly done"),
    Outcome.REFUSED: N_("Refused"),
}


class RequestStatus(StrEnum):
    """Where a request stands, derived from the steps on record (latest step wins)."""

    RECEIVED = "received"
    VERIFIED = "verified"  # the person's identity checked
    ACKNOWLEDGED = "acknowledged"  # receipt confirmed to the person
    EXTENDED = "extended"
    COMPLETED = "completed"


STATUS_LABELS: dict[RequestStatus, str] = {
    RequestStatus.RECEIVED: N_("Logged"),  # "Received" is taken by the column of that name
    RequestStatus.VERIFIED: N_("Identity checked"),
    RequestStatus.ACKNOWLEDGED: N_("Acknowledged"),
    RequestStatus.EXTENDED: N_("Extended"),
    RequestStatus.COMPLETED: N_("Completed"),
}


def identity_needed(kind: RequestKind) -> bool:
    """Whether the person's identity is checked before the request is carried out: a
    complaint or feedback gives nobody anyone's data, so it needs none."""
    return RequestKind(kind) is not RequestKind.COMPLAINT


@dataclass(frozen=True)
class RequestClock:
    """The days a request is owed by, fixed when it is logged.

    `extension_by` is the last day the person may be told of an extension (None: no rule
    that applies allows one); `extended_due` the answer's day once extended.
    """

    answer_due: date
    confirmation_due: date | None = None
    extension_by: date | None = None
    extended_due: date | None = None

    def extension_problem(self, told_on: date) -> ValidationError | None:
        """Why an extension told on `told_on` is refused, or None when it may be given."""
        if self.extension_by is None or self.extended_due is None:
            return ValidationError(
                "extension_told_at",
                N_("None of the rules that apply allows this answer to be extended."),
            )
        if self.extended_due <= self.answer_due:
            return ValidationError(
                "extension_told_at",
                N_(
                    "An extension gains no time: your own promise to clients still asks for "
                    "the answer by {day}."
                ),
                day=self.answer_due.isoformat(),
            )
        if told_on > self.extension_by:
            return ValidationError(
                "extension_told_at",
                N_(
                    "The extension had to be sent by {day}; that day has passed, so this "
                    "request can no longer be extended."
                ),
                day=self.extension_by.isoformat(),
            )
        return None


def request_clock(
    kind: RequestKind,
    received_on: date,
    jurisdictions: Iterable[str],
    calendar: BusinessCalendar,
    settings: RuleSettings | None = None,
) -> RequestClock:
    """The strictest days of the rule sets that apply (the practice's promise always does)."""
    ticked = tuple(jurisdictions)
    settings = settings or RuleSettings()

    def day(step: DeadlineKind, *, extended: bool = False) -> date | None:
        return due(step, received_on, ticked, calendar, settings, extended=extended)

    if RequestKind(kind) is RequestKind.COMPLAINT:
        answer = day(DeadlineKind.COMPLAINT)
        assert answer is not None  # the promise always sets one
        return RequestClock(answer_due=answer)
    answer = day(DeadlineKind.ANSWER)
    assert answer is not None
    told_by = day(DeadlineKind.EXTENSION)
    extended = day(DeadlineKind.ANSWER, extended=True) if told_by is not None else None
    return RequestClock(
        answer_due=answer,
        confirmation_due=day(DeadlineKind.CONFIRMATION),
        # Told inside the first period: never after the answer itself is due.
        extension_by=min(told_by, answer) if told_by is not None else None,
        extended_due=extended,
    )


def request_status(
    *,
    identity_checked_at: datetime | None,
    acknowledged_at: datetime | None,
    extended_until: date | None,
    completed_at: datetime | None,
) -> RequestStatus:
    if completed_at is not None:
        return RequestStatus.COMPLETED
    if extended_until is not None:
        return RequestStatus.EXTENDED
    if acknowledged_at is not None:
        return RequestStatus.ACKNOWLEDGED
    if identity_checked_at is not None:
        return RequestStatus.VERIFIED
    return RequestStatus.RECEIVED


def current_due(due_on: date, extended_until: date | None) -> date:
    """The day the answer is owed by now: the extended day once an extension is on record."""
    return extended_until or due_on


def outcome_problem(
    kind: RequestKind,
    outcome: Outcome,
    reason: str,
    *,
    identity_checked: bool,
    open_pauses: int = 0,
    corrected: bool = False,
) -> ValidationError | None:
    """Why a request cannot be completed so, or None.

    A refusal is sent with its reasons (and the route to complain); a request carried out,
    wholly or partly, gives someone data or changes it, so the identity is checked first.

    A restriction or objection whose pauses are not all lifted (`open_pauses`) may still be
    completed: an objection upheld, or a restriction the client is owed until a later event,
    keeps its sharings paused after the answer. Then the reason the client is sent must say
    why the pause stays. Refused with a pause still on is a contradiction: the refusal lets
    the sharing go on, so the pause is lifted (with its own reason) first.

    A correction is carried out by correcting the record (`corrected`: a correction is on
    record for it); without one it can only be refused, with the reason.
    """
    outcome = Outcome(outcome)
    if outcome is Outcome.REFUSED and not reason.strip():
        return ValidationError("reason", N_("Give the reason the client is sent for the refusal."))
    if outcome is not Outcome.REFUSED and identity_needed(kind) and not identity_checked:
        return ValidationError(
            "identity", N_("Check the person's identity before carrying out the request.")
        )
    if open_pauses and outcome is Outcome.REFUSED:
        return ValidationError(
            "pauses",
            N_("Lift the paused sharings before refusing: a refusal lets them go on."),
        )
    if open_pauses and not reason.strip():
        return ValidationError(
            "outcome_reason",
            N_(
                "Some sharings stay paused: say why in the reason the client is sent, or "
                "lift them first."
            ),
        )
    correcting = RequestKind(kind) is RequestKind.CORRECTION
    if outcome is not Outcome.REFUSED and correcting and not corrected:
        return ValidationError(
            "outcome",
            N_(
                "Correct the record first, or refuse the correction with the reason the "
                "client is sent."
            ),
        )
    return None
