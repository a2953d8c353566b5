"""The recovery passphrase: chosen at first start or to encrypt; typed when the keyring has none."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.domain.passphrases import check_passphrase, check_replacement
from app.ui.dialogs.buttons import ok_cancel
from app.ui.forms import ERROR_STYLE
from app.ui.text import _, error_text


def _secret_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(400)
    return field


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _problem_label(text: str = "") -> QLabel:
    """What is wrong with the passphrase, in red, with room for two lines kept from the start:
    a dialog that grew when a problem appeared clipped its first paragraph (seen under X11)."""
    label = _wrapped(text)
    label.setObjectName("problem")
    label.setStyleSheet(ERROR_STYLE)
    label.setMinimumHeight(label.fontMetrics().lineSpacing() * 2 + 4)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


@dataclass(frozen=True)
class NewPassphrase:
    passphrase: str
    print_sheet: bool  # the coach asked for the recovery sheet to print and keep


class SetPassphraseDialog(QDialog):
    """Choose the recovery passphrase twice; OK only once it is strong enough and the same."""

    def __init__(self, parent: QWidget | None, *, encrypting: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Encrypt this practice") if encrypting else _("Protect your records"))
        intro = (
            _(
                "Your records are kept in a plain file that anyone with this computer's disk "
                "can read. Privacy Desk will encrypt it. Choose a recovery passphrase first."
            )
            if encrypting
            else _(
                "Privacy Desk keeps your records encrypted. Its key stays in this computer's "
                "keyring; choose a recovery passphrase that opens them on another computer "
                "or if the keyring is lost."
            )
        )
        self.passphrase = _secret_field()
        self.passphrase.setAccessibleName(_("Recovery passphrase"))
        self.confirmation = _secret_field()
        self.confirmation.setAccessibleName(_("The same again"))
        self.problem = _problem_label("")
        self.print_sheet = QCheckBox(_("&Print a recovery sheet to keep on paper"))
        self.print_sheet.setChecked(True)
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(_wrapped(intro))
        layout.addWidget(QLabel(_("&Recovery passphrase (at least 12 characters):")))
        layout.itemAt(layout.count() - 1).widget().setBuddy(self.passphrase)
        layout.addWidget(self.passphrase)
        layout.addWidget(QLabel(_("The &same again:")))
        layout.itemAt(layout.count() - 1).widget().setBuddy(self.confirmation)
        layout.addWidget(self.confirmation)
        layout.addWidget(self.problem)
        layout.addWidget(
            _wrapped(
                _(
                    "Without the passphrase and without this computer, nobody can open the "
                    "records: not you, not us. Keep it on paper in a safe place."
                )
            )
        )
        layout.addWidget(self.print_sheet)
        layout.addWidget(self.buttons)
        self.passphrase.textChanged.connect(self._on_text_changed)
        self.confirmation.textChanged.connect(self._on_text_changed)
        self._on_text_changed()

    def _on_text_changed(self) -> None:
        problem = self.problem_now()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(problem is None)
        # Say what is missing only once something is typed: an empty form is not a mistake.
        typed = bool(self.passphrase.text() or self.confirmation.text())
        self.problem.setText(problem if problem and typed else "")

    def problem_now(self) -> str | None:
        try:
            check_passphrase(self.passphrase.text(), self.confirmation.text())
        except ValidationError as problem:
            return error_text(problem)
        return None

    def result_value(self) -> NewPassphrase:
        return NewPassphrase(self.passphrase.text(), self.print_sheet.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, *, encrypting: bool = False) -> NewPassphrase | None:
        dialog = cls(parent, encrypting=encrypting)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_value()


class UnlockDialog(QDialog):
    """The recovery passphrase, when this computer's keyring holds no key for the practice."""

    def __init__(
        self,
        parent: QWidget | None,
        problem: str = "",
        *,
        title: str | None = None,
        intro: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title or _("Unlock your records"))
        self.passphrase = _secret_field()
        self.passphrase.setAccessibleName(_("Recovery passphrase"))
        self.problem = _problem_label(problem)
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        intro = intro or _(
            "Your records are encrypted, and this computer's keyring does not hold "
            "their key. Type the recovery passphrase (it is on the recovery sheet)."
        )
        layout.addWidget(_wrapped(intro))
        layout.addWidget(self.passphrase)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        problem: str = "",
        *,
        title: str | None = None,
        intro: str | None = None,
    ) -> str | None:
        """The passphrase typed, or None; `title` and `intro` say whose it is when it is not
        this practice's (a backup carried from another computer)."""
        dialog = cls(parent, problem, title=title, intro=intro)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.passphrase.text():
            return None
        return dialog.passphrase.text()


