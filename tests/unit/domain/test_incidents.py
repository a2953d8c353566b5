"""The breach clock, case by case: what each ticked rule set asks once the practice is aware."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.enums import ConsentState, SharingForm
from app.domain.incidents import (
    Decision,
    Risk,
    Step,
    breach_clock,
    check_times,
    deadline_day,
    local_moment,
    next_step,
    time_left,
    vendor_may_hold,
)

LONDON = ZoneInfo("Europe/London")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def test_gdpr_gives_the_authority_72_real_hours_from_awareness():
    aware = datetime(2026, 11, 20, 9, 15, tzinfo=UTC)
    clock = breach_clock(aware, ["gdpr"])
    assert clock.authority_due_at == aware + timedelta(hours=72)
    assert not clock.immediate
    assert [duty.article for duty in clock.authority] == ["Art. 33(1)"]


def test_awareness_at_half_past_eleven_at_night_counts_from_that_minute_not_the_next_day():
    aware = datetime(2026, 11, 20, 23, 30, tzinfo=LOS_ANGELES)  # 07:30 UTC on the 21st
    clock = breach_clock(aware, ["gdpr"])
    due = local_moment(clock.authority_due_at, LOS_ANGELES)
    assert (due.date().isoformat(), due.hour, due.minute) == ("2026-11-23", 23, 30)
    # The day Today lists it under is the practice's day, not the UTC one (the 24th).
    assert deadline_day(clock.authority_due_at, LOS_ANGELES).isoformat() == "2026-11-23"
    assert clock.authority_due_at.astimezone(UTC).date().isoformat() == "2026-11-24"


def test_a_change_to_summer_time_inside_the_72_hours_keeps_72_real_hours():
    # The UK moves its clocks forward at 01:00 on Sunday 29 March 2026.
    aware = datetime(2026, 3, 27, 10, 0, tzinfo=LONDON)
    clock = breach_clock(aware, ["gdpr"])
    due = local_moment(clock.authority_due_at, LONDON)
    assert (due.day, due.hour, due.utcoffset()) == (30, 11, timedelta(hours=1))
    assert clock.authority_due_at - aware.astimezone(UTC) == timedelta(hours=72)
    # Counted from the local moments too (Python subtracts one zone's times by the clock face).
    left = time_left(due, aware)
    assert (left.hours, left.minutes_of_hour, left.overdue) == (72, 0, False)


def test_hours_left_count_down_and_turn_overdue_the_minute_after():
    aware = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    due = breach_clock(aware, ["gdpr"]).authority_due_at
    left = time_left(due, aware + timedelta(hours=1, minutes=30, seconds=20))
    assert (left.hours, left.minutes_of_hour, left.overdue) == (70, 29, False)
    assert not time_left(due, due).overdue  # due at 10:00 is on time at 10:00
    late = time_left(due, due + timedelta(seconds=1))
    assert late.overdue and (late.hours, late.minutes_of_hour) == (0, 1)
    later = time_left(due, due + timedelta(hours=5, minutes=2))
    assert later.overdue and (later.hours, later.minutes_of_hour) == (5, 2)


def test_pipl_tells_the_authority_and_the_people_immediately():
    aware = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    clock = breach_clock(aware, ["pipl"])
    assert clock.immediate and clock.authority_due_at == aware
    assert clock.persons_due_at(Risk.RISK) == aware  # not only when the risk is high


def test_the_strictest_clock_wins_when_gdpr_and_pipl_are_both_ticked():
    aware = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    clock = breach_clock(aware, ["gdpr", "pipl"])
    assert clock.authority_due_at == aware
    assert sorted(duty.law for duty in clock.authority) == ["GDPR", "PIPL"]


def test_gdpr_tells_clients_without_undue_delay_only_when_the_risk_is_high():
    clock = breach_clock(datetime(2026, 11, 20, 10, 0, tzinfo=UTC), ["gdpr"])
    assert clock.persons_owed(Risk.RISK) == ()
    [duty] = clock.persons_owed(Risk.HIGH)
    assert (duty.due_at, duty.article) == (None, "Art. 34(1)")  # no hours: "without undue delay"
    assert clock.persons_due_at(Risk.HIGH) is None


def test_ccpa_sets_no_authority_clock_and_says_so_instead_of_inventing_one():
    clock = breach_clock(datetime(2026, 11, 20, 10, 0, tzinfo=UTC), ["ccpa"])
    assert clock.authority == () and clock.authority_due_at is None
    [note] = clock.notes
    assert "no deadline" in note and "state breach laws" in note


def test_a_notice_after_the_deadline_needs_the_reason_for_the_delay():
    aware = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    clock = breach_clock(aware, ["gdpr"])
    assert not clock.delay_reason_needed(aware + timedelta(hours=72))
    assert clock.delay_reason_needed(aware + timedelta(hours=72, minutes=1))
    assert not breach_clock(aware, ["ccpa"]).delay_reason_needed(aware + timedelta(days=30))


def test_awareness_in_the_future_or_before_it_happened_is_refused():
    now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    [future] = check_times(happened_at=None, aware_at=now + timedelta(minutes=5), now=now)
    assert future.field == "aware_at" and "future" in future.message
    [backwards] = check_times(happened_at=now, aware_at=now - timedelta(hours=1), now=now)
    assert backwards.field == "happened_at"
    assert check_times(happened_at=now - timedelta(days=2), aware_at=now, now=now) == []


def test_the_steps_come_in_order_and_a_decision_not_to_tell_is_a_step_done():
    def step(**given):
        facts = dict(
            risk=Risk.HIGH,
            authority=Decision.UNDECIDED,
            clients=Decision.UNDECIDED,
            closed=False,
            authority_told=False,
            clients_told=False,
        )
        return next_step(**{**facts, **given})

    assert step(risk=Risk.UNASSESSED) is Step.ASSESS
    assert step() is Step.AUTHORITY
    assert step(authority=Decision.NOTIFY) is Step.AUTHORITY  # decided, not yet sent
    assert step(authority=Decision.NOTIFY, authority_told=True) is Step.CLIENTS
    assert step(authority=Decision.NOT_NOTIFY, clients=Decision.NOT_NOTIFY) is Step.CLOSE
    assert step(closed=True) is Step.CLOSED


@pytest.mark.parametrize(
    ("states", "required", "form", "holds"),
    [
        ((ConsentState.GIVEN, ConsentState.WITHDRAWN), True, SharingForm.IDENTIFIED, True),
        ((ConsentState.REFUSED,), True, SharingForm.IDENTIFIED, False),
        ((), True, SharingForm.PSEUDONYMISED, False),
        ((), False, SharingForm.PSEUDONYMISED, True),
        ((ConsentState.GIVEN,), True, SharingForm.ANONYMISED, False),
    ],
)
def test_a_vendor_holds_a_clients_data_once_it_was_sent(states, required, form, holds):
    assert vendor_may_hold(states, consent_required=required, form=form) is holds
