"""The main window: pages, shortcuts from one registry, remembered layout, smoke start."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from PySide6.QtCore import Qt

from app.services import practice
from app.ui.actions import SPECS, ActionId
from app.ui.main_window import PAGE_CLIENTS, PAGE_OPTOUTS, MainWindow
from app.ui.preferences import Preferences
from tests.helpers.factories import ACTOR, make_client
from tests.helpers.practice import PASSPHRASE


def make_window(qtbot, context, preferences) -> MainWindow:
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    return window


def test_the_window_shows_the_practice_name_and_every_page(qtbot, context, preferences, store):
    practice.update_practice(store, {"name": "A&B Fitness <Studio>"}, actor=ACTOR)
    window = make_window(qtbot, context, preferences)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    qtbot.waitUntil(lambda: window.practice_label.text() != "")
    assert window.windowTitle() == "Privacy Desk — A&B Fitness <Studio>"
    assert window.practice_label.text() == "A&B Fitness <Studio>"
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert titles == [
        "Today",
        "Clients",
        "Vendors",
        "Opt-outs",
        "Requests",
        "Incidents",
        "Documents",
        "Settings",
    ]


def test_every_action_has_a_unique_shortcut_or_none(qtbot, context, preferences):
    window = make_window(qtbot, context, preferences)
    shortcuts = [
        window.actions[action_id].shortcut().toString()
        for action_id in ActionId
        if not window.actions[action_id].shortcut().isEmpty()
    ]
    assert len(shortcuts) == len(set(shortcuts))
    assert set(SPECS) == set(ActionId)


def test_the_find_shortcut_opens_clients_with_the_search_focused(qtbot, context, preferences):
    window = make_window(qtbot, context, preferences)
    window.show()
    qtbot.waitExposed(window)
    window.actions[ActionId.FIND_CLIENT].trigger()
    assert window.pages.currentIndex() == PAGE_CLIENTS
    qtbot.waitUntil(window.clients_page.search.hasFocus)


def test_page_shortcuts_switch_pages(qtbot, context, preferences):
    window = make_window(qtbot, context, preferences)
    window.actions[ActionId.GO_OPTOUTS].trigger()
    assert window.pages.currentIndex() == PAGE_OPTOUTS
    assert window.navigation.currentRow() == PAGE_OPTOUTS


def test_the_window_remembers_its_size_in_the_data_folder(qtbot, context, store):
    first = make_window(qtbot, context, Preferences(store.paths))
    first.resize(900, 650)  # the offscreen screen is 800 x 800
    first.show()
    first.close()
    second = make_window(qtbot, context, Preferences(store.paths))
    assert second.height() == 650
    assert (store.paths.home / "window.ini").exists()


def test_today_opens_a_client_waiting_for_consent(qtbot, context, preferences, store):
    from tests.helpers.factories import make_sharing, make_vendor

    make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    client = make_client(store, "Wai", "Ting")
    window = make_window(qtbot, context, preferences)
    window.today_page.refresh()
    qtbot.waitUntil(lambda: window.today_page.consents.rowCount() == 1)
    view = window.today_page.consent_view
    view.setCurrentIndex(window.today_page.consents.index(0, 0))
    view.activated.emit(window.today_page.consents.index(0, 0))
    assert window.pages.currentIndex() == PAGE_CLIENTS
    qtbot.waitUntil(lambda: window.clients_page.detail.detail is not None)
    assert window.clients_page.detail.detail.row.ref == client.ref


def test_the_client_list_is_sorted_by_name_at_start(qtbot, context, preferences, store):
    make_client(store, "Zed", "Zulu")
    make_client(store, "Abe", "Alpha")
    window = make_window(qtbot, context, preferences)
    qtbot.waitUntil(lambda: window.clients_page.model.rowCount() == 2)
    names = [row.name for row in window.clients_page.model.rows()]
    assert names == ["Abe Alpha", "Zed Zulu"]
    header = window.clients_page.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        1,
        Qt.SortOrder.AscendingOrder,
    )


def run_smoke(folder) -> subprocess.CompletedProcess:
    # A new practice's passphrase from the environment: --smoke answers no dialog.
    return subprocess.run(
        [sys.executable, "-m", "app", "--smoke", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PRIVACY_DESK_PASSPHRASE": PASSPHRASE},
        check=False,
    )


def test_smoke_start_reports_the_first_paint_and_exits_cleanly(tmp_path):
    completed = run_smoke(tmp_path / "practice")
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert 0 < report["shown_s"] <= report["ready_s"] < 30
    # Measured between the first paint and ready, so it is there and no longer than that.
    assert 0 < report["longest_pause_ms"] <= (report["ready_s"] - report["shown_s"]) * 1000 + 1
    assert (tmp_path / "practice" / "privacy-desk.sqlite3").exists()


def test_smoke_start_in_chinese(tmp_path):
    completed = subprocess.run(
        [sys.executable, "-m", "app", "--smoke", "--lang", "zh", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PRIVACY_DESK_PASSPHRASE": PASSPHRASE},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr


def test_a_locked_data_folder_is_reported_in_words_not_a_traceback(store):
    completed = run_smoke(store.paths.home)
    assert completed.returncode == 1
    assert "in use by another running copy" in completed.stderr
    assert "Traceback" not in completed.stderr


def test_today_sends_a_vendor_to_tell_to_the_telling_vendors_tab(
    qtbot, context, preferences, store
):
    from datetime import timedelta

    from app.domain.enums import Channel, ConsentState
    from app.services import optouts
    from app.services.consents import record_consent_answers
    from tests.helpers.factories import NOW, make_sharing, make_vendor

    app = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    client = make_client(store, "Ada", "Lovelace")
    record_consent_answers(
        store,
        client.ref,
        {app.id: ConsentState.GIVEN},
        channel=Channel.EMAIL,
        occurred_at=NOW - timedelta(days=9),
        actor=ACTOR,
        now=NOW - timedelta(days=9),
    )
    optouts.log_optout(
        store,
        client_ref=client.ref,
        channel=Channel.PHONE,
        scope="all",
        received_at=NOW - timedelta(hours=2),
        actor=ACTOR,
        now=NOW,
    )
    window = make_window(qtbot, context, preferences)
    window.today_page.refresh()
    qtbot.waitUntil(lambda: window.today_page.optouts.rowCount() >= 2)
    model = window.today_page.optouts
    kinds = [model.row_at(row).kind for row in range(model.rowCount())]
    window.today_page.optout_view.activated.emit(model.index(kinds.index("vendor_notification"), 0))
    assert window.pages.currentIndex() == PAGE_OPTOUTS
    assert window.optouts_page.tabs.currentIndex() == 1
    window.today_page.optout_view.activated.emit(model.index(kinds.index("optout_request"), 0))
    assert window.optouts_page.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: window.optouts_page.selected_request() is not None)


def test_smoke_reports_an_unforeseen_error_at_once_instead_of_waiting_on_a_dialog(tmp_path):
    not_a_folder = tmp_path / "practice"
    not_a_folder.write_text("a file where the data folder should be")
    completed = subprocess.run(
        [sys.executable, "-m", "app", "--smoke", "--data-dir", str(not_a_folder)],
        capture_output=True,
        text=True,
        timeout=20,  # the smoke run's own guard is 30 s: a dialog would keep it waiting
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert completed.returncode == 1
    assert "error" in json.loads(completed.stderr.strip().splitlines()[-1])


def test_after_a_restore_every_page_shows_the_restored_records(
    qtbot, context, preferences, store, settle
):
    """What was added after the backup is gone from every page, the open client included."""
    from datetime import timedelta

    from app.domain.enums import Channel
    from app.services import backups, notices, optouts
    from app.ui.main_window import PAGE_DOCUMENTS, PAGE_SETTINGS, PAGE_VENDORS
    from tests.helpers.factories import NOW, make_sharing, make_vendor

    make_client(store, "Kept", "Client")
    backup = backups.backup_now(store, store.paths.home / "before.sqlite3", now=NOW)
    later = make_client(store, "Later", "Client")
    make_sharing(store, make_vendor(store, "PulseSync"), "activity_tracking", ("wearable",))
    notices.publish_notice(store, "Wearables added", actor=ACTOR, now=NOW)
    optouts.log_optout(
        store,
        client_ref=later.ref,
        channel=Channel.PHONE,
        scope="all",
        received_at=NOW - timedelta(hours=1),
        actor=ACTOR,
        now=NOW,
    )
    window = make_window(qtbot, context, preferences)
    window.show()
    for number in (PAGE_VENDORS, PAGE_OPTOUTS, PAGE_DOCUMENTS, PAGE_SETTINGS, PAGE_CLIENTS):
        window.show_page(number)
    window.open_client(later.ref)
    clients_page = window.clients_page
    qtbot.waitUntil(lambda: clients_page.detail.detail is not None)
    assert clients_page.detail.detail.row.ref == later.ref
    clients_page.search.clear()  # the whole list, not only the search for Later
    qtbot.waitUntil(lambda: clients_page.model.rowCount() == 2)
    settle()
    assert window.vendors_page.register.rowCount() == 1
    assert window.optouts_page.register.rowCount() == 1

    with qtbot.waitSignal(window.settings_page.restore_finished):
        assert window.settings_page.restore_from(str(backup), confirm=False)
    settle()

    assert clients_page.model.rowCount() == 1
    assert clients_page.model.row_at(0).name == "Kept Client"
    assert clients_page.detail.detail is None  # the backup never had Later
    assert window.vendors_page.register.rowCount() == 0
    assert window.optouts_page.register.rowCount() == 0
    assert "No notice has been published yet" in window.documents_page.version_label.text()
    assert window.today_page.optouts.rowCount() == 0


def test_double_clicking_a_due_review_on_today_opens_that_vendors_review(
    qtbot, context, preferences, store, monkeypatch
):
    from datetime import date

    from PySide6.QtWidgets import QDialog

    from app.ui.dialogs.review_dialog import ReviewDialog
    from app.ui.main_window import PAGE_VENDORS
    from tests.helpers.factories import make_vendor

    make_vendor(store, "Postbird", contract_signed_on=date(2024, 1, 1))
    due = make_vendor(store, "Vaultwise", contract_signed_on=date(2025, 1, 1))
    opened = []

    def look(dialog):
        opened.append(dialog.windowTitle())
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ReviewDialog, "exec", look)
    window = make_window(qtbot, context, preferences)
    window.today_page.refresh()
    qtbot.waitUntil(lambda: window.today_page.reviews.rowCount() == 2)
    model = window.today_page.reviews
    [row] = [n for n in range(model.rowCount()) if model.row_at(n).vendor == "Vaultwise"]
    window.today_page.review_view.activated.emit(model.index(row, 0))
    qtbot.waitUntil(lambda: bool(opened))
    assert opened == ["Review of Vaultwise"]
    assert window.pages.currentIndex() == PAGE_VENDORS
    assert window.vendors_page.vendor.row.id == due.id


def test_the_first_window_fits_a_1366_by_768_screen_with_its_status_bar(
    qtbot, context, preferences
):
    from PySide6.QtCore import QMargins, QPoint, QRect

    window = make_window(qtbot, context, preferences)
    free = QRect(0, 0, 1366, 768 - 40)  # a 40-pixel task bar along the bottom
    window.fit_to(free)
    window.show()
    qtbot.waitExposed(window)
    # Offscreen windows have no frame: add a usual window manager's title bar and borders.
    framed = window.frameGeometry().marginsAdded(QMargins(1, 37, 1, 1))
    assert free.contains(framed)
    bar = window.statusBar()
    assert bar.isVisible()
    bottom_of_bar = bar.mapTo(window, QPoint(0, bar.height())).y()
    assert bottom_of_bar <= window.height()
    assert window.width() >= 1200  # still the roomy default where there is room


def test_today_counts_things_with_the_grammar_of_each_number(qapp):
    from app.ui.pages.today import attention_text
    from app.ui.text import set_language

    assert attention_text(1, 0) == "1 thing needs attention."
    assert attention_text(1, 1) == "1 thing needs attention, and it is overdue."
    assert attention_text(3, 1) == "3 things need attention, 1 of them overdue."
    set_language("zh")
    try:
        assert attention_text(3, 1) == "3项事务需要处理，其中1项已逾期。"
    finally:
        set_language("en")
