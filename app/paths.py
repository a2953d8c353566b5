"""Every location Privacy Desk reads or writes, each overridable."""

from __future__ import annotations

import configparser
import importlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "PrivacyDesk"
HOME_ENVIRONMENT_VARIABLE = "PRIVACY_DESK_HOME"
DATABASE_FILE_NAME = "privacy-desk.sqlite3"
KEY_FILE_NAME = "privacy-desk.key"
PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class DataPaths:
    """The folders and files of one practice's data directory."""

    home: Path

    @property
    def database(self) -> Path:
        return self.home / DATABASE_FILE_NAME

    @property
    def key_file(self) -> Path:
        """The practice key wrapped by the recovery passphrase (persistence/keyfile.py)."""
        return self.home / KEY_FILE_NAME

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def evidence(self) -> Path:
        return self.home / "evidence"

    @property
    def documents(self) -> Path:
        return self.home / "documents"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def lock_file(self) -> Path:
        return self.home / "privacy-desk.lock"


def backup_folder_setting(paths: DataPaths) -> Path:
    """The backup folder the window's Settings chose (its window.ini), else the default.

    Read without Qt for the headless commands (the incident plan prints it). QSettings
    (Qt 6) writes UTF-8, `folder=...` under `[backups]`, quoted when the path holds a comma,
    each backslash doubled; any other escape is not read here, and the default is named.
    """
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(paths.home / "window.ini", encoding="utf-8")
        value = parser.get("backups", "folder", fallback="").strip()
    except (configparser.Error, OSError, UnicodeDecodeError):
        value = ""
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    if not value or "\\" in value.replace("\\\\", ""):
        return paths.backups
    return Path(value.replace("\\\\", "\\"))


def default_home() -> Path:
    """The user data directory, unless PRIVACY_DESK_HOME names another."""
    override = os.environ.get(HOME_ENVIRONMENT_VARIABLE)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def data_paths(data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
    """The paths for an explicit --data-dir, or the default home."""
    home = Path(data_dir).expanduser() if data_dir else default_home()
    return DataPaths(home=home.absolute())


def resources_dir() -> Path:
    """Fonts, icons, translations: the top-level resources/ folder, installed as app.resources."""
    found = resources.files("app.resources")
    if isinstance(found, Path):
        return found
    # WORKAROUND: a namespace package (a frozen build whose folder lost its __init__.py) gives
    # a MultiplexedPath, and str() of that is "MultiplexedPath('...')", not a folder. Its
    # __path__ names the real folders either way.
    package = importlib.import_module("app.resources")
    return Path(next(iter(package.__path__)))


def migrations_dir() -> Path:
    return PACKAGE_DIR / "persistence" / "migrations"
