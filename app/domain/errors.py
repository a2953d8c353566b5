"""Errors the domain rules raise for mistakes a person can correct."""

import unicodedata

_QUOTE_LIMIT = 40


class DomainError(Exception):
    """A known, user-facing error; ``str()`` is one sentence on one line."""


class ValidationError(DomainError):
    """A value entered in ``field`` was refused; ``message`` says why and what to do."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return self.message


class ReferenceCodeError(ValidationError):
    """A client reference code was mistyped or malformed."""

    def __init__(self, message: str) -> None:
        super().__init__("reference", message)


def quote_input(text: str) -> str:
    """Quote what a person typed for an error message: one line, short, controls made visible.

    Messages must stay one line even when the input holds a newline, and must stay readable
    when someone pastes a page of text into a field.
    """
    visible = "".join(
        "\N{REPLACEMENT CHARACTER}" if unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp") else ch
        for ch in text
    )
    if len(visible) > _QUOTE_LIMIT:
        visible = visible[: _QUOTE_LIMIT - 1] + "\N{HORIZONTAL ELLIPSIS}"
    return f"'{visible}'"
