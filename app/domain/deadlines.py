"""The response deadlines of DESIGN.md section 5, as the services ask for them: the strictest
of the rule sets that apply (`app.domain.rulesets.due`), and the one overdue rule.

The rule sets hold the day counts; these functions keep the shapes the services have called
since before rule sets were objects. The business calendar lives in `business_days` and is
named here too, where its callers have always found it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from app.domain.business_days import BusinessCalendar, add_calendar_months, period_end
from app.domain.errors import N_, ValidationError
from app.domain.rulesets import CCPA, GDPR, PIPL, PROMISE, DeadlineKind, RuleSettings, due

__all__ = [
    "PIPL_DEFAULT_WORKING_DAYS",
    "BusinessCalendar",
    "PracticePromise",
    "add_calendar_months",
    "breach_regulator_deadline",
    "ccpa_confirmation_due",
    "is_overdue",
    "optout_due",
    "period_end",
    "request_due",
]

PIPL_DEFAULT_WORKING_DAYS = PIPL.setting("request_days").default


@dataclass(frozen=True)
class PracticePromise:
    """What the practice promises its clients, on top of (never looser than) the law."""

    vendor_notice_business_days: int = PROMISE.setting("vendor_days").default
    request_days: int = PROMISE.setting("request_days").default

    def __post_init__(self) -> None:
        if self.vendor_notice_business_days < 0:
            raise ValidationError(
                "vendor_notice_business_days", N_("The days to tell vendors cannot be negative.")
            )
        if self.request_days < 0:
            raise ValidationError(
                "request_days", N_("The days to answer a request cannot be negative.")
            )

    @classmethod
    def of(cls, settings: RuleSettings) -> PracticePromise:
        return cls(settings.value(PROMISE, "vendor_days"), settings.value(PROMISE, "request_days"))

    def settings(self) -> RuleSettings:
        """The promise as the rule settings the rule sets read."""
        return RuleSettings.of(
            [
                (PROMISE.key, "vendor_days", self.vendor_notice_business_days),
                (PROMISE.key, "request_days", self.request_days),
            ]
        )


def is_overdue(due: date | None, today: date) -> bool:
    """Late from the day after the due date: a step due today is on time all day.

    The one rule for every list that marks lateness (Today, the registers, the client page).
    """
    return due is not None and today > due


def optout_due(
    received: date,
    jurisdictions: Iterable[str],
    promise: PracticePromise,
    calendar: BusinessCalendar,
) -> date:
    """Date by which the opt-out must be complete and every vendor told: the strictest rule."""
    day = due(DeadlineKind.OPT_OUT, received, jurisdictions, calendar, promise.settings())
    assert day is not None  # the promise always sets one
    return day


def request_due(
    received: date,
    jurisdictions: Iterable[str],
    promise: PracticePromise,
    calendar: BusinessCalendar,
    pipl_working_days: int = PIPL_DEFAULT_WORKING_DAYS,
) -> date:
    """Date by which an access, correction or deletion request must be answered."""
    settings = promise.settings().with_values([(PIPL.key, "request_days", pipl_working_days)])
    day = due(DeadlineKind.ANSWER, received, jurisdictions, calendar, settings)
    assert day is not None  # the promise always sets one
    return day


def ccpa_confirmation_due(received: date, calendar: BusinessCalendar) -> date:
    """CCPA: confirm receipt of a request within 10 business days."""
    day = CCPA.due(DeadlineKind.CONFIRMATION, received, calendar, RuleSettings())
    assert day is not None
    return day


def breach_regulator_deadline(aware_at: datetime) -> datetime:
    """GDPR: tell the regulator within 72 hours of becoming aware of a breach.

    Hours are elapsed time: an aware datetime is counted in UTC, so a clock change in between
    moves the local deadline by an hour. A naive datetime is taken as UTC, as stored.
    """
    moment = GDPR.due_at(DeadlineKind.BREACH, aware_at)
    assert moment is not None
    return moment
