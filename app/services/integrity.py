"""`check`: is the file whole, are its links and ledgers intact, is its schema ours, and are
the scans the records point to still there, byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Connection, text

from app.persistence import migrator, soundness
from app.persistence.store import Store
from app.services.rows import CheckReport

# The records that keep a scan: its file name in the evidence folder and its sha256.
EVIDENCE_SOURCES = (("consent_event", "consent event"), ("optout_request", "opt-out request"))


def check(store: Store) -> CheckReport:
    """Every problem found, each a sentence naming the table and row concerned."""
    problems: list[str] = []
    with store.engine.connect() as connection:
        integrity = soundness.integrity_messages(connection)
        problems.extend(f"Integrity: {message}" for message in integrity[:20])
        for table, rowid, parent in soundness.foreign_key_breaks(connection):
            problems.append(f"Foreign key: {table} row {rowid} points to a missing {parent} row.")
        for broken in soundness.chain_breaks(connection):
            problems.append(f"Ledger {broken.ledger}: row {broken.row_id} {broken.reason}.")
        problems.extend(
            f"Guard missing: trigger {name} (the ledger can be changed behind the app's back)."
            for name in soundness.missing_triggers(connection)
        )
        revision = migrator.current_revision(connection)
        if revision != migrator.head_revision():
            problems.append(f"Schema: revision {revision}, expected {migrator.head_revision()}.")
        problems.extend(
            f"Schema: the table {table} is missing."
            for table in soundness.missing_tables(connection)
        )
        problems.extend(evidence_problems(connection, store.paths.evidence))
    return CheckReport(ok=not problems, problems=tuple(problems))


def evidence_problems(connection: Connection, folder: Path) -> list[str]:
    """A scan that is missing, or whose bytes no longer have the hash recorded with it.

    The hash is what makes a scan evidence: it shows the file is the one that was recorded.
    Each file is read once however many records share it (one signed form, many answers).
    """
    problems: list[str] = []
    digests: dict[str, str | None] = {}
    for table, words in EVIDENCE_SOURCES:
        rows = connection.execute(  # `table` comes from EVIDENCE_SOURCES, never from input
            text(
                f"SELECT id, evidence_file, evidence_sha256 FROM {table} "
                "WHERE evidence_file != '' ORDER BY id"
            )
        )
        for row_id, name, recorded in rows:
            if name not in digests:
                digests[name] = _sha256_of(folder, name)
            found = digests[name]
            if found is None:
                problems.append(f"Evidence: {words} {row_id} names {name}, which is missing.")
            elif found != recorded:
                problems.append(
                    f"Evidence: {words} {row_id} names {name}, whose content has changed "
                    "since it was recorded (sha256 differs)."
                )
    return problems


def _sha256_of(folder: Path, name: str) -> str | None:
    file = folder / name
    if Path(name).name != name or not file.is_file():  # a name is never a path elsewhere
        return None
    with file.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
