"""Importing clients through the window: the file, its encoding, the mapping, the report,
the import on the database worker with a progress bar, and the undo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QInputDialog

from app.domain.import_mapping import Target
from app.services import clients, importing
from app.ui.dialogs.import_dialog import ImportDialog
from app.ui.main_window import PAGE_CLIENTS, MainWindow
from tests.helpers.dialogs import when_modal

CONTACTS = Path(__file__).parents[2] / "unit" / "domain" / "contacts"


def _dialog(qtbot, context) -> ImportDialog:
    dialog = ImportDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _open(qtbot, dialog: ImportDialog, name: str) -> None:
    dialog.report = None
    dialog.open_file(CONTACTS / name)
    qtbot.waitUntil(lambda: dialog.report is not None)


def test_the_story_a_google_export_imported_through_the_real_window(
    qtbot, context, preferences, store, monkeypatch
):
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    window.show_page(PAGE_CLIENTS)
    threads = []
    real_import = importing.import_clients

    def watched(*args, **kwargs):
        threads.append(QThread.currentThread())
        return real_import(*args, **kwargs)

    monkeypatch.setattr(importing, "import_clients", watched)
    seen: dict[str, object] = {}

    def import_there(dialog: ImportDialog) -> None:
        assert isinstance(dialog, ImportDialog)
        _open(qtbot, dialog, "google-contacts.csv")
        seen["summary"] = dialog.summary.text()
        seen["left out"] = [line.row for line in dialog.left_out.rows()]
        assert not dialog.import_button.isEnabled()  # row 6 has no name: not yet
        dialog.skip_problems.setChecked(True)
        assert dialog.import_button.isEnabled()
        progress = []
        dialog.progress.valueChanged.connect(progress.append)
        dialog.import_button.click()
        qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
        seen["progress"] = progress
        seen["outcome"] = dialog.outcome.text()
        dialog.accept()

    when_modal(import_there)
    window.clients_page.import_button.click()  # returns once the dialog closed
    assert "3 new clients · 1 duplicate · 1 row with problems" in seen["summary"]
    assert seen["left out"] == [5, 6]
    assert seen["progress"] and max(seen["progress"]) == 5  # every row counted
    assert "3 clients imported (import 1)" in seen["outcome"]
    assert threads == [context.worker.thread]  # never the window's own thread
    page = window.clients_page
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)  # the list heard of it
    names = {page.model.row_at(n).name for n in range(3)}
    assert names == {"Anna Smith", "Zoë Brontë", "王伟"}


def test_a_misread_encoding_is_put_right_in_the_dialog_and_the_preview_read_again(qtbot, context):
    dialog = _dialog(qtbot, context)
    _open(qtbot, dialog, "windows-1252.csv")
    family = dialog.preview.index(0, 1)
    assert dialog.preview.data(family) == "Ødegård"
    dialog.report = None
    dialog.encoding.setCurrentIndex(dialog.encoding.findData("cp1250"))
    dialog.encoding.activated.emit(dialog.encoding.currentIndex())
    qtbot.waitUntil(lambda: dialog.report is not None)
    assert dialog.preview.data(dialog.preview.index(0, 1)) == "Řdegĺrd"
    assert "cp1250" in dialog.read_note.text()


def test_a_column_moved_to_another_field_changes_the_report(qtbot, context, store):
    dialog = _dialog(qtbot, context)
    _open(qtbot, dialog, "outlook.csv")
    assert dialog.mapping()[dialog.table.columns.index("E-mail Address")] is Target.EMAIL
    assert len(dialog.report.new) == 2
    for column in ("First Name", "Last Name"):
        dialog.report = None
        dialog.set_target(dialog.table.columns.index(column), Target.IGNORE)
        qtbot.waitUntil(lambda: dialog.report is not None)
    assert len(dialog.report.problems) == 2  # no name any more
    assert not dialog.import_button.isEnabled()


def test_a_file_that_cannot_be_read_says_so_and_offers_no_import(qtbot, context, tmp_path):
    broken = tmp_path / "contacts.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a workbook")
    dialog = _dialog(qtbot, context)
    dialog.open_file(broken)
    qtbot.waitUntil(lambda: "spreadsheet" in dialog.read_note.text())
    assert not dialog.import_button.isEnabled()


def test_an_import_is_undone_from_the_same_dialog(qtbot, context, store, monkeypatch):
    dialog = _dialog(qtbot, context)
    _open(qtbot, dialog, "outlook.csv")
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10_000)
    assert clients.count_clients(store) == 2
    monkeypatch.setattr(
        QInputDialog, "getItem", staticmethod(lambda _p, _t, _l, items, *_a: (items[0], True))
    )
    dialog.choose_undo()
    qtbot.waitUntil(lambda: "undone" in dialog.outcome.text())
    assert "Import 1 undone: 2 clients removed." in dialog.outcome.text()
    assert clients.count_clients(store) == 0
    QApplication.processEvents()
