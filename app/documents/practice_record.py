"""A record the practice keeps about itself, printed on landscape pages (the record of
processing, the register of rights requests): wide tables whose cells wrap and whose rows go
on over the next page, headed and dated as the practice."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Paragraph

from app.documents.page_geometry import landscape_for
from app.documents.pdf_document import PdfDocument
from app.documents.styles import SMALL_SIZE

CELL_SIZE = SMALL_SIZE + 0.5  # the stylesheet's "Cell"
PAD = 6  # a grid cell's left and right padding together, in points


class PracticeRecord(PdfDocument):
    """`data` has the document's `lang` and the `practice` it is about."""

    def __init__(self, data, *, paper: str) -> None:
        super().__init__(lang=data.lang, paper=paper)
        self.geometry = landscape_for(paper)
        self.data = data
        self.practice = data.practice

    def author(self) -> str:
        return self.practice.name

    def writing_country(self) -> str:
        return self.practice.country_code

    def widths(self, shares: Sequence[int]) -> list[float]:
        """Column widths as shares of the text width."""
        total = sum(shares)
        return [self.geometry.text_width * share / total for share in shares]

    def cell(self, value: str, width: float, style: str = "Cell") -> Paragraph:
        return self.para(self.fitted(value, width), style)

    def fitted(self, value: str, width: float) -> str:
        """Human text for a cell: a long address breaks at its "@" or "/" in English; Chinese
        lines break between any two characters already (its style wraps CJK), and cutting
        a sentence written without spaces as one long word put breaks in odd places."""
        if self.lang == "zh":
            return self.text(value)
        return self.text_in(value, width - PAD, CELL_SIZE)
