"""The embedded TrueType fonts, registered once, and markup that picks a font per run of text.

ReportLab has no automatic font fallback: a character missing from the paragraph's font
prints as an empty box. Every string put into Paragraph markup therefore goes through
`markup()`, which escapes it and wraps each run of characters that the language's main font
lacks in `<font face=...>` naming the font that has them (the other main font, then the
emoji font).

ReportLab neither shapes nor reorders right-to-left text: Arabic would print as unjoined
letters in reverse. `font_runs()` therefore resolves the direction of each run (a reduced
Unicode bidi algorithm for a left-to-right page), shapes right-to-left runs with HarfBuzz in
DejaVu Sans and hands them over in visual order. A glyph that is not simply its character
(a joined Arabic form, a ligature) is drawn through a private code point whose ToUnicode
entry is the text it stands for, so a reader or a search copies the name as it was typed.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from app.paths import resources_dir

LATIN = "PD-Latin"  # DejaVu Sans: Latin, Greek, Cyrillic, Vietnamese, Hebrew, Arabic letters
LATIN_BOLD = "PD-Latin-Bold"
CJK = "PD-CJK"  # WenQuanYi Micro Hei: GBK Han characters, CJK punctuation, Latin, Greek, Cyrillic
EMOJI = "PD-Emoji"  # Symbola: emoji and symbols (Unicode 9), in black and white
RTL_FACE = LATIN  # right-to-left runs are shaped in this face, bold or not


@dataclass(frozen=True)
class FontFile:
    name: str
    file: str
    subfont_index: int = 0


FONT_FILES = (
    FontFile(LATIN, "DejaVuSans.ttf"),
    FontFile(LATIN_BOLD, "DejaVuSans-Bold.ttf"),
    FontFile(CJK, "wqy-microhei.ttc", subfont_index=0),  # face 0: proportional Micro Hei
    FontFile(EMOJI, "Symbola.ttf"),
)


class _Font(TTFont):
    """A TrueType font whose ToUnicode map gives back the text each glyph stands for.

    ReportLab writes each code's character as four hex digits, which is not UTF-16 past
    U+FFFF (an emoji extracts as garbage), and knows nothing of shaped glyphs: this writes
    UTF-16 and maps the private code points of shaped glyphs to their logical text.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stands_for: dict[int, str] = {}  # private code point -> the text it prints

    def addObjects(self, doc) -> None:
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        super().addObjects(doc)
        suffix = self.face.name + self.face.subfontNameX
        for number, subset in enumerate(subsets):
            name = (SUBSETN(number) + b"+" + suffix).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + name)
            if stream is not None:
                stream.content = _to_unicode_cmap(name, subset, self.stands_for)


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(name: str, subset: list[int], stands_for: dict[int, str]) -> str:
    entries = [
        f"<{code:02X}> <{_utf16(stands_for.get(value) or chr(value))}>"
        for code, value in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


@functools.cache
def register_fonts() -> None:
    """Register the fonts from resources/fonts with ReportLab (once per process)."""
    folder = resources_dir() / "fonts"
    for font in FONT_FILES:
        pdfmetrics.registerFont(
            _Font(font.name, str(folder / font.file), subfontIndex=font.subfont_index)
        )
    # <b> inside a paragraph looks up the family's bold face; the CJK font has none.
    pdfmetrics.registerFontFamily(
        LATIN, normal=LATIN, bold=LATIN_BOLD, italic=LATIN, boldItalic=LATIN_BOLD
    )
    for single in (CJK, EMOJI):
        pdfmetrics.registerFontFamily(
            single, normal=single, bold=single, italic=single, boldItalic=single
        )


@functools.cache
def _coverage(font_name: str) -> frozenset[int]:
    register_fonts()
    font = pdfmetrics.getFont(font_name)
    return frozenset(font.face.charToGlyph)


def base_font(lang: str) -> str:
    """The main font of a document in this language (zh: the CJK font, whose Latin is fine)."""
    return CJK if lang == "zh" else LATIN


def _fallbacks(lang: str) -> tuple[str, ...]:
    main = base_font(lang)
    return (main, LATIN if main == CJK else CJK, EMOJI)


def font_for(character: str, lang: str) -> str:
    """The font that prints this character: the language's main font unless only another
    has it. A character no font has stays with the main font (an empty box)."""
    for face in _fallbacks(lang):
        if ord(character) in _coverage(face):
            return face
    return base_font(lang)


@functools.lru_cache(maxsize=8192)
def markup(text: str, lang: str) -> str:
    """`text` escaped for Paragraph markup, runs the main font lacks wrapped in <font face>.

    Right-to-left runs always name their face: inside <b> they keep the regular face they
    were shaped in.
    """
    main = base_font(lang)
    return "".join(
        escape(run) if face == main and not shaped else f'<font face="{face}">{escape(run)}</font>'
        for face, run, shaped in _font_runs(text, lang)
    )


# Joiners and selectors belong with the character before them (👩‍💻, 🏋️): same font.
_FOLLOWS = frozenset("\u200c\u200d\ufe0e\ufe0f")


@functools.lru_cache(maxsize=8192)
def _font_runs(text: str, lang: str) -> tuple[tuple[str, str, bool], ...]:
    """(font, run, shaped) in drawing order; a shaped run is a right-to-left one."""
    main = base_font(lang)
    runs: list[tuple[str, str, bool]] = []
    for rtl, piece in _direction_runs(text):
        if rtl:
            runs.append((RTL_FACE, shape_rtl(piece), True))
            continue
        for character in piece:
            if character.isspace():
                face = main
            elif character in _FOLLOWS and runs and ord(character) in _coverage(runs[-1][0]):
                face = runs[-1][0]
            else:
                face = font_for(character, lang)
            if runs and runs[-1][0] == face and not runs[-1][2]:
                runs[-1] = (face, runs[-1][1] + character, False)
            else:
                runs.append((face, character, False))
    return tuple(runs)


def font_runs(text: str, lang: str) -> list[tuple[str, str]]:
    """(font, run) pairs in drawing order: for `markup()`, and for `drawString`."""
    return [(face, run) for face, run, _shaped in _font_runs(text, lang)]


# -- right to left ---------------------------------------------------------------------------

# Hebrew, Arabic, Syriac, Thaana, N'Ko ... and their presentation forms; Cypriot to Arabic
# mathematical in the supplementary planes.
_MAYBE_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_STRONG_RTL = frozenset({"R", "AL"})
_NUMBER = frozenset({"EN", "AN"})
# Code points of shaped glyphs: Supplementary Private Use Area-A, which no bundled font uses.
_PRIVATE_FIRST = 0xF0000
_private_lock = threading.Lock()


def _direction_runs(text: str) -> list[tuple[bool, str]]:
    """(right_to_left, piece) in logical order, for a left-to-right line.

    The Unicode bidi algorithm reduced to what names and addresses need: strong letters
    decide; numbers after right-to-left letters stay inside the run (read left to right
    there); neutral characters between two right-to-left ones join them, any other takes
    the line's direction. No explicit embeddings: names cannot contain the controls.
    """
    if not _MAYBE_RTL.search(text):
        return [(False, text)] if text else []
    kinds: list[str] = []
    last_strong = "L"
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in _STRONG_RTL:
            last_strong = "R"
            kinds.append("R")
        elif kind == "L":
            last_strong = "L"
            kinds.append("L")
        elif kind in _NUMBER:
            kinds.append("R" if last_strong == "R" else "L")
        elif kind == "NSM" and kinds:
            kinds.append(kinds[-1])
        else:
            kinds.append("N")
    # A neutral stretch is right to left only between two right-to-left characters.
    resolved = list(kinds)
    index = 0
    while index < len(kinds):
        if kinds[index] != "N":
            index += 1
            continue
        end = index
        while end < len(kinds) and kinds[end] == "N":
            end += 1
        before = kinds[index - 1] if index else "L"
        after = kinds[end] if end < len(kinds) else "L"
        side = "R" if before == after == "R" else "L"
        resolved[index:end] = [side] * (end - index)
        index = end
    pieces: list[tuple[bool, str]] = []
    for character, kind in zip(text, resolved, strict=True):
        rtl = kind == "R"
        if pieces and pieces[-1][0] == rtl:
            pieces[-1] = (rtl, pieces[-1][1] + character)
        else:
            pieces.append((rtl, character))
    return pieces


@functools.cache
def _harfbuzz_font(face_name: str):
    import uharfbuzz  # 35 ms: only once a right-to-left name is printed

    register_fonts()
    font = pdfmetrics.getFont(face_name)
    return uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(font.face._ttf_data)))


