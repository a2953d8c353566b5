"""The PDF preview: a page as wide as the view allows, never wider than rendered, so a
narrow dialog shows the whole width of an A4 letter without a sideways scroll bar."""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from app.ui.pdf_view import PdfPreview, render_pages


def _a4_pdf() -> bytes:
    import io

    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    page.drawString(500, 800, "right margin")
    page.showPage()
    page.save()
    return out.getvalue()


def test_a_page_wider_than_the_view_is_shown_whole_without_a_sideways_scroll_bar(qtbot):
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.resize(600, 500)
    preview.show()
    pages = render_pages(_a4_pdf())
    assert pages[0].width > 600  # 96 dpi: about 794 pixels
    preview.show_pages(pages)
    qtbot.waitUntil(lambda: preview.page_labels[0].pixmap().width() < preview.viewport().width())
    qtbot.wait(50)
    assert preview.horizontalScrollBar().maximum() == 0


def test_a_view_wider_than_the_page_shows_it_at_its_own_size(qtbot):
    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.resize(1200, 500)
    preview.show()
    pages = render_pages(_a4_pdf())
    preview.show_pages(pages)
    assert preview.page_labels[0].pixmap().width() == pages[0].width
    preview.resize(500, 500)  # the dialog made narrower
    qtbot.waitUntil(lambda: preview.page_labels[0].pixmap().width() < preview.viewport().width())
