"""Settings -> Backups: export for another computer, and restore a backup carried from one
(the other practice's recovery passphrase asked in the passphrase dialog)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.paths import DataPaths
from app.services import backups, clients
from app.services.unlocking import create_practice
from app.ui.dialogs.passphrase_dialog import UnlockDialog
from app.ui.pages.settings import SettingsPage
from tests.helpers.factories import NOW, make_client

OLD_PASSPHRASE = "copper kettle north window"


def make_page(qtbot, context, preferences) -> SettingsPage:
    page = SettingsPage(context, preferences)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not context.worker.busy)
    return page


@pytest.fixture
def carried(tmp_path):
    """A backup exported on the old laptop: another practice, another key."""
    with create_practice(DataPaths(tmp_path / "old-laptop"), OLD_PASSPHRASE) as old:
        make_client(old, "Hester", "Prynne")
        return backups.export_for_another_computer(old, tmp_path / "moving.sqlite3", now=NOW)


def _names(store) -> list[str]:
    return [row.name for row in clients.find_clients(store, "")]


def test_export_asks_the_file_writes_both_and_says_what_to_carry(
    qtbot, context, preferences, store, tmp_path, monkeypatch
):
    page = make_page(qtbot, context, preferences)
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *args, **kwargs: (str(tmp_path / "for the new laptop"), "")),
    )
    page.export_button.click()
    qtbot.waitUntil(lambda: page.export_button.isEnabled() and "Carry" in page.backup_status.text())
    backup = tmp_path / "for the new laptop.sqlite3"  # the suffix restore's dialog lists
    assert backup.is_file() and (tmp_path / "for the new laptop.sqlite3.key").is_file()
    assert page.backup_status.text() == (
        f"Carry both {backup} and for the new laptop.sqlite3.key to the other computer; "
        "restoring them there asks this practice's recovery passphrase."
    )


def test_export_of_a_plain_practice_is_refused_in_words(
    qtbot, context, preferences, store, tmp_path, monkeypatch
):
    page = make_page(qtbot, context, preferences)
    monkeypatch.setattr(store, "key", None)  # as a practice from before encryption is
    told = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *args: told.append(args[2])))
    task = page.export_for_another_computer(tmp_path / "moving.sqlite3")
    qtbot.waitUntil(lambda: task.is_finished() and page.export_button.isEnabled())
    assert told and "encrypt it first" in told[0]
    assert page.backup_status.text() == "The backup for another computer was not made."
    assert list(tmp_path.glob("moving*")) == []


def test_restoring_a_carried_backup_asks_the_other_practices_passphrase_until_it_fits(
    qtbot, context, preferences, store, carried, monkeypatch
):
    make_client(store, "Only", "Here")
    page = make_page(qtbot, context, preferences)
    asked = []
    answers = iter(["not the right one at all", OLD_PASSPHRASE])

    def ask(_parent, problem="", *, title=None, intro=None):
        asked.append((problem, title, intro))
        return next(answers)

    monkeypatch.setattr(UnlockDialog, "ask", staticmethod(ask))
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    with qtbot.waitSignal(page.restore_finished, timeout=20_000):
        assert page.restore_from(str(carried.backup), confirm=True)
    assert _names(store) == ["Hester Prynne"]
    (first, title, intro), (second, _title, _intro) = asked
    assert first == "" and title == "Restore a backup from another computer"
    assert intro.startswith("moving.sqlite3 was made by another practice.")
    assert second == (
        "That recovery passphrase does not open moving.sqlite3.key: it needs the passphrase "
        "of the practice that made the backup."
    )


def test_a_restore_without_confirming_asks_the_passphrase_too(
    qtbot, context, preferences, store, carried, monkeypatch
):
    page = make_page(qtbot, context, preferences)
    monkeypatch.setattr(UnlockDialog, "ask", staticmethod(lambda *a, **k: OLD_PASSPHRASE))
    with qtbot.waitSignal(page.restore_finished, timeout=20_000):
        assert page.restore_from(str(carried.backup), confirm=False)
    assert _names(store) == ["Hester Prynne"]


def test_cancelling_the_passphrase_changes_nothing(
    qtbot, context, preferences, store, carried, monkeypatch
):
    make_client(store, "Only", "Here")
    page = make_page(qtbot, context, preferences)
    monkeypatch.setattr(UnlockDialog, "ask", staticmethod(lambda *a, **k: None))
    assert not page.restore_from(str(carried.backup), confirm=True)
    assert _names(store) == ["Only Here"]


def test_a_carried_backup_without_its_key_file_says_which_file_it_needs(
    qtbot, context, preferences, store, carried, monkeypatch
):
    carried.key_file.unlink()
    page = make_page(qtbot, context, preferences)
    told = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *args: told.append(args[2])))
    assert not page.restore_from(str(carried.backup), confirm=True)
    [message] = told
    assert "needs its key file moving.sqlite3.key beside it" in message
    assert Path(carried.backup).is_file()
