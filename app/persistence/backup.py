"""Copies of the database file: online backups, integrity checks, rotation and restore."""

from __future__ import annotations

import contextlib
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from app.domain.errors import N_
from app.persistence import cipher
from app.persistence.cipher import Connection, DatabaseError, OperationalError
from app.persistence.database import KEY_INFO, OWNER_ONLY_FILE, looks_like_sqlite
from app.persistence.errors import DiskFull, NotAPrivacyDeskDatabase, StorageError

AUTOMATIC_PREFIX = "auto-"
PARTIAL_SUFFIX = ".partial"
# A backup carried to another computer has its practice's wrapped key beside it (keyfile.py's
# form): "moving.sqlite3" -> "moving.sqlite3.key".
KEY_FILE_SUFFIX = ".key"
# A copy being written is touched continually; one untouched this long was left by a kill.
STALE_PARTIAL_AFTER = timedelta(minutes=10)


_STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
_STAMP = re.compile(r"(\d{8}-\d{6}-\d{6})\.sqlite3$")
# Where a record says when it was made or changed: the newest of these is the data's last change.
CHANGE_TIMES = (
    ("audit_log", "at"),
    ("client", "created_at"),
    ("client", "updated_at"),
    ("consent_event", "recorded_at"),
    ("optout_request", "recorded_at"),
    ("vendor", "created_at"),
    ("notice_version", "published_at"),
    ("vendor_notification", "created_at"),
    ("generated_document", "created_at"),
)


def timestamped_name(prefix: str, now: datetime) -> str:
    return f"{prefix}{now.astimezone(UTC):{_STAMP_FORMAT}}.sqlite3"


