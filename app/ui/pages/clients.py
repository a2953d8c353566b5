"""Clients: search as you type over the whole practice, and everything about the one selected."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import ClientStatus, ConsentState
from app.domain.refcodes import format_reference
from app.services import clients, notices, optouts
from app.services import requests as rights_requests
from app.services.errors import NotFound
from app.services.rows import ClientDetail, OptOutRow
from app.ui.actions import ActionId, ActionRegistry
from app.ui.changes import Changes
from app.ui.client_model import ClientListModel
from app.ui.context import AppContext
from app.ui.dialogs.access_package import CopyOfDataButton
from app.ui.dialogs.client_dialog import ClientDialog
from app.ui.dialogs.consent_dialog import CHANNEL_TEXT, ConsentAnswersDialog
from app.ui.empty_state import empty_page
from app.ui.pages.optout_words import SCOPE_TEXT, STATUS_TEXT
from app.ui.pages.request_words import kind_text, status_text
from app.ui.pages.today import DueModel
from app.ui.table_model import Column, RowTableModel, make_table
from app.ui.text import N_, _, day_text, due_text, error_text, moment_text, ngettext, purpose_text

if TYPE_CHECKING:
    from app.persistence.store import Store

STATE_TEXT = {
    ConsentState.GIVEN: N_("Given"),
    ConsentState.REFUSED: N_("Refused"),
    ConsentState.WITHDRAWN: N_("Withdrawn"),
    ConsentState.NONE: N_("No answer yet"),
}
CHANNEL_BY_VALUE = {channel.value: text for channel, text in CHANNEL_TEXT.items()}


def _when(value) -> str:
    return moment_text(value)


CONSENT_COLUMNS = (
    Column(N_("Vendor"), lambda line: line.vendor),
    Column(N_("Purpose"), purpose_text),
    Column(N_("Needs consent"), lambda line: _("Yes") if line.required else _("No")),
    Column(N_("Current answer"), lambda line: _(STATE_TEXT[line.state])),
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


# What the page shows: the list, one client's consents per sharing, their opt-outs.
SHOWN = Changes(
    clients=True, consents=True, vendors=True, sharings=True, practice=True, optouts=True
)
Shown = tuple[ClientDetail | None, list[OptOutRow]]


def load_client(store: Store, ref: str, now: datetime, *, missing_ok: bool = True) -> Shown:
    """On the database worker: one client and their opt-out requests (None: not there)."""
    try:
        detail = clients.get_client(store, ref)
    except NotFound:
        if not missing_ok:
            raise  # its words say which reference was not found
        return None, []
    return detail, optouts.list_optouts(store, client_ref=ref, now=now)


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
            button.setEnabled(detail is not None)
        if detail is None:
            self.heading.setText("<h2>" + _("No client selected") + "</h2>")
            for label in self.contact_labels.values():
                label.clear()
            self.consents.set_rows([])
            self.history.set_rows([])
            self._update_evidence()
            return
        status = _("Former client") if detail.row.status == ClientStatus.FORMER else ""
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
        self.evidence_button.setEnabled(bool(line and line.evidence_file))

    def _open_evidence(self) -> None:
        line = self._selected_history()
        if line and line.evidence_file:
            path = self._context.store.paths.evidence / line.evidence_file
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ClientsPage(QWidget):
    documents_requested = Signal(str)  # reference code

    def __init__(
        self, context: AppContext, actions: ActionRegistry, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._actions = actions
        self.search = QLineEdit()
        self.search.setPlaceholderText(
            _("Search by name, email, phone or reference — e.g. zoë, 7946, K7M-Q2RX")
        )
        self.search.setAccessibleName(_("Search clients"))
        self.search.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.model = ClientListModel(self._find, self._run_search, self)
        self._detail_token = 0  # the latest client asked for: an older answer is dropped
        self.table = make_table(self.model)
        self.table.setAccessibleName(_("Clients"))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in (1, 2):  # name and email (the other columns fit their texts)
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        # The scroll bar is always there: a search with no rows after one with many would
        # otherwise narrow and widen the table, and paint the rows twice a keystroke.
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        # The new rows are laid out (widths, scroll bar) before they are painted, once: Qt's
        # own delayed layout painted them, then laid out and painted them again.
        self.model.modelReset.connect(self.table.doItemsLayout)
        # Name order first; the indicator must be set before sorting is enabled, which sorts.
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.detail = ClientDetailView(context)
        new_button = QPushButton(_("&New client…"))
        new_button.clicked.connect(self.new_client)
        self.import_button = QPushButton(_("&Import…"))
        self.import_button.setToolTip(_("Import clients from a CSV, Excel or vCard file"))
        self.import_button.clicked.connect(lambda: self.import_clients())
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(new_button)
        top.addWidget(self.import_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([600, 500])  # the list the wider: names and emails need it
        self.empty = empty_page("clients", self.splitter, self.new_client)
        self._search_asked = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        self.model.modelReset.connect(self._show_if_empty)
        self.search.textChanged.connect(self.model.set_query)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.detail.edit_button.clicked.connect(self.edit_client)
        self.detail.consent_button.clicked.connect(self.record_consent)
        self.detail.archive_button.clicked.connect(self.toggle_archive)
        self.detail.delivery_button.clicked.connect(lambda: self.record_notice_given())
        self.detail.documents_button.clicked.connect(
            lambda: self.detail.detail and self.documents_requested.emit(self.detail.detail.row.ref)
        )
        actions[ActionId.NEW_CLIENT].triggered.connect(self.new_client)
        actions[ActionId.EDIT_CLIENT].triggered.connect(self.edit_client)
        actions[ActionId.RECORD_CONSENT].triggered.connect(self.record_consent)
        actions[ActionId.ARCHIVE_CLIENT].triggered.connect(self.toggle_archive)
        context.subscribe(self, SHOWN, self._on_context_changes)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self.refresh)
        self.model.reload()
        self._update_actions()

    def _find(self, query: str, offset: int, limit: int, order: str, descending: bool):
        """On the database worker (the list model submits it)."""
        return clients.find_clients(
            self._context.store,
            query,
            limit=limit,
            offset=offset,
            order=order,
            descending=descending,
        )

    def _show_if_empty(self) -> None:
        """The empty state while the practice has no client at all, not for a search."""
        model = self.model
        nothing = not model.query and not model.searching and model.rowCount() == 0
        self.empty.set_empty(nothing and not self._search_asked)

    def _update_count(self, *_args) -> None:
        shown = self.model.rowCount()
        more = "+" if self.model.canFetchMore() else ""
        self.count_label.setText(
            ngettext("{count} client shown", "{count} clients shown", shown + bool(more)).format(
                count=f"{shown:,}{more}"
            )
        )

    def focus_search(self) -> None:
        # Asked for the search: the list is shown from now on, even with no client yet.
        self._search_asked = True
        self.empty.set_empty(False)
        self.search.setFocus()
        self.search.selectAll()

    def _run_search(self, work: Callable[[], object], on_done: Callable[[object], None]) -> None:
        self._context.run(lambda _store: work(), on_done, parent=self)

    def refresh(self) -> None:
        shown = self.detail.detail
        self.model.reload(then=lambda: self._show_again(shown))

    def _show_again(self, shown: ClientDetail | None) -> None:
        """After a reload: the client shown before, selected, or looked up, or gone."""
        if shown is None or self.select_client_id(shown.row.id):
            return

        # Not among the rows loaded: further down the list, or no longer there (a restore).
        def show(found: Shown) -> None:
            detail, requests = found
            if detail is not None and detail.row.id == shown.row.id:
                self._show_client(detail, requests)
            else:
                self._show_client(None)

        self._load_client(shown.row.ref, show)

    def _load_client(
        self, ref: str, show: Callable[[Shown], None], *, missing_ok: bool = True
    ) -> None:
        """Look one client up on the worker; `show` gets them unless another was asked for."""
        self._detail_token += 1
        token, now = self._detail_token, self._context.now()
        self._context.run(
            lambda store: load_client(store, ref, now, missing_ok=missing_ok),
            lambda found: token == self._detail_token and show(found),
            parent=self,
        )

    def _show_client(self, detail: ClientDetail | None, requests: Sequence[OptOutRow] = ()):
        self.detail.show_client(detail, requests)
        self._update_actions()

    def select_client_id(self, client_id: int) -> bool:
        row = self.model.row_of_client(client_id)
        if row is None:
            return False
        self.table.selectRow(row)
        return True

    def open_client(self, ref: str) -> None:
        """Show one client, whatever the search was (used by Today and after adding)."""

        def show(found: Shown) -> None:
            detail, requests = found
            self.search.blockSignals(True)
            self.search.setText(format_reference(ref))
            self.search.blockSignals(False)

            def select() -> None:
                if not self.select_client_id(detail.row.id):
                    self._show_client(detail, requests)

            self.model.set_query(ref, then=select)

        self._load_client(ref, show, missing_ok=False)

    def _on_table_selection_changed(self, selected: QItemSelection, _deselected) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self._detail_token += 1  # an answer on its way is for a row no longer chosen
            self._show_client(None)
        else:
            ref = self.model.row_at(rows[0].row()).ref
            self._load_client(ref, lambda found: self._show_client(*found))

    def _update_actions(self) -> None:
        chosen = self.detail.detail is not None
        for action_id in (ActionId.EDIT_CLIENT, ActionId.RECORD_CONSENT, ActionId.ARCHIVE_CLIENT):
            self._actions[action_id].setEnabled(chosen)

    def _on_context_changes(self, _changes: Changes) -> None:
        self._refresh_timer.start(0)  # once, after the current event

    def new_client(self) -> None:
        row = ClientDialog.ask(self, self._context)  # its save publishes the change
        if row is not None:
            self.open_client(row.ref)

    def import_clients(self) -> None:
        from app.ui.dialogs.import_dialog import ImportDialog  # not loaded at start

        ImportDialog.ask(self, self._context)  # its import publishes the change

    def edit_client(self) -> None:
        if self.detail.detail is not None:
            ClientDialog.ask(self, self._context, self.detail.detail)

    def record_consent(self) -> None:
        if self.detail.detail is not None:
            ConsentAnswersDialog.ask(self, self._context, self.detail.detail)

    def record_notice_given(
        self, method: str | None = None, then: Callable[[bool], None] | None = None
    ) -> None:
        """The current notice version was handed over, posted or emailed today.

        `then(recorded)` is told at the end, whichever way it ended.
        """
        detail = self.detail.detail
        finish = then or (lambda _recorded: None)
        if detail is None:
            finish(False)
            return

        def go_on(published: bool) -> None:
            if not published and not self._publish_first():
                finish(False)
                return
            chosen = method or self._ask_method()
            if chosen is None:
                finish(False)
                return
            today, now, actor = self._context.today(), self._context.now(), self._context.actor

            def failed(error: BaseException) -> None:
                QMessageBox.warning(self, _("Notice given"), error_text(error))
                finish(False)

            self._context.run(
                lambda store: notices.record_delivery(
                    store, detail.row.ref, delivered_on=today, method=chosen, actor=actor, now=now
                ),
                lambda _delivery: finish(True),
                changes=Changes(notices=True),
                message=lambda delivery: _(
                    "Notice version {number} recorded as given to {name}."
                ).format(number=delivery.notice_version, name=detail.row.name),
                on_error=failed,
            )

        self._context.run(
            lambda store: notices.get_current_version(store) is not None, go_on, parent=self
        )

    def _ask_method(self) -> str | None:
        methods = {_("In person"): "in-person", _("Post"): "post", _("Email"): "email"}
        choice, ok = QInputDialog.getItem(
            self, _("Notice given"), _("How was the notice given?"), list(methods), 0, False
        )
        return methods[choice] if ok else None

    def _publish_first(self) -> bool:
        """Only a published version can be given: offer to publish the first one here."""
        answer = QMessageBox.question(
            self,
            _("Notice given"),
            _(
                "No privacy notice has been published yet, so there is no version to record "
                "as given. Publish the first version now?"
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        from app.ui.pages.documents import PublishDialog  # loads the document libraries

        return PublishDialog.ask(self, self._context) is not None

    def toggle_archive(self) -> None:
        detail = self.detail.detail
        if detail is None:
            return
        archiving = detail.row.status == ClientStatus.ACTIVE
        if archiving:
            answer = QMessageBox.question(
                self,
                _("Archive client"),
                _(
                    "Archive {name}? A former client keeps their history and can still opt "
                    "out; they no longer count as active."
                ).format(name=detail.row.name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        status = ClientStatus.FORMER if archiving else ClientStatus.ACTIVE
        ref, actor = detail.row.ref, self._context.actor
        self._context.run(
            lambda store: clients.set_client_status(store, ref, status, actor=actor),
            changes=Changes(clients=True),
            message=_("Client {ref} updated.").format(ref=format_reference(ref)),
            on_error=lambda error: QMessageBox.warning(
                self, _("Archive client"), error_text(error)
            ),
        )
