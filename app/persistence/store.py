"""Opening a practice's data folder safely: lock, permissions, checks, upgrade with a way back."""

from __future__ import annotations

import hashlib
import hmac
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
from app.persistence import (
    anchors,
    backup,
    cipher,
    encrypting,
    keychain,
    keyfile,
    migrator,
    restoring,
)
from app.persistence.database import (
    InstanceLock,
    create_private_file,
    ensure_sqlite_file,
    make_engine,
    prepare_folder,
    restrict_sidecar_files,
)
from app.persistence.errors import (
    KeyNeeded,
    MigrationFailed,
    NotAPrivacyDeskDatabase,
    PracticeNotSetUp,
    WrongPassphrase,
)

log = logging.getLogger(__name__)


@dataclass
class Store:
    """An open data folder: its paths, its engines, and the lock that makes it ours.

    `engine` is for use cases that write (one transaction holding the write lock);
    `reader` for those that only read, which then never wait for a writer.
    `key` is the SQLCipher key of the file, None for a practice not yet encrypted.
    """

    paths: DataPaths
    engine: Engine
    lock: InstanceLock
    key: bytes | None = field(default=None, repr=False)  # never in a log or a traceback
    reader: Engine = field(init=False)

    def __post_init__(self) -> None:
        self.reader = make_engine(self.paths.database, key=self.key, for_writing=False)

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @classmethod
    def open(cls, paths: DataPaths, key: bytes | None = None, *, plain: bool = False) -> Store:
        """Open (creating if new) the practice in `paths`.

        Args:
            key: the practice key; without it, the keyring's key for the practice named in
                the key file. A plain file (from before encryption) opens without a key.
            plain: create a new practice unencrypted (only tests and `encrypt` need one).

        Raises:
            PracticeNotSetUp: nothing here yet and no key to create it with.
            KeyNeeded: the practice is encrypted and the keyring has no key for it.
            WrongPassphrase: the key given does not open the file.
        """
        prepare_folder(paths)
        lock = InstanceLock(paths.lock_file)
        lock.acquire()
        try:
            encrypting.finish_interrupted(paths.database)
            for folder in (paths.home, paths.backups):
                backup.remove_every_partial(folder)
                anchors.remove_partials(folder)  # no data, but a leftover all the same
            # A passphrase change killed before its rename: the old key file is in force.
            keyfile.partial_of(paths.key_file).unlink(missing_ok=True)
            key = _key_for(paths, key, plain=plain)
            engine = _open_and_upgrade(paths, key)
        except BaseException:
            lock.release()
            raise
        opened = cls(paths=paths, engine=engine, lock=lock, key=key)
        anchors.settle_pending(paths.home, engine, key=opened.anchor_key)  # a killed restore's
        return opened

    @property
    def anchor_key(self) -> bytes | None:
        """The key the ledger anchors are signed with: none until the practice is encrypted.

        Derived from the practice key (HMAC-SHA256 of a fixed label), so the anchor's MAC key
        is never the SQLCipher key itself.
        """
        return None if self.key is None else anchor_key_of(self.key)

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

    def _write_anchor_of(self, database: Path) -> None:
        """Where `database`'s ledgers end, as the pending anchor (see settle_pending_anchor)."""
        engine = make_engine(database, key=self.key, for_writing=False)
        try:
            with engine.connect() as connection:
                heads = anchors.chain_heads(connection)
            anchors.write_anchor(
                anchors.pending_anchor(self.paths.home),
                heads,
                key=self.anchor_key,
                now=datetime.now(UTC),
            )
        except (OSError, SQLAlchemyError) as error:
            log.warning("could not write the ledger anchor: %s", type(error).__name__)
        finally:
            engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def encrypt(self, key: bytes) -> None:
        """Encrypt this plain practice's file under `key` (see encrypting.py), then reopen it.

        On any failure the file is as it was and the store opens it as before.
        """
        self.engine.dispose()
        self.reader.dispose()
        try:
            encrypting.encrypt_file(self.paths.database, key)
        finally:
            self.key = None if cipher.is_plain_sqlite(self.paths.database) else key
            self.engine = _open_and_upgrade(self.paths, self.key)
            self.reader = make_engine(self.paths.database, key=self.key, for_writing=False)

    def restore_from(self, file: Path, now: datetime, *, source_key: bytes | None = None) -> Path:
        """Replace the practice's data with a backup file; the current data is kept as a copy.

        The backup is checked and upgraded on a copy first (restoring.py): refused, it leaves
        the practice exactly as it was, with no copy of anything left behind. `source_key`
        opens a backup another practice made (its data ends under this practice's key).
        Returns the safety copy of what was there before.
        """
        staged = restoring.staged_copy(file, self.paths, now, self.key, source_key=source_key)
        try:
            safety_copy = self.paths.backups / backup.timestamped_name("pre-restore-", now)
            backup.backup_engine(self.engine, safety_copy)
            self.reader.dispose()
            # The restored ledgers' anchor is written before they are written in, as pending:
            # a kill on either side of the write (one transaction) leaves one of the two
            # anchors agreeing with the file, and the next open keeps that one.
            self._write_anchor_of(staged)
            try:
                restoring.write_over(staged, self.engine)
            except BaseException:
                safety_copy.unlink(missing_ok=True)  # nothing changed: nothing to keep
                anchors.pending_anchor(self.paths.home).unlink(missing_ok=True)
                raise
            anchors.settle_pending(self.paths.home, self.engine, key=self.anchor_key)
        finally:
            restoring.remove_staged(staged)
        # Pooled connections may hold pages of the data before: every later one starts afresh.
        self.engine.dispose()
        self.reader.dispose()
        restrict_sidecar_files(self.paths.database)
        return safety_copy


