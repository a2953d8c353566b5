"""Opt-outs: the register of requests with their timelines, and telling vendors (story 4)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, time
from html import escape
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.optout import SendMethod
from app.domain.refcodes import format_reference
from app.services import optout_documents, optouts, practice
from app.services.rows import OptOutRow, PendingNotification, VendorProgress
from app.ui.context import AppContext
from app.ui.dialogs.optout_dialog import OPTOUT_CHANNELS
from app.ui.fonts import print_font
from app.ui.forms import FieldForm
from app.ui.pages.today import DueModel
from app.ui.table_model import Column, RowTableModel, make_table
from app.ui.text import N_, _, error_text

STATUS_TEXT = {
    "received": N_("Received, not matched"),
    "applied": N_("Applied, vendors to tell"),
    "vendors_notified": N_("Vendors told, awaiting confirmation"),
    "vendors_confirmed": N_("Vendors confirmed"),
    "closed": N_("Closed"),
}
SCOPE_TEXT = {"all": N_("Everything"), "marketing": N_("Marketing only"), "chosen": N_("Chosen")}
CHANNEL_TEXT = {channel.value: text for channel, text in OPTOUT_CHANNELS}


def _who(row: OptOutRow) -> str:
    if row.client_ref:
        return f"{row.client_name} ({format_reference(row.client_ref)})"
    return _("Not matched: {details}").format(details=row.caller_details)


def _local(moment: datetime | None) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


def _status(row) -> str:
    return _(STATUS_TEXT.get(row.status, row.status))


# Who and status can be long (a name with its reference; "applied, vendors to be told"): when
# the column elides them, hovering shows them whole.
REGISTER_COLUMNS = (
    Column(N_("Received"), lambda row: _local(row.received_at)),
    Column(N_("Who"), _who, tooltip=_who),
    Column(N_("Channel"), lambda row: _(CHANNEL_TEXT.get(row.channel, row.channel))),
    Column(N_("Scope"), lambda row: _(SCOPE_TEXT.get(row.scope, row.scope))),
    Column(
        N_("Due"),
        lambda row: row.due_on.isoformat() + (f" — {_('overdue')}" if row.overdue else ""),
    ),
    Column(N_("Status"), _status, tooltip=_status),
)
PENDING_COLUMNS = (
    Column(
        N_("Due"),
        lambda n: n.due_on.isoformat() + (f" — {_('overdue')}" if n.overdue else ""),
    ),
    Column(N_("Vendor"), lambda n: n.vendor),
    Column(N_("People"), lambda n: len(n.people)),
    Column(N_("Privacy contact"), lambda n: n.vendor_email),
)
AWAITING_COLUMNS = (
    Column(N_("Sent"), lambda v: _local(v.sent_at)),
    Column(N_("Vendor"), lambda v: v.vendor),
    Column(N_("How"), lambda v: v.sent_method),
    Column(N_("Due"), lambda v: v.due_on.isoformat()),
)


def timeline_html(row: OptOutRow) -> str:
    """Every step of one request, in order, with who and when."""
    steps = [
        (
            row.received_at,
            _("Received by {channel}").format(
                channel=_(CHANNEL_TEXT.get(row.channel, row.channel))
            ),
        ),
        (row.recorded_at, _("Recorded by {who}").format(who=row.recorded_by)),
    ]
    if row.acknowledged_at:
        steps.append(
            (row.acknowledged_at, _("Acknowledged ({how})").format(how=row.acknowledged_by))
        )
    for vendor in row.vendors:
        if vendor.sent_at:
            steps.append(
                (
                    vendor.sent_at,
                    _("{vendor} told ({how})").format(vendor=vendor.vendor, how=vendor.sent_method),
                )
            )
        if vendor.confirmed_at:
            steps.append(
                (vendor.confirmed_at, _("{vendor} confirmed").format(vendor=vendor.vendor))
            )
    if row.completed_at:
        steps.append((row.completed_at, _("Completed")))
    steps.sort(key=lambda step: step[0])
    waiting = [
        _("{vendor}: to be told by {due}").format(vendor=v.vendor, due=v.due_on.isoformat())
        for v in row.vendors
        if not v.sent_at
    ]
    parts = [f"<h3>{escape(_who(row))}</h3>"]
    parts.append(
        "<p>"
        + escape(_("Scope: {scope}").format(scope=_(SCOPE_TEXT.get(row.scope, row.scope))))
        + (" — " + escape(", ".join(row.scope_vendors)) if row.scope_vendors else "")
        + "<br>"
        + escape(_("Due: {due}").format(due=row.due_on.isoformat()))
        + (f" <b>{escape(_('overdue'))}</b>" if row.overdue else "")
        + "</p><ul>"
    )
    parts += [f"<li>{escape(_local(moment))} — {escape(text)}</li>" for moment, text in steps]
    parts.append("</ul>")
    if waiting:
        parts.append("<p><b>" + escape(_("Still to do")) + "</b></p><ul>")
        parts += [f"<li>{escape(line)}</li>" for line in waiting]
        parts.append("</ul>")
    if row.note:
        parts.append("<p>" + escape(_("Note: {note}").format(note=row.note)) + "</p>")
    return "".join(parts)


class DateAndNoteDialog(QDialog):
    """When something happened (not in the future), how, and an optional note."""

    def __init__(self, title: str, methods: list[tuple[str, str]], parent=None, today=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = FieldForm()
        self.method = self.form.add_field("method", _("&How"), QComboBox())
        for value, text in methods:
            self.method.addItem(text, value)
        self.method.setVisible(bool(methods))
        self.date = self.form.add_field("when", _("&When"), QDateEdit())
        self.date.setCalendarPopup(True)
        self.date.setDate(today or QDate.currentDate())
        self.date.setMaximumDate(today or QDate.currentDate())
        self.note = self.form.add_field("note", _("&Note"), QLineEdit())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(buttons)


class OptOutsPage(QWidget):
    client_requested = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_register(), _("&Register"))
        self.tabs.addTab(self._build_vendors(), _("&Telling vendors"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + _("Opt-outs") + "</h2>"))
        layout.addWidget(self.tabs)
        context.data_changed.connect(self._on_context_data_changed)
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
        self.date_from = QDateEdit(QDate(today.year, 1, 1))
        self.date_to = QDateEdit(QDate(today.year, today.month, today.day))
        for edit, name in ((self.date_from, _("From")), (self.date_to, _("To"))):
            edit.setCalendarPopup(True)
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
        export_pdf = QPushButton(_("Export &PDF…"))
        export_pdf.clicked.connect(self.export_pdf)
        filters.addWidget(export_csv)
        filters.addWidget(export_pdf)
        self.register = DueModel(REGISTER_COLUMNS, self)
        self.register_view = make_table(self.register, stretch=1)
        self.register_view.setAccessibleName(_("Opt-out requests"))
        self.timeline = QTextBrowser()
        self.timeline.setAccessibleName(_("Timeline"))
        actions = QHBoxLayout()
        self.match_button = QPushButton(_("&Match to a client…"))
        self.match_button.clicked.connect(self.match_client)
        self.ack_button = QPushButton(_("Record &acknowledgement…"))
        self.ack_button.clicked.connect(self.record_acknowledgement)
        self.open_client_button = QPushButton(_("Open &client"))
        self.open_client_button.clicked.connect(self._open_client)
        for button in (self.match_button, self.ack_button, self.open_client_button):
            actions.addWidget(button)
        actions.addStretch(1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.timeline, 1)
        right_layout.addLayout(actions)
        splitter = QSplitter()
        splitter.addWidget(self.register_view)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        # The register gets three fifths from the start, not only of space left over: with a
        # year of requests its columns (who, channel, status) need the room.
        splitter.setSizes([3000, 2000])
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

    def refresh(self) -> None:
        today = self._context.today()
        status = self.status_filter.currentData()
        rows = optouts.list_optouts(
            self._context.store,
            open_only=status == "open",
            overdue_on=today if status == "overdue" else None,
            channel=self.channel_filter.currentData() or None,
            received_from=self.date_from.date().toPython() if self.use_dates.isChecked() else None,
            received_to=self.date_to.date().toPython() if self.use_dates.isChecked() else None,
            now=self._context.now(),
        )
        selected = self.selected_request()
        self.register.set_rows(rows)
        self.register_view.resizeColumnsToContents()
        if selected is not None:
            self.select_request(selected.id)
        self._show_selected()
        self._refresh_vendors()

    def _on_context_data_changed(self, kind: str) -> None:
        if kind in ("consents", "clients", "vendors", "optouts", "practice"):
            self.refresh()

    def selected_request(self) -> OptOutRow | None:
        rows = self.register_view.selectionModel().selectedRows()
        return self.register.row_at(rows[0].row()) if rows else None

    def select_request(self, request_id: int) -> bool:
        for number, row in enumerate(self.register.rows()):
            if row.id == request_id:
                self.register_view.selectRow(number)
                return True
        return False

    def open_request(self, request_id: int) -> None:
        self.tabs.setCurrentIndex(0)
        if not self.select_request(request_id):
            self.status_filter.setCurrentIndex(0)
            self.use_dates.setChecked(False)
            self.select_request(request_id)

    def _show_selected(self) -> None:
        row = self.selected_request()
        self.timeline.setHtml(timeline_html(row) if row else "")
        self.match_button.setEnabled(bool(row and not row.client_ref))
        self.ack_button.setEnabled(bool(row and row.client_ref and not row.acknowledged_at))
        self.open_client_button.setEnabled(bool(row and row.client_ref))

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
        try:
            optouts.match_caller(
                self._context.store, row.id, ref, actor=self._context.actor, now=self._context.now()
            )
        except DomainError as error:
            QMessageBox.warning(self, _("Match to a client"), error_text(error))
            return
        self._context.changed("optouts", _("Request matched and applied."))

    def record_acknowledgement(self) -> None:
        row = self.selected_request()
        if row is None:
            return
        today = self._context.today()
        dialog = DateAndNoteDialog(
            _("Record acknowledgement"),
            [("letter", _("Letter")), ("email", _("Email")), ("oral", _("Said to them"))],
            self,
            QDate(today.year, today.month, today.day),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            optouts.record_acknowledgement(
                self._context.store,
                row.id,
                method=dialog.method.currentData(),
                acknowledged_at=self._moment(dialog.date.date().toPython()),
                actor=self._context.actor,
                now=self._context.now(),
            )
        except DomainError as error:
            QMessageBox.warning(self, _("Record acknowledgement"), error_text(error))
            return
        self._context.changed("optouts", _("Acknowledgement recorded."))

    def _moment(self, day) -> datetime:
        """A day picked in a dialog, as a time no later than now."""
        return min(datetime.combine(day, time(12, 0), tzinfo=UTC), self._context.now())

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
            writer.writerow([_(column.title) for column in REGISTER_COLUMNS] + [_("Vendors")])
            for row in self.register.rows():
                vendors = "; ".join(
                    f"{v.vendor}: {_local(v.sent_at) or '-'} / {_local(v.confirmed_at) or '-'}"
                    for v in row.vendors
                )
                writer.writerow([str(column.value(row)) for column in REGISTER_COLUMNS] + [vendors])
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
            + "".join(f"<td>{escape(str(c.value(row)))}</td>" for c in REGISTER_COLUMNS)
            + "</tr>"
            for row in self.register.rows()
        )
        header = "".join(f"<th align='left'>{escape(_(c.title))}</th>" for c in REGISTER_COLUMNS)
        document.setHtml(
            f"<h2>{escape(_('Opt-out register'))}</h2>"
            f"<table border='1' cellspacing='0' cellpadding='3'><tr>{header}</tr>{rows}</table>"
        )
        document.print_(printer)
        self._context.status_message.emit(_("Exported to {path}").format(path=path))
        return Path(path)

    # --- telling vendors --------------------------------------------------------------------

    def _build_vendors(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("<b>" + _("Vendors to tell") + "</b>"))
        self.pending = DueModel(PENDING_COLUMNS, self)
        self.pending_view = make_table(self.pending, stretch=1)
        self.pending_view.setAccessibleName(_("Vendors to tell"))
        layout.addWidget(self.pending_view, 1)
        self.email_text = QPlainTextEdit()
        self.email_text.setReadOnly(True)
        self.email_text.setAccessibleName(_("Email text to paste"))
        layout.addWidget(QLabel(_("Email text to paste (only the identifiers this vendor needs):")))
        layout.addWidget(self.email_text, 1)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton(_("&Copy email text"))
        self.copy_button.clicked.connect(self._copy_email_text)
        self.letters_button = QPushButton(_("Save &letters…"))
        self.letters_button.clicked.connect(lambda: self.save_vendor_letters())
        self.sent_button = QPushButton(_("Mark &sent…"))
        self.sent_button.clicked.connect(self.mark_sent)
        for button in (self.copy_button, self.letters_button, self.sent_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("<b>" + _("Awaiting the vendor's confirmation") + "</b>"))
        self.awaiting = RowTableModel(AWAITING_COLUMNS, self)
        self.awaiting_view = make_table(self.awaiting, stretch=1)
        self.awaiting_view.setAccessibleName(_("Awaiting confirmation"))
        layout.addWidget(self.awaiting_view, 1)
        confirm = QHBoxLayout()
        self.confirm_button = QPushButton(_("Record &confirmation…"))
        self.confirm_button.clicked.connect(self.record_confirmation)
        confirm.addWidget(self.confirm_button)
        confirm.addStretch(1)
        layout.addLayout(confirm)
        self.pending_view.selectionModel().selectionChanged.connect(
            lambda *_a: self._show_pending()
        )
        return page

    def _refresh_vendors(self) -> None:
        store = self._context.store
        self.pending.set_rows(optouts.pending_notifications(store, now=self._context.now()))
        awaiting: dict[int, VendorProgress] = {}
        for row in optouts.list_optouts(store, open_only=True, now=self._context.now()):
            for vendor in row.vendors:
                if vendor.sent_at and not vendor.confirmed_at:
                    awaiting[vendor.notification_id] = vendor
        self.awaiting.set_rows(sorted(awaiting.values(), key=lambda v: v.sent_at))
        self._show_pending()

    def selected_pending(self) -> PendingNotification | None:
        rows = self.pending_view.selectionModel().selectedRows()
        return self.pending.row_at(rows[0].row()) if rows else None

    def _show_pending(self) -> None:
        notification = self.selected_pending()
        if notification is None:
            self.email_text.clear()
        else:
            profile = practice.get_practice(self._context.store)
            self.email_text.setPlainText(optouts.notification_plain_text(notification, profile))
        for button in (self.copy_button, self.sent_button):
            button.setEnabled(notification is not None)
        self.letters_button.setEnabled(self.pending.rowCount() > 0)
        self.confirm_button.setEnabled(self.awaiting.rowCount() > 0)

    def save_vendor_letters(self, folder: str | None = None) -> list[Path]:
        """Document 5 for every vendor to tell, with the email text beside each letter."""
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, _("Save the vendor letters into"))
            if not folder:
                return []
        try:
            letters = optout_documents.render_vendor_letters(
                self._context.store, now=self._context.now()
            )
        except DomainError as error:
            QMessageBox.warning(self, _("Vendor letters"), error_text(error))
            return []
        profile = practice.get_practice(self._context.store)
        written = []
        for notification, letter in letters:
            pdf = Path(folder) / letter.file_name
            pdf.write_bytes(letter.data)
            pdf.with_suffix(".txt").write_text(
                optouts.notification_plain_text(notification, profile), encoding="utf-8"
            )
            written.append(pdf)
        self._context.status_message.emit(
            _("{count} vendor letter(s) saved; mark each one sent when it has gone.").format(
                count=len(written)
            )
        )
        return written

    def _copy_email_text(self) -> None:
        from PySide6.QtWidgets import QApplication

        QApplication.clipboard().setText(self.email_text.toPlainText())
        self._context.status_message.emit(_("Email text copied."))

    def mark_sent(self) -> None:
        notification = self.selected_pending()
        if notification is None:
            return
        today = self._context.today()
        dialog = DateAndNoteDialog(
            _("Mark sent — {vendor}").format(vendor=notification.vendor),
            [
                (SendMethod.EMAIL.value, _("Email")),
                (SendMethod.POST.value, _("Post")),
                (SendMethod.ONLINE.value, _("The vendor's online form")),
            ],
            self,
            QDate(today.year, today.month, today.day),
        )
        dialog.note.setVisible(False)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._mark_sent(notification, dialog.method.currentData(), dialog.date.date().toPython())

    def _mark_sent(self, notification: PendingNotification, method: str, day) -> bool:
        try:
            optouts.mark_notification_sent(
                self._context.store,
                notification.notification_id,
                method=SendMethod(method),
                sent_at=self._moment(day),
                actor=self._context.actor,
                now=self._context.now(),
            )
        except DomainError as error:
            QMessageBox.warning(self, _("Mark sent"), error_text(error))
            return False
        self._context.changed(
            "optouts", _("{vendor} marked as told.").format(vendor=notification.vendor)
        )
        return True

    def record_confirmation(self) -> None:
        rows = self.awaiting_view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(
                self, _("Record confirmation"), _("Choose the vendor in the list first.")
            )
            return
        progress = self.awaiting.row_at(rows[0].row())
        today = self._context.today()
        dialog = DateAndNoteDialog(
            _("Confirmation from {vendor}").format(vendor=progress.vendor),
            [],
            self,
            QDate(today.year, today.month, today.day),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._record_confirmation(progress, dialog.date.date().toPython(), dialog.note.text())

    def _record_confirmation(self, progress: VendorProgress, day, note: str) -> bool:
        try:
            optouts.record_vendor_confirmation(
                self._context.store,
                progress.notification_id,
                confirmed_at=self._moment(day),
                note=note,
                actor=self._context.actor,
                now=self._context.now(),
            )
        except DomainError as error:
            QMessageBox.warning(self, _("Record confirmation"), error_text(error))
            return False
        self._context.changed(
            "optouts", _("Confirmation from {vendor} recorded.").format(vendor=progress.vendor)
        )
        return True
