"""Starting the window: QApplication, fonts, language, the data folder, errors, the smoke check.

The window is shown first and the practice's file opened after its first paint, on the
database worker: opening imports the database libraries (half a second) and may upgrade the
file (longer), and a person should see the window, not nothing, while that happens.
"""

from __future__ import annotations

import importlib
import json
import logging
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QElapsedTimer,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
    Signal,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.errors import DomainError
from app.paths import DataPaths, resources_dir
from app.services.identity import current_user
from app.ui import display
from app.ui.context import AppContext, show_crash
from app.ui.fonts import bundled_families
from app.ui.preferences import Preferences
from app.ui.text import _, error_text, load_date_words, set_language
from app.ui.unlocking import EncryptionBanner, PassphraseAsker
from app.ui.worker import DatabaseWorker, LongTask

if TYPE_CHECKING:
    from app.persistence.store import Store
    from app.ui.main_window import MainWindow

log = logging.getLogger(__name__)
AUTOMATIC_BACKUP_EVERY = timedelta(days=1)
OPEN_WITHOUT_PAINT_AFTER_MS = 500


def load_bundled_fonts(app: QApplication) -> None:
    """Chinese needs a font with its glyphs; ship one rather than show boxes (PITFALLS)."""
    families = bundled_families()
    if families:
        font = app.font()
        font.setFamilies([font.family(), *families])
        app.setFont(font)


def apply_locale(language: str, app: QApplication | None = None) -> None:
    """Dates, numbers and Qt's own buttons follow the window language (bare "C" is en_GB)."""
    if language == "zh":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        if app is not None:
            _install_qt_translation(app, "qtbase_zh_CN")
    elif QLocale.system().name() in ("C", "POSIX") or not QLocale.system().name().startswith("en"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))


def _install_qt_translation(app: QApplication, name: str) -> None:
    """Qt's standard buttons (Save, Cancel) come from Qt's own catalogue, shipped with PySide6."""
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(name, folder):
        app.installTranslator(translator)


def choose_language(requested: str | None, preferences: Preferences) -> str:
    if requested in ("en", "zh"):
        return requested
    if preferences.language:
        return preferences.language
    return "zh" if QLocale.system().name().startswith("zh") else "en"


def program_icon() -> QIcon:
    """The program's icon in the title bar and the task bar, where no menu entry gives one
    (the icons are drawn once from packaging/icons/privacy-desk.svg: packaging/render_icons.py)."""
    icon = QIcon()
    for file in sorted((resources_dir() / "icons").glob("privacy-desk-*.png")):
        icon.addFile(str(file))
    return icon


