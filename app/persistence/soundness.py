"""What makes a file a sound Privacy Desk database: whole, linked, complete, guarded, chained.

`check` reports every finding; a restore refuses a candidate at the first one. Both ask these
functions, so the two can never disagree about what sound means.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text
from sqlmodel import SQLModel

from app.persistence import ledgers
from app.persistence.ledgers import ChainBreak
from app.persistence.models import APPEND_ONLY_TABLES

# The triggers that make the ledgers append-only and opt-out requests undeletable.
REQUIRED_TRIGGERS = (
    *(
        f"{table}_no_{statement}"
        for table in APPEND_ONLY_TABLES
        for statement in ("update", "delete")
    ),
    # Kept records that are never deleted (an opt-out, its objection, an incident: GDPR
    # Art. 33(5) wants every breach documented).
    "optout_request_no_delete",
    "objection_no_delete",
    "incident_no_delete",
    "optout_review_no_delete",  # a review kept shows the opt-out path was checked
    "rights_request_no_delete",  # request records are kept (DESIGN.md 5)
    "erasure_no_delete",  # an erasure kept shows the deletion was carried out
    "sharing_pause_no_delete",  # a pause kept shows what was held back from a vendor
    "sharing_pause_lift_once",  # and a pause lifted stays lifted
    "correction_no_delete",  # a correction kept shows the request was carried out
)


def integrity_messages(connection: Connection) -> list[str]:
    """SQLite's own words for damage in the file (English only); empty when it is whole."""
    found = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
    return [] if found == ["ok"] else found


def foreign_key_breaks(connection: Connection) -> list[tuple[str, int, str]]:
    """(table, row id, parent table) for each row pointing to a row that is not there."""
    return [
        (table, rowid, parent)
        for table, rowid, parent, _ in connection.exec_driver_sql("PRAGMA foreign_key_check")
    ]


def missing_tables(connection: Connection) -> list[str]:
    """The tables of this version's records that the file lacks."""
    present = set(inspect(connection).get_table_names())
    return sorted(set(SQLModel.metadata.tables) - present)


def missing_triggers(connection: Connection) -> list[str]:
    present = set(
        connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        .scalars()
        .all()
    )
    return [name for name in REQUIRED_TRIGGERS if name not in present]


def chain_breaks(connection: Connection) -> list[ChainBreak]:
    """The first broken row of each ledger whose chain does not verify."""
    return [
        broken
        for ledger in ledgers.LEDGERS
        if (broken := ledgers.verify(connection, ledger)) is not None
    ]
