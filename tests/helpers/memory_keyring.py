"""A test-only keyring backend: the tests' stand-in for the desktop keyring (never shipped).

tests/conftest.py selects it through keyring's own setting, PYTHON_KEYRING_BACKEND, so no
test needs D-Bus or a desktop session and none touches the developer's real keyring.
Secrets live in this process's memory; when PRIVACY_DESK_TEST_KEYRING names a file, they are
also written there, so the child processes of a test (the kill trials, the command line run
as a program) find the keys their parent set. That file is in the test's temporary folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_VARIABLE = "PRIVACY_DESK_TEST_KEYRING"


class MemoryKeyring(KeyringBackend):
    priority = 0.1  # never chosen by keyring's own search; only when named

    def __init__(self) -> None:
        super().__init__()
        self._secrets: dict[str, str] = {}

    def _file(self) -> Path | None:
        named = os.environ.get(FILE_VARIABLE)
        return Path(named) if named else None

    def _load(self) -> dict[str, str]:
        file = self._file()
        if file is not None:
            self._secrets = json.loads(file.read_text()) if file.exists() else {}
        return self._secrets

    def _store(self) -> None:
        file = self._file()
        if file is not None:
            partial = file.with_name(file.name + ".partial")
            partial.write_text(json.dumps(self._secrets))
            partial.replace(file)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        self._load()[f"{service}\n{username}"] = password
        self._store()

    def delete_password(self, service: str, username: str) -> None:
        if self._load().pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError("no such secret")
        self._store()
