"""Record a vendor review: the checklist, the outcome, actions with due dates, the next due date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services import reviews
from app.services.reviews import (
    CHECKLIST,
    OUTCOMES,
    ChecklistAnswer,
    ReviewAction,
    ReviewRow,
    suggested_next_due,
)
from app.services.rows import VendorRow
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.forms import FieldForm, date_field, qdate, save_dialog
from app.ui.text import _, day_text

PASSED, FAILED = 1, 0
FIRST_ACTION_DUE = timedelta(days=30)


@dataclass
class ActionLine:
    """One action row of the dialog: what to do, by when, and its remove button."""

    holder: QWidget
    text: QLineEdit
    due_on: QDateEdit
    remove: QPushButton


class ReviewDialog(QDialog):
    def __init__(self, context: AppContext, vendor: VendorRow, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._vendor = vendor
        self.saved: ReviewRow | None = None
        self.setWindowTitle(_("Review of {vendor}").format(vendor=vendor.name))
        self.setMinimumWidth(860)
        today = context.today()
        start = context.fetch(lambda store: reviews.review_start(store, vendor.id))
        self.form = FieldForm()
        self.reviewer = self.form.add_field("reviewer", _("Re&viewer"), QLineEdit())
        # Who answers for privacy at the practice; the computer's account if nobody is named.
        self.reviewer.setText(start.reviewer or context.actor)
        self.reviewed_on = self.form.add_field("reviewed_on", _("Reviewed &on"), date_field())
        self.reviewed_on.setMaximumDate(qdate(today))
        self.reviewed_on.setDate(qdate(today))
        self.form.add_field("answers", _("&Checklist"), self._checklist())
        for answer in start.answers:  # the clauses on file, as the vendor register has them
            self.answer(answer.key, answer.passed)
        self.form.add_field("outcome", _("O&utcome"), self._outcomes())
        self.form.add_field("actions", _("&Actions"), self._actions_box())
        self.next_due = self.form.add_field("next_due_on", _("&Next review due"), date_field())
        self._suggested = suggested_next_due(today, vendor.review_interval_months)
        self.next_due.setDate(qdate(self._suggested))
        self.reviewed_on.dateChanged.connect(self._on_reviewed_on_date_changed)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self._chain_actions()

    # --- building ---------------------------------------------------------------------------

    def _checklist(self) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(2)
        self.answers: dict[str, QButtonGroup] = {}
        self.notes: dict[str, QLineEdit] = {}
        for row, (key, question) in enumerate(CHECKLIST):
            text = _(question)
            label = QLabel(text)
            grid.addWidget(label, row, 0)
            group = QButtonGroup(self)
            for column, (value, answer) in enumerate(
                ((PASSED, _("Yes")), (FAILED, _("No"))), start=1
            ):
                button = QRadioButton(answer)
                button.setObjectName(f"{key}_{'pass' if value == PASSED else 'fail'}")
                button.setAccessibleName(f"{text}: {answer}")
                group.addButton(button, value)
                grid.addWidget(button, row, column)
            note = QLineEdit()
            note.setObjectName(f"{key}_note")
            note.setPlaceholderText(_("Note"))
            note.setAccessibleName(_("Note on: {question}").format(question=text))
            grid.addWidget(note, row, 3)
            self.answers[key] = group
            self.notes[key] = note
        self.clauses_note = QLabel(
            _("The contract clauses are answered from the vendor register: check them.")
        )
        grid.addWidget(self.clauses_note, len(CHECKLIST), 0, 1, 4)
        grid.setColumnStretch(3, 1)
        box.setFocusProxy(self.answers[CHECKLIST[0][0]].buttons()[0])
        return box

    def _outcomes(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.outcome = QButtonGroup(self)
        self.outcome_buttons: dict[str, QRadioButton] = {}
        for key, text in OUTCOMES:
            button = QRadioButton(_(text))
            button.setObjectName(f"outcome_{key}")
            button.setAccessibleName(_("Outcome: {outcome}").format(outcome=_(text)))
            self.outcome.addButton(button)
            self.outcome_buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        box.setFocusProxy(self.outcome_buttons[OUTCOMES[0][0]])
        return box

    def _actions_box(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.action_rows = QWidget()
        self._action_layout = QVBoxLayout(self.action_rows)
        self._action_layout.setContentsMargins(0, 0, 0, 0)
        self._action_layout.setSpacing(2)
        self._action_layout.addStretch(1)
        self.no_actions = QLabel(_("No actions. Add one for anything the vendor must fix."))
        self._action_layout.insertWidget(0, self.no_actions)
        self.action_scroll = QScrollArea()
        self.action_scroll.setWidgetResizable(True)
        self.action_scroll.setWidget(self.action_rows)
        self.action_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.action_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its rows take the focus
        self.action_scroll.setMinimumHeight(96)
        self.action_scroll.setMaximumHeight(120)
        self.add_action_button = QPushButton(_("A&dd action"))
        self.add_action_button.clicked.connect(lambda: self.add_action())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_action_button)
        buttons.addStretch(1)
        column.addWidget(self.action_scroll)
        column.addLayout(buttons)
        self.actions: list[ActionLine] = []
        box.setFocusProxy(self.add_action_button)
        return box

    def add_action(self, text: str = "", due_on: date | None = None) -> ActionLine:
        number = len(self.actions) + 1
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        line = QLineEdit(text)
        line.setPlaceholderText(_("What must be done"))
        line.setAccessibleName(_("Action {number}").format(number=number))
        due = date_field()
        due.setDate(qdate(due_on or self.reviewed_on.date().toPython() + FIRST_ACTION_DUE))
        due.setAccessibleName(_("Action {number} due on").format(number=number))
        remove = QPushButton(_("Remove"))
        remove.setAccessibleName(_("Remove action {number}").format(number=number))
        row.addWidget(line, 1)
        row.addWidget(QLabel(_("due")))
        row.addWidget(due)
        row.addWidget(remove)
        action = ActionLine(holder, line, due, remove)
        remove.clicked.connect(lambda: self.remove_action(action))
        self._action_layout.insertWidget(len(self.actions), holder)
        self.actions.append(action)
        self.no_actions.setVisible(False)
        self._chain_actions()
        line.setFocus()
        self.action_scroll.ensureWidgetVisible(holder)
        return action

    def remove_action(self, action: ActionLine) -> None:
        index = self.actions.index(action)
        self.actions.remove(action)
        action.holder.deleteLater()
        for number, other in enumerate(self.actions, start=1):
            other.text.setAccessibleName(_("Action {number}").format(number=number))
            other.due_on.setAccessibleName(_("Action {number} due on").format(number=number))
            other.remove.setAccessibleName(_("Remove action {number}").format(number=number))
        self.no_actions.setVisible(not self.actions)
        self._chain_actions()
        if self.actions:
            self.actions[min(index, len(self.actions) - 1)].text.setFocus()
        else:
            self.add_action_button.setFocus()

    def _chain_actions(self) -> None:
        """Rows added later would join the end of the focus chain; keep them where they show."""
        chain: list[QWidget] = [self.outcome_buttons[OUTCOMES[-1][0]]]
        for action in self.actions:
            chain += [action.text, action.due_on, action.remove]
        chain += [self.add_action_button, self.next_due]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- behaviour --------------------------------------------------------------------------

    def _on_reviewed_on_date_changed(self, new: QDate) -> None:
        """Move the next due date along, unless the reviewer already chose another one."""
        suggestion = suggested_next_due(new.toPython(), self._vendor.review_interval_months)
        if self.next_due.date().toPython() == self._suggested:
            self.next_due.setDate(qdate(suggestion))
        self._suggested = suggestion

    def answer(self, key: str, passed: bool, note: str = "") -> None:
        """Tick one checklist question (used by tests and keyboard-free scripting alike)."""
        self.answers[key].button(PASSED if passed else FAILED).setChecked(True)
        self.notes[key].setText(note)

    def checklist_answers(self) -> tuple[ChecklistAnswer, ...]:
        return tuple(
            ChecklistAnswer(key, group.checkedId() == PASSED, self.notes[key].text())
            for key, group in self.answers.items()
            if group.checkedId() in (PASSED, FAILED)
        )

    def chosen_outcome(self) -> str:
        return next((key for key, b in self.outcome_buttons.items() if b.isChecked()), "")

    def review_actions(self) -> tuple[ReviewAction, ...]:
        return tuple(
            ReviewAction(action.text.text(), action.due_on.date().toPython())
            for action in self.actions
        )

    def save(self) -> None:
        """Saved on the database worker; refused, the problems show under their fields
        (the dialog grows to show them)."""
        context, vendor = self._context, self._vendor
        reviewed_on, reviewer = self.reviewed_on.date().toPython(), self.reviewer.text()
        answers, outcome, actions = (
            self.checklist_answers(),
            self.chosen_outcome(),
            self.review_actions(),
        )
        next_due_on, today, now = self.next_due.date().toPython(), context.today(), context.now()
        save_dialog(
            self,
            context,
            lambda store: reviews.record_review(
                store,
                vendor.id,
                reviewed_on=reviewed_on,
                reviewer=reviewer or context.actor,
                answers=answers,
                outcome=outcome,
                actions=actions,
                next_due_on=next_due_on,
                today=today,
                now=now,
            ),
            lambda review: setattr(self, "saved", review),
            changes=Changes(reviews=True),
            message=lambda review: _("Review of {vendor} recorded; next due {date}.").format(
                vendor=vendor.name, date=day_text(review.next_due_on)
            ),
            buttons=self.buttons,
        )

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, vendor: VendorRow) -> ReviewRow | None:
        dialog = cls(context, vendor, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
