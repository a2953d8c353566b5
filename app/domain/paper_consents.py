"""A list of consents already collected on paper (client, vendor, purpose, date, answer),
read as a person would have filled it in: the columns guessed from their headers, the
answers and dates in the forms people write them.

Pure: a `ContactTable` (domain.contact_files reads the CSV or XLSX) and text in, columns,
states and dates out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from app.domain.enums import ConsentState
from app.domain.errors import N_


class ConsentColumn(StrEnum):
    """What a column of the list holds; IGNORE leaves it out."""

    IGNORE = ""
    CLIENT = "client"  # the reference code or the email on record
    VENDOR = "vendor"
    PURPOSE = "purpose"  # needed only where the vendor receives data for several purposes
    DATE = "date"  # the day the form was signed
    ANSWER = "answer"


COLUMN_LABELS = {
    ConsentColumn.IGNORE: N_("(not imported)"),
    ConsentColumn.CLIENT: N_("Client (reference code or email)"),
    ConsentColumn.VENDOR: N_("Vendor"),
    ConsentColumn.PURPOSE: N_("Purpose"),
    ConsentColumn.DATE: N_("Date signed"),
    ConsentColumn.ANSWER: N_("Answer"),
}
REQUIRED_COLUMNS = (
    ConsentColumn.CLIENT,
    ConsentColumn.VENDOR,
    ConsentColumn.DATE,
    ConsentColumn.ANSWER,
)

# Headers folded by `_key` (letters and digits only, casefolded), English, German, Chinese.
_HEADERS: dict[ConsentColumn, tuple[str, ...]] = {
    ConsentColumn.CLIENT: (
        "client", "clientref", "reference", "referencecode", "ref", "code", "email", "emailaddress",
        "kunde", "kundin", "referenz", "客户", "客户编号", "编号", "邮箱", "电子邮件",
    ),
    ConsentColumn.VENDOR: (
        "vendor", "service", "serviceprovider", "provider", "company", "recipient", "anbieter",
        "dienstleister", "empfänger", "服务商", "供应商", "接收方",
    ),
    ConsentColumn.PURPOSE: ("purpose", "for", "zweck", "用途", "目的"),
    ConsentColumn.DATE: (
        "date", "signed", "signedon", "datesigned", "day", "datum", "unterschrieben", "日期",
        "签署日期", "签字日期",
    ),
    ConsentColumn.ANSWER: (
        "answer", "consent", "consented", "agreed", "yesno", "choice", "antwort", "einwilligung",
        "zustimmung", "同意", "是否同意", "答复", "选择",
    ),
}  # fmt: skip

# Answers compared whole after casefolding and trimming ("不同意" is not "同意").
_GIVEN = {"yes", "y", "given", "agree", "agreed", "consent", "consented", "x", "✓", "✔", "true",
          "1", "ja", "j", "oui", "是", "同意", "愿意", "好"}  # fmt: skip
_REFUSED = {"no", "n", "refused", "declined", "decline", "not given", "false", "0", "nein",
            "non", "否", "不", "不同意", "拒绝", "不愿意"}  # fmt: skip

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_CHINESE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")  # German: day first
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def _key(header: str) -> str:
    return "".join(character for character in header.casefold() if character.isalnum())


def guess_columns(columns: Sequence[str]) -> tuple[ConsentColumn, ...]:
    """What each column holds, from its header; each kind goes to the first column that fits."""
    known = {_key(h): kind for kind, headers in _HEADERS.items() for h in headers}
    taken: set[ConsentColumn] = set()
    guessed = []
    for column in columns:
        kind = known.get(_key(column), ConsentColumn.IGNORE)
        if kind in taken:
            kind = ConsentColumn.IGNORE
        taken.add(kind)
        guessed.append(kind)
    return tuple(guessed)


def missing_columns(mapping: Sequence[ConsentColumn]) -> tuple[ConsentColumn, ...]:
    """The columns a list must have that the mapping does not name."""
    return tuple(kind for kind in REQUIRED_COLUMNS if kind not in mapping)


def answer_state(text: str) -> ConsentState | None:
    """Given or refused, from the words a form's box was filled in with; None if unclear."""
    folded = " ".join(text.casefold().split())
    if folded in _GIVEN:
        return ConsentState.GIVEN
    if folded in _REFUSED:
        return ConsentState.REFUSED
    return None


def signed_on(text: str, *, month_first: bool) -> date | None:
    """The day a form was signed, written as ISO, year first, in Chinese, German dotted or
    with slashes; slashes are read month first only where the practice's country writes them
    so (the United States), since 03/04/2026 means both. None when it is no date."""
    text = text.strip()
    parts: tuple[str, str, str] | None = None
    for pattern in (_ISO, _YEAR_FIRST, _CHINESE):
        if match := pattern.match(text):
            parts = (match[1], match[2], match[3])
            break
    else:
        if match := _DOTTED.match(text):
            parts = (match[3], match[2], match[1])
        elif match := _SLASHED.match(text):
            first, second = match[1], match[2]
            month, day = (first, second) if month_first else (second, first)
            parts = (match[3], month, day)
    if parts is None:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None
