"""Draws the window's icons (app/ui/icons.py NAMES) from Font Awesome 6 Free, solid, into
resources/icons/actions/NAME.svg, and copies the icon set's licence beside them.

The glyphs come from the font file that qtawesome ships: a dev-only dependency, so the
program itself never imports qtawesome (0.3-0.55 s, qtpy loads every Qt class) nor loads
its ten fonts (0.05-0.15 s more at the first icon). Measured here: the window reads one of
these files in well under a millisecond and draws it with QtSvg, already in PySide6.

Run with the project's venv after changing NAMES:
    .venv/bin/pip install "qtawesome>=1.4,<2"
    .venv/bin/python packaging/render_action_icons.py
The SVGs are committed; each path is black (#000000), which app/ui/icons.py recolours to the
palette's text colour when it draws, so light and dark themes both read.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QGuiApplication, QPainterPath, QRawFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.ui.icons import ICON_FOLDER, NAMES  # noqa: E402

FONT = "fontawesome6-solid-webfont-6.7.2"
LICENCE = """Font Awesome Free 6.7.2 by @fontawesome - https://fontawesome.com
Copyright (c) Fonticons, Inc.
Full licence: https://fontawesome.com/license/free

The SVG files in this folder are Font Awesome Free icons (solid style), their outlines taken
from the font file qtawesome 1.4.2 ships (packaging/render_action_icons.py) without change to
the shapes; Privacy Desk sets their colour when it draws them.

Font Awesome Free licenses its parts as follows:
  Icons: CC BY 4.0  (https://creativecommons.org/licenses/by/4.0/), which requires
         attribution; Privacy Desk gives it in its README ("Icons: Font Awesome Free").
  Fonts: SIL OFL 1.1 (https://openfontlicense.org)
  Code:  MIT (https://opensource.org/licenses/MIT)
"""
EM = 512  # Font Awesome 6's units per em: the square every icon is drawn in
ASCENT = 448  # and 64 below the baseline: the em square every Font Awesome 6 glyph is drawn in


def font_files() -> tuple[Path, dict[str, str]]:
    spec = importlib.util.find_spec("qtawesome")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit('qtawesome is missing: .venv/bin/pip install "qtawesome>=1.4,<2"')
    fonts = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    charmap = fonts / (FONT.replace("-webfont-", "-webfont-charmap-") + ".json")
    return fonts / f"{FONT}.ttf", json.loads(charmap.read_text())


def svg_path(path: QPainterPath) -> str:
    """The outline as SVG path data (QPainterPath keeps cubic curves as three elements)."""
    parts: list[str] = []
    index = 0
    while index < path.elementCount():
        element = path.elementAt(index)
        if element.isMoveTo():
            parts.append(f"M{element.x:.2f} {element.y:.2f}")
        elif element.isLineTo():
            parts.append(f"L{element.x:.2f} {element.y:.2f}")
        else:  # a curve: this element is the first control point, two data elements follow
            second, end = path.elementAt(index + 1), path.elementAt(index + 2)
            parts.append(
                f"C{element.x:.2f} {element.y:.2f} {second.x:.2f} {second.y:.2f} "
                f"{end.x:.2f} {end.y:.2f}"
            )
            index += 2
        index += 1
    return "".join(parts).replace(".00", "") + "Z"


def draw(font: QRawFont, code: int) -> str:
    glyphs = font.glyphIndexesForString(chr(code))
    if not glyphs or glyphs[0] == 0:
        raise SystemExit(f"the font has no glyph for U+{code:04X}")
    outline = font.pathForGlyph(glyphs[0])
    advance = font.advancesForGlyphIndexes(glyphs)[0].x()
    # Centred in a square: the em square, or one as wide as a wide glyph (users, 640 units),
    # so that no icon is cut and every icon sits on the same middle.
    side = max(advance, EM)
    left = (advance - side) / 2
    top = -ASCENT - (side - EM) / 2
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{left:g} {top:g} {side:g} {side:g}" width="{side:g}" height="{side:g}">'
        f'<path fill="#000000" d="{svg_path(outline)}"/></svg>\n'
    )


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    font_file, charmap = font_files()
    font = QRawFont(str(font_file), EM)
    if not font.isValid():
        raise SystemExit(f"{font_file} is not a font Qt can read")
    ICON_FOLDER.mkdir(parents=True, exist_ok=True)
    wanted = set(NAMES.values())
    for name in sorted(wanted):
        if name not in charmap:
            raise SystemExit(f"Font Awesome 6 solid has no icon named {name!r}")
        (ICON_FOLDER / f"{name}.svg").write_text(draw(font, int(charmap[name], 16)))
    for stale in ICON_FOLDER.glob("*.svg"):
        if stale.stem not in wanted:
            stale.unlink()
    (ICON_FOLDER / "LICENSE-Font-Awesome-Free.txt").write_text(LICENCE)
    print(f"{len(wanted)} icons in {ICON_FOLDER.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
