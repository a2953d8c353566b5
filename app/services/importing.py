"""Importing clients from a contacts file: the report before anything is written, the import
itself in one transaction, and undoing an import while its clients have no other records.

Every row is checked by the client dialog's own rules (`clients.validated_fields`); a row
that names a client already on record (by email, phone or name), or an earlier row of the
same file, is a duplicate and is not imported.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlmodel import Session, SQLModel

from app.domain.contact_files import ContactTable, FileFormat
from app.domain.enums import ClientStatus
from app.domain.errors import N_, Phrase, Translate, as_written
from app.domain.import_mapping import Target, mapped_fields, name_key
from app.domain.names import display_name, sort_key
from app.domain.refcodes import format_reference, make_reference
from app.persistence import ledgers, search
from app.persistence.database import unit_of_work
from app.persistence.models import Client, ImportBatch, ImportBatchClient
from app.persistence.store import Store
from app.services.clients import validated_fields
from app.services.erasure.suppression import erased_on
from app.services.errors import Conflict, InvalidInput, NotFound
from app.services.practice import load_practice
from app.services.rows import ClientDraft

CLIENT_TABLE = Client.__table__  # type: ignore[attr-defined]
BATCH_TABLE = ImportBatch.__table__  # type: ignore[attr-defined]
LINK_TABLE = ImportBatchClient.__table__  # type: ignore[attr-defined]
Report = Callable[[int, int], None]
_REPORT_EVERY = 250  # rows between progress reports


@dataclass(frozen=True)
class RowProblem:
    row: int  # as the person sees it: a spreadsheet's row (header = 1), a vCard's number
    reasons: tuple[Phrase, ...]

    def text(self, translate: Translate = as_written) -> str:
        return " ".join(reason.text(translate) for reason in self.reasons)


@dataclass(frozen=True)
class Duplicate:
    row: int
    name: str
    by: str  # "email", "phone" or "name"
    of_ref: str = ""  # the client on record it repeats, or
    of_row: int | None = None  # the earlier row of the file


@dataclass(frozen=True)
class ImportReport:
    """What an import would do, row by row, before anything is written."""

    rows: int
    new: tuple[int, ...]  # the rows that would become clients
    duplicates: tuple[Duplicate, ...]
    problems: tuple[RowProblem, ...]
    suppressed: tuple[int, ...]  # erased people, never added again (issue 13's record)


@dataclass(frozen=True)
class ImportResult:
    batch_id: int
    added: int
    report: ImportReport


@dataclass(frozen=True)
class ImportBatchRow:
    id: int
    imported_at: datetime
    imported_by: str
    file_format: str
    client_count: int
    undone_at: datetime | None


class ImportRefused(Conflict):
    """The file's rows cannot be imported as they are; nothing was written."""


class ImportCancelled(Exception):
    """The person stopped the import while it was being checked; nothing was written."""


def row_number(table: ContactTable, index: int) -> int:
    """A row as the person finds it in the file: a spreadsheet's rows count the header."""
    return index + 1 if table.file_format is FileFormat.VCARD else index + 2


def is_suppressed(session: Session, fields: dict[str, str]) -> bool:
    """Whether this person was erased and asked never to be added again (their email or
    E.164 phone matches a suppression record)."""
    email, phone = fields.get("email", ""), fields.get("phone_e164", "")
    return erased_on(session, email=email, phone_e164=phone) is not None


