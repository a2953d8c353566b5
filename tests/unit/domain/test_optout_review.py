"""The opt-out path's review judged: each way offered tested, the notice naming the same ways,
every vendor reached and bound to act; the next review a year on."""

from __future__ import annotations

from datetime import date

from app.domain.enums import Channel
from app.domain.optout_review import (
    ChannelTest,
    Finding,
    FindingKind,
    next_review_on,
    offered_channels,
    review_due_on,
    review_findings,
)

DAY = date(2026, 11, 20)
EVERY_WAY = (Channel.EMAIL, Channel.PHONE, Channel.POST, Channel.VERBAL_IN_PERSON)


def passed(channel: Channel) -> ChannelTest:
    return ChannelTest(channel, DAY, arrived=True, confirmed=True)


def findings(**facts) -> tuple[Finding, ...]:
    arguments = {
        "offered": EVERY_WAY,
        "notice_channels": EVERY_WAY,
        "tests": tuple(passed(channel) for channel in EVERY_WAY),
        "vendors_not_reached": (),
        "vendors_without_clause": (),
    }
    return review_findings(**(arguments | facts))


def test_post_and_in_person_are_always_offered_the_others_when_the_practice_has_them():
    assert offered_channels(online_url="", email="", phone="") == (
        Channel.POST,
        Channel.VERBAL_IN_PERSON,
    )
    assert offered_channels(
        online_url="https://x.example/out", email="a@x.example", phone=" 1 "
    ) == (
        Channel.ONLINE,
        Channel.EMAIL,
        Channel.PHONE,
        Channel.POST,
        Channel.VERBAL_IN_PERSON,
    )
    assert Channel.PHONE not in offered_channels(online_url="", email="a@x.example", phone="  ")


def test_every_way_tested_and_named_with_every_vendor_bound_finds_nothing():
    assert findings() == ()


def test_a_way_not_tested_and_a_test_that_was_never_confirmed_are_each_found():
    tests = (
        passed(Channel.EMAIL),
        ChannelTest(Channel.PHONE, DAY, arrived=True, confirmed=False),
        passed(Channel.POST),
        ChannelTest(Channel.VERBAL_IN_PERSON, None),
    )
    assert findings(tests=tests) == (
        Finding(FindingKind.TEST_FAILED, "phone"),
        Finding(FindingKind.NOT_TESTED, "in-person"),
    )


def test_a_notice_published_before_the_phone_line_and_still_naming_the_old_page_is_found():
    notice = (Channel.ONLINE, Channel.EMAIL, Channel.POST, Channel.VERBAL_IN_PERSON)
    assert findings(notice_channels=notice) == (
        Finding(FindingKind.NOTICE_LACKS, "phone"),
        Finding(FindingKind.NOTICE_STALE, "online"),
    )


def test_no_published_notice_means_clients_are_told_no_way_at_all():
    assert Finding(FindingKind.NO_NOTICE) in findings(notice_channels=None)


def test_vendors_not_reached_or_without_the_clause_are_named():
    assert findings(vendors_not_reached=("Postbird",), vendors_without_clause=("TrainLoop",)) == (
        Finding(FindingKind.NOT_REACHED, "Postbird"),
        Finding(FindingKind.NO_CLAUSE, "TrainLoop"),
    )


def test_the_next_review_is_a_year_on_and_a_leap_day_falls_back_to_the_last_of_february():
    assert next_review_on(DAY) == date(2027, 11, 20)
    assert next_review_on(date(2028, 2, 29)) == date(2029, 2, 28)
    assert next_review_on(DAY, 6) == date(2027, 5, 20)


def test_the_first_review_is_due_once_a_notice_is_out_and_then_when_the_last_one_said():
    assert review_due_on(next_due_on=None, first_published_on=None) is None
    assert review_due_on(next_due_on=None, first_published_on=DAY) == DAY
    assert review_due_on(next_due_on=date(2027, 11, 20), first_published_on=DAY) == date(
        2027, 11, 20
    )
