"""`render_pdf()`: one document or many laid out into one PDF, each with its own first-page
layout and its own "Page 1 of N" numbering."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from app import version
from app.documents.fonts import base_font
from app.documents.page_geometry import PageGeometry

if TYPE_CHECKING:
    from app.documents.pdf_document import PdfDocument

FOOTER_HEIGHT = 10 * mm

# Binary (Flate only) content streams instead of ASCII85 on top: a notice renders about 10%
# faster and the file is a fifth smaller. ReportLab reads this setting when it writes a file.
rl_config.useA85 = 0


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: tuple[int, ...]  # the page count of each document, in the order given

    @property
    def page_count(self) -> int:
        return sum(self.pages)


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
        creator=f"Privacy Desk {version()}",
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
