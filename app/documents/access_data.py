"""Frozen input of the access report (issue 13): a client's data, already in words and in the
report's language. Built by services/access_export from the package's sections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.documents.data import ClientInfo, PracticeInfo


@dataclass(frozen=True)
class RecipientLine:
    """One vendor and purpose the client's data goes to (or went to, or would with consent)."""

    vendor: str
    purpose: str
    receives: tuple[str, ...]  # the categories, in words
    basis: str  # the legal basis, in words
    stored_in: str  # the countries, in words
    consent: str  # the client's answer, in words ("Given, 3 Nov 2026", "Not needed")
    flowing: bool  # the vendor receives the client's data now
    since: str = ""  # since when it does, in words ("" when it does not)


@dataclass(frozen=True)
class ReportTable:
    """One record type as a table: its title, the headings and the cells in words."""

    key: str  # the section's key: the JSON list and CSV file with every column
    title: str
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    one_record: bool = False  # fields one under the other (the client's own record)


@dataclass(frozen=True)
class AccessReportData:
    lang: str
    practice: PracticeInfo
    client: ClientInfo
    issued_on: date
    recipients: tuple[RecipientLine, ...]
    tables: tuple[ReportTable, ...]
    files: tuple[str, ...] = ()  # the package's other files, by path
