"""The SQLite file: where it lives, how every connection is set up, and who may open it.

This is the one module that knows the database is SQLite (pragmas, file permissions, the
instance lock); everything else speaks SQLAlchemy and stays dialect-neutral.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from app.domain.errors import N_
from app.paths import DataPaths
from app.persistence import cipher
from app.persistence.errors import (
    DataFolderLocked,
    DataFolderReadOnly,
    DataFolderUnusable,
    DiskFull,
    NotAPrivacyDeskDatabase,
    StorageError,
)

BUSY_TIMEOUT_MS = 5000
# SQLCipher decrypts (and checks the HMAC of) every page it reads into its own cache; the OS's
# file cache holds only ciphertext. With SQLite's default 2 MiB a broad search of 50,000
# clients read the same pages again: 70 ms encrypted, 22 ms plain; with 16 MiB, 10-11 ms both
# (tests/bench). Per connection, filled only by what is read.
CACHE_KIB = 16 * 1024
OWNER_ONLY_FILE = 0o600
OWNER_ONLY_FOLDER = 0o700


# Where an engine's connections keep their key (SQLAlchemy's per-connection `info`), so a
# backup of an engine's file can be keyed alike without the key travelling through callers.
KEY_INFO = "privacy_desk_key"


def _connect(database_file: Path, key: bytes | None) -> cipher.Connection:
    # The key pragma comes first on every connection (cipher.connect), then the pragmas below.
    return cipher.connect(database_file, key, check_same_thread=False)


def configure_connection(dbapi_connection: cipher.Connection, _record: object) -> None:
    # Let SQLAlchemy, not pysqlite, decide when transactions begin (SQLAlchemy SQLite docs).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=FULL",
        "PRAGMA foreign_keys=ON",
        "PRAGMA secure_delete=ON",
        f"PRAGMA cache_size=-{CACHE_KIB}",
    ):
        cursor.execute(pragma)
    cursor.close()


def begin_immediately(connection) -> None:
    # BEGIN IMMEDIATE takes the write lock up front, so the hash chains read their last row
    # and append in one step: two writers can never chain onto the same row.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _begin_deferred(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(
    database_file: Path, *, key: bytes | None = None, for_writing: bool = True
) -> Engine:
    """An engine whose every connection has the safety pragmas of DESIGN.md section 4.

    `key` is the practice's SQLCipher key; None opens a plain (not yet encrypted) file.
    The writing engine begins every transaction holding the write lock; the reading engine
    never asks for it, so with WAL a search never waits for a write in progress.
    """
    # The pool hands a connection to one thread at a time (the GUI thread or the database
    # worker), so the driver's same-thread check is relaxed (in _connect).
    # module=: without it SQLAlchemy would not know the driver's error classes, and an
    # IntegrityError would arrive as sqlcipher3's own, past the app's error mapping (PITFALLS).
    # hide_parameters: an error logged as a bug must not carry the names and notes it was saving.
    engine = create_engine(
        f"sqlite:///{database_file}",
        creator=partial(_connect, database_file, key),
        module=cipher.dbapi,
        hide_parameters=True,
    )

    def remember_key(_dbapi_connection: object, record) -> None:
        record.info[KEY_INFO] = key

    event.listen(engine, "connect", configure_connection)
    event.listen(engine, "connect", remember_key)
    event.listen(engine, "begin", begin_immediately if for_writing else _begin_deferred)
    return engine


def prepare_folder(paths: DataPaths) -> None:
    """Create the data folder owner-only and make sure we can write in it."""
    _refuse_unless_a_folder(paths.home)
    try:
        paths.home.mkdir(parents=True, exist_ok=True, mode=OWNER_ONLY_FOLDER)
        for folder in (paths.backups, paths.evidence, paths.documents, paths.logs):
            folder.mkdir(exist_ok=True, mode=OWNER_ONLY_FOLDER)
    except OSError as error:  # no permission, or a file where a folder on the way should be
        kind = DataFolderReadOnly if isinstance(error, PermissionError) else DataFolderUnusable
        raise kind(
            # The system's reason (strerror) comes in the system's language.
            N_("Cannot create the data folder {folder}: {reason}."),
            folder=paths.home,
            reason=error.strerror,
        ) from None
    with contextlib.suppress(PermissionError):  # the folder may predate us (e.g. the log)
        paths.home.chmod(OWNER_ONLY_FOLDER)
    if not os.access(paths.home, os.W_OK):
        raise DataFolderReadOnly(N_("The data folder {folder} is read-only."), folder=paths.home)
    if paths.database.exists() and not os.access(paths.database, os.W_OK):
        raise DataFolderReadOnly(N_("The database {file} is read-only."), file=paths.database)


def _refuse_unless_a_folder(home: Path) -> None:
    """A path that exists but is no folder is named as what it is, before anything is made."""
    if home.is_symlink() and not home.exists():
        raise DataFolderUnusable(
            N_("The data folder {folder} points to {target}, which does not exist."),
            folder=home,
            target=os.readlink(home),
        )
    if home.is_file():
        raise DataFolderUnusable(
            N_("The data folder {folder} is a file, not a folder."), folder=home
        )
    if home.exists() and not home.is_dir():
        raise DataFolderUnusable(
            N_("The data folder {folder} is a device or other special file, not a folder."),
            folder=home,
        )


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (before SQLite ever opens it)."""
    if not path.exists():
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY, OWNER_ONLY_FILE)
        os.close(descriptor)


