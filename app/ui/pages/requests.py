"""Requests: the register of rights requests (every kind but an opt-out), filtered by open or
all and by kind, the selected request's timeline, and the actions for each step, each saying
what the rule requires. Every read and write runs on the database worker."""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.deadlines import is_overdue
from app.domain.enums import RequestKind
from app.domain.errors import DomainError
from app.domain.optout import local_date
from app.domain.pauses import pauses_sharings
from app.domain.requests import (
    REQUEST_KINDS,
    identity_needed,
)
from app.services import erasure, request_register, requests
from app.services.practice_documents import Format
from app.services.requests import CorrectionResult
from app.services.rows import RequestRow
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.csv_export import write_csv
from app.ui.dialogs.access_package import AccessPackageSave, save_copy_of_data
from app.ui.dialogs.correction_dialog import CorrectionDialog, items_text
from app.ui.dialogs.pause_dialogs import LiftDialog, PauseDialog
from app.ui.dialogs.request_dialogs import (
    CompleteDialog,
    ExtendDialog,
    LogRequestDialog,
    VerifyDialog,
    extension_rule,
)
from app.ui.dialogs.request_letter_dialog import RequestLetterDialog
from app.ui.icons import set_icon
from app.ui.pages.erasure_words import confirmation_text, result_text
from app.ui.pages.request_words import channel_text, kind_text, status_text
from app.ui.table_model import Column, RowTableModel, make_table
from app.ui.text import N_, _, day_text, due_text, moment_text, purpose_text

SHOWN = Changes(requests=True, clients=True, practice=True)


def register_columns(today) -> tuple[Column, ...]:
    return (
        Column(N_("Received"), lambda row: moment_text(row.received_at), fits=True),
        Column(N_("Request"), lambda row: kind_text(row.kind)),
        Column(N_("Who"), lambda row: row.who),
        Column(N_("Channel"), lambda row: channel_text(row.channel)),
        Column(N_("Status"), status_text),
        Column(
            N_("Due"),
            lambda row: due_text(row.due, row.is_open and is_overdue(row.due, today())),
            fits=True,
        ),
    )


def timeline_html(row: RequestRow) -> str:
    """The request as the record keeps it: what was asked, then each step with its time."""

    def line(label: str, value: str) -> str:
        return f"<tr><td><b>{escape(label)}</b></td><td>{escape(value)}</td></tr>"

    facts = [
        line(_("Request"), kind_text(row.kind, explained=True)),
        line(_("Who"), row.who),
        line(_("Channel"), channel_text(row.channel)),
    ]
    if row.topic:
        facts.append(line(_("Topic"), row.topic))
    if row.note:
        facts.append(line(_("Note"), row.note))
    if row.evidence_file:
        facts.append(line(_("Evidence"), _("kept (sha256 {digest}…)").format(
            digest=row.evidence_sha256[:12])))  # fmt: skip
    facts.append(line(_("Answer due"), day_text(row.due)))
    if row.confirm_due_on and row.acknowledged_at is None:
        facts.append(line(_("Confirm receipt by"), day_text(row.confirm_due_on)))
    steps = [line(_("Received"), moment_text(row.received_at))]
    steps.append(line(_("Logged"), f"{moment_text(row.recorded_at)} · {row.recorded_by}"))
    if row.identity_checked_at:
        checked = f"{moment_text(row.identity_checked_at)} · {row.identity_checked_by}"
        steps.append(line(_("Identity checked"), f"{checked}: {row.identity_method}"))
    if row.acknowledged_at:
        steps.append(line(_("Acknowledged"), moment_text(row.acknowledged_at)))
    if row.extended_until:
        told = moment_text(row.extension_told_at)
        steps.append(
            line(
                _("Extended"),
                _("until {day}, told {when}").format(day=day_text(row.extended_until), when=told),
            )
        )
        steps.append(line(_("Reasons"), row.extension_reason))
    for pause in row.pauses:
        paused = _("{vendor} — {purpose}").format(vendor=pause.vendor, purpose=purpose_text(pause))
        steps.append(line(_("Paused"), f"{moment_text(pause.paused_at)} · {paused}"))
        if pause.lifted_at:
            lifted = f"{moment_text(pause.lifted_at)} · {paused}: {pause.lift_reason}"
            steps.append(line(_("Pause lifted"), lifted))
    for correction in row.corrections:
        when = f"{moment_text(correction.corrected_at)} · {correction.corrected_by}"
        steps.append(line(_("Corrected"), f"{when}: {items_text(correction.fields)}"))
    if row.completed_at:
        steps.append(line(_("Completed"), f"{moment_text(row.completed_at)}: {status_text(row)}"))
        if row.outcome_reason:
            steps.append(line(_("Reason sent"), row.outcome_reason))
        if row.response:
            steps.append(line(_("Response"), row.response))
    title = escape(_("Request {number}").format(number=row.id))
    steps_title = escape(_("Steps"))
    return (
        f"<h3>{title}</h3><table cellpadding='2'>{''.join(facts)}</table>"
        f"<h4>{steps_title}</h4><table cellpadding='2'>{''.join(steps)}</table>"
    )


