"""Settings, Security: whether this computer's keyring holds the key, changing the recovery
passphrase, printing a new recovery sheet."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.errors import ValidationError
from app.services import recovery
from app.services.errors import InvalidInput
from app.ui.changes import NOTHING
from app.ui.context import AppContext
from app.ui.dialogs.passphrase_dialog import ChangePassphraseDialog, SheetPassphraseDialog
from app.ui.text import _, error_text
from app.ui.unlocking import offer_recovery_sheet


class SecuritySection(QGroupBox):
    """Reads the keyring on the worker (a locked keychain may take a moment to answer)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Security"), parent)
        self._context = context
        self._keyring_holds_key = False
        self.keyring_line = QLabel()
        self.keyring_line.setWordWrap(True)
        self.keyring_line.setAccessibleName(_("Where the key is kept"))
        self.change_button = QPushButton(_("&Change recovery passphrase…"))
        self.change_button.clicked.connect(lambda: self.change_passphrase())
        self.sheet_button = QPushButton(_("Print a new recovery &sheet…"))
        self.sheet_button.clicked.connect(lambda: self.print_sheet())
        buttons = QHBoxLayout()
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.sheet_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.keyring_line)
        layout.addLayout(buttons)
        self._show_state(None)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.load()  # the banner may have encrypted the practice since

    def load(self) -> None:
        if not self._context.is_open:
            return
        self._context.run(recovery.key_in_keyring, self._show_state, parent=self)

    def _show_state(self, in_keyring: bool | None) -> None:
        encrypted = self._context.is_open and self._context.store.encrypted
        self._keyring_holds_key = bool(in_keyring)
        if in_keyring is None:
            text = ""
        elif not encrypted:
            text = _("Your records are not encrypted, so they have no recovery passphrase yet.")
        elif in_keyring:
            text = _(
                "This computer's keyring holds the key: your records open without the "
                "passphrase here. Keep the recovery sheet for another computer."
            )
        else:
            text = _(
                "This computer's keyring does not hold the key: every start asks for the "
                "recovery passphrase."
            )
        self.keyring_line.setText(text)
        for button in (self.change_button, self.sheet_button):
            button.setEnabled(bool(encrypted))

    # --- changing the passphrase ----------------------------------------------------------

    def change_passphrase(self, problem: str = "") -> None:
        chosen = ChangePassphraseDialog.ask(
            self.window(), keyring_holds_key=self._keyring_holds_key, problem=problem
        )
        if chosen is None:
            return
        actor = self._context.actor

        def done(_result) -> None:
            if chosen.print_sheet:
                offer_recovery_sheet(self._context, self.window(), chosen.new, replacing=True)

        self._context.run(
            lambda store: recovery.change_passphrase(
                store, chosen.new, chosen.new, old=chosen.old, actor=actor
            ),
            done,
            changes=NOTHING,
            message=_(
                "The recovery passphrase changed. The old one no longer opens the key file "
                "here: destroy the old recovery sheet."
            ),
            on_error=lambda error: self._on_refused(error, self.change_passphrase),
            parent=self,
        )

    # --- a new sheet ----------------------------------------------------------------------

    def print_sheet(self, problem: str = "") -> None:
        passphrase = SheetPassphraseDialog.ask(self.window(), problem)
        if passphrase is None:
            return
        offer_recovery_sheet(
            self._context,
            self.window(),
            passphrase,
            on_error=lambda error: self._on_refused(error, self.print_sheet),
        )

    def _on_refused(self, error: BaseException, ask_again) -> None:
        """A wrong or weak passphrase: the same dialog again, saying what was wrong."""
        if isinstance(error, recovery.WrongPassphrase | ValidationError | InvalidInput):
            ask_again(error_text(error))
            return
        self._context.refusal_in(self, _("Security"))(error)
