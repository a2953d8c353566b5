"""Page geometry as data: margins, and where a folded sheet shows through an envelope window
(DIN 5008 form B on A4, a US #10 window on Letter)."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch, mm


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


@functools.cache
def landscape_for(paper: str) -> PageGeometry:
    """The paper turned sideways, for a wide table (the record of processing). Such a page
    goes in no envelope: its window and address zones are the upright sheet's, unused."""
    upright = geometry_for(paper)
    margin = 14 * mm
    return dataclasses.replace(
        upright,
        name=f"{upright.name} landscape",
        size=(upright.height, upright.width),
        margin_left=margin,
        margin_right=margin,
        margin_top=margin,
        margin_bottom=upright.margin_bottom,
    )
