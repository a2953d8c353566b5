"""Log opt-out from an email: read, checked by the coach, recorded with the email as evidence."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtWidgets import QFileDialog

from app.domain.enums import ConsentState
from app.domain.refcodes import format_reference
from app.services import clients, optouts
from app.ui.dialogs import optout_dialog
from app.ui.dialogs.email_dialog import ReadEmailDialog
from app.ui.dialogs.optout_dialog import LogOptOutDialog
from tests.helpers.factories import NOW
from tests.ui.dialogs.test_optout_dialog import record
from tests.ui.pages.test_optouts import coaching_client
from tests.unit.services.test_emailed_optouts import emailed

SAMPLES = Path(__file__).parents[2] / "unit" / "domain" / "emails"


def read_through_the_dialog(qtbot, context, monkeypatch, give) -> list[ReadEmailDialog]:
    """ "From an email…" opens the real reading dialog; `give(dialog)` pastes, chooses or drops."""
    opened = []

    def ask(_cls, parent, ctx):
        dialog = ReadEmailDialog(ctx, parent)
        qtbot.addWidget(dialog)
        opened.append(dialog)
        give(dialog)
        qtbot.waitUntil(lambda: dialog.result_ is not None or dialog.error.isVisibleTo(dialog))
        return dialog.result_

    monkeypatch.setattr(optout_dialog.ReadEmailDialog, "ask", classmethod(ask))
    return opened


def test_a_clients_emailed_opt_out_with_their_code_in_the_subject_is_logged_from_the_email(
    qtbot, context, store, monkeypatch, tmp_path
):
    client = coaching_client(store)
    file = tmp_path / "Opt out.eml"
    sent = NOW - timedelta(hours=5)
    data = emailed(
        sender="Ada L <ada.l@mail.example>",  # an address the practice does not have
        subject=f"Opt out {format_reference(client.ref)}",
        words="Please stop sharing my data, thank you.",
        sent=sent,
    )
    file.write_bytes(data)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(file), ""))
    read_through_the_dialog(qtbot, context, monkeypatch, lambda dialog: dialog._choose_file())
    dialog = LogOptOutDialog(context)
    qtbot.addWidget(dialog)
    dialog.email_button.click()
    # What was read is shown, and the fields are filled with it.
    assert dialog.selected_client().ref == client.ref
    assert dialog.channel.currentData() == "email"
    assert dialog.received.dateTime().toPython() == sent.astimezone(context.zone).replace(
        tzinfo=None
    )
    summary = dialog.email_summary.text()
    assert "ada.l@mail.example" in summary and "Matched by the reference code" in summary
    assert "It asks to opt out." in summary
    assert not dialog.scan.isEnabled()  # the email is the evidence
    result = record(qtbot, dialog)
    assert result is not None and result.client_ref == format_reference(client.ref)
    [row] = optouts.list_optouts(store, now=NOW)
    assert row.channel == "email" and row.received_at == sent
    assert row.evidence_file == hashlib.sha256(data).hexdigest() + ".eml"
    assert (store.paths.evidence / row.evidence_file).read_bytes() == data
    states = {line.vendor: line.state for line in clients.get_client(store, client.ref).consents}
    assert states["TrainLoop"] == ConsentState.WITHDRAWN


def test_a_pasted_deletion_request_is_shown_as_not_an_opt_out(qtbot, context, store, monkeypatch):
    coaching_client(store)

    def paste(dialog):
        dialog.paste.setPlainText("Hello, please delete all my data. Cleo")
        dialog.read_button.click()

    read_through_the_dialog(qtbot, context, monkeypatch, paste)
    dialog = LogOptOutDialog(context)
    qtbot.addWidget(dialog)
    dialog.email_button.click()
    assert "a deletion request: log it with Log request…" in dialog.email_summary.text()
    assert dialog.unmatched.isChecked() and dialog.selected_client() is None
    assert dialog.email is not None and dialog.email.evidence[1] == ".txt"


def test_a_dropped_file_that_is_not_an_email_is_refused_under_the_box_and_nothing_is_read(
    qtbot, context, store, monkeypatch, tmp_path
):
    junk = tmp_path / "photo.eml"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)

    def drop(dialog):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(junk))])
        assert dialog.paste.canInsertFromMimeData(mime)
        dialog.paste.insertFromMimeData(mime)

    opened = read_through_the_dialog(qtbot, context, monkeypatch, drop)
    dialog = LogOptOutDialog(context)
    qtbot.addWidget(dialog)
    dialog.email_button.click()
    assert "not an email" in opened[0].error.text()
    assert dialog.email is None and not dialog.email_summary.isVisibleTo(dialog)
    assert optouts.list_optouts(store, now=NOW) == []


def test_the_qq_mail_reply_is_read_in_chinese_characters(qtbot, context, store, monkeypatch):
    file = SAMPLES / "qq_mail_gb18030_reply.eml"
    read_through_the_dialog(qtbot, context, monkeypatch, lambda d: d.read_file(str(file)))
    dialog = LogOptOutDialog(context)
    qtbot.addWidget(dialog)
    dialog.email_button.click()
    assert "王芳 &lt;12345678@qq.com&gt;" in dialog.email_summary.text()
    assert dialog.caller_details.text() == "王芳 <12345678@qq.com>"  # nobody matched: noted
    dialog.use_email(None)  # the coach removes it: the scan field is theirs again
    assert dialog.scan.isEnabled() and dialog.scan.text() == ""
