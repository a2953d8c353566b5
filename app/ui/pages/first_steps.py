"""The first-start guide: the steps from an empty practice to a published notice and a first
client, each done or not as the records say (app/services/first_steps.py), at the top of
Today until every one is done.

Each step's button says where it leads as an `Opens(FIRST_STEP, step)`, routed like Today's
lines by the window's openers (`open_first_step` below does the leading). Another feature
offers its own way through a step with `offer` (importing clients beside "Add a client").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from babel import Locale
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.places import Opens  # light: no database library comes with it
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.text import N_, _, language

if TYPE_CHECKING:  # the rule sets and the services load on the worker, after the first paint
    from app.services.first_steps import FirstSteps

# Where a step's button leads (key: the step, "profile" ... "client").
FIRST_STEP = "first_step"
# Every kind of record a step is judged on.
SHOWN = Changes(practice=True, vendors=True, sharings=True, notices=True, clients=True)
DONE_COLOUR = "#1b7f3b"

# Keyed by the values of app.domain.first_steps.Step, which loads with the rule sets.
STEP_TEXT: dict[str, tuple[str, str, str]] = {
    "profile": (
        N_("Your practice"),
        N_(
            "Its name, address and how clients reach you: every notice and letter is headed "
            "with them."
        ),
        N_("Fill in the profile"),
    ),
    "laws": (
        N_("Which laws apply"),
        N_("The privacy laws your practice follows set its deadlines and what the notice says."),
        N_("Choose the laws…"),
    ),
    "vendors": (
        N_("Vendors"),
        N_(
            "The services that receive client data: a training app, booking, payments, a "
            "newsletter. Start from a template and name the company."
        ),
        N_("Add a vendor…"),
    ),
    "sharings": (
        N_("What is shared with each"),
        N_("For every vendor, which client data it receives and why it needs it."),
        N_("Say what is shared…"),
    ),
    "notice": (
        N_("Publish the first notice"),
        N_("The privacy notice your clients receive, written from the steps above."),
        N_("Publish the notice…"),
    ),
    "client": (
        N_("Your first client"),
        N_("Add a client, then print their notice and consent form."),
        N_("Add a client…"),
    ),
}


def country_name(code: str) -> str:
    names = Locale.parse("zh_Hans" if language() == "zh" else "en").territories
    return names.get(code, code)


def laws_text(steps: FirstSteps) -> str:
    """The laws suggested for the practice's country, and those ticked now."""
    from app.domain.rulesets import RULE_SETS

    def names(keys) -> str:
        return _(", ").join(
            _(RULE_SETS[key].law_name(steps.country)) for key in keys if key in RULE_SETS
        )

    parts = []
    if steps.suggested:
        parts.append(
            _("Suggested for {country}: {laws}.").format(
                country=country_name(steps.country), laws=names(steps.suggested)
            )
        )
    ticked = names(steps.ticked)
    parts.append(
        _("Ticked now: {laws}.").format(laws=ticked)
        if ticked
        else _("None ticked: only the practice's own promise applies.")
    )
    return " ".join(parts)