def restrict_sidecar_files(database_file: Path) -> None:
    """WAL and shared-memory files hold data too: owner-only as well."""
    for suffix in ("", "-wal", "-shm"):
        sidecar = database_file.with_name(database_file.name + suffix)
        if sidecar.exists():
            with contextlib.suppress(PermissionError):
                sidecar.chmod(OWNER_ONLY_FILE)


def looks_like_sqlite(path: Path) -> bool:
    """A plain SQLite file (an encrypted one looks like random bytes from its first byte)."""
    return cipher.is_plain_sqlite(path)


def ensure_sqlite_file(path: Path) -> None:
    """Refuse a file that is not plain SQLite (an encrypted one is checked with its key)."""
    if not cipher.is_empty(path) and not looks_like_sqlite(path):
        raise NotAPrivacyDeskDatabase(N_("{file} is not a Privacy Desk database."), file=path)


class InstanceLock:
    """One running copy per data folder: a second copy gets a clear refusal, not a race."""

    def __init__(self, lock_file: Path) -> None:
        self._lock_file = lock_file
        self._handle = None

    def acquire(self) -> None:
        create_private_file(self._lock_file)
        handle = self._lock_file.open("a+")
        try:
            _lock_exclusively(handle)
        except OSError:
            handle.close()
            raise DataFolderLocked(
                N_(
                    "The data folder {folder} is in use by another running copy of "
                    "Privacy Desk. Close it and try again."
                ),
                folder=self._lock_file.parent,
            ) from None
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file releases the lock
            self._handle = None


def _lock_exclusively(handle) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def known_storage_error(error: OperationalError) -> StorageError | None:
    """The words for what SQLite reports about its surroundings (disk, permissions, locks)."""
    message = str(error.orig).lower()
    if "full" in message:  # SQLITE_FULL: "database or disk is full"
        return DiskFull(
            N_("The disk is full, so nothing was saved. Free some space and try again.")
        )
    if "readonly" in message or "read-only" in message:  # SQLITE_READONLY
        return DataFolderReadOnly(
            N_(
                "The database can only be read (the file or its disk is read-only), so "
                "nothing was saved."
            )
        )
    if "locked" in message or "busy" in message:  # SQLITE_BUSY after the busy timeout
        return DataFolderLocked(
            N_(
                "Another program is using the database, so nothing was saved. "
                "Try again in a moment."
            )
        )
    return None


@contextlib.contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One transaction: commits when the block ends, rolls back everything if it raises.

    Raises:
        DiskFull, DataFolderReadOnly, DataFolderLocked: SQLite could not write; nothing was.
    """
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except OperationalError as error:
            session.rollback()
            known = known_storage_error(error)
            if known is None:
                raise
            raise known from None
        except BaseException:
            session.rollback()
            raise


@contextlib.contextmanager
def rehearsal(engine: Engine) -> Iterator[Session]:
    """A transaction that is always undone: steps run through the real writes (triggers,
    ledgers, links) so their effect can be read, then rolled back, leaving no row, no ledger
    entry and no gap behind. For checking that a path works, never for keeping anything.

    Raises:
        DiskFull, DataFolderReadOnly, DataFolderLocked: SQLite could not run the steps.
    """
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        except OperationalError as error:
            known = known_storage_error(error)
            if known is None:
                raise
            raise known from None
        finally:
            session.rollback()
