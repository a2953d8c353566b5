"""The embedded TrueType fonts, registered once, and markup that picks a font per run of text.

ReportLab has no automatic font fallback: a character missing from the paragraph's font
prints as an empty box. Every string put into Paragraph markup therefore goes through
`markup()`, which escapes it and wraps each run of characters that the language's main font
lacks in `<font face=...>` naming the other font, when that one has them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import resources_dir

LATIN = "PD-Latin"  # DejaVu Sans: Latin, Greek, Cyrillic, Vietnamese, Hebrew, Arabic letters
LATIN_BOLD = "PD-Latin-Bold"
CJK = "PD-CJK"  # WenQuanYi Micro Hei: GBK Han characters, CJK punctuation, Latin, Greek, Cyrillic


@dataclass(frozen=True)
class FontFile:
    name: str
    file: str
    subfont_index: int = 0


FONT_FILES = (
    FontFile(LATIN, "DejaVuSans.ttf"),
    FontFile(LATIN_BOLD, "DejaVuSans-Bold.ttf"),
    FontFile(CJK, "wqy-microhei.ttc", subfont_index=0),  # face 0: proportional Micro Hei
)


@functools.cache
def register_fonts() -> None:
    """Register the fonts from resources/fonts with ReportLab (once per process)."""
    folder = resources_dir() / "fonts"
    for font in FONT_FILES:
        pdfmetrics.registerFont(
            TTFont(font.name, str(folder / font.file), subfontIndex=font.subfont_index)
        )
    # <b> inside a paragraph looks up the family's bold face; the CJK font has none.
    pdfmetrics.registerFontFamily(
        LATIN, normal=LATIN, bold=LATIN_BOLD, italic=LATIN, boldItalic=LATIN_BOLD
    )
    pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)


@functools.cache
def _coverage(font_name: str) -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def base_font(lang: str) -> str:
    """The main font of a document in this language (zh: the CJK font, whose Latin is fine)."""
    return CJK if lang == "zh" else LATIN


def font_for(character: str, lang: str) -> str:
    """The font that prints this character: the language's main font unless only the other
    has it. A character neither font has stays with the main font (an empty box)."""
    main = base_font(lang)
    if ord(character) in _coverage(main):
        return main
    other = LATIN if main == CJK else CJK
    return other if ord(character) in _coverage(other) else main


@functools.lru_cache(maxsize=8192)
def markup(text: str, lang: str) -> str:
    """`text` escaped for Paragraph markup, runs the main font lacks wrapped in <font face>."""
    main = base_font(lang)
    return "".join(
        escape(run) if face == main else f'<font face="{face}">{escape(run)}</font>'
        for face, run in font_runs(text, lang)
    )


def font_runs(text: str, lang: str) -> list[tuple[str, str]]:
    """(font, run) pairs: for `markup()`, and for drawing a string with `drawString`."""
    main = base_font(lang)
    runs: list[tuple[str, str]] = []
    for character in text:
        face = main if character.isspace() else font_for(character, lang)
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + character)
        else:
            runs.append((face, character))
    return runs
