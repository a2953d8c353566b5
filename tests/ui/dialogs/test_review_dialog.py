"""A vendor review: the checklist, the outcome, actions with due dates, the next review."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from app.ui.dialogs.review_dialog import ReviewDialog
from tests.helpers.factories import ACTOR, TODAY, make_vendor


def test_the_next_due_date_follows_the_review_date_until_chosen_by_hand(qtbot, context, store):
    row = make_vendor(store, "TrainLoop", review_interval_months=12)
    dialog = ReviewDialog(context, row)
    qtbot.addWidget(dialog)
    assert dialog.reviewer.text() == ACTOR
    assert dialog.reviewed_on.maximumDate().toPython() == TODAY

    dialog.reviewed_on.setDate(QDate(2026, 3, 31))
    assert dialog.next_due.date().toPython() == date(2027, 3, 31)
    dialog.next_due.setDate(QDate(2027, 1, 15))
    dialog.reviewed_on.setDate(QDate(2026, 4, 30))
    assert dialog.next_due.date().toPython() == date(2027, 1, 15)


def test_removing_an_action_row_keeps_the_others_in_tab_order(qtbot, context, store):
    dialog = ReviewDialog(context, make_vendor(store, "TrainLoop"))
    qtbot.addWidget(dialog)
    first, second, third = (dialog.add_action(f"action {n}") for n in (1, 2, 3))
    dialog.remove_action(second)

    assert [action.text.text() for action in dialog.actions] == ["action 1", "action 3"]
    assert first.remove.nextInFocusChain() is third.text
    assert third.remove.nextInFocusChain() is dialog.add_action_button
    assert third.text.accessibleName() == "Action 2"


def test_a_review_is_by_the_privacy_contact_and_starts_from_the_clauses_on_file(
    qtbot, context, store
):
    from app.services import practice

    practice.update_practice(store, {"privacy_contact": "Jordan Hale, owner"}, actor=ACTOR)
    row = make_vendor(store, "TrainLoop", clauses=("optout_handling", "deletion_at_end"))
    dialog = ReviewDialog(context, row)
    qtbot.addWidget(dialog)
    assert dialog.reviewer.text() == "Jordan Hale, owner"  # not the computer's account
    answered = {answer.key: answer.passed for answer in dialog.checklist_answers()}
    assert answered == {
        "clause_responsibility": False,
        "clause_optout": True,
        "clause_breach": False,
        "clause_deletion": True,
    }  # the security questions are left for the reviewer
