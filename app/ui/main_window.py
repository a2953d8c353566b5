"""The main window: arranges the pages, menus, toolbar and status bar, and connects them.

It is built in two steps. The shell (navigation, menus, toolbar, Today) is shown at once; the
pages that read the practice's file are built when the file is open (`store_opened`), which
happens on the database worker so the window never waits for the database libraries or an
upgrade. Until then the actions that need records are disabled, and a page chosen early says
that the records are opening.
"""

from __future__ import annotations

import importlib

from PySide6.QtCore import QEvent, QMargins, QObject, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app import version
from app.services.places import (
    INCIDENT,
    OPTOUT_REQUEST,
    OPTOUT_REVIEW,
    RETENTION_PAST,
    RIGHTS_REQUEST,
    VENDOR,
    VENDORS_TO_TELL,
    Opens,
)
from app.ui.actions import MENUS, TOOLBAR, ActionId, ActionRegistry
from app.ui.changes import EVERYTHING, Changes
from app.ui.context import AppContext
from app.ui.openers import CLIENT, VENDOR_REVIEW, Openers
from app.ui.pages.first_steps import FIRST_STEP, open_first_step
from app.ui.pages.today import TodayPage
from app.ui.preferences import Preferences
from app.ui.text import _

# The order of the pages in the navigation list.
(
    PAGE_TODAY,
    PAGE_CLIENTS,
    PAGE_VENDORS,
    PAGE_OPTOUTS,
    PAGE_REQUESTS,
    PAGE_INCIDENTS,
    PAGE_DOCUMENTS,
    PAGE_SETTINGS,
) = range(8)
PREPARE_PAGES_AFTER_MS = 500
DEFAULT_SIZE = QSize(1280, 800)
MINIMUM_SIZE = QSize(900, 600)
ICON_SIZE = QSize(16, 16)  # about a line of text: the icons sit beside the words
# The title bar and borders a window manager adds around the window: unknown until it is
# shown, so the first size leaves room for them within the screen's free area.
FRAME_ALLOWANCE = QMargins(8, 40, 8, 8)
# Actions that read or write records: usable once the practice's file is open.
NEEDS_RECORDS = (
    ActionId.FIND_CLIENT,
    ActionId.LOG_OPTOUT,
    ActionId.LOG_REQUEST,
    ActionId.LOG_INCIDENT,
    ActionId.NEW_CLIENT,
    ActionId.EDIT_CLIENT,
    ActionId.ARCHIVE_CLIENT,
    ActionId.RECORD_CONSENT,
    ActionId.NEW_VENDOR,
    ActionId.REVIEW_VENDOR,
    ActionId.REFRESH,
    ActionId.BACKUP_NOW,
    ActionId.RESTORE,
)

# Of those, the ones the Clients and the Vendors page connect: enabled when their page is
# built, so a shortcut is never swallowed by a page connected while the action fires.
CLIENT_ACTIONS = (ActionId.NEW_CLIENT, ActionId.EDIT_CLIENT, ActionId.RECORD_CONSENT)
CLIENT_ACTIONS += (ActionId.ARCHIVE_CLIENT,)
VENDOR_ACTIONS = (ActionId.NEW_VENDOR, ActionId.REVIEW_VENDOR)
PAGE_OWNED = CLIENT_ACTIONS + VENDOR_ACTIONS


class _FirstPaintWatcher(QObject):
    painted = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.painted.emit()
        return False


