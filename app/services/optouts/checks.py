"""What an opt-out request must say before it is recorded, and the refusals when it does not."""

from __future__ import annotations

from datetime import date, datetime

from app.domain.date_bounds import check_received_at
from app.domain.enums import Channel, OptOutScope
from app.domain.errors import DomainError, ValidationError, field_label
from app.domain.validation import validate_text
from app.i18n import N_
from app.services.errors import InvalidInput

LIMITS = {"caller_details": 1000, "note": 4000, "form_reference": 20}


FIELD_LABELS = (
    N_("caller details"),
    N_("note"),
    N_("form reference"),
    N_("method"),
    N_("decision"),
    N_("reason"),
)


class DuplicateOptOut(DomainError):
    """The same client and scope were already logged that day; ``first_request_id`` says where."""

    def __init__(self, first_request_id: int, received_on: date) -> None:
        self.first_request_id = first_request_id
        super().__init__(
            N_(
                "This opt-out was already logged for {date} as request {request}; "
                "open that request instead of logging it twice."
            ),
            date=received_on.isoformat(),
            request=first_request_id,
        )


def checked_fields(
    *,
    has_client: bool,
    caller_details: str,
    channel: Channel | str,
    scope: OptOutScope | str,
    chosen: bool,
    received_at: datetime,
    note: str,
    form_reference: str,
    now: datetime,
) -> tuple[Channel, OptOutScope]:
    problems: list[ValidationError] = []
    try:
        channel = Channel(channel)
    except ValueError:
        choices = ", ".join(c.value for c in Channel)
        problems.append(
            ValidationError("channel", N_("The channel is one of {choices}."), choices=choices)
        )
    try:
        scope = OptOutScope(scope)
    except ValueError:
        problems.append(ValidationError("scope", N_("The scope is all, marketing or chosen.")))
    if not has_client and not caller_details.strip():
        problems.append(
            ValidationError(
                "client", N_("Choose the client, or note the caller's name and details.")
            )
        )
    if received_at.tzinfo is None:
        problems.append(ValidationError("received_at", N_("Give the time received with its zone.")))
    else:
        try:
            check_received_at("received_at", received_at, now)
        except ValidationError as problem:
            problems.append(problem)
    if scope == OptOutScope.CHOSEN and not chosen:
        problems.append(ValidationError("scope", N_("Choose at least one vendor or sharing.")))
    if scope != OptOutScope.CHOSEN and chosen:
        problems.append(
            ValidationError("scope", N_("Vendors are chosen only when the scope is 'chosen'."))
        )
    for field, value, multiline in (
        ("caller_details", caller_details, False),
        ("note", note, True),
        ("form_reference", form_reference, False),
    ):
        try:
            validate_text(field, value, max_length=LIMITS[field], multiline=multiline)
        except ValidationError as problem:
            problems.append(problem)
    if problems:
        raise InvalidInput(problems)
    return Channel(channel), OptOutScope(scope)


def choice(field: str, value, kind):
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(member.value for member in kind)
        raise ValidationError(
            field,
            N_("The {label} is one of {choices}."),
            label=field_label(field),
            choices=choices,
        ) from None


def not_future(field: str, moment: datetime, now: datetime) -> None:
    if moment.tzinfo is None:
        raise ValidationError(field, N_("Give the time with its zone."))
    if moment > now:
        raise ValidationError(field, N_("That time is in the future."))
