"""The register of rights requests as a landscape PDF: a header (the practice, what is shown,
the date printed, the counts), then one table row per request with its steps in short and its
notes. Cells wrap and a long note goes on over the next page; nothing is clipped. The CSV of
the same data is `register_table`."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.dates import DateStyle
from app.documents.components import grid
from app.documents.practice_record import PracticeRecord
from app.documents.request_register_data import RegisterEntry, RequestRegisterData
from app.domain.spreadsheet import spreadsheet_safe
from app.i18n import translator

# Shares of the text width: number, request, who, channel, received, due, status, steps, notes.
COLUMNS = (4, 8, 12, 7, 9, 9, 9, 17, 29)


class RequestRegister(PracticeRecord):
    def title(self) -> str:
        return self._("Register of rights requests")

    def subject(self) -> str:
        return self._("Register of rights requests of {practice}").format(
            practice=self.practice.name
        )

    def footer_text(self) -> str:
        printed = self._("Printed {date}").format(date=self.date(self.data.issued_on))
        return " · ".join(part for part in (self.practice.name, self.title(), printed) if part)

    def short_day(self, value) -> str:
        return self.date(value, DateStyle.MEDIUM)

    def story(self) -> list[Flowable]:
        return [
            self.para(self.fixed(self.title()), "Title"),
            self._header(),
            Spacer(1, 3 * mm),
            self._table(),
        ]

    def _header(self) -> Flowable:
        _ = self._
        data, practice = self.data, self.practice
        counts = _(
            "{total} requests: {open} open ({overdue} overdue), {completed} completed"
        ).format(total=data.total, open=data.open, overdue=data.overdue, completed=data.completed)
        rows = [
            (
                _("Practice"),
                ", ".join(v for v in (practice.name, *practice.address_lines) if v) or "—",
            ),
            (_("Shown"), data.shown),
            (_("Printed"), self.date(data.issued_on)),
            (_("Requests"), counts),
        ]
        label, value = 40 * mm, self.geometry.text_width - 40 * mm
        return grid(
            [(self.cell(name, label, "CellBold"), self.cell(text, value)) for name, text in rows],
            (label, value),
            header=False,
            shade_first_column=True,
        )

    def _table(self) -> Flowable:
        _ = self._
        widths = self.widths(COLUMNS)
        heads = (_("No."), _("Request"), _("Who"), _("Channel"), _("Received"), _("Due"),
                 _("Status"), _("Steps"), _("Notes"))  # fmt: skip
        rows: list[list] = [
            [self.cell(head, w, "CellBold") for head, w in zip(heads, widths, strict=True)]
        ]
        rows += [self._row(entry, widths) for entry in self.data.entries]
        if len(rows) == 1:
            rows.append([self.cell(_("No request is on the register."), sum(widths[:4]))]
                        + [""] * (len(widths) - 1))  # fmt: skip
        # A long row goes on over the next page; components.RowSplittingTable keeps the
        # header from repeating mid-page when it does.
        table = grid(rows, widths, split_in_row=True)
        if len(rows) == 2 and not self.data.entries:
            table.setStyle([("SPAN", (0, 1), (-1, 1))])
        return table

    def _row(self, entry: RegisterEntry, widths: Sequence[float]) -> list:
        _ = self._
        received = f"{self.short_day(entry.received_on)} {entry.received_clock}"
        due = [self.cell(self.short_day(entry.due_on), widths[5], "CellBold" if entry.overdue
                         else "Cell")]  # fmt: skip
        if entry.extended:
            due.append(self.cell(_("extended"), widths[5], "CellMuted"))
        if entry.overdue:
            due.append(self.cell(_("overdue"), widths[5], "CellBold"))
        steps = [
            self.para(
                self.labelled(step.label, self.text(self.short_day(step.day)))
                + (f" · {self.text(step.detail)}" if step.detail else ""),
                "Cell",
            )
            for step in entry.steps
        ]
        notes = [
            self.para(self.labelled(_("{label}:").format(label=label),
                                    self.fitted(text, widths[8])), "Cell")
            for label, text in entry.notes
        ] or [self.cell("—", widths[8])]  # fmt: skip
        return [
            self.cell(str(entry.number), widths[0]),
            self.cell(entry.kind, widths[1], "CellBold"),
            self.cell(entry.who or "—", widths[2]),
            self.cell(entry.channel, widths[3]),
            self.cell(received, widths[4]),
            due,
            self.cell(entry.status, widths[6]),
            steps,
            notes,
        ]


def register_table(data: RequestRegisterData) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The same rows for a spreadsheet: one line per request, each step and note in a cell."""
    _ = translator(data.lang)
    header = (
        _("No."), _("Request"), _("Who"), _("Channel"), _("Received"), _("Due"),
        _("Extended"), _("Status"), _("Steps"), _("Notes"),
    )  # fmt: skip
    rows = [
        (
            str(entry.number),
            entry.kind,
            entry.who,
            entry.channel,
            f"{entry.received_on.isoformat()} {entry.received_clock}",
            entry.due_on.isoformat(),
            _("yes") if entry.extended else "",
            entry.status,
            "\n".join(
                " ".join(p for p in (step.label, step.day.isoformat(), step.detail) if p)
                for step in entry.steps
            ),
            "\n".join(f"{label}: {text}" for label, text in entry.notes),
        )
        for entry in data.entries
    ]
    return header, rows


def register_csv(data: RequestRegisterData) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads the Chinese right; each cell made
    safe from formulas."""
    header, rows = register_table(data)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")
