"""The practice key in the system's keyring (Credential Manager, Keychain, Secret Service).

The keyring is a convenience, never the only copy: the recovery passphrase unwraps the key
file whenever the keyring has nothing (keyfile.py). So every failure here means "no key",
never an error: a Linux session without D-Bus gives keyring's fail backend, a locked
keychain refuses, a server has none at all.
"""

from __future__ import annotations

import logging

from app.persistence.cipher import KEY_BYTES

log = logging.getLogger(__name__)

SERVICE = "Privacy Desk"
# keyrings.alt's backends write secrets in base64 to a file next to the user's home: with
# them the key would sit in plain view of whoever copies the disk. Never use one.
_PLAINTEXT_BACKENDS = ("keyrings.alt",)


def _account(practice_id: str) -> str:
    return f"practice-{practice_id}"


def _backend():
    """The keyring's chosen backend, or None when it is absent, failing or plaintext."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # pragma: no cover - keyring is a dependency
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return None
    if type(backend).__module__.startswith(_PLAINTEXT_BACKENDS):
        log.warning("ignoring the plaintext keyring backend %s", type(backend).__name__)
        return None
    return backend


def available() -> bool:
    return _backend() is not None


def load(practice_id: str) -> bytes | None:
    backend = _backend()
    if backend is None:
        return None
    try:
        stored = backend.get_password(SERVICE, _account(practice_id))
    except Exception as error:  # any backend's refusal (locked, denied, D-Bus gone)
        log.info("the keyring gave no key: %s", type(error).__name__)
        return None
    if stored is None:
        return None
    try:
        key = bytes.fromhex(stored)
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def save(practice_id: str, key: bytes) -> bool:
    """Keep the key in the keyring; False when there is no usable keyring."""
    backend = _backend()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, _account(practice_id), key.hex())
    except Exception as error:
        log.warning("the keyring refused the key: %s", type(error).__name__)
        return False
    return True


def forget(practice_id: str) -> None:
    backend = _backend()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, _account(practice_id))
    except Exception as error:
        log.info("the keyring had no key to forget: %s", type(error).__name__)
