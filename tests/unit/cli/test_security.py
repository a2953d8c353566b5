"""Issue 12 headless: `passphrase change` replaces the recovery passphrase (old and new typed on
a terminal, or from PRIVACY_DESK_PASSPHRASE and PRIVACY_DESK_NEW_PASSPHRASE in a script), and
`passphrase sheet` prints a new recovery sheet for the passphrase typed again."""

from __future__ import annotations

import io
from io import BytesIO

import pytest
from pypdf import PdfReader

from app.persistence import keyfile
from tests.helpers.cli import run_command as run
from tests.helpers.practice import PASSPHRASE

NEW = "copper kettle under the bridge"


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO())


def typed(monkeypatch, *answers: str) -> list[str]:
    """A terminal on which the person types `answers` in turn; the prompts are kept."""
    prompts: list[str] = []
    queue = iter(answers)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr(
        "app.cli.output.getpass.getpass",
        lambda prompt, stream=None: prompts.append(prompt) or next(queue),
    )
    return prompts


def opens_with(paths, passphrase: str) -> bool:
    try:
        keyfile.unwrap(keyfile.read(paths.key_file), passphrase)
    except Exception:
        return False
    return True


def test_the_passphrase_is_changed_on_a_terminal(data_paths, monkeypatch):
    prompts = typed(monkeypatch, PASSPHRASE, NEW, NEW)
    code, out, err = run("passphrase", "change", "--data-dir", str(data_paths.home))
    assert (code, err) == (0, "")
    assert prompts == [
        "Current recovery passphrase: ",
        "New recovery passphrase: ",
        "The same again: ",
    ]
    assert "recovery passphrase changed" in out and "passphrase sheet" in out
    assert opens_with(data_paths, NEW) and not opens_with(data_paths, PASSPHRASE)


def test_a_script_changes_it_with_two_variables(data_paths, monkeypatch):
    monkeypatch.setenv("PRIVACY_DESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("PRIVACY_DESK_NEW_PASSPHRASE", NEW)
    assert run("passphrase", "change", "--data-dir", str(data_paths.home))[0] == 0
    assert opens_with(data_paths, NEW)


def test_a_wrong_old_passphrase_is_one_sentence_and_the_key_file_is_as_it_was(
    data_paths, monkeypatch
):
    before = data_paths.key_file.read_bytes()
    typed(monkeypatch, "lantern orchard seven river", NEW, NEW)
    code, out, err = run("passphrase", "change", "--data-dir", str(data_paths.home))
    assert (code, out) == (1, "")
    assert err == (
        "privacy-desk: That is not the current recovery passphrase, so nothing was changed.\n"
    )
    assert data_paths.key_file.read_bytes() == before


def test_a_weak_or_mismatched_new_passphrase_gets_the_usual_sentence(data_paths, monkeypatch):
    before = data_paths.key_file.read_bytes()
    typed(monkeypatch, PASSPHRASE, "short", "short")
    code, _, err = run("passphrase", "change", "--data-dir", str(data_paths.home))
    assert code == 1 and "at least 12 characters" in err and err.count("\n") == 1
    typed(monkeypatch, PASSPHRASE, NEW, NEW + "!")
    code, _, err = run("passphrase", "change", "--data-dir", str(data_paths.home))
    assert code == 1 and "The two passphrases are not the same." in err
    assert data_paths.key_file.read_bytes() == before


def test_a_lost_passphrase_is_replaced_with_lost_while_the_keyring_holds_the_key(
    data_paths, monkeypatch
):
    prompts = typed(monkeypatch, NEW, NEW)
    code, _, err = run("passphrase", "change", "--lost", "--data-dir", str(data_paths.home))
    assert (code, err) == (0, "")
    assert prompts == ["New recovery passphrase: ", "The same again: "]
    assert opens_with(data_paths, NEW)


def test_without_a_terminal_or_variables_the_command_says_how_to_give_them(data_paths):
    code, out, err = run("passphrase", "change", "--data-dir", str(data_paths.home))
    assert (code, out) == (1, "")
    assert "PRIVACY_DESK_PASSPHRASE" in err and err.count("\n") == 1


def test_a_new_sheet_is_printed_for_the_passphrase_typed_again(data_paths, tmp_path, monkeypatch):
    sheet = tmp_path / "sheet.pdf"
    typed(monkeypatch, PASSPHRASE)
    code, out, err = run(
        "passphrase", "sheet", "--out", str(sheet), "--lang", "zh",
        "--data-dir", str(data_paths.home),
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert str(sheet) in out
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(sheet.read_bytes())).pages)
    assert PASSPHRASE in text and "使用方法" in text
    assert sheet.stat().st_mode & 0o077 == 0


def test_no_sheet_is_written_for_a_wrong_passphrase(data_paths, tmp_path, monkeypatch):
    sheet = tmp_path / "sheet.pdf"
    typed(monkeypatch, "lantern orchard seven river")
    code, _, err = run(
        "passphrase", "sheet", "--out", str(sheet), "--data-dir", str(data_paths.home)
    )
    assert code == 1
    assert err == (
        "privacy-desk: That is not the current recovery passphrase, so no sheet was made.\n"
    )
    assert not sheet.exists()
