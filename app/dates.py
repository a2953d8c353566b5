"""How dates and times are written: one way for each language and practice country.

Letters and sentences take the long form ("1 December 2026"; "December 1, 2026" for a US
practice; "2026年12月1日"), pages, tables and date fields the medium form ("1 Dec 2026",
"Dec 1, 2026"). The order comes from CLDR (Babel) for the language in the practice's country;
English in a country CLDR has no English for is written day before month (international
English), never the US order by accident.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from enum import StrEnum
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import (
    format_date,
    format_time,
    get_date_format,
    get_datetime_format,
    get_time_format,
)


class DateStyle(StrEnum):
    LONG = "long"  # letters, notices, sentences read aloud
    MEDIUM = "medium"  # tables, pages, date fields


@lru_cache(maxsize=64)
def writing_locale(lang: str, country: str = "") -> Locale:
    """The CLDR locale that writes ``lang`` the way people in ``country`` read it."""
    country = country.strip().upper()
    if lang == "zh":
        return Locale.parse("zh_Hans_CN")
    for name in (f"{lang}_{country}" if country else "", f"{lang}_001", lang):
        if not name:
            continue
        try:
            return Locale.parse(name)
        except (ValueError, UnknownLocaleError):
            continue
    return Locale.parse("en_001")


@lru_cache(maxsize=1024)
def format_day(day: date, lang: str, country: str = "", style: DateStyle = DateStyle.LONG) -> str:
    return format_date(day, format=style.value, locale=writing_locale(lang, country))


def format_clock(moment: datetime, lang: str, country: str = "") -> str:
    """The time of day on the clock ``moment`` is already in: "14:05", or "2:05 PM" in the US."""
    return format_time(moment.time(), format="short", locale=writing_locale(lang, country))


def format_moment(moment: datetime, zone: tzinfo, lang: str, country: str = "") -> str:
    """An aware instant as the practice's local date and time: "1 Dec 2026, 14:05"."""
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed to write it in the practice's zone")
    local = moment.astimezone(zone)
    locale = writing_locale(lang, country)
    day = format_date(local.date(), format="medium", locale=locale)
    clock = format_time(local.time(), format="short", locale=locale)
    return get_datetime_format("medium", locale=locale).replace("{1}", day).replace("{0}", clock)


def day_pattern(lang: str, country: str = "") -> str:
    """The CLDR pattern of the medium form ("d MMM y"), for date fields to show dates alike."""
    return get_date_format("medium", locale=writing_locale(lang, country)).pattern


def clock_pattern(lang: str, country: str = "") -> str:
    """The CLDR pattern of the time of day ("HH:mm", "h:mm a"), for time fields."""
    return get_time_format("short", locale=writing_locale(lang, country)).pattern
