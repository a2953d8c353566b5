"""Clients: search as you type over the whole practice, and everything about the one selected."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtWidgets import (
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

from app.domain.enums import ClientStatus
from app.domain.refcodes import format_reference
from app.services import clients, notices, optouts
from app.services.errors import NotFound
from app.services.rows import ClientDetail, OptOutRow
from app.ui.actions import ActionId, ActionRegistry
from app.ui.changes import Changes
from app.ui.client_model import ClientListModel
from app.ui.context import AppContext
from app.ui.dialogs.client_dialog import ClientDialog
from app.ui.dialogs.consent_dialog import ConsentAnswersDialog
from app.ui.empty_state import empty_page
from app.ui.icons import set_icon
from app.ui.pages.client_detail import ClientDetailView
from app.ui.table_model import make_table
from app.ui.text import _, error_text, ngettext

if TYPE_CHECKING:
    from app.persistence.store import Store

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
        set_icon(new_button, "add-client")
        self.import_button = QPushButton(_("&Import…"))
        self.import_button.setToolTip(_("Import clients from a CSV, Excel or vCard file"))
        self.import_button.clicked.connect(lambda: self.import_clients())
        set_icon(self.import_button, "import")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(new_button)
        top.addWidget(self.import_button)
        self.past_promise_button = QPushButton(_("Held past our &promise…"))
        self.past_promise_button.setToolTip(
            _("Former clients whose retention period ended: what we hold past our promise")
        )
        self.past_promise_button.clicked.connect(lambda: self.show_past_promise())
        top.addWidget(self.past_promise_button)
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
        shown = self.detail.detail
        chosen = shown is not None and shown.row.status != ClientStatus.ERASED
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

    def import_paper_consents(self) -> None:
        from app.ui.dialogs.paper_consent_dialog import PaperConsentDialog  # not loaded at start

        PaperConsentDialog.ask(self, self._context)  # its recording publishes the change

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

    def show_past_promise(self) -> None:
        from app.ui.dialogs.retention_dialog import PastPromiseDialog

        PastPromiseDialog.ask(self, self._context)

    def toggle_archive(self) -> None:
        detail = self.detail.detail
        if detail is None:
            return
        archiving = detail.row.status == ClientStatus.ACTIVE
        last_session = None
        if archiving:
            from app.ui.dialogs.retention_dialog import ArchiveDialog

            last_session = ArchiveDialog.ask(self, detail.row.name, self._context.today())
            if last_session is None:
                return
        status = ClientStatus.FORMER if archiving else ClientStatus.ACTIVE
        ref, actor = detail.row.ref, self._context.actor
        self._context.run(
            lambda store: clients.set_client_status(
                store, ref, status, actor=actor, last_session=last_session
            ),
            changes=Changes(clients=True),
            message=_("Client {ref} updated.").format(ref=format_reference(ref)),
            on_error=lambda error: QMessageBox.warning(
                self, _("Archive client"), error_text(error)
            ),
        )
