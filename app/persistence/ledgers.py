"""The two append-only, hash-chained ledgers: consent events and the audit log.

Rows are only ever inserted, each carrying the hash of its content and of the row before it,
so an edit made behind the app's back (triggers dropped, file patched) is found by `verify`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.engine import Connection
from sqlmodel import Session

from app.domain.ledger import GENESIS_HASH, chain_hash
from app.persistence.models import AuditEntry, ConsentEvent

# The columns each ledger row's hash covers, in the order they are stored.
CONSENT_EVENT_HASHED = (
    "client_id",
    "sharing_id",
    "state",
    "channel",
    "occurred_at",
    "recorded_at",
    "recorded_by",
    "notice_version_id",
    "evidence_note",
    "evidence_file",
    "evidence_sha256",
    "optout_request_id",
)
AUDIT_HASHED = ("at", "actor", "action", "entity", "entity_id", "fields")

CONSENT_TABLE: Table = ConsentEvent.__table__  # type: ignore[attr-defined]
AUDIT_TABLE: Table = AuditEntry.__table__  # type: ignore[attr-defined]
LEDGERS: dict[str, tuple[Table, tuple[str, ...]]] = {
    "consent_event": (CONSENT_TABLE, CONSENT_EVENT_HASHED),
    "audit_log": (AUDIT_TABLE, AUDIT_HASHED),
}


def _last_hash(session: Session | Connection, table: Table) -> str:
    last = session.execute(
        select(table.c.row_hash).order_by(table.c.id.desc()).limit(1)
    ).scalar_one_or_none()
    return last or GENESIS_HASH


def _chain(rows: Iterable[Mapping[str, Any]], hashed: tuple[str, ...], prev: str) -> list[dict]:
    chained = []
    for row in rows:
        content = {name: row.get(name) for name in hashed}
        row_hash = chain_hash(prev, content)
        chained.append({**content, "prev_hash": prev, "row_hash": row_hash})
        prev = row_hash
    return chained


def append(session: Session | Connection, ledger: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert rows at the end of a ledger, chained onto its last row.

    The caller's transaction must hold the write lock (BEGIN IMMEDIATE, see database.py).
    """
    table, hashed = LEDGERS[ledger]
    chained = _chain(rows, hashed, _last_hash(session, table))
    if chained:
        session.execute(insert(table), chained)


def append_audit(
    session: Session | Connection,
    *,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    fields: Iterable[str] = (),
) -> None:
    """One audit entry. `fields` are names of changed fields, never their values."""
    append(
        session,
        "audit_log",
        [
            {
                "at": at,
                "actor": actor,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "fields": ",".join(sorted(fields)),
            }
        ],
    )


def update_audited(
    session: Session,
    record: Any,
    values: Mapping[str, Any],
    *,
    at: datetime,
    actor: str,
    entity: str,
) -> list[str]:
    """Set the fields of `record` whose value differs and audit them in one entry.

    Returns the names changed; an edit that changes nothing writes nothing.
    """
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, values[name])
    if changed:
        session.add(record)
        append_audit(
            session,
            at=at,
            actor=actor,
            action="update",
            entity=entity,
            entity_id=record.id,
            fields=changed,
        )
    return changed


@dataclass(frozen=True)
class ChainBreak:
    ledger: str
    row_id: int
    reason: str


def verify(connection: Connection, ledger: str) -> ChainBreak | None:
    """The first row whose hash does not follow from its content and predecessor, if any."""
    table, hashed = LEDGERS[ledger]
    prev = GENESIS_HASH
    columns = [table.c.id, *(table.c[name] for name in hashed), table.c.prev_hash, table.c.row_hash]
    for row in connection.execute(select(*columns).order_by(table.c.id)).mappings():
        if row["prev_hash"] != prev:
            return ChainBreak(ledger, row["id"], "does not follow the row before it")
        expected = chain_hash(prev, {name: row[name] for name in hashed})
        if row["row_hash"] != expected:
            return ChainBreak(ledger, row["id"], "was changed after it was recorded")
        prev = row["row_hash"]
    return None
