"""The practice key wrapped by the recovery passphrase: a small file beside the database.

The key itself is 32 random bytes kept in the operating system's keyring (keychain.py). This
file lets the recovery passphrase bring it back on another machine, or when the keyring lost
it: argon2id stretches the passphrase into a key-encryption key, and AES-256-GCM (an AEAD:
a wrong passphrase or an edited file fails its tag, never yields a wrong key) seals the
practice key with it. Everything needed to unwrap is in the file but the passphrase.

    {"format": 1, "practice": "<id>", "kdf": "argon2id", "salt": "<b64>", "time_cost": 3,
     "memory_kib": 65536, "parallelism": 1, "aead": "AES-256-GCM", "nonce": "<b64>",
     "ciphertext": "<b64>"}
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app.domain.errors import N_
from app.persistence import durable
from app.persistence.cipher import KEY_BYTES
from app.persistence.errors import NotAPrivacyDeskDatabase, WrongPassphrase

FORMAT = 1
SALT_BYTES = 16
NONCE_BYTES = 12  # GCM's own size; a fresh random nonce for every wrapping


@dataclass(frozen=True)
class KdfCost:
    """argon2id's work factors. Measured here: t=3, 64 MiB 0.37 s (PITFALLS)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 1


# RFC 9106's second recommended option is t=3 with 64 MiB: slow enough that guessing
# passphrases from a stolen laptop's key file costs a third of a second each, once per unlock.
DEFAULT_COST = KdfCost()


@dataclass(frozen=True)
class WrappedKey:
    practice_id: str
    salt: bytes
    cost: KdfCost
    nonce: bytes
    ciphertext: bytes = b""

    def header(self) -> bytes:
        """What the tag also covers: change a parameter or the practice and unwrapping fails."""
        fields = {
            "format": FORMAT,
            "practice": self.practice_id,
            "kdf": "argon2id",
            "salt": _b64(self.salt),
            "time_cost": self.cost.time_cost,
            "memory_kib": self.cost.memory_kib,
            "parallelism": self.cost.parallelism,
            "aead": "AES-256-GCM",
            "nonce": _b64(self.nonce),
        }
        return json.dumps(fields, sort_keys=True).encode()

    def to_json(self) -> str:
        fields = json.loads(self.header())
        fields["ciphertext"] = _b64(self.ciphertext)
        return json.dumps(fields, indent=1, sort_keys=True) + "\n"


def new_practice_id() -> str:
    return secrets.token_hex(8)


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def _key_encryption_key(passphrase: str, salt: bytes, cost: KdfCost) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=cost.time_cost,
        memory_cost=cost.memory_kib,
        parallelism=cost.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def wrap(
    key: bytes, passphrase: str, *, practice_id: str, cost: KdfCost | None = None
) -> WrappedKey:
    cost = cost or DEFAULT_COST
    sealed = WrappedKey(
        practice_id=practice_id,
        salt=secrets.token_bytes(SALT_BYTES),
        cost=cost,
        nonce=secrets.token_bytes(NONCE_BYTES),
    )
    kek = _key_encryption_key(passphrase, sealed.salt, cost)
    ciphertext = AESGCM(kek).encrypt(sealed.nonce, key, sealed.header())
    return WrappedKey(sealed.practice_id, sealed.salt, cost, sealed.nonce, ciphertext)


def unwrap(wrapped: WrappedKey, passphrase: str) -> bytes:
    """The practice key; WrongPassphrase when the passphrase (or the file) does not match."""
    kek = _key_encryption_key(passphrase, wrapped.salt, wrapped.cost)
    try:
        key = AESGCM(kek).decrypt(wrapped.nonce, wrapped.ciphertext, wrapped.header())
    except InvalidTag:
        raise WrongPassphrase(N_("That recovery passphrase does not open this practice.")) from None
    if len(key) != KEY_BYTES:  # pragma: no cover - only a file we did not write
        raise WrongPassphrase(N_("That recovery passphrase does not open this practice."))
    return key


def read(file: Path) -> WrappedKey | None:
    """The key file, or None when there is none; a damaged one is refused in words."""
    try:
        fields = json.loads(file.read_text(encoding="utf-8"))
        if fields.get("format") != FORMAT or fields.get("kdf") != "argon2id":
            raise ValueError("unknown key file format")
        return WrappedKey(
            practice_id=str(fields["practice"]),
            salt=_unb64(fields["salt"]),
            cost=KdfCost(
                time_cost=int(fields["time_cost"]),
                memory_kib=int(fields["memory_kib"]),
                parallelism=int(fields["parallelism"]),
            ),
            nonce=_unb64(fields["nonce"]),
            ciphertext=_unb64(fields["ciphertext"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        raise NotAPrivacyDeskDatabase(
            N_("The practice's key file {file} is damaged or not a Privacy Desk key file."),
            file=file,
        ) from None


def write(file: Path, wrapped: WrappedKey) -> None:
    """Owner-only, complete or absent: written beside, flushed to disk, then renamed.

    Replacing a key file (a new passphrase) is one rename: at every moment the name holds the
    old file or the new one. The folder is flushed too, so once this returns the new one
    survives a power cut (the coach may destroy the old sheet right after).
    """
    durable.write_whole(file, wrapped.to_json().encode("utf-8"))


def partial_of(file: Path) -> Path:
    """Where `write` puts the new file before its rename (a kill may leave it behind)."""
    return durable.partial_of(file)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
