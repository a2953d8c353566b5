"""A sharing is paused from the moment a restriction or objection pauses it until the last
pause on it is lifted; completing such a request says why a pause stays."""

from __future__ import annotations

from datetime import UTC, datetime

from app.domain.enums import RequestKind
from app.domain.pauses import PauseFact, lift_reason_problem, pause_holding, pauses_sharings
from app.domain.requests import Outcome, outcome_problem

MAY_1 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
MAY_5 = datetime(2026, 5, 5, 9, 0, tzinfo=UTC)
MAY_9 = datetime(2026, 5, 9, 9, 0, tzinfo=UTC)
MAY_20 = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)
NEWSLETTER, BOOKINGS = 3, 4


def test_a_sharing_is_paused_from_the_moment_of_the_pause_and_not_before():
    pause = PauseFact(request_id=7, sharing_id=NEWSLETTER, paused_at=MAY_5)
    assert pause_holding([pause], NEWSLETTER, MAY_1) is None
    assert pause_holding([pause], NEWSLETTER, MAY_5) == pause
    assert pause_holding([pause], NEWSLETTER, MAY_20) == pause


def test_a_pause_holds_one_sharing_only():
    pause = PauseFact(request_id=7, sharing_id=NEWSLETTER, paused_at=MAY_5)
    assert pause_holding([pause], BOOKINGS, MAY_20) is None


def test_a_lifted_pause_no_longer_holds_from_the_moment_it_was_lifted():
    pause = PauseFact(request_id=7, sharing_id=NEWSLETTER, paused_at=MAY_5, lifted_at=MAY_9)
    assert pause_holding([pause], NEWSLETTER, datetime(2026, 5, 8, tzinfo=UTC)) == pause
    assert pause_holding([pause], NEWSLETTER, MAY_9) is None
    assert pause_holding([pause], NEWSLETTER, MAY_20) is None


def test_with_several_requests_the_sharing_stays_paused_until_each_is_lifted():
    restriction = PauseFact(request_id=7, sharing_id=NEWSLETTER, paused_at=MAY_5, lifted_at=MAY_20)
    objection = PauseFact(request_id=9, sharing_id=NEWSLETTER, paused_at=MAY_9)
    pauses = [objection, restriction]
    assert pause_holding(pauses, NEWSLETTER, MAY_9) == restriction  # the first named, "since"
    assert pause_holding(pauses, NEWSLETTER, MAY_20) == objection
    lifted = PauseFact(request_id=9, sharing_id=NEWSLETTER, paused_at=MAY_9, lifted_at=MAY_20)
    assert pause_holding([restriction, lifted], NEWSLETTER, MAY_20) is None


def test_only_restriction_and_objection_requests_pause_sharings():
    assert {kind for kind in RequestKind if pauses_sharings(kind)} == {
        RequestKind.RESTRICTION,
        RequestKind.OBJECTION,
    }


def test_a_pause_is_lifted_only_with_the_reason_the_client_is_sent():
    assert lift_reason_problem("  ").field == "lift_reason"
    assert lift_reason_problem("x" * 2001).field == "lift_reason"
    assert lift_reason_problem("Accuracy verified with the client on the phone.") is None


def _problem(outcome, reason, pauses):
    return outcome_problem(
        RequestKind.OBJECTION, outcome, reason, identity_checked=True, open_pauses=pauses
    )


def test_a_request_with_every_pause_lifted_completes_as_any_other():
    assert _problem(Outcome.DONE, "", 0) is None


def test_a_pause_that_stays_after_completion_needs_the_reason_the_client_is_sent():
    assert _problem(Outcome.DONE, "", 1).field == "outcome_reason"  # under the dialog's field
    assert _problem(Outcome.PARTLY, "", 2).field == "outcome_reason"
    assert _problem(Outcome.DONE, "Objection upheld: the newsletter gets nothing more.", 1) is None


def test_a_refusal_with_a_pause_still_on_is_refused_until_the_pause_is_lifted():
    assert _problem(Outcome.REFUSED, "Compelling legitimate grounds.", 1).field == "pauses"
    assert _problem(Outcome.REFUSED, "Compelling legitimate grounds.", 0) is None
