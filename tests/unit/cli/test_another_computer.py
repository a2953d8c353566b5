"""Issue 12, headless: `backup --for-another-computer` writes the copy and its key; `restore`
on the other computer takes that practice's passphrase from a named variable or a terminal."""

from __future__ import annotations

import io

import pytest

from app.paths import DataPaths
from app.persistence.store import Store
from app.services import clients, integrity
from app.services.unlocking import create_practice
from tests.helpers.cli import run_command as run
from tests.helpers.factories import make_client

OLD_PASSPHRASE = "lantern orchard seven rivers"
NEW_PASSPHRASE = "copper kettle north window"


@pytest.fixture(autouse=True)
def no_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO())


@pytest.fixture
def laptops(tmp_path):
    old, new = DataPaths(tmp_path / "old"), DataPaths(tmp_path / "new")
    with create_practice(old, OLD_PASSPHRASE) as store:
        make_client(store, "Hester", "Prynne")
    with create_practice(new, NEW_PASSPHRASE) as store:
        make_client(store, "Only", "Here")
    return old, new


def _names(paths: DataPaths) -> list[str]:
    with Store.open(paths) as store:
        return [row.name for row in clients.find_clients(store, "")]


def _carry(old: DataPaths, target) -> str:
    code, out, err = run(
        "backup", "--to", str(target), "--for-another-computer", "--data-dir", str(old.home)
    )
    assert (code, err) == (0, ""), err
    return out


def test_a_backup_for_another_computer_says_what_to_carry(laptops, tmp_path):
    old, _new = laptops
    out = _carry(old, tmp_path / "moving.sqlite3")
    assert out == (
        f"Carry both {tmp_path / 'moving.sqlite3'} and {tmp_path / 'moving.sqlite3.key'} to the "
        "other computer; restoring them there asks this practice's recovery passphrase.\n"
    )


def test_a_backup_for_another_computer_needs_to(laptops):
    old, _new = laptops
    code, _out, err = run("backup", "--for-another-computer", "--data-dir", str(old.home))
    assert code == 1
    assert err == (
        "privacy-desk: Name with --to where the backup for another computer goes (a USB "
        "stick, a shared folder).\n"
    )


def test_restore_takes_the_other_practices_passphrase_from_a_named_variable(
    laptops, tmp_path, monkeypatch
):
    old, new = laptops
    _carry(old, tmp_path / "moving.sqlite3")
    monkeypatch.setenv("PRIVACY_DESK_PASSPHRASE", NEW_PASSPHRASE)  # the new laptop's own
    monkeypatch.setenv("OLD_LAPTOP", OLD_PASSPHRASE)
    code, out, err = run(
        "restore",
        str(tmp_path / "moving.sqlite3"),
        "--passphrase-from-env",
        "OLD_LAPTOP",
        "--data-dir",
        str(new.home),
    )
    assert (code, err) == (0, ""), err
    assert out.startswith(f"Restored from {tmp_path / 'moving.sqlite3'}.")
    assert _names(new) == ["Hester Prynne"]
    with Store.open(new) as store:
        assert integrity.check(store).ok
    assert run("check", "--data-dir", str(new.home))[0] == 0


def test_restore_without_the_passphrase_and_no_terminal_says_how_to_give_it(laptops, tmp_path):
    old, new = laptops
    _carry(old, tmp_path / "moving.sqlite3")
    code, out, err = run("restore", str(tmp_path / "moving.sqlite3"), "--data-dir", str(new.home))
    assert (code, out) == (1, "")
    assert err == (
        f"privacy-desk: {tmp_path / 'moving.sqlite3'} was made by another practice: give that "
        "practice's recovery passphrase with --passphrase-from-env NAME, or run the command on "
        "a terminal to type it.\n"
    )
    assert _names(new) == ["Only Here"]


def test_restore_asks_the_other_practices_passphrase_on_a_terminal(laptops, tmp_path, monkeypatch):
    old, new = laptops
    _carry(old, tmp_path / "moving.sqlite3")
    asked = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr(
        "app.cli.output.getpass.getpass",
        lambda prompt, stream=None: asked.append(prompt) or OLD_PASSPHRASE,
    )
    code, _out, err = run("restore", str(tmp_path / "moving.sqlite3"), "--data-dir", str(new.home))
    assert (code, err) == (0, ""), err
    assert asked == ["Recovery passphrase of the practice that made this backup: "]
    assert _names(new) == ["Hester Prynne"]


def test_a_wrong_passphrase_or_an_unset_variable_is_one_sentence(laptops, tmp_path, monkeypatch):
    old, new = laptops
    _carry(old, tmp_path / "moving.sqlite3")
    monkeypatch.setenv("OLD_LAPTOP", NEW_PASSPHRASE)
    backup = str(tmp_path / "moving.sqlite3")
    code, _out, err = run(
        "restore", backup, "--passphrase-from-env", "OLD_LAPTOP", "--data-dir", str(new.home)
    )
    assert code == 1
    assert err == (
        "privacy-desk: That recovery passphrase does not open moving.sqlite3.key: it needs the "
        "passphrase of the practice that made the backup.\n"
    )
    code, _out, err = run(
        "restore", backup, "--passphrase-from-env", "UNSET_HERE", "--data-dir", str(new.home)
    )
    assert code == 1 and err.count("\n") == 1 and "UNSET_HERE is not set" in err
    assert _names(new) == ["Only Here"]
