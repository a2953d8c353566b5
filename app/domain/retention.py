"""How long each category of a former client's data is kept (GDPR Art. 5(1)(e) and 13(2)(a),
CCPA 1798.100(a)(3), PIPL Art. 19), as data, and the pure rule of when it runs out.

The notice states these periods in words (documents/notice_retention.RETENTION) and the
record of processing asks the same words; `notice_disagreement` says when the words and the
periods here differ, so a test fails before a notice promises one thing and the app counts
another. Pure: no I/O, `today` is an argument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.business_days import add_calendar_months


class Counted(StrEnum):
    """What a category's period is counted from."""

    STOPPED = "stopped"  # months after the client's last session (the day they stopped)
    LAW = "law"  # as long as tax and accounting law requires: kept after an erasure
    UNSUBSCRIBE = "unsubscribe"  # until the client unsubscribes: the opt-out ends it
    UNLINK = "unlink"  # until the device is unlinked: the vendor deletes on unlinking


@dataclass(frozen=True)
class Period:
    counted: Counted
    months: int = 0  # after the client stopped, when counted is STOPPED


# Each category of the catalogue (persistence seed 0002) and its period. Only the STOPPED ones
# run out by the calendar; the others end on an event the practice does not date here (a law's
# own period, an unsubscription, an unlinked device), so Today never counts them.
PERIODS: dict[str, Period] = {
    "contact": Period(Counted.STOPPED, months=12),
    "health": Period(Counted.STOPPED, months=12),
    "body": Period(Counted.STOPPED, months=12),
    "training": Period(Counted.STOPPED, months=12),
    "wearable": Period(Counted.UNLINK),
    "payment": Period(Counted.LAW),
    "marketing": Period(Counted.UNSUBSCRIBE),
}

# The practice holds a client's contact details itself for every client (the client record):
# every former client has at least this category, whatever was shared.
ALWAYS_HELD = ("contact",)


def retention_ends(stopped_on: date | None, key: str) -> date | None:
    """The day one category's period runs out for a client who stopped on `stopped_on`: that
    many calendar months later, on the same day number or the month's last day when it has
    none (31 January + 1 month = 28 or 29 February). None when the client has not stopped or
    the category is not counted from the day they stopped."""
    period = PERIODS.get(key)
    if stopped_on is None or period is None or period.counted is not Counted.STOPPED:
        return None
    return add_calendar_months(stopped_on, period.months)


@dataclass(frozen=True)
class Ended:
    """A category kept past its promise: the day it ran out and how many days ago."""

    key: str
    ended_on: date
    days_past: int


def past_retention(
    stopped_on: date | None, keys: tuple[str, ...], today: date
) -> tuple[Ended, ...]:
    """The categories among `keys` whose period ran out before `today`, earliest first.

    The last day of the period is still inside it (the promise is "for 12 months"): a client
    who stopped on 15 March 2025 is past on 16 March 2026. Empty while the client is active
    (not stopped), reactivated (the day is cleared) or every period still runs.
    """
    ended = []
    for key in dict.fromkeys(keys):
        ends = retention_ends(stopped_on, key)
        if ends is not None and ends < today:
            ended.append(Ended(key=key, ended_on=ends, days_past=(today - ends).days))
    return tuple(sorted(ended, key=lambda item: (item.ended_on, item.key)))


# -- the notice's words ----------------------------------------------------------------------

_MONTHS = re.compile(r"(\d+)\s*(?:months?|个月)")
_WORDS = {
    Counted.LAW: ("law", "法律"),
    Counted.UNSUBSCRIBE: ("unsubscribe", "退订"),
    Counted.UNLINK: ("unlink", "解除"),
}


def notice_disagreement(key: str, words: str) -> str | None:
    """Why the notice's words for one category (English or Chinese) say another period than
    PERIODS, or None when they agree. A STOPPED period's words name its months and no other
    month count; the others name their event."""
    period = PERIODS.get(key)
    if period is None:
        return f"{key}: no retention period in domain.retention.PERIODS"
    if period.counted is Counted.STOPPED:
        stated = {int(number) for number in _MONTHS.findall(words)}
        if stated != {period.months}:
            return f"{key}: the notice says {sorted(stated)} months, the rule {period.months}"
        return None
    if not any(word in words for word in _WORDS[period.counted]):
        return f"{key}: the notice does not say it is kept until {period.counted.value}"
    return None
