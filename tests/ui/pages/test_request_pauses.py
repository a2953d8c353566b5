"""A client objects by post to the newsletter, through the real window: the request logged,
the identity checked, the newsletter paused (TrainLoop not), MailJet's do-not-share list shows
the client "paused" (window, CSV and print lines), the client page says so, the objection is
weighed and declined, the pause lifted with its reason, and the request completed."""

from __future__ import annotations

from datetime import timedelta

from app.domain.enums import Channel, ConsentState
from app.services import practice, requests
from app.services.consents import record_consent_answers
from app.ui.actions import ActionId
from app.ui.dialogs.pause_dialogs import LiftDialog, PauseDialog
from app.ui.dialogs.request_dialogs import CompleteDialog, LogRequestDialog, VerifyDialog
from app.ui.main_window import PAGE_REQUESTS, MainWindow
from app.ui.pages.vendors import DO_NOT_SHARE_TAB
from tests.helpers.dialogs import saved, when_modal
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.ui.pages.test_vendors import cell


def _fill_and_save(qtbot, kind, fill, outcome: list) -> None:
    def act(dialog) -> None:
        assert isinstance(dialog, kind), dialog
        fill(dialog)
        outcome.append(saved(qtbot, dialog))
        if dialog.isVisible():  # refused: what it says under the reason, then closed
            outcome.append(dialog.form.error_text("outcome_reason"))
            dialog.reject()

    when_modal(act)


def test_an_objection_by_post_pauses_the_newsletter_until_it_is_weighed_and_lifted(
    qtbot, context, preferences, store, settle
):
    practice.update_practice(store, {"jurisdictions": ("gdpr",)}, actor=ACTOR, now=NOW)
    mailjet = make_vendor(store, "MailJet")
    letters = make_sharing(store, mailjet, "newsletter", ("contact",))
    training = make_sharing(store, make_vendor(store, "TrainLoop"))
    zoe = make_client(store, "Zoë", "Brontë")
    record_consent_answers(
        store, zoe.ref, {letters.id: ConsentState.GIVEN, training.id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON, occurred_at=NOW - timedelta(days=30), actor=ACTOR,
        now=NOW - timedelta(days=30),
    )  # fmt: skip
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    settle()
    page = window.requests_page
    outcome: list = []

    # Zoë's letter: "I object to your newsletter."
    def log(dialog: LogRequestDialog) -> None:
        dialog.search.setText("Zoë")
        qtbot.waitUntil(lambda: dialog.selected_client() is not None)
        dialog.kind.setCurrentIndex(dialog.kind.findData("objection"))
        dialog.channel.setCurrentIndex(dialog.channel.findData("post"))
        dialog.note.setPlainText("Letter: objects to the newsletter")

    _fill_and_save(qtbot, LogRequestDialog, log, outcome)
    window.actions[ActionId.LOG_REQUEST].trigger()  # the menu's Log request…
    assert outcome == [True]
    assert window.pages.currentIndex() == PAGE_REQUESTS
    [row] = requests.list_requests(store)
    assert (row.kind, row.channel, row.client_ref) == ("objection", "post", zoe.ref)
    settle()
    qtbot.waitUntil(lambda: page.selected() is not None)
    assert page.pause_button.isVisible() and not page.pause_button.isEnabled()

    def verify(dialog: VerifyDialog) -> None:
        dialog.method.setText("Signature matches the consent form")

    _fill_and_save(qtbot, VerifyDialog, verify, outcome)
    page.verify_button.click()
    settle()
    assert page.pause_button.isEnabled() and not page.lift_button.isEnabled()
    assert "Pause the sharings the client named" in page.next_step.text()

    # Only the newsletter is paused: TrainLoop goes on.
    def pause(dialog: PauseDialog) -> None:
        assert set(dialog.ticks) == {letters.id, training.id}
        dialog.ticks[training.id].setChecked(False)

    _fill_and_save(qtbot, PauseDialog, pause, outcome)
    page.pause_button.click()
    assert outcome == [True, True, True]
    [paused] = requests.get_request(store, row.id).pauses
    assert (paused.sharing_id, paused.is_on) == (letters.id, True)
    settle()
    assert "Paused" in page.detail.toPlainText() and "MailJet" in page.detail.toPlainText()
    assert page.lift_button.isEnabled()

    # MailJet's do-not-share list shows Zoë paused, since today; the CSV and print lines too.
    window.open_vendor(mailjet.id)
    vendors_page = window.vendors_page
    qtbot.waitUntil(lambda: vendors_page.vendor is not None)
    vendors_page.tabs.setCurrentIndex(DO_NOT_SHARE_TAB)
    dns = vendors_page.dns
    qtbot.waitUntil(lambda: dns.model.rowCount() == 1)
    assert cell(dns.model, 0, "Name") == "Zoë Brontë"
    assert cell(dns.model, 0, "Answer") == f"Paused (request {row.id})"
    assert cell(dns.model, 0, "Since") != ""
    [line] = dns._lines(dns.model.rows())  # what the CSV export and the printout write
    assert f"Paused (request {row.id})" in line
    assert "paused by the client's request" in dns.status.text()

    # Zoë's page: the answer stays "Given" and says the sharing is paused.
    window.open_client(zoe.ref)
    detail = window.clients_page.detail
    qtbot.waitUntil(lambda: detail.consents.rowCount() == 2)
    answers = {
        cell(detail.consents, n, "Vendor"): cell(detail.consents, n, "Current answer")
        for n in range(2)
    }
    assert answers == {"MailJet": f"Given; paused (request {row.id})", "TrainLoop": "Given"}

    # Completing while paused asks why the pause stays; the objection is weighed instead.
    window.open_request(row.id)
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == row.id)
    _fill_and_save(qtbot, CompleteDialog, lambda dialog: None, outcome)
    page.complete_button.click()
    assert outcome[3] is False
    assert "stay paused: say why" in outcome[4]

    def lift(dialog: LiftDialog) -> None:
        assert set(dialog.ticks) == {letters.id}
        dialog.reason.setPlainText(
            "Objection weighed and declined: the newsletter is only what you signed up for."
        )

    _fill_and_save(qtbot, LiftDialog, lift, outcome)
    page.lift_button.click()
    assert outcome[5] is True
    settle()
    assert "Pause lifted" in page.detail.toPlainText()
    assert not page.lift_button.isEnabled()

    window.open_vendor(mailjet.id)
    vendors_page.tabs.setCurrentIndex(DO_NOT_SHARE_TAB)
    settle()
    qtbot.waitUntil(lambda: dns.loaded_for == mailjet.id and dns.model.rowCount() == 0)

    window.open_request(row.id)
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == row.id)

    def complete(dialog: CompleteDialog) -> None:
        dialog.outcome.setCurrentIndex(dialog.outcome.findData("refused"))
        dialog.reason.setPlainText("We weighed your objection: the newsletter goes on.")

    _fill_and_save(qtbot, CompleteDialog, complete, outcome)
    page.complete_button.click()
    assert outcome[6] is True
    done = requests.get_request(store, row.id)
    assert (done.outcome, done.is_open, done.pauses_on) == ("refused", False, ())
