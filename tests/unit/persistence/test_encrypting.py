"""Issue 12: a practice kept in a plain file is encrypted in place, verified, never lost."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import subprocess

import pytest

from app.cli import Output, main
from app.paths import DataPaths
from app.persistence import cipher, encrypting
from app.persistence.errors import StorageError
from app.persistence.store import Store
from app.services import backups, clients, encryption, integrity
from app.services.errors import Conflict
from tests.helpers.factories import NOW, make_client, make_sharing, make_vendor, withdraw_by_optout
from tests.helpers.practice import PASSPHRASE

EMAIL = "hester.prynne@example.org"


@pytest.fixture
def plain_store(tmp_path):
    """A practice from before encryption, with a client, a withdrawn consent and a backup."""
    with Store.open(DataPaths(tmp_path / "plain"), plain=True) as opened:
        client = make_client(opened, "Hester", "Prynne", email=EMAIL)
        withdraw_by_optout(opened, client, make_sharing(opened, make_vendor(opened)).id, at=NOW)
        backups.backup_now(opened, now=NOW)
        yield opened


def test_encrypting_keeps_every_record_and_leaves_no_plain_copy(plain_store):
    paths = plain_store.paths
    before = clients.find_clients(plain_store, "")
    done = encryption.encrypt_practice(plain_store, PASSPHRASE, PASSPHRASE)
    assert plain_store.encrypted and done.backups_encrypted == 1
    assert clients.find_clients(plain_store, "") == before  # the store goes on, now encrypted
    assert integrity.check(plain_store).ok
    assert not cipher.is_plain_sqlite(paths.database)
    assert [file.name for file in paths.home.iterdir() if ".plain" in file.name] == []
    assert not any(cipher.is_plain_sqlite(file) for file in paths.backups.glob("*.sqlite3"))
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(paths.database).execute("SELECT * FROM client").fetchall()
    plain_store.close()
    with Store.open(paths) as again:  # the key is in the keyring now
        assert again.encrypted and len(clients.find_clients(again, "")) == 1


@pytest.mark.skipif(shutil.which("strings") is None, reason="needs binutils' strings")
def test_after_encrypting_no_file_in_the_data_folder_shows_the_clients_email(plain_store):
    encryption.encrypt_practice(plain_store, PASSPHRASE)
    plain_store.close()
    for file in plain_store.paths.home.rglob("*"):
        if file.is_file():
            found = subprocess.run(
                ["strings", "-a", str(file)], capture_output=True, text=True, check=True
            ).stdout
            assert EMAIL not in found, file.name


def test_a_copy_that_does_not_verify_changes_nothing(plain_store, monkeypatch):
    def short_copy(source, target_file, key):
        real_export(source, target_file, key)
        with cipher.connect(target_file, key) as copy:
            copy.execute("DROP TRIGGER audit_log_no_delete")
            copy.execute("DELETE FROM audit_log WHERE id = 1")

    real_export = cipher.export
    monkeypatch.setattr(cipher, "export", short_copy)
    with pytest.raises(StorageError, match="did not match the practice"):
        encryption.encrypt_practice(plain_store, PASSPHRASE)
    assert not plain_store.encrypted and cipher.is_plain_sqlite(plain_store.paths.database)
    assert len(clients.find_clients(plain_store, "")) == 1
    assert not list(plain_store.paths.home.glob("*.encrypting*"))


def test_an_encrypted_practice_is_not_encrypted_again(store):
    with pytest.raises(Conflict, match="encrypted already"):
        encryption.encrypt_practice(store, PASSPHRASE)


def test_an_interrupted_swap_is_finished_at_the_next_open(plain_store):
    """Killed after the rename: the plain data under its second name is destroyed at start."""
    paths = plain_store.paths
    plain_store.close()
    database = paths.database
    leftover = database.with_name(database.name + encrypting.PLAIN_SUFFIX)
    shutil.copyfile(database, leftover)  # as if the encrypted copy had already replaced it
    os.link(database, database.with_name("second-name"))  # an unrelated hard link stays
    staged = database.with_name(database.name + encrypting.STAGED_SUFFIX)
    staged.write_bytes(b"half a copy")
    with Store.open(paths) as again:
        assert not again.encrypted
    assert not leftover.exists() and not staged.exists()


def test_a_plain_second_name_of_a_still_plain_database_is_only_unlinked(plain_store):
    """Killed between the link and the rename: the database is the plain file; keep it."""
    paths = plain_store.paths
    plain_store.close()
    second = paths.database.with_name(paths.database.name + encrypting.PLAIN_SUFFIX)
    os.link(paths.database, second)
    with Store.open(paths) as again:
        assert len(clients.find_clients(again, "")) == 1
    assert not second.exists()


def test_privacy_desk_encrypt_on_the_command_line(plain_store, monkeypatch):
    paths = plain_store.paths
    plain_store.close()
    monkeypatch.setattr("sys.stdin", io.StringIO())
    out, err = io.StringIO(), io.StringIO()
    assert main(["encrypt", "--data-dir", str(paths.home)], Output(out, err)) == 1
    assert "needs a new recovery passphrase" in err.getvalue()
    monkeypatch.setenv("PRIVACY_DESK_PASSPHRASE", PASSPHRASE)
    out = io.StringIO()
    assert main(["encrypt", "--data-dir", str(paths.home)], Output(out, io.StringIO())) == 0
    assert out.getvalue().startswith(f"Encrypted {paths.database} and 1 backup;")
    assert not cipher.is_plain_sqlite(paths.database)


def test_a_backup_from_before_encryption_restores_into_the_encrypted_practice(
    plain_store, tmp_path
):
    old_backup = backups.backup_now(plain_store, tmp_path / "before.sqlite3", now=NOW)
    assert cipher.is_plain_sqlite(old_backup)
    encryption.encrypt_practice(plain_store, PASSPHRASE)
    make_client(plain_store, "Added", "Later")
    backups.restore(plain_store, old_backup, now=NOW)
    assert [row.name for row in clients.find_clients(plain_store, "")] == ["Hester Prynne"]
    assert not cipher.is_plain_sqlite(plain_store.paths.database)
    assert integrity.check(plain_store).ok


def test_privacy_desk_encrypt_also_encrypts_a_named_backup_folder(
    plain_store, tmp_path, monkeypatch
):
    chosen = tmp_path / "chosen-backups"
    kept = backups.automatic_backup(plain_store, folder=chosen, now=NOW)
    paths = plain_store.paths
    plain_store.close()
    monkeypatch.setenv("PRIVACY_DESK_PASSPHRASE", PASSPHRASE)
    out = io.StringIO()
    argv = ["encrypt", "--backup-folder", str(chosen), "--data-dir", str(paths.home)]
    assert main(argv, Output(out, io.StringIO())) == 0
    assert out.getvalue().startswith(f"Encrypted {paths.database} and 2 backups;")
    assert not cipher.is_plain_sqlite(kept)
