"""Pausing a client's sharings for a restriction or objection request, and lifting the
pauses with the reason the client is sent. Each dialog saves through the database worker and
stays open on a refusal; neither writes a consent answer (a pause is not a withdrawal)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.services import requests
from app.services.rows import PauseRow, RequestRow, SharingRow
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.forms import FieldForm, save_dialog
from app.ui.text import _, moment_text, purpose_text

# A pause changes the request, the vendors' do-not-share lists and the client's page.
CHANGED = Changes(requests=True, consents=True, clients=True)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class _PauseChoice(QDialog):
    """A tick per sharing, a rule above, Save and Cancel."""

    def __init__(
        self, context: AppContext, parent: QWidget | None, row: RequestRow, title: str
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._row = row
        self.result_: RequestRow | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(540)
        self.form = FieldForm()
        self.ticks: dict[int, QCheckBox] = {}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _add_ticks(self, label: str, choices: Sequence[tuple[int, str]]) -> None:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        for sharing_id, text in choices:
            tick = QCheckBox(text)
            tick.setChecked(True)
            column.addWidget(tick)
            self.ticks[sharing_id] = tick
        self.form.add_field("sharings", label, box)

    def _lay_out(self, rule: str) -> None:
        layout = QVBoxLayout(self)
        layout.addWidget(_hint(rule))
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def chosen(self) -> list[int]:
        return [sharing_id for sharing_id, tick in self.ticks.items() if tick.isChecked()]

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

    def save(self) -> None:
        raise NotImplementedError


class PauseDialog(_PauseChoice):
    """Which of the client's current sharings the restriction or objection pauses."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None,
        row: RequestRow,
        sharings: Sequence[SharingRow],
    ) -> None:
        super().__init__(context, parent, row, _("Pause sharings"))
        self._add_ticks(
            _("&Sharings"),
            [(sharing.id, f"{sharing.vendor} — {purpose_text(sharing)}") for sharing in sharings],
        )
        self._lay_out(
            _(
                "From now on no new data about {client} goes to the vendors ticked, until you "
                "lift the pause. Their consent answers stay as they are: a pause is not a "
                "withdrawal."
            ).format(client=row.who)
        )

    def save(self) -> None:
        chosen, request_id = self.chosen(), self._row.id
        actor, now = self._context.actor, self._context.now()
        self._submit(
            lambda store: requests.pause_sharings(
                store, request_id, sharing_ids=chosen, actor=actor, now=now
            ),
            _("Sharings paused."),
        )

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, row: RequestRow) -> RequestRow | None:
        now = context.now()
        sharings = context.fetch(lambda store: requests.pausable_sharings(store, row.id, now=now))
        if not sharings:
            context.status_message.emit(
                _("Every current sharing of this client is already paused for this request.")
            )
            return None
        dialog = cls(context, parent, row, sharings)
        dialog.exec()
        return dialog.result_


def _pause_text(pause: PauseRow) -> str:
    return _("{vendor} — {purpose}, paused {when}").format(
        vendor=pause.vendor, purpose=purpose_text(pause), when=moment_text(pause.paused_at)
    )


class LiftDialog(_PauseChoice):
    """Lift the pauses ticked, with the reason the client is sent (told before it is lifted)."""

    def __init__(self, context: AppContext, parent: QWidget | None, row: RequestRow) -> None:
        super().__init__(context, parent, row, _("Lift the pause"))
        self._add_ticks(
            _("&Pauses"), [(pause.sharing_id, _pause_text(pause)) for pause in row.pauses_on]
        )
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(100)
        self.form.add_field("lift_reason", _("&Reason the client is sent"), self.reason)
        self._lay_out(
            _(
                "Tell the client before the pause is lifted, with the reason (accuracy "
                "verified; objection weighed and declined, and why). Data goes to these "
                "vendors again from now."
            )
        )

    def save(self) -> None:
        chosen, reason, request_id = self.chosen(), self.reason.toPlainText(), self._row.id
        actor, now = self._context.actor, self._context.now()
        self._submit(
            lambda store: requests.lift_pauses(
                store, request_id, reason=reason, sharing_ids=chosen, actor=actor, now=now
            ),
            _("Pause lifted."),
        )

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, row: RequestRow) -> RequestRow | None:
        if not row.pauses_on:
            return None
        dialog = cls(context, parent, row)
        dialog.exec()
        return dialog.result_
