"""`LetterLayout`: the first page of a letter or form that travels in a window envelope.

The practice's letterhead, an address block where the envelope window shows it, an
information block (date, reference) and fold marks; the address shrinks and wraps until it
fits its zone, and is never drawn outside it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Spacer

from app.documents import styles as css
from app.documents.data import PracticeInfo
from app.documents.fonts import markup
from app.documents.page_geometry import Rect
from app.documents.pdf_document import PdfDocument
from app.documents.wrapping import Paragraph


class LetterLayout(PdfDocument):
    """A letter or form that travels in a window envelope.

    First page: letterhead top right, the recipient's address in the window area (with a
    one-line return address above it), an information block (date, reference) right of the
    window, fold marks at the left edge; the story starts below the window. Later pages
    have the plain margins. Subclasses give `practice`, `recipient_lines()` and the story;
    they may override `sender_line()` and `info_items()`.

    A letter subclasses it (see confirmation_letter.py) and is declared as a document kind
    in app/services/document_kinds.py:

        class ConfirmationLetter(LetterLayout):
            def __init__(self, data, *, paper):
                super().__init__(practice=data.practice, lang=data.lang, paper=paper)
                self.data = data
            def title(self): return self._("Your opt-out is confirmed")
            def recipient_lines(self): return self.data.client.address_lines
            def info_items(self): return [*super().info_items(), (self._("Reference"), ...)]
            def story(self): return [self.para(self.fixed("Dear {name},", name=...)), ...]
    """

    def __init__(self, *, practice: PracticeInfo, lang: str, paper: str) -> None:
        super().__init__(lang=lang, paper=paper)
        self.practice = practice
        self.issued_on = None

    def author(self) -> str:
        return self.practice.name

    def writing_country(self) -> str:
        return self.practice.country_code

    def footer_text(self) -> str:
        return f"{self.practice.name} · {self.title()}"

    def recipient_lines(self) -> Sequence[str]:
        """The address shown in the window, one string per line, name first."""
        raise NotImplementedError

    def sender_line(self) -> str:
        """The small return-address line above the recipient; "" for none."""
        return self.practice.one_line_address

    def info_items(self) -> Sequence[tuple[str, str]]:
        """(label, value) pairs of the block right of the window; values are human text."""
        if self.issued_on is None:
            return []
        return [(self._("Date"), self.date(self.issued_on))]

    def first_page_body_from_top(self) -> float:
        return self.geometry.letter_body_from_top

    def draw_first_page(self, canv: Canvas) -> None:
        self.draw_letterhead(canv)
        self.draw_address_block(canv, self.recipient_lines(), self.sender_line())
        self.draw_info_block(canv)
        self.draw_fold_marks(canv)

    def draw_letterhead(self, canv: Canvas) -> None:
        g = self.geometry
        practice = self.practice
        contact = [line for line in (practice.phone, practice.email, practice.website) if line]
        address = ", ".join(practice.address_lines)
        width = g.width - g.margin_right - g.info_x
        flowables = [
            Paragraph(self.text(practice.name), self.styles["LetterheadName"]),
            *(
                Paragraph(
                    self.text_in(line, width, self.styles["Letterhead"].fontSize),
                    self.styles["Letterhead"],
                )
                for line in ([address] if address else []) + contact
            ),
        ]
        top = g.height - 12 * mm
        bottom_limit = g.window.top + 1 * mm
        _draw_stack(canv, flowables, g.info_x, top, width, bottom_limit)

    def draw_address_block(self, canv: Canvas, lines: Sequence[str], sender_line: str = "") -> Rect:
        """Draw the recipient's lines in the window's address zone; returns where they went.

        The font shrinks (10 to 7 pt) and long lines wrap until every line fits the zone; at
        7 pt a line that still does not fit is cut short with "…", the name first, so the
        postal lines under it always show. Nothing is drawn outside the zone.
        """
        if sender_line:
            self.draw_sender_line(canv, sender_line)
        zone = self.geometry.address_zone
        size, rows = self.fit_lines(lines, zone, css.ADDRESS_SIZE, css.MIN_ADDRESS_SIZE)
        leading = size * css.ADDRESS_LEADING
        baseline = zone.top - size
        for row in rows:
            self.draw_text(canv, zone.x, baseline, row, size, max_width=zone.width)
            baseline -= leading
        return Rect(zone.x, zone.top - _block_height(len(rows), size, leading), zone.width,
                    _block_height(len(rows), size, leading))  # fmt: skip

    def draw_sender_line(self, canv: Canvas, sender_line: str) -> None:
        """The return address above the recipient: one line, or two broken at a comma,
        shrinking (6.5 to 5 pt) until it fits the sender zone over its rule."""
        zone = self.geometry.sender_zone
        size, rows = self.fit_lines(
            [sender_line], zone, css.SENDER_SIZE, css.MIN_SENDER_SIZE, at_commas=True
        )
        leading = size * css.ADDRESS_LEADING
        baseline = zone.y + 1.2 + leading * (len(rows) - 1)
        for row in rows:
            self.draw_text(canv, zone.x, baseline, row, size, css.MUTED, max_width=zone.width)
            baseline -= leading
        canv.setStrokeColor(css.RULE)
        canv.setLineWidth(0.3)
        canv.line(zone.x, zone.y, zone.right, zone.y)

    def fit_lines(
        self,
        lines: Sequence[str],
        zone: Rect,
        largest: float,
        smallest: float,
        *,
        at_commas: bool = False,
    ) -> tuple[float, list[str]]:
        """The largest size (in steps of 0.25 pt) at which `lines`, wrapped to the zone's
        width, fit its height, and the rows to draw. At `smallest`, lines beyond the zone's
        room are cut short: later lines keep theirs first (a name gives way to the town)."""
        size = largest
        while True:
            leading = size * css.ADDRESS_LEADING
            wrapped = [self.wrap_line(line, size, zone.width, at_commas) for line in lines]
            rows = [row for line_rows in wrapped for row in line_rows]
            if _block_height(len(rows), size, leading) <= zone.height + 0.01:
                return size, rows
            if size - 0.25 < smallest - 1e-9:
                break
            size -= 0.25
        room = max(1, int((zone.height - size * 1.24 + leading) // leading))
        wrapped = [line_rows for line_rows in wrapped if line_rows]
        while len(wrapped) > room:  # more lines than rows: the first ones share a row
            wrapped[:2] = [[", ".join(" ".join(line_rows) for line_rows in wrapped[:2])]]
        allowed = [1] * len(wrapped)
        spare = room - len(wrapped)
        for index in [*range(1, len(wrapped)), 0]:
            extra = min(spare, len(wrapped[index]) - 1)
            allowed[index] += extra
            spare -= extra
        rows = []
        for line_rows, count in zip(wrapped, allowed, strict=True):
            kept = line_rows[:count]
            if len(line_rows) > count:
                kept[-1] = self.cut(" ".join(line_rows[count - 1 :]), size, zone.width)
            rows.extend(kept)
        return size, rows

    def wrap_line(self, line: str, size: float, width: float, at_commas: bool = False) -> list[str]:
        """`line` in rows no wider than `width`: broken between words (between any two
        Chinese characters), or only after commas; a word wider than a row is split."""
        pieces = re.findall(r"[^,]+(?:,\s*|$)", line) if at_commas else _break_points(line)
        rows: list[str] = []
        row = ""
        for piece in pieces:
            if row and self.text_width((row + piece).rstrip(), size) > width:
                rows.append(row.rstrip())
                row = ""
            while self.text_width(piece.rstrip(), size) > width and len(piece) > 1:
                cut = len(piece) - 1
                while cut > 1 and self.text_width(piece[:cut], size) > width:
                    cut -= 1
                rows.append(piece[:cut])
                piece = piece[cut:]
            row += piece
        if row.strip():
            rows.append(row.rstrip())
        return rows

    def cut(self, value: str, size: float, width: float) -> str:
        """`value` shortened with "…" to `width`."""
        if self.text_width(value, size) <= width:
            return value
        while value and self.text_width(value + "…", size) > width:
            value = value[:-1]
        return value.rstrip() + "…"

    def draw_info_block(self, canv: Canvas) -> None:
        g = self.geometry
        flowables = []
        for label, value in self.info_items():
            flowables.append(Paragraph(markup(label, self.lang), self.styles["InfoLabel"]))
            flowables.append(Paragraph(self.text(value), self.styles["InfoValue"]))
            flowables.append(Spacer(1, 1.2 * mm))
        bottom = g.height - g.letter_body_from_top + 2 * mm
        _draw_stack(canv, flowables, g.info_x, g.window.top, self.info_block_width(), bottom)

    def info_block_width(self) -> float:
        g = self.geometry
        return g.width - g.margin_right - g.info_x

    def draw_fold_marks(self, canv: Canvas) -> None:
        g = self.geometry
        canv.setStrokeColor(css.FOLD_MARK)
        canv.setLineWidth(0.4)
        for distance in g.fold_marks_from_top:
            canv.line(3 * mm, g.height - distance, 8 * mm, g.height - distance)
        if g.punch_mark_from_top is not None:
            canv.line(
                3 * mm, g.height - g.punch_mark_from_top, 10 * mm, g.height - g.punch_mark_from_top
            )


class ClientLetter(LetterLayout):
    """A letter to one client (`data.client`): addressed to them, dated `data.issued_on`, their
    reference in the block beside the window and in the footer. Subclasses give the title,
    the subject and the story; a letter with more of its own (OptOutLetter) comes after this
    class among its bases, so these parts come first."""

    def __init__(self, data: Any, *, paper: str) -> None:
        super().__init__(practice=data.practice, lang=data.lang, paper=paper)
        self.data = data
        self.issued_on = data.issued_on

    def footer_text(self) -> str:
        return f"{self.practice.name} · {self.title()} · {self.data.client.ref}"

    def recipient_lines(self) -> Sequence[str]:
        return self.data.client.address_lines

    def info_items(self) -> Sequence[tuple[str, str]]:
        return [*super().info_items(), (self._("Your reference"), self.data.client.ref)]


def _block_height(rows: int, size: float, leading: float) -> float:
    """From the top of the first row's capitals to the bottom of the last row's descenders."""
    return size + leading * (rows - 1) + size * 0.24 if rows else 0.0


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003ffff"
_CJK_PIECES = re.compile(f"[{_CJK}]\\s*|[^{_CJK}]+")
_CJK_CHARACTER = re.compile(f"[{_CJK}]")


def _break_points(line: str) -> list[str]:
    """A line as the pieces a row may end after: words with their space, single Chinese
    characters."""
    pieces: list[str] = []
    for word in re.findall(r"\S+\s*|\s+", line):
        pieces.extend(_CJK_PIECES.findall(word) if _CJK_CHARACTER.search(word) else [word])
    return pieces


def _draw_stack(
    canv: Canvas,
    flowables: Sequence[Flowable],
    x: float,
    top: float,
    width: float,
    bottom_limit: float,
) -> None:
    """Draw flowables one under the other from `top`, stopping before `bottom_limit`."""
    y = top
    for flowable in flowables:
        _, height = flowable.wrap(width, 1000)
        if y - height < bottom_limit:
            break
        y -= height
        flowable.drawOn(canv, x, y)
