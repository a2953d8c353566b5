"""A fontconfig of a fresh machine for the test suite: DejaVu Sans and nothing else."""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
FONTCONFIG_PREFIX = "pd-fresh-machine-fonts-"


def fresh_machine_fontconfig() -> dict[str, str]:
    """Qt sees the fonts of a fresh Debian machine, DejaVu Sans alone, never the developer's.

    A machine with more fonts let Qt find Chinese glyphs the app never shipped, which hid
    that printing did not use the bundled fonts (PITFALLS.md). The bundled folder itself is
    not listed: a fontconfig fallback to it would hide the same mistake. Returns the
    environment to set before Qt starts (nothing where Qt does not use fontconfig).
    """
    if not sys.platform.startswith("linux"):  # Qt uses fontconfig on Linux only
        return {}
    folder = Path(tempfile.mkdtemp(prefix=FONTCONFIG_PREFIX))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    fonts = folder / "fonts"
    fonts.mkdir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        (fonts / name).symlink_to(ROOT / "resources" / "fonts" / name)
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{escape(str(fonts))}</dir>"
        f"<cachedir>{escape(str(folder / 'cache'))}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(config)}
