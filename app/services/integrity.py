"""`check`: is the file whole, are its links and ledgers intact, is its schema ours, and are
the scans the records point to still there, byte for byte."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Connection, text

from app.persistence import anchors, ledgers, migrator, soundness
from app.persistence.store import Store
from app.services.erasure.files import erased_file_names, unfinished_erasure_problems
from app.services.rows import CheckReport, LedgerHeads

# The records that keep a scan: its file name in the evidence folder and its sha256.
EVIDENCE_SOURCES = (
    ("consent_event", "consent event"),
    ("optout_request", "opt-out request"),
    ("rights_request", "rights request"),
)


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
        problems.extend(unfinished_erasure_problems(connection))
        found, notes = anchor_problems(connection, store)
        problems.extend(found)
        found, unseen = version_problems(connection)
        problems.extend(found)
        notes.extend(unseen)
    return CheckReport(ok=not problems, problems=tuple(problems), notes=tuple(notes))


# A versioned record's words in a sentence: "client 12 was changed outside the program".
VERSIONED_WORDS = {
    "client": ("client", "clients"),
    "optout_request": ("opt-out request", "opt-out requests"),
    "incident": ("incident", "incidents"),
    "rights_request": ("rights request", "rights requests"),
}


def version_problems(connection: Connection) -> tuple[list[str], list[str]]:
    """Clients and opt-out requests that differ from the version their last audit entry
    recorded: changed outside the program. And a note of those it cannot judge."""
    problems, notes = [], []
    for entity, (one, many) in VERSIONED_WORDS.items():
        differing, unseen = ledgers.versions_differing(connection, entity)
        problems.extend(
            f"Record: {one} {row_id} was changed outside the program (it differs from the "
            "version its last audit entry recorded)."
            for row_id in differing
        )
        if unseen:
            notes.append(
                f"{unseen} {one if unseen == 1 else many} without a recorded version (last "
                "changed before versions were recorded, or made by the demo): a change made "
                "to them outside the program cannot be seen."
            )
    return problems, notes


def anchor_problems(connection: Connection, store: Store) -> tuple[list[str], list[str]]:
    """The ledgers against the newest anchor kept outside the database (a cut, a rewrite).

    Returns the problems, and notes on what the anchors cannot show.
    """
    problems: list[str] = []
    notes: list[str] = []
    key = store.anchor_key
    readable = []
    for file in anchors.anchor_files(store.paths.home, store.paths.backups):
        try:
            readable.append(anchors.read_anchor(file, key=key))
        except anchors.AnchorUnreadable as error:
            problems.append(f"Anchor: {error}.")
    if not readable:
        notes.append(
            "No ledger anchor yet: one is written when the program closes and with every backup."
        )
        return problems, notes
    newest = max(readable, key=lambda anchor: anchor.written_at)
    problems.extend(anchors.differences(connection, newest))
    if not newest.keyed:
        notes.append(
            "The ledger anchors are not keyed (the practice is not encrypted): whoever can "
            "write its folder could rewrite them as well as the database."
        )
    return problems, notes


def evidence_problems(connection: Connection, folder: Path) -> list[str]:
    """A scan that is missing, or whose bytes no longer have the hash recorded with it.

    The hash is what makes a scan evidence: it shows the file is the one that was recorded.
    Each file is read once however many records share it (one signed form, many answers).
    A file an erasure destroyed is not missing: `unfinished_erasure_problems` says the rest.
    """
    problems: list[str] = []
    digests: dict[str, str | None] = {}
    erased = erased_file_names(connection)  # destroyed on purpose: not missing
    for table, words in EVIDENCE_SOURCES:
        rows = connection.execute(  # `table` comes from EVIDENCE_SOURCES, never from input
            text(
                f"SELECT id, evidence_file, evidence_sha256 FROM {table} "
                "WHERE evidence_file != '' ORDER BY id"
            )
        )
        for row_id, name, recorded in rows:
            if name in erased:
                continue
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


def ledger_heads(store: Store) -> LedgerHeads:
    """Where the ledgers end now, for a register to print beside its rows."""
    with store.reader.connect() as connection:
        heads = anchors.chain_heads(connection)
    consent, audit = heads["consent_event"], heads["audit_log"]
    return LedgerHeads(
        consent_events=consent.count,
        consent_last_hash=consent.last_hash or "",
        audit_entries=audit.count,
        audit_last_hash=audit.last_hash or "",
    )
