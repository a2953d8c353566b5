"""Printing a long list as a table: the heading once, column titles and page numbers on every
page, painted page by page so the window never waits for thousands of rows at once."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QPageLayout, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog

from app.domain.errors import DomainError
from app.ui.fonts import print_font
from app.ui.text import _
from app.ui.worker import Progress, TaskCancelled


@dataclass(frozen=True)
class PrintedTable:
    """A list to print: the heading on the first page, the column titles on every page."""

    title: str
    subtitle: str
    header: tuple[str, ...]
    lines: Sequence[Sequence[str]]
    widths: tuple[int, ...]  # per cent of the page width, one per column
    footer: str  # formatted with {page} and {pages}
    proof: str = ""  # a small line under the subtitle: where the ledgers ended when printed


def table_html(table: PrintedTable, lines: Sequence[Sequence[str]], *, first: bool) -> str:
    """One page of the table as HTML; every human-entered string escaped."""
    proof = f"<p><small>{escape(table.proof)}</small></p>" if table.proof else ""
    top = f"<h2>{escape(table.title)}</h2><p>{escape(table.subtitle)}</p>{proof}" if first else ""
    head = "".join(
        f"<th align='left' width='{width}%'>{escape(text)}</th>"
        for text, width in zip(table.header, table.widths, strict=True)
    )
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in line) + "</tr>" for line in lines
    )
    return (
        f"{top}<table width='100%' border='1' cellspacing='0' cellpadding='2' "
        "style='border-collapse: collapse; border-color: #888'>"
        f"<thead><tr>{head}</tr></thead>{body}</table>"
    )


def print_table(printer: QPrinter, table: PrintedTable, progress: Progress | None = None) -> int:
    """Paginate and paint; safe on a worker thread. Returns the number of pages.

    Each page is its own small document: one document of thousands of rows would hold the
    interpreter lock for seconds while Qt lays it out, freezing the window meanwhile.
    """
    printer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    footer_height = printer.resolution() // 3  # a third of an inch
    body_height = page.height() - footer_height
    font = print_font(8)

    def lay_out(lines: Sequence[Sequence[str]], first: bool) -> QTextDocument:
        document = QTextDocument()
        document.documentLayout().setPaintDevice(printer)  # measured at the printer's dpi
        document.setDefaultFont(font)
        document.setTextWidth(page.width())
        document.setHtml(table_html(table, lines, first=first))
        return document

    def height(lines: Sequence[Sequence[str]], first: bool = False) -> float:
        return lay_out(lines, first).size().height()

    lines, total = table.lines, len(table.lines)
    steps = max(1, 2 * total)  # rows paginated, then rows painted
    sample = lines[:1] or [[""] * len(table.header)]
    row = max(1.0, height(sample * 2) - height(sample))
    tops = {True: height([], True), False: height([])}

    def check(done: int) -> None:
        if progress is not None:
            if progress.cancelled():
                raise TaskCancelled
            progress(done, steps)

    # Pass 1 finds how many rows fit on each page (rows can wrap); pass 2 lays each page out
    # again and paints it. Keeping hundreds of laid-out pages instead costs memory and long
    # garbage-collector pauses that freeze the window.
    counts: list[int] = []
    start = 0
    while not counts or start < total:
        first = not counts
        count = min(max(1, int((body_height - tops[first]) // row)), total - start)
        document = lay_out(lines[start : start + count], first)
        while count > 1 and document.size().height() > body_height:  # some rows wrapped
            over = document.size().height() - body_height
            count = max(1, count - max(1, math.ceil(over / row)))
            document = lay_out(lines[start : start + count], first)
        counts.append(count)
        start += count
        check(start)
    pages = len(counts)
    painter = QPainter()
    if not painter.begin(printer):
        raise DomainError(_("The printer could not be opened."))
    try:
        painter.setFont(font)
        start = 0
        for number, count in enumerate(counts):
            if number:
                printer.newPage()
            document = lay_out(lines[start : start + count], number == 0)
            document.drawContents(painter, QRectF(0, 0, page.width(), body_height))
            painter.drawText(
                QRectF(0, body_height, page.width(), footer_height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                table.footer.format(page=number + 1, pages=pages),
            )
            start += count
            try:
                check(total + start)
            except TaskCancelled:
                printer.abort()
                raise
    finally:
        painter.end()
    return pages


def show_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    dialog.setMaximum(total)
    dialog.setValue(done)