class MainWindow(QMainWindow):
    first_painted = Signal()

    def __init__(self, context: AppContext, preferences: Preferences) -> None:
        super().__init__()
        self.context = context
        self.preferences = preferences
        self.actions = ActionRegistry(self)
        # Connected before the pages connect theirs, so the page is shown behind its dialog.
        self.actions[ActionId.REVIEW_VENDOR].triggered.connect(lambda: self.show_page(PAGE_VENDORS))
        self.setMinimumSize(MINIMUM_SIZE)
        screen = self.screen()
        if screen is not None:
            self.fit_to(screen.availableGeometry())
        else:
            self.resize(DEFAULT_SIZE)
        self.today_page = TodayPage(context)
        # Clients and Vendors are built as soon as the file is open (their pages own the
        # client and vendor actions); pages used less often the first time they are shown,
        # so what they import (ReportLab, PDF rendering) loads only when needed.
        self._lazy_pages = {
            PAGE_CLIENTS: self._make_clients_page,
            PAGE_VENDORS: self._make_vendors_page,
            PAGE_OPTOUTS: self._make_optouts_page,
            PAGE_REQUESTS: self._make_requests_page,
            PAGE_INCIDENTS: self._make_incidents_page,
            PAGE_DOCUMENTS: self._make_documents_page,
            PAGE_SETTINGS: self._make_settings_page,
        }
        self._built: dict[int, QWidget] = {}
        self.pages = QStackedWidget()
        self.navigation = QListWidget()
        self.navigation.setAccessibleName(_("Pages"))
        self.navigation.setFixedWidth(170)
        self.navigation.setIconSize(ICON_SIZE)
        self.navigation.setSpacing(2)
        self._page_actions = (
            (ActionId.GO_TODAY, _("Today"), self.today_page),
            (ActionId.GO_CLIENTS, _("Clients"), None),
            (ActionId.GO_VENDORS, _("Vendors"), None),
            (ActionId.GO_OPTOUTS, _("Opt-outs"), None),
            (ActionId.GO_REQUESTS, _("Requests"), None),
            (ActionId.GO_INCIDENTS, _("Incidents"), None),
            (ActionId.GO_DOCUMENTS, _("Documents"), None),
            (ActionId.GO_SETTINGS, _("Settings"), None),
        )
        for number, (action_id, title, page) in enumerate(self._page_actions):
            self.navigation.addItem(QListWidgetItem(self.actions[action_id].icon(), title))
            self.pages.addWidget(page or _opening_placeholder())
            self.actions[action_id].triggered.connect(
                lambda _checked=False, number=number: self.show_page(number)
            )
        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)
        central = QWidget()
        # Banners (a plain practice's "encrypt now") above the pages; none most of the time.
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self._banners = QVBoxLayout()
        outer.addLayout(self._banners)
        layout = QHBoxLayout()
        outer.addLayout(layout, 1)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._build_toolbar()
        self.practice_label = QLabel()
        self.practice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.practice_label)
        self._connect()
        self.setWindowTitle(_("Privacy Desk"))
        self._restore_layout()
        self.navigation.setCurrentRow(0)
        self._paint_watcher = _FirstPaintWatcher(self)
        self._paint_watcher.painted.connect(self.first_painted)
        self.today_page.installEventFilter(self._paint_watcher)
        if context.is_open:  # nothing is opening: the pages are built at once
            self._on_store_opened()
            self.page(PAGE_CLIENTS)
            self.page(PAGE_VENDORS)
        else:
            for action_id in NEEDS_RECORDS:
                self.actions[action_id].setEnabled(False)
            context.store_opened.connect(self._on_store_opened)

    def fit_to(self, available: QRect) -> None:
        """The first size and place: the default size where it fits, the status bar in view.

        `available` is the screen less its task bars; the window and its frame stay inside it.
        """
        room = available.marginsRemoved(FRAME_ALLOWANCE)
        size = DEFAULT_SIZE.boundedTo(room.size()).expandedTo(self.minimumSize())
        self.resize(size)
        self.move(
            room.x() + max(0, (room.width() - size.width()) // 2),
            room.y() + max(0, (room.height() - size.height()) // 2),
        )

    def _on_store_opened(self) -> None:
        """The second step: Today's lists first, then the pages over the records.

        The worker runs one job after another, so what is submitted first is read first:
        Today (what the coach reads on opening) goes ahead of the Clients and Vendors pages,
        whose code is imported on the worker after it and which are built once it is in.
        """
        for action_id in NEEDS_RECORDS:
            if action_id not in PAGE_OWNED:
                self.actions[action_id].setEnabled(True)
        # A page chosen while the file was opening is the one looked at: it loads first.
        self.page(self.pages.currentIndex())
        self._update_title()  # one row: it costs Today nothing to wait for it
        self.today_page.loaded.connect(self._prepare_pages_in_background)
        self.today_page.refresh()
        self.context.worker.submit(_import_first_pages, lambda _done: self._build_first_pages())

    def _build_first_pages(self) -> None:
        self.page(PAGE_CLIENTS)
        # The next on the next turn of the event loop, so the window answers in between.
        QTimer.singleShot(0, self, lambda: self.page(PAGE_VENDORS))

    def _prepare_pages_in_background(self) -> None:
        """What the other pages need loaded, loaded by the worker while the coach reads Today,
        so their first visit does not stall the window (0.5 s at 50,000 clients). Started once
        Today is on screen, so it never competes with the first load."""
        self.today_page.loaded.disconnect(self._prepare_pages_in_background)
        QTimer.singleShot(PREPARE_PAGES_AFTER_MS, self, self._submit_page_preparation)

    def _submit_page_preparation(self) -> None:
        if not self.context.is_open:
            return
        store = self.context.store

        def prepare() -> None:
            from app.services.optouts import prepare_calendar

            for page in ("optouts", "documents", "settings"):
                importlib.import_module(f"app.ui.pages.{page}")
            prepare_calendar(store)

        self.context.worker.submit(prepare)

    def show_banner(self, banner: QWidget) -> None:
        """A message across the top of the window until it hides itself."""
        self._banners.addWidget(banner)

    def _build_menus(self) -> None:
        for title, items in MENUS:
            menu = self.menuBar().addMenu(_(title))
            for item in items:
                if item is None:
                    menu.addSeparator()
                else:
                    menu.addAction(self.actions[item])

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(_("Main toolbar"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.setIconSize(ICON_SIZE)
        for action_id in TOOLBAR:
            toolbar.addAction(self.actions[action_id])
        self.addToolBar(toolbar)

    def _connect(self) -> None:
        self.actions[ActionId.FIND_CLIENT].triggered.connect(self.find_client)
        self.actions[ActionId.NEW_CLIENT].triggered.connect(lambda: self.show_page(PAGE_CLIENTS))
        self.actions[ActionId.NEW_VENDOR].triggered.connect(lambda: self.show_page(PAGE_VENDORS))
        self.actions[ActionId.LOG_OPTOUT].triggered.connect(self.log_optout)
        self.actions[ActionId.LOG_INCIDENT].triggered.connect(self.log_incident)
        self.actions[ActionId.LOG_REQUEST].triggered.connect(self.log_request)
        self.actions[ActionId.IMPORT_CLIENTS].triggered.connect(
            lambda: self._on_clients_page().import_clients()
        )
        self.actions[ActionId.IMPORT_CONSENTS].triggered.connect(
            lambda: self._on_clients_page().import_paper_consents()
        )
        self.actions[ActionId.REFRESH].triggered.connect(self.refresh)
        self.actions[ActionId.BACKUP_NOW].triggered.connect(
            lambda: self.settings_page.back_up_now()
        )
        self.actions[ActionId.RESTORE].triggered.connect(self._restore)
        self.actions[ActionId.QUIT].triggered.connect(self.close)
        self.actions[ActionId.ABOUT].triggered.connect(self._about)
        # Every "open this" of the pages (a line on Today, a request, a client) comes here.
        self.openers = Openers()
        self.openers.register(CLIENT, self.open_client)
        self.openers.register(VENDOR_REVIEW, self.review_vendor)
        self.openers.register(OPTOUT_REQUEST, self.open_optout)
        self.openers.register(VENDORS_TO_TELL, lambda _key: self.open_vendors_to_tell())
        self.openers.register(INCIDENT, self.open_incident)
        self.openers.register(OPTOUT_REVIEW, lambda _key: self.review_optout_path())
        self.openers.register(RIGHTS_REQUEST, self.open_request)
        self.openers.register(FIRST_STEP, lambda step: open_first_step(self, step))
        self.openers.register(VENDOR, self.open_vendor)
        self.openers.register(RETENTION_PAST, lambda _key: self.show_past_promise())
        self.today_page.open_requested.connect(self.openers.open)
        self.context.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.context.subscribe(self, Changes(practice=True), lambda _changes: self._update_title())

    def page(self, number: int) -> QWidget:
        """The page at `number`, built now if this is its first use."""
        make = self._lazy_pages.get(number)
        if make is None or not self.context.is_open:
            return self.pages.widget(number)
        if number not in self._built:
            placeholder = self.pages.widget(number)
            current = self.pages.currentIndex()
            built = make()
            self.pages.insertWidget(number, built)
            self.pages.removeWidget(placeholder)
            placeholder.deleteLater()
            self.pages.setCurrentIndex(current)
            self._built[number] = built
        return self._built[number]

    @property
    def clients_page(self):
        return self.page(PAGE_CLIENTS)

    @property
    def vendors_page(self):
        return self.page(PAGE_VENDORS)

    @property
    def optouts_page(self):
        return self.page(PAGE_OPTOUTS)

    @property
    def documents_page(self):
        return self.page(PAGE_DOCUMENTS)

    @property
    def settings_page(self):
        return self.page(PAGE_SETTINGS)

    def _make_clients_page(self) -> QWidget:
        from app.ui.pages.clients import ClientsPage

        for action_id in CLIENT_ACTIONS:  # the page connects them: usable from now on
            self.actions[action_id].setEnabled(True)
        page = ClientsPage(self.context, self.actions)
        page.documents_requested.connect(self.open_documents)
        page.detail.optout_requested.connect(
            lambda request_id: self.openers.open(Opens(OPTOUT_REQUEST, request_id))
        )
        page.detail.request_requested.connect(
            lambda request_id: self.openers.open(Opens(RIGHTS_REQUEST, request_id))
        )
        splitter = self.preferences.splitter("clients")
        if splitter is not None:
            page.splitter.restoreState(splitter)
        return page

    def _make_vendors_page(self) -> QWidget:
        from app.ui.pages.vendors import VendorsPage

        for action_id in VENDOR_ACTIONS:
            self.actions[action_id].setEnabled(True)
        return VendorsPage(self.context, self.actions)

    def _make_optouts_page(self) -> QWidget:
        from app.ui.pages.optouts import OptOutsPage

        page = OptOutsPage(self.context)
        page.client_requested.connect(lambda ref: self.openers.open(Opens(CLIENT, ref)))
        page.log_requested.connect(self.log_optout)
        return page

    @property
    def requests_page(self):
        return self.page(PAGE_REQUESTS)

    def _make_requests_page(self) -> QWidget:
        from app.ui.pages.requests import RequestsPage

        return RequestsPage(self.context)

    @property
    def incidents_page(self):
        return self.page(PAGE_INCIDENTS)

    def _make_incidents_page(self) -> QWidget:
        from app.ui.pages.incidents import IncidentsPage

        return IncidentsPage(self.context, preferences=self.preferences)

    def _make_documents_page(self) -> QWidget:
        from app.ui.pages.documents import DocumentsPage

        return DocumentsPage(self.context, preferences=self.preferences)

    def _make_settings_page(self) -> QWidget:
        from app.ui.pages.settings import SettingsPage

        return SettingsPage(self.context, self.preferences)

    def _on_navigation_current_row_changed(self, row: int) -> None:
        self.page(row)
        self.pages.setCurrentIndex(row)

    def show_page(self, number: int) -> None:
        self.navigation.setCurrentRow(number)

    def _on_clients_page(self):
        self.show_page(PAGE_CLIENTS)
        return self.clients_page

    def find_client(self) -> None:
        self.show_page(PAGE_CLIENTS)
        self.clients_page.focus_search()

    def open_client(self, ref: str) -> None:
        self.show_page(PAGE_CLIENTS)
        self.clients_page.open_client(ref)

    def open_vendor(self, vendor_id: int) -> None:
        self.show_page(PAGE_VENDORS)
        self.vendors_page.open_vendor(vendor_id)

    def review_vendor(self, vendor_id: int) -> None:
        """The vendor's page, and the review dialog over it (a due review on Today)."""
        self.show_page(PAGE_VENDORS)
        page = self.vendors_page

        def review() -> None:
            if page.vendor is not None and page.vendor.row.id == vendor_id:
                page.record_review()

        page.open_vendor(vendor_id, then=review)

    def show_settings_profile(self) -> None:
        self.show_page(PAGE_SETTINGS)
        self.settings_page.fields["name"].setFocus()

    def add_sharing_for(self, vendor_id: int | None) -> None:
        """The vendor's page with the dialog saying what it receives; the register if none."""
        self.show_page(PAGE_VENDORS)
        if vendor_id is not None:
            page = self.vendors_page
            page.open_vendor(vendor_id, then=page.add_sharing)

    def publish_notice(self) -> None:
        self.show_page(PAGE_DOCUMENTS)
        self.documents_page.publish()

    def open_documents(self, ref: str) -> None:
        self.show_page(PAGE_DOCUMENTS)
        self.documents_page.prepare_for_client(ref)

    def open_optout(self, request_id: int) -> None:
        self.show_page(PAGE_OPTOUTS)
        self.optouts_page.open_request(request_id)

    def show_past_promise(self) -> None:
        """Former clients held past the notice's promise (a line on Today opens it)."""
        from app.ui.dialogs.retention_dialog import PastPromiseDialog

        PastPromiseDialog.ask(self, self.context)

    def review_optout_path(self) -> None:
        self.show_page(PAGE_OPTOUTS)
        self.optouts_page.review_path()

    def open_vendors_to_tell(self) -> None:
        self.show_page(PAGE_OPTOUTS)
        self.optouts_page.tabs.setCurrentIndex(1)

    def log_optout(self) -> None:
        from app.ui.dialogs.optout_dialog import LogOptOutDialog

        result = LogOptOutDialog.ask(self, self.context)
        if result is not None:
            self.open_optout(result.request_id)

    def open_request(self, request_id: int) -> None:
        self.show_page(PAGE_REQUESTS)
        self.requests_page.open_request(request_id)

    def log_request(self) -> None:
        self.show_page(PAGE_REQUESTS)
        self.requests_page.log_request()

    def open_incident(self, incident_id: int) -> None:
        self.show_page(PAGE_INCIDENTS)
        self.incidents_page.open_incident(incident_id)

    def log_incident(self) -> None:
        self.show_page(PAGE_INCIDENTS)
        self.incidents_page.log_incident()

    def refresh(self) -> None:
        self.context.publish(EVERYTHING)

    def _restore(self) -> None:
        self.show_page(PAGE_SETTINGS)
        self.settings_page.restore()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            _("About Privacy Desk"),
            _("Privacy Desk {version}").format(version=version())
            + "\n\n"
            + _("Keeps the privacy paperwork of a small practice straight.")
            + "\n\n"
            + _("Data folder: {folder}").format(folder=self.preferences.data_folder),
        )

    def _update_title(self) -> None:
        if self.context.is_open:
            self.context.run(_practice_name, self._show_practice_name, parent=self)

    def _show_practice_name(self, name: str) -> None:
        name = name or _("Your practice")
        self.setWindowTitle(_("Privacy Desk — {name}").format(name=name))
        self.practice_label.setText(name)

    def _restore_layout(self) -> None:
        geometry = self.preferences.window_geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.preferences.window_state()
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.preferences.save_window(self.saveGeometry(), self.saveState())
        if PAGE_CLIENTS in self._built:
            self.preferences.save_splitter("clients", self.clients_page.splitter.saveState())
        self.preferences.sync()
        super().closeEvent(event)


def _practice_name(store) -> str:
    """On the database worker: the services load there, never on the GUI thread."""
    from app.services.practice import get_practice

    return get_practice(store).name


def _import_first_pages() -> None:
    """On the database worker, after Today's load: the Clients and Vendors pages' code, so
    the GUI thread builds them without importing (0.16 s of CPU here)."""
    for page in ("clients", "vendors"):
        importlib.import_module(f"app.ui.pages.{page}")


def _opening_placeholder() -> QWidget:
    """Stands in for a page until it is built; seen only while the records are opening."""
    label = QLabel(_("Opening your records…"))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
