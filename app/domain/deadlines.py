"""Business calendars and the response deadlines of each rule set (DESIGN.md section 5).

`holidays` is imported when a calendar is first needed: it takes 30 ms to load.
"""

from __future__ import annotations

import threading
from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from app.domain.enums import Jurisdiction
from app.domain.errors import N_, ValidationError, quote_input

if TYPE_CHECKING:
    import holidays

CCPA_OPT_OUT_BUSINESS_DAYS = 15
CCPA_CONFIRMATION_BUSINESS_DAYS = 10
CCPA_RESPONSE_CALENDAR_DAYS = 45
GDPR_RESPONSE_MONTHS = 1
GDPR_BREACH_NOTICE = timedelta(hours=72)
PIPL_DEFAULT_WORKING_DAYS = 15

_ONE_DAY = timedelta(days=1)
# holidays objects fill in years as they are asked about, which mutates them: one thread at a time.
_populate_lock = threading.Lock()


@lru_cache(maxsize=32)
def _holidays_for(country: str, subdivision: str | None) -> holidays.HolidayBase:
    import holidays

    # No years given: the object loads each year the first time a date in it is looked up.
    return holidays.country_holidays(country, subdiv=subdivision)


@lru_cache(maxsize=1024)
def _days_off(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """Weekend days that are not made-up working days, and public holidays, in ``year``."""
    with _populate_lock:
        public = _holidays_for(country, subdivision)
        first = date(year, 1, 1)
        # is_working_day loads a year only when asked about a weekday, yet it needs the year's
        # make-up working days for weekend days too: load the year first.
        public.get(first)
        days_in_year = 366 if monthrange(year, 2)[1] == 29 else 365
        every_day = (first + timedelta(days=n) for n in range(days_in_year))
        return frozenset(day for day in every_day if not public.is_working_day(day))


@dataclass(frozen=True)
class BusinessCalendar:
    """Working days of a practice: its country's weekends and holidays, plus days it closes."""

    country: str
    subdivision: str | None = None
    closed_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        # Normalised here so equal calendars compare and hash equal however they were typed.
        object.__setattr__(self, "country", self.country.strip().upper())
        object.__setattr__(self, "subdivision", self.subdivision or None)
        object.__setattr__(self, "closed_days", frozenset(self.closed_days))
        _check_known(self.country, self.subdivision)

    def is_working_day(self, day: date) -> bool:
        if day in self.closed_days:
            return False
        return day not in _days_off(self.country, self.subdivision, day.year)

    def next_working_day(self, day: date) -> date:
        """Return ``day`` itself when it is a working day, else the first one after it."""
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def add_business_days(self, start: date, days: int) -> date:
        """Count ``days`` working days after ``start``; the day of receipt is not counted."""
        if days < 0:
            raise ValueError(f"cannot count {days} business days; use a number from 0 up")
        day = start
        for _ in range(days):
            day = self.next_working_day(day + _ONE_DAY)
        return day


@dataclass(frozen=True)
class PracticePromise:
    """What the practice promises its clients, on top of (never looser than) the law."""

    vendor_notice_business_days: int = 10
    request_days: int = 30

    def __post_init__(self) -> None:
        if self.vendor_notice_business_days < 0:
            raise ValidationError(
                "vendor_notice_business_days", N_("The days to tell vendors cannot be negative.")
            )
        if self.request_days < 0:
            raise ValidationError(
                "request_days", N_("The days to answer a request cannot be negative.")
            )


def is_overdue(due: date | None, today: date) -> bool:
    """Late from the day after the due date: a step due today is on time all day.

    The one rule for every list that marks lateness (Today, the registers, the client page).
    """
    return due is not None and today > due


def add_calendar_months(start: date, months: int) -> date:
    """Same day number ``months`` later, or that month's last day when it is shorter."""
    month_index = start.year * 12 + (start.month - 1) + months
    year, month_zero_based = divmod(month_index, 12)
    month = month_zero_based + 1
    return date(year, month, min(start.day, monthrange(year, month)[1]))


def period_end(start: date, months: int, calendar: BusinessCalendar) -> date:
    """End of a period of months; one ending on a day off ends on the next working day.

    This is the rule of Regulation (EEC, Euratom) No 1182/71, Article 3(4), which the GDPR's
    "one month" follows.
    """
    return calendar.next_working_day(add_calendar_months(start, months))


def optout_due(
    received: date,
    jurisdictions: Iterable[Jurisdiction],
    promise: PracticePromise,
    calendar: BusinessCalendar,
) -> date:
    """Date by which the opt-out must be complete and every vendor told: the strictest rule."""
    # GDPR and PIPL ask that a withdrawal of consent take effect at once. The app withdraws
    # consent the moment the request is recorded, so those rules are met on the spot and do
    # not shorten the time left to tell vendors; only day counts compete here.
    candidates = [calendar.add_business_days(received, promise.vendor_notice_business_days)]
    if Jurisdiction.CCPA in set(jurisdictions):
        candidates.append(calendar.add_business_days(received, CCPA_OPT_OUT_BUSINESS_DAYS))
    return min(candidates)


def request_due(
    received: date,
    jurisdictions: Iterable[Jurisdiction],
    promise: PracticePromise,
    calendar: BusinessCalendar,
    pipl_working_days: int = PIPL_DEFAULT_WORKING_DAYS,
) -> date:
    """Date by which an access, correction or deletion request must be answered."""
    ticked = set(jurisdictions)
    # The promise counts plain calendar days, as the practice words it to clients.
    candidates = [received + timedelta(days=promise.request_days)]
    if Jurisdiction.GDPR in ticked:
        candidates.append(period_end(received, GDPR_RESPONSE_MONTHS, calendar))
    if Jurisdiction.CCPA in ticked:
        # CCPA counts calendar days and has no roll-forward rule: a Sunday stays a Sunday.
        candidates.append(received + timedelta(days=CCPA_RESPONSE_CALENDAR_DAYS))
    if Jurisdiction.PIPL in ticked:
        # PIPL sets no day count; the practice chooses one, counted in working days.
        candidates.append(calendar.add_business_days(received, pipl_working_days))
    return min(candidates)


def ccpa_confirmation_due(received: date, calendar: BusinessCalendar) -> date:
    """CCPA: confirm receipt of a request within 10 business days."""
    return calendar.add_business_days(received, CCPA_CONFIRMATION_BUSINESS_DAYS)


def breach_regulator_deadline(aware_at: datetime) -> datetime:
    """GDPR: tell the regulator within 72 hours of becoming aware of a breach.

    Hours are elapsed time: an aware datetime is counted in UTC, so a clock change in between
    moves the local deadline by an hour. A naive datetime is taken as UTC, as stored.
    """
    if aware_at.tzinfo is None:
        return aware_at + GDPR_BREACH_NOTICE
    deadline = aware_at.astimezone(UTC) + GDPR_BREACH_NOTICE
    return deadline.astimezone(aware_at.tzinfo)


def _check_known(country: str, subdivision: str | None) -> None:
    if not country:
        raise ValidationError("country", N_("Choose the country whose public holidays apply."))
    try:
        _holidays_for(country, subdivision)
    except NotImplementedError:
        if country not in _supported_countries():
            raise ValidationError(
                "country",
                N_(
                    "No public holiday calendar is known for the country code {entered}; "
                    "use a two-letter ISO code such as DE, GB or US."
                ),
                entered=quote_input(country),
            ) from None
        raise ValidationError(
            "subdivision",
            N_("{entered} is not a region of {country} with its own public holidays."),
            entered=quote_input(subdivision or ""),
            country=country,
        ) from None


@lru_cache(maxsize=1)
def _supported_countries() -> frozenset[str]:
    import holidays

    return frozenset(holidays.list_supported_countries())