def _identities(session: Session) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The clients on record by email, phone (E.164) and folded name: their references."""
    emails, phones, names = {}, {}, {}
    rows = session.execute(
        select(Client.ref, Client.email, Client.phone_e164, Client.given_name, Client.family_name)
    )
    for ref, email, phone, given, family in rows:
        if email:
            emails.setdefault(email.casefold(), ref)
        if phone:
            phones.setdefault(phone, ref)
        names.setdefault(name_key(given, family), ref)
    return emails, phones, names


def _checked_rows(
    session: Session,
    table: ContactTable,
    mapping: Sequence[Target],
    report: Report | None,
    cancelled: Callable[[], bool],
) -> tuple[ImportReport, list[dict[str, str]]]:
    """The report, and the validated fields of each new row (in the report's order)."""
    practice = load_practice(session)
    emails, phones, names = _identities(session)
    seen: dict[tuple[str, str], int] = {}
    new, duplicates, problems, suppressed, accepted = [], [], [], [], []
    total = len(table.rows)
    for index, row in enumerate(table.rows):
        if report and index % _REPORT_EVERY == 0:
            report(index, total)
        if cancelled():
            break
        number = row_number(table, index)
        typed = mapped_fields(row, mapping, default_language=practice.default_language)
        try:
            fields, _warnings = validated_fields(ClientDraft(**typed), practice.country_code)
        except InvalidInput as refused:
            problems.append(RowProblem(number, tuple(p.phrase for p in refused.problems)))
            continue
        name = display_name(fields["given_name"], fields["family_name"])
        keys = [
            ("email", fields["email"].casefold(), emails),
            ("phone", fields["phone_e164"], phones),
            ("name", name_key(fields["given_name"], fields["family_name"]), names),
        ]
        found = next(
            (
                (by, key, known)
                for by, key, known in keys
                if key and (key in known or (by, key) in seen)
            ),
            None,
        )
        if found is not None:
            by, key, known = found
            duplicates.append(
                Duplicate(number, name, by, known.get(key, ""), seen.get((by, key)))
                if key in known
                else Duplicate(number, name, by, of_row=seen[(by, key)])
            )
            continue
        if is_suppressed(session, fields):
            suppressed.append(number)
            continue
        for by, key, _known in keys:
            if key:
                seen[(by, key)] = number
        new.append(number)
        accepted.append(fields)
    if report:
        report(total, total)
    checked = ImportReport(total, tuple(new), tuple(duplicates), tuple(problems), tuple(suppressed))
    return checked, accepted


def check_import(
    store: Store,
    table: ContactTable,
    mapping: Sequence[Target],
    *,
    report: Report | None = None,
) -> ImportReport:
    """What importing `table` with `mapping` would do; writes nothing."""
    with unit_of_work(store.reader) as session:
        return _checked_rows(session, table, mapping, report, lambda: False)[0]


def import_clients(
    store: Store,
    table: ContactTable,
    mapping: Sequence[Target],
    *,
    actor: str,
    skip_problems: bool = False,
    now: datetime | None = None,
    report: Report | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    random_int: Callable[[int], int] = secrets.randbelow,
) -> ImportResult:
    """Every new row as a client, in one transaction: all of them, or none.

    The rows are checked again inside the transaction, so the report holds for what is
    written. Rows with problems refuse the import unless `skip_problems`; duplicates and
    suppressed people are left out.
    """
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        checked, accepted = _checked_rows(session, table, mapping, report, cancelled)
        if cancelled():
            raise ImportCancelled()
        if checked.problems and not skip_problems:
            raise ImportRefused(
                N_(
                    "{count} rows have problems (the first is row {row}): correct them in "
                    "the file, or leave them out; nothing was imported."
                ),
                count=len(checked.problems),
                row=checked.problems[0].row,
            )
        if not accepted:
            raise ImportRefused(N_("The file holds no new clients; nothing was imported."))
        batch_id = _write_batch(session, accepted, table.file_format, actor=actor, now=now,
                                random_int=random_int)  # fmt: skip
        return ImportResult(batch_id, len(accepted), checked)


def _write_batch(
    session: Session,
    accepted: list[dict[str, str]],
    file_format: FileFormat,
    *,
    actor: str,
    now: datetime,
    random_int: Callable[[int], int],
) -> int:
    connection = session.connection()
    refs = set(connection.execute(select(Client.ref)).scalars())
    last_id = connection.execute(select(func.max(Client.id))).scalar() or 0
    values = []
    for fields in accepted:
        ref = make_reference(random_int)
        while ref in refs:
            ref = make_reference(random_int)
        refs.add(ref)
        values.append(
            {
                **fields,
                "ref": ref,
                "sort_key": sort_key(fields["given_name"], fields["family_name"]),
                "status": ClientStatus.ACTIVE.value,
                "created_at": now,
                "updated_at": now,
            }
        )
    # Core insert: the ORM's add_all takes seven times as long (PITFALLS "Bulk insert").
    connection.execute(insert(CLIENT_TABLE), values)
    written = list(
        connection.execute(
            select(CLIENT_TABLE).where(CLIENT_TABLE.c.id > last_id).order_by(CLIENT_TABLE.c.id)
        ).mappings()
    )
    assert len(written) == len(values), "another writer added clients inside this transaction"
    batch_id = connection.execute(
        insert(BATCH_TABLE).values(
            imported_at=now,
            imported_by=actor,
            file_format=file_format.value,
            client_count=len(written),
        )
    ).inserted_primary_key[0]
    connection.execute(
        insert(LINK_TABLE), [{"batch_id": batch_id, "client_id": row["id"]} for row in written]
    )
    search.index_clients(connection, [_searchable(row) for row in written])
    # As add_client audits one client: its filled fields' names and its version, after it.
    ledgers.append(
        connection,
        "audit_log",
        [
            {
                "at": now,
                "actor": actor,
                "action": "create",
                "entity": "client",
                "entity_id": row["id"],
                "fields": ",".join(sorted(name for name in fields if row[name])),
                "version": ledgers.version_of(row),
            }
            for row, fields in zip(written, accepted, strict=True)
        ],
    )
    ledgers.append_audit(
        connection, at=now, actor=actor, action="import", entity="import_batch",
        entity_id=batch_id, fields=["client_count"],
    )  # fmt: skip
    return batch_id


def _searchable(row) -> search.SearchableClient:
    return search.SearchableClient(
        client_id=row["id"],
        ref=row["ref"],
        given_name=row["given_name"],
        family_name=row["family_name"],
        email=row["email"],
        phone_entered=row["phone_entered"],
        phone_e164=row["phone_e164"],
    )


def _tables_naming_clients() -> list[tuple[str, str]]:
    """(table, column) of every record that points at a client, but the import's own links:
    found from the models, so a record added later is counted without being named here."""
    found = []
    for table in SQLModel.metadata.sorted_tables:
        if table.name == LINK_TABLE.name:
            continue
        for key in table.foreign_keys:
            if key.column.table.name == "client":
                found.append((table.name, key.parent.name))
    return found


def _clients_with_records(connection: Connection, batch_id: int) -> int:
    """How many of the batch's clients have a record besides their import, or were changed."""
    members = "SELECT client_id FROM import_batch_client WHERE batch_id = :batch"
    having = [
        f"SELECT {column} FROM {table} WHERE {column} IN ({members})"
        for table, column in _tables_naming_clients()
    ]
    # Any audit entry but its creation: edited, archived, given a notice...
    having.append(
        "SELECT a.entity_id FROM audit_log a JOIN import_batch_client m "
        "ON a.entity_id = m.client_id AND m.batch_id = :batch WHERE a.entity = 'client' "
        "GROUP BY a.entity_id HAVING count(*) > 1"
    )
    statement = text("SELECT count(*) FROM (" + " UNION ".join(having) + ")")
    return connection.execute(statement, {"batch": batch_id}).scalar_one()


def undo_import(store: Store, batch_id: int, *, actor: str, now: datetime | None = None) -> int:
    """Remove every client one import added, in one transaction; refused, with nothing
    removed, once any of them has another record. Returns how many were removed."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        connection = session.connection()
        batch = (
            connection.execute(select(BATCH_TABLE).where(BATCH_TABLE.c.id == batch_id))
            .mappings()
            .first()
        )
        if batch is None:
            raise NotFound(N_("There is no import {batch}."), batch=batch_id)
        if batch["undone_at"] is not None:
            raise ImportRefused(N_("Import {batch} was already undone."), batch=batch_id)
        busy = _clients_with_records(connection, batch_id)
        if busy:
            raise ImportRefused(
                N_(
                    "Import {batch} cannot be undone: {count} of its clients already have "
                    "other records (consents, documents, edits, requests)."
                ),
                batch=batch_id,
                count=busy,
            )
        ids = list(
            connection.execute(
                select(LINK_TABLE.c.client_id).where(LINK_TABLE.c.batch_id == batch_id)
            ).scalars()
        )
        connection.execute(delete(LINK_TABLE).where(LINK_TABLE.c.batch_id == batch_id))
        connection.execute(
            text(f"DELETE FROM {search.SEARCH_TABLE} WHERE rowid = :id"),
            [{"id": client_id} for client_id in ids],
        )
        connection.execute(delete(CLIENT_TABLE).where(CLIENT_TABLE.c.id.in_(ids)))
        connection.execute(
            update(BATCH_TABLE).where(BATCH_TABLE.c.id == batch_id).values(undone_at=now)
        )
        ledgers.append(
            connection,
            "audit_log",
            [
                {"at": now, "actor": actor, "action": "delete", "entity": "client",
                 "entity_id": client_id, "fields": "import_undone"}
                for client_id in ids
            ],
        )  # fmt: skip
        ledgers.append_audit(
            connection, at=now, actor=actor, action="undo", entity="import_batch",
            entity_id=batch_id, fields=["undone_at"],
        )  # fmt: skip
        return len(ids)


def list_imports(store: Store) -> list[ImportBatchRow]:
    """Every import, newest first."""
    with store.reader.connect() as connection:
        rows = connection.execute(select(BATCH_TABLE).order_by(BATCH_TABLE.c.id.desc()))
        return [ImportBatchRow(**row) for row in rows.mappings()]


def duplicate_text(duplicate: Duplicate, translate: Translate = as_written) -> str:
    """ "Row 7 (Anna Smith): the same email as client ABC-DEFG." in the language given."""
    by = {"email": N_("email"), "phone": N_("phone"), "name": N_("name")}[duplicate.by]
    if duplicate.of_ref:
        phrase = Phrase(
            N_("the same {field} as client {ref}"),
            field=Phrase(by),
            ref=format_reference(duplicate.of_ref),
        )
    else:
        phrase = Phrase(N_("the same {field} as row {row}"), field=Phrase(by), row=duplicate.of_row)
    return phrase.text(translate)
