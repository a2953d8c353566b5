"""Test set-up: offscreen Qt, a temporary data folder, one migrated template copied per test."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.helpers.fonts import fresh_machine_fontconfig

# Before anything imports Qt, and so no test ever touches the real user data folder.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["PRIVACY_DESK_HOME"] = str(Path(os.environ.get("TMPDIR", "/tmp")) / "pd-never-used")
os.environ.update(fresh_machine_fontconfig())
# The keyring is chosen through keyring's own setting: a test-only backend, shared with the
# tests' child processes through a file in a temporary folder (tests/helpers/memory_keyring.py).
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.helpers.memory_keyring.MemoryKeyring"
os.environ["PRIVACY_DESK_TEST_KEYRING"] = str(Path(tempfile.mkdtemp(prefix="pd-keyring-")) / "keys")
os.environ.pop("PRIVACY_DESK_PASSPHRASE", None)  # a developer's own must not unlock test files

from app.paths import DataPaths
from app.persistence import keyfile
from app.persistence.store import Store
from tests.helpers.practice import FAST_COST, copy_template, new_practice

# argon2id's real work (0.37 s) only where a test asks for it: see tests/helpers/practice.py.
keyfile.DEFAULT_COST = FAST_COST


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that need a QApplication are marked `gui`, so `-m "not gui"` runs without Qt."""
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "qtbot" in fixtures or "qapp" in fixtures or "tests/ui" in str(item.path):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("default-home")
    monkeypatch.setenv("PRIVACY_DESK_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated once through the real migrations, encrypted; copied (with its key file) for
    every test that needs a store. Its key is in the test keyring, so copies open as is."""
    folder = tmp_path_factory.mktemp("template")
    with new_practice(DataPaths(folder)):
        pass
    return folder / "privacy-desk.sqlite3"


@pytest.fixture
def data_paths(tmp_path: Path, template_database: Path) -> DataPaths:
    return copy_template(template_database, DataPaths(tmp_path / "practice"))


@pytest.fixture
def store(data_paths: DataPaths):
    with Store.open(data_paths) as opened:
        yield opened


@pytest.fixture
def empty_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This computer's keyring holds no key (a new laptop, a reset keychain), for one test."""
    file = tmp_path / "empty-keyring"
    monkeypatch.setenv("PRIVACY_DESK_TEST_KEYRING", str(file))
    return file
