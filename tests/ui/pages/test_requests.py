"""A phone access request through the real window: logged from the menu, on Today, its
identity checked, extended inside the month (the dialog says by when), completed; the
client page lists it; the register filters and exports it."""

from __future__ import annotations

import csv

from PySide6.QtWidgets import QMessageBox

from app.services import practice, requests
from app.ui.actions import ActionId
from app.ui.dialogs.request_dialogs import (
    CompleteDialog,
    ExtendDialog,
    LogRequestDialog,
    VerifyDialog,
)
from app.ui.main_window import PAGE_REQUESTS, MainWindow
from tests.helpers.dialogs import saved, when_modal
from tests.helpers.factories import ACTOR, NOW, make_client


def fill_and_save(qtbot, kind, fill, outcome: list) -> None:
    def act(dialog) -> None:
        assert isinstance(dialog, kind), dialog
        fill(dialog)
        outcome.append(saved(qtbot, dialog))

    when_modal(act)


def test_a_phone_access_request_from_log_to_completed_through_the_window(
    qtbot, context, preferences, store, settle, monkeypatch, tmp_path
):
    # A GDPR practice promising 90 days, so the law's extension gains time.
    practice.update_practice(
        store, {"jurisdictions": ("gdpr",), "promise_request_days": 90}, actor=ACTOR, now=NOW
    )
    ada = make_client(store, "Ada", "Lovelace")
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    settle()

    # Ada phones: "send me everything you hold on me".
    def log(dialog: LogRequestDialog) -> None:
        dialog.search.setText("Ada")
        qtbot.waitUntil(lambda: dialog.selected_client() is not None)
        dialog.kind.setCurrentIndex(dialog.kind.findData("access"))
        assert dialog.channel.currentData() == "phone"  # a call, as most are
        dialog.note.setPlainText("Wants a copy of everything")

    outcome: list[bool] = []
    fill_and_save(qtbot, LogRequestDialog, log, outcome)
    window.actions[ActionId.LOG_REQUEST].trigger()
    assert outcome == [True]
    assert window.pages.currentIndex() == PAGE_REQUESTS
    [row] = requests.list_requests(store)
    assert (row.kind, row.client_ref, row.channel) == ("access", ada.ref, "phone")

    # Today lists it with its due date; activating the line opens the request.
    settle()
    today = window.today_page
    lines = [today.optouts.row_at(n) for n in range(today.optouts.rowCount())]
    assert [line.kind for line in lines] == ["request"]
    assert lines[0].due == row.due and "Ada Lovelace" in lines[0].subject
    window.show_page(0)
    today.optout_view.activated.emit(today.optouts.index(0, 0))
    assert window.pages.currentIndex() == PAGE_REQUESTS
    page = window.requests_page
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == row.id)
    assert "Check the person's identity" in page.next_step.text()

    # Identity checked by calling back.
    def verify(dialog: VerifyDialog) -> None:
        dialog.method.setText("Called back on the number on file")

    fill_and_save(qtbot, VerifyDialog, verify, outcome)
    page.verify_button.click()
    assert outcome == [True, True]
    settle()
    assert "Identity checked" in page.detail.toPlainText()

    # Extended: the dialog says by when the extension must be sent.
    shown_rule: list[str] = []

    def extend(dialog: ExtendDialog) -> None:
        shown_rule.append(dialog.rule.text())
        dialog.reason.setPlainText("Her records are in two archives")

    fill_and_save(qtbot, ExtendDialog, extend, outcome)
    page.extend_button.click()
    assert outcome == [True, True, True]
    assert shown_rule[0].startswith("The extension must be sent by ")
    extended = requests.get_request(store, row.id)
    assert extended.status == "extended" and extended.extended_until > row.due
    settle()
    assert not page.extend_button.isEnabled()

    # The client page lists the request.
    window.open_client(ada.ref)
    detail = window.clients_page.detail
    qtbot.waitUntil(lambda: detail.rights.rowCount() == 1)
    assert detail.rights_view.isVisibleTo(window)

    # Completed: gone from the open register and from Today.
    window.open_request(row.id)
    qtbot.waitUntil(lambda: page.selected() is not None)
    fill_and_save(qtbot, CompleteDialog, lambda dialog: None, outcome)
    page.complete_button.click()
    assert outcome == [True, True, True, True]
    settle()
    assert requests.get_request(store, row.id).outcome == "done"
    assert page.register.rowCount() == 0
    assert today.optouts.rowCount() == 0

    # Every request, exported.
    page.filter.setCurrentIndex(1)
    settle()
    assert page.register.rowCount() == 1
    target = page.export_csv(str(tmp_path / "requests.csv"))
    with target.open(encoding="utf-8-sig") as handle:
        exported = list(csv.reader(handle))
    assert exported[0][:2] == ["Received", "Request"]
    assert exported[1][2] == "Ada Lovelace" and exported[1][-1] == ada.ref
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a, **_k: None))


def test_a_refused_extension_keeps_the_dialog_open_with_the_rule_in_words(
    qtbot, context, preferences, store, settle
):
    ada = make_client(store, "Ada", "Lovelace")
    row = requests.log_request(
        store,
        requests.RequestDraft(kind="deletion", channel="post", received_at=NOW, client_ref=ada.ref),
        actor=ACTOR,
        now=NOW,
    )
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    window.open_request(row.id)
    page = window.requests_page
    qtbot.waitUntil(lambda: page.selected() is not None)
    dialog = ExtendDialog(context, page, page.selected())
    qtbot.addWidget(dialog)
    assert "gains no time" in dialog.rule.text()  # the default promise: 30 days
    dialog.reason.setPlainText("Busy")
    assert saved(qtbot, dialog) is False
    assert requests.get_request(store, row.id).extended_until is None


def test_the_kind_filter_shows_only_that_kind(qtbot, context, preferences, store, settle):
    for kind in ("access", "complaint"):
        requests.log_request(
            store,
            requests.RequestDraft(kind=kind, channel="email", received_at=NOW, caller_details="Bo"),
            actor=ACTOR,
            now=NOW,
        )
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    window.show_page(PAGE_REQUESTS)
    page = window.requests_page
    settle()
    assert page.register.rowCount() == 2
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("complaint"))
    settle()
    assert [r.kind for r in page.register.rows()] == ["complaint"]
    assert "Answer by" in page.next_step.text()


def test_an_access_request_is_answered_with_the_clients_package_from_the_register(
    qtbot, context, preferences, store, settle, tmp_path
):
    import zipfile

    ada = make_client(store, "Ada", "Lovelace")
    for kind in ("access", "complaint"):
        requests.log_request(
            store,
            requests.RequestDraft(kind=kind, channel="phone", received_at=NOW, client_ref=ada.ref),
            actor=ACTOR,
            now=NOW,
        )
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    window.show_page(PAGE_REQUESTS)
    page = window.requests_page
    settle()
    kinds = [row.kind for row in page.register.rows()]
    page.view.selectRow(kinds.index("complaint"))
    assert not page.package_button.isEnabled()  # a complaint is not answered with data
    page.view.selectRow(kinds.index("access"))
    assert page.package_button.isEnabled()

    save = page.save_package(tmp_path / "ada.zip")
    with qtbot.waitSignal(save.ended, timeout=30_000):
        pass

    names = zipfile.ZipFile(tmp_path / "ada.zip").namelist()
    assert any(name.endswith("/data.json") for name in names)
    assert any(name.endswith("MANIFEST.sha256") for name in names)
