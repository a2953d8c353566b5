"""Retention that ends, through the window: a client archived 13 months ago shows on Today,
is erased from "What we hold past our promise" after the confirmation of what goes and what
stays, and their name is then on no page; archiving asks for the last session."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtWidgets import QMessageBox

from app.domain.enums import Channel, ClientStatus, ConsentState
from app.services import clients, consents, integrity
from app.services.rows import ClientDraft
from app.ui.dialogs import retention_dialog
from app.ui.dialogs.retention_dialog import PastPromiseDialog
from app.ui.main_window import PAGE_CLIENTS, MainWindow
from tests.helpers.factories import ACTOR, NOW, TODAY, make_client, make_sharing, make_vendor

THIRTEEN_MONTHS_AGO = NOW - timedelta(days=396)


def archived_long_ago(store):
    coaching = make_sharing(store, make_vendor(store, "TrainLoop"))
    ada = clients.add_client(
        store,
        ClientDraft(given_name="Ada", family_name="Lovelace", email="ada@example.com"),
        actor=ACTOR,
        now=THIRTEEN_MONTHS_AGO - timedelta(days=60),
    )
    consents.record_consent_answers(
        store, ada.ref, {coaching.id: ConsentState.GIVEN}, channel=Channel.VERBAL_IN_PERSON,
        occurred_at=THIRTEEN_MONTHS_AGO - timedelta(days=59), actor=ACTOR,
        now=THIRTEEN_MONTHS_AGO - timedelta(days=59),
    )  # fmt: skip
    clients.set_client_status(
        store, ada.ref, ClientStatus.FORMER, actor=ACTOR, now=THIRTEEN_MONTHS_AGO,
        last_session=THIRTEEN_MONTHS_AGO.date(),
    )  # fmt: skip
    make_client(store, "Grace", "Hopper")
    return ada


def test_a_client_archived_13_months_ago_is_erased_from_today_and_the_name_is_gone(
    qtbot, context, preferences, store, settle, monkeypatch
):
    ada = archived_long_ago(store)
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    today = window.today_page
    today.refresh()
    settle()
    lines = [today.optouts.row_at(n) for n in range(today.optouts.rowCount())]
    [line] = [item for item in lines if item.kind == "retention"]
    assert line.subject == "1 former client is past what the notice promises"

    opened: list[PastPromiseDialog] = []

    def show(parent, context):
        dialog = PastPromiseDialog(parent, context)
        opened.append(dialog)
        dialog.show()

    monkeypatch.setattr(PastPromiseDialog, "ask", staticmethod(show))
    today.open_requested.emit(line.opens)
    settle()
    [dialog] = opened
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 1
    row = dialog.model.row_at(0)
    assert row.name == "Ada Lovelace" and row.days_past > 0
    assert "1 former client is past what the notice promises" in dialog.summary.text()

    asked: list[str] = []

    def answer(_parent, _title, text, *_args, **_kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    dialog.erase_button.click()
    settle()
    [said] = asked
    assert "cannot be undone" in said and "TrainLoop" in said  # what goes
    assert "consent history" in said  # and what stays
    assert clients.get_client(store, ada.ref).row.status == "erased"
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 0)
    assert "No former client" in dialog.summary.text()
    assert integrity.check(store).ok

    today.refresh()
    settle()
    kinds = [today.optouts.row_at(n).kind for n in range(today.optouts.rowCount())]
    assert "retention" not in kinds
    window.show_page(PAGE_CLIENTS)
    clients_page = window.clients_page
    clients_page.search.setText("")
    settle()
    names = [clients_page.model.row_at(n).name for n in range(clients_page.model.rowCount())]
    assert "Grace Hopper" in names and not any("Lovelace" in name for name in names)


def test_archiving_asks_for_the_last_session_and_counts_from_it(
    qtbot, context, preferences, store, settle, monkeypatch
):
    ada = make_client(store, "Ada", "Lovelace")
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    window.open_client(ada.ref)
    settle()
    asked = []

    def ask(_parent, name, today):
        asked.append((name, today))
        return TODAY

    monkeypatch.setattr(retention_dialog.ArchiveDialog, "ask", staticmethod(ask))
    window.clients_page.toggle_archive()
    settle()
    assert asked == [("Ada Lovelace", TODAY)]
    assert clients.get_client(store, ada.ref).row.status == "former"


def test_the_archive_dialog_offers_today_and_no_later_day(qtbot):
    dialog = retention_dialog.ArchiveDialog(None, "Ada Lovelace", TODAY)
    qtbot.addWidget(dialog)
    assert dialog.last_session.date().toPython() == TODAY
    assert dialog.last_session.maximumDate().toPython() == TODAY
