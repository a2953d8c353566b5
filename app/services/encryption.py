"""Encrypting a practice kept in plain SQLite (from before encryption was the default)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from app.domain.errors import N_
from app.domain.passphrases import check_passphrase
from app.persistence import anchors, cipher, encrypting, keychain, keyfile
from app.persistence.errors import StorageError
from app.persistence.store import Store
from app.services.errors import Conflict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EncryptionDone:
    backups_encrypted: int  # plain backups in the practice's backups folder, now encrypted
    backups_left_plain: int  # damaged ones that could not be copied (left as they were)
    key_in_keyring: bool  # False: every start will ask for the passphrase


def encrypt_practice(
    store: Store,
    passphrase: str,
    confirmation: str | None = None,
    *,
    cost: keyfile.KdfCost | None = None,
) -> EncryptionDone:
    """Encrypt the practice's file under a new key wrapped by `passphrase`, then its backups.

    Raises:
        ValidationError: the passphrase is too weak, or the confirmation differs.
        Conflict: the practice is encrypted already.
        StorageError: the encrypted copy did not verify (the practice is as it was).
    """
    if store.encrypted:
        raise Conflict(N_("This practice is encrypted already."))
    passphrase = check_passphrase(passphrase, confirmation)
    key = keyfile.new_key()
    practice_id = keyfile.new_practice_id()
    # The key is kept before any byte is encrypted with it: a kill from here on leaves a
    # practice whose key is on record (while the file is still plain, the key file is unused).
    keyfile.write(
        store.paths.key_file, keyfile.wrap(key, passphrase, practice_id=practice_id, cost=cost)
    )
    in_keyring = keychain.save(practice_id, key)
    # Anchors written before there was a key carry no HMAC, so they prove nothing; once the
    # practice has a key an unkeyed anchor reads as tampering. They go before the file is
    # encrypted (a kill after it must not leave one), and the folder is anchored again, keyed,
    # once it is (a backup's next anchor comes with the next backup).
    _drop_unkeyed_anchors(store)
    store.encrypt(key)
    # Old backups are the same personal data in plain text: they get the same treatment.
    plain_backups = [
        file
        for file in sorted(store.paths.backups.glob("*.sqlite3"))
        if cipher.is_plain_sqlite(file)
    ]
    left_plain = 0
    for file in plain_backups:
        try:
            encrypting.encrypt_file(file, key)
        except (StorageError, cipher.DatabaseError) as error:
            log.warning("a plain backup could not be encrypted: %s", type(error).__name__)
            left_plain += 1
    store.write_anchor()
    log.info("practice encrypted; %d plain backups encrypted", len(plain_backups) - left_plain)
    return EncryptionDone(
        backups_encrypted=len(plain_backups) - left_plain,
        backups_left_plain=left_plain,
        key_in_keyring=in_keyring,
    )


def _drop_unkeyed_anchors(store: Store) -> None:
    (store.paths.home / anchors.ANCHOR_FILE).unlink(missing_ok=True)
    for sidecar in store.paths.backups.glob(f"*{anchors.SIDECAR_SUFFIX}"):
        sidecar.unlink(missing_ok=True)
