"""Starting the window: QApplication, fonts, language, the data folder, errors, the smoke check."""

from __future__ import annotations

import json
import logging
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.errors import DomainError
from app.paths import DataPaths, resources_dir
from app.persistence.store import Store
from app.services import backups
from app.services.identity import current_user
from app.ui.context import AppContext, show_crash
from app.ui.preferences import Preferences
from app.ui.text import _, set_language
from app.ui.worker import DatabaseWorker, LongTask

log = logging.getLogger(__name__)
AUTOMATIC_BACKUP_EVERY = timedelta(days=1)


def load_bundled_fonts(app: QApplication) -> None:
    """Chinese needs a font with its glyphs; ship one rather than show boxes (PITFALLS)."""
    families: list[str] = []
    fonts = resources_dir() / "fonts"
    for font_file in sorted(fonts.glob("*.tt[fc]")) if fonts.is_dir() else ():
        font_id = QFontDatabase.addApplicationFont(str(font_file))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if families:
        font = app.font()
        font.setFamilies([font.family(), *dict.fromkeys(families)])
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


def run_window(paths: DataPaths, *, language: str | None, smoke: bool, started: float) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Privacy Desk")
    app.setOrganizationName("Privacy Desk")
    try:
        store = Store.open(paths)
    except DomainError as error:
        log.warning("could not open the data folder: %s", type(error).__name__)
        if smoke:
            print(json.dumps({"error": str(error)}), file=sys.stderr)
            return 1
        QMessageBox.critical(None, "Privacy Desk", str(error))
        return 1
    worker = DatabaseWorker()
    try:
        return _run(app, store, worker, language=language, smoke=smoke, started=started)
    finally:
        worker.stop()
        store.close()


def _run(
    app: QApplication,
    store: Store,
    worker: DatabaseWorker,
    *,
    language: str | None,
    smoke: bool,
    started: float,
) -> int:
    preferences = Preferences(store.paths)
    chosen = choose_language(language, preferences)
    set_language(chosen)
    apply_locale(chosen, app)
    load_bundled_fonts(app)
    log_file = store.paths.logs / "privacy-desk.log"
    context = AppContext(store, worker, actor=current_user(), log_file=log_file)
    from app.ui.main_window import MainWindow  # after the language is chosen

    window = MainWindow(context, preferences)
    sys.excepthook = lambda kind, error, trace: _on_uncaught(window, error, trace, log_file)
    worker.unhandled_error.connect(lambda error: context.show_error(error, window))
    if smoke:
        window.first_painted.connect(lambda: _report_and_quit(app, started))
        QTimer.singleShot(10_000, lambda: app.exit(2))  # never hang a script
    else:
        QTimer.singleShot(0, window.today_page.refresh)
        QTimer.singleShot(2_000, lambda: _automatic_backup(window, store, preferences))
    window.show()
    return app.exec()


def _on_uncaught(window, error: BaseException, trace, log_file: Path) -> None:
    log.error("uncaught error", exc_info=(type(error), error, trace))
    show_crash(window, error, log_file)


def _automatic_backup(window, store: Store, preferences: Preferences) -> None:
    """Once a day, off the GUI thread; a failure is reported, never fatal."""
    if not preferences.automatic_backups:
        return
    folder = preferences.backup_folder
    latest = backups.latest_automatic_backup(folder) if folder.is_dir() else None
    if latest is not None:
        made = datetime.fromtimestamp(latest.stat().st_mtime, UTC)
        if datetime.now(UTC) - made < AUTOMATIC_BACKUP_EVERY:
            return
    keep = preferences.backups_kept
    task = LongTask(lambda _progress: backups.automatic_backup(store, folder=folder, keep=keep))
    task.succeeded.connect(
        lambda _path: window.statusBar().showMessage(_("Automatic backup made."), 5000)
    )
    task.failed.connect(lambda error: window.context.show_error(error, window))
    window._backup_task = task  # keep a reference while it runs
    task.start()


def _report_and_quit(app: QApplication, started: float) -> None:
    report = {"shown_s": round(time.perf_counter() - started, 3)}
    peak = _peak_memory_mb()
    if peak is not None:
        report["peak_rss_mb"] = peak
    print(json.dumps(report), flush=True)
    app.exit(0)


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
