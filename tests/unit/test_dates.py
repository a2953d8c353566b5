"""Dates read the way the practice's country writes them, in the reader's language."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from app.dates import DateStyle, day_pattern, format_day, format_moment
from app.documents.letters import PolicyUpdateLetter
from tests.unit.documents import samples
from tests.unit.documents.pdfcheck import text_of

FIRST_OF_DECEMBER = date(2026, 12, 1)


def test_a_british_practice_writes_the_day_first():
    assert format_day(FIRST_OF_DECEMBER, "en", "GB") == "1 December 2026"
    assert format_day(FIRST_OF_DECEMBER, "en", "GB", DateStyle.MEDIUM) == "1 Dec 2026"


def test_a_us_practice_writes_the_month_first():
    assert format_day(FIRST_OF_DECEMBER, "en", "US") == "December 1, 2026"
    assert format_day(FIRST_OF_DECEMBER, "en", "US", DateStyle.MEDIUM) == "Dec 1, 2026"


def test_chinese_is_written_year_month_day_wherever_the_practice_is():
    for country in ("CN", "GB", "US", ""):
        assert format_day(FIRST_OF_DECEMBER, "zh", country) == "2026年12月1日"


def test_english_in_a_country_without_its_own_english_is_not_written_the_us_way():
    assert format_day(FIRST_OF_DECEMBER, "en", "CN", DateStyle.MEDIUM) == "1 Dec 2026"
    assert format_day(FIRST_OF_DECEMBER, "en", "", DateStyle.MEDIUM) == "1 Dec 2026"


def test_a_moment_is_written_on_the_practices_clock():
    moment = datetime(2026, 7, 1, 13, 5, tzinfo=UTC)
    assert format_moment(moment, ZoneInfo("Europe/London"), "en", "GB") == "1 Jul 2026, 14:05"
    assert format_moment(moment, ZoneInfo("America/New_York"), "en", "US") == (
        "Jul 1, 2026, 9:05\u202fAM"
    )


def test_date_fields_follow_the_same_pattern_as_the_pages():
    assert day_pattern("en", "GB") == "d MMM y"
    assert day_pattern("en", "US") == "MMM d, y"
    assert day_pattern("zh", "CN") == "y年M月d日"


def test_a_letter_from_a_us_practice_is_dated_the_us_way():
    practice = dataclasses.replace(samples.PRACTICE, country_code="US")
    letter = dataclasses.replace(samples.update_letter(), practice=practice)
    text = text_of(PolicyUpdateLetter(letter, paper="Letter").render().data)
    assert "November 20, 2026" in text
    assert "20 November 2026" not in text


def test_a_letter_from_a_british_practice_is_dated_the_british_way():
    text = text_of(PolicyUpdateLetter(samples.update_letter(), paper="A4").render().data)
    assert "20 November 2026" in text
