"""The record of processing as a spreadsheet: CSV (UTF-8 with a byte-order mark, so that
Excel reads the Chinese and the accents right) or XLSX, from the same `RopaData` the PDF lays
out. One row per purpose; the XLSX adds a sheet of recipients and one of the controller."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import xlsxwriter

from app.documents.data import RopaData
from app.domain.spreadsheet import spreadsheet_safe
from app.i18n import translator

Table = tuple[tuple[str, ...], list[tuple[str, ...]]]  # header, rows


def _lines(values: Sequence[str]) -> str:
    return "\n".join(values)


def activity_table(data: RopaData) -> Table:
    """One row per purpose, the controller on each (a filtered sheet still says whose it is)."""
    _ = translator(data.lang)
    practice = data.practice
    controller = ", ".join((practice.name, *practice.address_lines))
    contact = " · ".join(v for v in (practice.privacy_contact, practice.email, practice.phone) if v)
    header = (
        _("Controller"), _("Contact"), _("Purpose"), _("Legal basis"), _("Persons"),
        _("Data categories"), _("Recipients"), _("Transfers abroad and safeguards"),
        _("Erasure periods (as the notice states)"), _("Security measures"),
    )  # fmt: skip
    security = _lines(data.security)
    rows = [
        (
            controller,
            contact,
            activity.purpose,
            activity.legal_basis,
            activity.persons,
            _lines(
                [c.label + (_(" (sensitive)") if c.sensitive else "") for c in activity.categories]
            ),
            _lines(activity.recipients),
            _lines(activity.transfers),
            _lines([f"{category} {period}" for category, period in activity.erasure]),
            security,
        )
        for activity in data.activities
    ]
    return header, rows


def recipient_table(data: RopaData) -> Table:
    _ = translator(data.lang)
    header = (
        _("Vendor"), _("Legal name"), _("What it does"), _("Purposes"),
        _("Where the data is kept"), _("Safeguard for transfers"), _("Security measures"),
        _("Next review"), _("Compliance"),
    )  # fmt: skip
    rows = [
        (
            vendor.name,
            vendor.legal_name,
            vendor.role,
            _lines(vendor.purposes),
            ", ".join(vendor.countries),
            vendor.safeguard if vendor.transfer_countries else "",
            vendor.security_measures,
            vendor.review_due_on.isoformat(),
            _lines(vendor.flags),
        )
        for vendor in data.recipients
    ]
    return header, rows


def controller_table(data: RopaData) -> Table:
    _ = translator(data.lang)
    practice = data.practice
    rows = [
        (_("Controller"), ", ".join((practice.name, *practice.address_lines))),
        (_("Contact"), " · ".join(v for v in (practice.email, practice.phone) if v)),
        (_("Privacy contact"), practice.privacy_contact or practice.name),
        (_("Supervisory authority"), "; ".join(data.authorities)),
        (_("Kept under"), "; ".join(data.citations)),
        (_("Consent choices and opt-out requests are kept"), data.records_erasure),
        (_("Date"), data.issued_on.isoformat()),
        (_("Version"), data.version),
    ]
    return (_("Item"), _("Value")), rows


def ropa_csv(data: RopaData) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    header, rows = activity_table(data)
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def ropa_xlsx(data: RopaData) -> bytes:
    _ = translator(data.lang)
    buffer = io.BytesIO()
    # in_memory: no temporary files; constant_memory is not needed at a practice's size.
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_urls": False})
    book.set_properties(
        {"title": _("Record of processing activities"), "author": data.practice.name}
    )
    head = book.add_format({"bold": True, "bg_color": "#EEF2F6", "text_wrap": True,
                            "valign": "top", "border": 1})  # fmt: skip
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    sheets = (
        (_("Processing activities"), activity_table(data)),
        (_("Recipients"), recipient_table(data)),
        (_("Controller"), controller_table(data)),
    )
    for title, (header, rows) in sheets:
        sheet = book.add_worksheet(title[:31])  # Excel's limit on a sheet's name
        for column, value in enumerate(header):
            sheet.write_string(0, column, value, head)
        # write_string, never write(): a text typed as "=..." stays text, not a formula.
        for number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                sheet.write_string(number, column, value, wrap)
        sheet.set_column(0, len(header) - 1, 32)
        sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
