"""Issue 14 through the real window: Today asks for the yearly review of the opt-out path;
the coach opens it from there, sees what the app rehearsed and checked, ticks each test
request, and the line goes; nothing of the rehearsal shows anywhere."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from app.domain.enums import Channel
from app.services import clients, notices, optout_review, optouts, practice
from app.ui.dialogs.optout_review_dialog import OptOutReviewDialog
from app.ui.main_window import PAGE_OPTOUTS, MainWindow
from tests.helpers.dialogs import saved, when_modal
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor


def coaching_practice(store) -> None:
    practice.update_practice(
        store, {"email": "hello@riverside.example", "phone": "+44 20 7946 0321"}, actor=ACTOR
    )
    make_sharing(store, make_vendor(store, "TrainLoop", clauses=("optout_handling",)))
    make_sharing(store, make_vendor(store, "Postbird"), "newsletter", ("contact",))
    make_client(store, "Ada", "Lovelace")
    notices.publish_notice(store, "First notice", actor=ACTOR, now=NOW)


def test_the_yearly_review_from_todays_line_to_recorded_leaves_no_rehearsal_behind(
    qtbot, context, preferences, store, settle
):
    coaching_practice(store)
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    settle()
    today = window.today_page
    model = today.optouts
    rows = [
        [model.data(model.index(row, column)) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]
    [row] = [number for number, texts in enumerate(rows) if "Review the opt-out path" in texts]
    seen: list[str] = []
    outcome: list[bool] = []

    def review(dialog: OptOutReviewDialog) -> None:
        assert isinstance(dialog, OptOutReviewDialog)
        checked = dialog.findChild(QLabel, "checked")
        seen.append(checked.text())
        assert list(dialog.channel_rows) == [
            Channel.EMAIL,
            Channel.PHONE,
            Channel.POST,
            Channel.VERBAL_IN_PERSON,
        ]
        for channel in dialog.channel_rows:
            dialog.channel_row(channel).passed_through(date(2026, 11, 18))
        # The phone test was never confirmed back: found, so an action is asked for.
        dialog.channel_row(Channel.PHONE).steps["confirmed"].setChecked(False)
        outcome.append(saved(qtbot, dialog))
        assert "what will be done" in dialog.form.error_text("actions")
        dialog.actions.setPlainText("Call-back script: confirm every phoned opt-out by text")
        outcome.append(saved(qtbot, dialog))

    def review_or_close(dialog) -> None:
        try:
            review(dialog)
        finally:  # an assertion failing inside must not leave the dialog blocking the test
            if dialog.isVisible():
                dialog.reject()

    when_modal(review_or_close)
    today.optout_view.activated.emit(model.index(row, 0))

    assert outcome == [False, True]
    assert window.pages.currentIndex() == PAGE_OPTOUTS
    [shown] = seen
    assert "names every way you offer" in shown
    assert "A rehearsed opt-out of everything gave a task to: Postbird, TrainLoop" in shown
    assert "No opt-out handling clause on file in the contract of: Postbird." in shown
    kept = optout_review.latest_review(store)
    assert kept.outcome == "actions_needed" and kept.next_due_on == date(2027, 11, 20)
    settle()
    texts = [model.data(model.index(r, c)) for r in range(model.rowCount()) for c in range(4)]
    assert "Review the opt-out path" not in texts
    # The rehearsal's client, opt-out and vendor tasks were never kept.
    assert [c.name for c in clients.find_clients(store, "")] == ["Ada Lovelace"]
    assert optouts.list_optouts(store) == []
