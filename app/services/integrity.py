"""`check`: is the file whole, are its links and ledgers intact, is its schema ours."""

from __future__ import annotations

from sqlalchemy import text

from app.persistence import ledgers, migrator
from app.persistence.models import APPEND_ONLY_TABLES
from app.persistence.store import Store
from app.services.rows import CheckReport

REQUIRED_TRIGGERS = (
    *(
        f"{table}_no_{statement}"
        for table in APPEND_ONLY_TABLES
        for statement in ("update", "delete")
    ),
    "optout_request_no_delete",
)


def check(store: Store) -> CheckReport:
    """Every problem found, each a sentence naming the table and row concerned."""
    problems: list[str] = []
    with store.engine.connect() as connection:
        integrity = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems.extend(f"Integrity: {message}" for message in integrity[:20])
        for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check"):
            problems.append(f"Foreign key: {table} row {rowid} points to a missing {parent} row.")
        for ledger in ledgers.LEDGERS:
            broken = ledgers.verify(connection, ledger)
            if broken:
                problems.append(f"Ledger {ledger}: row {broken.row_id} {broken.reason}.")
        triggers = set(
            connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            .scalars()
            .all()
        )
        problems.extend(
            f"Guard missing: trigger {name} (the ledger can be changed behind the app's back)."
            for name in REQUIRED_TRIGGERS
            if name not in triggers
        )
        revision = migrator.current_revision(connection)
        if revision != migrator.head_revision():
            problems.append(f"Schema: revision {revision}, expected {migrator.head_revision()}.")
    return CheckReport(ok=not problems, problems=tuple(problems))
