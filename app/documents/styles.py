"""The one stylesheet of every document: font sizes, leading, colours and spacing live here."""

from __future__ import annotations

import functools

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm

from app.documents.fonts import CJK, LATIN, LATIN_BOLD, register_fonts

INK = colors.HexColor("#1a1a1a")
ACCENT = colors.HexColor("#1f4e79")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#eef2f6")
FOLD_MARK = colors.HexColor("#777777")

BODY_SIZE = 9.5
SMALL_SIZE = 8
FINE_SIZE = 7
TITLE_SIZE = 17
HEADING_SIZE = 11.5
ADDRESS_SIZE = 10
MIN_ADDRESS_SIZE = 7
ADDRESS_LEADING = 1.2  # of the size, for the address and the return line above it
SENDER_SIZE = 6.5
MIN_SENDER_SIZE = 5
FOOTER_SIZE = 7.5
QR_SIZE = 24 * mm
MAIL_QR_SIZE = 20 * mm  # a mailto: link, read by a phone's camera at arm's length
TICK_BOX_SIZE = 3.8 * mm
RULE_WIDTH = 0.5
SPACE = 2.2 * mm  # the unit of vertical rhythm between blocks


@functools.cache
def stylesheet(lang: str) -> StyleSheet1:
    """Named paragraph styles for one language (Chinese: the CJK font and CJK line breaking)."""
    register_fonts()
    chinese = lang == "zh"
    regular = CJK if chinese else LATIN
    bold = CJK if chinese else LATIN_BOLD
    # Chinese reads better with more air between lines; CJK breaks between any two characters.
    wrap = {"wordWrap": "CJK"} if chinese else {}
    factor = 1.45 if chinese else 1.3

    def style(name: str, size: float, font: str = regular, **extra) -> ParagraphStyle:
        settings = {
            "fontName": font,
            "bulletFontName": regular,  # ReportLab's default, Helvetica, is not embedded
            "fontSize": size,
            "leading": round(size * factor, 1),
            "textColor": INK,
            "alignment": TA_LEFT,
            **wrap,
            **extra,
        }
        return ParagraphStyle(name, **settings)

    # The CJK font has no bold face: Chinese headings and labels stand out by colour instead.
    strong = ACCENT if chinese else INK
    sheet = StyleSheet1()
    for paragraph_style in (
        style("Body", BODY_SIZE, spaceAfter=SPACE * 0.8),
        style("BodyTight", BODY_SIZE),
        style("Small", SMALL_SIZE, textColor=MUTED),
        style("Fine", FINE_SIZE, textColor=MUTED),
        style("Title", TITLE_SIZE, bold, textColor=ACCENT, spaceAfter=SPACE),
        style(
            "Heading",
            HEADING_SIZE,
            bold,
            textColor=ACCENT,
            spaceBefore=SPACE * 1.6,
            spaceAfter=SPACE * 0.7,
            keepWithNext=1,
        ),
        # A heading over a table that splits across pages: see RecordOfProcessing.heading.
        style(
            "TableHeading",
            HEADING_SIZE,
            bold,
            textColor=ACCENT,
            spaceBefore=SPACE * 1.6,
            spaceAfter=SPACE * 0.7,
        ),
        style(
            "Subheading",
            BODY_SIZE,
            bold,
            textColor=strong,
            spaceBefore=SPACE * 0.8,
            spaceAfter=SPACE * 0.3,
            keepWithNext=1,
        ),
        style("Cell", SMALL_SIZE + 0.5),
        style("CellBold", SMALL_SIZE + 0.5, bold, textColor=strong),
        style("CellMuted", SMALL_SIZE, textColor=MUTED),
        style("Bullet", BODY_SIZE, leftIndent=4 * mm, bulletIndent=0.5 * mm, spaceAfter=1),
        style("Address", ADDRESS_SIZE),
        style("Sender", SENDER_SIZE, textColor=MUTED),
        style("Letterhead", SMALL_SIZE, textColor=MUTED, alignment=TA_RIGHT),
        style("LetterheadName", HEADING_SIZE, bold, textColor=ACCENT, alignment=TA_RIGHT),
        style("InfoLabel", FINE_SIZE, textColor=MUTED),
        style("InfoValue", SMALL_SIZE + 0.5),
        style("Footer", FOOTER_SIZE, textColor=MUTED),
        style("Reference", HEADING_SIZE, LATIN_BOLD),
    ):
        sheet.add(paragraph_style)
    return sheet
