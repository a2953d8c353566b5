"""The printed register of rights requests as frozen data: what the PDF and the CSV show, in
the document's language already (services/request_register_inputs builds it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.documents.data import PracticeInfo


@dataclass(frozen=True)
class RegisterStep:
    label: str  # "Identity checked", translated
    day: date  # the practice's local day it happened
    detail: str = ""  # "passport", "until 2 Mar 2027": short, human or translated


@dataclass(frozen=True)
class RegisterEntry:
    number: int
    kind: str  # the kind's short name, translated
    who: str  # the reference code and name; an erased client's code only; a caller's details
    channel: str  # translated
    received_on: date
    received_clock: str  # "14:05", in the practice's zone
    due_on: date  # the day owed now (the extended day once extended)
    extended: bool
    status: str  # translated, with the outcome once completed
    overdue: bool
    steps: tuple[RegisterStep, ...]
    notes: tuple[tuple[str, str], ...]  # (label, human text): topic, note, reasons, response


@dataclass(frozen=True)
class RequestRegisterData:
    lang: str
    practice: PracticeInfo
    issued_on: date
    shown: str  # the filter in words: "Open requests · every kind"
    total: int
    open: int
    overdue: int
    completed: int
    entries: tuple[RegisterEntry, ...]
