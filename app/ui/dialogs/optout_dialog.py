"""Log opt-out: find the person, pick the scope, record; then what to say and who is told.

Built for a phone call: the search field has the focus, the channel is already "phone",
and Enter (or Ctrl+Enter) records. For a returned postal form, type the reference code printed
on it: a mistyped code is caught by its check character before anything is looked up. For an
email, "From an email…" reads it and fills the fields; the coach checks them, and the email
becomes the request's evidence.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QDateTime, QTime, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.date_bounds import RECEIVED_AT_MOST_AGO
from app.domain.enums import Channel, OptOutScope
from app.domain.errors import DomainError, ReferenceCodeError
from app.domain.optout import ORAL_CHANNELS
from app.domain.refcodes import format_reference, parse_reference
from app.services import clients, optout_documents, optouts, vendors
from app.services.rows import ClientRow, EmailedRequest, OptOutResult
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.dialogs.email_dialog import ReadEmailDialog, reading_summary
from app.ui.dialogs.erased_note import ErasedNote
from app.ui.forms import FieldForm, moment_field, show_refusal
from app.ui.table_model import Column, RowTableModel, make_table
from app.ui.text import N_, _, day_text, error_text, purpose_text

OPTOUT_CHANNELS = (
    (Channel.PHONE, N_("Phone")),
    (Channel.POST, N_("Post (returned form or letter)")),
    (Channel.EMAIL, N_("Email")),
    (Channel.VERBAL_IN_PERSON, N_("In person")),
    (Channel.ONLINE, N_("Online")),
)
CALLER_COLUMNS = (
    Column(N_("Reference"), lambda row: format_reference(row.ref)),
    Column(N_("Name"), lambda row: row.name),
    Column(N_("Phone"), lambda row: row.phone),
    Column(N_("Email"), lambda row: row.email),
)


class LogOptOutDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.result_: OptOutResult | None = None
        self.email: EmailedRequest | None = None  # the email read, kept as the evidence
        self.setWindowTitle(_("Log opt-out"))
        self.setMinimumSize(720, 620)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_entry())
        self.stack.addWidget(self._build_outcome())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.record)
        # One default button per dialog: the page on view decides which (see _show_outcome).
        self.record_button.setDefault(True)
        self.search.setFocus()
        self._lookup = 0  # the latest search or code typed: an older answer is dropped
        self._load_vendors()

    # --- entry ----------------------------------------------------------------------------

    def _build_entry(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        who = QGroupBox(_("Who is opting out"))
        who_layout = QVBoxLayout(who)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("A few letters of the name, phone digits or reference"))
        self.search.setAccessibleName(_("Find the client"))
        self.search.setClearButtonEnabled(True)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(_("Reference code on a returned form, e.g. K7M-Q2RX"))
        self.reference.setAccessibleName(_("Reference code on the returned form"))
        self.reference_error = QLabel()
        self.reference_error.setStyleSheet("color: #b00020;")
        self.reference_error.setVisible(False)
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 2)
        search_row.addWidget(self.reference, 1)
        self.email_button = QPushButton(_("From an &email…"))
        self.email_button.setAutoDefault(False)  # Enter records; it never opens this
        self.email_button.clicked.connect(self._on_email_button_clicked)
        who_layout.addLayout(search_row)
        who_layout.addWidget(self.reference_error)
        self.email_summary = QLabel()
        self.email_summary.setWordWrap(True)
        self.email_summary.setAccessibleName(_("What the email says"))
        self.email_summary.setVisible(False)
        who_layout.addWidget(self.email_summary)
        self.erased_note = ErasedNote(self._context, self)
        who_layout.addWidget(self.erased_note)
        self.callers = RowTableModel(CALLER_COLUMNS, self)
        self.caller_view = make_table(self.callers, stretch=1)
        self.caller_view.setAccessibleName(_("Matching clients"))
        self.caller_view.setMaximumHeight(150)
        who_layout.addWidget(self.caller_view)
        self.unmatched = QCheckBox(_("I can't find them: record the details they gave"))
        self.caller_details = QLineEdit()
        self.caller_details.setAccessibleName(_("Details the caller gave"))
        self.caller_details.setPlaceholderText(_("Name, phone, email as given"))
        self.caller_details.setEnabled(False)
        unmatched_row = QHBoxLayout()
        unmatched_row.addWidget(self.unmatched, 1)
        unmatched_row.addWidget(self.email_button)
        who_layout.addLayout(unmatched_row)
        who_layout.addWidget(self.caller_details)
        layout.addWidget(who)

        scope = QGroupBox(_("What they opt out of"))
        scope_layout = QVBoxLayout(scope)
        self.scope_group = QButtonGroup(self)
        self.scope_all = QRadioButton(
            _("&Everything (all sharing that needs consent, and marketing)")
        )
        self.scope_marketing = QRadioButton(_("&Marketing only"))
        self.scope_chosen = QRadioButton(_("C&hosen vendors:"))
        for number, button in enumerate((self.scope_all, self.scope_marketing, self.scope_chosen)):
            self.scope_group.addButton(button, number)
            scope_layout.addWidget(button)
        self.scope_all.setChecked(True)
        self.vendor_boxes_holder = QWidget()
        self.vendor_grid = QGridLayout(self.vendor_boxes_holder)
        self.vendor_grid.setContentsMargins(24, 0, 0, 0)
        scope_layout.addWidget(self.vendor_boxes_holder)
        layout.addWidget(scope)

        self.form = FieldForm()
        self.channel = self.form.add_field("channel", _("C&hannel"), QComboBox())
        for channel, text in OPTOUT_CHANNELS:
            self.channel.addItem(_(text), channel.value)
        # On the practice's clock, which deadlines count by (the laptop may be set elsewhere).
        now = self._context.now().astimezone(self._context.zone).replace(tzinfo=None)
        self.received = self.form.add_field(
            "received_at",
            _("&Received"),
            # The service refuses older ones (date_bounds): the calendar does not offer them.
            moment_field(now, latest=now, earliest=now - RECEIVED_AT_MOST_AGO),
        )
        self.note = self.form.add_field("note", _("&Note"), QLineEdit())
        scan_row = QWidget()
        scan_layout = QHBoxLayout(scan_row)
        scan_layout.setContentsMargins(0, 0, 0, 0)
        self.scan = QLineEdit()
        self.scan.setPlaceholderText(_("Optional: the scanned form or letter"))
        self.scan.setAccessibleName(_("Scan"))
        self.browse = QPushButton(_("&Browse…"))
        self.browse.setAutoDefault(False)  # Enter records; it never opens the file chooser
        self.browse.clicked.connect(self._choose_scan)
        self.forget_email = QPushButton(_("Remove the email"))
        self.forget_email.setAutoDefault(False)
        self.forget_email.setVisible(False)
        self.forget_email.clicked.connect(lambda: self.use_email(None))
        scan_layout.addWidget(self.scan, 1)
        scan_layout.addWidget(self.browse)
        scan_layout.addWidget(self.forget_email)
        self.form.add_field("evidence", _("S&can"), scan_row)
        layout.addLayout(self.form)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.record_button = self.buttons.addButton(
            _("Record opt-out"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setToolTip(_("Enter or Ctrl+Enter"))
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.search.textChanged.connect(self._on_search_text_changed)
        self.reference.textChanged.connect(self._on_reference_text_changed)
        self.unmatched.toggled.connect(self.caller_details.setEnabled)
        self.channel.currentIndexChanged.connect(self._on_channel_changed)
        self.scope_group.idToggled.connect(lambda _id, _on: self._update_vendor_boxes())
        self.caller_view.selectionModel().selectionChanged.connect(
            lambda *_a: self.reference_error.setVisible(False)
        )
        return page

    def _load_vendors(self) -> None:
        self.vendor_boxes: dict[int, QCheckBox] = {}
        listed = self._context.fetch(vendors.list_vendors)
        active = [v for v in listed if v.status != "ended"]
        for number, vendor in enumerate(active):
            box = QCheckBox(vendor.name.replace("&", "&&"))  # "&" would be a mnemonic
            self.vendor_boxes[vendor.id] = box
            self.vendor_grid.addWidget(box, number // 3, number % 3)
        self._update_vendor_boxes()

    def _update_vendor_boxes(self) -> None:
        chosen = self.scope_chosen.isChecked()
        for box in self.vendor_boxes.values():
            box.setEnabled(chosen)

    def _look_up(self, work, show) -> None:
        """On the database worker; `show` only if nothing newer was typed meanwhile."""
        self._lookup += 1
        token = self._lookup
        self._context.run(work, lambda found: token == self._lookup and show(found), parent=self)

    def _on_search_text_changed(self, text: str) -> None:
        self.erased_note.check(typed=text)
        if not text.strip():
            self._lookup += 1  # an answer on its way is for text no longer there
            self.callers.set_rows([])
            return
        self._look_up(lambda store: optouts.find_callers(store, text), self._show_callers)

    def _show_callers(self, found: list[ClientRow]) -> None:
        self.callers.set_rows(found)
        if len(found) == 1:
            self.caller_view.selectRow(0)

    def _on_reference_text_changed(self, text: str) -> None:
        """A complete code is checked at once; the client it names is selected."""
        self.reference_error.setVisible(False)
        if len(text.replace("-", "").replace(" ", "")) < 7:
            return
        try:
            code = parse_reference(text)
        except ReferenceCodeError as error:
            self._lookup += 1
            self._show_reference_error(error_text(error))
            return

        def find(store) -> ClientRow | DomainError:
            try:
                return clients.get_client(store, code).row
            except DomainError as error:  # not on record: said under the field, not in a box
                return error

        self._look_up(find, self._show_returned_form)

    def _show_returned_form(self, found: ClientRow | DomainError) -> None:
        if isinstance(found, DomainError):
            self._show_reference_error(error_text(found))
            return
        self.callers.set_rows([found])
        self.caller_view.selectRow(0)
        self.channel.setCurrentIndex(self.channel.findData(Channel.POST.value))

    def _show_reference_error(self, message: str) -> None:
        self.reference_error.setText(message)
        self.reference_error.setVisible(True)
        self.callers.set_rows([])

    def _on_channel_changed(self, _index: int) -> None:
        if self.channel.currentData() == Channel.POST.value:
            # Post counts from the day it arrived: default to the start of today.
            arrived = QDateTime(self.received.dateTime().date(), QTime(9, 0))
            self.received.setDateTime(min(arrived, self.received.maximumDateTime()))

    def _on_email_button_clicked(self) -> None:
        emailed = ReadEmailDialog.ask(self, self._context)
        if emailed is not None:
            self.use_email(emailed)

    def use_email(self, emailed: EmailedRequest | None) -> None:
        """Fill the fields from what the email says; the coach changes what is wrong.

        The client it matched is selected (or the clients sharing its address are listed); an
        unmatched sender is noted as the details given. None forgets the email.
        """
        self.email = emailed
        self.erased_note.check(email=emailed.email.sender_address if emailed else "")
        self.email_summary.setVisible(emailed is not None)
        self.forget_email.setVisible(emailed is not None)
        self.browse.setEnabled(emailed is None)
        self.scan.setEnabled(emailed is None)
        if emailed is None:
            self.scan.clear()
            return
        summary, _doubtful = reading_summary(emailed)
        self.email_summary.setText(summary)
        self.scan.setText(_("The email: {subject}").format(subject=emailed.email.subject or "-"))
        self.channel.setCurrentIndex(self.channel.findData(Channel.EMAIL.value))
        received = emailed.received_at.astimezone(self._context.zone).replace(tzinfo=None)
        self.received.setDateTime(received)
        self._lookup += 1  # a search on its way is for text typed before the email
        found = [emailed.client] if emailed.client else list(emailed.candidates)
        self.callers.set_rows(found)
        self.unmatched.setChecked(not found)
        self.caller_details.setText("" if found else emailed.caller_details)
        if emailed.client is not None:
            self.caller_view.selectRow(0)

    def _choose_scan(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the scan"), "", _("Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff)")
        )
        if path:
            self.scan.setText(path)

    def selected_client(self) -> ClientRow | None:
        rows = self.caller_view.selectionModel().selectedRows()
        return self.callers.row_at(rows[0].row()) if rows else None

    def _scope(self) -> OptOutScope:
        if self.scope_marketing.isChecked():
            return OptOutScope.MARKETING
        if self.scope_chosen.isChecked():
            return OptOutScope.CHOSEN
        return OptOutScope.ALL

    def record(self, *, allow_duplicate: bool = False) -> None:
        """Log the opt-out on the database worker; the outcome page follows when it is in."""
        if self.stack.currentIndex() != 0 or not self.record_button.isEnabled():
            return  # recorded already, or being recorded
        client = None if self.unmatched.isChecked() else self.selected_client()
        if client is None and not self.unmatched.isChecked():
            QMessageBox.warning(
                self,
                self.windowTitle(),
                _("Choose the client in the list, or tick that you can't find them."),
            )
            self.search.setFocus()
            return
        channel, scope = Channel(self.channel.currentData()), self._scope()
        chosen = (
            [vendor_id for vendor_id, box in self.vendor_boxes.items() if box.isChecked()]
            if scope is OptOutScope.CHOSEN
            else ()
        )
        received = self.received.dateTime().toPython().replace(tzinfo=self._context.zone)
        caller_details = self.caller_details.text() if client is None else ""
        note, form_reference = self.note.text(), self.reference.text().strip()
        emailed = self.email.evidence if self.email else None
        evidence = Path(self.scan.text()) if self.scan.text().strip() and not emailed else None
        actor, now = self._context.actor, self._context.now()
        self.record_button.setEnabled(False)
        self._context.run(
            lambda store: optouts.log_optout(
                store,
                client_ref=client.ref if client else None,
                caller_details=caller_details,
                channel=channel,
                scope=scope,
                chosen_vendor_ids=chosen,
                received_at=received,
                note=note,
                form_reference=form_reference,
                evidence=evidence,
                email_evidence=emailed,
                actor=actor,
                now=now,
                allow_duplicate=allow_duplicate,
            ),
            lambda result: self._recorded(result, channel),
            changes=Changes(optouts=True, consents=True),
            message=_("Opt-out recorded."),
            on_error=self._refused,
        )

    def _recorded(self, result: OptOutResult, channel: Channel) -> None:
        self.result_ = result
        self.record_button.setEnabled(True)
        self._show_outcome(result, channel)

    def _refused(self, error: BaseException) -> None:
        self.record_button.setEnabled(True)
        if isinstance(error, optouts.DuplicateOptOut):
            answer = QMessageBox.question(
                self,
                self.windowTitle(),
                error_text(error) + "\n\n" + _("Record it again anyway?"),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.record(allow_duplicate=True)
        elif isinstance(error, DomainError):
            show_refusal(self, self.form, error)
        else:
            self._context.show_error(error, self)

    # --- outcome --------------------------------------------------------------------------

    def _build_outcome(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.outcome_heading = QLabel()
        layout.addWidget(self.outcome_heading)
        self.script = QTextBrowser()
        self.script.setAccessibleName(_("Confirmation script"))
        layout.addWidget(self.script, 2)
        self.effects = QTextBrowser()
        self.effects.setAccessibleName(_("What happens next"))
        layout.addWidget(self.effects, 2)
        buttons = QHBoxLayout()
        self.letter_button = QPushButton(_("Confirmation &letter…"))
        self.letter_button.setEnabled(False)
        self.letter_button.clicked.connect(lambda: self.save_confirmation_letter())
        buttons.addWidget(self.letter_button)
        buttons.addStretch(1)
        self.letter_button.setAutoDefault(False)
        self.done_button = QPushButton(_("&Done"))
        self.done_button.clicked.connect(self.accept)
        buttons.addWidget(self.done_button)
        layout.addLayout(buttons)
        return page

    def _show_outcome(self, result: OptOutResult, channel: Channel) -> None:
        # Only a call or a visit has someone listening; a letter, email or web form is
        # answered in writing, which the confirmation letter does.
        heading = (
            _("Recorded. Read this to the caller:")
            if channel in ORAL_CHANNELS
            else _("Recorded. The confirmation to send them (the confirmation letter says it):")
        )
        self.outcome_heading.setText("<h3>" + escape(heading) + "</h3>")
        self.script.setPlainText(result.script)
        parts = [
            "<p>"
            + escape(
                _("Effective at once. Vendors must be told by {due}.").format(
                    due=day_text(result.due_on)
                )
            )
            + "</p>"
        ]
        if result.vendors:
            parts.append("<p><b>" + escape(_("Vendors to tell")) + "</b></p><ul>")
            parts += [
                f"<li>{escape(v.vendor)} — {escape(_('by'))} {escape(day_text(v.due_on))}</li>"
                for v in result.vendors
            ]
            parts.append("</ul>")
        if result.continuing:
            parts.append("<p><b>" + escape(_("What goes on, and why")) + "</b></p><ul>")
            parts += [
                f"<li>{escape(line.vendor)} ({escape(line.purpose)}): {escape(line.reason)}</li>"
                for line in result.continuing
            ]
            parts.append("</ul>")
        if result.objections:
            parts.append(
                "<p><b>"
                + escape(_("Objections to weigh and answer (on the Opt-outs page)"))
                + "</b></p><ul>"
            )
            parts += [
                "<li>"
                + escape(
                    _("{purpose} ({vendor}): to answer by {due}").format(
                        purpose=purpose_text(line), vendor=line.vendor, due=day_text(line.due_on)
                    )
                )
                + "</li>"
                for line in result.objections
            ]
            parts.append("</ul>")
        self.effects.setHtml("".join(parts))
        self.letter_button.setEnabled(result.client_ref is not None)
        self.stack.setCurrentIndex(1)
        self.done_button.setDefault(True)  # Enter now closes; the record button is gone

    def save_confirmation_letter(self, path: str | None = None) -> None:
        """Document 4 for this request, saved where the coach says and opened to print.

        The place is asked first; the letter is then made on the database worker and recorded
        only once its file is written whole (a cancelled choice or a full disk records none).
        """
        if self.result_ is None or self.result_.client_ref is None:
            return
        request_id, now = self.result_.request_id, self._context.now()
        chosen_here = path is None
        if chosen_here:
            suggested = self._context.fetch(
                lambda store: optout_documents.confirmation_letter_name(store, request_id)
            )
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save the confirmation letter"), suggested, _("PDF files (*.pdf)")
            )
            if not path:
                return
        target = Path(path)

        def refused(error: BaseException) -> None:
            if isinstance(error, DomainError):
                QMessageBox.warning(self, self.windowTitle(), error_text(error))
            else:
                self._context.show_error(error, self)

        def saved(_letter) -> None:
            if chosen_here:  # open it in the PDF reader, ready to print
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

        self._context.run(
            lambda store: optout_documents.render_confirmation_letter(
                store, request_id, now=now, save_to=target
            ),
            saved,
            changes=Changes(documents=True),
            message=_("Confirmation letter saved to {path}").format(path=target),
            on_error=refused,
        )

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext) -> OptOutResult | None:
        dialog = cls(context, parent)
        dialog.exec()
        return dialog.result_
