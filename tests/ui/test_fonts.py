"""The bundled fonts in Qt, and the test suite's own fresh-machine fonts (tests/conftest.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QFontDatabase

from app.ui.fonts import bundled_families, print_font
from tests.helpers.fonts import FONTCONFIG_PREFIX


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt uses fontconfig on Linux")
def test_the_suite_sees_no_system_font_but_dejavu_so_a_missing_bundled_font_shows(qapp):
    config = Path(os.environ["FONTCONFIG_FILE"])
    assert config.parent.name.startswith(FONTCONFIG_PREFIX)
    assert sorted(path.name for path in (config.parent / "fonts").iterdir()) == [
        "DejaVuSans-Bold.ttf",
        "DejaVuSans.ttf",
    ]
    # Whatever the developer has installed, Qt finds DejaVu Sans (and the generic names Qt
    # gives it) and what the app ships.
    generic = {"Sans Serif", "Serif", "Monospace"}
    assert set(QFontDatabase.families()) <= {"DejaVu Sans", *generic, *bundled_families()}
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert set(chinese) <= {"WenQuanYi Micro Hei", "WenQuanYi Micro Hei Mono"}


def test_printed_pages_use_only_the_bundled_fonts_latin_then_chinese_then_emoji(qapp):
    font = print_font(8)
    assert font.families() == list(bundled_families())
    assert font.families()[:3] == ["DejaVu Sans", "WenQuanYi Micro Hei", "Symbola"]
    assert font.pointSizeF() == 8
