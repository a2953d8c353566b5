"""Opening a practice's data folder safely: lock, permissions, checks, upgrade with a way back."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError as SQLAlchemyDatabaseError
from sqlalchemy.exc import SQLAlchemyError

from app.domain.errors import N_
from app.paths import DataPaths
from app.persistence import anchors, backup, migrator, restoring
from app.persistence.database import (
    InstanceLock,
    create_private_file,
    ensure_sqlite_file,
    make_engine,
    prepare_folder,
    restrict_sidecar_files,
)
from app.persistence.errors import (
    MigrationFailed,
    NotAPrivacyDeskDatabase,
)

log = logging.getLogger(__name__)


@dataclass
class Store:
    """An open data folder: its paths, its engines, and the lock that makes it ours.

    `engine` is for use cases that write (one transaction holding the write lock);
    `reader` for those that only read, which then never wait for a writer.
    """

    paths: DataPaths
    engine: Engine
    lock: InstanceLock
    reader: Engine = field(init=False)

    def __post_init__(self) -> None:
        self.reader = make_engine(self.paths.database, for_writing=False)

    @classmethod
    def open(cls, paths: DataPaths) -> Store:
        prepare_folder(paths)
        lock = InstanceLock(paths.lock_file)
        lock.acquire()
        try:
            for folder in (paths.home, paths.backups):
                backup.remove_every_partial(folder)
            engine = _open_and_upgrade(paths)
        except BaseException:
            lock.release()
            raise
        return cls(paths=paths, engine=engine, lock=lock)

    @property
    def anchor_key(self) -> bytes | None:
        """The key the ledger anchors are signed with: none until the practice is encrypted."""
        return None

    def close(self) -> None:
        self.write_anchor()
        self.engine.dispose()
        self.reader.dispose()
        self.lock.release()

    def write_anchor(self, file: Path | None = None) -> None:
        """Where the ledgers end now, into the data folder's anchor (or `file`, a backup's).

        Never stops a close: a file that cannot be read or written is logged, by kind only.
        """
        file = file or self.paths.home / anchors.ANCHOR_FILE
        try:
            with self.reader.connect() as connection:
                heads = anchors.chain_heads(connection)
            anchors.write_anchor(file, heads, key=self.anchor_key, now=datetime.now(UTC))
        except (OSError, SQLAlchemyError) as error:
            log.warning("could not write the ledger anchor: %s", type(error).__name__)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def restore_from(self, file: Path, now: datetime) -> Path:
        """Replace the practice's data with a backup file; the current data is kept as a copy.

        The backup is checked and upgraded on a copy first (restoring.py): refused, it leaves
        the practice exactly as it was, with no copy of anything left behind.
        Returns the safety copy of what was there before.
        """
        staged = restoring.staged_copy(file, self.paths, now)
        try:
            safety_copy = self.paths.backups / backup.timestamped_name("pre-restore-", now)
            backup.backup_engine(self.engine, safety_copy)
            self.reader.dispose()
            try:
                restoring.write_over(staged, self.engine)
            except BaseException:
                safety_copy.unlink(missing_ok=True)  # nothing changed: nothing to keep
                raise
        finally:
            restoring.remove_staged(staged)
        # Pooled connections may hold pages of the data before: every later one starts afresh.
        self.engine.dispose()
        self.reader.dispose()
        restrict_sidecar_files(self.paths.database)
        return safety_copy


def _open_and_upgrade(paths: DataPaths) -> Engine:
    ensure_sqlite_file(paths.database)
    create_private_file(paths.database)
    engine = make_engine(paths.database)
    try:
        if migrator.stamped_revision(engine) == migrator.SHIPPED_HEAD:
            restrict_sidecar_files(paths.database)
            return engine
    except SQLAlchemyDatabaseError:
        engine.dispose()
        raise NotAPrivacyDeskDatabase(
            N_("{file} is not a Privacy Desk database."), file=paths.database
        ) from None
    try:
        revision = migrator.assess(engine)
    except SQLAlchemyDatabaseError:
        engine.dispose()
        raise NotAPrivacyDeskDatabase(
            N_("{file} is not a Privacy Desk database."), file=paths.database
        ) from None
    except BaseException:
        engine.dispose()
        raise
    if revision != migrator.head_revision():
        _upgrade_with_safety_copy(engine, paths, revision)
    restrict_sidecar_files(paths.database)
    return engine


def _upgrade_with_safety_copy(engine: Engine, paths: DataPaths, revision: str | None) -> None:
    if revision is None:  # a new, empty file: nothing to protect
        migrator.upgrade(engine)
        return
    now = datetime.now(UTC)
    safety_copy = paths.backups / backup.timestamped_name(f"pre-upgrade-{revision}-", now)
    backup.backup_engine(engine, safety_copy)
    try:
        migrator.upgrade(engine)
    except Exception as error:
        engine.dispose()
        for suffix in ("-wal", "-shm"):
            paths.database.with_name(paths.database.name + suffix).unlink(missing_ok=True)
        shutil.copyfile(safety_copy, paths.database)
        raise MigrationFailed(
            N_(
                "Upgrading the database failed ({error}); it was put back as it was from "
                "{copy}. Nothing was lost."
            ),
            error=type(error).__name__,
            copy=safety_copy.name,
        ) from error
