"""SQLCipher: opening the practice's SQLite file with its key, and copying it between keys.

This is part of the SQLite dialect (database.py): a shared PostgreSQL server encrypts its own
disks, so nothing outside the SQLite connection ever sees the key.

SQLCipher 4 (sqlcipher3 0.6.4) encrypts every page of the file and of its WAL with AES-256;
a plain SQLite file (a practice from before encryption) opens through the same driver without
a key, so one driver and one set of error classes serve both.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import sqlcipher3.dbapi2 as dbapi

KEY_BYTES = 32  # AES-256
SQLITE_HEADER = b"SQLite format 3\x00"

# The driver's own error classes: the rest of persistence catches these, never stdlib sqlite3's.
DatabaseError = dbapi.DatabaseError
OperationalError = dbapi.OperationalError
Connection = dbapi.Connection


def key_pragma(key: bytes) -> str:
    """The raw-key form: SQLCipher uses these 32 bytes as the key, with no PBKDF2 per connection.

    A passphrase key would run PBKDF2 on every connection (0.11 s each, PITFALLS); the
    passphrase is stretched once, by argon2id, when it unwraps the key (keyfile.py).
    """
    if len(key) != KEY_BYTES:
        raise ValueError("a practice key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def apply_key(connection: Connection, key: bytes | None) -> None:
    """First on a new connection: the key (if any), then silence for a wrong one.

    Without `cipher_log_level = NONE` a wrong key prints "hmac check failed" on stderr,
    beside the one sentence the app gives.
    """
    if key is not None:
        connection.execute(key_pragma(key))
    connection.execute("PRAGMA cipher_log_level = NONE")


def connect(
    file: Path, key: bytes | None, *, read_only: bool = False, check_same_thread: bool = True
) -> Connection:
    """A DB-API connection to `file`, keyed; `key=None` opens a plain SQLite file."""
    if read_only:
        connection = dbapi.connect(
            f"file:{file}?mode=ro", uri=True, check_same_thread=check_same_thread
        )
    else:
        connection = dbapi.connect(str(file), check_same_thread=check_same_thread)
    try:
        apply_key(connection, key)
    except BaseException:
        connection.close()
        raise
    return connection


def is_plain_sqlite(file: Path) -> bool:
    """An unencrypted SQLite file starts with SQLite's header; an encrypted one with random salt."""
    try:
        with file.open("rb") as handle:
            return handle.read(16) == SQLITE_HEADER
    except OSError:
        return False


def is_empty(file: Path) -> bool:
    return not file.exists() or file.stat().st_size == 0


def opens_with(connection: Connection) -> bool:
    """Whether this connection's key decrypts the file (SQLCipher checks on first read)."""
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError:
        return False
    return True


def export(source: Connection, target_file: Path, target_key: bytes | None) -> None:
    """A whole copy of `source` into a new file under another key (None: plain).

    `sqlcipher_export` copies schema, rows, triggers, virtual tables and user_version; the
    target must not exist yet.
    """
    literal = f"x'{target_key.hex()}'" if target_key is not None else ""
    source.execute(
        f'ATTACH DATABASE ? AS exported KEY "{literal}"',
        (str(target_file),),
    )
    try:
        source.execute("SELECT sqlcipher_export('exported')").fetchall()
    finally:
        with contextlib.suppress(DatabaseError):
            source.execute("DETACH DATABASE exported")
