"""Test set-up: offscreen Qt, a temporary data folder, one migrated template copied per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers.fonts import fresh_machine_fontconfig

# Before anything imports Qt, and so no test ever touches the real user data folder.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["PRIVACY_DESK_HOME"] = str(Path(os.environ.get("TMPDIR", "/tmp")) / "pd-never-used")
os.environ.update(fresh_machine_fontconfig())

from app.paths import DataPaths
from app.persistence.store import Store


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
    """Migrated once through the real migrations; copied for every test that needs a store."""
    folder = tmp_path_factory.mktemp("template")
    with Store.open(DataPaths(folder)):
        pass
    return folder / "privacy-desk.sqlite3"


@pytest.fixture
def data_paths(tmp_path: Path, template_database: Path) -> DataPaths:
    paths = DataPaths(tmp_path / "practice")
    paths.home.mkdir(mode=0o700)
    shutil.copyfile(template_database, paths.database)
    return paths


@pytest.fixture
def store(data_paths: DataPaths):
    with Store.open(data_paths) as opened:
        yield opened
