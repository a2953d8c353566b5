"""The window's side of the practice key: first start, unlocking, encrypting, the recovery sheet.

Every dialog is asked on the GUI thread; argon2id and SQLCipher work on the database worker
(a third of a second of key stretching must not freeze the window).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from app.ui.changes import NOTHING
from app.ui.text import _, error_text, language

if TYPE_CHECKING:
    from app.persistence.store import Store
    from app.ui.context import AppContext
    from app.ui.preferences import Preferences

log = logging.getLogger(__name__)
SHEET_FILE_NAME = "Privacy Desk recovery sheet.pdf"


class PassphraseAsker:
    """Turns "no practice yet" and "no key in the keyring" into the dialogs that answer them.

    `retry(open_store)` is the opener's: it runs `open_store()` on the worker and comes back
    here with the next refusal (a mistyped passphrase), or opens the window's records.
    """

    def __init__(self, window: QWidget, paths, retry: Callable[[Callable[[], Store]], None]):
        self._window = window
        self._paths = paths
        self._retry = retry
        self.after_open: Callable[[AppContext], None] | None = None

    def take(self, error: BaseException) -> bool:
        """Whether `error` is one a passphrase answers (then the dialog is already asking)."""
        from app.services import unlocking
        from app.ui.dialogs.passphrase_dialog import SetPassphraseDialog, UnlockDialog

        if isinstance(error, unlocking.PracticeNotSetUp):
            chosen = SetPassphraseDialog.ask(self._window)
            if chosen is None:  # nothing was made; the program ends as it began
                QApplication.instance().exit(0)
                return True
            if chosen.print_sheet:
                self.after_open = lambda context: offer_recovery_sheet(
                    context, self._window, chosen.passphrase
                )
            self._retry(lambda: unlocking.create_practice(self._paths, chosen.passphrase))
            return True
        if isinstance(error, unlocking.KeyNeeded | unlocking.WrongPassphrase):
            problem = error_text(error) if isinstance(error, unlocking.WrongPassphrase) else ""
            passphrase = UnlockDialog.ask(self._window, problem)
            if passphrase is None:
                QApplication.instance().exit(1)
                return True
            self._retry(lambda: unlocking.open_practice(self._paths, passphrase))
            return True
        return False


def offer_recovery_sheet(
    context: AppContext,
    parent: QWidget,
    passphrase: str,
    on_error: Callable[[BaseException], None] | None = None,
    *,
    replacing: bool = False,
) -> None:
    """Make the sheet on the worker (the passphrase checked first), then ask where to save it.

    `on_error` hears a passphrase that does not open the practice (and any other refusal).
    `replacing`: the passphrase was just changed, so the saved message says to destroy the old
    sheet (the change's own message would be gone from the status bar by then).
    """
    from app.services.recovery import recovery_sheet_pdf

    lang, today = language(), context.today()
    context.run(
        lambda store: recovery_sheet_pdf(store, passphrase, lang=lang, today=today),
        lambda pdf: _save_sheet(context, parent, pdf, replacing=replacing),
        changes=NOTHING,
        on_error=on_error,
        parent=parent,
    )


def ask_where_to_save_sheet(parent: QWidget) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(
        parent,
        _("Save the recovery sheet to print it"),
        str(Path.home() / SHEET_FILE_NAME),
        _("PDF documents (*.pdf)"),
    )
    return Path(chosen) if chosen else None


def _save_sheet(context: AppContext, parent: QWidget, pdf: bytes, *, replacing: bool) -> None:
    target = ask_where_to_save_sheet(parent)
    if target is None:
        return
    try:
        # Owner-only: the sheet holds the passphrase until it is printed and deleted.
        descriptor = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(pdf)
    except OSError as error:
        context.status_message.emit(
            _("The recovery sheet was not saved: {reason}").format(reason=error.strerror)
        )
        return
    saved = (
        _(
            "New recovery sheet saved in {file}: print it, keep it safe, delete the file, and "
            "destroy the old sheet (its passphrase no longer works)."
        )
        if replacing
        else _("Recovery sheet saved in {file}: print it, keep it safe, then delete the file.")
    )
    context.status_message.emit(saved.format(file=target))


class EncryptionBanner(QFrame):
    """Above the pages while the practice is a plain file: what that means, and the way out."""

    def __init__(
        self, context: AppContext, parent: QWidget, preferences: Preferences | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._preferences = preferences  # where the automatic backups go, read at the click
        self.setObjectName("encryption-banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#encryption-banner { background: #fff4ce; }")
        self.message = QLabel(
            _(
                "Your records are in a plain file: anyone who gets this computer's disk can "
                "read them. Encrypt them now."
            )
        )
        self.message.setWordWrap(True)
        self.button = QPushButton(_("&Encrypt…"))
        self.button.clicked.connect(self._on_button_clicked)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.button)

    def _on_button_clicked(self) -> None:
        from app.services.encryption import encrypt_practice
        from app.ui.dialogs.passphrase_dialog import SetPassphraseDialog

        chosen = SetPassphraseDialog.ask(self.window(), encrypting=True)
        if chosen is None:
            return
        self.button.setEnabled(False)
        self.message.setText(_("Encrypting your records…"))

        def done(_result) -> None:
            self.hide()
            if chosen.print_sheet:
                offer_recovery_sheet(self._context, self.window(), chosen.passphrase)

        def failed(error: BaseException) -> None:
            self.button.setEnabled(True)
            self.message.setText(error_text(error))

        # The automatic backups may be in a folder of the coach's choosing: plain, too.
        folders = [] if self._preferences is None else [self._preferences.backup_folder]
        self._context.run(
            lambda store: encrypt_practice(store, chosen.passphrase, backup_folders=folders),
            done,
            changes=NOTHING,
            message=_("Your records are encrypted."),
            on_error=failed,
            parent=self,
        )
