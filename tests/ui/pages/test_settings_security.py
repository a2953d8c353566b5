"""Issue 12 in the window: Settings, Security says whether this computer's keyring holds the
key, changes the recovery passphrase, and prints a new recovery sheet."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialogButtonBox

from app.persistence import keyfile
from app.persistence.errors import WrongPassphrase
from app.ui import unlocking as window_unlocking
from app.ui.dialogs.passphrase_dialog import (
    ChangePassphraseDialog,
    PassphraseChange,
    SheetPassphraseDialog,
)
from app.ui.pages.settings import SettingsPage
from app.ui.text import set_language
from tests.helpers.practice import PASSPHRASE

NEW = "copper kettle under the bridge"


@pytest.fixture
def section(qtbot, context, preferences, settle):
    page = SettingsPage(context, preferences)
    qtbot.addWidget(page)
    page.show()
    settle()
    return page.security


def answers(monkeypatch, dialog, *given):
    """`dialog.ask` answers `given` in turn; what each call was told is kept."""
    told: list[dict] = []
    queue = iter(given)

    def ask(cls, _parent, *args, **kwargs):
        told.append({"args": args, **kwargs})
        return next(queue)

    monkeypatch.setattr(dialog, "ask", classmethod(ask))
    return told


def opens_with(paths, passphrase: str) -> bool:
    try:
        keyfile.unwrap(keyfile.read(paths.key_file), passphrase)
    except WrongPassphrase:
        return False
    return True


def pdf_text(file) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(file.read_bytes())).pages)


def test_the_section_says_this_computers_keyring_holds_the_key(section):
    assert "keyring holds the key" in section.keyring_line.text()
    assert section.change_button.isEnabled() and section.sheet_button.isEnabled()


def test_without_the_key_in_the_keyring_the_section_says_every_start_asks(
    section, settle, monkeypatch, store
):
    monkeypatch.setenv("PRIVACY_DESK_TEST_KEYRING", str(store.paths.home / "other-keyring"))
    section.load()
    settle()
    assert "does not hold the key" in section.keyring_line.text()


def test_the_coach_changes_the_passphrase_and_saves_the_new_sheet(
    section, settle, monkeypatch, tmp_path, store, qtbot
):
    sheet = tmp_path / "new sheet.pdf"
    told = answers(monkeypatch, ChangePassphraseDialog, PassphraseChange(PASSPHRASE, NEW, True))
    monkeypatch.setattr(window_unlocking, "ask_where_to_save_sheet", lambda _parent: sheet)
    messages: list[str] = []
    section._context.status_message.connect(messages.append)
    section.change_button.click()
    settle()
    qtbot.waitUntil(sheet.exists, timeout=10_000)
    assert told == [{"args": (), "keyring_holds_key": True, "problem": ""}]
    assert opens_with(store.paths, NEW) and not opens_with(store.paths, PASSPHRASE)
    assert NEW in pdf_text(sheet)
    assert any("destroy the old recovery sheet" in message for message in messages)
    # The last word the status bar keeps says it too, once the new sheet is saved.
    assert "destroy the old sheet" in messages[-1]


def test_a_wrong_current_passphrase_asks_again_saying_so_and_changes_nothing(
    section, settle, monkeypatch, store
):
    before = store.paths.key_file.read_bytes()
    told = answers(
        monkeypatch,
        ChangePassphraseDialog,
        PassphraseChange("lantern orchard seven river", NEW, False),
        None,  # the coach gives up
    )
    section.change_button.click()
    settle()
    assert [call["problem"] for call in told] == [
        "",
        "That is not the current recovery passphrase, so nothing was changed.",
    ]
    assert store.paths.key_file.read_bytes() == before


def test_a_new_sheet_is_printed_only_for_the_current_passphrase(
    section, settle, monkeypatch, tmp_path
):
    sheet = tmp_path / "sheet.pdf"
    told = answers(monkeypatch, SheetPassphraseDialog, "lantern orchard seven river", PASSPHRASE)
    monkeypatch.setattr(window_unlocking, "ask_where_to_save_sheet", lambda _parent: sheet)
    section.sheet_button.click()
    settle()
    assert [call["args"] for call in told] == [
        ("",),
        ("That is not the current recovery passphrase, so no sheet was made.",),
    ]
    assert PASSPHRASE in pdf_text(sheet)


def test_the_change_dialog_allows_ok_only_for_a_proven_owner_and_a_good_new_passphrase(qtbot):
    set_language("en")
    dialog = ChangePassphraseDialog(None, keyring_holds_key=True)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.new.setText(NEW)
    dialog.confirmation.setText(NEW)
    assert not ok.isEnabled() and "current recovery passphrase" in dialog.problem.text()
    dialog.old.setText(NEW)
    assert not ok.isEnabled() and "the same as the current one" in dialog.problem.text()
    dialog.old.setText(PASSPHRASE)
    dialog.confirmation.setText(NEW + "!")
    assert not ok.isEnabled() and "not the same" in dialog.problem.text()
    dialog.confirmation.setText(NEW)
    assert ok.isEnabled() and dialog.result_value() == PassphraseChange(PASSPHRASE, NEW, True)
    dialog.lost.setChecked(True)  # lost: the keyring is the proof
    assert ok.isEnabled() and not dialog.old.isEnabled()
    assert dialog.result_value().old is None


def test_a_lost_passphrase_cannot_be_claimed_without_the_key_in_the_keyring(qtbot):
    set_language("en")
    dialog = ChangePassphraseDialog(None, keyring_holds_key=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.lost.isVisible()
