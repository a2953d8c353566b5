"""DESIGN.md story 8 through the real window: a vendor's breach logged, on Today with its
hours, the authority told, and gone from Today once closed."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QMessageBox

from app.domain.enums import Channel, ConsentState
from app.services import incidents
from app.services.consents import record_consent_answers
from app.services.vendors import CLAUSE_KEYS
from app.ui.actions import ActionId
from app.ui.dialogs.incident_dialogs import AssessDialog, LogIncidentDialog, NotifyDialog
from app.ui.main_window import PAGE_INCIDENTS, MainWindow
from tests.helpers.dialogs import saved, when_modal
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor


def trainloop_with_ada(store):
    # Every clause on file: a contract gap would put a line of its own on Today.
    vendor = make_vendor(store, "TrainLoop", clauses=CLAUSE_KEYS)
    sharing = make_sharing(store, vendor, categories=("health",))
    ada = make_client(store, "Ada", "Lovelace")
    record_consent_answers(
        store,
        ada.ref,
        {sharing.id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW - timedelta(hours=3),
        actor=ACTOR,
        now=NOW - timedelta(hours=3),
    )
    return vendor, ada


def fill_and_save(qtbot, kind, fill, outcome: list) -> None:
    """Once a dialog of `kind` is up, fill it as a person would and save it."""

    def act(dialog) -> None:
        assert isinstance(dialog, kind), dialog
        fill(dialog)
        outcome.append(saved(qtbot, dialog))

    when_modal(act)


def local(context, moment) -> QDateTime:
    return QDateTime(moment.astimezone(context.zone).replace(tzinfo=None))


def test_a_vendors_breach_from_log_to_closed_through_the_window(
    qtbot, context, preferences, store, settle, monkeypatch
):
    vendor, ada = trainloop_with_ada(store)
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    today = window.today_page
    settle()
    assert today.urgent_view.isHidden()

    # TrainLoop emailed two hours ago: log it.
    def log(dialog: LogIncidentDialog) -> None:
        dialog.summary.setPlainText("TrainLoop says a backup of theirs was copied")
        dialog.vendor.setCurrentIndex(dialog.vendor.findData(vendor.id))
        dialog.aware.setDateTime(local(context, NOW - timedelta(hours=2)))
        dialog.encrypted.setCurrentIndex(dialog.encrypted.findData("no"))

    outcome: list[bool] = []
    fill_and_save(qtbot, LogIncidentDialog, log, outcome)
    window.actions[ActionId.LOG_INCIDENT].trigger()
    assert outcome == [True]
    assert window.pages.currentIndex() == PAGE_INCIDENTS
    [row] = incidents.list_incidents(store)
    assert (row.vendor, row.kind, row.affected_refs) == ("TrainLoop", "vendor_breach", (ada.ref,))

    # Today shows it above everything else, with the hours left.
    settle()
    assert today.urgent.rowCount() == 1 and not today.urgent_view.isHidden()
    texts = [today.urgent.data(today.urgent.index(0, c)) for c in range(4)]
    assert texts[1] == "70 h 0 min left"
    assert texts[2] == "Incident open" and "TrainLoop says" in texts[3]
    assert today.optouts.rowCount() == 0  # not listed twice

    # The authority is told, now.
    page = window.incidents_page
    qtbot.waitUntil(lambda: page.selected() is not None)
    outcome.clear()
    fill_and_save(qtbot, NotifyDialog, lambda dialog: None, outcome)
    page.authority_button.click()
    assert outcome == [True]
    told = incidents.get_incident(store, row.id)
    assert told.authority_notified_at == NOW
    settle()
    assert "Authority notified" in page.detail.toPlainText()

    # Assessed (a risk, not a high one), clients not told with the reason, then closed.
    def assess(dialog: AssessDialog) -> None:
        dialog.risk.setCurrentIndex(dialog.risk.findData("risk"))
        dialog.reasons.setPlainText("Only training plans; no health answers in that backup")

    outcome.clear()
    fill_and_save(qtbot, AssessDialog, assess, outcome)
    page.assess_button.click()

    def not_told(dialog: NotifyDialog) -> None:
        dialog.not_told.setChecked(True)
        dialog.reason.setPlainText("The risk is not high (Art. 34)")

    fill_and_save(qtbot, NotifyDialog, not_told, outcome)
    page.clients_button.click()
    assert outcome == [True, True]
    settle()
    assert page.close_button.isEnabled()
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    )
    page.close_button.click()
    settle()
    assert incidents.get_incident(store, row.id).status == "closed"
    assert today.urgent.rowCount() == 0 and today.urgent_view.isHidden()


def test_telling_the_authority_late_without_a_reason_keeps_the_dialog_open(qtbot, context, store):
    row = incidents.log_incident(
        store,
        incidents.IncidentDraft(summary="Laptop stolen", aware_at=NOW - timedelta(hours=80)),
        actor=ACTOR,
        now=NOW,
    )
    dialog = NotifyDialog(context, None, row, "authority")
    qtbot.addWidget(dialog)
    assert not saved(qtbot, dialog)
    assert "say why it took longer" in dialog.form.error_text("authority_delay_reason")
    assert incidents.get_incident(store, row.id).authority_notified_at is None
    dialog.delay.setPlainText("The theft was reported to us late")
    assert saved(qtbot, dialog)
