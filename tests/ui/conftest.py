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