@functools.lru_cache(maxsize=4096)
def shape_rtl(logical: str) -> str:
    """A right-to-left run as the characters to draw, left to right, in `RTL_FACE`.

    Numbers inside the run keep their own order. Each glyph HarfBuzz picks is its own
    character where that is what the font maps the character to, else a private code point
    registered in the face for that glyph, standing for the text it came from. Spaces
    become private too, so that a line never breaks inside a right-to-left name.
    """
    register_fonts()
    pieces: list[str] = []
    for is_number, part in _number_parts(logical):
        pieces.append(part if is_number else _shaped(part))
    return "".join(reversed(pieces))


def _number_parts(text: str) -> list[tuple[bool, str]]:
    parts: list[tuple[bool, str]] = []
    for character in text:
        is_number = unicodedata.bidirectional(character) in _NUMBER
        if parts and parts[-1][0] == is_number:
            parts[-1] = (is_number, parts[-1][1] + character)
        else:
            parts.append((is_number, character))
    return parts


def _shaped(text: str) -> str:
    import uharfbuzz

    font = pdfmetrics.getFont(RTL_FACE)
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.direction = "rtl"
    buffer.guess_segment_properties()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    uharfbuzz.shape(_harfbuzz_font(RTL_FACE), buffer, {})
    glyphs = list(zip(buffer.glyph_infos, buffer.glyph_positions, strict=True))
    starts = sorted({info.cluster for info, _ in glyphs})
    ends = {start: end for start, end in zip(starts, [*starts[1:], len(text)], strict=True)}
    drawn: list[str] = []
    seen: set[int] = set()
    for info, position in glyphs:  # visual order: right-to-left output comes reversed
        start = info.cluster
        stands_for = text[start : ends[start]] if start not in seen else ""
        seen.add(start)
        drawn.append(_glyph_character(font, info.codepoint, stands_for, position.x_advance))
    return "".join(drawn)


def _glyph_character(font: _Font, glyph: int, stands_for: str, advance: int) -> str:
    face = font.face
    if (
        len(stands_for) == 1
        and not stands_for.isspace()
        and face.charToGlyph.get(ord(stands_for)) == glyph
    ):
        return stands_for
    key = (glyph, stands_for)
    with _private_lock:
        code = _private_codes.get(key)
        if code is None:
            code = _PRIVATE_FIRST + len(_private_codes)
            _private_codes[key] = code
            face.charToGlyph[code] = glyph
            face.charWidths[code] = font.pdfScale(advance)
            # A second glyph of one cluster (a mark) stands for nothing more: a zero width
            # joiner keeps ToUnicode well formed and reads as nothing.
            font.stands_for[code] = stands_for or "\u200d"
    return chr(code)


_private_codes: dict[tuple[int, str], int] = {}


def stands_for(character: str) -> str:
    """The text a drawn character stands for: itself, or what a shaped glyph was made from."""
    code = ord(character)
    if code < _PRIVATE_FIRST:
        return character
    return pdfmetrics.getFont(RTL_FACE).stands_for.get(code, character)
