"""Issue 12: a new practice sets its recovery passphrase; the passphrase opens it anywhere."""

from __future__ import annotations

import shutil

import pytest

from app.domain.errors import ValidationError
from app.paths import DataPaths
from app.persistence import keychain, keyfile
from app.persistence.errors import KeyNeeded, WrongPassphrase
from app.services import unlocking
from app.services.errors import Conflict
from tests.helpers.factories import make_client
from tests.helpers.practice import PASSPHRASE


def test_a_new_practice_keeps_its_key_in_the_keyring_and_wrapped_beside_it(tmp_path):
    paths = DataPaths(tmp_path / "new")
    assert unlocking.is_new(paths)
    with unlocking.create_practice(paths, PASSPHRASE, PASSPHRASE) as store:
        assert store.encrypted
        wrapped = keyfile.read(paths.key_file)
        assert keychain.load(wrapped.practice_id) == store.key
        assert keyfile.unwrap(wrapped, PASSPHRASE) == store.key
    assert not unlocking.is_new(paths)


@pytest.mark.parametrize(
    ("passphrase", "confirmation", "says"),
    [
        ("short one", None, "at least 12 characters"),
        ("abababababababab", None, "at least 6 different characters"),
        (" lantern orchard seven", None, "cannot begin or end with a space"),
        (PASSPHRASE, PASSPHRASE + "!", "not the same"),
    ],
)
def test_a_weak_or_mistyped_passphrase_is_refused_and_nothing_is_made(
    tmp_path, passphrase, confirmation, says
):
    paths = DataPaths(tmp_path / "new")
    with pytest.raises(ValidationError, match=says):
        unlocking.create_practice(paths, passphrase, confirmation)
    assert not paths.database.exists() and not paths.key_file.exists()


def test_a_folder_that_holds_a_practice_is_not_set_up_again(data_paths):
    with pytest.raises(Conflict, match="already holds a practice"):
        unlocking.create_practice(data_paths, PASSPHRASE)


def test_on_another_computer_the_passphrase_opens_the_practice_and_keeps_its_key(
    store, tmp_path, empty_keyring
):
    ref = make_client(store, "Hester", "Prynne").ref
    store.close()
    elsewhere = DataPaths(tmp_path / "other-computer")
    shutil.copytree(store.paths.home, elsewhere.home)
    with pytest.raises(KeyNeeded):
        unlocking.open_practice(elsewhere)
    with unlocking.open_practice(elsewhere, PASSPHRASE) as opened:
        assert [row.ref for row in unlocking_clients(opened)] == [ref]
    with unlocking.open_practice(elsewhere) as again:  # the keyring has the key now
        assert again.encrypted


def unlocking_clients(store):
    from app.services.clients import find_clients

    return find_clients(store, "")


def test_a_wrong_passphrase_says_so_in_one_sentence_and_never_blames_the_file(
    data_paths, empty_keyring
):
    with pytest.raises(WrongPassphrase) as refused:
        unlocking.open_practice(data_paths, "lantern orchard seven river")
    assert str(refused.value) == "That recovery passphrase does not open this practice."
    assert "not a Privacy Desk database" not in str(refused.value)
    with unlocking.open_practice(data_paths, PASSPHRASE):  # nothing was locked or changed
        pass
