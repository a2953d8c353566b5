"""The Incidents page's "Report for the authority…" and "Letters to clients…": previewed with
nothing recorded, then saved and only then recorded, the window free meanwhile."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.services import incidents
from app.services.incidents import IncidentDraft
from app.ui.pages.incidents import IncidentsPage
from tests.helpers.factories import ACTOR, NOW
from tests.ui.pages.test_incidents import trainloop_with_ada
from tests.unit.documents import pdfcheck


def _recorded(store) -> list[str]:
    with unit_of_work(store.engine) as session:
        return list(session.scalars(select(GeneratedDocument.kind)))


def test_the_report_and_the_letters_are_previewed_then_saved_and_recorded(
    qtbot, context, store, settle, tmp_path
):
    vendor, _ada = trainloop_with_ada(store)
    incidents.log_incident(
        store,
        IncidentDraft(summary="TrainLoop was breached", aware_at=NOW - timedelta(hours=2),
                      vendor_id=vendor.id),
        actor=ACTOR,
        now=NOW,
    )  # fmt: skip
    page = IncidentsPage(context)
    qtbot.addWidget(page)
    settle()
    assert page.report_button.isEnabled() and page.letters_button.isEnabled()

    report = page.documents("incident_report")
    qtbot.addWidget(report)
    qtbot.waitUntil(lambda: len(report.preview.page_labels) >= 1, timeout=10_000)
    # The pages show before the preview's task has ended; a save asked meanwhile is ignored.
    qtbot.waitUntil(lambda: report._task is None, timeout=10_000)
    assert "nothing recorded" in report.status.text()
    assert _recorded(store) == []  # a preview is not a generated document
    target = tmp_path / "report.pdf"
    task = report.save(target)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert "Nature of the breach" in pdfcheck.text_of(target.read_bytes())
    assert _recorded(store) == ["incident_report"]

    letters = page.documents("incident_letter")
    qtbot.addWidget(letters)
    assert letters.one_file_each.isVisibleTo(letters)
    qtbot.waitUntil(lambda: len(letters.preview.page_labels) >= 1, timeout=10_000)
    qtbot.waitUntil(lambda: letters._task is None, timeout=10_000)  # as for the report
    letters.one_file_each.setChecked(True)
    folder = tmp_path / "letters"
    folder.mkdir()
    task = letters.save(folder)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    [written] = list(folder.iterdir())
    assert "Dear Ada Lovelace," in pdfcheck.text_of(written.read_bytes())
    assert sorted(_recorded(store)) == ["incident_letter", "incident_report"]
    assert "recorded as generated documents" in letters.status.text()


def test_the_questions_to_the_vendor_are_offered_only_when_the_incident_has_a_vendor(
    qtbot, context, store, settle, tmp_path
):
    vendor, _ada = trainloop_with_ada(store)
    incidents.log_incident(
        store,
        IncidentDraft(summary="A laptop was stolen", aware_at=NOW - timedelta(hours=3)),
        actor=ACTOR,
        now=NOW,
    )
    page = IncidentsPage(context)
    qtbot.addWidget(page)
    settle()
    assert not page.vendor_button.isEnabled()  # no vendor: nobody to ask
    row = incidents.log_incident(
        store,
        IncidentDraft(summary="TrainLoop was breached", aware_at=NOW - timedelta(hours=2),
                      vendor_id=vendor.id),
        actor=ACTOR,
        now=NOW,
    )  # fmt: skip
    page.open_incident(row.id)
    settle()
    assert page.selected().id == row.id and page.vendor_button.isEnabled()
    note = page.documents("incident_vendor_note")
    qtbot.addWidget(note)
    qtbot.waitUntil(lambda: len(note.preview.page_labels) >= 1, timeout=10_000)
    target = tmp_path / "questions.pdf"
    task = note.save(target)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert "what we need for our report" in pdfcheck.text_of(target.read_bytes())
    assert _recorded(store) == ["incident_vendor_note"]


def test_save_right_after_the_preview_shows_starts_at_once(qtbot, context, store, settle, tmp_path):
    """A person may click Save the moment the preview appears: before the preview's task has
    told it finished. That click must save, not be swallowed (it was: save() returned None)."""
    vendor, _ada = trainloop_with_ada(store)
    row = incidents.log_incident(
        store,
        IncidentDraft(summary="TrainLoop was breached", aware_at=NOW - timedelta(hours=2),
                      vendor_id=vendor.id),
        actor=ACTOR,
        now=NOW,
    )  # fmt: skip
    page = IncidentsPage(context)
    qtbot.addWidget(page)
    settle()
    page.open_incident(row.id)
    settle()
    dialog = page.documents("incident_report")
    qtbot.addWidget(dialog)
    started: list = []
    target = tmp_path / "report.pdf"
    # The preview's task was started by ask(); save from its own `succeeded`, which comes
    # before its `finished`.
    dialog.task.succeeded.connect(lambda _result: started.append(dialog.save(target)))
    qtbot.waitUntil(lambda: bool(started), timeout=10_000)
    [task] = started
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    assert target.exists()
