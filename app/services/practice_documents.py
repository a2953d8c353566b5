"""Making the practice's own records (document kinds for Recipient.PRACTICE): the record of
processing as PDF, CSV or XLSX, and the incident response plan as PDF.

Read and laid out in one transaction, like one document for a client; with `save_to` the file
is written whole before its GeneratedDocument record commits, so a failure leaves neither.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from app.documents.ropa_table import ropa_csv, ropa_xlsx
from app.domain.errors import N_, ValidationError
from app.persistence.database import unit_of_work
from app.persistence.store import Store
from app.services.document_context import Addressee, read_context
from app.services.document_kinds import DocumentKind, Recipient, kind_named
from app.services.documents import lay_out, record, saved_before_commit
from app.services.practice_records import PracticeRecords
from app.services.rows import RenderedDocument


class Format(StrEnum):
    PDF = "pdf"
    CSV = "csv"
    XLSX = "xlsx"


SPREADSHEETS = {Format.CSV: ropa_csv, Format.XLSX: ropa_xlsx}
ABOUT = Addressee("practice")


def formats_of(kind: DocumentKind | str) -> tuple[Format, ...]:
    """The formats a kind is made in: a PDF, and spreadsheets where it declares tables."""
    kind = kind_named(kind)
    tables = kind.command is not None and kind.command.tables
    return (Format.PDF, Format.CSV, Format.XLSX) if tables else (Format.PDF,)


def format_of(kind: DocumentKind | str, path: Path) -> Format:
    """The format a file name asks for, from its suffix; refused in one sentence otherwise."""
    kind = kind_named(kind)
    allowed = formats_of(kind)
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in {chosen.value for chosen in allowed}:
        names = ", ".join(f".{chosen.value}" for chosen in allowed)
        raise ValidationError(
            "out", N_("Name a file ending in {suffixes}, not {name}."), suffixes=names,
            name=f"'{path.name}'",
        )  # fmt: skip
    return Format(suffix)


def make_practice_document(
    store: Store,
    kind: DocumentKind | str,
    *,
    fmt: Format = Format.PDF,
    lang: str | None = None,
    paper: str | None = None,
    backup_folder: Path | None = None,
    now: datetime | None = None,
    invariant: bool = False,
    save_to: Path | None = None,
) -> RenderedDocument:
    """One of the practice's records. Without `save_to` nothing is recorded (a preview)."""
    kind = kind_named(kind)
    if not kind.is_for(Recipient.PRACTICE):
        raise ValueError(f"{kind.name!r} is not one of the practice's own records")
    if fmt not in formats_of(kind):
        raise ValueError(f"{kind.name!r} is not made as {fmt.value}")
    now = now or datetime.now(UTC)
    subject = PracticeRecords(
        encrypted=store.encrypted,
        backup_folder=str(backup_folder or store.paths.backups),
    )
    with saved_before_commit() as save, unit_of_work(store.engine) as session:
        context = read_context(session, lang=lang, paper=paper, now=now)
        if fmt is Format.PDF:
            document = lay_out(kind, context, subject)
            pdf = document.render(invariant=invariant)
            data, pages, lang_used = pdf.data, pdf.page_count, document.lang
        else:
            built = kind.build(context, subject)
            data, pages, lang_used = SPREADSHEETS[fmt](built), 0, built.lang
        name = f"{kind.file_stem}-{lang_used}.{fmt.value}"
        if save_to is None:
            digest, ids = hashlib.sha256(data).hexdigest(), ()
        else:
            digest, ids = record(session, [(kind, ABOUT, pages)], data, None, name, now)
            save([(save_to, data)])
        return RenderedDocument(
            kind=kind.name, data=data, pages=pages, sha256=digest, file_name=name,
            client_refs=(), notice_version=None, document_ids=ids,
        )  # fmt: skip


def record_data(store: Store, kind: DocumentKind | str, *, lang: str | None = None,
                now: datetime | None = None):  # fmt: skip
    """The frozen input a practice record is made from (RopaData, IncidentPlanData), for
    checks: nothing rendered or recorded."""
    kind = kind_named(kind)
    now = now or datetime.now(UTC)
    subject = PracticeRecords(encrypted=store.encrypted, backup_folder=str(store.paths.backups))
    with unit_of_work(store.reader) as session:
        return kind.build(read_context(session, lang=lang, now=now), subject)
