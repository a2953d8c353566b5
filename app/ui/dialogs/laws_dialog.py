"""Which laws apply: the rule sets offered ticked as the practice's country suggests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.rulesets import RULE_SETS
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.forms import save_dialog
from app.ui.text import _, error_text

if TYPE_CHECKING:
    from app.services.first_steps import FirstSteps


class LawsDialog(QDialog):
    def __init__(self, context: AppContext, steps: FirstSteps, parent: QWidget | None = None):
        super().__init__(parent)
        from app.domain.first_steps import Step
        from app.ui.pages.first_steps import country_name

        self._context = context
        self.saved: tuple[str, ...] | None = None
        self.setWindowTitle(_("Which laws apply"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        intro = QLabel(
            _(
                "Tick the privacy laws your practice follows. They set how long you have to "
                "answer a request, when consent is needed and what your notice says. Your own "
                "promise to clients always applies as well."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        suggested = set(steps.suggested)
        if suggested:
            hint = _("Suggested for a practice in {country}; check it fits yours.").format(
                country=country_name(steps.country)
            )
        else:
            hint = _("No law is suggested for {country}: tick those your clients' laws ask.")
            hint = hint.format(country=country_name(steps.country))
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        # Until the choice is made, the suggestion is offered ticked beside what is ticked.
        ticked = set(steps.ticked)
        if not steps.done(Step.LAWS):
            ticked |= suggested
        self.boxes: dict[str, QCheckBox] = {}
        for key, rule in RULE_SETS.items():
            text = _(rule.law_name(steps.country))
            if _(rule.title) != text:
                text = _("{law} ({title})").format(law=text, title=_(rule.title))
            if key in suggested:
                text = _("{law} — suggested").format(law=text)
            box = QCheckBox(text)
            box.setObjectName(f"law_{key}")
            box.setChecked(key in ticked)
            layout.addWidget(box)
            self.boxes[key] = box
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addSpacing(6)
        layout.addWidget(self.buttons)

    def chosen(self) -> tuple[str, ...]:
        return tuple(key for key, box in self.boxes.items() if box.isChecked())

    def save(self) -> None:
        from app.services.first_steps import confirm_laws

        keys, actor, now = self.chosen(), self._context.actor, self._context.now()
        save_dialog(
            self,
            self._context,
            lambda store: confirm_laws(store, keys, actor=actor, now=now),
            lambda chosen: setattr(self, "saved", chosen),
            changes=Changes(practice=True),
            message=_("The laws that apply are saved."),
            buttons=self.buttons,
            refused=lambda error: QMessageBox.warning(self, self.windowTitle(), error_text(error)),
        )

    @classmethod
    def ask(
        cls, parent: QWidget, context: AppContext, steps: FirstSteps | None
    ) -> tuple[str, ...] | None:
        if steps is None:
            return None
        dialog = cls(context, steps, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
