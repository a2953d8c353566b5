"""Starting the window: QApplication, the data folder, errors in words, the smoke check."""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.errors import DomainError
from app.paths import DataPaths
from app.persistence.store import Store
from app.services import clients, practice

log = logging.getLogger(__name__)


def run_window(paths: DataPaths, *, language: str | None, smoke: bool, started: float) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Privacy Desk")
    try:
        store = Store.open(paths)
    except DomainError as error:
        log.warning("could not open the data folder: %s", type(error).__name__)
        if smoke:
            print(json.dumps({"error": str(error)}), file=sys.stderr)
            return 1
        QMessageBox.critical(None, "Privacy Desk", str(error))
        return 1
    try:
        from app.ui.main_window import MainWindow

        window = MainWindow(practice.get_practice(store), clients.count_clients(store))
        if smoke:
            window.first_painted.connect(lambda: _report_and_quit(app, started))
            QTimer.singleShot(10_000, lambda: app.exit(2))  # never hang a script
        window.show()
        return app.exec()
    finally:
        store.close()


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
