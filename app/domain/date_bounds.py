"""How far back and ahead a date typed by a person may lie, so a slip (0001, 9999) is caught.

Pure rules: `now` and `today` are passed in. Each bound says why it is where it is.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.domain.errors import N_, ValidationError

# Request records are kept at least 24 months (DESIGN.md section 5): a request older than
# that is past its own retention, and logging one now is a typo in the year, not a request.
RECEIVED_AT_MOST_AGO = timedelta(days=2 * 366)
# A published version freezes what the notice says today (its vendors, its sharings); one
# announced more than a year ahead would describe a practice that will have changed by then,
# and clients would be told of a change long before it happens. A year covers any real
# notice period (contracts and laws give weeks or months).
EFFECTIVE_AT_MOST_AHEAD = timedelta(days=366)


def check_received_at(field: str, received_at: datetime, now: datetime) -> None:
    """A request's time of arrival: not in the future, not before its records would be kept."""
    if received_at > now:
        raise ValidationError(field, N_("The request cannot be received in the future."))
    if received_at < now - RECEIVED_AT_MOST_AGO:
        raise ValidationError(
            field,
            N_("{date} is more than two years ago, longer than requests are kept; check the year."),
            date=received_at.date().isoformat(),
        )


def check_effective_on(field: str, effective: date, today: date) -> None:
    """A new notice version's effective date: from today to a year ahead."""
    if effective < today:
        raise ValidationError(
            field,
            N_("A new notice cannot take effect before it is published ({today})."),
            today=today.isoformat(),
        )
    if effective > today + EFFECTIVE_AT_MOST_AHEAD:
        raise ValidationError(
            field,
            N_(
                "{date} is more than a year ahead; publish a notice at most a year before "
                "it takes effect."
            ),
            date=effective.isoformat(),
        )


def check_last_session(field: str, last_session: date, today: date, client_since: date) -> None:
    """The day a client stopped (their last session, asked when archiving): not in the future,
    not before they became a client; their retention periods count from it."""
    if last_session > today:
        raise ValidationError(field, N_("The last session cannot be in the future."))
    if last_session < client_since:
        raise ValidationError(
            field,
            N_("The last session cannot be before the client was added ({date})."),
            date=client_since.isoformat(),
        )