def next_step_text(row: RequestRow) -> str:
    """What the rule requires next, in a sentence (under the actions)."""
    if not row.is_open:
        return _("Completed; the record is kept and no longer changes.")
    if identity_needed(RequestKind(row.kind)) and row.identity_checked_at is None:
        return _("Check the person's identity before you send or change anything.")
    if row.kind == RequestKind.CORRECTION.value and not row.corrections:
        return _(
            "Correct the record (the vendors that received the field are told), or refuse "
            "with the reason; answer by {day}."
        ).format(day=day_text(row.due))
    if row.confirm_due_on and row.acknowledged_at is None:
        return _("Confirm receipt to the person by {day}.").format(day=day_text(row.confirm_due_on))
    if pauses_sharings(RequestKind(row.kind)) and not row.pauses:
        return _("Pause the sharings the client named, then weigh the request.")
    if row.extended_until is None and row.extension_by is not None:
        return _("Answer by {day}. {extension}").format(
            day=day_text(row.due), extension=extension_rule(row)
        )
    return _("Answer by {day}.").format(day=day_text(row.due))


class RequestsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._token = 0
        self._select_after: int | None = None
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>" + _("Requests") + "</h2>"))
        top.addStretch(1)
        self.filter = QComboBox()
        self.filter.setAccessibleName(_("Show"))
        self.filter.addItem(_("Open requests"), True)
        self.filter.addItem(_("Every request"), False)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        top.addWidget(self.filter)
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName(_("Kind"))
        self.kind_filter.addItem(_("Every kind"), None)
        self.kind_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for kind in REQUEST_KINDS:
            self.kind_filter.addItem(kind_text(kind.value), kind.value)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        top.addWidget(self.kind_filter)
        self.export_button = QPushButton(_("Export &CSV…"))
        self.export_button.clicked.connect(lambda: self.export_csv())
        set_icon(self.export_button, "export")
        top.addWidget(self.export_button)
        self.export_pdf_button = QPushButton(_("Export &PDF…"))
        self.export_pdf_button.setToolTip(_("The register as shown, printed on landscape pages"))
        self.export_pdf_button.clicked.connect(lambda: self.export_pdf())
        top.addWidget(self.export_pdf_button)
        set_icon(self.export_pdf_button, "export")
        self.log_button = QPushButton(_("&Log request…"))
        self.log_button.clicked.connect(self.log_request)
        set_icon(self.log_button, "requests")
        top.addWidget(self.log_button)
        self.register = RowTableModel(register_columns(self._today), self)
        self.view = make_table(self.register, stretch=2)
        self.view.setAccessibleName(_("Requests"))
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(_("Request"))
        self.next_step = QLabel()
        self.next_step.setWordWrap(True)
        self.verify_button = QPushButton(_("Check &identity…"))
        self.acknowledge_button = QPushButton(_("&Acknowledged"))
        self.extend_button = QPushButton(_("E&xtend…"))
        self.complete_button = QPushButton(_("Co&mplete…"))
        self.letter_button = QPushButton(_("L&etter…"))
        self.letter_button.setToolTip(_("Preview and save the letter the request's step calls for"))
        self.verify_button.clicked.connect(lambda: self._ask(VerifyDialog))
        self.acknowledge_button.clicked.connect(self.acknowledge)
        self.extend_button.clicked.connect(lambda: self._ask(ExtendDialog))
        self.complete_button.clicked.connect(lambda: self._ask(CompleteDialog))
        self.letter_button.clicked.connect(lambda: self.letter())
        # An access or portability request is answered with the client's package.
        self.package_button = QPushButton(_("Copy of their da&ta…"))
        self.package_button.setToolTip(_("The package that answers this access request"))
        self.package_button.clicked.connect(lambda: self.save_package())
        self.erase_button = QPushButton(_("E&rase the client…"))
        self.erase_button.setToolTip(_("Carry out this deletion request: erase the client"))
        self.erase_button.clicked.connect(lambda: self.erase())
        # A restriction or objection pauses sharings until each pause is lifted.
        self.pause_button = QPushButton(_("&Pause sharings…"))
        self.pause_button.setToolTip(_("No new data goes to the vendors chosen until lifted"))
        self.pause_button.clicked.connect(lambda: self._ask(PauseDialog))
        self.lift_button = QPushButton(_("Li&ft the pause…"))
        self.lift_button.clicked.connect(lambda: self._ask(LiftDialog))
        self.correct_button = QPushButton(_("Correct the rec&ord…"))
        self.correct_button.setToolTip(
            _("Carry out this correction request: change the client's record, tell the vendors")
        )
        self.correct_button.clicked.connect(lambda: self.correct())
        # A later action (the access package, a deletion) adds its button to this grid.
        self.actions = QGridLayout()
        for number, button in enumerate(
            (self.verify_button, self.acknowledge_button, self.extend_button,
             self.complete_button, self.package_button, self.erase_button,
             self.correct_button, self.pause_button, self.lift_button,
             self.letter_button)
        ):  # fmt: skip
            self.actions.addWidget(button, number // 2, number % 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addWidget(self.next_step)
        right_layout.addLayout(self.actions)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 420])  # the register's columns fit at 1366 pixels
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._show_selected())
        context.subscribe(self, SHOWN, lambda _changes: self.refresh())
        self._show_selected()
        self.refresh()

    def _today(self) -> date:
        return local_date(self._context.now(), self._context.zone)

    def refresh(self) -> None:
        self._token += 1
        token, open_only = self._token, bool(self.filter.currentData())
        kind = self.kind_filter.currentData()
        self._context.run(
            lambda store: requests.list_requests(store, open_only=open_only, kind=kind),
            lambda rows: token == self._token and self._show_rows(rows),
            parent=self,
        )

    def _show_rows(self, rows: list[RequestRow]) -> None:
        selected = self.selected()
        wanted = self._select_after or (selected.id if selected else None)
        self.register.set_rows(rows)
        self.view.resizeColumnsToContents()
        if wanted is not None and self.select(wanted):
            self._select_after = None
        elif self._select_after is not None and (
            self.filter.currentData() or self.kind_filter.currentData()
        ):
            self.kind_filter.setCurrentIndex(0)  # a completed one, or another kind: ask again
            self.filter.setCurrentIndex(1)
            return
        elif rows:
            self.view.selectRow(0)
        self._show_selected()

    def selected(self) -> RequestRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.register.row_at(rows[0].row()) if rows else None

    def select(self, request_id: int) -> bool:
        for number, row in enumerate(self.register.rows()):
            if row.id == request_id:
                self.view.selectRow(number)
                return True
        return False

    def open_request(self, request_id: int) -> None:
        """Show one request (from Today or a client's page), whatever the filters."""
        if not self.select(request_id):
            self._select_after = request_id
            self.refresh()

    def _show_selected(self) -> None:
        row = self.selected()
        self.detail.setHtml(timeline_html(row) if row else "")
        self.next_step.setText(next_step_text(row) if row else "")
        open_ = bool(row and row.is_open)
        needs_identity = bool(row and identity_needed(RequestKind(row.kind)))
        self.verify_button.setEnabled(open_ and needs_identity and not row.identity_checked_at)
        self.acknowledge_button.setEnabled(open_ and row is not None and not row.acknowledged_at)
        self.extend_button.setEnabled(
            open_ and row is not None and row.extension_by is not None and not row.extended_until
        )
        self.complete_button.setEnabled(open_)
        # A letter goes to a client: a caller not yet matched has no address.
        self.letter_button.setEnabled(bool(row and row.client_ref))
        self.package_button.setEnabled(
            bool(row and row.client_id is not None)
            and RequestKind(row.kind) in (RequestKind.ACCESS, RequestKind.PORTABILITY)
        )
        self.erase_button.setEnabled(
            open_ and row.kind == RequestKind.DELETION.value and bool(row.client_ref)
        )
        pausing = bool(row and pauses_sharings(RequestKind(row.kind)))
        self.pause_button.setVisible(pausing)
        self.lift_button.setVisible(pausing)
        self.pause_button.setEnabled(
            open_ and pausing and bool(row.client_ref) and row.identity_checked_at is not None
        )
        self.lift_button.setEnabled(bool(row and row.pauses_on))  # after completion too
        self.correct_button.setEnabled(
            open_ and row.kind == RequestKind.CORRECTION.value and bool(row.client_ref)
        )

    def save_package(self, target: Path | None = None) -> AccessPackageSave | None:
        """The selected access request's answer: its client's package, saved (asked where)."""
        row = self.selected()
        if row is None or row.client_id is None:
            return None
        return save_copy_of_data(self, self._context, row.client_ref, row.client_name, target)

    def _ask(self, dialog) -> RequestRow | None:
        row = self.selected()
        return dialog.ask(self, self._context, row) if row is not None else None

    def letter(self) -> RequestLetterDialog | None:
        """The letter the selected request's step calls for: previewed, then saved."""
        row = self.selected()
        return RequestLetterDialog.ask(self, self._context, row) if row is not None else None

    def log_request(self) -> RequestRow | None:
        row = LogRequestDialog.ask(self, self._context)
        if row is not None:
            self._select_after = row.id
            if not self.filter.currentData():
                self.filter.setCurrentIndex(0)
        return row

    def acknowledge(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            _("Acknowledge"),
            _("Record that receipt of request {number} was confirmed to the person now?").format(
                number=row.id
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor, now = self._context.actor, self._context.now()
        self._context.run(
            lambda store: requests.acknowledge_request(store, row.id, actor=actor, now=now),
            changes=Changes(requests=True),
            message=_("Acknowledgement recorded."),
            on_error=self._context.refusal_in(self, _("Acknowledge")),
        )

    def erase(self) -> None:
        """Carry out the selected deletion request, once the coach has read what goes and
        what stays; a refusal is said in one sentence before anything is asked."""
        row = self.selected()
        if row is None or not row.client_ref:
            return
        title = _("Erase the client")
        now = self._context.now()
        try:
            plan = self._context.fetch(
                lambda store: erasure.plan_erasure(store, row.client_ref, row.id, now=now)
            )
        except DomainError as error:
            QMessageBox.warning(self, title, error.text(_))
            return
        if plan.refusal is not None:
            QMessageBox.warning(self, title, plan.refusal.text(_))
            return
        answer = QMessageBox.question(self, title, confirmation_text(plan))
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor = self._context.actor
        self._context.run(
            lambda store: erasure.erase_client(store, row.client_ref, row.id, actor=actor, now=now),
            lambda result: self._context.status_message.emit(result_text(result)),
            changes=Changes(requests=True, clients=True, optouts=True, documents=True),
            on_error=self._context.refusal_in(self, title),
        )

    def correct(self) -> CorrectionResult | None:
        """Carry out the selected correction request: the client's record opens prefilled;
        a refusal (identity unchecked...) is said in one sentence before anything opens."""
        row = self.selected()
        if row is None or not row.client_ref:
            return None
        title = _("Correct the record")
        try:
            plan = self._context.fetch(lambda store: requests.plan_correction(store, row.id))
        except DomainError as error:
            QMessageBox.warning(self, title, error.text(_))
            return None
        if plan.refusal is not None or plan.client is None:
            QMessageBox.warning(self, title, plan.refusal.text(_) if plan.refusal else title)
            return None
        return CorrectionDialog.ask_correction(self, self._context, plan.client, row.id)

    def export_csv(self, path: str | None = None) -> Path | None:
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export requests"), "requests.csv", _("CSV files (*.csv)")
            )
        if not path:
            return None
        target = Path(path)
        columns = register_columns(self._today)
        header = [_(column.title) for column in columns] + [_("Extended until"), _("Reference")]
        lines = [
            [str(column.value(row)) for column in columns]
            + [day_text(row.extended_until) if row.extended_until else "", row.client_ref]
            for row in self.register.rows()
        ]
        write_csv(target, header, lines)
        self._context.status_message.emit(_("Exported to {path}").format(path=target))
        return target

    def export_pdf(self, path: str | None = None) -> None:
        """The register with the filters shown, as a PDF written on the worker: the file is
        in place, whole, before it is recorded."""
        if path is None:
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Export requests"), "requests.pdf", _("PDF files (*.pdf)")
            )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        open_only, kind = bool(self.filter.currentData()), self.kind_filter.currentData()
        now = self._context.now()
        self._context.run(
            lambda store: request_register.make_request_register(
                store, open_only=open_only, kind=kind, fmt=Format.PDF, now=now, save_to=target
            ),
            changes=Changes(documents=True),
            message=_("Exported to {path}").format(path=target),
            on_error=self._context.refusal_in(self, _("Export requests")),
            parent=self,
        )
