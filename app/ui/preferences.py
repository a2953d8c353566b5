"""Preferences of this installation (window layout, language, backups), kept in the data folder.

Kept beside the database rather than in the system's settings store, so tests and a second
practice on the same computer never see each other's window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from app.paths import DataPaths

DEFAULT_BACKUPS_KEPT = 10


class Preferences:
    def __init__(self, paths: DataPaths) -> None:
        self._paths = paths
        self._settings = QSettings(str(paths.home / "window.ini"), QSettings.Format.IniFormat)

    @property
    def data_folder(self) -> Path:
        return self._paths.home

    def _get(self, key: str, default):
        value = self._settings.value(key, default)
        return default if value is None else value

    @property
    def language(self) -> str | None:
        value = self._get("window/language", "")
        return value if value in ("en", "zh") else None

    @language.setter
    def language(self, value: str) -> None:
        self._settings.setValue("window/language", value)

    @property
    def backup_folder(self) -> Path:
        value = self._get("backups/folder", "")
        return Path(value) if value else self._paths.backups

    @backup_folder.setter
    def backup_folder(self, value: Path) -> None:
        self._settings.setValue("backups/folder", str(value))

    @property
    def backups_kept(self) -> int:
        try:
            return max(1, int(self._get("backups/kept", DEFAULT_BACKUPS_KEPT)))
        except (TypeError, ValueError):
            return DEFAULT_BACKUPS_KEPT

    @backups_kept.setter
    def backups_kept(self, value: int) -> None:
        self._settings.setValue("backups/kept", int(value))

    @property
    def automatic_backups(self) -> bool:
        return str(self._get("backups/automatic", "true")).lower() == "true"

    @automatic_backups.setter
    def automatic_backups(self, value: bool) -> None:
        self._settings.setValue("backups/automatic", "true" if value else "false")

    def window_geometry(self) -> QByteArray | None:
        value = self._settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def window_state(self) -> QByteArray | None:
        value = self._settings.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._settings.setValue("window/geometry", geometry)
        self._settings.setValue("window/state", state)

    def splitter(self, name: str) -> QByteArray | None:
        value = self._settings.value(f"splitters/{name}")
        return value if isinstance(value, QByteArray) else None

    def save_splitter(self, name: str, state: QByteArray) -> None:
        self._settings.setValue(f"splitters/{name}", state)

    def sync(self) -> None:
        self._settings.sync()
