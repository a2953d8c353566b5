"""Opt-outs: the register of requests with their timelines, and telling vendors (story 4).

Each read and write runs on the database worker; the register's filters ask it again.
"""

from __future__ import annotations

import csv
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.optout import ObjectionDecision
from app.services import optouts
from app.services.rows import ObjectionLine, OptOutRow
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.dialogs.optout_dialog import OPTOUT_CHANNELS
from app.ui.dialogs.optout_review_dialog import OptOutReviewDialog
from app.ui.dialogs.step_dialogs import DateAndNoteDialog, ObjectionDialog, picked_moment
from app.ui.empty_state import empty_page
from app.ui.fonts import print_font
from app.ui.forms import date_field
from app.ui.icons import set_icon
from app.ui.pages.optout_timeline import (
    EXPORT_COLUMNS,
    REGISTER_COLUMNS,
    local_moment,
    open_objections,
    timeline_html,
)
from app.ui.pages.telling_vendors import TellingVendorsTab
from app.ui.pages.today import DueModel
from app.ui.table_model import make_table
from app.ui.text import _

# The requests, their vendors' progress, and the clients they are matched to.
SHOWN = Changes(
    consents=True, clients=True, vendors=True, sharings=True, optouts=True, practice=True
)


class OptOutsPage(QWidget):
    client_requested = Signal(str)
    log_requested = Signal()  # from its empty state: the window's "Log opt-out"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._token = 0  # the latest register asked for: an older answer is dropped
        self._waiting: list = []
        self.telling = TellingVendorsTab(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_register(), _("&Register"))
        self.tabs.addTab(self.telling, _("&Telling vendors"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + _("Opt-outs") + "</h2>"))
        self.empty = empty_page("optouts", self.tabs, self.log_requested.emit)
        layout.addWidget(self.empty)
        context.subscribe(self, SHOWN, lambda _changes: self.refresh())
        self.refresh()

    # --- register ---------------------------------------------------------------------------

    def _build_register(self) -> QWidget:
        page = QWidget()
        filters = QHBoxLayout()
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(_("Status"))
        for value, text in (
            ("all", _("All requests")),
            ("open", _("Open")),
            ("overdue", _("Overdue")),
        ):
            self.status_filter.addItem(text, value)
        self.channel_filter = QComboBox()
        self.channel_filter.setAccessibleName(_("Channel"))
        self.channel_filter.addItem(_("Any channel"), "")
        for channel, text in OPTOUT_CHANNELS:
            self.channel_filter.addItem(_(text), channel.value)
        self.use_dates = QCheckBox(_("Received &between"))
        today = self._context.today()
        self.date_from = date_field(date(today.year, 1, 1))
        self.date_to = date_field(today)
        for edit, name in ((self.date_from, _("From")), (self.date_to, _("To"))):
            edit.setEnabled(False)
            edit.setAccessibleName(name)
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        for widget in (
            self.status_filter,
            self.channel_filter,
            self.use_dates,
            self.date_from,
            self.date_to,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        export_csv = QPushButton(_("Export &CSV…"))
        export_csv.clicked.connect(self.export_csv)
        set_icon(export_csv, "export")
        export_pdf = QPushButton(_("Export &PDF…"))
        export_pdf.clicked.connect(self.export_pdf)
        set_icon(export_pdf, "export")
        filters.addWidget(export_csv)
        filters.addWidget(export_pdf)
        # The path itself, tested once a year (issue 14); Today asks for it when due.
        self.review_button = QPushButton(_("Review the &path…"))
        self.review_button.setToolTip(
            _("Test every way clients can opt out, and check the notice and vendors' contracts")
        )
        self.review_button.clicked.connect(self.review_path)
        filters.addWidget(self.review_button)
        self.register = DueModel(REGISTER_COLUMNS, self)
        self.register_view = make_table(self.register, stretch=1)
        self.register_view.setAccessibleName(_("Opt-out requests"))
        self.timeline = QTextBrowser()
        self.timeline.setAccessibleName(_("Timeline"))
        # Two by two: in one row the buttons would hold the timeline wider than the register.
        actions = QGridLayout()
        self.match_button = QPushButton(_("&Match to a client…"))
        self.match_button.clicked.connect(self.match_client)
        self.ack_button = QPushButton(_("Record &acknowledgement…"))
        self.ack_button.clicked.connect(self.record_acknowledgement)
        self.open_client_button = QPushButton(_("Open &client"))
        self.open_client_button.clicked.connect(self._open_client)
        self.objection_button = QPushButton(_("Answer &objection…"))
        self.objection_button.clicked.connect(lambda: self.answer_objection())
        for number, button in enumerate(
            (self.match_button, self.ack_button, self.objection_button, self.open_client_button)
        ):
            actions.addWidget(button, number // 2, number % 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.timeline, 1)
        right_layout.addLayout(actions)
        splitter = QSplitter()
        splitter.addWidget(self.register_view)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        self.register_splitter = splitter
        self._split_once = False
        layout = QVBoxLayout(page)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        for signal in (
            self.status_filter.currentIndexChanged,
            self.channel_filter.currentIndexChanged,
            self.use_dates.toggled,
            self.date_from.dateChanged,
            self.date_to.dateChanged,
        ):
            signal.connect(lambda *_a: self.refresh())
        self.register_view.selectionModel().selectionChanged.connect(
            lambda *_a: self._show_selected()
        )
        return page

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._split_register_once()

    def _split_register_once(self) -> None:
        width = self.register_splitter.width()
        # Not behind the empty state: the register has no width of its own there.
        if not self._split_once and self.register_splitter.isVisible() and width > 300:
            # Two thirds for the register once the page has its width (sizes given while it
            # is built unseen are not kept): its columns (who, due, status) need the room.
            self._split_once = True
            self.register_splitter.setSizes([width * 2 // 3, width - width * 2 // 3])

    def refresh(self, then=None) -> None:
        """Ask the register again with the filters as set; `then()` once it is shown."""
        if then is not None:
            self._waiting.append(then)
        self._token += 1
        token, today, now = self._token, self._context.today(), self._context.now()
        status = self.status_filter.currentData()
        dated = self.use_dates.isChecked()
        filters = dict(
            open_only=status == "open",
            overdue_on=today if status == "overdue" else None,
            channel=self.channel_filter.currentData() or None,
            received_from=self.date_from.date().toPython() if dated else None,
            received_to=self.date_to.date().toPython() if dated else None,
        )
        self._context.run(
            lambda store: optouts.list_optouts(store, **filters, now=now),
            lambda rows: token == self._token and self._show_register(rows),
            parent=self,
        )
        self.telling.refresh()

    def _show_register(self, rows: list[OptOutRow]) -> None:
        selected = self.selected_request()
        self.register.set_rows(rows)
        self.register_view.resizeColumnsToContents()
        unfiltered = self.status_filter.currentData() == "all" and not (
            self.channel_filter.currentData() or self.use_dates.isChecked()
        )
        if self.empty.is_empty and not (unfiltered and not rows):
            QTimer.singleShot(0, self._split_register_once)  # once it is laid out
        self.empty.set_empty(unfiltered and not rows)
        if selected is not None:
            self.select_request(selected.id)
        self._show_selected()
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()

    def selected_request(self) -> OptOutRow | None:
        rows = self.register_view.selectionModel().selectedRows()
        return self.register.row_at(rows[0].row()) if rows else None

    def select_request(self, request_id: int) -> bool:
        for number, row in enumerate(self.register.rows()):
            if row.id == request_id:
                self.register_view.selectRow(number)
                return True
        return False

    def review_path(self) -> None:
        """The opt-out path's yearly review: its dialog rehearses an opt-out, then records."""
        OptOutReviewDialog.ask(self, self._context)

    def open_request(self, request_id: int) -> None:
        self.tabs.setCurrentIndex(0)
        if not self.select_request(request_id):
            for widget in (self.status_filter, self.use_dates):
                widget.blockSignals(True)  # one search for both, below
            self.status_filter.setCurrentIndex(0)
            self.use_dates.setChecked(False)
            for widget in (self.status_filter, self.use_dates):
                widget.blockSignals(False)
            self.date_from.setEnabled(False)
            self.date_to.setEnabled(False)
            self.refresh(then=lambda: self.select_request(request_id))

    def _show_selected(self) -> None:
        row = self.selected_request()
        self.timeline.setHtml(timeline_html(row) if row else "")
        self.match_button.setEnabled(bool(row and not row.client_ref))
        self.ack_button.setEnabled(bool(row and row.client_ref and not row.acknowledged_at))
        self.open_client_button.setEnabled(bool(row and row.client_ref))
        self.objection_button.setEnabled(bool(row and open_objections(row)))

    def _open_client(self) -> None:
        row = self.selected_request()
        if row and row.client_ref:
            self.client_requested.emit(row.client_ref)

    def match_client(self) -> None:
        row = self.selected_request()
        if row is None:
            return
        ref, ok = QInputDialog.getText(
            self,
            _("Match to a client"),
            _("Reference code of the client who called ({details}):").format(
                details=row.caller_details
            ),
        )
        if not ok or not ref.strip():
            return
        actor, now = self._context.actor, self._context.now()
        self._context.run(
            lambda store: optouts.match_caller(store, row.id, ref, actor=actor, now=now),
            # Applying it withdraws consents: the client's page and the do-not-share lists.
            changes=Changes(optouts=True, consents=True),
            message=_("Request matched and applied."),
            on_error=self._context.refusal_in(self, _("Match to a client")),
        )

    def answer_objection(self) -> None:
        """Weigh the selected request's open objection: uphold it, or decline with a reason."""
        row = self.selected_request()
        if row is None or not open_objections(row):
            return
        answer = ObjectionDialog.ask(self, open_objections(row))
        if answer is not None:
            self.record_objection_answer(*answer)

    def record_objection_answer(self, objection: ObjectionLine, decision: str, reason: str):
        actor, now = self._context.actor, self._context.now()
        self._context.run(
            lambda store: optouts.answer_objection(
                store,
                objection.id,
                decision=ObjectionDecision(decision),
                reason=reason,
                actor=actor,
                now=now,
            ),
            # An upheld objection ends a sharing for the client: the consent lists change too.
            changes=Changes(optouts=True, consents=True),
            message=_("Objection answered."),
            on_error=self._context.refusal_in(self, _("Answer the objection")),
        )

    def record_acknowledgement(self) -> None:
        row = self.selected_request()
        if row is None:
            return
        today = self._context.today()
        dialog = DateAndNoteDialog(
            _("Record acknowledgement"),
            [("letter", _("Letter")), ("email", _("Email")), ("oral", _("Said to them"))],
            self,
            today,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        context, method = self._context, dialog.method.currentData()
        now = context.now()
        acknowledged_at = picked_moment(dialog.date.date().toPython(), context.zone, now)
        context.run(
            lambda store: optouts.record_acknowledgement(
                store,
                row.id,
                method=method,
                acknowledged_at=acknowledged_at,
                actor=context.actor,
                now=now,
            ),
            changes=Changes(optouts=True),
            message=_("Acknowledgement recorded."),
            on_error=context.refusal_in(self, _("Record acknowledgement")),
        )

    def export_csv(self, path: str | None = None) -> Path | None:
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export opt-outs"), "opt-outs.csv", _("CSV files (*.csv)")
            )
        if not path:
            return None
        target = Path(path)
        with target.open("w", newline="", encoding="utf-8-sig") as handle:  # Excel reads the BOM
            writer = csv.writer(handle)
            writer.writerow([_(column.title) for column in EXPORT_COLUMNS] + [_("Vendors")])
            for row in self.register.rows():
                vendors = "; ".join(
                    f"{v.vendor}: {local_moment(v.sent_at) or '-'}"
                    f" / {local_moment(v.confirmed_at) or '-'}"
                    for v in row.vendors
                )
                writer.writerow([str(column.value(row)) for column in EXPORT_COLUMNS] + [vendors])
        self._context.status_message.emit(_("Exported to {path}").format(path=target))
        return target

    def export_pdf(self, path: str | None = None) -> Path | None:
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export opt-outs"), "opt-outs.pdf", _("PDF files (*.pdf)")
            )
        if not path:
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
        document = QTextDocument()
        document.setDefaultFont(print_font(9))
        rows = "".join(
            "<tr>"
            + "".join(f"<td>{escape(str(c.value(row)))}</td>" for c in EXPORT_COLUMNS)
            + "</tr>"
            for row in self.register.rows()
        )
        header = "".join(f"<th align='left'>{escape(_(c.title))}</th>" for c in EXPORT_COLUMNS)
        document.setHtml(
            f"<h2>{escape(_('Opt-out register'))}</h2>"
            f"<table border='1' cellspacing='0' cellpadding='3'><tr>{header}</tr>{rows}</table>"
        )
        document.print_(printer)
        self._context.status_message.emit(_("Exported to {path}").format(path=path))
        return Path(path)
