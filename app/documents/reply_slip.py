"""`ReplySlip`: flowables drawn at the bottom of a page under a dashed cut line across the sheet."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from app.documents import styles as css
from app.documents.fonts import LATIN, font_runs


class ReplySlip(Flowable):
    """Flowables drawn at the bottom of the page, under a dashed cut line across the sheet.

    It takes the rest of the frame, leaving the space above it empty; when the page has too
    little room left, it moves to the next page and sits at its bottom. Put it last.
    """

    cut_gap = 5 * mm  # between the cut line and the slip's first line

    def __init__(
        self,
        content: Sequence[Flowable],
        *,
        frame_x: float,
        page_width: float,
        label: str = "",
        lang: str = "en",
    ) -> None:
        super().__init__()
        self.content = list(content)
        self.frame_x = frame_x
        self.page_width = page_width
        self.label = label
        self.lang = lang
        self._heights: list[float] = []
        self._needed = 0.0

    def _measure(self, width: float) -> float:
        self._heights = [flowable.wrap(width, 10_000)[1] for flowable in self.content]
        return sum(self._heights) + self.cut_gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._needed = self._measure(available_width)
        self.width = available_width
        self.height = max(self._needed, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []  # never in two parts: on the next page instead

    def draw(self) -> None:
        canv = self.canv
        top = self._needed
        canv.saveState()
        canv.setStrokeColor(css.MUTED)
        canv.setLineWidth(0.6)
        canv.setDash(3, 2.5)
        canv.line(-self.frame_x + 4 * mm, top, self.page_width - self.frame_x - 4 * mm, top)
        canv.restoreState()
        canv.saveState()
        canv.setFillColor(css.MUTED)
        canv.setFont(LATIN, 11)  # the scissors are in DejaVu only
        canv.drawString(-self.frame_x + 8 * mm, top - 3.8, "✂")
        if self.label:
            size = css.FINE_SIZE
            runs = font_runs(self.label, self.lang)
            width = sum(stringWidth(run, face, size) for face, run in runs)
            x = self.width - width
            canv.setFillColor(colors.white)
            canv.rect(x - 1.5 * mm, top - 2, width + 3 * mm, 4, stroke=0, fill=1)
            canv.setFillColor(css.MUTED)
            for face, run in runs:
                canv.setFont(face, size)
                canv.drawString(x, top - size * 0.35, run)
                x += stringWidth(run, face, size)
        canv.restoreState()
        y = top - self.cut_gap
        for flowable, height in zip(self.content, self._heights, strict=True):
            y -= height
            flowable.drawOn(canv, 0, y)
