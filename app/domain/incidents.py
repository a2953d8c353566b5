"""Incidents and breaches (DESIGN.md story 8): their kinds, the risk answer, the steps, and
the clock the ticked rule sets start at awareness.

Pure: `now` and the practice's zone are passed in. Hours are elapsed time: a deadline is
counted in UTC and shown in the practice's zone, so a change to summer time inside the 72
hours moves the local hour shown, never the length of the period (GDPR Art. 33(1) counts
hours, not clock faces). No module here names a rule set: each says its own breach clock in
its `deadlines` (DeadlineKind.BREACH for the authority, BREACH_PERSONS for the people).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum

from app.domain.enums import ConsentState, SharingForm
from app.domain.errors import N_, ValidationError
from app.domain.rulesets import BreachItem, DeadlineKind, RuleSet, applying


class IncidentKind(StrEnum):
    LOST_DEVICE = "lost_device"  # a laptop or phone lost or stolen
    WRONG_RECIPIENT = "wrong_recipient"  # an email or letter to the wrong person
    VENDOR_BREACH = "vendor_breach"  # a vendor reports a breach of what it holds
    BREAK_IN = "break_in"  # the studio or an account broken into
    OTHER = "other"


KIND_LABELS = {
    IncidentKind.LOST_DEVICE: N_("Lost or stolen device"),
    IncidentKind.WRONG_RECIPIENT: N_("Sent to the wrong person"),
    IncidentKind.VENDOR_BREACH: N_("A vendor's breach"),
    IncidentKind.BREAK_IN: N_("Break-in"),
    IncidentKind.OTHER: N_("Something else"),
}


class Risk(StrEnum):
    """The answer of the risk assessment, in the words of GDPR Art. 33(1) and 34(1)."""

    UNASSESSED = ""
    UNLIKELY = "unlikely"  # unlikely to result in a risk: the authority need not be told
    RISK = "risk"  # a risk: the authority is told
    HIGH = "high"  # a high risk: the people are told too


RISK_LABELS = {
    Risk.UNASSESSED: N_("not assessed yet"),
    Risk.UNLIKELY: N_("unlikely to result in a risk"),
    Risk.RISK: N_("a risk to the people"),
    Risk.HIGH: N_("a high risk to the people"),
}


class Decision(StrEnum):
    """Whether the authority (or the clients) are told; "not" needs its reason on record."""

    UNDECIDED = ""
    NOTIFY = "notify"
    NOT_NOTIFY = "not_notify"


class Step(StrEnum):
    """What an incident waits for next, in the order the steps come."""

    ASSESS = "assess"
    AUTHORITY = "authority"  # tell the authority, or record why not
    CLIENTS = "clients"  # tell the clients, or record why not
    CLOSE = "close"
    CLOSED = "closed"


STEP_LABELS = {
    Step.ASSESS: N_("assess the risk"),
    Step.AUTHORITY: N_("tell the authority, or record why not"),
    Step.CLIENTS: N_("tell the clients, or record why not"),
    Step.CLOSE: N_("close the incident"),
    Step.CLOSED: N_("closed"),
}


def next_step(
    *,
    risk: Risk,
    authority: Decision,
    clients: Decision,
    closed: bool,
    authority_told: bool,
    clients_told: bool,
) -> Step:
    """The first step not yet done. A decision to notify is done once the notice went out."""
    if closed:
        return Step.CLOSED
    if risk is Risk.UNASSESSED:
        return Step.ASSESS
    if not _done(authority, authority_told):
        return Step.AUTHORITY
    if not _done(clients, clients_told):
        return Step.CLIENTS
    return Step.CLOSE


def _done(decision: Decision, told: bool) -> bool:
    return decision is Decision.NOT_NOTIFY or (decision is Decision.NOTIFY and told)


# -- the clock -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Duty:
    """One rule set's duty to tell someone of a breach."""

    rule_set: RuleSet
    due_at: datetime | None  # None: "without undue delay", no hours counted
    article: str
    high_risk_only: bool

    @property
    def law(self) -> str:
        """The law's short name, marked N_: translate it."""
        return self.rule_set.short_name


