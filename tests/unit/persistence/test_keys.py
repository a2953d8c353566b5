"""The practice key: wrapped by the passphrase in the key file, kept in the keyring."""

from __future__ import annotations

import json
import stat
import time

import pytest

from app.persistence import keychain, keyfile
from app.persistence.errors import NotAPrivacyDeskDatabase, WrongPassphrase
from tests.helpers.practice import FAST_COST

PASSPHRASE = "correct horse battery staple"


def test_the_passphrase_unwraps_the_same_key_and_a_wrong_one_is_one_sentence(tmp_path):
    key = keyfile.new_key()
    file = tmp_path / "privacy-desk.key"
    keyfile.write(file, keyfile.wrap(key, PASSPHRASE, practice_id="abc", cost=FAST_COST))
    assert keyfile.unwrap(keyfile.read(file), PASSPHRASE) == key
    with pytest.raises(WrongPassphrase) as refused:
        keyfile.unwrap(keyfile.read(file), "correct horse battery stapler")
    assert str(refused.value) == "That recovery passphrase does not open this practice."


def test_the_key_file_is_owner_only_and_holds_no_key_in_the_clear(tmp_path):
    key = keyfile.new_key()
    file = tmp_path / "privacy-desk.key"
    keyfile.write(file, keyfile.wrap(key, PASSPHRASE, practice_id="abc", cost=FAST_COST))
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    text = file.read_text()
    assert key.hex() not in text and PASSPHRASE not in text
    fields = json.loads(text)
    assert (fields["kdf"], fields["aead"]) == ("argon2id", "AES-256-GCM")
    assert not list(tmp_path.glob("*.partial"))


def test_changing_a_work_factor_in_the_file_makes_unwrapping_fail_not_weaker(tmp_path):
    file = tmp_path / "privacy-desk.key"
    keyfile.write(
        file, keyfile.wrap(keyfile.new_key(), PASSPHRASE, practice_id="a", cost=FAST_COST)
    )
    fields = json.loads(file.read_text())
    fields["time_cost"] = 2  # the header is authenticated with the key
    file.write_text(json.dumps(fields))
    with pytest.raises(WrongPassphrase):
        keyfile.unwrap(keyfile.read(file), PASSPHRASE)


def test_a_damaged_key_file_is_refused_in_words(tmp_path):
    file = tmp_path / "privacy-desk.key"
    file.write_text("{not json")
    with pytest.raises(NotAPrivacyDeskDatabase, match=r"key file .* is damaged"):
        keyfile.read(file)


def test_the_shipped_work_factors_are_argon2ids_recommended_ones():
    """RFC 9106's second recommendation; measured here about 0.37 s (PITFALLS)."""
    assert keyfile.KdfCost() == keyfile.KdfCost(time_cost=3, memory_kib=65536, parallelism=1)
    started = time.perf_counter()
    keyfile.wrap(keyfile.new_key(), PASSPHRASE, practice_id="a", cost=keyfile.KdfCost())
    assert time.perf_counter() - started > 0.05  # real work: not a test-sized cost


def test_the_keyring_keeps_and_forgets_the_key():
    key = keyfile.new_key()
    assert keychain.save("test-keeps", key)
    assert keychain.load("test-keeps") == key
    keychain.forget("test-keeps")
    assert keychain.load("test-keeps") is None


class PlaintextKeyring:
    """Stands for keyrings.alt's file backend, which writes secrets in base64 to a file."""

    def get_password(self, service, username):
        return "00" * 32

    def set_password(self, service, username, password):
        raise AssertionError("the key must never be given to a plaintext keyring")


PlaintextKeyring.__module__ = "keyrings.alt.file"


def test_a_plaintext_keyring_backend_is_never_used(monkeypatch):
    import keyring

    monkeypatch.setattr(keyring, "get_keyring", PlaintextKeyring)
    assert not keychain.available()
    assert keychain.save("x", keyfile.new_key()) is False
    assert keychain.load("x") is None


def test_no_keyring_at_all_means_no_key_not_an_error(monkeypatch):
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    assert keychain.save("x", keyfile.new_key()) is False
    assert keychain.load("x") is None
