"""The recovery passphrase: chosen at first start or to encrypt; typed when the keyring has none."""

from __future__ import annotations

from dataclasses import dataclass

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
from app.domain.passphrases import check_passphrase
from app.ui.text import _, error_text


def _secret_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(320)
    return field


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
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
        self.problem = _wrapped("")
        self.problem.setObjectName("problem")
        self.print_sheet = QCheckBox(_("&Print a recovery sheet to keep on paper"))
        self.print_sheet.setChecked(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
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
        self.problem = _wrapped(problem)
        self.problem.setObjectName("problem")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
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
