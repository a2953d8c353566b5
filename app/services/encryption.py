"""Encrypting a practice kept in plain SQLite (from before encryption was the default)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import N_
from app.domain.passphrases import check_passphrase
from app.persistence import anchors, cipher, encrypting, keychain, keyfile
from app.persistence.errors import StorageError
from app.persistence.store import Store
from app.services.errors import Conflict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EncryptionDone:
    backups_encrypted: int  # plain backups in the backup folders, now encrypted
    backups_left_plain: int  # damaged ones that could not be copied (left as they were)
    key_in_keyring: bool  # False: every start will ask for the passphrase
    anchors_signed_again: int = 0  # old backups' anchors, keyed now
    anchors_kept_aside: int = 0  # old anchors their backup did not agree with (*.unkeyed)


def encrypt_practice(
    store: Store,
    passphrase: str,
    confirmation: str | None = None,
    *,
    cost: keyfile.KdfCost | None = None,
    backup_folders: Iterable[Path] = (),
) -> EncryptionDone:
    """Encrypt the practice's file under a new key wrapped by `passphrase`, then its backups.

    Backups are those in the practice's backups folder and in `backup_folders` (the window's
    automatic backups may go elsewhere); a folder that is not there (an unplugged disk) is
    passed over. Each backup's anchor is signed again with the new key when the backup
    agrees with it.

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
    folders = _folders(store, backup_folders)
    # Anchors written before there was a key carry no HMAC, so they prove nothing; once the
    # practice has a key an unkeyed anchor reads as tampering. So before the file is encrypted
    # (a kill after it must not leave one where check looks) the data folder's goes (it is
    # written again, keyed, at the end) and the backups' are set aside, to be signed again.
    (store.paths.home / anchors.ANCHOR_FILE).unlink(missing_ok=True)
    aside = [moved for folder in folders for moved in anchors.set_aside_unkeyed(folder)]
    store.encrypt(key)
    # Old backups are the same personal data in plain text: they get the same treatment.
    plain_backups = [
        file
        for folder in folders
        for file in sorted(folder.glob("*.sqlite3"))
        if cipher.is_plain_sqlite(file)
    ]
    left_plain = 0
    for file in plain_backups:
        try:
            encrypting.encrypt_file(file, key)
        except (StorageError, cipher.DatabaseError) as error:
            log.warning("a plain backup could not be encrypted: %s", type(error).__name__)
            left_plain += 1
    signed, kept_aside = _sign_again(aside, key, store.anchor_key)
    store.write_anchor()
    log.info(
        "practice encrypted; %d plain backups encrypted, %d anchors signed again, %d kept aside",
        len(plain_backups) - left_plain,
        signed,
        kept_aside,
    )
    return EncryptionDone(
        backups_encrypted=len(plain_backups) - left_plain,
        backups_left_plain=left_plain,
        key_in_keyring=in_keyring,
        anchors_signed_again=signed,
        anchors_kept_aside=kept_aside,
    )


def _folders(store: Store, extra: Iterable[Path]) -> list[Path]:
    """The practice's backups folder and each other one that exists, each once."""
    folders: list[Path] = []
    for folder in (store.paths.backups, *extra):
        if folder.is_dir() and not any(folder.samefile(known) for known in folders):
            folders.append(folder)
    return folders


def _sign_again(aside: list[Path], key: bytes, anchor_key: bytes | None) -> tuple[int, int]:
    """Each set-aside anchor keyed again where its backup agrees; (signed, kept aside)."""
    assert anchor_key is not None  # the practice is encrypted by now
    signed = kept = 0
    for old in aside:
        if not anchors.backup_of_unkeyed(old).is_file():
            old.unlink(missing_ok=True)  # its backup was deleted: it anchors nothing
        elif anchors.sign_again(old, key=key, anchor_key=anchor_key):
            signed += 1
        else:
            kept += 1
            # Names only the suffix: a backup's file name may be the coach's own words.
            log.warning(
                "a backup's old ledger anchor does not match its backup (or either cannot be "
                "read); it is kept aside, unsigned, as *%s",
                anchors.UNKEYED_SUFFIX,
            )
    return signed, kept
