"""The main window: navigation between the pages, the practice name, the status bar."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.rows import PracticeProfile


class Page(QWidget):
    """A page of the window; for now a heading and what it will hold."""

    def __init__(self, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{title}</h2>")
        heading.setAccessibleName(title)
        layout.addWidget(heading)
        body = QLabel(description)
        body.setWordWrap(True)
        layout.addWidget(body)
        layout.addStretch(1)


class _FirstPaintWatcher(QObject):
    painted = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.painted.emit()
        return False


class MainWindow(QMainWindow):
    first_painted = Signal()

    def __init__(self, practice: PracticeProfile, client_count: int) -> None:
        super().__init__()
        name = practice.name or self.tr("Your practice")
        self.setWindowTitle(self.tr("Privacy Desk — {name}").format(name=name))
        self.resize(1100, 720)
        self.navigation = QListWidget()
        self.navigation.setAccessibleName(self.tr("Pages"))
        self.navigation.setMaximumWidth(180)
        self.pages = QStackedWidget()
        pages = (
            (self.tr("Today"), self.tr("What needs attention now.")),
            (
                self.tr("Clients"),
                self.tr("{count} clients on record.").format(count=f"{client_count:,}"),
            ),
            (self.tr("Vendors"), self.tr("Service providers that receive client data.")),
            (self.tr("Settings"), self.tr("The practice profile, backups and language.")),
        )
        for title, description in pages:
            self.navigation.addItem(title)
            self.pages.addWidget(Page(title, description))
        self.navigation.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.navigation.setCurrentRow(0)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.navigation)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.practice_label = QLabel(name)
        self.statusBar().addPermanentWidget(self.practice_label)
        self._paint_watcher = _FirstPaintWatcher(self)
        self._paint_watcher.painted.connect(self.first_painted)
        self.pages.widget(0).installEventFilter(self._paint_watcher)
