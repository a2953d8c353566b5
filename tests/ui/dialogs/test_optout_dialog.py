"""Log opt-out (stories 2 and 3): find the person, record, what to say; nothing twice."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.domain.enums import Channel, ConsentState
from app.domain.refcodes import format_reference
from app.services import clients, optouts
from app.ui.dialogs import optout_dialog
from app.ui.dialogs.optout_dialog import LogOptOutDialog
from tests.helpers.factories import NOW
from tests.ui.pages.test_optouts import coaching_client


def record(qtbot, dialog: LogOptOutDialog, **options):
    """Press record and wait for the worker's answer: the result, or None if not recorded."""
    dialog.record(**options)
    qtbot.waitUntil(dialog.record_button.isEnabled)
    return dialog.result_


def test_a_phone_opt_out_found_by_phone_digits_is_applied_at_once(qtbot, context, store):
    client = coaching_client(store)
    dialog = LogOptOutDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.channel.currentData() == "phone"  # a call is the default
    qtbot.keyClicks(dialog.search, "7946 0123")
    qtbot.waitUntil(lambda: dialog.selected_client() is not None)
    assert dialog.selected_client().ref == client.ref  # the only match is selected
    result = record(qtbot, dialog)
    assert result is not None and dialog.stack.currentIndex() == 1
    assert result.script.strip()
    assert "PayFast" in dialog.effects.toPlainText()  # goes on, and the coach sees why
    states = {line.vendor: line.state for line in clients.get_client(store, client.ref).consents}
    assert states["TrainLoop"] == ConsentState.WITHDRAWN
    assert states["LetterBox"] == ConsentState.WITHDRAWN
    assert {v.vendor for v in result.vendors} == {"TrainLoop", "LetterBox"}


def test_a_mistyped_reference_on_a_returned_form_is_caught_before_anything_happens(
    qtbot, context, store, monkeypatch
):
    find = clients.get_client
    client = coaching_client(store)
    dialog = LogOptOutDialog(context)
    qtbot.addWidget(dialog)
    code = format_reference(client.ref)
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    asked = []
    monkeypatch.setattr(clients, "get_client", lambda *args: asked.append(args) or find(*args))
    dialog.reference.setText(wrong)
    assert not dialog.reference_error.isHidden()  # at once: the check character says so
    assert "mistyped" in dialog.reference_error.text()
    assert dialog.selected_client() is None and asked == []  # nothing was looked up
    dialog.reference.setText(code)
    qtbot.waitUntil(lambda: dialog.selected_client() is not None)
    assert dialog.selected_client().ref == client.ref
    assert dialog.channel.currentData() == "post"  # a returned form came by post
    assert record(qtbot, dialog) is not None


def test_the_same_opt_out_twice_on_one_day_asks_before_recording_again(
    qtbot, context, store, monkeypatch
):
    client = coaching_client(store)
    first = LogOptOutDialog(context)
    qtbot.addWidget(first)
    first.search.setText(client.name)
    qtbot.waitUntil(lambda: first.selected_client() is not None)
    assert record(qtbot, first) is not None
    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda *args, **kw: asked.append(args[2]) or QMessageBox.StandardButton.No),
    )
    second = LogOptOutDialog(context)
    qtbot.addWidget(second)
    second.search.setText(client.name)
    qtbot.waitUntil(lambda: second.selected_client() is not None)
    assert record(qtbot, second) is None
    assert asked and len(optouts.list_optouts(store, now=NOW)) == 1


def test_enter_in_the_search_records_the_opt_out_and_never_opens_the_scan_chooser(
    qtbot, context, store, monkeypatch
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    coaching_client(store)
    chooser_opened = []

    def choose_nothing(*args, **_kwargs):
        chooser_opened.append(args)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", choose_nothing)
    dialog = LogOptOutDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.search, "7946 0123")
    qtbot.waitUntil(lambda: dialog.selected_client() is not None)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.stack.currentIndex() == 1)  # the outcome page: recorded
    assert chooser_opened == []
    assert dialog.result_ is not None
    qtbot.keyClick(dialog.script, Qt.Key.Key_Return)  # on the outcome page Enter means Done
    assert dialog.result() == LogOptOutDialog.DialogCode.Accepted


def test_a_postal_opt_out_is_not_read_to_a_caller_but_a_phone_one_is(qtbot, context, store):
    client = coaching_client(store)
    dialog = LogOptOutDialog(context)
    qtbot.addWidget(dialog)
    dialog.reference.setText(format_reference(client.ref))
    qtbot.waitUntil(lambda: dialog.selected_client() is not None)
    assert dialog.channel.currentData() == Channel.POST.value
    assert record(qtbot, dialog) is not None
    heading = dialog.outcome_heading.text()
    assert "caller" not in heading
    assert "confirmation" in heading

    phoned = LogOptOutDialog(context)
    qtbot.addWidget(phoned)
    qtbot.keyClicks(phoned.search, "7946 0123")
    qtbot.waitUntil(lambda: phoned.selected_client() is not None)
    assert record(qtbot, phoned, allow_duplicate=True) is not None
    assert "Read this to the caller" in phoned.outcome_heading.text()


def _letters_recorded(store) -> int:
    with store.reader.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT count(*) FROM generated_document WHERE kind = 'optout_confirmation'"
        ).scalar_one()


def test_the_confirmation_letter_is_saved_where_asked_and_only_then_recorded(
    qtbot, context, store, tmp_path, monkeypatch
):
    coaching_client(store)
    dialog = LogOptOutDialog(context)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.search, "7946 0123")
    qtbot.waitUntil(lambda: dialog.selected_client() is not None)
    result = record(qtbot, dialog)
    offered = []

    def cancelled(_parent, _title, suggested, _filter):
        offered.append(suggested)
        return "", ""

    monkeypatch.setattr(optout_dialog.QFileDialog, "getSaveFileName", cancelled)
    dialog.save_confirmation_letter()
    assert offered == [f"opt-out-confirmation-{result.request_id}-{result.client_ref}-en.pdf"]
    assert _letters_recorded(store) == 0  # the coach chose nowhere: no letter on record

    target = tmp_path / "letter.pdf"
    monkeypatch.setattr(optout_dialog.QFileDialog, "getSaveFileName", lambda *_: (str(target), ""))
    monkeypatch.setattr(optout_dialog.QDesktopServices, "openUrl", lambda _url: True)
    with qtbot.waitSignal(context.status_message, timeout=10_000):
        dialog.save_confirmation_letter()
    assert target.read_bytes().startswith(b"%PDF")
    assert _letters_recorded(store) == 1
