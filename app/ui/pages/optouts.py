"""Opt-outs: the register of requests with their timelines, and telling vendors (story 4)."""

from __future__ import annotations

import csv
from datetime import date, datetime, time
from html import escape
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError, ValidationError
from app.domain.optout import ObjectionDecision, SendMethod
from app.domain.refcodes import format_reference
from app.services import optout_documents, optouts
from app.services.errors import InvalidInput
from app.services.rows import ObjectionLine, OptOutRow, PendingNotification, VendorProgress
from app.ui.context import AppContext, concerns
from app.ui.dialogs.optout_dialog import OPTOUT_CHANNELS
from app.ui.fonts import print_font
from app.ui.forms import FieldForm, date_field
from app.ui.pages.optout_words import DECISION_TEXT, SCOPE_TEXT, STATUS_TEXT
from app.ui.pages.today import DueModel
from app.ui.table_model import Column, RowTableModel, make_table
from app.ui.text import (
    N_,
    _,
    day_text,
    due_text,
    error_text,
    moment_day_text,
    moment_text,
    ngettext,
    purpose_text,
)

CHANNEL_TEXT = {channel.value: text for channel, text in OPTOUT_CHANNELS}


def _who(row: OptOutRow) -> str:
    if row.client_ref:
        return f"{row.client_name} ({format_reference(row.client_ref)})"
    return _("Not matched: {details}").format(details=row.caller_details)


def _local(moment: datetime | None) -> str:
    return moment_text(moment)


def _status(row) -> str:
    return _(STATUS_TEXT.get(row.status, row.status))


# Who and status can be long (a name with its reference; "applied, vendors to be told"): when
# the column elides them, hovering shows them whole.
REGISTER_COLUMNS = (
    # The day only: the time is on the timeline, and the names need the room.
    Column(N_("Received"), lambda row: moment_day_text(row.received_at)),
    Column(N_("Who"), _who, tooltip=_who),
    Column(N_("Channel"), lambda row: _(CHANNEL_TEXT.get(row.channel, row.channel))),
    Column(N_("Scope"), lambda row: _(SCOPE_TEXT.get(row.scope, row.scope))),
    # When the next step is due: telling the vendors, their replies, the person's confirmation.
    Column(N_("Due"), lambda row: due_text(row.next_due, row.overdue), fits=True),
    Column(N_("Status"), _status, tooltip=_status),
)
# Exports keep the time of receipt, which the register leaves to the timeline.
EXPORT_COLUMNS = (
    Column(N_("Received"), lambda row: _local(row.received_at)),
    *REGISTER_COLUMNS[1:],
)
PENDING_COLUMNS = (
    Column(N_("Due"), lambda n: due_text(n.due_on, n.overdue), fits=True),
    Column(N_("Vendor"), lambda n: n.vendor),
    Column(N_("People"), lambda n: len(n.people)),
    Column(N_("Privacy contact"), lambda n: n.vendor_email),
)
AWAITING_COLUMNS = (
    Column(N_("Sent"), lambda v: _local(v.sent_at)),
    Column(N_("Vendor"), lambda v: v.vendor),
    Column(N_("How"), lambda v: v.sent_method),
    # The date the letter asked the vendor to reply by: the one printed, nothing else.
    Column(N_("Reply by"), lambda v: day_text(v.confirm_by)),
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
        _("{vendor}: to be told by {due}").format(vendor=v.vendor, due=day_text(v.due_on))
        for v in row.vendors
        if not v.sent_at
    ] + [
        _("{vendor}: reply asked for by {due}").format(vendor=v.vendor, due=day_text(v.confirm_by))
        for v in row.vendors
        if v.sent_at and not v.confirmed_at
    ]
    parts = [f"<h3>{escape(_who(row))}</h3>"]
    parts.append(
        "<p>"
        + escape(_("Scope: {scope}").format(scope=_(SCOPE_TEXT.get(row.scope, row.scope))))
        + (" — " + escape(", ".join(row.scope_vendors)) if row.scope_vendors else "")
        + "<br>"
        + escape(_("Vendors to be told by {due}").format(due=day_text(row.due_on)))
        + "<br>"
        + escape(_("Next step due: {due}").format(due=day_text(row.next_due) or "—"))
        + (f" <b>{escape(_('overdue'))}</b>" if row.overdue else "")
        + "</p><ul>"
    )
    parts += [f"<li>{escape(_local(moment))} — {escape(text)}</li>" for moment, text in steps]
    parts.append("</ul>")
    if waiting:
        parts.append("<p><b>" + escape(_("Still to do")) + "</b></p><ul>")
        parts += [f"<li>{escape(line)}</li>" for line in waiting]
        parts.append("</ul>")
    if row.objections:
        parts.append("<p><b>" + escape(_("Objections (GDPR Art. 21)")) + "</b></p><ul>")
        parts += [f"<li>{escape(objection_text(item))}</li>" for item in row.objections]
        parts.append("</ul>")
    if row.note:
        parts.append("<p>" + escape(_("Note: {note}").format(note=row.note)) + "</p>")
    return "".join(parts)


