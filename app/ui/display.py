"""Whether the window can open here: a display, and the one library Qt's X11 plugin loads late.

Checked before QApplication exists. Without a display, or where libxcb-cursor0 is missing
(stock Ubuntu, many Debian installs), Qt prints its plugin message and aborts the process
(exit 134, PITFALLS.md); a person should read what is missing and how to get it instead.
No Qt here: this must run before Qt has a chance to abort.
"""

from __future__ import annotations

import ctypes.util
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from app.i18n import N_

NO_DISPLAY = N_(
    "Privacy Desk needs a display to open its window and found none (neither DISPLAY nor "
    "WAYLAND_DISPLAY is set): start it from a desktop session; the commands "
    "(privacy-desk --help) work without one."
)
NO_XCB_CURSOR = N_(
    "Privacy Desk's window needs the system library libxcb-cursor0, which this computer "
    "lacks: install it (sudo apt install libxcb-cursor0, or on Fedora sudo dnf install "
    "xcb-util-cursor) and start Privacy Desk again."
)
XCB_CURSOR = "xcb-cursor"


def library_present(name: str) -> bool:
    """A shared library the system's loader finds, or one a frozen build carries beside it."""
    if ctypes.util.find_library(name) is not None:
        return True
    # PyInstaller copies the libraries Qt's plugins link to from the machine it built on;
    # the system's loader cache does not list those copies.
    bundle = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
    return bundle is not None and any(Path(bundle).glob(f"lib{name}.so*"))


def _first_platform(requested: str) -> str:
    """QT_QPA_PLATFORM may list fallbacks ("wayland;xcb") and options ("xcb:option")."""
    return requested.split(";")[0].split(":")[0].strip()


def missing_for_window(
    environment: Mapping[str, str] | None = None,
    *,
    platform: str | None = None,
    find: Callable[[str], bool] = library_present,
) -> str | None:
    """The sentence saying what the window lacks here (untranslated), or None if it can open."""
    environment = os.environ if environment is None else environment
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None  # Windows and macOS always have their one platform plugin
    requested = _first_platform(environment.get("QT_QPA_PLATFORM", ""))
    if requested and requested != "xcb":
        return None  # offscreen, wayland, vnc...: chosen on purpose, Qt says the rest
    if not requested and environment.get("WAYLAND_DISPLAY"):
        return None  # Qt picks its Wayland plugin, which needs no libxcb-cursor
    if not environment.get("DISPLAY"):
        return NO_DISPLAY
    if not find(XCB_CURSOR):
        return NO_XCB_CURSOR
    return None
