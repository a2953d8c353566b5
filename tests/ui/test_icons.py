"""The window's icons: every name used has its drawing, in the palette's colours, sharp at 2x,
and never made off the GUI thread."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QPushButton, QToolBar

import app.ui
from app.paths import resources_dir
from app.ui.actions import ACTION_ICONS, SPECS
from app.ui.empty_state import PAGE_ICONS
from app.ui.icons import ICON_FOLDER, NAMES, NotOnGuiThread, icon, set_icon
from app.ui.main_window import MainWindow

UI_SOURCES = Path(app.ui.__file__).parent
ICON_CALL = re.compile(r"""\b(?:set_icon\([^,()]+,\s*|icon\()["']([\w-]+)["']""")


def test_every_icon_name_the_window_uses_has_its_drawing():
    used = set(ACTION_ICONS.values()) | set(PAGE_ICONS.values())
    for source in UI_SOURCES.rglob("*.py"):
        used |= set(ICON_CALL.findall(source.read_text(encoding="utf-8")))
    assert used, "the pattern finds the calls"
    assert used <= set(NAMES), sorted(used - set(NAMES))
    for name in NAMES.values():
        assert (ICON_FOLDER / f"{name}.svg").is_file(), name
    # Shipped beside the drawings (CC BY 4.0 asks for the attribution).
    assert (ICON_FOLDER / "LICENSE-Font-Awesome-Free.txt").is_file()
    # The frozen build takes resources/ whole (packaging/privacy-desk.spec), icons included.
    assert ICON_FOLDER.is_relative_to(resources_dir())


def test_the_main_actions_and_pages_have_icons():
    assert set(ACTION_ICONS) == set(SPECS)


def test_an_unknown_name_is_refused(qapp):
    with pytest.raises(KeyError):
        icon("no-such-icon")


def test_icons_are_drawn_at_the_screens_pixel_size(qapp):
    pixmap = icon("clients").pixmap(QSize(16, 16), 2.0)
    assert pixmap.size() == QSize(32, 32)  # drawn at 32 px, not 16 px scaled up
    assert pixmap.devicePixelRatio() == 2.0


def _ink(qicon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> set[str]:
    image = qicon.pixmap(QSize(24, 24), mode).toImage()
    return {
        image.pixelColor(x, y).name()
        for x in range(24)
        for y in range(24)
        if image.pixelColor(x, y).alpha() == 255
    }


def test_icons_take_the_palettes_text_colour_so_a_dark_theme_reads(qapp):
    before = qapp.palette()
    try:
        dark = QPalette(before)
        dark.setColor(QPalette.ColorRole.WindowText, QColor("#f0f0f0"))
        dark.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        dark.setColor(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#777777")
        )
        qapp.setPalette(dark)
        assert _ink(icon("today")) == {"#f0f0f0"}
        assert _ink(icon("today"), QIcon.Mode.Selected) == {"#ffffff"}
        assert _ink(icon("today"), QIcon.Mode.Disabled) == {"#777777"}
    finally:
        qapp.setPalette(before)


def test_an_icon_asked_for_off_the_gui_thread_is_refused(qapp):
    raised: list[BaseException] = []

    def worker() -> None:
        try:
            icon("today")
        except BaseException as error:
            raised.append(error)

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert len(raised) == 1 and isinstance(raised[0], NotOnGuiThread)


def test_a_button_gets_its_icon_through_the_helper(qapp):
    button = QPushButton("Save")
    set_icon(button, "save")
    assert not button.icon().isNull()


def test_the_navigation_and_toolbar_show_icons(qtbot, context, preferences):
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    assert all(
        not window.navigation.item(row).icon().isNull() for row in range(window.navigation.count())
    )
    toolbar = window.findChild(QToolBar, "main_toolbar")
    assert all(not action.icon().isNull() for action in toolbar.actions())
