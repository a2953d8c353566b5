"""One client as the Clients page shows them: contact details, the current consent per
sharing, opt-outs and other requests, the full consent history with its evidence."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import ClientStatus, ConsentState
from app.domain.refcodes import format_reference
from app.services import requests as rights_requests
from app.services.errors import NotFound
from app.services.rows import ClientDetail, OptOutRow
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.dialogs.access_package import CopyOfDataButton
from app.ui.dialogs.consent_dialog import CHANNEL_TEXT
from app.ui.pages.optout_words import SCOPE_TEXT, STATUS_TEXT
from app.ui.pages.request_words import kind_text, status_text
from app.ui.pages.today import DueModel
from app.ui.table_model import Column, RowTableModel, make_table
from app.ui.text import N_, _, day_text, due_text, moment_text, purpose_text

if TYPE_CHECKING:
    from app.persistence.store import Store

STATE_TEXT = {
    ConsentState.GIVEN: N_("Given"),
    ConsentState.REFUSED: N_("Refused"),
    ConsentState.WITHDRAWN: N_("Withdrawn"),
    ConsentState.NONE: N_("No answer yet"),
}
CHANNEL_BY_VALUE = {channel.value: text for channel, text in CHANNEL_TEXT.items()}


def answer_text(line) -> str:
    """The client's answer, and the request that pauses the sharing now (not an answer)."""
    answer = _(STATE_TEXT[line.state])
    if line.paused_by_request is None:
        return answer
    return _("{answer}; paused (request {number})").format(
        answer=answer, number=line.paused_by_request
    )


def _when(value) -> str:
    return moment_text(value)


CONSENT_COLUMNS = (
    Column(N_("Vendor"), lambda line: line.vendor),
    Column(N_("Purpose"), purpose_text),
    Column(N_("Needs consent"), lambda line: _("Yes") if line.required else _("No")),
    Column(N_("Current answer"), lambda line: answer_text(line)),
    Column(N_("Since"), lambda line: _when(line.since)),
)
OPTOUT_COLUMNS = (
    Column(N_("Received"), lambda row: _when(row.received_at)),
    Column(N_("Scope"), lambda row: _(SCOPE_TEXT.get(row.scope, row.scope))),
    Column(N_("Status"), lambda row: _(STATUS_TEXT.get(row.status, row.status))),
    Column(N_("Due"), lambda row: due_text(row.next_due, row.overdue), fits=True),
)
REQUEST_COLUMNS = (
    Column(N_("Received"), lambda row: _when(row.received_at)),
    Column(N_("Request"), lambda row: kind_text(row.kind)),
    Column(N_("Status"), status_text),
    Column(N_("Due"), lambda row: day_text(row.due) if row.is_open else "", fits=True),
)
HISTORY_COLUMNS = (
    Column(N_("When"), lambda line: _when(line.occurred_at)),
    Column(N_("Vendor"), lambda line: line.vendor),
    Column(N_("Purpose"), purpose_text),
    Column(N_("Answer"), lambda line: _(STATE_TEXT[ConsentState(line.state)])),
    Column(N_("Channel"), lambda line: _(CHANNEL_BY_VALUE.get(line.channel, line.channel))),
    Column(N_("Recorded"), lambda line: f"{_when(line.recorded_at)} · {line.recorded_by}"),
    Column(N_("Notice"), lambda line: line.notice_version or ""),
    Column(
        N_("Evidence"),
        lambda line: " · ".join(
            part for part in (line.evidence_note, _("scan") if line.evidence_file else "") if part
        ),
    ),
)


