"""PDF pages as pictures: the preview inside the window and printing through Qt.

QtPdf is not part of PySide6-Essentials (PITFALLS), so pypdfium2 renders the pages.
Rendering runs on a worker thread; only the finished images are turned into pixmaps.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

PREVIEW_DPI = 96
PRINT_DPI = 300


@dataclass(frozen=True)
class PageImage:
    width: int
    height: int
    rgba: bytes


def render_pages(
    data: bytes, *, dpi: int = PREVIEW_DPI, limit: int | None = None
) -> list[PageImage]:
    """Each page (up to `limit`) as RGBA pixels; safe on any thread."""
    document = pypdfium2.PdfDocument(data)
    try:
        count = len(document) if limit is None else min(limit, len(document))
        images = []
        for number in range(count):
            page = document[number]
            picture = page.render(scale=dpi / 72).to_pil().convert("RGBA")
            images.append(PageImage(picture.width, picture.height, picture.tobytes("raw", "RGBA")))
            page.close()
        return images
    finally:
        document.close()


def to_image(page: PageImage) -> QImage:
    return QImage(
        page.rgba, page.width, page.height, page.width * 4, QImage.Format.Format_RGBA8888
    ).copy()


class PdfPreview(QScrollArea):
    """Pages one under the other, like a reader's continuous view, each as wide as the view
    allows and never wider than rendered (a dialog narrower than an A4 page at 96 dpi showed
    a page cut at its right margin, with a sideways scroll bar)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self._holder = QWidget()
        self._layout = QVBoxLayout(self._holder)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWidget(self._holder)
        self.page_labels: list[QLabel] = []
        self._images: list[QImage] = []

    def show_pages(self, pages: list[PageImage]) -> None:
        self.clear()
        for page in pages:
            label = QLabel()
            label.setStyleSheet("border: 1px solid #999; background: white;")
            self._layout.addWidget(label)
            self.page_labels.append(label)
            self._images.append(to_image(page))
        self._fit()

    def clear(self) -> None:
        for label in self.page_labels:
            label.deleteLater()
        self.page_labels = []
        self._images = []

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def room(self) -> int:
        """The width a page may take: the view's, less the vertical scroll bar (counted as
        shown, so that showing it does not narrow the pages again), margins and border."""
        margins = self._layout.contentsMargins()
        bar = self.verticalScrollBar().sizeHint().width()
        return self.width() - 2 * self.frameWidth() - bar - margins.left() - margins.right() - 2

    def _fit(self) -> None:
        room = max(self.room(), 120)
        for label, image in zip(self.page_labels, self._images, strict=True):
            if image.width() > room:
                image = image.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
            if label.pixmap().isNull() or label.pixmap().width() != image.width():
                label.setPixmap(QPixmap.fromImage(image))


def print_pdf(data: bytes, printer: QPrinter) -> int:
    """Paint every page on the printer, scaled to its printable area; returns pages printed."""
    pages = render_pages(data, dpi=min(PRINT_DPI, max(72, printer.resolution())))
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for number, page in enumerate(pages):
            if number:
                printer.newPage()
            target = QRectF(painter.viewport())
            image = to_image(page)
            scale = min(target.width() / image.width(), target.height() / image.height())
            painter.drawImage(QRectF(0, 0, image.width() * scale, image.height() * scale), image)
    finally:
        painter.end()
    return len(pages)