@dataclass(frozen=True)
class PassphraseChange:
    old: str | None  # None: the coach lost it, and this computer's keyring holds the key
    new: str
    print_sheet: bool


class ChangePassphraseDialog(QDialog):
    """The current recovery passphrase (or "lost", while the keyring holds the key), then a
    new one twice; OK only once the new one is strong, the same twice, and not the old one.

    Whether the current one is right is known only after argon2id on the worker: a wrong one
    comes back as `problem` when the dialog is asked again.
    """

    def __init__(
        self, parent: QWidget | None, *, keyring_holds_key: bool, problem: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Change the recovery passphrase"))
        self.old = _secret_field()
        self.old.setAccessibleName(_("Current recovery passphrase"))
        self.lost = QCheckBox(_("I have &lost it (this computer's keyring holds the key)"))
        self.lost.setVisible(keyring_holds_key)
        self.new = _secret_field()
        self.new.setAccessibleName(_("New recovery passphrase"))
        self.confirmation = _secret_field()
        self.confirmation.setAccessibleName(_("The same again"))
        self.problem = _problem_label(problem)
        self.print_sheet = QCheckBox(_("&Print a new recovery sheet to keep on paper"))
        self.print_sheet.setChecked(True)
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapped(
                _(
                    "The records keep their key and are not encrypted again: only the "
                    "passphrase that opens the key changes. The old one and its sheet stop "
                    "working here at once; destroy the old sheet."
                )
            )
        )
        for label, field in (
            (_("&Current recovery passphrase:"), self.old),
            (_("&New recovery passphrase (at least 12 characters):"), self.new),
            (_("The &same again:"), self.confirmation),
        ):
            caption = QLabel(label)
            caption.setBuddy(field)
            layout.addWidget(caption)
            layout.addWidget(field)
            if field is self.old:
                layout.addWidget(self.lost)
        layout.addWidget(self.problem)
        layout.addWidget(self.print_sheet)
        layout.addWidget(self.buttons)
        for field in (self.old, self.new, self.confirmation):
            field.textChanged.connect(self._on_text_changed)
        self.lost.toggled.connect(self._on_lost_toggled)
        self._on_text_changed()

    def _on_lost_toggled(self, lost: bool) -> None:
        self.old.setEnabled(not lost)
        if lost:
            self.old.clear()
        self._on_text_changed()

    def _old_value(self) -> str | None:
        return None if self.lost.isChecked() else self.old.text()

    def problem_now(self) -> str | None:
        old = self._old_value()
        if old == "":
            return _("Type the current recovery passphrase.")
        try:
            check_replacement(self.new.text(), self.confirmation.text(), old)
        except ValidationError as problem:
            return error_text(problem)
        return None

    def _on_text_changed(self) -> None:
        problem = self.problem_now()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None)
        typed = bool(self.new.text() or self.confirmation.text())
        if typed or problem is None:  # a refusal from the worker stays until the next typing
            self.problem.setText(problem if problem and typed else "")

    def result_value(self) -> PassphraseChange:
        return PassphraseChange(self._old_value(), self.new.text(), self.print_sheet.isChecked())

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, keyring_holds_key: bool, problem: str = ""
    ) -> PassphraseChange | None:
        dialog = cls(parent, keyring_holds_key=keyring_holds_key, problem=problem)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_value()


class SheetPassphraseDialog(QDialog):
    """The current recovery passphrase again, to print it on a new sheet (it is never stored)."""

    def __init__(self, parent: QWidget | None, problem: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Print a new recovery sheet"))
        self.passphrase = _secret_field()
        self.passphrase.setAccessibleName(_("Recovery passphrase"))
        self.problem = _problem_label(problem)
        self.buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapped(
                _(
                    "Privacy Desk does not keep the passphrase, so type it once more: it is "
                    "checked against this practice's key, then printed on the sheet."
                )
            )
        )
        layout.addWidget(self.passphrase)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, problem: str = "") -> str | None:
        dialog = cls(parent, problem)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.passphrase.text():
            return None
        return dialog.passphrase.text()
