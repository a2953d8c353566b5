"""The line an intake dialog shows when the person in front of it asked to be erased: the
email or phone typed, or the sender of an email read, matches a suppression record."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.services import erasure
from app.ui.context import AppContext
from app.ui.text import _


class ErasedNote(QLabel):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._token = 0  # the latest text asked about: an older answer is dropped
        self.setWordWrap(True)
        self.setAccessibleName(_("Erased person"))
        self.setStyleSheet("font-weight: bold")
        self.setVisible(False)

    def check(self, *, typed: str = "", email: str = "") -> None:
        self._token += 1
        token = self._token
        if not (typed.strip() or email.strip()):
            self._show(token, None)
            return
        self._context.run(
            lambda store: erasure.erased_person_warning(store, typed=typed, email=email),
            lambda warning: self._show(token, warning),
            parent=self,
        )

    def _show(self, token: int, warning) -> None:
        if token != self._token:
            return
        self.setText(warning.text(_) if warning is not None else "")
        self.setVisible(warning is not None)
