"""Backups carried between computers, the window's side: where to export, what to say, and
the other practice's passphrase a carried backup needs (the services do the work)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.persistence.errors import BackupKeyNeeded, WrongPassphrase
from app.services.backups import CarriedBackup
from app.ui.dialogs.passphrase_dialog import UnlockDialog
from app.ui.text import _, error_text

BACKUP_SUFFIX = ".sqlite3"


def ask_export_target(parent: QWidget, today: date) -> Path | None:
    """Where the backup for another computer goes (its key file is written beside it)."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Export for another computer"),
        str(Path.home() / f"Privacy Desk {today.isoformat()}{BACKUP_SUFFIX}"),
        _("Privacy Desk backups (*.sqlite3)"),
    )
    if not chosen:
        return None
    target = Path(chosen)
    # Restore's file dialog lists *.sqlite3: a name typed without it would not be found there.
    if target.suffix != BACKUP_SUFFIX:
        target = target.with_name(target.name + BACKUP_SUFFIX)
    return target


def what_to_carry(carried: CarriedBackup) -> str:
    return _(
        "Carry both {backup} and {key_file} to the other computer; restoring them there "
        "asks this practice's recovery passphrase."
    ).format(backup=carried.backup, key_file=carried.key_file.name)


def passphrase_problem(error: BaseException, passphrase: str | None) -> str | None:
    """What to show above the passphrase field when `error` is one a passphrase answers
    ("" for the first asking), or None when it is another refusal."""
    if isinstance(error, BackupKeyNeeded):
        return ""
    if passphrase is not None and isinstance(error, WrongPassphrase):
        return error_text(error)
    return None


def ask_backup_passphrase(parent: QWidget, file: Path, problem: str = "") -> str | None:
    return UnlockDialog.ask(
        parent,
        problem,
        title=_("Restore a backup from another computer"),
        intro=_(
            "{name} was made by another practice. Type that practice's recovery passphrase "
            "(it is on its recovery sheet); the restored records are then kept under this "
            "practice's own key."
        ).format(name=file.name),
    )
