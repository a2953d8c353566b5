"""How strong a recovery passphrase must be: it alone opens a lost practice's file on paper.

The passphrase is stretched by argon2id (persistence/keyfile.py), so a guess costs about a
third of a second; a dozen characters from several kinds keep guessing out of reach, and a few
ordinary words ("lantern orchard seven rivers") pass as well as random symbols.
"""

from __future__ import annotations

import unicodedata

from app.domain.errors import N_, ValidationError

FIELD = "passphrase"
MIN_LENGTH = 12
MIN_DISTINCT = 6  # "aaaaaaaaaaaa" and "121212121212" are long but not strong


def check_passphrase(passphrase: str, confirmation: str | None = None) -> str:
    """The passphrase as it will be used (NFC), or ValidationError saying what to change."""
    normalised = unicodedata.normalize("NFC", passphrase)
    if normalised != normalised.strip():
        raise ValidationError(
            FIELD, N_("The recovery passphrase cannot begin or end with a space.")
        )
    if len(normalised) < MIN_LENGTH:
        raise ValidationError(
            FIELD,
            N_("The recovery passphrase needs at least {count} characters."),
            count=MIN_LENGTH,
        )
    if len(set(normalised.casefold())) < MIN_DISTINCT:
        raise ValidationError(
            FIELD,
            N_("The recovery passphrase needs at least {count} different characters."),
            count=MIN_DISTINCT,
        )
    if confirmation is not None and unicodedata.normalize("NFC", confirmation) != normalised:
        raise ValidationError(FIELD, N_("The two passphrases are not the same."))
    return normalised


def check_replacement(new: str, confirmation: str | None, old: str | None) -> str:
    """A new passphrase in place of `old` (None: not known): strong, confirmed, and different."""
    new = check_passphrase(new, confirmation)
    if old is not None and normalise(old) == new:
        raise ValidationError(
            FIELD, N_("The new recovery passphrase is the same as the current one.")
        )
    return new


def normalise(passphrase: str) -> str:
    """The same text typed on another keyboard (composed or not) unwraps the same key."""
    return unicodedata.normalize("NFC", passphrase)
