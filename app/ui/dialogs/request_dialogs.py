"""The rights request dialogs: log one (a client found or a caller's details, the kind, the
channel, when; or read from an email), and the steps: identity checked, extended, completed.
Each saves through the database worker and stays open on a refusal, saying what the rule
requires before anything is typed."""

from __future__ import annotations

from datetime import datetime
from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.date_bounds import RECEIVED_AT_MOST_AGO
from app.domain.enums import Channel, RequestKind
from app.domain.refcodes import format_reference
from app.domain.requests import KIND_LABELS, OUTCOME_LABELS, REQUEST_KINDS, Outcome
from app.services import optouts, requests
from app.services.rows import ClientRow, EmailedRequest, RequestRow
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.dialogs.email_dialog import ReadEmailDialog
from app.ui.dialogs.erased_note import ErasedNote
from app.ui.forms import FieldForm, moment_field, save_dialog
from app.ui.pages.request_words import REQUEST_CHANNELS
from app.ui.table_model import Column, RowTableModel, make_table
from app.ui.text import N_, _, day_text, moment_text

CHANGED = Changes(requests=True)
CLIENT_COLUMNS = (
    Column(N_("Reference"), lambda row: format_reference(row.ref)),
    Column(N_("Name"), lambda row: row.name),
    Column(N_("Phone"), lambda row: row.phone),
    Column(N_("Email"), lambda row: row.email),
)


def _text_box(height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMaximumHeight(height)
    return box


def _local_now(context: AppContext) -> datetime:
    """Now on the practice's clock, as the fields show it (the laptop may be set elsewhere)."""
    return context.now().astimezone(context.zone).replace(tzinfo=None)


def _picked(field, context: AppContext) -> datetime:
    return field.dateTime().toPython().replace(tzinfo=context.zone)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class _SavingDialog(QDialog):
    def __init__(self, context: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._context = context
        self.result_: RequestRow | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(540)
        self.form = FieldForm()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self, *above: QWidget, below: tuple[QWidget, ...] = ()) -> None:
        layout = QVBoxLayout(self)
        for widget in above:
            layout.addWidget(widget)
        layout.addLayout(self.form)
        for widget in below:
            layout.addWidget(widget)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        raise NotImplementedError

    def _submit(self, work, message: str) -> None:
        save_dialog(
            self,
            self._context,
            work,
            lambda row: setattr(self, "result_", row),
            changes=CHANGED,
            message=message,
            buttons=self.buttons,
        )

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, *args) -> RequestRow | None:
        dialog = cls(context, parent, *args)
        dialog.exec()
        return dialog.result_


