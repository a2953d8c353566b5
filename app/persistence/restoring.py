"""Restoring a backup: checked and upgraded on a copy, then written over the data in one go.

Until the last step nothing of the practice is touched, so a refused, failed or killed restore
leaves it exactly as it was. The last step is SQLite's backup API into the open database:
one write transaction, which a kill or a full disk midway rolls back.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from app.domain.errors import N_, Phrase
from app.paths import DataPaths
from app.persistence import backup, cipher, migrator, soundness
from app.persistence.database import KEY_INFO, make_engine
from app.persistence.errors import (
    DatabaseFromNewerVersion,
    DiskFull,
    NotAPrivacyDeskDatabase,
    RestoreRefused,
)

log = logging.getLogger(__name__)

STAGED_PREFIX = "restoring-"
_LEDGER_WORDS = {
    "consent_event": Phrase(N_("consent history")),
    "audit_log": Phrase(N_("audit log")),
}


def staged_copy(
    file: Path,
    paths: DataPaths,
    now: datetime,
    key: bytes | None = None,
    *,
    source_key: bytes | None = None,
) -> Path:
    """A checked copy of `file` at this version's schema, beside the backups; or a refusal.

    The copy's name ends in ".partial", so one a kill leaves is removed at the next start.
    `key` is the practice's: the copy is encrypted with it, whether `file` is a backup of
    this practice (same key), from before encryption (plain), or carried from another
    computer (opened with `source_key`, that practice's key).
    """
    candidate = backup.open_candidate(file, source_key or key)  # a file, SQLite, whole
    name = backup.timestamped_name(STAGED_PREFIX, now) + backup.PARTIAL_SUFFIX
    staged = paths.backups / name
    try:
        try:
            _refuse_unless_ours(candidate, file)
            if key is not None and backup.looks_like_sqlite(file):
                # SQLCipher's backup API does not copy a plain file into a keyed one.
                cipher.export(candidate, staged, key)
            else:
                # SQLCipher's backup API does copy between two keys: a carried backup's pages
                # are decrypted with its practice's key and written under this one's.
                backup.copy_database(candidate, staged, key)
        finally:
            candidate.close()
        engine = make_engine(staged, key=key)
        try:
            _upgrade(engine, file)
            _refuse_unless_sound(engine, file)
        finally:
            engine.dispose()
    except BaseException:
        remove_staged(staged)
        raise
    return staged


def write_over(staged: Path, engine: Engine) -> None:
    """Every page of the staged copy into the practice's file, in one SQLite transaction."""
    # Keyed as the practice's own engine is (the staged copy was made under its key).
    source_engine = make_engine(staged, key=_key_of(engine), for_writing=False)
    try:
        source = source_engine.raw_connection()
        target = engine.raw_connection()
        try:
            source.driver_connection.backup(target.driver_connection)
        except cipher.OperationalError as error:
            if "full" in str(error).lower():
                raise DiskFull(
                    N_("The disk is full, so the backup was not restored; nothing was changed.")
                ) from None
            raise
        finally:
            target.close()
            source.close()
    finally:
        source_engine.dispose()


def _key_of(engine: Engine) -> bytes | None:
    raw = engine.raw_connection()
    try:
        return raw.info.get(KEY_INFO)
    finally:
        raw.close()


def remove_staged(staged: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal", backup.PARTIAL_SUFFIX):
        with contextlib.suppress(FileNotFoundError):
            staged.with_name(staged.name + suffix).unlink()


def _refuse_unless_ours(candidate: cipher.Connection, file: Path) -> None:
    try:
        row = candidate.execute("SELECT version_num FROM alembic_version").fetchone()
        tables = {
            name
            for (name,) in candidate.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        }
    except cipher.DatabaseError:
        row, tables = None, set()
    if row is None:
        raise NotAPrivacyDeskDatabase(N_("{file} is not a Privacy Desk database."), file=file)
    if row[0] not in migrator.known_revisions():
        raise DatabaseFromNewerVersion(
            N_(
                "{file} comes from a newer version of Privacy Desk; "
                "install it to restore this file."
            ),
            file=file,
        )
    if not tables - {"alembic_version"}:
        raise RestoreRefused(
            N_(
                "{file} holds no Privacy Desk records, only a schema version, so it cannot "
                "be restored."
            ),
            file=file,
        )


def _upgrade(engine: Engine, file: Path) -> None:
    if migrator.stamped_revision(engine) == migrator.SHIPPED_HEAD:
        return
    try:
        migrator.upgrade(engine)
    except Exception as error:
        log.warning("restore: upgrading the candidate copy failed", exc_info=True)
        raise RestoreRefused(
            N_(
                "{file} cannot be restored: upgrading it to this version of Privacy Desk "
                "failed ({error}), so nothing was changed."
            ),
            file=file,
            error=type(error).__name__,
        ) from None


def _refuse_unless_sound(engine: Engine, file: Path) -> None:
    """The first reason the upgraded copy is not a sound practice, as a refusal."""
    with engine.connect() as connection:
        damage = soundness.integrity_messages(connection)
        if damage:
            raise RestoreRefused(N_("{file} is damaged: {problem}."), file=file, problem=damage[0])
        for table in soundness.missing_tables(connection):
            raise RestoreRefused(
                N_("{file} cannot be restored: it lacks the {table} table of a Privacy Desk file."),
                file=file,
                table=table,
            )
        for trigger in soundness.missing_triggers(connection):
            raise RestoreRefused(
                N_(
                    "{file} cannot be restored: the guard that keeps its records append-only "
                    "was removed (trigger {trigger})."
                ),
                file=file,
                trigger=trigger,
            )
        for broken in soundness.chain_breaks(connection):
            raise RestoreRefused(
                N_(
                    "{file} cannot be restored: its {ledger} was altered outside Privacy Desk "
                    "at row {row}, so it is no longer evidence."
                ),
                file=file,
                ledger=_LEDGER_WORDS[broken.ledger],
                row=broken.row_id,
            )
        for table, row, parent in soundness.foreign_key_breaks(connection):
            raise RestoreRefused(
                N_("{file} cannot be restored: {table} row {row} points to a missing {parent}."),
                file=file,
                table=table,
                row=row,
                parent=parent,
            )
