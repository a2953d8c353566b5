"""Without a display, or without libxcb-cursor0, the window says so in words and exits 1."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app.ui import display
from app.ui.display import NO_DISPLAY, NO_XCB_CURSOR, missing_for_window

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def found(_name: str) -> bool:
    return True


def not_found(_name: str) -> bool:
    return False


def test_a_linux_session_without_any_display_is_told_it_needs_one():
    assert missing_for_window({}, platform="linux", find=found) == NO_DISPLAY


def test_an_x11_desktop_without_libxcb_cursor_is_told_how_to_install_it():
    missing = missing_for_window({"DISPLAY": ":0"}, platform="linux", find=not_found)

    assert missing == NO_XCB_CURSOR
    assert "sudo apt install libxcb-cursor0" in missing


def test_an_x11_desktop_with_libxcb_cursor_opens_the_window():
    assert missing_for_window({"DISPLAY": ":0"}, platform="linux", find=found) is None


def test_asking_for_xcb_by_name_still_needs_the_display_and_the_library():
    assert missing_for_window({"QT_QPA_PLATFORM": "xcb"}, platform="linux", find=found) == (
        NO_DISPLAY
    )
    chosen = {"QT_QPA_PLATFORM": "xcb:nograb", "DISPLAY": ":1"}
    assert missing_for_window(chosen, platform="linux", find=not_found) == NO_XCB_CURSOR


@pytest.mark.parametrize("platform", ["offscreen", "wayland", "vnc", "offscreen;xcb"])
def test_a_platform_chosen_on_purpose_is_left_to_qt(platform):
    chosen = {"QT_QPA_PLATFORM": platform}
    assert missing_for_window(chosen, platform="linux", find=not_found) is None


def test_a_wayland_session_needs_no_x11_library():
    session = {"WAYLAND_DISPLAY": "wayland-0"}
    assert missing_for_window(session, platform="linux", find=not_found) is None


@pytest.mark.parametrize("platform", ["win32", "darwin"])
def test_windows_and_macos_always_have_their_window(platform):
    assert missing_for_window({}, platform=platform, find=not_found) is None


def test_the_library_finder_asks_the_system_loader(monkeypatch):
    monkeypatch.setattr(display.ctypes.util, "find_library", lambda name: None)
    assert display.library_present("xcb-cursor") is False
    monkeypatch.setattr(display.ctypes.util, "find_library", lambda name: f"lib{name}.so.0")
    assert display.library_present("xcb-cursor") is True


def test_a_frozen_build_counts_the_copy_it_carries(monkeypatch, tmp_path):
    (tmp_path / "libxcb-cursor.so.0").write_bytes(b"")
    monkeypatch.setattr(display.ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)

    assert display.library_present("xcb-cursor") is True


def test_the_window_started_without_a_display_says_so_and_exits_1(tmp_path):
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    finished = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(tmp_path / "practice"), "--lang", "en"],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert finished.returncode == 1, finished.stderr
    assert finished.stderr.strip() == NO_DISPLAY
    assert not (tmp_path / "practice" / "privacy-desk.sqlite3").exists()  # nothing half made
