"""The practice's own records in the window: "Record of processing…" on the Documents page
(PDF, CSV or XLSX) and "Response plan…" on the Incidents page, previewed with nothing
recorded, then saved and only then recorded; the vendor a contract gap names opens from
Today."""

from __future__ import annotations

import io

from python_calamine import CalamineWorkbook
from sqlalchemy import select

from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.services import due, places
from app.ui.pages.documents import DocumentsPage
from app.ui.pages.incidents import IncidentsPage
from tests.helpers.factories import TODAY
from tests.unit.documents import pdfcheck
from tests.unit.services.test_practice_records import a_register


def _recorded(store) -> list[str]:
    with unit_of_work(store.engine) as session:
        return list(session.scalars(select(GeneratedDocument.file_name)))


def test_the_record_of_processing_is_previewed_then_saved_in_the_format_chosen(
    qtbot, context, store, settle, tmp_path
):
    a_register(store)
    page = DocumentsPage(context)
    qtbot.addWidget(page)
    settle()
    dialog = page.record_of_processing()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: len(dialog.preview.page_labels) >= 1 and not dialog.busy,
                    timeout=20_000)  # fmt: skip
    assert "nothing recorded" in dialog.status.text()
    assert _recorded(store) == []
    dialog.language.setCurrentIndex(dialog.language.findData("zh"))  # laid out again
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    qtbot.waitUntil(lambda: not dialog.busy, timeout=20_000)
    assert dialog.format.isVisibleTo(dialog) and dialog.format.count() == 3

    dialog.format.setCurrentIndex(dialog.format.findData("xlsx"))
    task = dialog.save(tmp_path / "record")  # the suffix of the format chosen is added
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    book = CalamineWorkbook.from_filelike(io.BytesIO((tmp_path / "record.xlsx").read_bytes()))
    flags = {row[0]: row[-1] for row in book.get_sheet_by_index(1).to_python()[1:]}
    assert flags["Postbird"] == "contract lacks the breach-notice clause"
    assert _recorded(store) == ["record-of-processing-en.xlsx"]
    assert "record.xlsx" in dialog.status.text()


def test_the_response_plan_opens_from_the_incidents_page_and_names_the_backup_folder(
    qtbot, context, store, settle, tmp_path, preferences
):
    a_register(store)
    preferences.backup_folder = tmp_path / "Offsite backups"
    page = IncidentsPage(context, preferences=preferences)
    qtbot.addWidget(page)
    settle()
    dialog = page.response_plan()
    qtbot.addWidget(dialog)
    assert not dialog.format.isVisibleTo(dialog)  # a PDF only
    qtbot.waitUntil(lambda: len(dialog.preview.page_labels) >= 1 and not dialog.busy,
                    timeout=20_000)  # fmt: skip
    task = dialog.save(tmp_path / "plan.pdf")
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    text = pdfcheck.text_of((tmp_path / "plan.pdf").read_bytes())
    assert "Incident response plan" in text and "Offsite backups" in text
    assert _recorded(store) == ["incident-response-plan-en.pdf"]


def test_a_contract_gap_on_today_opens_the_vendor(store):
    _trainloop, postbird, _vaultwise = a_register(store)
    [line] = [item for item in due.due_items(store, TODAY) if item.kind == "vendor_compliance"]
    assert line.opens == places.Opens(places.VENDOR, postbird.id)


def test_save_right_after_the_preview_shows_starts_at_once(qtbot, context, store, tmp_path):
    a_register(store)
    page = DocumentsPage(context)
    qtbot.addWidget(page)
    dialog = page.record_of_processing()
    qtbot.addWidget(dialog)
    started: list = []
    target = tmp_path / "record.pdf"
    dialog.task.succeeded.connect(lambda _result: started.append(dialog.save(target)))
    qtbot.waitUntil(lambda: bool(started), timeout=20_000)
    [task] = started
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert target.read_bytes().startswith(b"%PDF")
