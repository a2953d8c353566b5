"""Retention that ends (issue 13) in the window: archiving asks for the day of the last
session, which the periods count from; "What we hold past our promise" lists the former
clients whose period ran out, each with its categories, and erases one or all of them
(reason "retention", no request) after the same confirmation of what goes and what stays."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.refcodes import format_reference
from app.services import erasure, retention
from app.services.erasure import ErasurePlan
from app.services.retention import PastPromise
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.forms import date_field
from app.ui.pages.erasure_words import confirmation_text
from app.ui.table_model import Column, RowTableModel, make_table
from app.ui.text import N_, _, day_text, ngettext

# The catalogue's names (persistence seed 0002) of the categories counted from the last
# session (domain.retention.PERIODS); a key not here is shown as it is.
CATEGORY_NAMES = {
    "contact": N_("Contact details"),
    "health": N_("Health and fitness assessments"),
    "body": N_("Body measurements and progress photos"),
    "training": N_("Training history"),
}


class ArchiveDialog(QDialog):
    """Archive a client: the day of their last session (today unless earlier)."""

    def __init__(self, parent: QWidget | None, name: str, today: date) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Archive client"))
        text = QLabel(
            _(
                "Archive {name}? A former client keeps their history and can still opt out; "
                "they no longer count as active. What the notice promises to delete is counted "
                "from their last session."
            ).format(name=name)
        )
        text.setWordWrap(True)
        self.last_session = date_field(today, latest=today)
        self.last_session.setAccessibleName(_("Last session"))
        form = QFormLayout()
        form.addRow(_("&Last session:"), self.last_session)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Archive"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, today: date) -> date | None:
        dialog = cls(parent, name, today)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.last_session.date().toPython()


def _categories(row: PastPromise) -> str:
    return ", ".join(_(CATEGORY_NAMES.get(item.key, item.key)) for item in row.ended)


def _past(row: PastPromise) -> str:
    return ngettext("{count} day", "{count} days", row.days_past).format(count=row.days_past)


COLUMNS = (
    Column(N_("Client"), lambda row: row.name),
    Column(N_("Reference"), lambda row: format_reference(row.client_ref)),
    Column(N_("Last session"), lambda row: day_text(row.stopped_on)),
    Column(N_("What ran out"), _categories),
    Column(N_("Ended on"), lambda row: day_text(row.ended_on), fits=True),
    Column(N_("Past by"), _past, fits=True),
)


def all_confirmation_text(plans: list[ErasurePlan]) -> str:
    """One confirmation for every client listed: what goes and what stays, together."""
    refs = ", ".join(format_reference(plan.client_ref) for plan in plans)
    vendors = sorted({vendor for plan in plans for vendor in plan.vendors})
    stays = {item.key: item for plan in plans for item in plan.kept}
    goes = [
        _(
            "Their names, email addresses, phone numbers, postal addresses and notes are "
            "erased for good; their reference codes stay so the records they link hold "
            "together."
        ),
        _("Evidence files destroyed (scans, kept emails): {count}.").format(
            count=sum(plan.files for plan in plans)
        ),
    ]
    if vendors:
        goes.append(
            _("These vendors get a deletion task: {vendors}.").format(vendors=", ".join(vendors))
        )
    return "\n\n".join(
        [
            ngettext(
                "Erase {count} client ({refs})? This cannot be undone.",
                "Erase {count} clients ({refs})? This cannot be undone.",
                len(plans),
            ).format(count=len(plans), refs=refs),
            "\n".join(goes),
            _("What stays, because the law makes the practice keep it:"),
            "\n".join(f"• {_(item.what)}: {_(item.why)}" for item in stays.values()),
        ]
    )


class PastPromiseDialog(QDialog):
    """What we hold past our promise: one row per former client, Erase one or all."""

    def __init__(self, parent: QWidget | None, context: AppContext) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle(_("What we hold past our promise"))
        self.resize(820, 420)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model = RowTableModel(COLUMNS, self)
        self.table = make_table(self.model, stretch=3)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.erase_button = QPushButton(_("&Erase…"))
        self.erase_button.setToolTip(_("Erase the chosen client: their retention ended"))
        self.erase_button.clicked.connect(lambda: self.erase_selected())
        self.erase_all_button = QPushButton(_("Erase &all listed…"))
        self.erase_all_button.clicked.connect(lambda: self.erase_all())
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.erase_button)
        buttons.addWidget(self.erase_all_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        context.subscribe(self, Changes(clients=True), lambda _changes: self.load())
        self.load()

    def load(self) -> None:
        now = self._context.now()
        rows = self._context.fetch(lambda store: retention.past_promise(store, now=now))
        self.model.set_rows(rows)
        self.summary.setText(
            ngettext(
                "{count} former client is past what the notice promises: their retention "
                "period ended.",
                "{count} former clients are past what the notice promises: their retention "
                "periods ended.",
                len(rows),
            ).format(count=len(rows))
            if rows
            else _("No former client is held past what the notice promises.")
        )
        self.erase_button.setEnabled(bool(rows))
        self.erase_all_button.setEnabled(bool(rows))
        if rows:
            self.table.selectRow(0)

    def selected(self) -> PastPromise | None:
        indexes = self.table.selectionModel().selectedRows()
        return self.model.row_at(indexes[0].row()) if indexes else None

    def _plans(self, refs: list[str], now: datetime) -> list[ErasurePlan] | None:
        title = _("Erase the client")
        try:
            plans = self._context.fetch(
                lambda store: [erasure.plan_retention_erasure(store, ref, now=now) for ref in refs]
            )
        except DomainError as error:
            QMessageBox.warning(self, title, error.text(_))
            return None
        refused = [plan for plan in plans if plan.refusal is not None]
        if refused and len(plans) == 1:
            QMessageBox.warning(self, title, refused[0].refusal.text(_))
            return None
        if refused:  # the others go ahead; these are named, each with its sentence
            QMessageBox.information(
                self,
                title,
                "\n".join(
                    f"{format_reference(plan.client_ref)}: {plan.refusal.text(_)}"
                    for plan in refused
                ),
            )
        return [plan for plan in plans if plan.refusal is None]

    def _erase(self, plans: list[ErasurePlan], question: str, now: datetime) -> None:
        if not plans:
            return
        title = _("Erase the client")
        if QMessageBox.question(self, title, question) != QMessageBox.StandardButton.Yes:
            return
        refs, actor = [plan.client_ref for plan in plans], self._context.actor
        self._context.run(
            lambda store: erasure.erase_past_promise(store, refs, actor=actor, now=now),
            lambda results: self._context.status_message.emit(
                ngettext("{count} client erased.", "{count} clients erased.", len(results)).format(
                    count=len(results)
                )
            ),
            changes=Changes(requests=True, clients=True, optouts=True, documents=True),
            on_error=self._context.refusal_in(self, title),
        )

    def erase_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        now = self._context.now()
        plans = self._plans([row.client_ref], now)
        if plans:
            self._erase(plans, confirmation_text(plans[0]), now)

    def erase_all(self) -> None:
        now = self._context.now()
        plans = self._plans([row.client_ref for row in self.model.rows()], now)
        if plans:
            self._erase(plans, all_confirmation_text(plans), now)

    @classmethod
    def ask(cls, parent: QWidget | None, context: AppContext) -> None:
        cls(parent, context).exec()
