"""Which letter a rights request's step calls for, and when a letter cannot be written yet.

The acknowledgement confirms receipt, the extension notice tells the new date and why, the
answer says what was done (or why not) and where to complain. One rule, used by the window's
"Letter…" button, the `export request-letter` command and the builders that refuse.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from app.domain.errors import N_, ValidationError


class RequestLetter(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    EXTENSION = "extension"
    ANSWER = "answer"


def letter_for_step(*, extended_until: date | None, completed_at: datetime | None) -> RequestLetter:
    """The letter the request's latest step calls for: the answer once completed, the
    extension notice once extended, else the acknowledgement."""
    if completed_at is not None:
        return RequestLetter.ANSWER
    if extended_until is not None:
        return RequestLetter.EXTENSION
    return RequestLetter.ACKNOWLEDGEMENT


def letter_problem(
    letter: RequestLetter,
    request_id: int,
    *,
    matched: bool,
    extended_until: date | None,
    completed_at: datetime | None,
) -> ValidationError | None:
    """Why `letter` cannot be written for the request now, in one sentence, or None."""
    letter = RequestLetter(letter)
    if not matched:
        return ValidationError(
            "request",
            N_(
                "Request {request} is not matched to a client yet: match the caller first, "
                "then print the letter."
            ),
            request=request_id,
        )
    if letter is RequestLetter.EXTENSION and extended_until is None:
        return ValidationError(
            "request",
            N_(
                "Request {request} has no extension on record: record the extension first, "
                "then print its notice."
            ),
            request=request_id,
        )
    if letter is RequestLetter.ANSWER and completed_at is None:
        return ValidationError(
            "request",
            N_(
                "Request {request} is not completed yet: record its outcome first, then "
                "print the answer."
            ),
            request=request_id,
        )
    return None
