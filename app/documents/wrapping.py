"""Where lines may break: never inside a word, an email or web address, or a name.

ReportLab's Chinese line breaking (wordWrap="CJK") breaks between any two characters and
looks back only half a line for a space, so an email address at the end of a line was cut
anywhere ("inbox.exa" / "mple"). `Paragraph` breaks a Chinese paragraph between two Chinese
characters, next to one, or after a space, keeping everything else whole; only a word
longer than the line is split, after "@" or "/" or before "." where it can.
"""

from __future__ import annotations

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import paragraph as rl_paragraph

# Full-width punctuation ReportLab's list lets start a line: it never does.
_CANNOT_START = ALL_CANNOT_START + "：；，。、！？）】」』〉》"
_CANNOT_END = ALL_CANNOT_END + "（【「『〈《"
# Where a word too long for its line is split, best first: after these, or before a dot.
_SPLIT_AFTER = "@/-_"
_WIDTH_FUZZ = 1e-8


def is_cjk(character: str) -> bool:
    """Characters a Chinese line may break before or after (CJK scripts and punctuation)."""
    code = ord(character)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or (0x20000 <= code <= 0x3FFFF)
    )


def may_break_before(previous: str, character: str) -> bool:
    """Whether a Chinese paragraph's line may end between `previous` and `character`."""
    if previous.isspace():
        return not character.isspace()
    if character.isspace():
        return False
    if not (is_cjk(previous) or is_cjk(character)):
        return False  # inside a word, a number, an address, a name
    return character not in _CANNOT_START and previous not in _CANNOT_END


def split_point(text: str, start: int, end: int) -> int:
    """Where to split a word that fills text[start:end] and more: after "@" or "/", before
    a dot, else where it overflows (`end`)."""
    for index in range(end, start + 1, -1):
        if text[index - 1] in _SPLIT_AFTER or text[index] == ".":
            return index
    return end


class Paragraph(rl_paragraph.Paragraph):
    """A ReportLab Paragraph whose Chinese lines break only where `may_break_before` says."""

    def breakLinesCJK(self, maxWidths):
        if not isinstance(maxWidths, list | tuple):
            maxWidths = [maxWidths]
        frags = self.frags
        # A one-font paragraph split in two (a table row going on over the next page, with
        # splitInRow) comes back as one fragment of words, each a line made below, and the
        # first part's lines marked as if made of fragments: its text is laid out again.
        words = len(frags) == 1 and not hasattr(frags[0], "text") and hasattr(frags[0], "words")
        if hasattr(self, "blPara") and getattr(self, "_splitpara", 0) and not words:
            return self.blPara  # the rest of a paragraph split across pages: lines kept
        if (
            not frags
            or self.style.endDots
            or (not words and any(hasattr(f, "cbDefn") or isinstance(f.text, bytes) for f in frags))
        ):
            return super().breakLinesCJK(maxWidths)
        self.height = 0
        rl_paragraph._handleBulletWidth(self.bulletText, self.style, maxWidths)
        leading = getattr(self, "autoLeading", getattr(self.style, "autoLeading", ""))
        if len(frags) == 1 and not hasattr(frags[0], "lineBreak"):
            # One font throughout: plain lines, as ReportLab makes them (twice as fast).
            frag = frags[0]
            text = "".join(frag.words) if words else frag.text
            widths = [stringWidth(character, frag.fontName, frag.fontSize) for character in text]
            lines = []
            for start, end, width, _line_break in _breaks(
                text, widths, [False] * len(text), maxWidths
            ):
                maximum = maxWidths[min(len(lines), len(maxWidths) - 1)]
                lines.append((maximum - width, [text[start:end]]))
            return frag.clone(
                kind=0, lines=lines, ascent=frag.fontSize, descent=-0.2 * frag.fontSize
            )
        return _split(frags, maxWidths, leading not in ("", "off"))


def _breaks(text: str, widths: list[float], hard: list[bool], max_widths):
    """(start, end, width, hard break) of each line of `text`, one width per character."""
    start = index = 0
    used = 0.0
    max_width = max_widths[0]
    count = 0
    while index < len(text):
        used += widths[index]
        index += 1
        line_break = hard[index - 1]
        if not (line_break or (used > max_width + _WIDTH_FUZZ and used > 0)):
            continue
        if not line_break:
            over = index - 1  # the character that does not fit
            if text[over] in _CANNOT_START and over > start:
                end = index  # closing punctuation hangs in the margin rather than start a line
            else:
                end = next(
                    (k for k in range(over, start, -1) if may_break_before(text[k - 1], text[k])),
                    start,
                )
                if end == start:  # one word wider than the line
                    end = split_point(text, start, over) if over > start + 1 else start + 1
            index = end
        yield start, index, sum(widths[start:index]), line_break
        count += 1
        max_width = max_widths[min(count, len(max_widths) - 1)]
        start = index
        used = 0.0
    if start < len(text):
        yield start, len(text), sum(widths[start:]), False


def _split(frags, max_widths, calc_bounds: bool):
    units = []
    for frag in frags:
        if frag.text:
            units.extend(rl_paragraph.cjkU(character, frag, "utf8") for character in frag.text)
        else:
            units.append(rl_paragraph.cjkU(frag.text, frag, "utf8"))
    text = "".join(str(unit) or "\0" for unit in units)
    hard = [hasattr(unit.frag, "lineBreak") for unit in units]
    lines = []
    for start, end, width, line_break in _breaks(text, [u.width for u in units], hard, max_widths):
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        lines.append(
            rl_paragraph.makeCJKParaLine(
                units[start:end], max_width, width, max_width - width, line_break, calc_bounds
            )
        )
    return rl_paragraph.ParaLines(kind=1, lines=lines)


def split_long_word(word: str, fits) -> list[str]:
    """`word` in pieces that each satisfy `fits(piece)`, split after "@" or "/" or before
    a dot where possible: for an email address in a narrow table cell."""
    pieces: list[str] = []
    rest = word
    while len(rest) > 1 and not fits(rest):
        longest = 1
        while longest < len(rest) and fits(rest[: longest + 1]):
            longest += 1
        end = split_point(rest, 0, longest) if longest < len(rest) else longest
        pieces.append(rest[:end])
        rest = rest[end:]
    return [*pieces, rest] if rest else pieces
