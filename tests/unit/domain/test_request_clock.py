"""A rights request's clock, case by case: the strictest of the rule sets that apply."""

from datetime import UTC, date, datetime

import pytest

from app.domain.business_days import BusinessCalendar
from app.domain.enums import Jurisdiction, RequestKind
from app.domain.requests import (
    REQUEST_KINDS,
    Outcome,
    RequestStatus,
    current_due,
    identity_needed,
    outcome_problem,
    request_clock,
    request_status,
)
from app.domain.rulesets import RuleSettings

GDPR, CCPA, PIPL = Jurisdiction.GDPR, Jurisdiction.CCPA, Jurisdiction.PIPL
DE = BusinessCalendar("DE")
US = BusinessCalendar("US")
CN = BusinessCalendar("CN")
ACCESS = RequestKind.ACCESS
# A practice whose own promise is looser than the laws, so each law's own days show.
LOOSE_PROMISE = RuleSettings.from_mapping({"promise": {"request_days": 90}})


def _clock(kind, received, ticked, calendar, settings=LOOSE_PROMISE):
    return request_clock(kind, received, ticked, calendar, settings)


# --- GDPR: one calendar month, the month clamp, the roll to a working day, +2 months -------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (date(2026, 3, 10), date(2026, 4, 10)),  # the same day number, a Friday
        (date(2025, 1, 31), date(2025, 2, 28)),  # February has no 31st: its last day
        (date(2028, 1, 31), date(2028, 2, 29)),  # a leap year's last day of February
        # 3 April 2026 is Good Friday, then a weekend and Easter Monday: Tuesday 7 April.
        (date(2026, 3, 3), date(2026, 4, 7)),
        # 31 October 2026 -> 30 November, a Monday: no roll.
        (date(2026, 10, 31), date(2026, 11, 30)),
        # 2027-01-31 -> 28 February 2027, a Sunday: Monday 1 March.
        (date(2027, 1, 31), date(2027, 3, 1)),
    ],
)
def test_gdpr_answers_within_one_calendar_month_ending_on_a_working_day(received, expected):
    assert _clock(ACCESS, received, [GDPR], DE).answer_due == expected


def test_gdpr_extends_by_two_further_months_told_inside_the_first():
    # Three months from 10 February 2027 end on Monday 10 May, a day before the loosest
    # promise a practice can make (90 days) would.
    clock = _clock(RequestKind.DELETION, date(2027, 2, 10), [GDPR], DE)
    assert clock.answer_due == date(2027, 3, 10)
    assert clock.extended_due == date(2027, 5, 10)
    assert clock.extension_by == date(2027, 3, 10)
    assert clock.confirmation_due is None  # GDPR asks for no separate confirmation
    assert clock.extension_problem(date(2027, 3, 10)) is None  # the last day still counts


def test_the_promise_still_caps_an_extended_month_count():
    # 10 March + 3 months is 10 June; 90 days from 10 March end on 8 June.
    assert _clock(ACCESS, date(2026, 3, 10), [GDPR], DE).extended_due == date(2026, 6, 8)


def test_an_extension_after_the_first_deadline_is_refused_in_one_sentence():
    clock = _clock(ACCESS, date(2026, 3, 10), [GDPR], DE)
    problem = clock.extension_problem(date(2026, 4, 11))
    assert problem is not None
    assert str(problem) == (
        "The extension had to be sent by 2026-04-10; that day has passed, so this request "
        "can no longer be extended."
    )


def test_the_default_promise_caps_the_month_and_an_extension_gains_nothing():
    clock = request_clock(ACCESS, date(2026, 3, 10), [GDPR], DE)
    assert clock.answer_due == date(2026, 4, 9)  # 30 days, one before the month ends
    problem = clock.extension_problem(date(2026, 3, 20))
    assert problem is not None and "gains no time" in str(problem)


# --- CCPA: confirm within 10 business days, answer in 45 days, +45 -------------------------


def test_ccpa_confirms_within_ten_business_days_and_answers_in_45_calendar_days():
    clock = _clock(ACCESS, date(2026, 6, 3), [CCPA], US)  # a Wednesday
    assert clock.confirmation_due == date(2026, 6, 17)  # the second Wednesday after
    assert clock.answer_due == date(2026, 7, 18)  # a Saturday, and it stays one
    assert clock.extended_due == date(2026, 9, 1)  # 90 days in all
    assert clock.extension_by == date(2026, 7, 18)


def test_ccpa_confirmation_skips_a_federal_holiday():
    # Friday 12 June 2026; Juneteenth (Friday 19 June) is no business day.
    clock = _clock(ACCESS, date(2026, 6, 12), [CCPA], US)
    assert clock.confirmation_due == date(2026, 6, 29)


