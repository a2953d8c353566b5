"""Driving modal dialogs in window tests: act once the dialog is up, never let it block."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def when_modal(act: Callable[[QWidget], None]) -> None:
    """Call `act(dialog)` as soon as a modal dialog is open.

    A dialog may read what it needs on the database worker before it opens (the window
    answering meanwhile), so the first turn of the event loop can come before it is up.
    """

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(5, look)
        else:
            act(dialog)

    QTimer.singleShot(0, look)


def saved(qtbot, dialog) -> bool:
    """Save the dialog (its `save()`), wait for the database worker's answer: whether it was
    saved (the dialog accepted) rather than refused (it stays, showing why)."""
    from PySide6.QtWidgets import QDialog

    dialog.setResult(0)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled())
    return dialog.result() == QDialog.DialogCode.Accepted