@dataclass(frozen=True)
class BreachClock:
    """What the ticked rule sets ask once the practice became aware of a breach."""

    aware_at: datetime
    authority: tuple[Duty, ...]
    persons: tuple[Duty, ...]
    notes: tuple[str, ...]  # marked N_: what a rule set with no breach clock says instead

    @property
    def authority_due_at(self) -> datetime | None:
        """The strictest moment to tell the authority by; None when no rule set counts one."""
        return min((d.due_at for d in self.authority if d.due_at is not None), default=None)

    @property
    def immediate(self) -> bool:
        """Some rule set wants the authority told at once (PIPL Art. 57: "immediately")."""
        return self.authority_due_at == self.aware_at

    def persons_owed(self, risk: Risk) -> tuple[Duty, ...]:
        """The duties to tell the people that apply at this risk."""
        return tuple(d for d in self.persons if not d.high_risk_only or risk is Risk.HIGH)

    def persons_due_at(self, risk: Risk) -> datetime | None:
        return min((d.due_at for d in self.persons_owed(risk) if d.due_at), default=None)

    def delay_reason_needed(self, notified_at: datetime) -> bool:
        """Told after the strictest deadline: GDPR Art. 33(1) asks for the reasons of the delay.

        One rule for every rule set: "immediately" is a deadline at awareness, so a notice
        under PIPL alone records why it could not go at that moment.
        """
        return delay_reason_needed(self.authority_due_at, notified_at)


def delay_reason_needed(due_at: datetime | None, notified_at: datetime) -> bool:
    """The authority told after its deadline (None: no rule set counts one, never late)."""
    return due_at is not None and notified_at > due_at


def breach_clock(aware_at: datetime, jurisdictions: Iterable[str]) -> BreachClock:
    """Every duty the ticked rule sets give once the practice is aware of a breach."""
    if aware_at.tzinfo is None:
        raise ValueError("an aware datetime is needed to start a breach clock")
    # WORKAROUND: Python subtracts and compares two datetimes of one zone by their clock faces
    # (10:00 GMT to 11:00 BST three days later is 73 "hours"): count in UTC only.
    aware_at = aware_at.astimezone(UTC)
    authority, persons, notes = [], [], []
    for rule in applying(jurisdictions):
        told = _duty(rule, DeadlineKind.BREACH, aware_at)
        people = _duty(rule, DeadlineKind.BREACH_PERSONS, aware_at)
        if told is not None:
            authority.append(told)
        if people is not None:
            persons.append(people)
        if told is None and rule.breach_note:
            notes.append(rule.breach_note)
    return BreachClock(aware_at, tuple(authority), tuple(persons), tuple(notes))


def _duty(rule: RuleSet, kind: DeadlineKind, aware_at: datetime) -> Duty | None:
    deadline = rule.deadlines.get(kind)
    if deadline is None:
        return None
    return Duty(rule, rule.due_at(kind, aware_at), deadline.article, deadline.high_risk_only)


@dataclass(frozen=True)
class DutyTerm:
    """A duty as a plan states it ahead of any breach: whole hours from awareness (0: at once),
    or None when the law counts none ("without undue delay")."""

    law: str  # marked N_: translate it
    article: str
    hours: int | None
    high_risk_only: bool


