"""A complaint through the real window: logged by phone with its topic, on Today with its
due date while open, answered in Complete with the response given, gone from Today, and its
answer letter previewed with the response in it before anything is recorded."""

from __future__ import annotations

from sqlalchemy import select

from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.services import practice, requests
from app.ui.actions import ActionId
from app.ui.dialogs.request_dialogs import CompleteDialog, LogRequestDialog
from app.ui.dialogs.request_letter_dialog import RequestLetterDialog
from app.ui.main_window import PAGE_REQUESTS, MainWindow
from tests.helpers.dialogs import saved, when_modal
from tests.helpers.factories import ACTOR, NOW, make_client
from tests.unit.documents import pdfcheck

RESPONSE = "We have stopped sending your sessions to TrainLoop and apologise for the surprise."


def _recorded(store) -> list[str]:
    with unit_of_work(store.engine) as session:
        return list(session.scalars(select(GeneratedDocument.kind)))


def _fill_and_save(qtbot, kind, fill, outcome: list) -> None:
    def act(dialog) -> None:
        assert isinstance(dialog, kind), dialog
        fill(dialog)
        outcome.append(saved(qtbot, dialog))

    when_modal(act)


def test_a_phone_complaint_is_logged_listed_on_today_answered_and_its_letter_previewed(
    qtbot, context, preferences, store, settle, tmp_path
):
    practice.update_practice(store, {"jurisdictions": ("gdpr",)}, actor=ACTOR, now=NOW)
    ada = make_client(store, "Ada", "Lovelace")
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    settle()

    # Ada phones: she did not know her sessions went to the training app.
    def log(dialog: LogRequestDialog) -> None:
        dialog.search.setText("Ada")
        qtbot.waitUntil(lambda: dialog.selected_client() is not None)
        dialog.kind.setCurrentIndex(dialog.kind.findData("complaint"))
        assert dialog.channel.currentData() == "phone"
        dialog.topic.setText("Sessions shared with TrainLoop")
        dialog.note.setPlainText("Upset that she was not asked")

    outcome: list[bool] = []
    _fill_and_save(qtbot, LogRequestDialog, log, outcome)
    window.actions[ActionId.LOG_REQUEST].trigger()
    assert outcome == [True]
    [row] = requests.list_requests(store)
    assert (row.kind, row.channel, row.topic, row.client_ref) == (
        "complaint", "phone", "Sessions shared with TrainLoop", ada.ref,
    )  # fmt: skip
    assert row.due > NOW.date()  # the practice's promise sets the response's day

    # Today lists it, with its due date, while it is open.
    settle()
    today = window.today_page
    lines = [today.optouts.row_at(n) for n in range(today.optouts.rowCount())]
    assert [(line.kind, line.due) for line in lines] == [("request", row.due)]
    assert "Ada Lovelace" in lines[0].subject
    window.show_page(0)
    today.optout_view.activated.emit(today.optouts.index(0, 0))
    assert window.pages.currentIndex() == PAGE_REQUESTS
    page = window.requests_page
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == row.id)
    shown = page.detail.toPlainText()
    assert "Sessions shared with TrainLoop" in shown and "Upset that she was not asked" in shown
    assert not page.verify_button.isEnabled()  # a complaint needs no identity check
    assert not page.package_button.isEnabled() and not page.erase_button.isEnabled()

    # The response written in Complete: a complaint's dialog asks for it.
    asked: list[bool] = []

    def complete(dialog: CompleteDialog) -> None:
        asked.append(dialog.response.isVisibleTo(dialog))
        dialog.response.setPlainText(RESPONSE)

    _fill_and_save(qtbot, CompleteDialog, complete, outcome)
    page.complete_button.click()
    assert outcome == [True, True] and asked == [True]
    done = requests.get_request(store, row.id)
    assert (done.status, done.outcome, done.response) == ("completed", "done", RESPONSE)

    # Gone from Today and from the open register; the record keeps the response.
    settle()
    assert today.optouts.rowCount() == 0
    assert page.register.rowCount() == 0
    page.filter.setCurrentIndex(1)
    settle()
    assert page.select(row.id)
    assert RESPONSE in page.detail.toPlainText()

    # Its answer letter: previewed, nothing recorded; saved, it carries the response.
    dialog = page.letter()
    assert isinstance(dialog, RequestLetterDialog)
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled(), timeout=10_000)
    assert dialog.chosen() == "answer"
    assert dialog.preview.page_labels and "nothing recorded" in dialog.status.text()
    assert _recorded(store) == []
    task = dialog.save(tmp_path / "answer.pdf")
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    letter = pdfcheck.text_of((tmp_path / "answer.pdf").read_bytes())
    assert "Ada Lovelace" in letter and "stopped sending your sessions" in letter
    assert _recorded(store) == ["request_answer"]
    dialog.close()
