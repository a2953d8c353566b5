"""A phoned correction of an email address through the real window: logged, identity
checked, the record corrected in the client dialog opened from the Requests page, the one
vendor that received the email told (Telling vendors), its confirmation recorded, and the
request completed."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QDialog

from app.domain.enums import Channel, ConsentState
from app.services import clients, consents, requests
from app.ui.actions import ActionId
from app.ui.dialogs.correction_dialog import CorrectionDialog
from app.ui.dialogs.request_dialogs import CompleteDialog, LogRequestDialog, VerifyDialog
from app.ui.dialogs.step_dialogs import DateAndNoteDialog
from app.ui.main_window import MainWindow
from tests.helpers.dialogs import saved, when_modal
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor

NEW_EMAIL = "ada.king@example.org"


def fill_and_save(qtbot, kind, fill, outcome: list) -> None:
    def act(dialog) -> None:
        assert isinstance(dialog, kind), dialog
        fill(dialog)
        outcome.append(saved(qtbot, dialog))

    when_modal(act)


def test_a_phoned_email_correction_is_carried_out_and_the_one_vendor_told(
    qtbot, context, preferences, store, settle, monkeypatch
):
    ada = make_client(store, "Ada", "Lovelace", email="ada@example.com")
    mailing = make_sharing(store, make_vendor(store, "MailFox"), "newsletter", ("contact",))
    make_sharing(store, make_vendor(store, "TrainLoop"), categories=("training",))
    consents.record_consent_answers(
        store, ada.ref, {mailing.id: ConsentState.GIVEN}, channel=Channel.VERBAL_IN_PERSON,
        occurred_at=NOW - timedelta(days=9), actor=ACTOR, now=NOW - timedelta(days=9),
    )  # fmt: skip
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    settle()

    # Ada phones: "my email address is wrong".
    def log(dialog: LogRequestDialog) -> None:
        dialog.search.setText("Ada")
        qtbot.waitUntil(lambda: dialog.selected_client() is not None)
        dialog.kind.setCurrentIndex(dialog.kind.findData("correction"))
        dialog.note.setPlainText("New email address")

    outcome: list[bool] = []
    fill_and_save(qtbot, LogRequestDialog, log, outcome)
    window.actions[ActionId.LOG_REQUEST].trigger()
    assert outcome == [True]
    settle()  # the closed dialog's last answers shown before the page is read
    [row] = requests.list_requests(store)
    page = window.requests_page
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == row.id)
    assert page.correct_button.isEnabled()  # says why not until the identity is checked
    fill_and_save(qtbot, VerifyDialog, lambda d: d.method.setText("Called back on file"), outcome)
    page.verify_button.click()
    settle()
    assert "Correct the record" in page.next_step.text()

    # Correct the record: the client dialog opens with her fields; only the email changes.
    prefilled: list[str] = []

    def correct(dialog: CorrectionDialog) -> None:
        prefilled.append(dialog.email.text())
        prefilled.append(dialog.given.text())
        dialog.email.setText(NEW_EMAIL)

    fill_and_save(qtbot, CorrectionDialog, correct, outcome)
    page.correct_button.click()
    settle()
    assert outcome == [True, True, True]
    assert prefilled == ["ada@example.com", "Ada"]
    assert clients.get_client(store, ada.ref).row.email == NEW_EMAIL
    timeline = page.detail.toPlainText()
    assert "Corrected" in timeline and "Email address" in timeline
    assert NEW_EMAIL not in timeline  # the timeline names fields, never values

    # Telling vendors: only MailFox, with the new address, marked sent and confirmed.
    optouts_page = window.optouts_page
    optouts_page.refresh()
    settle()
    telling = optouts_page.telling
    pending = [telling.pending.row_at(n) for n in range(telling.pending.rowCount())]
    assert [p.vendor for p in pending] == ["MailFox"]
    telling.pending_view.selectRow(0)
    settle()
    assert f"Email address: {NEW_EMAIL}" in telling.email_text.toPlainText()
    monkeypatch.setattr(DateAndNoteDialog, "exec", lambda _d: QDialog.DialogCode.Accepted)
    telling.mark_sent()
    settle()
    assert telling.awaiting.rowCount() == 1
    telling.awaiting_view.selectRow(0)
    telling.record_confirmation()
    settle()
    assert telling.awaiting.rowCount() == 0

    # Completed.
    window.open_request(row.id)
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == row.id)
    fill_and_save(qtbot, CompleteDialog, lambda dialog: None, outcome)
    page.complete_button.click()
    settle()
    assert outcome == [True, True, True, True]
    assert requests.get_request(store, row.id).outcome == "done"


def test_correct_the_record_says_why_not_before_the_identity_is_checked(
    qtbot, context, preferences, store, settle, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    ada = make_client(store, "Ada", "Lovelace", email="ada@example.com")
    row = requests.log_request(
        store,
        requests.RequestDraft(
            kind="correction", channel="phone", received_at=NOW, client_ref=ada.ref
        ),
        actor=ACTOR,
        now=NOW,
    )
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    window.open_request(row.id)
    page = window.requests_page
    qtbot.waitUntil(lambda: page.selected() is not None)
    said: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text, *_a: said.append(text))
    )
    assert page.correct_button.isEnabled()
    assert page.correct() is None
    assert said == ["Check the person's identity on the correction request before correcting."]
