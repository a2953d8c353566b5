"""A client's access or portability package as one zip file (issue 13, GDPR Art. 15 and 20,
CCPA right to know, PIPL Art. 45), written whole and only then recorded as generated.

The zip holds one folder, `access-package-<REF>-<date>/`, with:
- `access-report-<REF>-<lang>.pdf`: the readable report ("who has my data" first);
- `data.json`: every section with every column (keys: docs/access-package.md);
- `csv/<section>.csv`: one per record type, UTF-8 with a byte order mark, keys as headers;
- `evidence/<file>`: the client's scans and kept emails whose sha256 matches their record;
- `MANIFEST.sha256`: "<sha256>  <path>" for every other file (`sha256sum -c` reads it).

Read in one transaction, laid out outside any (the database stays writable meanwhile), then
the file is written whole (document_files) and its GeneratedDocument committed after it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from app.dates import DateStyle, format_day, format_moment
from app.documents.access_data import AccessReportData, RecipientLine, ReportTable
from app.documents.access_report import AccessReport
from app.documents.data import ClientInfo, PracticeInfo
from app.documents.words import LEGAL_BASIS
from app.domain.errors import N_
from app.domain.refcodes import format_reference
from app.domain.spreadsheet import spreadsheet_safe
from app.i18n import Translate, translator
from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.persistence.store import Store
from app.services.access_package import ACCESS_PACKAGE, SECTIONS, Column, Gathered, Row, Shown
from app.services.access_package import gather as gather_package
from app.services.document_context import read_context
from app.services.documents import BatchCancelled, saved_before_commit
from app.services.lookup import client_by_ref
from app.services.notice_changes import country_name

FORMAT = "privacy-desk/access-package"
FORMAT_VERSION = 1
# Shown the client's own way in the report ("who receives your data"), not as a table.
SHOWN_AS_RECIPIENTS = "sharings"

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


@dataclass(frozen=True)
class AccessPackage:
    """A package made (and, when saved, recorded)."""

    client_ref: str
    file_name: str  # suggested: "access-package-ABC-DEFG-2026-12-01.zip"
    data: bytes
    sha256: str
    pages: int  # of the report
    files: tuple[str, ...]  # every path in the zip, its folder included
    document_id: int | None  # the GeneratedDocument, None when not saved


@dataclass(frozen=True)
class _Read:
    gathered: Gathered
    practice: PracticeInfo
    client: ClientInfo
    lang: str
    paper: str
    today: date
    zone: tzinfo
    country: str


def package_name(ref: str, today: date) -> str:
    return f"access-package-{format_reference(ref)}-{today.isoformat()}"


def export_access_package(
    store: Store,
    client_ref: str,
    *,
    save_to: Path | None = None,
    lang: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> AccessPackage:
    """The client's package; with `save_to`, written there whole, then recorded.

    `progress(done, total)` is called between steps and `cancelled()` polled there: when it
    returns True, BatchCancelled is raised and nothing is written or recorded. Raises
    NotFound for an unknown client, DiskFull or ValidationError when it cannot be written.
    """
    now = now or datetime.now(UTC)
    report = progress or (lambda _done, _total: None)
    stop = cancelled or (lambda: False)
    total = 5

    def step(done: int) -> None:
        if stop():
            raise BatchCancelled(N_("Cancelled: no package was made or recorded."))
        report(done, total)

    step(0)
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref)
        context = read_context(session, lang=lang, now=now)
        chosen = context.language_for(client.language)
        read = _Read(
            gathered=gather_package(
                session, client, zone=context.zone, now=now, evidence_folder=store.paths.evidence
            ),
            practice=context.practice_info(chosen),
            client=context.client_info(client),
            lang=chosen,
            paper=context.paper,
            today=context.today,
            zone=context.zone,
            country=context.practice.country_code,
        )
        client_id = client.id
    step(1)
    folder = package_name(read.client.ref, read.today)
    pdf_name = f"access-report-{read.client.ref}-{read.lang}.pdf"
    others = (
        "data.json",
        *(f"csv/{section.key}.csv" for section, _rows in read.gathered.sections),
        *(f"evidence/{name}" for name, _content in read.gathered.evidence),
        "MANIFEST.sha256",
    )
    pdf = AccessReport(report_data(read, others), paper=read.paper).render(invariant=invariant)
    step(2)
    files: list[tuple[str, bytes]] = [
        (pdf_name, pdf.data),
        ("data.json", package_json(read.gathered, read.client.ref, read.lang, now)),
        *((f"csv/{s.key}.csv", section_csv(s.columns, rows)) for s, rows in read.gathered.sections),
        *((f"evidence/{name}", content) for name, content in read.gathered.evidence),
    ]
    step(3)
    data = _zipped(folder, files, now.astimezone(read.zone))
    step(4)
    digest = hashlib.sha256(data).hexdigest()
    paths = (*(f"{folder}/{path}" for path, _data in files), f"{folder}/MANIFEST.sha256")
    document_id = None
    if save_to is not None:
        with saved_before_commit() as save, unit_of_work(store.engine) as session:
            document = GeneratedDocument(
                kind=ACCESS_PACKAGE,
                client_id=client_id,
                created_at=now,
                sha256=digest,
                pages=pdf.page_count,
                file_name=f"{folder}.zip",
            )
            session.add(document)
            session.flush()
            document_id = document.id
            save([(save_to, data)])
    report(total, total)
    return AccessPackage(
        read.client.ref, f"{folder}.zip", data, digest, pdf.page_count, paths, document_id
    )


# -- the machine-readable files ------------------------------------------------------------------


def plain(value) -> str | int | bool | list[str] | None:
    """A value as JSON holds it: instants in UTC ISO 8601, days ISO, tuples as lists."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def package_json(gathered: Gathered, ref: str, lang: str, now: datetime) -> bytes:
    document: dict = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generated_at": plain(now),
        "client_ref": ref,
        "language": lang,
    }
    for section, rows in gathered.sections:
        listed = [{key: plain(value) for key, value in row.items()} for row in rows]
        document[section.key] = listed[0] if section.one_record else listed
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _cell(value) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(value)
    return spreadsheet_safe(str(value))