def objection_text(item: ObjectionLine) -> str:
    if not item.decision:
        return _("{purpose} ({vendor}): to answer by {due}").format(
            purpose=purpose_text(item), vendor=item.vendor, due=day_text(item.due_on)
        )
    text = _("{purpose} ({vendor}): {decision} on {date}").format(
        purpose=purpose_text(item),
        vendor=item.vendor,
        decision=_(DECISION_TEXT[item.decision]),
        date=moment_text(item.decided_at),
    )
    return f"{text} — {item.reason}" if item.reason else text


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


def _open_objections(row: OptOutRow) -> list[ObjectionLine]:
    return [item for item in row.objections if not item.decision]


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
        export_pdf = QPushButton(_("Export &PDF…"))
        export_pdf.clicked.connect(self.export_pdf)
        filters.addWidget(export_csv)
        filters.addWidget(export_pdf)
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
        width = self.register_splitter.width()
        if not self._split_once and width > 300:
            # Two thirds for the register once the page has its width (sizes given while it
            # is built unseen are not kept): its columns (who, due, status) need the room.
            self._split_once = True
            self.register_splitter.setSizes([width * 2 // 3, width - width * 2 // 3])

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
        if concerns(kind, "consents", "clients", "vendors", "optouts", "practice"):
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
        self.objection_button.setEnabled(bool(row and _open_objections(row)))

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
        # Applying it withdraws consents: the client's page and the do-not-share lists change.
        self._context.changed("consents", _("Request matched and applied."))

    def answer_objection(self) -> bool:
        """Weigh the selected request's open objection: uphold it, or decline with a reason."""
        row = self.selected_request()
        if row is None or not _open_objections(row):
            return False
        answer = ObjectionDialog.ask(self, _open_objections(row))
        if answer is None:
            return False
        return self._answer_objection(*answer)

    def _answer_objection(self, objection: ObjectionLine, decision: str, reason: str) -> bool:
        try:
            optouts.answer_objection(
                self._context.store,
                objection.id,
                decision=ObjectionDecision(decision),
                reason=reason,
                actor=self._context.actor,
                now=self._context.now(),
            )
        except DomainError as error:
            QMessageBox.warning(self, _("Answer the objection"), error_text(error))
            return False
        # An upheld objection ends a sharing for the client: the consent lists change too.
        self._context.changed("consents", _("Objection answered."))
        return True

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
        """A day picked in a dialog: midday on the practice's clock, no later than now."""
        midday = datetime.combine(day, time(12, 0), tzinfo=self._context.zone)
        return min(midday, self._context.now())

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
                    f"{v.vendor}: {_local(v.sent_at) or '-'} / {_local(v.confirmed_at) or '-'}"
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
            self.email_text.setPlainText(
                optout_documents.vendor_email_text(
                    self._context.store, notification, now=self._context.now()
                )
            )
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
        written = []
        for notification, letter in letters:
            pdf = Path(folder) / letter.file_name
            pdf.write_bytes(letter.data)
            pdf.with_suffix(".txt").write_text(
                optout_documents.vendor_email_text(
                    self._context.store, notification, now=self._context.now()
                ),
                encoding="utf-8",
            )
            written.append(pdf)
        self._context.status_message.emit(
            ngettext(
                "{count} vendor letter saved; mark it sent when it has gone.",
                "{count} vendor letters saved; mark each one sent when it has gone.",
                len(written),
            ).format(count=len(written))
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
            today,
            with_note=False,
        )
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
            today,
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