def anchor_key_of(key: bytes) -> bytes:
    """The ledger anchors' HMAC key for a practice key (see Store.anchor_key)."""
    return hmac.new(key, b"privacy-desk ledger anchor v1", hashlib.sha256).digest()


def _key_for(paths: DataPaths, key: bytes | None, *, plain: bool) -> bytes | None:
    """The key the practice's file needs: given, from the keyring, or none for a plain file."""
    database = paths.database
    if not cipher.is_empty(database) and cipher.is_plain_sqlite(database):
        return None  # a practice from before encryption (`encrypt` offers to change that)
    if key is not None:
        if not _opens(database, key):
            # A key that does not decrypt the file is a wrong key, not a file that is not ours.
            raise WrongPassphrase(N_("That recovery passphrase does not open this practice."))
        return key
    wrapped = keyfile.read(paths.key_file)
    if wrapped is None:
        if cipher.is_empty(database):
            if plain:
                return None
            raise PracticeNotSetUp(N_("There is no practice in {folder} yet."), folder=paths.home)
        raise NotAPrivacyDeskDatabase(
            N_(
                "{file} is not a Privacy Desk database, or it is encrypted and its key file "
                "{key_file} is not beside it."
            ),
            file=database,
            key_file=paths.key_file.name,
        )
    stored = keychain.load(wrapped.practice_id)
    if stored is None or not _opens(database, stored):
        raise KeyNeeded(
            N_(
                "This practice is encrypted and this computer's keyring does not hold its "
                "key: its recovery passphrase is needed."
            )
        )
    return stored


def _open_and_upgrade(paths: DataPaths, key: bytes | None) -> Engine:
    """Open (the key already checked against the file) and upgrade to our schema."""
    if key is None:
        ensure_sqlite_file(paths.database)
    create_private_file(paths.database)
    engine = make_engine(paths.database, key=key)
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


def _opens(database: Path, key: bytes) -> bool:
    if cipher.is_empty(database) or cipher.is_plain_sqlite(database):
        return True
    connection = cipher.connect(database, key, read_only=True)
    try:
        return cipher.opens_with(connection)
    finally:
        connection.close()


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
