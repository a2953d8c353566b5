"""Making documents of any declared kind (document_kinds) from the records, and recording them.

Each document is built from what one transaction read (document_context), laid out by its
kind's renderer and recorded as a GeneratedDocument (kind, client or vendor, notice version,
hash, pages) in the same transaction. Batches read in one transaction, render outside any (a
1,000-notice batch takes seconds, and the database must stay writable meanwhile: an opt-out
may be logged during it), then record every document in a second one. Documents print the
current published notice version, or the draft computed from live records while none is
published.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.documents.pdf_document import PdfDocument
from app.documents.rendering import Cancelled, RenderedPdf, render_pdf
from app.domain.enums import ClientStatus
from app.domain.errors import N_, DomainError, ValidationError
from app.domain.refcodes import format_reference
from app.persistence.database import unit_of_work
from app.persistence.models import Client, GeneratedDocument
from app.persistence.store import Store
from app.services import document_files
from app.services.document_context import Addressee, DocumentContext, read_context
from app.services.document_kinds import DocumentKind, Recipient, kind_named
from app.services.lookup import client_by_ref
from app.services.notice_content import NoticeSource
from app.services.rows import RenderedDocument

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


class BatchCancelled(DomainError):
    """The person cancelled a batch; nothing was recorded."""


def client_addressee(client: Client) -> Addressee:
    ref = format_reference(client.ref)
    return Addressee(ref, client_id=client.id, client_refs=(ref,))


# -- the steps every kind goes through -----------------------------------------------------------


def lay_out(kind: DocumentKind, context: DocumentContext, subject: Any) -> PdfDocument:
    """The document of `kind` for `subject`, built from the context, ready to render."""
    return kind.renderer(kind.build(context, subject), paper=context.paper)


def notice_used(kind: DocumentKind, context: DocumentContext) -> NoticeSource | None:
    """The notice version (or draft) a kind made from the notice prints; read inside the
    transaction that builds it."""
    return context.source if kind.made_from_notice else None


def file_name(kind: DocumentKind, notice: NoticeSource | None, about: str, lang: str) -> str:
    """A suggested name: "privacy-notice-v3-ABC-DEFG-en.pdf", "opt-out-form-blank-en.pdf"."""
    stem = kind.file_stem
    if kind.version_in_name and notice is not None:
        stem += f"-v{notice.number}" if notice.number is not None else "-draft"
    return f"{stem}-{about}-{lang}.pdf"


def record(
    session: Session,
    entries: Sequence[tuple[DocumentKind, Addressee, int]],
    data: bytes,
    source: NoticeSource | None,
    name: str,
    now: datetime,
) -> tuple[str, tuple[int, ...]]:
    """One GeneratedDocument per (kind, addressee, pages) entry, all naming the same file,
    each made from the notice `source` names; the file's hash and the records' ids. Kinds
    declared unrecorded get none."""
    digest = hashlib.sha256(data).hexdigest()
    version_id = source.version_id if source is not None else None
    rows = [
        GeneratedDocument(
            kind=kind.name,
            client_id=addressee.client_id,
            vendor_id=addressee.vendor_id,
            notice_version_id=version_id if kind.made_from_notice else None,
            created_at=now,
            sha256=digest,
            pages=pages,
            file_name=name[:300],
        )
        for kind, addressee, pages in entries
        if kind.recorded
    ]
    session.add_all(rows)
    session.flush()
    return digest, tuple(row.id for row in rows)


def rendered(
    kind: DocumentKind,
    pdf: RenderedPdf,
    digest: str,
    name: str,
    client_refs: tuple[str, ...],
    notice: NoticeSource | None,
    ids: tuple[int, ...],
) -> RenderedDocument:
    return RenderedDocument(
        kind=kind.name,
        data=pdf.data,
        pages=pdf.page_count,
        sha256=digest,
        file_name=name,
        client_refs=client_refs,
        notice_version=notice.number if notice is not None else None,
        document_ids=ids,
    )


def make_document(
    kind: DocumentKind,
    context: DocumentContext,
    subject: Any,
    addressee: Addressee,
    *,
    now: datetime,
    invariant: bool = False,
) -> RenderedDocument:
    """Build, render and record one document inside the context's transaction."""
    document = lay_out(kind, context, subject)
    notice = notice_used(kind, context)
    pdf = document.render(invariant=invariant)
    name = file_name(kind, notice, addressee.about, document.lang)
    digest, ids = record(
        context.session, [(kind, addressee, pdf.page_count)], pdf.data, notice, name, now
    )
    return rendered(kind, pdf, digest, name, addressee.client_refs, notice, ids)


# -- for a client, or for nobody -----------------------------------------------------------------


def _for_client_or_nobody(kind: DocumentKind, client: Client | None) -> Addressee:
    if not (kind.is_for(Recipient.CLIENT) or kind.is_for(Recipient.NOBODY)):
        raise ValueError(f"{kind.name!r} is made by its own entry point, not for a client")
    if client is None:
        if not kind.is_for(Recipient.NOBODY):
            raise ValidationError("client", N_("Choose the client this document is for."))
        return Addressee(kind.nobody)
    return client_addressee(client)


