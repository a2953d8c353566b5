"""The readable report of a client's access package (issue 13): "who has my data", then every
record type the package holds, as tables anyone can read. Its data.json and CSVs hold the
same with every column; the report says where."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.documents.access_data import AccessReportData, RecipientLine, ReportTable
from app.documents.components import FactList, grid
from app.documents.pdf_document import PdfDocument

LABEL_WIDTH = 42 * mm


class AccessReport(PdfDocument):
    """What the practice holds about one client, for the client."""

    def __init__(self, data: AccessReportData, *, paper: str) -> None:
        super().__init__(lang=data.lang, paper=paper)
        self.data = data
        self.practice = data.practice

    def title(self) -> str:
        return self._("Your data: a copy of what we hold")

    def subject(self) -> str:
        client = self.data.client
        return self._("Copy of the personal data of {name} ({ref})").format(
            name=client.name, ref=client.ref
        )

    def author(self) -> str:
        return self.practice.name

    def writing_country(self) -> str:
        return self.practice.country_code

    def footer_text(self) -> str:
        return f"{self.practice.name} · {self.title()} · {self.data.client.ref}"

    def story(self) -> list[Flowable]:
        _ = self._
        data = self.data
        flowables: list[Flowable] = [
            self.para(self.fixed(self.title()), "Title"),
            self._header(),
            Spacer(1, 3 * mm),
            self.para(
                self.fixed(
                    _(
                        "This is everything we, {practice}, hold about you on {date}: who "
                        "receives your data, your consent answers and requests, what we sent "
                        "you, your record and how long we keep it. The same is in data.json "
                        "and in one CSV file per kind of record, in this package, for another "
                        "program to read."
                    ),
                    practice=self.practice.name or _("your coach"),
                    date=self.date(data.issued_on),
                )
            ),
            self.para(self.fixed(_("Who receives your data")), "Heading"),
        ]
        if not data.recipients:
            flowables.append(self.para(self.fixed(_("Nobody outside our practice."))))
        flowables.extend(self._recipient(line) for line in data.recipients)
        for table in data.tables:
            flowables.extend(self._table(table))
        flowables.extend(self._closing())
        return flowables

    def _header(self) -> Flowable:
        _ = self._
        client, practice = self.data.client, self.practice
        rows = [
            # Name and code apart: a right-to-left name would carry a code beside it along.
            (_("Copy made for"), client.name),
            (_("Reference"), client.ref),
            (_("Date"), self.date(self.data.issued_on)),
            (_("Controller"), ", ".join((practice.name, *practice.address_lines))),
            (_("Privacy contact"), practice.privacy_contact or practice.name),
            (_("Email"), practice.email),
            (_("Phone"), practice.phone),
        ]
        return FactList(
            [(self.para(self.fixed(label), "CellBold"), self.para(self.text(value), "Cell"))
             for label, value in rows if value],
            LABEL_WIDTH,
        )  # fmt: skip

    def _recipient(self, line: RecipientLine) -> Flowable:
        _ = self._
        now = (
            _("Yes, since {date}").format(date=line.since)
            if line.flowing and line.since
            else _("Yes")
            if line.flowing
            else _("No")
        )
        rows = [
            (_("For"), line.purpose),
            (_("What it receives"), _(", ").join(line.receives)),
            (_("Legal basis"), line.basis),
            (_("Where it is stored"), line.stored_in),
            (_("Your consent"), line.consent),
            (_("Receives your data now"), now),
        ]
        facts = FactList(
            [(self.para(self.fixed(label), "CellBold"), self.para(self.text(value), "Cell"))
             for label, value in rows if value],
            LABEL_WIDTH,
        )  # fmt: skip
        return KeepTogether(
            [self.para(self.text(line.vendor), "Subheading"), facts, Spacer(1, 1.5 * mm)]
        )

    def _table(self, table: ReportTable) -> list[Flowable]:
        heading = self.para(self.fixed(table.title), "Heading")
        if not table.rows:
            return [heading, self.para(self.fixed(self._("None.")), "Small")]
        width = self.geometry.text_width
        if table.one_record:
            [values] = table.rows
            rows = [
                (self.para(self.fixed(label), "CellBold"), self.para(self.text(value), "Cell"))
                for label, value in zip(table.headings, values, strict=True)
            ]
            widths = (LABEL_WIDTH, width - LABEL_WIDTH)
            return [heading, grid(rows, widths, header=False, split_in_row=True)]
        column = width / len(table.headings)
        cells = [
            [self.para(self.fixed(heading), "CellBold") for heading in table.headings],
            *(
                [self.para(self.text_in(value, column - 6, 8.5), "Cell") for value in row]
                for row in table.rows
            ),
        ]
        return [heading, grid(cells, [column] * len(table.headings), split_in_row=True)]

    def _closing(self) -> list[Flowable]:
        _ = self._
        practice = self.practice
        contact = practice.privacy_contact or practice.name
        return [
            Spacer(1, 3 * mm),
            self.para(
                self.fixed(
                    _(
                        "Is anything wrong or missing? Tell {contact} and we will correct it. "
                        "You may also complain to {authority}."
                    ),
                    contact=", ".join(part for part in (contact, practice.email) if part),
                    authority=practice.supervisory_authority or _("the supervisory authority"),
                )
            ),
            self.para(self.fixed(_("In this package")), "Heading"),
            self.para(self.text(" · ".join(self.data.files)), "Small"),
            self.para(
                self.fixed(
                    _(
                        "MANIFEST.sha256 lists a SHA-256 hash for every file, so that you can "
                        "check that none was changed (for example with: sha256sum -c "
                        "MANIFEST.sha256)."
                    )
                ),
                "Small",
            ),
        ]
