"""The window's `_`: the shared gettext catalogue in the language chosen at start."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, tzinfo

from app.domain.errors import DomainError
from app.i18n import N_, plural_translator, translator

_current = translator("en")
_current_plural = plural_translator("en")
_language = "en"
# Where the practice is: how its dates are written and which clock its times are read on.
_country = ""
_zone: tzinfo = UTC


def set_language(language: str) -> None:
    """Choose the window language; takes effect for widgets built afterwards."""
    global _current, _current_plural, _language
    _current = translator(language)
    _current_plural = plural_translator(language)
    _language = language


def language() -> str:
    return _language


def _(message: str) -> str:
    return _current(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a sentence with a count for ``n``, in the window language."""
    return _current_plural(singular, plural, n)


def set_practice_place(country: str, zone: tzinfo) -> None:
    """The practice's country and zone, once its file is open (and when they change)."""
    global _country, _zone
    _country, _zone = country, zone


def day_text(day: date | None) -> str:
    """A date as every page and dialog shows it ("1 Dec 2026"; "Dec 1, 2026" in the US)."""
    from app.dates import DateStyle, format_day  # Babel loads on first use, not at start

    return format_day(day, _language, _country, DateStyle.MEDIUM) if day else ""


def load_date_words() -> None:
    """Read Babel's month names and patterns now, before the window first shows.

    Read at first use instead, they froze the window for 30-80 ms while the practice's file
    opened behind it (the Vendors register's dates); before the first paint they cost about
    30 ms. The practice's country, unknown yet, adds only its small regional file later.
    """
    day_text(date(2026, 1, 1))


def moment_day_text(moment: datetime | None) -> str:
    """The practice's local day of an instant, written as day_text writes days."""
    return day_text(moment.astimezone(_zone).date()) if moment else ""


def due_text(day: date | None, overdue: bool) -> str:
    """A due date, with the word when it has passed: colour alone does not say it."""
    text = day_text(day)
    return f"{text} — {_('overdue')}" if overdue and text else text


def moment_text(moment: datetime | None) -> str:
    """An instant in the practice's local time ("1 Dec 2026, 14:05")."""
    from app.dates import format_moment

    return format_moment(moment, _zone, _language, _country) if moment else ""


def date_field_format() -> str:
    """The display format of date fields, so they read like the dates on the pages."""
    from app.dates import day_pattern

    # CLDR writes the year "y"; Qt needs "yyyy" for all four digits. Both quote with '.
    return re.sub(r"(?<!y)y(?!y)", "yyyy", day_pattern(_language, _country))


def moment_field_format() -> str:
    """The display format of date-and-time fields: the date as above, then the clock."""
    from app.dates import clock_pattern

    # CLDR's "a" is the am/pm marker, Qt's "AP".
    return f"{date_field_format()} {clock_pattern(_language, _country).replace('a', 'AP')}"


def error_text(error: BaseException) -> str:
    """What a refusal says, in the window language; ``str(error)`` stays English for the log.

    A known error translates its sentence and the phrases in it; quoted input, numbers and
    file names are shown as given. Anything else (a bug, an OSError) is shown as ``str()``.
    """
    if isinstance(error, DomainError):
        return error.text(_current)
    return str(error)


def time_left_text(due_at: datetime | None, now: datetime) -> str:
    """The hours a clock has left ("71 h 30 min left"), or how late it is; "" with none."""
    from app.domain.incidents import time_left

    if due_at is None:
        return ""
    left = time_left(due_at, now)
    amount = _("{hours} h {minutes} min").format(hours=left.hours, minutes=left.minutes_of_hour)
    if left.overdue:
        return _("overdue by {amount}").format(amount=amount)
    return _("{amount} left").format(amount=amount)


def purpose_text(row) -> str:
    """A purpose's label in the window language (records keep both languages)."""
    chinese = getattr(row, "purpose_zh", "")
    return chinese if _language == "zh" and chinese else row.purpose


__all__ = [
    "N_",
    "_",
    "date_field_format",
    "day_text",
    "due_text",
    "error_text",
    "language",
    "moment_day_text",
    "moment_field_format",
    "moment_text",
    "ngettext",
    "purpose_text",
    "set_language",
    "set_practice_place",
    "time_left_text",
]
