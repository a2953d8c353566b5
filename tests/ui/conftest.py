"""Window tests: a real store, a real database worker, a fixed clock."""

from __future__ import annotations

import pytest

from app.ui.context import AppContext
from app.ui.preferences import Preferences
from app.ui.text import set_language
from app.ui.worker import DatabaseWorker
from tests.helpers.factories import ACTOR, NOW


@pytest.fixture
def context(qapp, store):
    set_language("en")
    worker = DatabaseWorker()
    yield AppContext(
        store, worker, actor=ACTOR, log_file=store.paths.logs / "x.log", clock=lambda: NOW
    )
    worker.stop()


@pytest.fixture
def preferences(store):
    return Preferences(store.paths)


class UnexpectedDialog(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_modal_message_boxes(monkeypatch):
    """A message box would wait forever offscreen: fail instead, saying what it said.

    A test that expects one replaces the method again with its own answer.
    """
    from PySide6.QtWidgets import QMessageBox

    def refuse(*args, **_kwargs):
        raise UnexpectedDialog(f"a message box opened: {args[1:]}")

    for name in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse))


@pytest.fixture
def settle(qtbot, context):
    """Wait until the database worker has nothing left to do and its answers are shown.

    A page may ask again on the next turn of the event loop (a refresh after a change), so
    idle must hold once more after the events waiting then have run.
    """
    from PySide6.QtWidgets import QApplication

    def wait(timeout: int = 10_000) -> None:
        for _turn in range(2):
            qtbot.waitUntil(lambda: not context.worker.busy, timeout=timeout)
            QApplication.processEvents()
        qtbot.waitUntil(lambda: not context.worker.busy, timeout=timeout)

    return wait
