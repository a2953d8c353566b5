"""Renders packaging/icons/privacy-desk.svg to the PNG sizes desktops look for, and to the
Windows icon (.ico, for the executable and its installer) and the macOS one (.icns, for the
app bundle), each holding every size those systems pick from.

Run with the project's venv (PySide6's QSvgRenderer does the drawing, offscreen):
    .venv/bin/python packaging/render_icons.py
The PNGs are committed, so installing needs no Python; run this again after changing the SVG.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "icons" / "privacy-desk.svg"
SIZES = (16, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # what Explorer and the taskbar ask for
ICNS_SIZE = 1024  # Pillow writes each size of the .icns down from the largest


def png_path(size: int) -> Path:
    return HERE / "icons" / f"privacy-desk-{size}.png"


def render(size: int) -> QImage:
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def pillow_image(image: QImage):
    """The Qt drawing as a Pillow image: Pillow writes .ico and .icns, Qt's own plugins may not."""
    from PIL import Image  # Pillow comes with ReportLab

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def write_platform_icons() -> list[Path]:
    ico, icns = HERE / "icons" / "privacy-desk.ico", HERE / "icons" / "privacy-desk.icns"
    # Every .ico size drawn from the SVG itself, not scaled down from 256: small sizes stay sharp.
    largest, *smaller = (pillow_image(render(size)) for size in reversed(ICO_SIZES))
    largest.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=smaller)
    pillow_image(render(ICNS_SIZE)).save(icns, format="ICNS")
    return [ico, icns]


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    for size in SIZES:
        if not render(size).save(str(png_path(size)), "PNG"):
            raise SystemExit(f"could not write {png_path(size)}")
        print(png_path(size).relative_to(HERE.parent))
    for path in write_platform_icons():
        print(path.relative_to(HERE.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