# --- PIPL: the practice's working days, across a Chinese holiday with make-up days ----------


def test_pipl_counts_working_days_across_the_spring_festival_and_its_make_up_days():
    # Friday 24 January 2025. Off 28 January to 4 February; Sunday 26 January and Saturday
    # 8 February are worked instead, so both count.
    clock = request_clock(ACCESS, date(2025, 1, 24), [PIPL], CN, LOOSE_PROMISE)
    assert clock.answer_due == date(2025, 2, 20)  # 15 working days, the default


def test_pipl_follows_the_practices_own_working_day_setting():
    settings = LOOSE_PROMISE.with_values([("pipl", "request_days", 5)])
    clock = request_clock(ACCESS, date(2025, 1, 24), [PIPL], CN, settings)
    # 26 Jan (make-up), 27 Jan, then 5, 6 and 7 February.
    assert clock.answer_due == date(2025, 2, 7)


def test_pipl_allows_no_extension():
    clock = _clock(ACCESS, date(2025, 1, 24), [PIPL], CN)
    assert clock.extension_by is None
    problem = clock.extension_problem(date(2025, 1, 27))
    assert str(problem) == "None of the rules that apply allows this answer to be extended."


# --- the promise, and the strictest of several ---------------------------------------------


def test_the_promise_alone_answers_in_its_calendar_days():
    clock = request_clock(RequestKind.CORRECTION, date(2026, 3, 10), [], DE)
    assert clock.answer_due == date(2026, 4, 9)
    assert (clock.confirmation_due, clock.extension_by) == (None, None)


def test_a_complaint_is_answered_as_the_practice_promises_whatever_the_laws():
    clock = request_clock(RequestKind.COMPLAINT, date(2026, 3, 10), [GDPR, CCPA], DE)
    assert clock.answer_due == date(2026, 4, 9)
    assert (clock.confirmation_due, clock.extension_by, clock.extended_due) == (None, None, None)


def test_with_gdpr_and_ccpa_each_day_is_the_strictest_one():
    clock = _clock(ACCESS, date(2026, 3, 10), [GDPR, CCPA], US)
    assert clock.answer_due == date(2026, 4, 10)  # GDPR's month before CCPA's 45 days
    assert clock.confirmation_due == date(2026, 3, 24)  # CCPA's 10 business days
    assert clock.extended_due == date(2026, 6, 8)  # CCPA's 90 days before GDPR's 3 months
    assert clock.extension_by == date(2026, 4, 10)


# --- steps and outcome ------------------------------------------------------------------


def test_every_kind_but_a_complaint_needs_the_identity_checked():
    assert [kind for kind in REQUEST_KINDS if not identity_needed(kind)] == [RequestKind.COMPLAINT]
    assert RequestKind.OPT_OUT not in REQUEST_KINDS


def test_the_status_is_the_latest_step_on_record():
    moment = datetime(2026, 3, 10, 9, tzinfo=UTC)
    steps = {
        "identity_checked_at": None,
        "acknowledged_at": None,
        "extended_until": None,
        "completed_at": None,
    }
    assert request_status(**steps) is RequestStatus.RECEIVED
    steps["identity_checked_at"] = moment
    assert request_status(**steps) is RequestStatus.VERIFIED
    steps["acknowledged_at"] = moment
    assert request_status(**steps) is RequestStatus.ACKNOWLEDGED
    steps["extended_until"] = date(2026, 6, 10)
    assert request_status(**steps) is RequestStatus.EXTENDED
    steps["completed_at"] = moment
    assert request_status(**steps) is RequestStatus.COMPLETED


def test_an_extension_moves_the_day_owed():
    assert current_due(date(2026, 4, 10), None) == date(2026, 4, 10)
    assert current_due(date(2026, 4, 10), date(2026, 6, 10)) == date(2026, 6, 10)


def test_a_refusal_needs_its_reason_and_carrying_out_needs_the_identity():
    refused = outcome_problem(ACCESS, Outcome.REFUSED, "  ", identity_checked=False)
    assert refused is not None and refused.field == "reason"
    reason = "No such client"
    assert outcome_problem(ACCESS, Outcome.REFUSED, reason, identity_checked=False) is None
    unchecked = outcome_problem(ACCESS, Outcome.DONE, "", identity_checked=False)
    assert unchecked is not None and unchecked.field == "identity"
    assert outcome_problem(ACCESS, Outcome.PARTLY, "", identity_checked=True) is None
    assert outcome_problem(RequestKind.COMPLAINT, Outcome.DONE, "", identity_checked=False) is None
