"""Issue 12: headless commands find the key in the keyring, else PRIVACY_DESK_PASSPHRASE,
else a prompt on a terminal, else say in one sentence how to give it."""

from __future__ import annotations

import io

import pytest

from app.paths import DataPaths
from app.persistence import cipher
from tests.helpers.cli import run_command as run
from tests.helpers.practice import PASSPHRASE


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch):
    """pytest's stdin is not a terminal; say so even when pytest runs with -s."""
    monkeypatch.setattr("sys.stdin", io.StringIO())


def test_a_command_uses_the_keyrings_key_without_asking(data_paths):
    code, out, err = run("clients", "list", "--json", "--data-dir", str(data_paths.home))
    assert (code, out.strip(), err) == (0, "[]", "")


def test_without_the_keyring_the_passphrase_comes_from_the_environment(
    data_paths, empty_keyring, monkeypatch
):
    code, _, err = run("check", "--data-dir", str(data_paths.home))
    assert code == 1 and err.count("\n") == 1
    assert "set PRIVACY_DESK_PASSPHRASE to its recovery passphrase" in err
    monkeypatch.setenv("PRIVACY_DESK_PASSPHRASE", PASSPHRASE)
    assert run("check", "--data-dir", str(data_paths.home))[0] == 0


def test_a_wrong_passphrase_in_the_environment_is_one_clear_sentence(
    data_paths, empty_keyring, monkeypatch
):
    monkeypatch.setenv("PRIVACY_DESK_PASSPHRASE", "not the right passphrase")
    code, out, err = run("check", "--data-dir", str(data_paths.home))
    assert (code, out) == (1, "")
    assert err == "privacy-desk: That recovery passphrase does not open this practice.\n"


def test_the_passphrase_is_typed_on_a_terminal_when_there_is_one(
    data_paths, empty_keyring, monkeypatch
):
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr(
        "app.cli.output.getpass.getpass",
        lambda prompt, stream=None: asked.append(prompt) or PASSPHRASE,
    )
    assert run("check", "--data-dir", str(data_paths.home))[0] == 0
    assert asked == ["Recovery passphrase of this practice: "]


def test_a_new_practice_from_the_command_line_is_encrypted(tmp_path, monkeypatch):
    folder = tmp_path / "new"
    code, _, err = run("clients", "list", "--data-dir", str(folder))
    assert code == 1 and "A new practice needs a recovery passphrase" in err
    assert not DataPaths(folder).database.exists()
    monkeypatch.setenv("PRIVACY_DESK_PASSPHRASE", PASSPHRASE)
    assert run("clients", "list", "--data-dir", str(folder))[0] == 0
    assert not cipher.is_plain_sqlite(DataPaths(folder).database)
    assert DataPaths(folder).key_file.exists()
