"""Which letter a rights request's step calls for, and the one sentence that refuses a letter
its record does not support yet."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.domain.request_letters import RequestLetter, letter_for_step, letter_problem

EXTENDED = date(2027, 2, 22)
DONE = datetime(2026, 12, 1, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("extended_until", "completed_at", "letter"),
    [
        (None, None, RequestLetter.ACKNOWLEDGEMENT),
        (EXTENDED, None, RequestLetter.EXTENSION),
        (None, DONE, RequestLetter.ANSWER),
        (EXTENDED, DONE, RequestLetter.ANSWER),
    ],
)
def test_the_latest_step_calls_for_its_letter(extended_until, completed_at, letter):
    assert letter_for_step(extended_until=extended_until, completed_at=completed_at) is letter


def test_an_extension_notice_without_an_extension_on_record_is_refused_in_one_sentence():
    problem = letter_problem(
        RequestLetter.EXTENSION, 4, matched=True, extended_until=None, completed_at=None
    )
    assert problem is not None and problem.field == "request"
    assert str(problem) == (
        "Request 4 has no extension on record: record the extension first, then print its notice."
    )


def test_an_answer_before_the_outcome_is_recorded_is_refused():
    problem = letter_problem(
        RequestLetter.ANSWER, 4, matched=True, extended_until=EXTENDED, completed_at=None
    )
    assert problem is not None and "not completed yet" in str(problem)


@pytest.mark.parametrize("letter", list(RequestLetter))
def test_no_letter_goes_to_a_caller_not_yet_matched_to_a_client(letter):
    problem = letter_problem(letter, 4, matched=False, extended_until=EXTENDED, completed_at=DONE)
    assert problem is not None and "not matched to a client" in str(problem)


@pytest.mark.parametrize("letter", list(RequestLetter))
def test_every_letter_may_be_written_once_its_step_is_on_record(letter):
    assert (
        letter_problem(letter, 4, matched=True, extended_until=EXTENDED, completed_at=DONE) is None
    )