class ClientDetailView(QWidget):
    """Contact details, current consent per sharing, opt-outs, and the full history."""

    optout_requested = Signal(int)  # request id
    request_requested = Signal(int)  # a rights request's id

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.detail: ClientDetail | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.contact = QFormLayout()
        self.contact_labels: dict[str, QLabel] = {}
        for key, title in (
            ("email", _("Email")),
            ("phone", _("Phone")),
            ("address", _("Address")),
            ("language", _("Language")),
            ("notes", _("Notes")),
        ):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setTextFormat(Qt.TextFormat.PlainText)  # a note's "<b>" is text, not markup
            self.contact_labels[key] = value
            self.contact.addRow(QLabel(title), value)
        layout.addLayout(self.contact)
        self.edit_button = QPushButton(_("&Edit…"))
        self.consent_button = QPushButton(_("Record &consent answers…"))
        self.archive_button = QPushButton(_("&Archive"))
        self.evidence_button = QPushButton(_("Open &scan"))
        self.documents_button = QPushButton(_("&Documents…"))
        copy = self.copy_button = CopyOfDataButton(context)  # the client's access package
        self.delivery_button = QPushButton(_("Notice &given…"))
        self.delivery_button.setToolTip(_("Record that the current privacy notice was given"))
        # Two rows: in one, the buttons made this pane 640 px wide at least, which left the
        # client list's names and emails a few letters each on a 1366 x 768 screen.
        for row in (
            (self.edit_button, self.consent_button, self.delivery_button),
            (self.documents_button, copy, self.archive_button, None, self.evidence_button),
        ):
            buttons = QHBoxLayout()
            for button in row:
                if button is None:
                    buttons.addStretch(1)
                else:
                    buttons.addWidget(button)
            if None not in row:
                buttons.addStretch(1)
            layout.addLayout(buttons)
        layout.addWidget(QLabel("<b>" + _("Current consent") + "</b>"))
        self.consents = RowTableModel(CONSENT_COLUMNS, self)
        self.consent_view = make_table(self.consents, stretch=1)
        self.consent_view.setAccessibleName(_("Current consent"))
        layout.addWidget(self.consent_view, 2)
        # Only for a client who asked: marked late the same way as on Today and the register.
        self.optouts_heading = QLabel("<b>" + _("Opt-out requests") + "</b>")
        layout.addWidget(self.optouts_heading)
        self.optouts = DueModel(OPTOUT_COLUMNS, self)
        self.optout_view = make_table(self.optouts, stretch=3)
        self.optout_view.setAccessibleName(_("Opt-out requests"))
        self.optout_view.setMaximumHeight(110)
        self.optout_view.doubleClicked.connect(
            lambda index: self.optout_requested.emit(self.optouts.row_at(index.row()).id)
        )
        layout.addWidget(self.optout_view, 1)
        # The client's other requests (access, deletion, complaints...), loaded on their own.
        self.requests_heading = QLabel("<b>" + _("Requests") + "</b>")
        layout.addWidget(self.requests_heading)
        self.rights = RowTableModel(REQUEST_COLUMNS, self)
        self.rights_view = make_table(self.rights, stretch=1)
        self.rights_view.setAccessibleName(_("Requests"))
        self.rights_view.setMaximumHeight(110)
        self.rights_view.doubleClicked.connect(
            lambda index: self.request_requested.emit(self.rights.row_at(index.row()).id)
        )
        layout.addWidget(self.rights_view, 1)
        self._requests_token = 0
        context.subscribe(self, Changes(requests=True), lambda _c: self._load_requests())
        layout.addWidget(QLabel("<b>" + _("History") + "</b>"))
        self.history = RowTableModel(HISTORY_COLUMNS, self)
        self.history_view = make_table(self.history)
        self.history_view.setAccessibleName(_("Consent history"))
        self.history_view.selectionModel().selectionChanged.connect(self._update_evidence)
        layout.addWidget(self.history_view, 3)
        self.evidence_button.clicked.connect(self._open_evidence)
        self.show_client(None)

    def _load_requests(self) -> None:
        """The shown client's rights requests, on the worker; hidden when there are none."""
        self._requests_token += 1
        token, detail = self._requests_token, self.detail
        if detail is None:
            self._show_requests([])
            return
        ref = detail.row.ref

        def load(store: Store):
            try:
                return rights_requests.client_requests(store, ref)
            except NotFound:  # gone meanwhile (a restore): the page shows who is left
                return []

        self._context.run(
            load,
            lambda rows: token == self._requests_token and self._show_requests(rows),
            parent=self,
        )

    def _show_requests(self, rows) -> None:
        self.rights.set_rows(rows)
        self.rights_view.resizeColumnsToContents()
        for widget in (self.requests_heading, self.rights_view):
            widget.setVisible(bool(rows))

    def show_client(self, detail: ClientDetail | None, requests: Sequence[OptOutRow] = ()) -> None:
        self.detail = detail
        self.copy_button.show_client(detail)
        self.optouts.set_rows(requests)
        for widget in (self.optouts_heading, self.optout_view):
            widget.setVisible(bool(requests))
        self._load_requests()
        for button in (
            self.edit_button,
            self.consent_button,
            self.delivery_button,
            self.documents_button,
            self.archive_button,
        ):
            # An erased client's record holds nothing to edit, consent to or send again.
            button.setEnabled(detail is not None and detail.row.status != ClientStatus.ERASED)
        for row in range(self.contact.rowCount()):  # no empty "Email", "Phone"... lines
            self.contact.setRowVisible(row, detail is not None)
        if detail is None:
            self.heading.setText(
                "<h2>" + _("No client selected") + "</h2><p>"
                + _("Choose a client in the list to see their details, consent and history.")
                + "</p>"
            )  # fmt: skip
            for label in self.contact_labels.values():
                label.clear()
            self.consents.set_rows([])
            self.history.set_rows([])
            self._update_evidence()
            return
        status = {
            ClientStatus.FORMER: _("Former client"),
            ClientStatus.ERASED: _("Erased: personal details removed on request"),
        }.get(ClientStatus(detail.row.status), "")
        self.heading.setText(
            f"<h2>{escape(detail.row.name)}</h2>"
            f"<p>{escape(format_reference(detail.row.ref))} {escape(status)}</p>"
        )
        address = ", ".join(
            part
            for part in (
                detail.street.replace("\n", ", "),
                detail.city,
                detail.region,
                detail.postal_code,
                detail.row.country_code,
            )
            if part
        )
        values = {
            "email": detail.row.email,
            "phone": detail.row.phone,
            "address": address,
            "language": _("Simplified Chinese") if detail.row.language == "zh" else _("English"),
            "notes": detail.notes,
        }
        for key, value in values.items():
            self.contact_labels[key].setText(value)
        self.archive_button.setText(
            _("Re&activate") if detail.row.status == ClientStatus.FORMER else _("&Archive")
        )
        self.consents.set_rows(detail.consents)
        self.history.set_rows(detail.history)
        self.consent_view.resizeColumnsToContents()
        self.history_view.resizeColumnsToContents()
        self._update_evidence()

    def _selected_history(self):
        rows = self.history_view.selectionModel().selectedRows()
        return self.history.row_at(rows[0].row()) if rows else None

    def _update_evidence(self, *_args) -> None:
        line = self._selected_history()
        # An erasure destroys the files the ledger still names.
        folder = self._context.store.paths.evidence
        self.evidence_button.setEnabled(
            bool(line and line.evidence_file and (folder / line.evidence_file).is_file())
        )

    def _open_evidence(self) -> None:
        line = self._selected_history()
        if line and line.evidence_file:
            path = self._context.store.paths.evidence / line.evidence_file
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
