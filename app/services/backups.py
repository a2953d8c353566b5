"""Backups the coach asks for, automatic rotating ones, and restoring from a file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from app.persistence import backup
from app.persistence.store import Store

DEFAULT_KEPT = 10


def backup_now(store: Store, target: Path | None = None, *, now: datetime | None = None) -> Path:
    """An integrity-checked copy; by default into the backups folder with a timestamped name."""
    now = now or datetime.now(UTC)
    if target is None:
        target = store.paths.backups / backup.timestamped_name("manual-", now)
    elif target.is_dir():
        target = target / backup.timestamped_name("privacy-desk-", now)
    return backup.backup_engine(store.engine, target)


def automatic_backup(
    store: Store,
    *,
    folder: Path | None = None,
    keep: int = DEFAULT_KEPT,
    now: datetime | None = None,
) -> Path:
    """A rotating backup: the newest `keep` automatic copies in `folder` are kept."""
    now = now or datetime.now(UTC)
    folder = folder or store.paths.backups
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    made = backup.backup_engine(
        store.engine, folder / backup.timestamped_name(backup.AUTOMATIC_PREFIX, now)
    )
    backup.rotate(folder, keep)
    return made


def latest_automatic_backup(folder: Path) -> Path | None:
    found = sorted(folder.glob(f"{backup.AUTOMATIC_PREFIX}*.sqlite3"))
    return found[-1] if found else None


def restore(store: Store, file: Path, *, now: datetime | None = None) -> Path:
    """Replace the data with a backup; returns the safety copy of what was there."""
    return store.restore_from(file, now or datetime.now(UTC))
