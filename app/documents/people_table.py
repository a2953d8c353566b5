"""The table of people in a vendor notification letter: one row per person, only the
identifier columns someone in the letter has, each column as wide as its widest cell."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from app.dates import DateStyle
from app.documents import styles as css
from app.documents.components import grid
from app.documents.data import NotifiedPerson, VendorNotificationData
from app.documents.pdf_document import PdfDocument
from app.documents.vendor_wording import VendorWording


@dataclass(frozen=True)
class Column:
    """A column of the people table: header, cell text, widest allowed, whether it gives
    way to "Please stop"."""

    label: str
    value: Callable[[int, NotifiedPerson], str]
    most: float
    shrinks: bool = False


def people_table(letter: PdfDocument, data: VendorNotificationData) -> Flowable:
    """One row per person: only the identifier columns someone in the letter has.

    Each column is as wide as its widest cell, up to a limit; "Please stop" takes the
    rest, at least 36 mm. What it lacks comes off the email column, then the name column
    (long addresses wrap), never off the short ones.
    """
    _ = letter._
    people = data.people
    columns = [Column(_("No."), lambda n, p: str(n), 12 * mm)]
    columns.append(Column(_("Our reference"), lambda n, p: p.ref, 30 * mm))
    if any(person.name for person in people):
        columns.append(Column(_("Name"), lambda n, p: p.name or "–", 40 * mm, shrinks=True))
    if any(person.email for person in people):
        columns.append(Column(_("Email"), lambda n, p: p.email or "–", 56 * mm, shrinks=True))
    columns.append(
        Column(_("Received"), lambda n, p: letter.date(p.received_on, DateStyle.MEDIUM), 30 * mm)
    )
    cells = [
        [column.value(number, person) for column in columns]
        for number, person in enumerate(people, 1)
    ]
    size, padding = css.SMALL_SIZE + 0.5, 6 + 1
    widths = []
    for index, column in enumerate(columns):
        widest = max(
            # Headers are bold: a little wider than the regular face measured here.
            [letter.text_width(column.label, size) * 1.15]
            + [letter.text_width(row[index], size) for row in cells]
        )
        widths.append(min(widest + padding, column.most))
    total, least = letter.geometry.text_width, 36 * mm
    for index in reversed(range(len(columns))):
        lacking = least - (total - sum(widths))
        if lacking > 0 and columns[index].shrinks:
            widths[index] -= min(lacking, max(widths[index] - 24 * mm, 0))
    widths.append(max(total - sum(widths), least))
    scale = min(1.0, total / sum(widths))
    widths = [width * scale for width in widths]
    header = [letter.para(letter.fixed(column.label), "CellBold") for column in columns]
    header.append(letter.para(letter.fixed(VendorWording(data).column_heading()), "CellBold"))
    rows: list[list] = [header]
    for person, values in zip(people, cells, strict=True):
        row = [
            letter.para(letter.text_in(value, width - padding + 1, size), "Cell")
            for value, width in zip(values, widths[:-1], strict=True)
        ]
        row.append(letter.para(letter.text(VendorWording(data).asked_of(person)), "Cell"))
        rows.append(row)
    return grid(rows, widths)
