"""Tests for business calendars and the deadline rules of DESIGN.md section 5."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.deadlines import (
    BusinessCalendar,
    PracticePromise,
    add_calendar_months,
    breach_regulator_deadline,
    ccpa_confirmation_due,
    optout_due,
    period_end,
    request_due,
)
from app.domain.enums import Jurisdiction
from app.domain.errors import ValidationError
from app.domain.rulesets import DeadlineKind, RuleSettings, due, due_at

GDPR, CCPA, PIPL = Jurisdiction.GDPR, Jurisdiction.CCPA, Jurisdiction.PIPL
COUNTRIES = ["DE", "GB", "US", "FR", "CN"]

DE = BusinessCalendar("DE")
GB = BusinessCalendar("GB")
US = BusinessCalendar("US")
FR = BusinessCalendar("FR")
CN = BusinessCalendar("CN")

calendars = st.sampled_from(COUNTRIES).map(BusinessCalendar)
days_2000s = st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31))
jurisdiction_sets = st.sets(st.sampled_from(list(Jurisdiction)))


def _working_days_between(calendar: BusinessCalendar, start: date, end: date) -> int:
    """Working days in (start, end]."""
    return sum(
        calendar.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1)
    )


# --- business days ---------------------------------------------------------------------------


def test_ten_business_days_from_a_wednesday_end_on_the_second_wednesday():
    assert date(2026, 6, 3).weekday() == 2
    assert DE.add_business_days(date(2026, 6, 3), 10) == date(2026, 6, 17)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 6, 5), 1, date(2026, 6, 8)),  # Friday -> Monday
        (date(2026, 6, 6), 1, date(2026, 6, 8)),  # received on a Saturday
        (date(2026, 6, 7), 5, date(2026, 6, 12)),  # received on a Sunday
        (date(2026, 6, 3), 0, date(2026, 6, 3)),
        (date(2026, 6, 3), 5, date(2026, 6, 10)),
    ],
)
def test_weekends_are_skipped(start, days, expected):
    assert DE.add_business_days(start, days) == expected


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        # DE and US: Christmas Day (Fri) and New Year's Day (Fri) are off.
        ("DE", date(2027, 1, 11)),
        ("US", date(2027, 1, 11)),
        # GB: Boxing Day falls on a Saturday and is observed on Monday 28 December.
        ("GB", date(2027, 1, 12)),
    ],
)
def test_ten_business_days_from_christmas_eve_cross_the_year_turn(country, expected):
    assert BusinessCalendar(country).add_business_days(date(2026, 12, 24), 10) == expected


@pytest.mark.parametrize(
    ("calendar", "holiday"),
    [
        (DE, date(2026, 4, 3)),  # Karfreitag
        (DE, date(2026, 4, 6)),  # Ostermontag
        (DE, date(2026, 10, 3)),  # Tag der Deutschen Einheit (a Saturday anyway)
        (DE, date(2026, 12, 25)),
        (GB, date(2026, 4, 3)),  # Good Friday
        (GB, date(2026, 5, 4)),  # Early May bank holiday
        (GB, date(2026, 12, 28)),  # Boxing Day observed
        (US, date(2026, 7, 3)),  # Independence Day observed (4 July is a Saturday)
        (US, date(2026, 11, 26)),  # Thanksgiving
        (US, date(2026, 1, 19)),  # Martin Luther King Jr. Day
        (FR, date(2026, 5, 8)),  # Victoire 1945
        (FR, date(2026, 5, 14)),  # Ascension
        (FR, date(2026, 7, 14)),  # Fête nationale
        (CN, date(2026, 10, 1)),  # National Day
        (CN, date(2026, 9, 25)),  # Mid-Autumn Festival
        (CN, date(2026, 2, 17)),  # Spring Festival
    ],
)
def test_national_public_holidays_are_not_working_days(calendar, holiday):
    assert holiday.weekday() < 5 or calendar.country == "DE"
    assert not calendar.is_working_day(holiday)


@pytest.mark.parametrize(
    ("calendar", "start", "expected"),
    [
        (DE, date(2026, 4, 2), date(2026, 4, 7)),  # over Easter
        (US, date(2026, 11, 25), date(2026, 11, 27)),  # over Thanksgiving
        (FR, date(2026, 7, 13), date(2026, 7, 15)),  # over 14 juillet
        (GB, date(2026, 5, 1), date(2026, 5, 5)),  # over the May bank holiday
    ],
)
def test_one_business_day_after_the_eve_of_a_holiday_skips_it(calendar, start, expected):
    assert calendar.add_business_days(start, 1) == expected


def test_english_easter_monday_needs_the_england_subdivision():
    # Easter Monday is no bank holiday in Scotland, so it is not UK-wide.
    assert GB.is_working_day(date(2026, 4, 6))
    assert not BusinessCalendar("GB", "ENG").is_working_day(date(2026, 4, 6))


# holidays 0.109, China 2026 (State Council schedule): National Day and the Mid-Autumn
# Festival give 1-7 October off, made up by working Sunday 20 September and Saturday
# 10 October; the Spring Festival gives 15-23 February off, made up on Saturdays 14 and 28
# February; 2 January is made up on Sunday 4 January, 5 May on Saturday 9 May.
CN_GOLDEN_WEEK = {
    date(2026, 9, 18): True,
    date(2026, 9, 19): False,  # Saturday
    date(2026, 9, 20): True,  # Sunday, a make-up working day
    date(2026, 9, 25): False,  # Mid-Autumn Festival
    date(2026, 9, 26): False,
    date(2026, 9, 27): False,
    date(2026, 9, 30): True,
    **{date(2026, 10, day): False for day in range(1, 8)},
    date(2026, 10, 8): True,
    date(2026, 10, 9): True,
    date(2026, 10, 10): True,  # Saturday, a make-up working day
    date(2026, 10, 11): False,  # Sunday
    date(2026, 10, 12): True,
}


@pytest.mark.parametrize(("day", "working"), sorted(CN_GOLDEN_WEEK.items()))
def test_chinese_golden_week_2026_and_its_make_up_weekend_days(day, working):
    assert CN.is_working_day(day) is working


@pytest.mark.parametrize(
    "make_up_day",
    [date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9)],
)
def test_chinese_make_up_weekend_days_of_2026_are_working_days(make_up_day):
    assert make_up_day.weekday() >= 5
    assert CN.is_working_day(make_up_day)
    assert not DE.is_working_day(make_up_day)


def test_chinese_make_up_days_in_december_for_new_year_are_working_days():
    # holidays lists these with the following year's New Year break.
    for make_up_day in (date(2001, 12, 29), date(2001, 12, 30), date(2011, 12, 31)):
        assert make_up_day.weekday() >= 5
        assert CN.is_working_day(make_up_day)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 9, 30), 1, date(2026, 10, 8)),
        (date(2026, 9, 30), 3, date(2026, 10, 10)),  # counts the make-up Saturday
        (date(2026, 9, 30), 4, date(2026, 10, 12)),
        (date(2026, 9, 19), 1, date(2026, 9, 20)),  # counts the make-up Sunday
        (date(2026, 2, 13), 1, date(2026, 2, 14)),
        (date(2026, 2, 13), 2, date(2026, 2, 24)),  # the whole Spring Festival break
    ],
)
def test_chinese_business_days_skip_the_breaks_and_count_make_up_days(start, days, expected):
    assert CN.add_business_days(start, days) == expected


def test_days_the_practice_closes_are_not_working_days():
    closed = BusinessCalendar("DE", closed_days=frozenset({date(2026, 6, 10)}))
    assert not closed.is_working_day(date(2026, 6, 10))
    assert closed.add_business_days(date(2026, 6, 3), 10) == date(2026, 6, 18)
    assert closed.next_working_day(date(2026, 6, 10)) == date(2026, 6, 11)


def test_a_closed_make_up_day_is_closed():
    closed = BusinessCalendar("CN", closed_days=frozenset({date(2026, 10, 10)}))
    assert closed.add_business_days(date(2026, 9, 30), 3) == date(2026, 10, 12)


def test_closed_days_given_as_a_set_still_make_a_hashable_calendar():
    calendar = BusinessCalendar("DE", closed_days={date(2026, 6, 10)})  # type: ignore[arg-type]
    assert calendar == BusinessCalendar("DE", closed_days=frozenset({date(2026, 6, 10)}))
    assert hash(calendar)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 6, 3), date(2026, 6, 3)),
        (date(2026, 6, 6), date(2026, 6, 8)),
        (date(2026, 12, 25), date(2026, 12, 28)),
    ],
)
def test_next_working_day_is_the_day_itself_or_the_first_after_it(day, expected):
    assert DE.next_working_day(day) == expected


@pytest.mark.parametrize("year", [1995, 2026, 2077, 2100])  # holidays stops at 2100
def test_holidays_are_known_for_any_year(year):
    assert not DE.is_working_day(date(year, 12, 25)) or date(year, 12, 25).weekday() >= 5
    assert not DE.is_working_day(date(year, 1, 1))


def test_country_codes_are_normalised():
    assert BusinessCalendar(" de ") == DE


@pytest.mark.parametrize(
    ("country", "subdivision", "field"),
    [
        ("XX", None, "country"),
        ("", None, "country"),
        ("Germany", None, "country"),
        ("US", "ZZ", "subdivision"),
    ],
)
def test_unknown_countries_and_regions_are_refused(country, subdivision, field):
    with pytest.raises(ValidationError) as caught:
        BusinessCalendar(country, subdivision)
    assert caught.value.field == field
    assert "\n" not in str(caught.value)


def test_negative_business_days_are_a_programming_error():
    with pytest.raises(ValueError):
        DE.add_business_days(date(2026, 6, 3), -1)


@given(calendars, days_2000s, st.integers(min_value=1, max_value=40))
def test_a_business_day_result_is_a_working_day_after_the_start(calendar, start, days):
    end = calendar.add_business_days(start, days)
    assert end > start
    assert calendar.is_working_day(end)
    assert _working_days_between(calendar, start, end) == days


@given(calendars, days_2000s, days_2000s, st.integers(min_value=0, max_value=30))
def test_business_day_results_are_monotone_in_the_start(calendar, first, second, days):
    early, late = sorted((first, second))
    assert calendar.add_business_days(early, days) <= calendar.add_business_days(late, days)


@given(calendars, days_2000s)
def test_next_working_day_never_falls_on_a_day_off(calendar, day):
    found = calendar.next_working_day(day)
    assert found >= day
    assert calendar.is_working_day(found)
    assert _working_days_between(calendar, day - timedelta(days=1), found - timedelta(days=1)) == 0


# --- calendar months -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 10, 31), 4, date(2027, 2, 28)),
        (date(2026, 5, 15), 0, date(2026, 5, 15)),
        (date(2026, 1, 30), 1, date(2026, 2, 28)),
    ],
)
def test_a_calendar_month_keeps_the_day_number_or_takes_the_last_day(start, months, expected):
    assert add_calendar_months(start, months) == expected


@given(days_2000s, st.integers(min_value=-24, max_value=24))
def test_adding_months_moves_the_month_and_never_grows_the_day(start, months):
    end = add_calendar_months(start, months)
    assert (end.year * 12 + end.month) - (start.year * 12 + start.month) == months
    assert end.day == start.day or (end.day < start.day and (end + timedelta(days=1)).day == 1)


@pytest.mark.parametrize(
    ("calendar", "start", "expected"),
    [
        (DE, date(2026, 1, 31), date(2026, 3, 2)),  # 28 February 2026 is a Saturday
        (DE, date(2028, 1, 31), date(2028, 2, 29)),  # a Tuesday
        (DE, date(2026, 8, 31), date(2026, 9, 30)),
        (DE, date(2026, 11, 25), date(2026, 12, 28)),  # Christmas Day, then a weekend
        (GB, date(2026, 11, 25), date(2026, 12, 29)),  # and Boxing Day observed
    ],
)
def test_a_month_period_ending_on_a_day_off_ends_on_the_next_working_day(calendar, start, expected):
    assert period_end(start, 1, calendar) == expected


@given(calendars, days_2000s, st.integers(min_value=1, max_value=3))
def test_a_period_end_is_a_working_day_at_or_after_the_calendar_date(calendar, start, months):
    end = period_end(start, months, calendar)
    assert calendar.is_working_day(end)
    assert end >= add_calendar_months(start, months)


# --- deadlines -------------------------------------------------------------------------------

WEDNESDAY = date(2026, 6, 3)


@pytest.mark.parametrize(
    ("jurisdictions", "promise", "expected"),
    [
        (set(), PracticePromise(), date(2026, 6, 17)),  # the promise's 10 business days
        ({CCPA}, PracticePromise(), date(2026, 6, 17)),  # promise stricter than 15
        ({CCPA}, PracticePromise(vendor_notice_business_days=20), date(2026, 6, 24)),
        ({GDPR, PIPL}, PracticePromise(vendor_notice_business_days=20), date(2026, 7, 1)),
        ({GDPR, CCPA, PIPL}, PracticePromise(vendor_notice_business_days=5), date(2026, 6, 10)),
    ],
)
def test_the_opt_out_is_due_by_the_strictest_rule(jurisdictions, promise, expected):
    assert optout_due(WEDNESDAY, jurisdictions, promise, DE) == expected


JULY_1 = date(2026, 7, 1)
LOOSE = PracticePromise(request_days=60)


@pytest.mark.parametrize(
    ("jurisdictions", "promise", "pipl_days", "expected"),
    [
        (set(), LOOSE, 15, date(2026, 8, 30)),  # promise counts calendar days, a Sunday
        ({GDPR}, LOOSE, 15, date(2026, 8, 3)),  # 1 August is a Saturday
        ({CCPA}, LOOSE, 15, date(2026, 8, 15)),  # 45 calendar days, left on a Saturday
        ({PIPL}, LOOSE, 15, date(2026, 7, 22)),
        ({GDPR, CCPA}, LOOSE, 15, date(2026, 8, 3)),
        ({GDPR, PIPL}, LOOSE, 15, date(2026, 7, 22)),
        ({GDPR}, PracticePromise(), 15, date(2026, 7, 31)),  # promise's 30 days beat a month
        ({PIPL}, PracticePromise(), 25, date(2026, 7, 31)),
        ({PIPL}, LOOSE, 25, date(2026, 8, 5)),
    ],
)
def test_a_request_is_due_by_the_strictest_rule(jurisdictions, promise, pipl_days, expected):
    assert request_due(JULY_1, jurisdictions, promise, DE, pipl_working_days=pipl_days) == expected


@pytest.mark.parametrize(
    ("calendar", "expected"),
    [(US, date(2026, 12, 3)), (DE, date(2026, 12, 2))],  # Thanksgiving falls between in US
)
def test_ccpa_confirmation_is_due_in_ten_business_days(calendar, expected):
    assert ccpa_confirmation_due(date(2026, 11, 18), calendar) == expected


@given(calendars, days_2000s, jurisdiction_sets, st.integers(1, 20), st.integers(1, 60))
def test_deadlines_are_after_receipt_and_no_later_than_the_promise(
    calendar, received, jurisdictions, notice_days, request_days
):
    promise = PracticePromise(notice_days, request_days)
    opt_out = optout_due(received, jurisdictions, promise, calendar)
    assert received < opt_out <= calendar.add_business_days(received, notice_days)
    assert calendar.is_working_day(opt_out)
    request = request_due(received, jurisdictions, promise, calendar)
    assert received < request <= received + timedelta(days=request_days)


@given(calendars, days_2000s, days_2000s, jurisdiction_sets)
def test_deadlines_are_monotone_in_the_day_of_receipt(calendar, first, second, jurisdictions):
    early, late = sorted((first, second))
    promise = PracticePromise()
    assert optout_due(early, jurisdictions, promise, calendar) <= optout_due(
        late, jurisdictions, promise, calendar
    )
    assert request_due(early, jurisdictions, promise, calendar) <= request_due(
        late, jurisdictions, promise, calendar
    )


def test_a_negative_promise_is_refused():
    with pytest.raises(ValidationError):
        PracticePromise(vendor_notice_business_days=-1)
    with pytest.raises(ValidationError):
        PracticePromise(request_days=-1)


@pytest.mark.parametrize(
    ("aware_at", "expected"),
    [
        (datetime(2026, 6, 1, 9, 30, tzinfo=UTC), datetime(2026, 6, 4, 9, 30, tzinfo=UTC)),
        (datetime(2026, 6, 1, 9, 30), datetime(2026, 6, 4, 9, 30)),  # naive: stored UTC
        # Summer time starts on 29 March: 72 elapsed hours end at 11:00 local time.
        (
            datetime(2026, 3, 27, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")),
            datetime(2026, 3, 30, 11, 0, tzinfo=ZoneInfo("Europe/Berlin")),
        ),
    ],
)
def test_the_regulator_must_hear_of_a_breach_within_72_hours(aware_at, expected):
    deadline = breach_regulator_deadline(aware_at)
    assert deadline == expected
    assert (deadline.hour, deadline.minute) == (expected.hour, expected.minute)


# --- the strictest rule over the rule set objects (rulesets.due, due_at) ----------------------


@pytest.mark.parametrize(
    ("jurisdictions", "expected"),
    [
        ({GDPR}, date(2026, 7, 31)),  # the promise's 30 days cap GDPR's three months
        ({CCPA}, date(2026, 7, 31)),
        (set(), date(2026, 7, 31)),
    ],
)
def test_an_extension_never_goes_past_the_promise(jurisdictions, expected):
    assert due(DeadlineKind.ANSWER, JULY_1, jurisdictions, DE, extended=True) == expected


@pytest.mark.parametrize(
    ("jurisdictions", "expected"),
    [
        # With a looser promise: GDPR's month plus two more, to the next working day
        # (1 October 2026 is a Thursday); CCPA's 90 calendar days, wherever they fall.
        ({GDPR}, date(2026, 10, 1)),
        ({CCPA}, date(2026, 9, 29)),
        ({GDPR, CCPA}, date(2026, 9, 29)),
        ({PIPL}, date(2026, 7, 22)),  # PIPL allows no extension: its 15 working days stand
    ],
)
def test_an_extended_answer_is_due_by_the_strictest_extended_rule(jurisdictions, expected):
    loose = PracticePromise(request_days=120).settings()
    assert due(DeadlineKind.ANSWER, JULY_1, jurisdictions, DE, loose, extended=True) == expected


@pytest.mark.parametrize(
    ("jurisdictions", "expected"),
    [({CCPA}, date(2026, 12, 2)), ({GDPR}, None), ({GDPR, PIPL}, None)],
)
def test_only_ccpa_asks_a_request_to_be_confirmed(jurisdictions, expected):
    assert due(DeadlineKind.CONFIRMATION, date(2026, 11, 18), jurisdictions, DE) == expected


AWARE = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("jurisdictions", "expected"),
    [
        ({GDPR}, datetime(2026, 6, 4, 9, 30, tzinfo=UTC)),
        ({PIPL}, AWARE),  # immediately
        ({GDPR, PIPL}, AWARE),
        ({CCPA}, None),  # no clock for the authority
        (set(), None),
    ],
)
def test_a_breach_is_reported_by_the_strictest_rule(jurisdictions, expected):
    assert due_at(DeadlineKind.BREACH, AWARE, jurisdictions) == expected


def test_the_practice_settings_reach_the_rule_set_that_declares_them():
    loose = {"promise": {"request_days": 60}}
    assert due(DeadlineKind.ANSWER, JULY_1, {PIPL}, DE, RuleSettings.from_mapping(loose)) == (
        date(2026, 7, 22)  # PIPL's default, 15 working days
    )
    chosen = RuleSettings.from_mapping({**loose, "pipl": {"request_days": 25}})
    assert due(DeadlineKind.ANSWER, JULY_1, {PIPL}, DE, chosen) == date(2026, 8, 5)
