"""`PdfDocument`, one document: metadata, a story, what it draws around the story on each page,
and the helpers that put human text into markup safely."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from app.dates import DateStyle, format_day
from app.documents import styles as css
from app.documents.fonts import font_runs, markup, register_fonts
from app.documents.page_geometry import geometry_for
from app.documents.rendering import RenderedPdf, render_pdf
from app.documents.wrapping import Paragraph, split_long_word
from app.domain.mailto import mailto_uri
from app.i18n import translator


class PdfDocument:
    """One document. Subclasses give `title()` and `story()`, and may draw page chrome.

    Human text goes into markup only through `self.text()` (escaped, font per run);
    translated sentences through `self.fixed(self._("..."), name=...)`.
    """

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

    def mail_link(self, address: str, subject: str) -> str:
        """Markup of `address` as a link that opens an email to it with `subject` written in."""
        uri = mailto_uri(address, subject)  # percent-encoded: no quote or & left to escape
        return f'<a href="{uri}" color="{css.ACCENT.hexval()}">{self.text(address)}</a>'

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
