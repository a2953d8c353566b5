"""Backups the coach asks for, automatic rotating ones, and restoring from a file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from app.domain.errors import N_, ValidationError
from app.persistence import anchors, backup
from app.persistence.database import unit_of_work
from app.persistence.models import Client, ConsentEvent, OptOutRequest
from app.persistence.store import Store

DEFAULT_KEPT = 10


def backup_now(store: Store, target: Path | None = None, *, now: datetime | None = None) -> Path:
    """An integrity-checked copy; by default into the backups folder with a timestamped name."""
    now = now or datetime.now(UTC)
    if target is None:
        target = store.paths.backups / backup.timestamped_name("manual-", now)
    elif target.is_dir():
        target = target / backup.timestamped_name("privacy-desk-", now)
    _refuse_unless_a_place_for_a_copy(store, target)
    return _with_anchor(store, backup.backup_engine(store.engine, target))


def _refuse_unless_a_place_for_a_copy(store: Store, target: Path) -> None:
    """Not the live file (under any spelling or link), nor a device or pipe to write into.

    A copy is renamed over its target when complete: over the database it would replace the
    data under the open connections; over /dev/null, the system's device itself.
    """
    database = store.paths.database
    own = {database.with_name(database.name + end) for end in ("", "-wal", "-shm")}
    own.add(store.paths.lock_file)
    resolved = target.resolve()
    if resolved in {file.resolve() for file in own} or any(
        resolved.exists() and file.exists() and resolved.samefile(file) for file in own
    ):
        raise ValidationError(
            "to",
            N_("{file} is the practice's own database; choose another file for the backup."),
            file=target,
        )
    if resolved.exists() and not resolved.is_file():
        raise ValidationError(
            "to",
            N_("{file} is not a regular file; name a new file or a folder for the backup."),
            file=target,
        )


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
    _with_anchor(store, made)
    for removed in backup.rotate(folder, keep):
        anchors.sidecar_of(removed).unlink(missing_ok=True)
    return made


def _with_anchor(store: Store, made: Path) -> Path:
    """Beside the copy, where its ledgers end (the database worker is serial: no write came
    between the copy and this read)."""
    store.write_anchor(anchors.sidecar_of(made))
    return made


def latest_automatic_backup(folder: Path) -> Path | None:
    found = sorted(folder.glob(f"{backup.AUTOMATIC_PREFIX}*.sqlite3"))
    return found[-1] if found else None


def restore(store: Store, file: Path, *, now: datetime | None = None) -> Path:
    """Replace the data with a backup; returns the safety copy of what was there."""
    safety_copy = store.restore_from(file, now or datetime.now(UTC))
    # The restored ledgers end earlier than the anchor written at the last close: they are
    # the practice's records now, so they are what the next check compares with.
    store.write_anchor()
    return safety_copy


@dataclass(frozen=True)
class RestorePreview:
    """What restoring a backup would bring back, and what recorded since it would be lost."""

    made_at: datetime | None  # when the backup was made (its name), else its last change
    backup_newest_change: datetime | None
    current_newest_change: datetime | None
    clients_added: int  # since the backup's last change: none of these are in it
    consent_answers_recorded: int
    optouts_logged: int


def restore_preview(store: Store, file: Path) -> RestorePreview:
    """Read a backup (checked as restore checks it) and count what is newer here.

    Raises the refusal restore would give for a file that is not a sound database.
    """
    candidate = backup.open_candidate(file, store.key)
    try:
        kept_until = backup.newest_change(candidate)
    finally:
        candidate.close()
    raw = store.reader.raw_connection()
    try:
        current_newest = backup.newest_change(raw.driver_connection)
    finally:
        raw.close()
    with unit_of_work(store.reader) as session:

        def newer(column) -> int:
            statement = select(func.count()).select_from(column.class_)
            if kept_until is not None:
                statement = statement.where(column > kept_until)
            return session.execute(statement).scalar_one()

        return RestorePreview(
            made_at=backup.made_at(file) or kept_until,
            backup_newest_change=kept_until,
            current_newest_change=current_newest,
            clients_added=newer(Client.created_at),
            consent_answers_recorded=newer(ConsentEvent.recorded_at),
            optouts_logged=newer(OptOutRequest.recorded_at),
        )
