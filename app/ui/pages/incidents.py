"""Incidents: the breach and incident log, each incident's clock and steps, and the actions
that record the next step. Every read and write runs on the database worker."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QComboBox,
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

from app.domain.incidents import KIND_LABELS, RISK_LABELS, STEP_LABELS, IncidentKind, Risk, Step
from app.services import incidents
from app.services.document_kinds import (
    INCIDENT_LETTER,
    INCIDENT_PLAN,
    INCIDENT_REPORT,
    INCIDENT_VENDOR_NOTE,
)
from app.services.rows import IncidentRow
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.dialogs.incident_dialogs import AssessDialog, LogIncidentDialog, NotifyDialog
from app.ui.dialogs.incident_documents_dialog import IncidentDocumentsDialog
from app.ui.dialogs.practice_record_dialog import PracticeRecordDialog
from app.ui.empty_state import empty_page
from app.ui.icons import set_icon
from app.ui.pages.today import DueModel
from app.ui.preferences import Preferences
from app.ui.table_model import Column, make_table
from app.ui.text import N_, _, language, moment_text, time_left_text

SHOWN = Changes(incidents=True, vendors=True, clients=True, practice=True)

DECISION_WORDS = {"notify": N_("to tell"), "not_notify": N_("not to tell")}
ENCRYPTED_WORDS = {"yes": N_("yes"), "no": N_("no"), "": N_("not known")}


def _clock(row: IncidentRow, now) -> str:
    if row.closed_at or row.authority_notified_at or row.authority_decision == "not_notify":
        return ""
    return time_left_text(row.authority_due_at, now)


def register_columns(now) -> tuple[Column, ...]:
    return (
        Column(N_("Aware since"), lambda row: moment_text(row.aware_at), fits=True),
        Column(N_("What happened"), lambda row: _(KIND_LABELS[IncidentKind(row.kind)])),
        Column(N_("Summary"), lambda row: row.summary),
        Column(N_("Next step"), lambda row: _(STEP_LABELS[Step(row.step)])),
        Column(N_("Time left"), lambda row: _clock(row, now()), fits=True),
    )


def _category_labels(row: IncidentRow) -> list[str]:
    chinese = language() == "zh"
    return [zh if chinese and zh else en for en, zh in row.category_labels]


def steps_html(row: IncidentRow, now) -> str:
    """The incident as the record keeps it: the facts, then each step with its time."""

    def line(label: str, value: str) -> str:
        return f"<tr><td><b>{escape(label)}</b></td><td>{escape(value)}</td></tr>"

    facts = [
        line(_("What happened"), _(KIND_LABELS[IncidentKind(row.kind)])),
        line(_("Summary"), row.summary),
        line(_("Happened"), moment_text(row.happened_at) or _("not known")),
        line(_("Aware since"), moment_text(row.aware_at)),
        line(_("Vendor"), row.vendor or _("none")),
        line(_("Data categories"), ", ".join(_category_labels(row)) or _("none recorded")),
        line(_("Clients affected"), f"{row.affected:,}"),
        line(_("Encrypted"), _(ENCRYPTED_WORDS.get(row.encrypted, row.encrypted))),
    ]
    if row.authority_due_at is not None:
        left = _clock(row, now)
        deadline = moment_text(row.authority_due_at) + (f" ({left})" if left else "")
        facts.append(line(_("Tell the authority by"), deadline))
    steps = [line(_("Logged"), moment_text(row.recorded_at))]
    if row.assessed_at:
        risk = _(RISK_LABELS[Risk(row.risk)])
        steps.append(line(_("Assessed"), f"{moment_text(row.assessed_at)}: {risk}"))
    for whom, label in (("authority", _("Authority")), ("clients", _("Clients"))):
        told = getattr(row, f"{whom}_notified_at")
        decision = getattr(row, f"{whom}_decision")
        reason = getattr(row, f"{whom}_reason")
        if told:
            steps.append(line(_("{whom} notified").format(whom=label), moment_text(told)))
        elif decision:
            decided = moment_text(getattr(row, f"{whom}_decided_at"))
            words = _("decided {what} ({when})").format(
                what=_(DECISION_WORDS[decision]), when=decided
            )
            steps.append(line(label, words))
        if reason:
            steps.append(line(_("Reason"), reason))
    if row.authority_delay_reason:
        steps.append(line(_("Reason for the delay"), row.authority_delay_reason))
    if row.closed_at:
        steps.append(line(_("Closed"), moment_text(row.closed_at)))
    notes = "".join(f"<p><i>{escape(_(note))}</i></p>" for note in row.notes)
    # Marked outside the f-string: the extractor does not look inside one.
    title = escape(_("Incident {number}").format(number=row.id))
    steps_title = escape(_("Steps"))
    return (
        f"<h3>{title}</h3><table cellpadding='2'>{''.join(facts)}</table>{notes}"
        f"<h4>{steps_title}</h4><table cellpadding='2'>{''.join(steps)}</table>"
    )


class IncidentsPage(QWidget):
    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        preferences: Preferences | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._preferences = preferences
        self._token = 0
        self._select_after: int | None = None
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>" + _("Incidents") + "</h2>"))
        top.addStretch(1)
        self.filter = QComboBox()
        self.filter.setAccessibleName(_("Show"))
        self.filter.addItem(_("Open incidents"), True)
        self.filter.addItem(_("Every incident"), False)
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        top.addWidget(self.filter)
        self.plan_button = QPushButton(_("Response &plan…"))
        self.plan_button.setToolTip(_("The incident response plan, made from the records"))
        self.plan_button.clicked.connect(lambda: self.response_plan())
        top.addWidget(self.plan_button)
        self.log_button = QPushButton(_("&Log incident…"))
        self.log_button.clicked.connect(self.log_incident)
        set_icon(self.log_button, "incidents")
        top.addWidget(self.log_button)
        self.register = DueModel(register_columns(context.now), self)
        self.view = make_table(self.register, stretch=2)
        self.view.setAccessibleName(_("Incidents"))
        self.detail = QTextBrowser()
        self.detail.setAccessibleName(_("Incident"))
        self.assess_button = QPushButton(_("&Assess risk…"))
        self.authority_button = QPushButton(_("Au&thority…"))
        self.clients_button = QPushButton(_("&Clients…"))
        self.close_button = QPushButton(_("Cl&ose incident"))
        self.assess_button.clicked.connect(self.assess)
        self.authority_button.clicked.connect(lambda: self.notify("authority"))
        self.clients_button.clicked.connect(lambda: self.notify("clients"))
        self.close_button.clicked.connect(self.close_incident)
        self.report_button = QPushButton(_("&Report for the authority…"))
        self.letters_button = QPushButton(_("Letters to clie&nts…"))
        self.vendor_button = QPushButton(_("Questions to the &vendor…"))
        self.report_button.clicked.connect(lambda: self.documents(INCIDENT_REPORT.name))
        self.letters_button.clicked.connect(lambda: self.documents(INCIDENT_LETTER.name))
        self.vendor_button.clicked.connect(lambda: self.documents(INCIDENT_VENDOR_NOTE.name))
        actions = QGridLayout()
        for number, button in enumerate(
            (self.assess_button, self.authority_button, self.clients_button, self.close_button,
             self.report_button, self.letters_button, self.vendor_button)
        ):  # fmt: skip
            actions.addWidget(button, number // 2, number % 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        right_layout.addLayout(actions)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.empty = empty_page("incidents", splitter, self.log_incident)
        layout.addWidget(self.empty, 1)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._show_selected())
        context.subscribe(self, SHOWN, lambda _changes: self.refresh())
        self._show_selected()
        self.refresh()

    def refresh(self) -> None:
        self._token += 1
        token, open_only = self._token, bool(self.filter.currentData())

        def read(store):
            rows = incidents.list_incidents(store, open_only=open_only)
            # Whether any is on record at all, for the empty state (incidents are few).
            return rows, bool(rows) or bool(incidents.list_incidents(store, open_only=False))

        def show(result) -> None:
            if token == self._token:
                self.empty.set_empty(not result[1])
                self._show_rows(result[0])

        self._context.run(read, show, parent=self)

    def _show_rows(self, rows: list[IncidentRow]) -> None:
        selected = self.selected()
        wanted = self._select_after or (selected.id if selected else None)
        self.register.set_rows(rows)
        self.view.resizeColumnsToContents()
        if wanted is not None and self.select(wanted):
            self._select_after = None
        elif self._select_after is not None and self.filter.currentData():
            self.filter.setCurrentIndex(1)  # a closed one: every incident, asked again
            return
        elif rows:
            self.view.selectRow(0)
        self._show_selected()

    def selected(self) -> IncidentRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.register.row_at(rows[0].row()) if rows else None

    def select(self, incident_id: int) -> bool:
        for number, row in enumerate(self.register.rows()):
            if row.id == incident_id:
                self.view.selectRow(number)
                return True
        return False

    def open_incident(self, incident_id: int) -> None:
        """Show one incident (from Today): every incident listed if it is closed."""
        if not self.select(incident_id):
            self._select_after = incident_id  # the next answer selects it
            self.refresh()

    def _show_selected(self) -> None:
        row = self.selected()
        self.detail.setHtml(steps_html(row, self._context.now()) if row else "")
        open_ = bool(row and not row.closed_at)
        for button in (self.assess_button, self.authority_button, self.clients_button):
            button.setEnabled(open_)
        self.close_button.setEnabled(bool(row and row.step == Step.CLOSE.value))
        self.report_button.setEnabled(row is not None)
        self.letters_button.setEnabled(bool(row and row.affected))
        self.vendor_button.setEnabled(bool(row and row.vendor_id is not None))

    def documents(self, kind_name: str) -> IncidentDocumentsDialog | None:
        """The report or the letters of the selected incident: previewed, then saved."""
        row = self.selected()
        if row is None:
            return None
        return IncidentDocumentsDialog.ask(self, self._context, row, kind_name)

    def response_plan(self) -> PracticeRecordDialog:
        """The incident response plan, made now from the records: previewed, then saved."""
        folder = self._preferences.backup_folder if self._preferences is not None else None
        return PracticeRecordDialog.ask(self, self._context, INCIDENT_PLAN.name, folder)

    def log_incident(self) -> IncidentRow | None:
        row = LogIncidentDialog.ask(self, self._context)
        if row is not None:
            self._select_after = row.id
            if not self.filter.currentData():
                self.filter.setCurrentIndex(0)
        return row

    def assess(self) -> None:
        row = self.selected()
        if row is not None:
            AssessDialog.ask(self, self._context, row)

    def notify(self, whom: str) -> None:
        row = self.selected()
        if row is not None:
            NotifyDialog.ask(self, self._context, row, whom)

    def close_incident(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            _("Close incident"),
            _("Close incident {number}? Its record is kept and no longer changes.").format(
                number=row.id
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        actor, now = self._context.actor, self._context.now()
        self._context.run(
            lambda store: incidents.close_incident(store, row.id, actor=actor, now=now),
            changes=Changes(incidents=True),
            message=_("Incident closed."),
            on_error=self._context.refusal_in(self, _("Close incident")),
        )
