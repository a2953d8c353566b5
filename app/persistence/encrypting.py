"""Encrypting a practice that was kept in plain SQLite: copy, verify, swap, remove the plain file.

Every step leaves a practice that opens, plain or encrypted, never neither:
1. `sqlcipher_export` writes an encrypted copy beside the file (`*.encrypting`);
2. the copy is verified: integrity, the same rows in every table, both ledger chains whole;
3. the plain file gets a second name (`*.plain`, a hard link), then the copy is renamed over
   the database (one atomic rename);
4. the plain file, now reachable only as `*.plain`, is overwritten and unlinked.
A kill between any two steps is finished or undone by `finish_interrupted` at the next open.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from sqlalchemy import text

from app.domain.errors import N_
from app.persistence import cipher, durable, ledgers
from app.persistence.database import make_engine
from app.persistence.errors import StorageError

log = logging.getLogger(__name__)

STAGED_SUFFIX = ".encrypting"
PLAIN_SUFFIX = ".plain"
_CHUNK = 1 << 20


def _sidecar(file: Path, suffix: str) -> Path:
    return file.with_name(file.name + suffix)


def encrypt_file(file: Path, key: bytes) -> None:
    """Replace the plain SQLite `file` by an encrypted copy under `key`, verified first.

    No connection may be open on `file` (the caller holds the instance lock and closed its
    engines). Raises StorageError, leaving `file` as it was, when the copy does not verify.
    """
    if not cipher.is_plain_sqlite(file):
        return
    staged = _sidecar(file, STAGED_SUFFIX)
    _remove(staged)
    source = cipher.connect(file, None)
    try:
        # Everything into the main file, so no plain WAL outlives it beside the new one.
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        cipher.export(source, staged, key)
        expected = _row_counts(source)
    finally:
        source.close()
    try:
        _verify(staged, key, expected)
        _fsync(staged)
    except BaseException:
        _remove(staged)
        raise
    for suffix in ("-wal", "-shm"):
        leftover = _sidecar(file, suffix)
        if leftover.exists() and leftover.stat().st_size > 0 and suffix == "-wal":
            _remove(staged)
            raise StorageError(
                N_("The database is still in use, so it was not encrypted. Try again.")
            )
        leftover.unlink(missing_ok=True)
    plain = _sidecar(file, PLAIN_SUFFIX)
    _remove(plain)
    os.link(file, plain)  # the plain data keeps a name until it is overwritten
    os.replace(staged, file)
    _fsync_folder(file.parent)
    destroy(plain)


def finish_interrupted(file: Path) -> None:
    """After a kill during `encrypt_file`: drop the unfinished copy, destroy the plain one.

    The `*.plain` name is the plain data only once the database itself is encrypted; while the
    database is still plain it is a second name of the same file, and only that name goes.
    """
    _remove(_sidecar(file, STAGED_SUFFIX))
    plain = _sidecar(file, PLAIN_SUFFIX)
    if not plain.exists():
        return
    if file.exists() and os.path.samefile(plain, file):
        plain.unlink()
    else:
        destroy(plain)


def destroy(file: Path) -> None:
    """Overwrite a file's bytes with zeros, flush them to the disk, then unlink it.

    What this can promise: the blocks the file system gave this file are overwritten on a
    hard disk with an in-place file system (ext4 data=ordered, NTFS). What it cannot: on an
    SSD the controller writes the zeros elsewhere and erases the old cells when it likes;
    copy-on-write file systems (Btrfs, ZFS, APFS), journals in data mode, snapshots, Time
    Machine and cloud sync may each keep older copies. So it shortens the plain data's life,
    it does not prove its end: the real protection is that from now on only ciphertext is
    written, and full-disk encryption (BitLocker, FileVault, LUKS) covers what came before.
    """
    try:
        size = file.stat().st_size
        with file.open("r+b", buffering=0) as handle:
            zeros = bytes(_CHUNK)
            for start in range(0, size, _CHUNK):
                handle.write(zeros[: min(_CHUNK, size - start)])
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    file.unlink(missing_ok=True)


def _row_counts(connection: cipher.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        for table in tables
    }


def _verify(staged: Path, key: bytes, expected: dict[str, int]) -> None:
    connection = cipher.connect(staged, key, read_only=True)
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        counts = _row_counts(connection)
    finally:
        connection.close()
    problem = None
    if integrity != [("ok",)]:
        problem = f"integrity: {integrity[0][0]}"
    elif counts != expected:
        problem = "the copy's row counts differ"
    else:
        engine = make_engine(staged, key=key, for_writing=False)
        try:
            with engine.connect() as checking:
                present = set(
                    checking.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
                    .scalars()
                    .all()
                )
                for ledger in ledgers.LEDGERS:
                    if ledger in present and ledgers.verify(checking, ledger) is not None:
                        problem = f"the {ledger} chain is broken"
        finally:
            engine.dispose()
    if problem is not None:
        log.error("the encrypted copy did not verify: %s", problem)
        raise StorageError(
            N_(
                "The encrypted copy did not match the practice ({problem}), so nothing was changed."
            ),
            problem=problem,
        )


def _remove(file: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        _sidecar(file, suffix).unlink(missing_ok=True)


def _fsync(file: Path) -> None:
    with file.open("rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    # Best effort here: the encrypted file is verified before the swap, and is what opens next.
    with contextlib.suppress(OSError):
        durable.sync_folder(folder)
