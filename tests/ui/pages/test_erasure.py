"""An emailed deletion carried out through the window: the Requests page's Erase button
says what goes and what stays, then the name is in no page, list or export, the vendors
that received the data are on Telling vendors, and the intake recognises the person."""

from __future__ import annotations

import csv
from datetime import timedelta

from PySide6.QtWidgets import QMessageBox

from app.domain.enums import Channel, ConsentState, RequestKind
from app.services import clients, consents, integrity, requests, vendors
from app.services.requests import RequestDraft
from app.ui.dialogs.request_dialogs import LogRequestDialog
from app.ui.main_window import MainWindow
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor

EMAIL = b"From: Ada Lovelace <ada@example.com>\r\nSubject: delete me\r\n\r\nPlease erase me.\r\n"


def deletion_ready(store):
    ada = make_client(store, "Ada", "Lovelace", email="ada@example.com", notes="Knee injury")
    coaching = make_sharing(store, make_vendor(store, "TrainLoop"))
    mailing = make_sharing(store, make_vendor(store, "MailFox"), "newsletter", ("contact",))
    consents.record_consent_answers(
        store, ada.ref, {coaching.id: ConsentState.GIVEN, mailing.id: ConsentState.REFUSED},
        channel=Channel.VERBAL_IN_PERSON, occurred_at=NOW - timedelta(days=9), actor=ACTOR,
        now=NOW - timedelta(days=9),
    )  # fmt: skip
    row = requests.log_request(
        store,
        RequestDraft(
            kind=RequestKind.DELETION, channel=Channel.EMAIL, client_ref=ada.ref,
            received_at=NOW - timedelta(hours=3), email_evidence=(EMAIL, ".eml"),
        ),
        actor=ACTOR, now=NOW,
    )  # fmt: skip
    requests.verify_identity(store, row.id, method="Replied from the address", actor=ACTOR, now=NOW)
    return ada, row, mailing


def test_an_emailed_deletion_is_carried_out_from_the_requests_page_and_the_name_is_gone(
    qtbot, context, preferences, store, settle, monkeypatch, tmp_path
):
    ada, request, mailing = deletion_ready(store)
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    window.open_request(request.id)
    page = window.requests_page
    qtbot.waitUntil(lambda: page.selected() is not None and page.selected().id == request.id)
    assert page.erase_button.isEnabled()

    asked: list[str] = []

    def answer(_parent, _title, text, *_args, **_kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(answer))
    page.erase_button.click()
    settle()
    [said] = asked
    assert "cannot be undone" in said and "TrainLoop" in said and "MailFox" not in said
    assert "Evidence files destroyed (scans, kept emails): 1." in said
    assert "consent history" in said and "GDPR Art. 7(1)" in said  # what stays, and why
    assert clients.get_client(store, ada.ref).row.status == "erased"
    assert integrity.check(store).ok

    shown: list[str] = []
    clients_page = window.clients_page
    settle()
    shown += [clients_page.model.row_at(n).name for n in range(clients_page.model.rowCount())]
    clients_page.search.setText("Lovelace")
    settle()
    assert clients_page.model.rowCount() == 0
    window.open_client(ada.ref)
    settle()
    detail = clients_page.detail
    shown.append(detail.heading.text())
    shown += [label.text() for label in detail.contact_labels.values()]
    assert "Erased" in detail.heading.text() and not detail.edit_button.isEnabled()
    shown.append(page.export_csv(str(tmp_path / "requests.csv")).read_text("utf-8-sig"))
    shown.append(page.detail.toPlainText())
    entries = vendors.do_not_share_list(store, mailing.vendor_id)
    assert [entry.ref for entry in entries] == [ada.ref]  # still never shared, by code
    shown += [f"{entry.name} {entry.email}" for entry in entries]
    optouts_page = window.optouts_page
    optouts_page.refresh()
    settle()
    telling = optouts_page.telling
    pending = [telling.pending.row_at(n) for n in range(telling.pending.rowCount())]
    assert [p.vendor for p in pending] == ["TrainLoop"] and pending[0].people[0].erase
    telling.pending_view.selectRow(0)
    settle()
    assert "delete everything you hold on this person" in telling.email_text.toPlainText()
    shown.append(telling.email_text.toPlainText())
    shown.append(optouts_page.export_csv(str(tmp_path / "opt-outs.csv")).read_text("utf-8-sig"))
    for text in shown:
        assert "Lovelace" not in text and "ada@example.com" not in text and "Knee" not in text
    with (tmp_path / "requests.csv").open(encoding="utf-8-sig") as handle:
        assert list(csv.reader(handle))[1][-1] == ada.ref  # the code stays


def test_the_request_intake_says_when_the_caller_asked_to_be_erased(qtbot, context, store, settle):
    from app.services import erasure

    ada, request, _mailing = deletion_ready(store)
    erasure.erase_client(store, ada.ref, request.id, actor=ACTOR, now=NOW)
    dialog = LogRequestDialog(context)
    qtbot.addWidget(dialog)
    dialog.search.setText("ADA@example.com")
    settle()
    assert dialog.erased_note.isVisibleTo(dialog)
    assert dialog.erased_note.text() == f"This person's records were erased on {NOW.date()}."
    dialog.search.setText("grace@example.com")
    settle()
    assert not dialog.erased_note.isVisibleTo(dialog)


def test_the_opt_out_intake_and_the_client_dialog_say_it_too(qtbot, context, store, settle):
    from app.services import erasure
    from app.ui.dialogs.client_dialog import ClientDialog
    from app.ui.dialogs.optout_dialog import LogOptOutDialog

    ada, request, _mailing = deletion_ready(store)
    erasure.erase_client(store, ada.ref, request.id, actor=ACTOR, now=NOW)
    said = f"This person's records were erased on {NOW.date()}."
    optout = LogOptOutDialog(context)
    qtbot.addWidget(optout)
    optout.search.setText("ada@example.com")
    settle()
    assert optout.erased_note.text() == said
    dialog = ClientDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.email.setText("ada@example.com")
    dialog.email.editingFinished.emit()
    settle()
    assert dialog.form.note_text("email") == said