def section_csv(columns: tuple[Column, ...], rows: tuple[Row, ...]) -> bytes:
    """UTF-8 with a byte order mark (a spreadsheet then reads Chinese names right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(column.key for column in columns)
    writer.writerows([_cell(row[column.key]) for column in columns] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def manifest(files: list[tuple[str, bytes]]) -> bytes:
    lines = [f"{hashlib.sha256(data).hexdigest()}  {path}\n" for path, data in files]
    return "".join(lines).encode("utf-8")


def _zipped(folder: str, files: list[tuple[str, bytes]], moment: datetime) -> bytes:
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, data in [*files, ("MANIFEST.sha256", manifest(files))]:
            info = zipfile.ZipInfo(f"{folder}/{path}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16  # the client's data: owner-only when unpacked
            archive.writestr(info, data)
    return buffer.getvalue()


# -- the readable report -------------------------------------------------------------------------


def report_data(read: _Read, files: tuple[str, ...]) -> AccessReportData:
    _ = translator(read.lang)
    tables = tuple(
        _table(section.key, section.title, section.columns, rows, section.one_record, read, _)
        for section, rows in read.gathered.sections
        if section.key != SHOWN_AS_RECIPIENTS
    )
    return AccessReportData(
        lang=read.lang,
        practice=read.practice,
        client=read.client,
        issued_on=read.today,
        recipients=tuple(
            _recipient(row, read, _) for row in read.gathered.rows(SHOWN_AS_RECIPIENTS)
        ),
        tables=tables,
        files=files,
    )


def _table(key, title, columns, rows, one_record, read: _Read, _: Translate) -> ReportTable:
    shown = [column for column in columns if column.in_report]
    return ReportTable(
        key=key,
        title=_(title),
        headings=tuple(_(column.heading) for column in shown),
        rows=tuple(tuple(shown_value(column, row, read, _) for column in shown) for row in rows),
        one_record=one_record,
    )


def shown_value(column: Column, row: Row, read: _Read, _: Translate) -> str:
    """One cell of the report, in words and in the report's language."""
    value = row[column.key]
    if read.lang == "zh" and column.chinese and row.get(column.chinese):
        value = row[column.chinese]
    if value is None or value == "":
        return ""
    if column.shown is Shown.MOMENT:
        return format_moment(value, read.zone, read.lang, read.country)  # type: ignore[arg-type]
    if column.shown is Shown.DAY:
        return format_day(value, read.lang, read.country, DateStyle.MEDIUM)  # type: ignore[arg-type]
    if column.shown is Shown.YES_NO:
        return _("Yes") if value else _("No")
    if column.shown is Shown.WORDS:
        return _(column.words.get(str(value), str(value)))
    if column.shown is Shown.LIST:
        items = (column.words.get(str(item), str(item)) for item in value)  # type: ignore[union-attr]
        return _(", ").join(_(item) if column.words else item for item in items)
    return str(value)


def _recipient(row: Row, read: _Read, _: Translate) -> RecipientLine:
    [section] = [s for s in SECTIONS if s.key == SHOWN_AS_RECIPIENTS]
    columns = {column.key: column for column in section.columns}

    def cell(key: str) -> str:
        return shown_value(columns[key], row, read, _)

    labels = row["category_labels"]
    if read.lang == "zh" and all(row["category_labels_zh"] or ()):  # type: ignore[union-attr]
        labels = row["category_labels_zh"]

    if not row["consent_required"]:
        consent = _("Not needed")
        if row["consent_state"] in ("refused", "withdrawn"):
            consent = _("Not needed; you said no: {state}").format(state=cell("consent_state"))
    elif row["consent_since"] is None:
        consent = _("Needed; you have not answered")
    else:
        consent = _("{state}, {moment}").format(
            state=cell("consent_state"), moment=cell("consent_since")
        )
    return RecipientLine(
        vendor=str(row["vendor"]),
        purpose=cell("purpose"),
        receives=tuple(labels or ()),  # type: ignore[arg-type]
        basis=_(LEGAL_BASIS.get(str(row["legal_basis"]), str(row["legal_basis"]))),
        stored_in=_(", ").join(
            country_name(code, read.lang)
            for code in row["storage_countries"]  # type: ignore[union-attr]
        ),
        consent=consent,
        flowing=bool(row["receives_data"]),
        since=cell("receiving_since"),
    )
