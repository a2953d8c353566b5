"""The window's icons, from a well-kept icon set: Font Awesome 6 (solid) through qtawesome.

They come after the first paint: importing qtawesome (qtpy and the Qt modules it wraps)
takes about 0.5 s, which would triple the time to the first paint. The import runs on the
database worker while the coach reads the start page; the fonts load, and the icons are
set, on the GUI thread. Without qtawesome (a build that lacks it) the window keeps its words.
"""

from __future__ import annotations

import importlib
import logging
import os

from PySide6.QtGui import QIcon

log = logging.getLogger(__name__)
ICON_SET = "fa6s"  # Font Awesome 6 solid
COLOUR = "#3c4043"  # the text's dark grey, so icons sit with the words beside them


def load_icon_set() -> bool:
    """Import qtawesome (on the worker: no Qt object is made here). False when missing."""
    os.environ.setdefault("QT_API", "pyside6")  # qtpy, under qtawesome: this program's binding
    try:
        importlib.import_module("qtawesome")
    except ImportError:
        log.warning("qtawesome is missing: the window shows no icons")
        return False
    return True


def icon(name: str) -> QIcon:
    """The icon `name` ("users") of the icon set; on the GUI thread."""
    import qtawesome

    return qtawesome.icon(f"{ICON_SET}.{name}", color=COLOUR)
