"""The opt-out path reviewed (issue 14): every way the practice offers to opt out tested by a
request made through it, the notice naming those ways, every vendor reached and bound by its
contract to act on opt-outs. Pure: the services gather the facts, these rules judge them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from app.domain.business_days import add_calendar_months
from app.domain.enums import Channel

# Yearly unless the practice picks another date when it records a review.
REVIEW_INTERVAL_MONTHS = 12


def offered_channels(*, online_url: str, email: str, phone: str) -> tuple[Channel, ...]:
    """The ways a client can opt out, in the order the notice lists them: the practice's
    online page, email and phone when it has them; post and in person always (the notice's
    address and "ask us for a form")."""
    offered = []
    if online_url.strip():
        offered.append(Channel.ONLINE)
    if email.strip():
        offered.append(Channel.EMAIL)
    if phone.strip():
        offered.append(Channel.PHONE)
    return (*offered, Channel.POST, Channel.VERBAL_IN_PERSON)


@dataclass(frozen=True)
class ChannelTest:
    """A test request made through one channel by the coach or a colleague, never a client.

    It is not logged as a request (that would put a test in every count and letter): what
    logging does, the withdrawal and the vendors' tasks, is rehearsed by the app and undone.
    """

    channel: Channel
    tested_on: date | None  # None: not tested in this review
    arrived: bool = False  # it reached the practice through that channel
    confirmed: bool = False  # the confirmation a client would get went back to the sender

    @property
    def passed(self) -> bool:
        return self.tested_on is not None and self.arrived and self.confirmed


class FindingKind(StrEnum):
    NO_NOTICE = "no_notice"  # nothing published tells clients how to opt out
    NOT_TESTED = "not_tested"  # a channel offered, with no test request this time
    TEST_FAILED = "test_failed"  # the test request got lost on the way
    NOTICE_LACKS = "notice_lacks"  # offered now, but the published notice does not say so
    NOTICE_STALE = "notice_stale"  # the notice names a way the practice no longer offers
    NOT_REACHED = "not_reached"  # an opt-out of everything gave this vendor no task
    NO_CLAUSE = "no_clause"  # the vendor's contract has no opt-out handling clause


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    subject: str = ""  # the channel's value or the vendor's name


def review_findings(
    *,
    offered: Sequence[Channel],
    notice_channels: Sequence[Channel] | None,
    tests: Sequence[ChannelTest],
    vendors_not_reached: Sequence[str],
    vendors_without_clause: Sequence[str],
) -> tuple[Finding, ...]:
    """What needs acting on, in the order the review dialog asks about it; none: it passed.

    `notice_channels` are the ways the newest published notice names (None: none published).
    """
    findings: list[Finding] = []
    tested = {test.channel: test for test in tests}
    for channel in offered:
        test = tested.get(channel)
        if test is None or test.tested_on is None:
            findings.append(Finding(FindingKind.NOT_TESTED, channel.value))
        elif not test.passed:
            findings.append(Finding(FindingKind.TEST_FAILED, channel.value))
    if notice_channels is None:
        findings.append(Finding(FindingKind.NO_NOTICE))
    else:
        findings += [
            Finding(FindingKind.NOTICE_LACKS, c.value) for c in offered if c not in notice_channels
        ]
        findings += [
            Finding(FindingKind.NOTICE_STALE, c.value) for c in notice_channels if c not in offered
        ]
    findings += [Finding(FindingKind.NOT_REACHED, name) for name in vendors_not_reached]
    findings += [Finding(FindingKind.NO_CLAUSE, name) for name in vendors_without_clause]
    return tuple(findings)


def next_review_on(reviewed_on: date, months: int = REVIEW_INTERVAL_MONTHS) -> date:
    """When the next review falls due: the same day `months` later (month-end clamped)."""
    return add_calendar_months(reviewed_on, months)


def review_due_on(*, next_due_on: date | None, first_published_on: date | None) -> date | None:
    """The date Today shows the review from: the one the last review set; with none yet, the
    day the first notice was published (the path exists from then); None before that."""
    if next_due_on is not None:
        return next_due_on
    return first_published_on