def render_document(
    store: Store,
    kind: DocumentKind | str,
    client_ref: str | None,
    *,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
    save_to: Path | None = None,
) -> RenderedDocument:
    """One document of a kind made for a client (their language and current choices unless
    `lang` is given), or for nobody (a generic notice, a blank form) when `client_ref` is
    None. With `save_to`, it is recorded only once that file is written whole."""
    kind = kind_named(kind)
    now = now or datetime.now(UTC)
    with saved_before_commit() as save, unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref) if client_ref is not None else None
        context = read_context(session, lang=lang, paper=paper, now=now)
        addressee = _for_client_or_nobody(kind, client)
        if client is not None:
            context.read_choices([client.id])
        made = make_document(kind, context, client, addressee, now=now, invariant=invariant)
        if save_to is not None:
            save([(save_to, made.data)])
        return made


def document_data(
    store: Store,
    kind: DocumentKind | str,
    client_ref: str | None = None,
    *,
    lang: str | None = None,
    today: date | None = None,
) -> Any:
    """The frozen input a document would be rendered from (NoticeData, ConsentFormData ...),
    without rendering or recording it: for checks and for showing what will be printed."""
    kind = kind_named(kind)
    today = today or datetime.now(UTC).date()
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref) if client_ref is not None else None
        context = read_context(session, lang=lang, today=today)
        _for_client_or_nobody(kind, client)
        if client is not None:
            context.read_choices([client.id])
        return kind.build(context, client)


# -- batches -------------------------------------------------------------------------------------


def render_batch(
    store: Store,
    kind: DocumentKind | str,
    *,
    client_refs: Sequence[str] | None = None,
    one_file_per_client: bool = False,
    with_enclosures: bool = False,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    save_to: Path | None = None,
) -> list[RenderedDocument]:
    """Documents of one kind for the named clients, or for every active client.

    Returns one RenderedDocument holding every client's document (each with its own page
    numbering), or one per client with `one_file_per_client`. `with_enclosures` puts after
    each document the kinds it declares enclosed (after an update letter: the notice, the
    consent form when the client has something to decide, and the opt-out form). Safe to
    run on a worker thread: `progress(done, total)` is called as documents are laid out,
    and `cancelled()` is polled between documents; when it returns True, BatchCancelled is
    raised and nothing is recorded. With `save_to` (the PDF, or with `one_file_per_client`
    the folder), they are recorded only once every file is written whole; a failure leaves
    no file and no record.
    """
    kind = kind_named(kind)
    if not kind.is_for(Recipient.CLIENT):
        raise ValueError(f"{kind.name!r} is not made for clients")
    now = now or datetime.now(UTC)
    report = progress or (lambda _done, _total: None)
    stop = cancelled or (lambda: False)
    with unit_of_work(store.engine) as session:
        context = read_context(session, lang=lang, paper=paper, now=now)
        clients = _clients(session, client_refs)
        context.read_choices([client.id for client in clients])
        per_client = [_documents_for(kind, context, client, with_enclosures) for client in clients]
        used = {document_kind for documents in per_client for document_kind, _ in documents}
        source = context.source if any(k.made_from_notice for k in used) else None
    notice = source if kind.made_from_notice else None
    if not per_client:
        raise ValidationError("clients", N_("There are no active clients to print for."))
    total = len(per_client)
    results: list[tuple[list[Client], list[list], RenderedPdf, str]] = []
    try:
        if one_file_per_client:
            for index, (client, documents) in enumerate(zip(clients, per_client, strict=True)):
                if stop():
                    raise Cancelled
                report(index, total)
                pdf = render_pdf([d for _, d in documents], invariant=invariant)
                about = format_reference(client.ref)
                name = file_name(kind, notice, about, documents[0][1].lang)
                results.append(([client], [documents], pdf, name))
        else:
            flat = [document for documents in per_client for document in documents]
            starts = _first_index_of_each_client(per_client)

            def on_document(index: int) -> None:
                if index in starts:
                    if stop():
                        raise Cancelled
                    report(starts[index], total)

            pdf = render_pdf([d for _, d in flat], invariant=invariant, on_document=on_document)
            name = file_name(kind, notice, "all", flat[0][1].lang)
            results.append((clients, per_client, pdf, name))
    except Cancelled:
        raise BatchCancelled(N_("Cancelled: no documents were made or recorded.")) from None
    report(total, total)
    made = []
    with saved_before_commit() as save, unit_of_work(store.engine) as session:
        for batch_clients, batch_documents, pdf, name in results:
            kinds = [
                (document_kind, client_addressee(client))
                for client, documents in zip(batch_clients, batch_documents, strict=True)
                for document_kind, _ in documents
            ]
            entries = [
                (document_kind, addressee, pages)
                for (document_kind, addressee), pages in zip(kinds, pdf.pages, strict=True)
            ]
            digest, ids = record(session, entries, pdf.data, source, name, now)
            refs = tuple(format_reference(c.ref) for c in batch_clients)
            made.append(rendered(kind, pdf, digest, name, refs, notice, ids))
        if save_to is not None:
            save(
                [
                    (
                        save_to / document.file_name if one_file_per_client else save_to,
                        document.data,
                    )
                    for document in made
                ]
            )
    return made


