"""The window's `_`: the shared gettext catalogue in the language chosen at start."""

from __future__ import annotations

from app.domain.errors import DomainError
from app.i18n import N_, translator

_current = translator("en")
_language = "en"


def set_language(language: str) -> None:
    """Choose the window language; takes effect for widgets built afterwards."""
    global _current, _language
    _current = translator(language)
    _language = language


def language() -> str:
    return _language


def _(message: str) -> str:
    return _current(message)


def error_text(error: BaseException) -> str:
    """What a refusal says, in the window language; ``str(error)`` stays English for the log.

    A known error translates its sentence and the phrases in it; quoted input, numbers and
    file names are shown as given. Anything else (a bug, an OSError) is shown as ``str()``.
    """
    if isinstance(error, DomainError):
        return error.text(_current)
    return str(error)


def purpose_text(row) -> str:
    """A purpose's label in the window language (records keep both languages)."""
    chinese = getattr(row, "purpose_zh", "")
    return chinese if _language == "zh" and chinese else row.purpose


__all__ = ["N_", "_", "error_text", "language", "purpose_text", "set_language"]
