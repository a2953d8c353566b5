"""Two small dialogs of the opt-out pages: when something happened (and how), and the
answer to an objection."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import ValidationError
from app.services.errors import InvalidInput
from app.services.rows import ObjectionLine
from app.ui.forms import FieldForm, date_field
from app.ui.text import N_, _, purpose_text


class DateAndNoteDialog(QDialog):
    """When something happened (not in the future), how, and an optional note."""

    def __init__(
        self,
        title: str,
        methods: list[tuple[str, str]],
        parent: QWidget | None,
        today: date,
        *,
        with_note: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = FieldForm()
        # Only the rows asked for: a label with no field beside it is a question nobody can answer.
        self.method = QComboBox()
        if methods:
            self.form.add_field("method", _("&How"), self.method)
        for value, text in methods:
            self.method.addItem(text, value)
        self.date = self.form.add_field("when", _("&When"), date_field(today, latest=today))
        self.note = QLineEdit()
        if with_note:
            self.form.add_field("note", _("&Note"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)


class ObjectionDialog(QDialog):
    """Uphold an objection (the sharing stops for the client) or decline it with a reason."""

    def __init__(self, objections: list[ObjectionLine], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Answer the objection"))
        self.setMinimumWidth(480)
        self.form = FieldForm()
        self.objection = self.form.add_field("objection", _("&Objection to"), QComboBox())
        for item in objections:
            self.objection.addItem(
                _("{purpose} ({vendor})").format(purpose=purpose_text(item), vendor=item.vendor),
                item.id,
            )
        self._objections = {item.id: item for item in objections}
        self.upheld = QRadioButton(_("&Uphold it: the sharing stops and the provider is told"))
        self.declined = QRadioButton(_("&Decline it: the sharing goes on, for the reason below"))
        self.upheld.setChecked(True)
        choice = QWidget()
        column = QVBoxLayout(choice)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.upheld)
        column.addWidget(self.declined)
        self.form.add_field("decision", _("Answer"), choice)
        self.reason = self.form.add_field(
            "reason", _("&Reason sent to the client"), QPlainTextEdit()
        )
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(80)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept_if_complete)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                _(
                    "The client named a sharing that rests on the practice's legitimate "
                    "interests. Weigh their reasons: it may go on only for compelling reasons."
                )
            )
        )
        layout.itemAt(0).widget().setWordWrap(True)
        layout.addLayout(self.form)
        layout.addWidget(buttons)

    def answer(self) -> tuple[ObjectionLine, str, str]:
        chosen = self._objections[self.objection.currentData()]
        decision = "upheld" if self.upheld.isChecked() else "declined"
        return chosen, decision, self.reason.toPlainText()

    def _accept_if_complete(self) -> None:
        if self.declined.isChecked() and not self.reason.toPlainText().strip():
            self.form.show_errors(
                InvalidInput(
                    [
                        ValidationError(
                            "reason",
                            N_("Say why the sharing goes on: the client is sent this reason."),
                        )
                    ]
                )
            )
            return
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget, objections: list[ObjectionLine]
    ) -> tuple[ObjectionLine, str, str] | None:
        dialog = cls(objections, parent)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None


def picked_moment(day: date, zone: tzinfo, now: datetime) -> datetime:
    """A day picked in a dialog: midday on the practice's clock, no later than now."""
    return min(datetime.combine(day, time(12, 0), tzinfo=zone), now)