# -- about one record (an incident's report, its letters) ---------------------------------------


def render_about(
    store: Store,
    kind: DocumentKind | str,
    record_id: int,
    *,
    one_file_each: bool = False,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    save_to: Path | None = None,
) -> list[RenderedDocument]:
    """The documents of a kind made about one record (its `subjects`): one file holding them
    all, each with its own page numbers, or one file each with `one_file_each`.

    Read in one transaction and rendered outside any, like a batch (the same `progress` and
    `cancelled`). With `save_to` (the PDF, or the folder with `one_file_each`), the files are
    written whole and only then recorded as generated; without it nothing is recorded: a
    preview.
    """
    kind = kind_named(kind)
    if kind.subjects is None:
        raise ValueError(f"{kind.name!r} is not made about a record")
    now = now or datetime.now(UTC)
    report = progress or (lambda _done, _total: None)
    stop = cancelled or (lambda: False)
    with unit_of_work(store.engine) as session:
        context = read_context(session, lang=lang, paper=paper, now=now)
        subjects = kind.subjects(session, record_id, now)
        laid_out = [(addressee, lay_out(kind, context, subject)) for subject, addressee in subjects]
    total = len(laid_out)
    groups = [[one] for one in laid_out] if one_file_each else [laid_out]
    files = []
    try:
        for group in groups:
            done = len(files) if one_file_each else 0

            def on_document(index: int, done: int = done) -> None:
                if stop():
                    raise Cancelled
                report(done + index, total)

            pdf = render_pdf([document for _, document in group], invariant=invariant,
                             on_document=on_document)  # fmt: skip
            about = group[0][0].about if len(group) == 1 else f"{record_id}-all"
            files.append((group, pdf, file_name(kind, None, about, group[0][1].lang)))
    except Cancelled:
        raise BatchCancelled(N_("Cancelled: no documents were made or recorded.")) from None
    report(total, total)
    if save_to is None:
        return [
            rendered(kind, pdf, hashlib.sha256(pdf.data).hexdigest(), name,
                     _refs(group), None, ())
            for group, pdf, name in files
        ]  # fmt: skip
    made = []
    with saved_before_commit() as save, unit_of_work(store.engine) as session:
        for group, pdf, name in files:
            entries = [
                (kind, addressee, pages)
                for (addressee, _document), pages in zip(group, pdf.pages, strict=True)
            ]
            digest, ids = record(session, entries, pdf.data, None, name, now)
            made.append(rendered(kind, pdf, digest, name, _refs(group), None, ids))
        save([(save_to / d.file_name if one_file_each else save_to, d.data) for d in made])
    return made


def _refs(group: Sequence[tuple[Addressee, PdfDocument]]) -> tuple[str, ...]:
    return tuple(ref for addressee, _document in group for ref in addressee.client_refs)


@contextlib.contextmanager
def saved_before_commit() -> Iterator[Callable[[Sequence[tuple[Path, bytes]]], None]]:
    """Files written inside a transaction, taken back if it then fails to commit.

    Wrapped around `unit_of_work`: its commit runs when the inner block ends, so a commit
    that fails (a full disk under the database) still finds the files here to remove.
    """
    written: list[Path] = []

    def save(files: Sequence[tuple[Path, bytes]]) -> None:
        written.extend(document_files.write_all_whole(files))

    try:
        yield save
    except BaseException:
        document_files.remove_written(written)
        raise


def _clients(session: Session, refs: Sequence[str] | None) -> list[Client]:
    """The named clients in the order given, or every active client in name order."""
    if refs is None:
        return list(
            session.execute(
                select(Client)
                .where(Client.status == ClientStatus.ACTIVE.value)
                .order_by(Client.sort_key, Client.id)
            ).scalars()
        )
    return [client_by_ref(session, ref) for ref in refs]


def _documents_for(
    kind: DocumentKind, context: DocumentContext, client: Client, with_enclosures: bool
) -> list[tuple[DocumentKind, PdfDocument]]:
    data = kind.build(context, client)
    documents = [(kind, kind.renderer(data, paper=context.paper))]
    if with_enclosures and kind.enclosures is not None:
        for name in kind.enclosures(data):
            enclosed = kind_named(name)
            documents.append((enclosed, lay_out(enclosed, context, client)))
    return documents


def _first_index_of_each_client(per_client: Sequence[Sequence]) -> dict[int, int]:
    """Document index in the flat list -> client index, for the first document of each."""
    starts = {}
    index = 0
    for client_index, documents in enumerate(per_client):
        starts[index] = client_index
        index += len(documents)
    return starts