def run_window(paths: DataPaths, *, language: str | None, smoke: bool, started: float) -> int:
    preferences = Preferences(paths)
    chosen = choose_language(language, preferences)
    set_language(chosen)
    missing = None if QApplication.instance() else display.missing_for_window()
    if missing is not None:  # before Qt would abort the process with its plugin message
        print(_(missing), file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Privacy Desk")
    app.setOrganizationName("Privacy Desk")
    # Wayland matches the window to its menu entry (and icon) by this name (packaging/linux).
    app.setDesktopFileName("org.privacydesk.PrivacyDesk")
    app.setWindowIcon(program_icon())
    apply_locale(chosen, app)
    load_bundled_fonts(app)
    load_date_words()
    log_file = paths.logs / "privacy-desk.log"
    worker = DatabaseWorker()
    # While the window is built and painted, the worker (idle until then) loads the code
    # that opens the records: a second of imports that used to start after the first paint.
    worker.submit(_load_records_code)
    context = AppContext(None, worker, actor=current_user(), log_file=log_file)
    from app.ui.main_window import MainWindow  # after the language is chosen

    window = MainWindow(context, preferences)
    sys.excepthook = lambda kind, error, trace: _on_uncaught(window, error, trace, log_file)
    worker.unhandled_error.connect(lambda error: context.show_error(error, window))
    opening = RecordsOpening(window, paths, smoke=smoke)
    if smoke:
        report = SmokeReport(app, window, started)
        opening.failed.connect(report.fail)
    else:
        context.store_opened.connect(
            lambda: QTimer.singleShot(2_000, lambda: _automatic_backup(window, preferences))
        )
    window.first_painted.connect(opening.start)
    # A window started minimised may not paint: open the records anyway.
    QTimer.singleShot(OPEN_WITHOUT_PAINT_AFTER_MS, opening.start)
    window.show()
    try:
        return app.exec()
    finally:
        # An upgrade in progress is never cut short: the window is gone, the work finishes.
        worker.stop(wait_ms=None if opening.in_progress else 10_000)
        opening.close_store()


class RecordsOpening(QObject):
    """Opens the practice's file on the database worker once the window is painted."""

    failed = Signal(str)

    def __init__(self, window: MainWindow, paths: DataPaths, *, smoke: bool) -> None:
        super().__init__(window)
        self._window = window
        self._paths = paths
        self._smoke = smoke
        self._opened: list[Store] = []  # filled on the worker, so it is closed even if unused
        self._started = False
        self._finished = False
        self._asker = PassphraseAsker(window, paths, self._retry)

    @property
    def in_progress(self) -> bool:
        return self._started and not self._finished

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        self._window.statusBar().showMessage(_("Opening your records…"))
        self._submit(lambda: _unlock(self._paths))

    def _retry(self, open_store: Callable[[], Store]) -> None:
        """Open again another way (with the passphrase just typed), after a refusal."""
        self._finished = False
        self._window.statusBar().showMessage(_("Opening your records…"))
        self._submit(open_store)

    def _submit(self, open_store: Callable[[], Store]) -> None:
        self._window.context.worker.submit(
            lambda: self._open(open_store), self._on_opened, self._on_failed
        )

    def _open(self, open_store: Callable[[], Store]) -> tuple[Store, tzinfo, str]:
        from app.services.optouts import practice_place

        try:
            store = open_store()
            self._opened.append(store)
            # Not warmed here: Babel's locale data unpickles holding the GIL (30 ms), which
            # starves the window more (measured: longest pause 77-113 ms -> 109-177 ms) than
            # loading it on the GUI thread with the first date a page writes.
            return store, *practice_place(store)
        finally:
            self._finished = True

    def _on_opened(self, opened: tuple[Store, tzinfo, str]) -> None:
        self._window.statusBar().clearMessage()
        store, zone, country = opened
        context = self._window.context
        context.attach_store(store, zone, country)
        if not store.encrypted:
            self._window.show_banner(
                EncryptionBanner(context, self._window, self._window.preferences)
            )
        if self._asker.after_open is not None:
            self._asker.after_open(context)
            self._asker.after_open = None

    def _on_failed(self, error: BaseException) -> None:
        """In words, then the program ends: there is nothing to do without the records.

        Except what a passphrase answers (a first start, a keyring without the key): then
        the dialog asks for it, and the records open once it is given.
        """
        if not self._smoke and self._asker.take(error):
            return
        if isinstance(error, DomainError):
            log.warning("could not open the data folder: %s", type(error).__name__)
            message = error_text(error)
        else:  # a bug or an unforeseen system error: the details go to the log
            log.error("opening the records failed", exc_info=(type(error), error, None))
            message = _(
                "Privacy Desk could not open your records ({kind}). "
                "The details are in the log file: {log}"
            ).format(kind=type(error).__name__, log=self._window.context.log_file)
        if not self._smoke:
            QMessageBox.critical(self._window, _("Privacy Desk"), message)
        self.failed.emit(str(error) or type(error).__name__)
        QApplication.instance().exit(1)

    def close_store(self) -> None:
        for store in self._opened:
            store.close()
        self._opened.clear()


def _load_records_code() -> None:
    """On the database worker: what opening the records imports (the services, SQLAlchemy's
    SQLite dialect, the keyring's backends), so the GUI thread never imports them and the
    file opens as soon as the window is painted. The first pages' code comes after Today's
    load (MainWindow._on_store_opened): it is not needed to open the file."""
    from app.persistence import keychain

    for module in (
        "app.services.optouts",
        "app.services.unlocking",
        "sqlalchemy.dialects.sqlite",
    ):
        importlib.import_module(module)
    keychain.available()  # keyring finds its backends through the installed packages


def _unlock(paths: DataPaths) -> Store:
    """The keyring's key; else PRIVACY_DESK_PASSPHRASE, as for a command (a script's start).

    Without either, the refusal comes back to the GUI thread, whose dialog asks.
    """
    from app.services import unlocking

    try:
        return unlocking.open_practice(paths)
    except unlocking.KeyNeeded:
        passphrase = unlocking.passphrase_from_environment()
        if passphrase is None:
            raise
        return unlocking.open_practice(paths, passphrase)
    except unlocking.PracticeNotSetUp:
        passphrase = unlocking.passphrase_from_environment()
        if passphrase is None:
            raise
        return unlocking.create_practice(paths, passphrase)


class SmokeReport(QObject):
    """`--smoke`: when the window was painted, when it was ready, how long it ever froze.

    "Shown" is the first paint of the window (navigation, menus, Today saying the records
    are opening); "ready" is when Today lists what is on record and every page can be used;
    the longest pause is the longest time between them that the window did not respond.
    """

    def __init__(self, app: QApplication, window: MainWindow, started: float) -> None:
        super().__init__(window)
        self._app = app
        self._started = started
        self._report: dict[str, float] = {}
        self._longest_pause_ms = 0
        self._beat = QElapsedTimer()
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(5)
        self._heartbeat.timeout.connect(self._on_heartbeat)
        window.first_painted.connect(self._on_shown)
        window.today_page.loaded.connect(self._on_ready)
        QTimer.singleShot(30_000, lambda: app.exit(2))  # never hang a script

    def _elapsed(self) -> float:
        return round(time.perf_counter() - self._started, 3)

    def _on_shown(self) -> None:
        self._report["shown_s"] = self._elapsed()
        self._beat.start()
        self._heartbeat.start()

    def _on_heartbeat(self) -> None:
        self._longest_pause_ms = max(self._longest_pause_ms, self._beat.restart())

    def _on_ready(self) -> None:
        if "ready_s" in self._report:
            return
        self._on_heartbeat()
        self._heartbeat.stop()
        self._report["ready_s"] = self._elapsed()
        self._report["longest_pause_ms"] = self._longest_pause_ms
        peak = _peak_memory_mb()
        if peak is not None:
            self._report["peak_rss_mb"] = peak
        print(json.dumps(self._report), flush=True)
        self._app.exit(0)

    def fail(self, message: str) -> None:
        print(json.dumps({"error": message}), file=sys.stderr, flush=True)


def _on_uncaught(window, error: BaseException, trace, log_file: Path) -> None:
    log.error("uncaught error", exc_info=(type(error), error, trace))
    show_crash(window, error, log_file)


def _automatic_backup(window, preferences: Preferences) -> None:
    """Once a day, off the GUI thread; a failure is reported, never fatal."""
    from app.services import backups

    if not preferences.automatic_backups:
        return
    store = window.context.store
    folder = preferences.backup_folder
    latest = backups.latest_automatic_backup(folder) if folder.is_dir() else None
    if latest is not None:
        made = datetime.fromtimestamp(latest.stat().st_mtime, UTC)
        if datetime.now(UTC) - made < AUTOMATIC_BACKUP_EVERY:
            return
    keep = preferences.backups_kept
    # Read on the database worker, in order with the writes: a backup is one moment's file.
    task = LongTask(
        lambda _progress: backups.automatic_backup(store, folder=folder, keep=keep),
        worker=window.context.worker,
    )
    task.succeeded.connect(
        lambda _path: window.statusBar().showMessage(_("Automatic backup made."), 5000)
    )
    task.failed.connect(lambda error: window.context.show_error(error, window))
    window._backup_task = task  # keep a reference while it runs
    task.start()


def _peak_memory_mb() -> float | None:
    """The process's own high-water mark of resident memory.

    Linux's VmHWM belongs to this program's memory map; getrusage's maxrss would also count
    what a parent had when it started us (the figure survives exec).
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


__all__ = ["run_window"]
