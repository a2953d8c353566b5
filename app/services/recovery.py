"""The recovery passphrase after it was chosen: the sheet that keeps it on paper, and its change.

The passphrase is never stored: the sheet is made only from one typed again and proven to
unwrap the practice's key, and a change re-wraps the same key (the file is not re-encrypted).
"""

from __future__ import annotations

import contextlib
import errno
import hmac
import os
from datetime import UTC, date, datetime
from pathlib import Path

from app.documents.recovery_sheet import RecoverySheet, RecoverySheetData
from app.domain.errors import N_, ValidationError
from app.domain.passphrases import check_replacement, normalise
from app.persistence import keychain, keyfile
from app.persistence.database import unit_of_work
from app.persistence.errors import DiskFull, KeyNeeded, NotAPrivacyDeskDatabase, WrongPassphrase
from app.persistence.ledgers import append_audit
from app.persistence.store import Store
from app.services.document_files import OWNER_ONLY
from app.services.errors import Conflict
from app.services.practice import PRACTICE_ID, get_practice

NOTHING_CHANGED = N_("That is not the current recovery passphrase, so nothing was changed.")
NO_SHEET = N_("That is not the current recovery passphrase, so no sheet was made.")


def key_in_keyring(store: Store) -> bool:
    """Whether this computer's keyring holds the key that opens this practice (False when plain)."""
    wrapped = keyfile.read(store.paths.key_file) if store.encrypted else None
    if wrapped is None:
        return False
    kept = keychain.load(wrapped.practice_id)
    return kept is not None and hmac.compare_digest(kept, store.key)


def recovery_sheet_pdf(store: Store, passphrase: str, *, lang: str, today: date) -> bytes:
    """The sheet's PDF in `lang`, on the practice's paper, for the passphrase typed just now.

    It is unwrapped first (a third of a second, on the caller's worker): a sheet that keeps a
    mistyped passphrase on paper would be found wrong only the day it is needed.

    Raises:
        WrongPassphrase: it does not open this practice's key file; no sheet was made.
    """
    _proven_key(store, passphrase, refusal=NO_SHEET)
    profile = get_practice(store)
    data = RecoverySheetData(
        practice_name=profile.name,
        passphrase=normalise(passphrase),
        data_folder=str(store.paths.home),
        key_file_name=store.paths.key_file.name,
        made_on=today,
    )
    return RecoverySheet(data, lang=lang, paper=profile.paper_size).render().data


def change_passphrase(
    store: Store,
    new: str,
    confirmation: str | None,
    *,
    old: str | None,
    actor: str,
    now: datetime | None = None,
    cost: keyfile.KdfCost | None = None,
) -> None:
    """Wrap the practice's key under `new` in place of the current recovery passphrase.

    `old` is the current passphrase. None means the coach lost it: allowed only while this
    computer's keyring holds the key. Asking the old one "anyway" would protect little: a
    person at this unlocked session can already read every record in the window and take the
    key itself from the keyring (any program of the session may), or delete the folder. What
    it would cost is the case this exists for: a passphrase written down wrong, found out
    while the keyring still opens the records and before the laptop is lost. The audit log
    says which proof was given, and the old one is still checked whenever it is typed.

    Raises:
        ValidationError: `new` is too weak, differs from `confirmation`, or is the old one.
        WrongPassphrase: `old` is not the current passphrase; nothing was changed.
        KeyNeeded: `old` is None and the keyring does not hold the key.
        Conflict: the practice is not encrypted, so it has no passphrase.
    """
    if not store.encrypted:
        raise Conflict(N_("This practice is not encrypted, so it has no recovery passphrase."))
    new = check_replacement(new, confirmation, old)
    wrapped = _key_file(store)
    if old is not None:
        _proven_key(store, old, refusal=NOTHING_CHANGED)
        proof = "old_passphrase"
    elif key_in_keyring(store):
        proof = "keyring"
    else:
        raise KeyNeeded(
            N_(
                "This computer's keyring does not hold the practice's key, so the current "
                "recovery passphrase is needed to change it."
            )
        )
    # The same practice id (the keyring's entry is named by it), a fresh salt and nonce, and
    # argon2id at today's cost even if the old file was made with a lower one.
    rewrapped = keyfile.wrap(store.key, new, practice_id=wrapped.practice_id, cost=cost)
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        append_audit(
            session,
            at=now,
            actor=actor,
            action="change_passphrase",
            entity="practice",
            entity_id=PRACTICE_ID,
            fields=(proof,),
        )
        session.flush()  # the entry is written and checked before the key file is replaced
        # The key file last inside the transaction: a refusal before here changes nothing.
        # It is replaced whole by rename (keyfile.write), so a kill leaves the old file or
        # the new one, never neither; a kill between the rename and the commit leaves the new
        # passphrase in force without its audit entry, the lesser of the two half-states.
        keyfile.write(store.paths.key_file, rewrapped)


def _key_file(store: Store) -> keyfile.WrappedKey:
    wrapped = keyfile.read(store.paths.key_file)
    if wrapped is None:
        raise NotAPrivacyDeskDatabase(
            N_("This practice has no key file ({file}), so it has no recovery passphrase."),
            file=store.paths.key_file,
        )
    return wrapped


def _proven_key(store: Store, passphrase: str, *, refusal: str) -> bytes:
    """The key `passphrase` unwraps from the key file, proven to be the one that opens the file."""
    if not store.encrypted:
        raise Conflict(N_("This practice is not encrypted, so it has no recovery passphrase."))
    try:
        key = keyfile.unwrap(_key_file(store), normalise(passphrase))
    except WrongPassphrase:
        raise WrongPassphrase(refusal) from None
    if not hmac.compare_digest(key, store.key):
        raise NotAPrivacyDeskDatabase(
            N_("The key file {file} belongs to another practice."), file=store.paths.key_file
        )
    return key


def save_sheet(target: Path, pdf: bytes) -> None:
    """The sheet into `target` itself, owner-only, flushed: it holds the passphrase, so no
    temporary copy is left beside it (a kill leaves at most a short file under the name asked).

    Raises:
        DiskFull, ValidationError: it could not be written (nothing is left behind).
    """
    try:
        descriptor = os.open(target, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, OWNER_ONLY)
        try:
            with contextlib.suppress(OSError):  # a file that was there keeps no wider mode
                os.fchmod(descriptor, OWNER_ONLY)
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(pdf)
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            with contextlib.suppress(OSError):
                target.unlink()
            raise
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull(N_("The disk is full, so the recovery sheet was not saved.")) from None
        raise ValidationError(
            "out",
            N_("Cannot write {file} ({reason}), so the recovery sheet was not saved."),
            file=target,
            reason=error.strerror or type(error).__name__,
        ) from None
