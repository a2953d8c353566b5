"""The window's icons: Font Awesome 6 Free (solid), kept as SVG files in resources/icons/actions.

They are drawn once, at development time, from the font qtawesome ships
(packaging/render_action_icons.py), rather than through qtawesome at run time: its import
alone took 0.3-0.55 s here and the window-ready budget has no room for it. Reading a file
and wrapping it in a QIcon costs well under a millisecond; QtSvg draws it at the size and
pixel ratio asked for, so the icons stay sharp on high-DPI screens.

Each SVG is black; it is drawn in the palette's text colour of the moment (the selected
row's colour in a selected list row, the grey of disabled text), so a dark theme reads as
well as a light one. Icons are Qt objects: make them on the GUI thread only.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt, QThread
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton

from app.paths import resources_dir

ICON_FOLDER = resources_dir() / "icons" / "actions"
# What an icon stands for -> its Font Awesome name (the file ICON_FOLDER/NAME.svg). Run
# packaging/render_action_icons.py after adding one.
NAMES = {
    "today": "calendar-day",
    "clients": "users",
    "vendors": "building",
    "optouts": "hand",
    "requests": "envelope-open-text",
    "incidents": "triangle-exclamation",
    "documents": "file-lines",
    "settings": "gear",
    "find": "magnifying-glass",
    "add-client": "user-plus",
    "edit-client": "user-pen",
    "archive": "box-archive",
    "consent": "file-signature",
    "add-vendor": "building-circle-check",
    "review": "clipboard-check",
    "refresh": "rotate",
    "backup": "hard-drive",
    "restore": "clock-rotate-left",
    "quit": "right-from-bracket",
    "about": "circle-info",
    "import": "file-import",
    "export": "file-export",
    "print": "print",
    "save": "floppy-disk",
}
BLACK = b'fill="#000000"'


class NotOnGuiThread(RuntimeError):
    """An icon asked for off the GUI thread: QPixmap there crashes the program."""


@cache
def _svg(name: str) -> bytes:
    return (ICON_FOLDER / f"{NAMES[name]}.svg").read_bytes()


def _colour_role(mode: QIcon.Mode) -> tuple[QPalette.ColorGroup, QPalette.ColorRole]:
    if mode == QIcon.Mode.Disabled:
        return QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText
    if mode == QIcon.Mode.Selected:
        return QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText
    return QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText


class _PaletteIconEngine(QIconEngine):
    """Draws one SVG in the colour the palette gives its mode, at any size."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name
        self._renderers: dict[str, QSvgRenderer] = {}

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        colour = QGuiApplication.palette().color(*_colour_role(mode)).name()
        renderer = self._renderers.get(colour)
        if renderer is None:
            data = _svg(self._name).replace(BLACK, f'fill="{colour}"'.encode())
            renderer = QSvgRenderer(QByteArray(data))
            self._renderers[colour] = renderer
        return renderer

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer(mode).render(painter, QRectF(rect))
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        # Drawn at the screen's pixel size, not scaled up from the logical one: sharp at 2x.
        pixmap = QPixmap(size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, pixmap.width(), pixmap.height()), mode, state)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def clone(self) -> QIconEngine:
        return _PaletteIconEngine(self._name)

    def key(self) -> str:
        return "privacy-desk-palette-svg"


def icon(name: str) -> QIcon:
    """The icon for `name` (a key of NAMES: "add-client"); on the GUI thread only."""
    application = QGuiApplication.instance()
    if application is None or QThread.currentThread() is not application.thread():
        raise NotOnGuiThread(name)
    if name not in NAMES:
        raise KeyError(f"no icon named {name!r} (app/ui/icons.py NAMES)")
    return QIcon(_PaletteIconEngine(name))


def set_icon(button: QAbstractButton, name: str) -> None:
    """Gives an existing button its icon: the one call pages make, so their edits stay small."""
    button.setIcon(icon(name))


__all__ = ["ICON_FOLDER", "NAMES", "NotOnGuiThread", "icon", "set_icon"]