def made_at(file: Path) -> datetime | None:
    """When a backup was made, from the time its name carries (every backup Privacy Desk names)."""
    found = _STAMP.search(file.name)
    if found is None:
        return None
    try:
        return datetime.strptime(found.group(1), _STAMP_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def newest_change(connection: Connection) -> datetime | None:
    """The last time anything in this database was recorded or changed (UTC), if ever."""
    newest: datetime | None = None
    for table, column in CHANGE_TIMES:
        try:
            (value,) = connection.execute(f"SELECT max({column}) FROM {table}").fetchone()
        except DatabaseError:  # a file from before the table existed
            continue
        if value:
            moment = datetime.fromisoformat(str(value))
            moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
            newest = moment if newest is None else max(newest, moment)
    return newest


def integrity_problems(connection: Connection) -> list[str]:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    return [] if rows == [("ok",)] else [row[0] for row in rows]


def copy_database(source: Connection, target_file: Path, key: bytes | None = None) -> None:
    """SQLite's online backup into a new owner-only file, then verified; no half files left."""
    remove_stale_partials(target_file.parent)
    partial = target_file.with_name(target_file.name + PARTIAL_SUFFIX)
    partial.unlink(missing_ok=True)
    partial.touch(mode=OWNER_ONLY_FILE)
    try:
        # Keyed like the practice: SQLCipher's backup writes only into another keyed
        # connection, and a backup is as private as the file it copies.
        target = cipher.connect(partial, key)
        try:
            source.backup(target)
            problems = integrity_problems(target)
        finally:
            target.close()
        if problems:
            # SQLite's own words for the damage, in English only.
            raise StorageError(
                N_("The backup failed its integrity check: {problem}."), problem=problems[0]
            )
        partial.replace(target_file)
    except OperationalError as error:
        if "full" in str(error).lower():
            raise DiskFull(
                N_("The disk is full: the backup to {file} was not made."), file=target_file
            ) from None
        raise
    finally:
        partial.unlink(missing_ok=True)


def remove_stale_partials(folder: Path, *, now: float | None = None) -> list[Path]:
    """Delete half-written copies (and their -wal, -shm, -journal) that a killed backup left.

    They hold the practice's personal data, so they must not linger beside the real backups.
    One touched in the last minutes may be another copy's backup still being written.
    """
    cutoff = (time.time() if now is None else now) - STALE_PARTIAL_AFTER.total_seconds()
    return _remove_partials(folder, lambda leftover: leftover.stat().st_mtime < cutoff)


def remove_every_partial(folder: Path) -> list[Path]:
    """Delete every half-written copy in a folder only this process can be writing in.

    At start, holding the practice's lock: no backup or restore of it is under way, so each
    one found was left by a kill and is personal data in the clear.
    """
    return _remove_partials(folder, lambda _leftover: True)


def _remove_partials(folder: Path, is_left_over) -> list[Path]:
    removed = []
    for leftover in folder.glob(f"*.sqlite3{PARTIAL_SUFFIX}*"):
        with contextlib.suppress(OSError):  # gone already, or not ours to remove: never fatal
            if is_left_over(leftover):
                leftover.unlink()
                removed.append(leftover)
    return removed


def backup_engine(engine: Engine, target_file: Path) -> Path:
    raw = engine.raw_connection()
    try:
        copy_database(raw.driver_connection, target_file, raw.info.get(KEY_INFO))
    finally:
        raw.close()
    return target_file


def backup_file(source_file: Path, target_file: Path, key: bytes | None = None) -> Path:
    source = cipher.connect(source_file, key, read_only=True)
    try:
        copy_database(source, target_file, key)
    finally:
        source.close()
    return target_file


def rotate(folder: Path, keep: int, prefix: str = AUTOMATIC_PREFIX) -> list[Path]:
    """Delete the oldest automatic backups beyond `keep`; returns what was removed."""
    backups = sorted(folder.glob(f"{prefix}*.sqlite3"))
    removed = backups[:-keep] if keep > 0 else backups
    for old in removed:
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
    return removed


def key_file_of(backup_file: Path) -> Path:
    return backup_file.with_name(backup_file.name + KEY_FILE_SUFFIX)


def could_be_encrypted(file: Path) -> bool:
    """Whether `file` may be a SQLCipher database: a file of whole pages (SQLCipher's are
    whole multiples of 512 bytes), not a plain SQLite one. A text file or a photo is not."""
    try:
        size = file.stat().st_size if file.is_file() else 0
    except OSError:
        return False
    return size > 0 and size % 512 == 0 and not looks_like_sqlite(file)


def opens_with_key(file: Path, key: bytes | None) -> bool:
    """Whether `file` is a plain SQLite file, or an encrypted one that `key` decrypts."""
    if looks_like_sqlite(file):
        return True
    if key is None or not file.is_file():
        return False
    try:
        connection = cipher.connect(file, key, read_only=True)
    except DatabaseError:
        return False
    try:
        return cipher.opens_with(connection)
    finally:
        connection.close()


def open_candidate(file: Path, key: bytes | None = None) -> Connection:
    """Open a file someone wants to restore, read-only, after checking it is SQLite at all.

    A plain file (a backup from before encryption) opens without `key`; any other must open
    with it (a backup of this practice).
    """
    if not file.is_file():
        raise NotAPrivacyDeskDatabase(N_("{file} does not exist or is not a file."), file=file)
    plain = looks_like_sqlite(file)
    if not plain and key is None:
        raise NotAPrivacyDeskDatabase(N_("{file} is not a Privacy Desk database."), file=file)
    connection = cipher.connect(file, None if plain else key, read_only=True)
    if not plain and not cipher.opens_with(connection):
        connection.close()
        raise NotAPrivacyDeskDatabase(
            N_(
                "{file} is not a Privacy Desk database, or it is encrypted with another "
                "practice's key."
            ),
            file=file,
        )
    try:
        problems = integrity_problems(connection)
    except DatabaseError:
        connection.close()
        raise NotAPrivacyDeskDatabase(
            N_("{file} is damaged or not a database."), file=file
        ) from None
    if problems:
        connection.close()
        raise NotAPrivacyDeskDatabase(
            N_("{file} is damaged: {problem}."), file=file, problem=problems[0]
        )
    return connection
