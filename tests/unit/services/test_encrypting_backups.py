"""Encrypting a plain practice also encrypts the backups the window keeps in a folder of the
coach's choosing, and keeps each old backup's anchor, signed again with the new key."""

from __future__ import annotations

import logging

import pytest

from app.paths import DataPaths
from app.persistence import anchors, cipher
from app.persistence.database import make_engine
from app.persistence.store import Store
from app.services import backups, encryption, integrity
from tests.helpers.factories import NOW, make_client
from tests.helpers.practice import PASSPHRASE


@pytest.fixture
def plain_store(tmp_path):
    with Store.open(DataPaths(tmp_path / "plain"), plain=True) as opened:
        make_client(opened, "Hester", "Prynne", email="hester.prynne@example.org")
        yield opened


def _heads_of(file, key) -> dict:
    engine = make_engine(file, key=key, for_writing=False)
    try:
        with engine.connect() as connection:
            return anchors.chain_heads(connection)
    finally:
        engine.dispose()


def test_plain_backups_in_the_chosen_backup_folder_are_encrypted_too(plain_store, tmp_path):
    chosen = tmp_path / "usb-backups"
    kept = backups.automatic_backup(plain_store, folder=chosen, now=NOW)
    backups.backup_now(plain_store, now=NOW)  # one in the practice's own backups folder
    done = encryption.encrypt_practice(plain_store, PASSPHRASE, backup_folders=[chosen])
    assert (done.backups_encrypted, done.backups_left_plain) == (2, 0)
    assert not cipher.is_plain_sqlite(kept)
    assert not any(cipher.is_plain_sqlite(file) for file in chosen.glob("*.sqlite3"))


def test_a_missing_chosen_folder_is_no_failure(plain_store, tmp_path):
    done = encryption.encrypt_practice(
        plain_store, PASSPHRASE, backup_folders=[tmp_path / "unplugged-stick"]
    )
    assert done.backups_encrypted == 0 and plain_store.encrypted


def test_each_old_backups_anchor_is_signed_again_with_the_new_key(plain_store, tmp_path):
    chosen = tmp_path / "usb-backups"
    in_chosen = backups.automatic_backup(plain_store, folder=chosen, now=NOW)
    own = backups.backup_now(plain_store, now=NOW)
    written = {
        file: anchors.read_anchor(anchors.sidecar_of(file), key=None).written_at
        for file in (own, in_chosen)
    }
    make_client(plain_store, "Arthur", "Dimmesdale")  # the ledgers move on past the backups
    encryption.encrypt_practice(plain_store, PASSPHRASE, backup_folders=[chosen])
    for file in (own, in_chosen):
        anchor = anchors.read_anchor(anchors.sidecar_of(file), key=plain_store.anchor_key)
        assert anchor.keyed and anchor.written_at == written[file]
        assert anchor.heads == _heads_of(file, plain_store.key)
    assert list(plain_store.paths.backups.glob("*.unkeyed")) == []
    report = integrity.check(plain_store)
    assert report.ok, report.problems


def test_an_anchor_that_does_not_match_its_backup_is_kept_aside_and_said_in_the_log(
    plain_store, caplog
):
    own = backups.backup_now(plain_store, now=NOW)
    make_client(plain_store, "Arthur", "Dimmesdale")
    # The sidecar now records ledgers the backup does not hold (as if the backup were cut).
    plain_store.write_anchor(anchors.sidecar_of(own))
    with caplog.at_level(logging.WARNING):
        encryption.encrypt_practice(plain_store, PASSPHRASE)
    assert not anchors.sidecar_of(own).exists()
    aside = anchors.sidecar_of(own).with_name(anchors.sidecar_of(own).name + ".unkeyed")
    assert aside.is_file()
    assert "does not match its backup" in caplog.text
    assert "Prynne" not in caplog.text and "Dimmesdale" not in caplog.text
    report = integrity.check(plain_store)
    assert report.ok, report.problems
