"""The two append-only, hash-chained ledgers: consent events and the audit log.

Rows are only ever inserted, each carrying the hash of its content and of the row before it,
so an edit made behind the app's back (triggers dropped, file patched) is found by `verify`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Table, func, insert, select
from sqlalchemy.engine import Connection
from sqlmodel import Session

from app.domain.ledger import GENESIS_HASH, chain_hash
from app.persistence.models import (
    AuditEntry,
    Client,
    ConsentEvent,
    Incident,
    OptOutRequest,
    RightsRequest,
)

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

# Hashed only when filled: a column added later leaves the hashes of the rows before it as
# they were (audit versions came with revision 0009).
HASHED_WHEN_FILLED = {"consent_event": (), "audit_log": ("version",)}

CONSENT_TABLE: Table = ConsentEvent.__table__  # type: ignore[attr-defined]
AUDIT_TABLE: Table = AuditEntry.__table__  # type: ignore[attr-defined]
LEDGERS: dict[str, tuple[Table, tuple[str, ...]]] = {
    "consent_event": (CONSENT_TABLE, CONSENT_EVENT_HASHED),
    "audit_log": (AUDIT_TABLE, AUDIT_HASHED),
}
# The records whose audit entries carry their version: a change made outside the program
# leaves the record differing from its last version. Every change to them must be audited
# after it is made, in its transaction (a migration that rewrites their rows included).
VERSIONED: dict[str, Table] = {
    "client": Client.__table__,  # type: ignore[attr-defined]
    "optout_request": OptOutRequest.__table__,  # type: ignore[attr-defined]
    "incident": Incident.__table__,  # type: ignore[attr-defined]
    "rights_request": RightsRequest.__table__,  # type: ignore[attr-defined]
}


def _last_hash(session: Session | Connection, table: Table) -> str:
    last = session.execute(
        select(table.c.row_hash).order_by(table.c.id.desc()).limit(1)
    ).scalar_one_or_none()
    return last or GENESIS_HASH


def hashed_content(ledger: str, row: Mapping[str, Any]) -> dict[str, Any]:
    """What a ledger row's hash covers: its hashed columns, and the later ones when filled."""
    content = {name: row.get(name) for name in LEDGERS[ledger][1]}
    content.update({name: row[name] for name in HASHED_WHEN_FILLED[ledger] if row.get(name)})
    return content


def _chain(ledger: str, rows: Iterable[Mapping[str, Any]], prev: str) -> list[dict]:
    chained = []
    for row in rows:
        content = hashed_content(ledger, row)
        row_hash = chain_hash(prev, content)
        chained.append({**content, "prev_hash": prev, "row_hash": row_hash})
        prev = row_hash
    return chained


def append(session: Session | Connection, ledger: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Insert rows at the end of a ledger, chained onto its last row.

    The caller's transaction must hold the write lock (BEGIN IMMEDIATE, see database.py).
    """
    table, _hashed = LEDGERS[ledger]
    chained = _chain(ledger, rows, _last_hash(session, table))
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
    """One audit entry. `fields` are names of changed fields, never their values.

    About a versioned record (a client, an opt-out request), it also carries the hash of the
    record as it stands now, pending changes flushed: so audit after the change, not before.
    """
    version = ""
    if entity in VERSIONED and entity_id is not None:
        if isinstance(session, Session):
            session.flush()
        version = record_version(session, entity, entity_id) or ""
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
                "version": version,
            }
        ],
    )


def record_version(session: Session | Connection, entity: str, entity_id: int) -> str | None:
    """The hash of a versioned record's every column as the database holds it; None if gone."""
    table = VERSIONED[entity]
    row = session.execute(select(table).where(table.c.id == entity_id)).mappings().first()
    return None if row is None else version_of(row)


def version_of(row: Mapping[str, Any]) -> str:
    # A time read without its zone is UTC, as stored; never the computer's own zone, which
    # may change between the write and the check.
    return chain_hash("", {name: _as_utc(value) for name, value in row.items()})


def _as_utc(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


def versions_differing(connection: Connection, entity: str) -> tuple[list[int], int]:
    """The ids of `entity` rows that differ from their last audited version, and how many
    rows have no version to compare (last changed before versions were recorded)."""
    table = VERSIONED[entity]
    latest = (
        select(AUDIT_TABLE.c.entity_id, func.max(AUDIT_TABLE.c.id).label("last"))
        .where(AUDIT_TABLE.c.entity == entity, AUDIT_TABLE.c.version != "")
        .group_by(AUDIT_TABLE.c.entity_id)
        .subquery()
    )
    recorded = dict(
        connection.execute(
            select(latest.c.entity_id, AUDIT_TABLE.c.version).join(
                AUDIT_TABLE, AUDIT_TABLE.c.id == latest.c.last
            )
        ).all()
    )
    differing, unseen = [], 0
    for row in connection.execute(select(table).order_by(table.c.id)).mappings():
        version = recorded.get(row["id"])
        if version is None:
            unseen += 1
        elif version != version_of(row):
            differing.append(row["id"])
    return differing, unseen


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
    later = HASHED_WHEN_FILLED[ledger]
    names = (*hashed, *later)
    columns = [table.c.id, *(table.c[name] for name in names), table.c.prev_hash, table.c.row_hash]
    prev = GENESIS_HASH
    # Rows as tuples, not mappings: check reads every row of both ledgers.
    for row_id, *values, prev_hash, row_hash in connection.execute(
        select(*columns).order_by(table.c.id)
    ):
        if prev_hash != prev:
            return ChainBreak(ledger, row_id, "does not follow the row before it")
        content = dict(zip(names, values, strict=True))
        for name in later:
            if not content[name]:
                del content[name]  # hashed only when filled (see hashed_content)
        if row_hash != chain_hash(prev, content):
            return ChainBreak(ledger, row_id, "was changed after it was recorded")
        prev = row_hash
    return None