class StepRow:
    """One step's line: its mark, its words and its buttons."""

    def __init__(self, grid: QGridLayout, row: int, step: str, emit: Callable[[Opens], None]):
        title, text, action = STEP_TEXT[step]
        self.step = step
        self.mark = QLabel()
        self.mark.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.mark.setFixedWidth(28)
        self.title = QLabel(_(title))
        self.text = QLabel(_(text))
        self.text.setWordWrap(True)
        self.extra = QLabel()  # what the records say (the laws suggested)
        self.extra.setWordWrap(True)
        self.extra.hide()
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.title)
        words.addWidget(self.text)
        words.addWidget(self.extra)
        self.button = QPushButton(_(action))
        self.button.setObjectName(f"first_step_{step}")
        self.button.clicked.connect(lambda: emit(Opens(FIRST_STEP, step)))
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.button)
        grid.addWidget(self.mark, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(words, row, 1)
        grid.addLayout(self.buttons, row, 2, Qt.AlignmentFlag.AlignTop)
        self.done = False

    def show_state(self, number: int, done: bool, is_next: bool) -> None:
        self.done = done
        if done:
            self.mark.setText("✓")
            self.mark.setStyleSheet(f"color: {DONE_COLOUR}; font-weight: bold; font-size: 16px")
            self.mark.setAccessibleName(_("Done"))
        else:
            self.mark.setText(str(number))
            self.mark.setStyleSheet("font-weight: bold")
            self.mark.setAccessibleName(_("Not done yet"))
        # A step done keeps its line and its button, not its explanation: the guide shrinks
        # as the practice fills in.
        self.text.setVisible(not done)
        self.extra.setVisible(bool(self.extra.text()))  # what is ticked: worth seeing
        weight = "normal" if done else "bold"
        self.title.setStyleSheet(f"font-weight: {weight}")
        self.button.setDefault(is_next)
        self.button.setAutoDefault(is_next)


class FirstStepsPanel(QFrame):
    """Shown while a step is not done; hidden once the guide is complete."""

    open_requested = Signal(object)  # an Opens
    loaded = Signal()  # the steps show what is on record now

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.steps: FirstSteps | None = None
        self._pending = False
        self.setObjectName("first_steps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#first_steps { border: 1px solid palette(mid); border-radius: 6px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        top = QHBoxLayout()
        self.heading = QLabel("<h3>" + _("Getting started") + "</h3>")
        top.addWidget(self.heading)
        top.addStretch(1)
        self.progress = QLabel()
        top.addWidget(self.progress)
        layout.addLayout(top)
        intro = QLabel(
            _(
                "Six steps take you from an empty practice to a published privacy notice and "
                "your first client. Each button opens the page that does it; come back to any "
                "step later."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        self.rows = {
            step: StepRow(grid, number, step, self.open_requested.emit)
            for number, step in enumerate(STEP_TEXT)
        }
        layout.addLayout(grid)
        self.hide()  # until the records say a step is left
        context.subscribe(self, SHOWN, lambda _changes: self.refresh())

    @property
    def complete(self) -> bool:
        return self.steps is not None and self.steps.complete

    def offer(self, step: str, text: str, opens: Opens) -> QPushButton:
        """Another way through `step` (a button beside its own), leading to `opens`."""
        button = QPushButton(text)
        button.clicked.connect(lambda: self.open_requested.emit(opens))
        row = self.rows[step]
        row.buttons.insertWidget(row.buttons.count() - 1, button)
        return button

    def refresh(self) -> None:
        """Read the steps again on the next turn of the event loop: Today's refresh and a
        change that both ask in one turn cost one read."""
        if self._context.is_open and not self._pending:
            self._pending = True
            QTimer.singleShot(0, self._load)

    def _load(self) -> None:
        self._pending = False
        today = self._context.today()

        def read(store):
            from app.services.first_steps import first_steps

            return first_steps(store, today=today)

        self._context.run(
            read, self._show, on_error=lambda error: self._context.show_error(error, self)
        )

    def _show(self, steps: FirstSteps) -> None:
        self.steps = steps
        states = {str(state.step): state.done for state in steps.steps}
        self.rows["laws"].extra.setText(laws_text(steps))
        upcoming = next((step for step in self.rows if not states.get(step, False)), None)
        for number, (step, row) in enumerate(self.rows.items(), start=1):
            row.show_state(number, states.get(step, False), step == upcoming)
        done = sum(states.values())
        self.progress.setText(_("{done} of {total} done").format(done=done, total=len(self.rows)))
        self.setVisible(not steps.complete)
        self.loaded.emit()


def open_first_step(window, step: str) -> None:
    """Lead to the page or dialog that does `step` (the window's opener for FIRST_STEP)."""
    from app.ui.actions import ActionId

    steps = window.today_page.first_steps.steps
    if step == "profile":
        window.show_settings_profile()
    elif step == "laws":
        from app.ui.dialogs.laws_dialog import LawsDialog

        LawsDialog.ask(window, window.context, steps)
    elif step == "vendors":
        window.actions[ActionId.NEW_VENDOR].trigger()
    elif step == "sharings":
        # The first vendor that receives nothing, with the dialog saying what it receives.
        window.add_sharing_for(steps.vendor_without_sharing if steps is not None else None)
    elif step == "notice":
        window.publish_notice()
    elif step == "client":
        window.actions[ActionId.NEW_CLIENT].trigger()
