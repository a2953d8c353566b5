"""The window shell: it opens on the practice, shows its name and pages, and reports its paint."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from app.services import practice
from app.ui.main_window import MainWindow
from tests.helpers.factories import ACTOR


def test_the_window_shows_the_practice_name_and_switches_pages(qtbot, store):
    practice.update_practice(store, {"name": "A&B Fitness <Studio>"}, actor=ACTOR)
    window = MainWindow(practice.get_practice(store), client_count=1234)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show()
    assert window.windowTitle() == "Privacy Desk — A&B Fitness <Studio>"
    assert window.practice_label.text() == "A&B Fitness <Studio>"
    titles = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert titles == ["Today", "Clients", "Vendors", "Settings"]
    window.navigation.setCurrentRow(1)
    assert window.pages.currentIndex() == 1


def test_smoke_start_reports_the_first_paint_and_exits_cleanly(tmp_path):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    completed = subprocess.run(
        [sys.executable, "-m", "app", "--smoke", "--data-dir", str(tmp_path / "practice")],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    assert 0 < report["shown_s"] < 30
    assert (tmp_path / "practice" / "privacy-desk.sqlite3").exists()


def test_a_locked_data_folder_is_reported_in_words_not_a_traceback(tmp_path, store):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    completed = subprocess.run(
        [sys.executable, "-m", "app", "--smoke", "--data-dir", str(store.paths.home)],
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        check=False,
    )
    assert completed.returncode == 1
    assert "in use by another running copy" in completed.stderr
    assert "Traceback" not in completed.stderr
