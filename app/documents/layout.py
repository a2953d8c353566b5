"""Page geometry, the document base classes and the renderer that turns them into PDF bytes.

`PdfDocument` is one document: metadata, a story, and what it draws around the story on
each page. `LetterLayout` adds what a mailed letter or form needs on its first page: the
practice's letterhead, an address block where a window envelope shows it (DIN 5008 form B
on A4, a US #10 window on Letter), an information block (date, reference) and fold marks.
`render_pdf()` lays out one document or many into one file; each document keeps its own
first-page layout and its own "Page 1 of N" numbering.
"""

from __future__ import annotations

import functools
import io
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch, mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
)

from app.dates import DateStyle, format_day
from app.documents import styles as css
from app.documents.data import PracticeInfo
from app.documents.fonts import base_font, font_runs, markup, register_fonts
from app.documents.wrapping import Paragraph, split_long_word
from app.i18n import translator

FOOTER_HEIGHT = 10 * mm

# Binary (Flate only) content streams instead of ASCII85 on top: a notice renders about 10%
# faster and the file is a fifth smaller. ReportLab reads this setting when it writes a file.
rl_config.useA85 = 0


@dataclass(frozen=True)
class Rect:
    """A rectangle in PDF points, origin at the bottom left of the page."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width

    def contains(self, other: Rect, tolerance: float = 0.01) -> bool:
        return (
            other.x >= self.x - tolerance
            and other.y >= self.y - tolerance
            and other.right <= self.right + tolerance
            and other.top <= self.top + tolerance
        )


@dataclass(frozen=True)
class PageGeometry:
    """One paper size: margins, and where a folded sheet shows through an envelope window.

    Distances named `*_from_top` are measured down from the top edge of the sheet, as the
    envelope standards give them; `Rect`s are in page coordinates.
    """

    name: str
    size: tuple[float, float]
    margin_left: float
    margin_right: float
    margin_top: float
    margin_bottom: float
    window: Rect  # the part of the sheet an envelope window shows
    sender_zone: Rect  # top of the window: one small return-address line
    address_zone: Rect  # the recipient's lines
    info_x: float  # left edge of the date/reference block right of the window
    letter_body_from_top: float  # where the text of a letter starts on its first page
    fold_marks_from_top: tuple[float, ...]
    punch_mark_from_top: float | None = None

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    @property
    def text_width(self) -> float:
        return self.width - self.margin_left - self.margin_right


def _from_top(page_height: float, x: float, top: float, width: float, height: float) -> Rect:
    return Rect(x, page_height - top - height, width, height)


def _a4() -> PageGeometry:
    # DIN 5008 form B: the address field is 85 x 45 mm, 20 mm from the left and 45 mm from the
    # top edge; its top 17.7 mm take the return line and notes, the lower 27.3 mm the address.
    # Text in the field starts 5 mm in. Folds at 105 and 210 mm fit a DL window envelope
    # (window 90 x 45 mm, 20 mm from the left, 15 mm from the bottom).
    height = A4[1]
    return PageGeometry(
        name="A4",
        size=A4,
        margin_left=25 * mm,
        margin_right=20 * mm,
        margin_top=20 * mm,
        margin_bottom=14 * mm,
        window=_from_top(height, 20 * mm, 45 * mm, 85 * mm, 45 * mm),
        sender_zone=_from_top(height, 25 * mm, 56.7 * mm, 75 * mm, 5 * mm),
        address_zone=_from_top(height, 25 * mm, 62.7 * mm, 75 * mm, 27.3 * mm),
        info_x=125 * mm,
        letter_body_from_top=98.5 * mm,
        fold_marks_from_top=(105 * mm, 210 * mm),
        punch_mark_from_top=148.5 * mm,
    )


def _letter() -> PageGeometry:
    # A #10 envelope (4 1/8 x 9 1/2 in) has its 4 1/2 x 1 1/8 in window 7/8 in from the left
    # and 1/2 in from the bottom. A letter folded in thirds (3 2/3 in high) resting at the
    # bottom of the envelope shows 2.042-3.167 in from its top edge through the window; if it
    # slides up, the lowest lines (city, ZIP) stay visible. Text starts 1 in from the left,
    # so a sideways shift of 1/8 in still keeps it inside the window.
    height = LETTER[1]
    return PageGeometry(
        name="Letter",
        size=LETTER,
        margin_left=1 * inch,
        margin_right=0.75 * inch,
        margin_top=0.75 * inch,
        margin_bottom=0.55 * inch,
        window=_from_top(height, 0.875 * inch, 2.042 * inch, 4.5 * inch, 1.125 * inch),
        sender_zone=_from_top(height, 1 * inch, 2.08 * inch, 3.5 * inch, 0.16 * inch),
        address_zone=_from_top(height, 1 * inch, 2.25 * inch, 3.5 * inch, 0.875 * inch),
        info_x=5.5 * inch,  # right of the window: nothing else shows through it
        letter_body_from_top=3.45 * inch,
        fold_marks_from_top=(11 / 3 * inch, 22 / 3 * inch),
    )


@functools.cache
def geometry_for(paper: str) -> PageGeometry:
    """The geometry of "A4" or "Letter" (the practice's paper size)."""
    if paper == "A4":
        return _a4()
    if paper == "Letter":
        return _letter()
    raise ValueError(f"unknown paper size {paper!r}")


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: tuple[int, ...]  # the page count of each document, in the order given

    @property
    def page_count(self) -> int:
        return sum(self.pages)


class PdfDocument:
    """One document. Subclasses give `title()` and `story()`, and may draw page chrome.

    Human text goes into markup only through `self.text()` (escaped, font per run);
    translated sentences through `self.fixed(self._("..."), name=...)`.
    """

    kind: ClassVar[str] = "document"

    def __init__(self, *, lang: str, paper: str) -> None:
        register_fonts()
        self.lang = lang
        self.geometry = geometry_for(paper)
        self.styles = css.stylesheet(lang)
        self._ = translator(lang)

    # -- metadata ------------------------------------------------------------------------
    def title(self) -> str:
        raise NotImplementedError

    def subject(self) -> str:
        return self.title()

    def author(self) -> str:
        return ""

    def footer_text(self) -> str:
        """Left part of the footer (the right part is "Page i of N")."""
        return self.title()

    @property
    def pdf_lang(self) -> str:
        return "zh-CN" if self.lang == "zh" else "en"

    # -- content -------------------------------------------------------------------------
    def story(self) -> list[Flowable]:
        raise NotImplementedError

    def first_page_body_from_top(self) -> float:
        """Where the story starts on the document's first page, down from the top edge."""
        return self.geometry.margin_top

    def draw_first_page(self, canv: Canvas) -> None:
        """Called after the story is laid out on the first page; draw fixed elements."""

    def draw_later_page(self, canv: Canvas) -> None:
        """Called after the story is laid out on each following page."""

    def draw_footer(self, canv: Canvas, page: int, pages: int) -> None:
        g = self.geometry
        y = g.margin_bottom - 2 * mm
        canv.setStrokeColor(css.RULE)
        canv.setLineWidth(css.RULE_WIDTH)
        canv.line(
            g.margin_left,
            y + css.FOOTER_SIZE + 1.5 * mm,
            g.width - g.margin_right,
            y + css.FOOTER_SIZE + 1.5 * mm,
        )
        numbering = self._("Page {page} of {pages}").format(page=page, pages=pages)
        right = g.width - g.margin_right
        number_width = self.text_width(numbering, css.FOOTER_SIZE)
        self.draw_text(canv, right - number_width, y, numbering, css.FOOTER_SIZE, css.MUTED)
        self.draw_text(
            canv,
            g.margin_left,
            y,
            self.footer_text(),
            css.FOOTER_SIZE,
            css.MUTED,
            max_width=g.text_width - number_width - 6 * mm,
        )

    def render(self, *, invariant: bool = False) -> RenderedPdf:
        return render_pdf([self], invariant=invariant)

    # -- helpers for subclasses ------------------------------------------------------------
    def text(self, value: str) -> str:
        """Human text (names, notes, addresses) escaped for Paragraph markup."""
        return markup(value, self.lang)

    def fixed(self, sentence: str, **values: str) -> str:
        """An already translated sentence, human `values` filled into its {fields}, escaped
        for markup as a whole (so neither the translation nor the values can inject tags)."""
        return markup(sentence.format(**values) if values else sentence, self.lang)

    def text_in(self, value: str, width: float, size: float) -> str:
        """Human text for a column `width` wide at `size`: a word wider than the column (an
        email address) breaks after "@" or "/" or before a dot, never just anywhere."""

        def fits(piece: str) -> bool:
            return self.text_width(piece, size) <= width

        words = value.split(" ")
        if all(fits(word) for word in words):
            return self.text(value)  # whole: a right-to-left name keeps its word order
        return " ".join(
            "<br/>".join(self.text(piece) for piece in split_long_word(word, fits))
            for word in words
        )

    def labelled(self, label: str, value_markup: str) -> str:
        """Markup of a bold translated label followed by a value already in markup."""
        return f"<b>{self.fixed(label)}</b> {value_markup}"

    def para(self, markup_text: str, style: str = "Body") -> Paragraph:
        return Paragraph(markup_text, self.styles[style])

    def writing_country(self) -> str:
        """The country whose way of writing dates the document follows: the practice's."""
        return ""

    def date(self, value, style: DateStyle = DateStyle.LONG) -> str:
        """A date in words ("1 December 2026"); MEDIUM ("1 Dec 2026") for table cells."""
        return format_day(value, self.lang, self.writing_country(), style)

    def text_width(self, value: str, size: float) -> float:
        return sum(stringWidth(run, face, size) for face, run in font_runs(value, self.lang))

    def draw_text(
        self,
        canv: Canvas,
        x: float,
        y: float,
        value: str,
        size: float,
        color=css.INK,
        *,
        max_width: float | None = None,
    ) -> None:
        """One line of text with a font per run; cut with "…" when wider than `max_width`."""
        if max_width is not None and self.text_width(value, size) > max_width:
            while value and self.text_width(value + "…", size) > max_width:
                value = value[:-1]
            value += "…"
        canv.setFillColor(color)
        for face, run in font_runs(value, self.lang):
            canv.setFont(face, size)
            canv.drawString(x, y, run)
            x += stringWidth(run, face, size)


class LetterLayout(PdfDocument):
    """A letter or form that travels in a window envelope.

    First page: letterhead top right, the recipient's address in the window area (with a
    one-line return address above it), an information block (date, reference) right of the
    window, fold marks at the left edge; the story starts below the window. Later pages
    have the plain margins. Subclasses give `practice`, `recipient_lines()` and the story;
    they may override `sender_line()` and `info_items()`.

    The lead's opt-out confirmation and vendor notification letters subclass this:

        class ConfirmationLetter(LetterLayout):
            kind = "optout_confirmation"
            def __init__(self, data, *, paper):
                super().__init__(practice=data.practice, lang=data.lang, paper=paper)
                self.data = data
            def title(self): return self._("Your opt-out is confirmed")
            def recipient_lines(self): return self.data.client.address_lines
            def info_items(self): return [*super().info_items(), (self._("Reference"), ...)]
            def story(self): return [self.para(self.fixed("Dear {name},", name=...)), ...]
    """

    kind = "letter"

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


class Cancelled(Exception):
    """Raised by an `on_document` callback to stop a batch; nothing is returned."""


class _DocumentStart(Flowable):
    """Zero-size marker at the start of each document's story: tells the canvas whose pages
    follow, and reports progress as layout reaches each document."""

    def __init__(self, index: int, on_document: Callable[[int], None] | None) -> None:
        super().__init__()
        self.index = index
        self.on_document = on_document
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.pd_document_index = self.index
        self.canv.pd_first_page = self.canv.getPageNumber()
        if self.on_document is not None:
            self.on_document(self.index)


def _numbered_canvas(documents: Sequence[PdfDocument]) -> type[Canvas]:
    class NumberedCanvas(Canvas):
        """Holds every page until the end, then writes "Page i of N" per document."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.pd_document_index = 0
            self.pd_first_page = 1
            self.pd_pages: list[dict] = []
            # A StaticBlock pays off when another document of the PDF shows it again.
            self.pd_blocks_shared = len(documents) > 1

        def showPage(self) -> None:
            self.pd_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            counts = Counter(state["pd_document_index"] for state in self.pd_pages)
            for state in self.pd_pages:
                self.__dict__.update(state)
                index = state["pd_document_index"]
                page = self._pageNumber - state["pd_first_page"] + 1
                documents[index].draw_footer(self, page, counts[index])
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def _on_page_end(documents: Sequence[PdfDocument]) -> Callable[[Canvas, BaseDocTemplate], None]:
    def draw(canv: Canvas, _doc: BaseDocTemplate) -> None:
        document = documents[getattr(canv, "pd_document_index", 0)]
        canv.saveState()
        if canv.getPageNumber() == getattr(canv, "pd_first_page", 1):
            document.draw_first_page(canv)
        else:
            document.draw_later_page(canv)
        canv.restoreState()

    return draw


def render_pdf(
    documents: Sequence[PdfDocument],
    *,
    title: str | None = None,
    invariant: bool = False,
    on_document: Callable[[int], None] | None = None,
) -> RenderedPdf:
    """Lay out one or more documents into one PDF; each starts on a new page.

    Metadata (author, subject, language) come from the first document; `title` replaces
    its title for a batch. `on_document(i)` is called as layout reaches document i: report
    progress there, or raise `Cancelled` to stop. `invariant` gives byte-identical output
    for identical input (no creation date, fixed document id).
    """
    if not documents:
        raise ValueError("nothing to render")
    first = documents[0]
    geometry = first.geometry
    if any(document.geometry != geometry for document in documents):
        raise ValueError("documents in one PDF share one paper size")
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=geometry.size,
        leftMargin=geometry.margin_left,
        rightMargin=geometry.margin_right,
        topMargin=geometry.margin_top,
        bottomMargin=geometry.margin_bottom + FOOTER_HEIGHT,
        title=title or first.title(),
        author=first.author(),
        subject=first.subject(),
        creator="Privacy Desk",
        lang=first.pdf_lang,
        invariant=1 if invariant else 0,
        initialFontName=base_font(first.lang),
    )
    on_page_end = _on_page_end(documents)
    later = PageTemplate(
        id="later",
        frames=[_frame(geometry, geometry.margin_top, "later")],
        onPageEnd=on_page_end,
    )
    firsts: dict[float, PageTemplate] = {}
    for document in documents:
        top = document.first_page_body_from_top()
        if top not in firsts:
            firsts[top] = PageTemplate(
                id=f"first-{len(firsts)}",
                frames=[_frame(geometry, top, f"first-{len(firsts)}")],
                onPageEnd=on_page_end,
                autoNextPageTemplate="later",
            )
    first_of = {top: template.id for top, template in firsts.items()}
    templates = list(firsts.values())
    first_id = first_of[first.first_page_body_from_top()]
    templates.sort(key=lambda template: template.id != first_id)
    doc.addPageTemplates([*templates, later])
    story: list[Flowable] = []
    for index, document in enumerate(documents):
        if index:
            story.append(NextPageTemplate(first_of[document.first_page_body_from_top()]))
            story.append(PageBreak())
        story.append(_DocumentStart(index, on_document))
        story.extend(document.story())
    canvas_class = _numbered_canvas(documents)
    doc.build(story, canvasmaker=canvas_class)
    return RenderedPdf(data=buffer.getvalue(), pages=_pages_per_document(doc, len(documents)))


def _frame(geometry: PageGeometry, from_top: float, frame_id: str) -> Frame:
    bottom = geometry.margin_bottom + FOOTER_HEIGHT
    return Frame(
        geometry.margin_left,
        bottom,
        geometry.text_width,
        geometry.height - from_top - bottom,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=frame_id,
    )


def _pages_per_document(doc: BaseDocTemplate, count: int) -> tuple[int, ...]:
    states = doc.canv.pd_pages
    counts = Counter(state["pd_document_index"] for state in states)
    return tuple(counts[index] for index in range(count))
