"""Review the opt-out path (issue 14): a test request through each way offered, what the app
checked on the records (the notice, the vendors' contracts, a rehearsed opt-out), the actions
and the next review."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Channel
from app.domain.optout_review import ChannelTest, next_review_on
from app.services import optout_review
from app.services.optout_review import ReviewDraft, ReviewFacts, ReviewRow
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.forms import FieldForm, date_field, qdate, save_dialog
from app.ui.text import N_, _, day_text

CHANNEL_TEXT = {
    Channel.ONLINE: N_("Online page"),
    Channel.EMAIL: N_("Email"),
    Channel.PHONE: N_("Phone"),
    Channel.POST: N_("Post (the form or a letter)"),
    Channel.VERBAL_IN_PERSON: N_("In person"),
}
STEPS = (
    ("tested", N_("Test request made on")),
    ("arrived", N_("Reached us")),
    ("confirmed", N_("Confirmation sent back")),
)


class ChannelRow:
    """One way of opting out: when the test request was made, and how far it got."""

    def __init__(self, grid: QGridLayout, row: int, channel: Channel, facts_today) -> None:
        self.channel = channel
        name = _(CHANNEL_TEXT[channel])
        grid.addWidget(QLabel(name), row, 0)
        self.tested = QCheckBox()
        self.tested.setObjectName(f"{channel.value}_tested")
        self.tested.setAccessibleName(_("{way}: test request made").format(way=name))
        self.tested_on = date_field(facts_today, latest=facts_today)
        self.tested_on.setAccessibleName(_("{way}: test request made on").format(way=name))
        self.tested_on.setEnabled(False)
        self.tested.toggled.connect(self.tested_on.setEnabled)
        grid.addWidget(self.tested, row, 1)
        grid.addWidget(self.tested_on, row, 2)
        self.steps: dict[str, QCheckBox] = {}
        for column, (key, text) in enumerate(STEPS[1:], start=3):
            box = QCheckBox()
            box.setObjectName(f"{channel.value}_{key}")
            box.setAccessibleName(f"{name}: {_(text)}")
            grid.addWidget(box, row, column)
            self.steps[key] = box

    def passed_through(self, day) -> None:
        """Tick every step (tests and a quick review where every request went through)."""
        self.tested.setChecked(True)
        self.tested_on.setDate(qdate(day))
        for box in self.steps.values():
            box.setChecked(True)

    def test(self) -> ChannelTest:
        tested_on = self.tested_on.date().toPython() if self.tested.isChecked() else None
        return ChannelTest(
            self.channel,
            tested_on,
            arrived=self.steps["arrived"].isChecked(),
            confirmed=self.steps["confirmed"].isChecked(),
        )


class OptOutReviewDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self.saved: ReviewRow | None = None
        self.setWindowTitle(_("Review of the opt-out path"))
        self.setMinimumWidth(760)
        today = context.today()
        self.facts: ReviewFacts = context.fetch(
            lambda store: optout_review.prepare_review(store, now=context.now())
        )
        intro = QLabel(
            _(
                "Make a test request through each way your clients can opt out (email the "
                "practice from a personal address, phone its number, post the form), check that "
                "it reached you and send the sender the confirmation a client would get, then "
                "tick how far each one got. Use yourself or a colleague, never a client, and do "
                "not log it as a request: what logging does is rehearsed below and undone."
            )
        )
        intro.setWordWrap(True)
        self.form = FieldForm()
        self.reviewer = self.form.add_field("reviewer", _("Re&viewer"), QLineEdit())
        self.reviewer.setText(context.actor)
        self.reviewed_on = self.form.add_field("reviewed_on", _("Reviewed &on"), date_field())
        self.reviewed_on.setMaximumDate(qdate(today))
        self.reviewed_on.setDate(qdate(today))
        self.form.add_field("tests", _("&Test requests"), self._tests_box(today))
        self.form.add_field("checked", _("Checked on the records"), self._checked_box())
        self.actions = self.form.add_field("actions", _("&Actions"), QPlainTextEdit())
        self.actions.setPlaceholderText(_("What will be done about anything found, by whom"))
        self.actions.setTabChangesFocus(True)
        self.actions.setMaximumHeight(80)
        self.next_due = self.form.add_field("next_due_on", _("&Next review due"), date_field())
        self.next_due.setDate(qdate(next_review_on(today)))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def _tests_box(self, today) -> QWidget:
        box = QGroupBox()
        grid = QGridLayout(box)
        grid.setVerticalSpacing(2)
        # Columns: the way; the tick and date of its test request; then each later step.
        grid.addWidget(QLabel(_("Way")), 0, 0)
        grid.addWidget(QLabel(_(STEPS[0][1])), 0, 1, 1, 2)
        for column, (_key, text) in enumerate(STEPS[1:], start=3):
            grid.addWidget(QLabel(_(text)), 0, column)
        self.channel_rows = {
            channel: ChannelRow(grid, row, channel, today)
            for row, channel in enumerate(self.facts.offered, start=1)
        }
        grid.setColumnStretch(5, 1)
        box.setFocusProxy(self.channel_rows[self.facts.offered[0]].tested)
        return box

    def _checked_box(self) -> QWidget:
        facts = self.facts
        lines = []
        if facts.notice_channels is None:
            lines.append(_("No notice is published yet: clients are told no way to opt out."))
        else:
            missing = [c for c in facts.offered if c not in facts.notice_channels]
            stale = [c for c in facts.notice_channels if c not in facts.offered]
            if not missing and not stale:
                lines.append(
                    _("The published notice (version {number}) names every way you offer.").format(
                        number=facts.notice_number
                    )
                )
            if missing:
                lines.append(
                    _("The published notice does not name: {ways}. Publish a new version.").format(
                        ways=", ".join(_(CHANNEL_TEXT[c]) for c in missing)
                    )
                )
            if stale:
                stale_text = _("The published notice still names: {ways}, no longer offered.")
                lines.append(stale_text.format(ways=", ".join(_(CHANNEL_TEXT[c]) for c in stale)))
        if facts.reached:
            lines.append(
                _(
                    "A rehearsed opt-out of everything gave a task to: {vendors} (rehearsed on the "
                    "records and undone: nothing was kept)."
                ).format(vendors=", ".join(facts.reached))
            )
        else:
            lines.append(_("No vendor receives data an opt-out stops."))
        if facts.not_reached:
            lines.append(
                _("It did not reach: {vendors}.").format(vendors=", ".join(facts.not_reached))
            )
        if facts.without_clause:
            lines.append(
                _("No opt-out handling clause on file in the contract of: {vendors}.").format(
                    vendors=", ".join(facts.without_clause)
                )
            )
        elif facts.reached:
            lines.append(_("Every one of those contracts has the opt-out handling clause."))
        if facts.last_reviewed_on is not None:
            lines.append(_("Last reviewed {date}.").format(date=day_text(facts.last_reviewed_on)))
        label = QLabel("\n".join(lines))
        label.setObjectName("checked")
        label.setWordWrap(True)
        return label

    def channel_row(self, channel: Channel) -> ChannelRow:
        return self.channel_rows[channel]

    def save(self) -> None:
        context = self._context
        draft = ReviewDraft(
            reviewed_on=self.reviewed_on.date().toPython(),
            reviewer=self.reviewer.text(),
            tests=tuple(row.test() for row in self.channel_rows.values()),
            actions=self.actions.toPlainText(),
            next_due_on=self.next_due.date().toPython(),
        )
        now = context.now()
        save_dialog(
            self,
            context,
            lambda store: optout_review.record_review(store, draft, actor=context.actor, now=now),
            lambda review: setattr(self, "saved", review),
            changes=Changes(reviews=True),
            message=lambda review: _("Opt-out path reviewed; next review due {date}.").format(
                date=day_text(review.next_due_on)
            ),
            buttons=self.buttons,
        )

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext) -> ReviewRow | None:
        dialog = cls(context, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
