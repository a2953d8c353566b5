"""Backups the coach asks for, automatic rotating ones, and restoring from a file."""

from __future__ import annotations

import errno
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from app.domain.errors import N_, ValidationError
from app.domain.passphrases import normalise
from app.persistence import anchors, backup, keyfile
from app.persistence.database import unit_of_work
from app.persistence.errors import (
    BackupKeyNeeded,
    DiskFull,
    NotAPrivacyDeskDatabase,
    StorageError,
    WrongPassphrase,
)
from app.persistence.models import Client, ConsentEvent, OptOutRequest
from app.persistence.store import Store
from app.services.errors import Conflict

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


@dataclass(frozen=True)
class CarriedBackup:
    """A backup for another computer: the encrypted copy and, beside it, the wrapped key."""

    backup: Path
    key_file: Path


def export_for_another_computer(
    store: Store, target: Path, *, now: datetime | None = None
) -> CarriedBackup:
    """An encrypted backup at `target` and the practice's key file beside it (`<target>.key`).

    The key file is the practice's own `privacy-desk.key`: the key wrapped by the recovery
    passphrase, so the two files open on another computer only with that passphrase. Both are
    owner-only and complete when this returns; if the key cannot be written, neither is left.

    Raises:
        Conflict: the practice is not encrypted (a carried copy would be readable by anyone).
    """
    if not store.encrypted:
        raise Conflict(
            N_(
                "This practice is not encrypted, so a copy carried to another computer would "
                "be readable by whoever finds it: encrypt it first."
            )
        )
    wrapped = keyfile.read(store.paths.key_file)
    if wrapped is None:
        raise NotAPrivacyDeskDatabase(
            N_("This practice has no key file ({file}), so no passphrase could open a copy."),
            file=store.paths.key_file,
        )
    now = now or datetime.now(UTC)
    if target.is_dir():
        target = target / backup.timestamped_name("privacy-desk-", now)
    _refuse_unless_a_place_for_a_copy(store, target)
    key_file = backup.key_file_of(target)
    _refuse_unless_a_place_for_a_copy(store, key_file)
    made = backup.backup_engine(store.engine, target)
    try:
        keyfile.write(key_file, wrapped)
    except BaseException as error:
        made.unlink(missing_ok=True)
        keyfile.partial_of(key_file).unlink(missing_ok=True)
        if isinstance(error, OSError):
            if error.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DiskFull(
                    N_("The disk is full: the backup for another computer was not made.")
                ) from None
            raise StorageError(
                N_("The key file {file} could not be written ({reason}), so no backup was made."),
                file=key_file,
                reason=error.strerror or type(error).__name__,
            ) from None
        raise
    return CarriedBackup(backup=made, key_file=key_file)


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


def backup_key(store: Store, file: Path, passphrase: str | None = None) -> bytes | None:
    """The key that opens the backup `file`: this practice's (or none, for a plain file), else
    the key carried beside it from another computer, unwrapped with `passphrase`.

    A file that is not a backup at all is left to the restore's own checks to refuse.

    Raises:
        BackupKeyNeeded: made by another practice, its key file is beside it, no passphrase.
        WrongPassphrase: `passphrase` does not unwrap that key file.
        NotAPrivacyDeskDatabase: encrypted with another key and no key file (or not its own).
        Conflict: this practice is plain and the backup is another's, encrypted.
    """
    if not backup.could_be_encrypted(file) or backup.opens_with_key(file, store.key):
        return store.key
    key_file = backup.key_file_of(file)
    wrapped = keyfile.read(key_file)
    if wrapped is None:
        raise NotAPrivacyDeskDatabase(
            N_(
                "{file} is not a Privacy Desk database, or it was made by another practice and "
                "needs its key file {key_file} beside it (Export for another computer writes "
                "both)."
            ),
            file=file,
            key_file=key_file.name,
        )
    if store.key is None:
        raise Conflict(
            N_(
                "This practice is not encrypted: encrypt it first, then restore the encrypted "
                "backup {file}."
            ),
            file=file,
        )
    if passphrase is None:
        raise BackupKeyNeeded(
            N_(
                "{file} was made by another practice: the recovery passphrase of that "
                "practice is needed to restore it."
            ),
            file=file,
        )
    try:
        key = keyfile.unwrap(wrapped, normalise(passphrase))
    except WrongPassphrase:
        raise WrongPassphrase(
            N_(
                "That recovery passphrase does not open {key_file}: it needs the passphrase "
                "of the practice that made the backup."
            ),
            key_file=key_file.name,
        ) from None
    if not backup.opens_with_key(file, key):
        raise NotAPrivacyDeskDatabase(
            N_("{key_file} is not the key of {file}: it was written with another backup."),
            key_file=key_file.name,
            file=file.name,
        )
    return key


def restore(
    store: Store,
    file: Path,
    *,
    passphrase: str | None = None,
    now: datetime | None = None,
) -> Path:
    """Replace the data with a backup; returns the safety copy of what was there.

    `passphrase` is the recovery passphrase of the practice that made a backup carried from
    another computer (see backup_key); the restored data is encrypted with this practice's key.
    """
    source_key = backup_key(store, file, passphrase)
    safety_copy = store.restore_from(file, now or datetime.now(UTC), source_key=source_key)
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


def restore_preview(store: Store, file: Path, *, passphrase: str | None = None) -> RestorePreview:
    """Read a backup (checked as restore checks it) and count what is newer here.

    Raises the refusal restore would give for a file that is not a sound database, or that
    needs another practice's passphrase (see backup_key).
    """
    candidate = backup.open_candidate(file, backup_key(store, file, passphrase))
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
