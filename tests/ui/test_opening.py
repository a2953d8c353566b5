"""The window is shown at once and the practice's file opened behind it (DESIGN.md section 8).

A coach starting the program sees the window while the records open; what needs the records
waits for them, and a file that cannot be opened is explained in words.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.persistence.store import Store
from app.ui.actions import ActionId
from app.ui.application import RecordsOpening
from app.ui.context import AppContext
from app.ui.main_window import NEEDS_RECORDS, PAGE_CLIENTS, PAGE_VENDORS, MainWindow
from app.ui.preferences import Preferences
from app.ui.text import set_language
from app.ui.worker import DatabaseWorker
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor


@pytest.fixture
def unopened(qapp, data_paths):
    """A context whose file is not open yet, as the window has it at start."""
    set_language("en")
    worker = DatabaseWorker()
    context = AppContext(
        None, worker, actor=ACTOR, log_file=data_paths.logs / "x.log", clock=lambda: NOW
    )
    yield context
    worker.stop()
    if context.is_open:
        context.store.close()


def test_before_the_file_is_open_the_window_shows_and_waits_for_it(qtbot, unopened, data_paths):
    with Store.open(data_paths) as store:
        make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
        make_client(store, "Wai", "Ting")
    window = MainWindow(unopened, Preferences(data_paths))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    assert not any(window.actions[action_id].isEnabled() for action_id in NEEDS_RECORDS)
    assert window.actions[ActionId.GO_CLIENTS].isEnabled()
    window.actions[ActionId.GO_CLIENTS].trigger()
    assert isinstance(window.pages.currentWidget(), QLabel)  # "Opening your records…"
    assert window.today_page.summary_label.text() == "Opening your records…"

    with qtbot.waitSignal(window.today_page.loaded, timeout=5000):
        unopened.attach_store(Store.open(data_paths))

    assert all(window.actions[action_id].isEnabled() for action_id in (ActionId.FIND_CLIENT,))
    assert window.pages.currentIndex() == PAGE_CLIENTS
    assert window.pages.currentWidget() is window.clients_page
    assert [row.name for row in window.clients_page.model.rows()] == ["Wai Ting"]
    assert window.vendors_page is window.pages.widget(PAGE_VENDORS)
    assert window.today_page.consents.rowCount() == 1
    assert window.windowTitle().startswith("Privacy Desk — ")


def test_today_is_read_before_the_first_pages_are_built(qtbot, unopened, data_paths):
    """The worker runs one job after another: Today (the page looked at on opening, and
    what "ready" means) goes first; Clients and Vendors are built after it, in the
    background, and their actions work from then on."""
    with Store.open(data_paths) as store:
        make_client(store, "Wai", "Ting")
    window = MainWindow(unopened, Preferences(data_paths))
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    clients_built_when_today_loaded: list[bool] = []
    window.today_page.loaded.connect(
        lambda: clients_built_when_today_loaded.append(
            not isinstance(window.pages.widget(PAGE_CLIENTS), QLabel)
        )
    )

    with qtbot.waitSignal(window.today_page.loaded, timeout=5000):
        unopened.attach_store(Store.open(data_paths))

    assert clients_built_when_today_loaded == [False]
    assert not window.actions[ActionId.NEW_CLIENT].isEnabled()  # its page is not built yet
    qtbot.waitUntil(lambda: not isinstance(window.pages.widget(PAGE_VENDORS), QLabel))
    assert window.actions[ActionId.NEW_CLIENT].isEnabled()
    assert window.actions[ActionId.NEW_VENDOR].isEnabled()
    qtbot.waitUntil(lambda: window.clients_page.model.rowCount() == 1)


def test_the_first_pages_code_brings_no_pdf_library():
    """ReportLab (0.3-0.5 s to import) loads when a document is made, not while the records
    open and the first pages are built."""
    code = (
        "import sys\n"
        "import app.ui.main_window, app.ui.pages.clients, app.ui.pages.vendors\n"
        "import app.services.optouts, app.services.unlocking\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'reportlab', 'pypdfium2'}))\n"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert shown.stdout.strip() == "[]"


def test_the_records_open_on_the_worker_and_reach_the_window(qtbot, unopened, data_paths):
    window = MainWindow(unopened, Preferences(data_paths))
    qtbot.addWidget(window)
    opening = RecordsOpening(window, data_paths, smoke=True)
    with qtbot.waitSignal(unopened.store_opened, timeout=10_000):
        opening.start()
    assert unopened.store.paths == data_paths
    opening.close_store()


def test_a_file_in_use_is_explained_and_the_program_ends(qtbot, unopened, data_paths, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    exits: list[int] = []
    monkeypatch.setattr(QApplication.instance(), "exit", lambda code=0: exits.append(code))
    window = MainWindow(unopened, Preferences(data_paths))
    qtbot.addWidget(window)
    opening = RecordsOpening(window, data_paths, smoke=False)
    another_copy = Store.open(data_paths)
    with another_copy, qtbot.waitSignal(opening.failed, timeout=10_000):
        opening.start()
    assert "in use by another running copy" in shown[0]
    assert exits == [1]
    assert not unopened.is_open


def test_an_unforeseen_error_while_opening_is_explained_with_the_log(
    qtbot, unopened, data_paths, monkeypatch
):
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "critical", staticmethod(lambda _parent, _title, text: shown.append(text))
    )
    monkeypatch.setattr(QApplication.instance(), "exit", lambda code=0: None)

    def broken_disk(_paths):
        raise OSError("input/output error")

    monkeypatch.setattr(Store, "open", staticmethod(broken_disk))
    window = MainWindow(unopened, Preferences(data_paths))
    qtbot.addWidget(window)
    opening = RecordsOpening(window, data_paths, smoke=False)
    with qtbot.waitSignal(opening.failed, timeout=10_000):
        opening.start()
    assert shown == [
        "Privacy Desk could not open your records (OSError). "
        f"The details are in the log file: {data_paths.logs / 'x.log'}"
    ]
    assert not opening.in_progress


def test_closing_while_the_records_open_lets_the_opening_finish_and_frees_the_folder(
    qtbot, unopened, data_paths, monkeypatch
):
    """An upgrade is never cut short; whatever it opened is closed, so a restart is not refused."""
    import time

    real_open = Store.open

    def slow_open(paths):
        time.sleep(0.5)  # a long upgrade
        return real_open(paths)

    monkeypatch.setattr(Store, "open", staticmethod(slow_open))
    window = MainWindow(unopened, Preferences(data_paths))
    qtbot.addWidget(window)
    opening = RecordsOpening(window, data_paths, smoke=True)
    opening.start()
    assert opening.in_progress
    unopened.worker.stop(wait_ms=None)  # what run_window does when the window closes now
    opening.close_store()
    assert not opening.in_progress
    real_open(data_paths).close()  # the folder is free again


def test_opening_the_window_removes_half_copies_a_killed_backup_left(qtbot, unopened, data_paths):
    data_paths.backups.mkdir(exist_ok=True)
    leftover = data_paths.backups / "auto-20261101-090000-000000.sqlite3.partial"
    leftovers = [leftover, leftover.with_name(leftover.name + "-wal")]
    for file in leftovers:
        file.write_bytes(b"a client's health data")
    window = MainWindow(unopened, Preferences(data_paths))
    qtbot.addWidget(window)
    opening = RecordsOpening(window, data_paths, smoke=True)
    with qtbot.waitSignal(unopened.store_opened, timeout=10_000):
        opening.start()
    assert not any(file.exists() for file in leftovers)
    opening.close_store()


def test_the_window_carries_the_programs_icon_at_every_size(qtbot):
    from app.ui.application import program_icon

    icon = program_icon()
    assert not icon.isNull()
    assert sorted(size.width() for size in icon.availableSizes()) == [16, 32, 48, 64, 128, 256]
