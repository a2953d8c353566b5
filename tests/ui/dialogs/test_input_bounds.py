"""The window's dialogs refuse what the command line refuses, under the field concerned:
both reach the same domain rules through the same services."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.services import clients, notices, optouts
from app.ui.dialogs.client_dialog import ClientDialog
from app.ui.dialogs.optout_dialog import LogOptOutDialog
from app.ui.pages.documents import PublishDialog
from tests.helpers.factories import NOW

ESCAPE = "\x1b[31mMr Red\x1b[0m"


def test_a_name_of_zero_width_spaces_is_refused_under_its_field(qtbot, context, store):
    dialog = ClientDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.given.setText("\u200b\u200b")
    dialog.family.setText("Lovelace")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: "invisible" in dialog.form.error_text("given_name"))
    assert dialog.saved is None and clients.count_clients(store) == 0


def test_an_escape_sequence_in_the_callers_details_is_refused_in_words(
    qtbot, context, store, monkeypatch
):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    dialog = LogOptOutDialog(context)
    qtbot.addWidget(dialog)
    dialog.unmatched.setChecked(True)  # a caller not found in the list
    dialog.caller_details.setText(ESCAPE)
    dialog.record()
    qtbot.waitUntil(lambda: bool(said))  # the caller's details sit beside the list, not a form
    assert "caller details contains an invisible control character (U+001B)" in said[0]
    assert dialog.result_ is None
    assert optouts.list_optouts(store, open_only=False, now=NOW) == []


def test_the_received_field_goes_back_no_further_than_requests_are_kept(qtbot, context):
    dialog = LogOptOutDialog(context)
    qtbot.addWidget(dialog)
    dialog.received.setDate(QDate(1, 1, 1))
    earliest = dialog.received.date().toPython()
    assert NOW.date() - timedelta(days=2 * 366) <= earliest <= NOW.date() - timedelta(days=700)


def test_a_notice_effective_in_9999_is_refused_under_the_date(qtbot, context, store):
    dialog = PublishDialog(context, (), NOW.date())
    qtbot.addWidget(dialog)
    dialog.summary.setText("A new vendor")
    dialog.effective.setDate(QDate(9999, 12, 31))
    dialog.publish()
    qtbot.waitUntil(lambda: "a year ahead" in dialog.form.error_text("effective"))
    assert dialog.published is None
    assert notices.list_notice_versions(store) == []


def test_an_escape_sequence_in_the_summary_is_refused_under_it(qtbot, context, store):
    dialog = PublishDialog(context, (), NOW.date())
    qtbot.addWidget(dialog)
    dialog.summary.setText(ESCAPE)
    dialog.effective.setDate(QDate(date(2026, 12, 1)))
    dialog.publish()
    qtbot.waitUntil(lambda: "control character" in dialog.form.error_text("summary"))
    assert dialog.published is None
