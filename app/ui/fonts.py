"""The bundled fonts in Qt: registered once, and the font whatever the window prints uses."""

from __future__ import annotations

import functools
import threading

from PySide6.QtGui import QFont, QFontDatabase

from app.paths import resources_dir

# Latin first, then Chinese, then emoji: Qt takes each character from the first that has it.
_ORDER = ("DejaVu Sans", "WenQuanYi Micro Hei", "Symbola")
_lock = threading.Lock()


@functools.cache
def bundled_families() -> tuple[str, ...]:
    """Register resources/fonts with Qt's font database (once) and return their families.

    Printing never relies on the system's fonts: a machine with only DejaVu printed "王伟" as
    glyph 0 (PITFALLS.md). Safe to call from the printing thread.
    """
    families: list[str] = []
    folder = resources_dir() / "fonts"
    with _lock:
        for font_file in sorted(folder.glob("*.tt[fc]")) if folder.is_dir() else ():
            font_id = QFontDatabase.addApplicationFont(str(font_file))
            if font_id >= 0:
                families.extend(QFontDatabase.applicationFontFamilies(font_id))
    unique = dict.fromkeys(families)
    ranked = [family for family in _ORDER if family in unique]
    return (*ranked, *(family for family in unique if family not in ranked))


def print_font(point_size: float) -> QFont:
    """A font for printed pages made only of the bundled families."""
    font = QFont()
    font.setFamilies(list(bundled_families()))
    font.setPointSizeF(point_size)
    return font
