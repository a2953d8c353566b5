"""A practice's key: creating an encrypted practice, and opening one with its passphrase.

The key is 32 random bytes kept in the keyring; the recovery passphrase wraps the same key in
the key file beside the database, so it opens the practice on another machine or when the
keyring has lost the key (and then puts the key back in the keyring).
"""

from __future__ import annotations

import os

from app.domain.errors import N_
from app.domain.passphrases import check_passphrase, normalise
from app.paths import DataPaths
from app.persistence import cipher, keychain, keyfile
from app.persistence.database import prepare_folder
from app.persistence.errors import (
    KeyNeeded,
    NotAPrivacyDeskDatabase,
    PracticeNotSetUp,
    WrongPassphrase,
)
from app.persistence.store import Store
from app.services.erasure.files import destroy_erased_files
from app.services.errors import Conflict

PASSPHRASE_VARIABLE = "PRIVACY_DESK_PASSPHRASE"

__all__ = [
    "PASSPHRASE_VARIABLE",
    "KeyNeeded",
    "PracticeNotSetUp",
    "WrongPassphrase",
    "create_practice",
    "is_new",
    "open_practice",
    "passphrase_from_environment",
    "unlock_key",
]


def is_new(paths: DataPaths) -> bool:
    """Nothing recorded here yet: the first start, which sets the recovery passphrase."""
    return cipher.is_empty(paths.database) and not paths.key_file.exists()


def passphrase_from_environment() -> str | None:
    return os.environ.get(PASSPHRASE_VARIABLE) or None


def create_practice(
    paths: DataPaths,
    passphrase: str,
    confirmation: str | None = None,
    *,
    cost: keyfile.KdfCost | None = None,
) -> Store:
    """A new, encrypted practice: a fresh key, wrapped by `passphrase`, kept in the keyring.

    Raises:
        ValidationError: the passphrase is too weak, or the confirmation differs.
        Conflict: the folder already holds a practice.
    """
    passphrase = check_passphrase(passphrase, confirmation)
    if not cipher.is_empty(paths.database):
        raise Conflict(N_("{folder} already holds a practice."), folder=paths.home)
    prepare_folder(paths)
    key = keyfile.new_key()
    practice_id = keyfile.new_practice_id()
    # The key file first: a key only the keyring holds would be lost with the keyring.
    keyfile.write(paths.key_file, keyfile.wrap(key, passphrase, practice_id=practice_id, cost=cost))
    keychain.save(practice_id, key)
    return Store.open(paths, key)


def unlock_key(paths: DataPaths, passphrase: str) -> bytes:
    """The practice key from its key file and the recovery passphrase; kept in the keyring after.

    Raises:
        WrongPassphrase: "That recovery passphrase does not open this practice."
    """
    wrapped = keyfile.read(paths.key_file)
    if wrapped is None:
        raise NotAPrivacyDeskDatabase(
            N_("This practice has no key file ({file}), so no passphrase can open it."),
            file=paths.key_file,
        )
    key = keyfile.unwrap(wrapped, normalise(passphrase))
    keychain.save(wrapped.practice_id, key)
    return key


def open_practice(paths: DataPaths, passphrase: str | None = None) -> Store:
    """Open with the keyring's key, or with `passphrase` unwrapping the key file.

    Raises:
        KeyNeeded: encrypted, no key in the keyring, and no passphrase given.
        PracticeNotSetUp: nothing here yet (create_practice sets it up).
        WrongPassphrase: the passphrase does not unwrap the key.
    """
    store = (
        Store.open(paths)
        if passphrase is None
        else Store.open(paths, unlock_key(paths, passphrase))
    )
    # An erasure killed between its commit and its files' removal is finished here.
    destroy_erased_files(store)
    return store
