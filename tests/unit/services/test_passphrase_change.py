"""Issue 12: the coach replaces a recovery passphrase that was written down badly or may have
been seen. The practice key stays the same; only its wrapping in privacy-desk.key changes."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import text

from app.domain.errors import ValidationError
from app.paths import DataPaths
from app.persistence import keyfile
from app.persistence.errors import KeyNeeded, WrongPassphrase
from app.persistence.store import Store
from app.services import recovery, unlocking
from app.services.errors import Conflict
from tests.helpers.factories import ACTOR, NOW, make_client
from tests.helpers.practice import PASSPHRASE, practice_key

NEW = "copper kettle under the bridge"


def _change(store, new=NEW, confirmation=NEW, *, old=PASSPHRASE):
    recovery.change_passphrase(store, new, confirmation, old=old, actor=ACTOR, now=NOW)


def _audit_actions(store) -> list[tuple[str, str, str]]:
    with store.reader.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text("SELECT action, entity, fields FROM audit_log ORDER BY id")
            )
        ]


def test_the_new_passphrase_opens_the_practice_elsewhere_and_the_old_one_no_longer_does(
    store, tmp_path, empty_keyring
):
    ref = make_client(store, "Hester", "Prynne").ref
    database_before = store.paths.database.read_bytes()[:4096]
    _change(store)
    # The same key: the database was not re-encrypted (its first page, with SQLCipher's salt,
    # is as it was), and the keyring's copy still opens it.
    assert store.paths.database.read_bytes()[:4096] == database_before
    wrapped = keyfile.read(store.paths.key_file)
    assert keyfile.unwrap(wrapped, NEW) == store.key
    assert wrapped.cost == keyfile.DEFAULT_COST  # argon2id at today's cost
    store.close()
    elsewhere = DataPaths(tmp_path / "other-computer")
    shutil.copytree(store.paths.home, elsewhere.home)
    with pytest.raises(WrongPassphrase):
        unlocking.open_practice(elsewhere, PASSPHRASE)
    with unlocking.open_practice(elsewhere, NEW) as opened:
        from app.services.clients import find_clients

        assert [row.ref for row in find_clients(opened, "")] == [ref]


def test_a_wrong_old_passphrase_is_one_sentence_and_nothing_changes(store):
    key_file_before = store.paths.key_file.read_bytes()
    audit_before = _audit_actions(store)
    with pytest.raises(WrongPassphrase) as refused:
        _change(store, old="lantern orchard seven river")
    assert str(refused.value) == (
        "That is not the current recovery passphrase, so nothing was changed."
    )
    assert store.paths.key_file.read_bytes() == key_file_before
    assert _audit_actions(store) == audit_before
    assert not store.paths.key_file.with_name("privacy-desk.key.partial").exists()


@pytest.mark.parametrize(
    ("new", "confirmation", "says"),
    [
        ("short one", "short one", "at least 12 characters"),
        ("abababababababab", "abababababababab", "at least 6 different characters"),
        (NEW, NEW + "!", "not the same"),
        (PASSPHRASE, PASSPHRASE, "the same as the current one"),
    ],
)
def test_a_weak_mistyped_or_unchanged_new_passphrase_is_refused_and_nothing_changes(
    store, new, confirmation, says
):
    key_file_before = store.paths.key_file.read_bytes()
    with pytest.raises(ValidationError, match=says):
        _change(store, new, confirmation)
    assert store.paths.key_file.read_bytes() == key_file_before


def test_the_change_is_in_the_audit_log_naming_how_the_owner_was_proven(store):
    _change(store)
    assert _audit_actions(store)[-1] == ("change_passphrase", "practice", "old_passphrase")


def test_a_lost_passphrase_is_replaced_when_this_computers_keyring_holds_the_key(store):
    _change(store, old=None)
    assert keyfile.unwrap(keyfile.read(store.paths.key_file), NEW) == store.key
    assert _audit_actions(store)[-1] == ("change_passphrase", "practice", "keyring")


def test_without_the_keyring_a_lost_passphrase_cannot_be_replaced(
    data_paths, empty_keyring, monkeypatch
):
    # No keyring at all on this computer (a server, a Linux session without D-Bus).
    monkeypatch.setattr("app.persistence.keychain.available", lambda: False)
    monkeypatch.setattr("app.persistence.keychain.save", lambda *_a: False)
    with unlocking.open_practice(data_paths, PASSPHRASE) as store:
        key_file_before = store.paths.key_file.read_bytes()
        with pytest.raises(KeyNeeded, match="the current recovery passphrase is needed"):
            _change(store, old=None)
        assert store.paths.key_file.read_bytes() == key_file_before
        _change(store)  # with the old passphrase it works as anywhere
        assert keyfile.unwrap(keyfile.read(store.paths.key_file), NEW) == store.key


def test_a_plain_practice_has_no_passphrase_to_change(tmp_path):
    with (
        Store.open(DataPaths(tmp_path / "plain"), plain=True) as store,
        pytest.raises(Conflict, match="not encrypted"),
    ):
        _change(store)


def test_whether_this_computers_keyring_holds_the_key_is_told_as_it_is(store, monkeypatch):
    assert recovery.key_in_keyring(store) is True
    monkeypatch.setenv("PRIVACY_DESK_TEST_KEYRING", str(store.paths.home / "another-keyring"))
    assert recovery.key_in_keyring(store) is False


def test_a_new_recovery_sheet_is_made_only_for_the_current_passphrase(store):
    pdf = recovery.recovery_sheet_pdf(store, PASSPHRASE, lang="en", today=NOW.date())
    assert pdf.startswith(b"%PDF")
    with pytest.raises(WrongPassphrase, match="so no sheet was made"):
        recovery.recovery_sheet_pdf(store, "not the passphrase", lang="en", today=NOW.date())
    _change(store)
    with pytest.raises(WrongPassphrase):
        recovery.recovery_sheet_pdf(store, PASSPHRASE, lang="en", today=NOW.date())
    assert recovery.recovery_sheet_pdf(store, NEW, lang="zh", today=NOW.date()).startswith(b"%PDF")


def test_the_key_file_keeps_the_same_practice_and_key(store):
    before = keyfile.read(store.paths.key_file)
    _change(store)
    after = keyfile.read(store.paths.key_file)
    assert after.practice_id == before.practice_id
    assert after.salt != before.salt and after.nonce != before.nonce
    assert practice_key_with(store.paths, NEW) == practice_key(_old_copy(before, store.paths))


def practice_key_with(paths: DataPaths, passphrase: str) -> bytes:
    return keyfile.unwrap(keyfile.read(paths.key_file), passphrase)


def _old_copy(wrapped, paths: DataPaths) -> DataPaths:
    copy = DataPaths(paths.home.parent / "old-key")
    copy.home.mkdir()
    keyfile.write(copy.key_file, wrapped)
    return copy


class Killed(BaseException):
    """Stands for SIGKILL at one point of the change: nothing after it runs."""


@pytest.mark.parametrize("at", ["first fsync", "rename", "folder fsync"])
def test_a_change_stopped_at_any_write_leaves_the_old_key_file_or_the_new_one(
    data_paths, monkeypatch, at
):
    import os

    real_fsync, real_replace = os.fsync, os.replace
    calls = {"fsync": 0}

    def fsync(descriptor):
        calls["fsync"] += 1
        # The audit entry's commit syncs through SQLite, not here: the first os.fsync is the
        # new key file's, the second the folder's after the rename.
        if (at, calls["fsync"]) in (("first fsync", 1), ("folder fsync", 2)):
            raise Killed
        return real_fsync(descriptor)

    def replace(source, target):
        if at == "rename":
            raise Killed
        return real_replace(source, target)

    with Store.open(data_paths) as store:
        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "replace", replace)
        with pytest.raises(Killed):
            _change(store)
        monkeypatch.undo()
    wrapped = keyfile.read(data_paths.key_file)  # whole, never torn
    opens = [p for p in (PASSPHRASE, NEW) if _unwraps(wrapped, p)]
    assert opens == ([NEW] if at == "folder fsync" else [PASSPHRASE])
    with Store.open(data_paths):  # and the next start sweeps the half-made one
        assert not keyfile.partial_of(data_paths.key_file).exists()


def _unwraps(wrapped, passphrase: str) -> bool:
    try:
        keyfile.unwrap(wrapped, passphrase)
    except WrongPassphrase:
        return False
    return True
