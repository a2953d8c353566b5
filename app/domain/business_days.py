"""Business calendars: which days a practice works (its country's weekends and public
holidays, the days it closes) and periods counted over them (DESIGN.md section 5).

`holidays` is imported when a calendar is first needed: it takes 30 ms to load.
"""

from __future__ import annotations

import threading
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from app.domain.errors import N_, ValidationError, quote_input

if TYPE_CHECKING:
    import holidays

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
