"""Issue 12: "a backup can be exported for another machine with the passphrase".

The story: a coach moves to a new laptop. Practice A (the old laptop) exports a backup with
its wrapped key beside it; a fresh practice B on the new laptop (its own key) restores it with
A's recovery passphrase. B then holds A's clients, under B's key.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from app.paths import DataPaths
from app.persistence import backup, cipher, keyfile
from app.persistence.errors import BackupKeyNeeded, NotAPrivacyDeskDatabase, WrongPassphrase
from app.persistence.store import Store
from app.services import backups, clients, integrity
from app.services.errors import Conflict
from app.services.unlocking import create_practice
from tests.helpers.factories import NOW, make_client

EMAIL = "hester.prynne@example.org"
OLD_PASSPHRASE = "lantern orchard seven rivers"
NEW_PASSPHRASE = "copper kettle north window"


@pytest.fixture
def old_laptop(tmp_path):
    with create_practice(DataPaths(tmp_path / "old-laptop"), OLD_PASSPHRASE) as store:
        make_client(store, "Hester", "Prynne", email=EMAIL)
        make_client(store, "Arthur", "Dimmesdale")
        yield store


@pytest.fixture
def new_laptop(tmp_path):
    with create_practice(DataPaths(tmp_path / "new-laptop"), NEW_PASSPHRASE) as store:
        make_client(store, "Only", "Here")
        yield store


@pytest.fixture
def carried(old_laptop, tmp_path):
    """What the coach copies onto a USB stick from the old laptop."""
    stick = tmp_path / "usb-stick"
    stick.mkdir()
    return backups.export_for_another_computer(old_laptop, stick / "moving.sqlite3", now=NOW)


def _names(store: Store) -> list[str]:
    return sorted(row.name for row in clients.find_clients(store, ""))


def _everything_in(folder: Path) -> dict[str, bytes]:
    return {
        str(file.relative_to(folder)): file.read_bytes()
        for file in folder.rglob("*")
        if file.is_file()
    }


def test_an_exported_backup_is_the_encrypted_copy_and_the_practices_wrapped_key(
    carried, old_laptop
):
    assert carried.backup.name == "moving.sqlite3"
    assert carried.key_file == carried.backup.with_name("moving.sqlite3.key")
    for file in (carried.backup, carried.key_file):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file.name
    assert not cipher.is_plain_sqlite(carried.backup)
    # The same argon2id-wrapped key as the practice's own key file: the passphrase opens it.
    wrapped = keyfile.read(carried.key_file)
    assert keyfile.unwrap(wrapped, OLD_PASSPHRASE) == old_laptop.key


def test_the_carried_files_are_only_the_backup_and_its_key(carried):
    assert sorted(file.name for file in carried.backup.parent.iterdir()) == [
        "moving.sqlite3",
        "moving.sqlite3.key",
    ]


@pytest.mark.skipif(shutil.which("strings") is None, reason="needs binutils' strings")
def test_neither_carried_file_shows_a_clients_email(carried):
    for file in (carried.backup, carried.key_file):
        found = subprocess.run(
            ["strings", "-a", str(file)], capture_output=True, text=True, check=True
        ).stdout
        assert EMAIL not in found and "Prynne" not in found, file.name


def test_the_new_laptop_restores_the_old_practice_with_its_passphrase(
    carried, old_laptop, new_laptop
):
    expected = _names(old_laptop)
    with pytest.raises(BackupKeyNeeded, match="made by another practice"):
        backups.restore(new_laptop, carried.backup, now=NOW)
    backups.restore(new_laptop, carried.backup, passphrase=OLD_PASSPHRASE, now=NOW)
    assert _names(new_laptop) == expected
    assert integrity.check(new_laptop).ok, integrity.check(new_laptop).problems
    paths = new_laptop.paths
    own_key = new_laptop.key
    new_laptop.close()
    # The data is the new laptop's now: encrypted with its own key, which its keyring holds.
    with Store.open(paths) as again:
        assert again.key == own_key != old_laptop.key
        assert _names(again) == expected
        assert integrity.check(again).ok, integrity.check(again).problems
    assert keyfile.unwrap(keyfile.read(paths.key_file), NEW_PASSPHRASE) == own_key
    with cipher.connect(paths.database, old_laptop.key, read_only=True) as connection:
        assert not cipher.opens_with(connection)


def test_the_preview_reads_the_carried_backup_with_the_passphrase(carried, new_laptop):
    with pytest.raises(BackupKeyNeeded):
        backups.restore_preview(new_laptop, carried.backup)
    preview = backups.restore_preview(new_laptop, carried.backup, passphrase=OLD_PASSPHRASE)
    assert preview.made_at == NOW and preview.backup_newest_change == NOW


def test_a_wrong_passphrase_is_one_sentence_and_changes_nothing(carried, new_laptop):
    before = _everything_in(new_laptop.paths.home)
    with pytest.raises(WrongPassphrase) as refused:
        backups.restore(new_laptop, carried.backup, passphrase=NEW_PASSPHRASE, now=NOW)
    assert str(refused.value) == (
        "That recovery passphrase does not open moving.sqlite3.key: it needs the passphrase "
        "of the practice that made the backup."
    )
    assert _names(new_laptop) == ["Only Here"]
    assert _everything_in(new_laptop.paths.home).keys() == before.keys()


def test_a_carried_backup_without_its_key_file_says_which_file_it_needs(carried, new_laptop):
    carried.key_file.unlink()
    with pytest.raises(NotAPrivacyDeskDatabase) as refused:
        backups.restore(new_laptop, carried.backup, passphrase=OLD_PASSPHRASE, now=NOW)
    assert str(refused.value) == (
        f"{carried.backup} is not a Privacy Desk database, or it was made by another practice "
        "and needs its key file moving.sqlite3.key beside it (Export for another computer "
        "writes both)."
    )
    assert _names(new_laptop) == ["Only Here"]


def test_a_key_file_of_another_backup_is_refused(carried, new_laptop, tmp_path):
    with create_practice(DataPaths(tmp_path / "third"), OLD_PASSPHRASE) as third:
        keyfile.write(carried.key_file, keyfile.read(third.paths.key_file))
    with pytest.raises(NotAPrivacyDeskDatabase, match="is not the key of"):
        backups.restore(new_laptop, carried.backup, passphrase=OLD_PASSPHRASE, now=NOW)
    assert _names(new_laptop) == ["Only Here"]


def test_the_practice_that_exported_restores_it_without_a_passphrase(carried, old_laptop):
    make_client(old_laptop, "Later", "Client")
    backups.restore(old_laptop, carried.backup, now=NOW)
    assert _names(old_laptop) == ["Arthur Dimmesdale", "Hester Prynne"]


def test_a_folder_as_the_target_gets_a_dated_name(old_laptop, tmp_path):
    made = backups.export_for_another_computer(old_laptop, tmp_path, now=NOW)
    assert made.backup.parent == tmp_path and made.backup.name.endswith(".sqlite3")
    assert made.key_file == backup.key_file_of(made.backup) and made.key_file.is_file()


def test_a_key_file_that_cannot_be_written_leaves_no_backup(old_laptop, tmp_path, monkeypatch):
    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(keyfile, "write", full)
    with pytest.raises(Exception, match="disk is full"):
        backups.export_for_another_computer(old_laptop, tmp_path / "moving.sqlite3", now=NOW)
    assert list(tmp_path.glob("moving*")) == []


def test_a_plain_practice_is_encrypted_before_it_is_carried(tmp_path):
    plain = Store.open(DataPaths(tmp_path / "plain"), plain=True)
    with plain, pytest.raises(Conflict, match="encrypt it first"):
        backups.export_for_another_computer(plain, tmp_path / "moving.sqlite3", now=NOW)
    assert not (tmp_path / "moving.sqlite3").exists()


def test_a_plain_practice_cannot_take_in_an_encrypted_backup_of_another(carried, tmp_path):
    plain = Store.open(DataPaths(tmp_path / "plain"), plain=True)
    with plain, pytest.raises(Conflict, match="not encrypted"):
        backups.restore(plain, carried.backup, passphrase=OLD_PASSPHRASE, now=NOW)
