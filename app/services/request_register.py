"""The register of rights requests exported as a PDF or a CSV, with the Requests page's filters
(the window's "Export PDF…" and `export requests`).

Read and laid out in one transaction; with `save_to` the file is written whole (a temporary
file renamed over its name) before its GeneratedDocument record commits, so a failure leaves
neither a half file nor a record of one.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from app.documents.request_register import register_csv
from app.domain.enums import RequestKind
from app.domain.errors import N_, ValidationError
from app.persistence.database import unit_of_work
from app.persistence.store import Store
from app.services.document_context import Addressee, read_context
from app.services.document_kinds import REQUEST_REGISTER
from app.services.documents import lay_out, record, saved_before_commit
from app.services.practice_documents import Format
from app.services.request_register_inputs import RegisterFilter
from app.services.rows import RenderedDocument

FORMATS = (Format.PDF, Format.CSV)
ABOUT = Addressee("practice")


def register_format(path: Path) -> Format:
    """The format a file name asks for, from its suffix; refused in one sentence otherwise."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in {fmt.value for fmt in FORMATS}:
        raise ValidationError(
            "out", N_("Name a file ending in {suffixes}, not {name}."),
            suffixes=", ".join(f".{fmt.value}" for fmt in FORMATS), name=f"'{path.name}'",
        )  # fmt: skip
    return Format(suffix)


def checked_kind(kind: str | None) -> str | None:
    if kind is None or kind == "":
        return None
    if kind not in {value.value for value in RequestKind}:
        raise ValidationError("kind", N_("There is no request kind {kind}."), kind=f"'{kind}'")
    return kind


def make_request_register(
    store: Store,
    *,
    open_only: bool = False,
    kind: str | None = None,
    fmt: Format = Format.PDF,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
    save_to: Path | None = None,
) -> RenderedDocument:
    """The register as the page shows it with these filters. Without `save_to` nothing is
    recorded (a preview); with it the file is in place before the record commits."""
    if fmt not in FORMATS:
        raise ValueError(f"the request register is not made as {fmt.value}")
    shown = RegisterFilter(open_only=open_only, kind=checked_kind(kind))
    now = now or datetime.now(UTC)
    with saved_before_commit() as save, unit_of_work(store.engine) as session:
        context = read_context(session, lang=lang, paper=paper, now=now)
        if fmt is Format.PDF:
            document = lay_out(REQUEST_REGISTER, context, shown)
            pdf = document.render(invariant=invariant)
            data, pages, lang_used = pdf.data, pdf.page_count, document.lang
        else:
            built = REQUEST_REGISTER.build(context, shown)
            data, pages, lang_used = register_csv(built), 0, built.lang
        name = f"{REQUEST_REGISTER.file_stem}-{lang_used}.{fmt.value}"
        if save_to is None:
            digest, ids = hashlib.sha256(data).hexdigest(), ()
        else:
            digest, ids = record(session, [(REQUEST_REGISTER, ABOUT, pages)], data, None, name, now)
            save([(save_to, data)])
        return RenderedDocument(
            kind=REQUEST_REGISTER.name, data=data, pages=pages, sha256=digest, file_name=name,
            client_refs=(), notice_version=None, document_ids=ids,
        )  # fmt: skip
