"""Errors the domain rules raise for mistakes a person can correct.

An error is raised with its sentence as an English template marked with ``N_`` and the
template's parameters::

    raise ValidationError("phone", N_("{entered} is not a phone number."), entered=quote_input(x))

``str(error)`` is the English sentence, as the command line and the log show it; the window
shows ``error.text(translate)``, the same sentence in its own language (app/ui/text.py).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

_QUOTE_LIMIT = 40
Translate = Callable[[str], str]


def N_(message: str) -> str:
    """Marks English text for translation where it is written (`pybabel extract -k N_`).

    The same marker as app.i18n.N_, which the domain may not import.
    """
    return message


def as_written(message: str) -> str:
    return message


class Phrase:
    """English text with ``{name}`` placeholders and their values, shown in any language.

    A value that is itself a Phrase (a field's name, a kind of mistake) is translated with
    the text around it; any other value (quoted input, a number, a file name) is shown as given.
    Without values the text is taken literally: braces in it are not placeholders.
    """

    __slots__ = ("params", "template")

    def __init__(self, template: str, /, **params: object) -> None:
        self.template = template
        self.params = params

    def text(self, translate: Translate = as_written) -> str:
        if not self.params:
            return translate(self.template)
        values = {
            name: value.text(translate) if isinstance(value, Phrase) else value
            for name, value in self.params.items()
        }
        try:
            return translate(self.template).format(**values)
        except (KeyError, IndexError, ValueError):  # a translation that lost a placeholder
            return self.template.format(**values)

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        return f"Phrase({self.template!r}, **{self.params!r})"


def field_label(field: str) -> Phrase:
    """A field's name in a sentence, "postal_code" -> "postal code", translated where shown.

    The module naming the field marks its label with N_ so that a translation is made.
    """
    return Phrase(field.replace("_", " "))


def join_sentences(sentences: Iterable[str]) -> str:
    """Sentences one after another: a space after an English full stop, none after "。"."""
    joined = ""
    for sentence in sentences:
        if joined and not joined.endswith(("。", "！", "？")):
            joined += " "
        joined += sentence
    return joined


class DomainError(Exception):
    """A known, user-facing error; ``str()`` is one English sentence on one line.

    ``message`` is a template when ``params`` are given (see Phrase); ``text(translate)``
    gives the sentence in another language.
    """

    def __init__(self, message: str = "", /, **params: object) -> None:
        self.phrase = Phrase(message, **params)
        super().__init__(self.phrase.text())

    def text(self, translate: Translate = as_written) -> str:
        return self.phrase.text(translate)


class ValidationError(DomainError):
    """A value entered in ``field`` was refused; ``message`` says why and what to do."""

    def __init__(self, field: str, message: str, /, **params: object) -> None:
        super().__init__(message, **params)
        self.field = field
        self.message = self.phrase.text()

    def __str__(self) -> str:
        return self.message


class ReferenceCodeError(ValidationError):
    """A client reference code was mistyped or malformed."""

    def __init__(self, message: str, /, **params: object) -> None:
        super().__init__("reference", message, **params)


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