class LogRequestDialog(_SavingDialog):
    """Who asked, for what, how and when. Built for a call: the search has the focus."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, _("Log request"), parent)
        self.setMinimumSize(660, 560)
        self.email: EmailedRequest | None = None  # the email read, kept as the evidence
        self._lookup = 0  # the latest search typed: an older answer is dropped
        who = QGroupBox(_("Who is asking"))
        who_layout = QVBoxLayout(who)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("A few letters of the name, phone digits or reference"))
        self.search.setAccessibleName(_("Find the client"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_text_changed)
        who_layout.addWidget(self.search)
        self.email_summary = QLabel()
        self.email_summary.setWordWrap(True)
        self.email_summary.setAccessibleName(_("What the email says"))
        self.email_summary.setVisible(False)
        who_layout.addWidget(self.email_summary)
        self.erased_note = ErasedNote(context, self)
        who_layout.addWidget(self.erased_note)
        self.clients = RowTableModel(CLIENT_COLUMNS, self)
        self.client_view = make_table(self.clients, stretch=1)
        self.client_view.setAccessibleName(_("Matching clients"))
        self.client_view.setMaximumHeight(130)
        who_layout.addWidget(self.client_view)
        self.unmatched = QCheckBox(_("I can't find them: record the details they gave"))
        self.caller_details = QLineEdit()
        self.caller_details.setAccessibleName(_("Details the caller gave"))
        self.caller_details.setPlaceholderText(_("Name, phone, email as given"))
        self.caller_details.setEnabled(False)
        self.unmatched.toggled.connect(self.caller_details.setEnabled)
        self.email_button = QPushButton(_("From an &email…"))
        self.email_button.setAutoDefault(False)
        self.email_button.clicked.connect(self._on_email_button_clicked)
        unmatched_row = QHBoxLayout()
        unmatched_row.addWidget(self.unmatched, 1)
        unmatched_row.addWidget(self.email_button)
        who_layout.addLayout(unmatched_row)
        who_layout.addWidget(self.caller_details)
        self.kind = self.form.add_field("kind", _("&Request"), QComboBox())
        for kind in REQUEST_KINDS:
            self.kind.addItem(_(KIND_LABELS[kind]), kind.value)
        self.channel = self.form.add_field("channel", _("C&hannel"), QComboBox())
        for channel, text in REQUEST_CHANNELS:
            self.channel.addItem(_(text), channel.value)
        now = _local_now(context)
        self.received = self.form.add_field(
            "received_at",
            _("Recei&ved"),
            moment_field(now, latest=now, earliest=now - RECEIVED_AT_MOST_AGO),
        )
        self.topic = self.form.add_field("topic", _("&Topic"), QLineEdit())
        self.topic.setPlaceholderText(_("For a complaint or feedback: what it is about"))
        self.note = self.form.add_field("note", _("&Note"), _text_box())
        self._lay_out(
            who,
            below=(
                _hint(
                    _(
                        "The answer is due by the strictest rule you follow; the day is shown "
                        "once the request is logged."
                    )
                ),
            ),
        )
        self.search.setFocus()

    def _on_search_text_changed(self, text: str) -> None:
        self.erased_note.check(typed=text)
        self._lookup += 1
        token = self._lookup
        if not text.strip():
            self.clients.set_rows([])
            return
        self._context.run(
            lambda store: optouts.find_callers(store, text),
            lambda found: token == self._lookup and self._show_clients(found),
            parent=self,
        )

    def _show_clients(self, found: list[ClientRow]) -> None:
        self.clients.set_rows(found)
        if len(found) == 1:
            self.client_view.selectRow(0)

    def _on_email_button_clicked(self) -> None:
        emailed = ReadEmailDialog.ask(self, self._context)
        if emailed is not None:
            self.use_email(emailed)

    def use_email(self, emailed: EmailedRequest) -> None:
        """Fill the fields from what the email says; the coach changes what is wrong."""
        self.email = emailed
        self.erased_note.check(email=emailed.email.sender_address if emailed else "")
        read = emailed.email
        facts = " · ".join(
            f"{escape(label)}: {escape(value)}"
            for label, value in (
                (_("Sender"), read.sender or _("not given")),
                (_("Sent"), moment_text(read.sent_at) or _("not given")),
                (_("Subject line"), read.subject or _("none")),
            )
        )
        heading = "<b>" + escape(_("Read from the email")) + ":</b> "
        self.email_summary.setText(heading + facts + "<br>" + escape(emailed.why.text(_)))
        self.email_summary.setVisible(True)
        asked = [kind for kind in (read.kind, *read.also_asked) if kind in REQUEST_KINDS]
        if asked:
            self.kind.setCurrentIndex(self.kind.findData(asked[0].value))
        self.channel.setCurrentIndex(self.channel.findData(Channel.EMAIL.value))
        self.received.setDateTime(
            emailed.received_at.astimezone(self._context.zone).replace(tzinfo=None)
        )
        self._lookup += 1
        found = [emailed.client] if emailed.client else list(emailed.candidates)
        self.clients.set_rows(found)
        self.unmatched.setChecked(not found)
        self.caller_details.setText("" if found else emailed.caller_details)
        if emailed.client is not None:
            self.client_view.selectRow(0)

    def selected_client(self) -> ClientRow | None:
        rows = self.client_view.selectionModel().selectedRows()
        return self.clients.row_at(rows[0].row()) if rows else None

    def save(self) -> None:
        client = None if self.unmatched.isChecked() else self.selected_client()
        draft = requests.RequestDraft(
            kind=RequestKind(self.kind.currentData()),
            channel=Channel(self.channel.currentData()),
            received_at=_picked(self.received, self._context),
            client_ref=client.ref if client else None,
            caller_details=self.caller_details.text() if client is None else "",
            note=self.note.toPlainText(),
            topic=self.topic.text(),
            email_evidence=self.email.evidence if self.email else None,
        )
        actor, now = self._context.actor, self._context.now()
        self._submit(
            lambda store: requests.log_request(store, draft, actor=actor, now=now),
            _("Request logged."),
        )


class VerifyDialog(_SavingDialog):
    """How the person was recognised before anything is given or changed."""

    def __init__(self, context: AppContext, parent: QWidget | None, row: RequestRow) -> None:
        super().__init__(context, _("Check identity"), parent)
        self._row = row
        now = _local_now(context)
        received = row.received_at.astimezone(context.zone).replace(tzinfo=None)
        self.method = self.form.add_field("identity_method", _("&How"), QLineEdit())
        self.method.setPlaceholderText(_("e.g. called back on the number on file"))
        self.when = self.form.add_field(
            "identity_checked_at", _("&When"), moment_field(now, latest=now, earliest=received)
        )
        self._lay_out(
            _hint(
                _(
                    "Check who is asking before you send or change anything: ask what only "
                    "the client knows, or call back on the number you hold."
                )
            )
        )

    def save(self) -> None:
        method, moment = self.method.text(), _picked(self.when, self._context)
        request_id, actor, now = self._row.id, self._context.actor, self._context.now()
        self._submit(
            lambda store: requests.verify_identity(
                store, request_id, method=method, checked_at=moment, actor=actor, now=now
            ),
            _("Identity checked."),
        )


def extension_rule(row: RequestRow) -> str:
    """What the rule requires of an extension of this request, in a sentence."""
    if row.extension_by is None or row.extended_due is None:
        return _("None of the rules you follow allows this answer to be extended.")
    if row.extended_due <= row.due_on:
        return _(
            "An extension gains no time: your own promise to clients still asks for the answer "
            "by {day}."
        ).format(day=day_text(row.due_on))
    return _(
        "The extension must be sent by {day}, with the reasons; the answer is then due by {until}."
    ).format(day=day_text(row.extension_by), until=day_text(row.extended_due))


class ExtendDialog(_SavingDialog):
    """The answer takes longer: the client told why, inside the first period."""

    def __init__(self, context: AppContext, parent: QWidget | None, row: RequestRow) -> None:
        super().__init__(context, _("Extend the answer"), parent)
        self._row = row
        now = _local_now(context)
        received = row.received_at.astimezone(context.zone).replace(tzinfo=None)
        self.rule = _hint(extension_rule(row))
        self.reason = self.form.add_field(
            "extension_reason", _("&Reasons the client is told"), _text_box(100)
        )
        self.told = self.form.add_field(
            "extension_told_at", _("&Told on"), moment_field(now, latest=now, earliest=received)
        )
        self._lay_out(self.rule)

    def save(self) -> None:
        reason, moment = self.reason.toPlainText(), _picked(self.told, self._context)
        request_id, actor, now = self._row.id, self._context.actor, self._context.now()
        self._submit(
            lambda store: requests.extend_request(
                store, request_id, reason=reason, told_at=moment, actor=actor, now=now
            ),
            _("Request extended."),
        )


class CompleteDialog(_SavingDialog):
    """Done, partly done or refused (the reason is sent, with the route to complain)."""

    def __init__(self, context: AppContext, parent: QWidget | None, row: RequestRow) -> None:
        super().__init__(context, _("Complete the request"), parent)
        self._row = row
        complaint = row.kind == RequestKind.COMPLAINT.value
        self.outcome = self.form.add_field("outcome", _("&Outcome"), QComboBox())
        for outcome in Outcome:
            self.outcome.addItem(_(OUTCOME_LABELS[outcome]), outcome.value)
        self.response = _text_box(100)
        if complaint:  # only a complaint has a response of its own to record
            self.form.add_field("response", _("Res&ponse given"), self.response)
        else:
            self.response.setParent(self)
            self.response.hide()
        self.reason = self.form.add_field("outcome_reason", _("&Reason sent"), _text_box(100))
        if complaint:
            rule = _("Write the response the client was given.")
        elif row.identity_checked_at is None:
            rule = _(
                "The identity is not checked yet: the request can only be refused, with the "
                "reason the client is sent."
            )
        else:
            rule = _("A refusal needs the reason the client is sent; partly done, what was not.")
        self._lay_out(_hint(rule))

    def save(self) -> None:
        outcome = Outcome(self.outcome.currentData())
        reason, response = self.reason.toPlainText(), self.response.toPlainText()
        request_id, actor, now = self._row.id, self._context.actor, self._context.now()
        self._submit(
            lambda store: requests.complete_request(
                store,
                request_id,
                outcome=outcome,
                reason=reason,
                response=response,
                actor=actor,
                now=now,
            ),
            _("Request completed."),
        )