def duty_terms(
    jurisdictions: Iterable[str], country: str
) -> tuple[tuple[DutyTerm, ...], tuple[DutyTerm, ...], tuple[str, ...]]:
    """What the ticked rule sets give once a practice becomes aware of a breach, for the plan:
    the duties to the authority, to the people, and the notes of rule sets with no clock. The
    hours are read off the clock itself, so the plan never restates a number."""
    start = datetime(2000, 1, 1, tzinfo=UTC)  # any moment: only the lengths are read
    clock = breach_clock(start, jurisdictions)

    def terms(duties: tuple[Duty, ...]) -> tuple[DutyTerm, ...]:
        return tuple(
            DutyTerm(
                duty.rule_set.law_name(country),
                duty.article,
                None if duty.due_at is None else int((duty.due_at - start).total_seconds() // 3600),
                duty.high_risk_only,
            )
            for duty in duties
        )

    return terms(clock.authority), terms(clock.persons), clock.notes


@dataclass(frozen=True)
class TimeLeft:
    """Whole minutes until a deadline (negative once past) and whether it is past."""

    minutes: int
    overdue: bool

    @property
    def hours(self) -> int:
        """Whole hours left (or past), the minutes of the last hour aside."""
        return abs(self.minutes) // 60

    @property
    def minutes_of_hour(self) -> int:
        return abs(self.minutes) % 60


def time_left(due_at: datetime, now: datetime) -> TimeLeft:
    """Counted in elapsed time: the hours shown are real hours whatever the clocks did.

    Rounded down while time is left (71 h 59 min, never a minute more than there is), and up
    once past (a deadline a second ago is a minute overdue, not "0 min").
    """
    seconds = (due_at.astimezone(UTC) - now.astimezone(UTC)).total_seconds()
    overdue = seconds < 0
    minutes = math.floor(seconds / 60)
    return TimeLeft(minutes, overdue)


def local_moment(moment: datetime, zone: tzinfo) -> datetime:
    """A stored moment as the practice's clocks show it."""
    return moment.astimezone(zone)


def deadline_day(moment: datetime, zone: tzinfo) -> date:
    """The practice's local day a deadline falls on (Today lists it under that day)."""
    return moment.astimezone(zone).date()


# -- what a person types ---------------------------------------------------------------------


def check_times(
    *, happened_at: datetime | None, aware_at: datetime, now: datetime
) -> list[ValidationError]:
    """The refusals for the moments of an incident; empty when they make sense."""
    problems = []
    if aware_at > now:
        problems.append(
            ValidationError(
                "aware_at", N_("The practice cannot become aware of an incident in the future.")
            )
        )
    if happened_at is not None and happened_at > aware_at:
        problems.append(
            ValidationError(
                "happened_at",
                N_("An incident cannot happen after the practice became aware of it."),
            )
        )
    return problems


def check_notified_at(
    field: str, notified_at: datetime, aware_at: datetime, now: datetime
) -> ValidationError | None:
    if notified_at > now:
        return ValidationError(field, N_("A notice cannot be sent in the future."))
    if notified_at < aware_at:
        return ValidationError(
            field, N_("A notice cannot be sent before the practice became aware of the incident.")
        )
    return None


# -- who is affected -------------------------------------------------------------------------


def vendor_may_hold(
    states: Iterable[ConsentState], *, consent_required: bool, form: SharingForm
) -> bool:
    """Whether a vendor may hold a client's data through one sharing, for a breach there.

    Counted wide on purpose: data sent once stays sent, so a consent given and withdrawn
    later still counts, and a sharing that needed no consent went out for every client
    while it ran. Anonymised data names no one.
    """
    if form is SharingForm.ANONYMISED:
        return False
    if not consent_required:
        return True
    return ConsentState.GIVEN in set(states)


# -- what the report and the letters say -------------------------------------------------------


def report_citations(
    jurisdictions: Iterable[str], country: str
) -> dict[BreachItem, tuple[tuple[str, str], ...]]:
    """Per item of a breach report, where each ticked rule set asks it: (law, article), the
    law's name marked N_ (translate it). An item no rule set asks maps to ()."""
    cited: dict[BreachItem, list[tuple[str, str]]] = {item: [] for item in BreachItem}
    for rule in applying(jurisdictions):
        for item, article in rule.breach_report.items():
            cited[item].append((rule.law_name(country), article))
    return {item: tuple(places) for item, places in cited.items()}


# What a person can do to reduce the harm (PIPL Art. 57(2)), per data category exposed; the
# report and the letter to each client print the same sentences.
PROTECTIVE_STEPS = {
    "contact": N_(
        "Be wary of emails, calls or messages that mention us or your training and ask for "
        "passwords, codes or payment: we never ask for those. If in doubt, call us on the "
        "number you know."
    ),
    "payment": N_(
        "Check your bank and card statements, and tell your bank at once of any payment you "
        "do not recognise."
    ),
    "wearable": N_(
        "Change the password of your training app or activity tracker account, and do not "
        "use it anywhere else."
    ),
    "health": N_(
        "Be careful with unexpected contact that mentions your health, injuries or "
        "measurements; do not confirm any details, and tell us about it."
    ),
}
# Categories whose harm is alike: what is said for one is said for the other.
_ALIKE = {"body": "health", "training": "wearable"}
ALWAYS_STEP = N_("If you notice anything unusual, tell us at once so that we can act on it.")


def protective_steps(categories: Iterable[str]) -> tuple[str, ...]:
    """The advice for the categories exposed (marked N_), each once, and the last one always."""
    steps = dict.fromkeys(
        PROTECTIVE_STEPS[key]
        for key in (_ALIKE.get(category, category) for category in categories)
        if key in PROTECTIVE_STEPS
    )
    return (*steps, ALWAYS_STEP)
