"""Record consent answers: one given/refused choice per sharing that needs consent."""

from __future__ import annotations

from datetime import datetime, time
from html import escape
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Channel, ConsentState
from app.services.consents import record_consent_answers
from app.services.rows import ClientDetail, ConsentLine
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.forms import FieldForm, date_field, save_dialog
from app.ui.text import N_, _, purpose_text

CHANNEL_TEXT = {
    Channel.PAPER_IN_PERSON: N_("Signed form, in person"),
    Channel.VERBAL_IN_PERSON: N_("Said in person"),
    Channel.PHONE: N_("Phone"),
    Channel.POST: N_("Post"),
    Channel.EMAIL: N_("Email"),
    Channel.ONLINE: N_("Online"),
}
NO_ANSWER = -1


class ConsentAnswersDialog(QDialog):
    def __init__(self, context: AppContext, client: ClientDetail, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._client = client
        self.recorded = False
        self.setWindowTitle(_("Record consent answers — {name}").format(name=client.row.name))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        self.lines = [line for line in client.consents if line.required]
        self.choices: dict[int, QButtonGroup] = {}
        answers = QGroupBox(_("Answers, as ticked on the form"))
        grid = QGridLayout(answers)
        for row, line in enumerate(self.lines):
            self._add_answer_row(grid, row, line)
        if not self.lines:
            grid.addWidget(QLabel(_("No sharing needs this client's consent.")), 0, 0)
        layout.addWidget(answers)
        self.form = FieldForm()
        self.channel = self.form.add_field("channel", _("&Channel"), QComboBox())
        for channel, text in CHANNEL_TEXT.items():
            self.channel.addItem(_(text), channel.value)
        today = context.today()
        self.date = self.form.add_field(
            "occurred_at", _("&Date given"), date_field(today, latest=today)
        )
        scan_row = QWidget()
        scan_layout = QHBoxLayout(scan_row)
        scan_layout.setContentsMargins(0, 0, 0, 0)
        self.scan = QLineEdit()
        self.scan.setPlaceholderText(_("Optional: the signed form, scanned"))
        browse = QPushButton(_("&Browse…"))
        browse.clicked.connect(self._choose_scan)
        scan_layout.addWidget(self.scan, 1)
        scan_layout.addWidget(browse)
        self.form.add_field("evidence", _("S&can"), scan_row)
        self.scan.setAccessibleName(_("Scan"))
        self.note = self.form.add_field("note", _("N&ote"), QLineEdit())
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _add_answer_row(self, grid: QGridLayout, row: int, line: ConsentLine) -> None:
        label = QLabel(f"<b>{escape(line.vendor)}</b> — {escape(purpose_text(line))}")
        grid.addWidget(label, row, 0)
        group = QButtonGroup(self)
        for column, (state, text) in enumerate(
            (
                (ConsentState.GIVEN, _("Yes, given")),
                (ConsentState.REFUSED, _("No, refused")),
                (None, _("No answer")),
            ),
            start=1,
        ):
            button = QRadioButton(text)
            button.setAccessibleName(f"{line.vendor} {line.purpose}: {text}")
            group.addButton(button, NO_ANSWER if state is None else column)
            button.setProperty("state", state.value if state else "")
            grid.addWidget(button, row, column)
            if state is None:
                button.setChecked(True)
        self.choices[line.sharing_id] = group

    def _choose_scan(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the scan"), "", _("Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)")
        )
        if path:
            self.scan.setText(path)

    def answers(self) -> dict[int, ConsentState]:
        chosen = {}
        for sharing_id, group in self.choices.items():
            state = group.checkedButton().property("state") if group.checkedButton() else ""
            if state:
                chosen[sharing_id] = ConsentState(state)
        return chosen

    def _save(self) -> None:
        day = self.date.date().toPython()
        now = self._context.now()
        occurred = datetime.combine(day, time(12, 0), tzinfo=self._context.zone)
        occurred = min(occurred, now)
        scan = Path(self.scan.text()) if self.scan.text().strip() else None
        ref, answers, actor = self._client.row.ref, self.answers(), self._context.actor
        channel, note = Channel(self.channel.currentData()), self.note.text()
        save_dialog(
            self,
            self._context,
            lambda store: record_consent_answers(
                store,
                ref,
                answers,
                channel=channel,
                occurred_at=occurred,
                actor=actor,
                note=note,
                evidence=scan,
                now=now,
            ),
            lambda _events: setattr(self, "recorded", True),
            changes=Changes(consents=True),
            message=_("Consent answers recorded."),
            buttons=self.buttons,
        )

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, client: ClientDetail) -> bool:
        dialog = cls(context, client, parent)
        return dialog.exec() == QDialog.DialogCode.Accepted and dialog.recorded
