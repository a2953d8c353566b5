"""The record of processing activities (GDPR Art. 30(1), PIPL Art. 56) as a PDF: the
controller, then one landscape table row per purpose and one per recipient, then the security
measures. Cells wrap and rows go on over the next page: a long text is never clipped."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Spacer

from app.dates import DateStyle
from app.documents.components import grid
from app.documents.practice_record import PracticeRecord
from app.documents.wrapping import Paragraph

# Shares of the text width per column.
ACTIVITY_COLUMNS = (14, 9, 9, 12, 14, 16, 26)
RECIPIENT_COLUMNS = (11, 15, 12, 11, 13, 17, 8, 13)


class RecordOfProcessing(PracticeRecord):
    def title(self) -> str:
        return self._("Record of processing activities")

    def subject(self) -> str:
        return self._("Record of processing activities of {practice}").format(
            practice=self.practice.name
        )

    def footer_text(self) -> str:
        version = self._("Version {version}").format(version=self.data.version)
        return f"{self.practice.name} · {self.title()} · {version}"

    def cells(self, values: Sequence[str], width: float) -> list[Flowable]:
        """One paragraph per value; a dash where there is none."""
        return [self.cell(value, width) for value in values] or [self.cell("—", width)]

    def story(self) -> list[Flowable]:
        _ = self._
        data = self.data
        flowables: list[Flowable] = [self.para(self.fixed(self.title()), "Title")]
        if data.citations:
            flowables.append(self.para(self.fixed(" · ".join(data.citations)), "Small"))
        flowables += [
            Spacer(1, 2 * mm),
            self._controller(),
            *self.heading(_("1. Processing activities")),
            self._activities(),
            *self.heading(_("2. Recipients (vendors)")),
            self._recipients(),
            *self.heading(_("3. Security measures")),
            *[Paragraph(self.text(line), self.styles["Bullet"], bulletText="•")
              for line in data.security],
            self.para(self.fixed(_("4. Other records")), "Heading"),
            self.para(self.labelled(_("Consent choices and opt-out requests are kept"),
                                    self.text(data.records_erasure))),
        ]  # fmt: skip
        return flowables

    def heading(self, text: str) -> list[Flowable]:
        """A heading that starts a new page only when too little of this one is left for it
        and a first row: a table after it splits, so "keep with next" would move it whole."""
        return [CondPageBreak(35 * mm), self.para(self.fixed(text), "TableHeading")]

    def _controller(self) -> Flowable:
        _ = self._
        data, practice = self.data, self.practice
        contact = " · ".join(v for v in (practice.email, practice.phone, practice.website) if v)
        rows = [
            (_("Controller"), ", ".join((practice.name, *practice.address_lines))),
            (_("Contact"), contact or "—"),
            (_("Privacy contact"), practice.privacy_contact or practice.name),
            (_("Supervisory authority"), "; ".join(data.authorities) or "—"),
            (_("Date"), self.date(data.issued_on)),
            (_("Version"), data.version),
        ]
        label, value = 45 * mm, self.geometry.text_width - 45 * mm
        return grid(
            [(self.cell(name, label, "CellBold"), self.cell(text, value)) for name, text in rows],
            (label, value),
            header=False,
            shade_first_column=True,
        )

    def _activities(self) -> Flowable:
        _ = self._
        widths = self.widths(ACTIVITY_COLUMNS)
        heads = (_("Purpose"), _("Legal basis"), _("Persons"), _("Data categories"),
                 _("Recipients"), _("Transfers abroad and safeguards"),
                 _("Erasure periods (as the notice states)"))  # fmt: skip
        rows: list[list] = [
            [self.cell(head, w, "CellBold") for head, w in zip(heads, widths, strict=True)]
        ]
        for activity in self.data.activities:
            erasure = [
                self.para(self.labelled(_("{category}:").format(category=category),
                                        self.fitted(period, widths[6])), "Cell")
                for category, period in activity.erasure
            ]  # fmt: skip
            rows.append(
                [
                    [self.cell(activity.purpose, widths[0], "CellBold"),
                     self.cell(activity.explanation, widths[0], "CellMuted")],
                    self.cell(activity.legal_basis, widths[1]),
                    self.cell(activity.persons, widths[2]),
                    self.cells([self._category(c) for c in activity.categories], widths[3]),
                    self.cells(activity.recipients, widths[4]),
                    self.cells(activity.transfers or (_("none"),), widths[5]),
                    erasure or [self.cell("—", widths[6])],
                ]
            )  # fmt: skip
        if len(rows) == 1:
            rows.append([self.cell(_("No sharing is on the register yet."), widths[0])]
                        + [""] * (len(widths) - 1))  # fmt: skip
        return grid(rows, widths, split_in_row=True)

    def _category(self, category) -> str:
        return category.label + (self._(" (sensitive)") if category.sensitive else "")

    def _recipients(self) -> Flowable:
        _ = self._
        widths = self.widths(RECIPIENT_COLUMNS)
        heads = (_("Vendor"), _("What it does"), _("Purposes"), _("Where the data is kept"),
                 _("Safeguard for transfers"), _("Security measures"), _("Next review"),
                 _("Compliance"))  # fmt: skip
        rows: list[list] = [
            [self.cell(head, w, "CellBold") for head, w in zip(heads, widths, strict=True)]
        ]
        for vendor in self.data.recipients:
            name = [self.cell(vendor.name, widths[0], "CellBold")]
            if vendor.legal_name and vendor.legal_name != vendor.name:
                name.append(self.cell(vendor.legal_name, widths[0], "CellMuted"))
            safeguard = vendor.safeguard if vendor.transfer_countries else _("not sent abroad")
            flags = [
                self.para(f"<b>{self.fitted(flag, widths[7])}</b>", "Cell") for flag in vendor.flags
            ] or [self.cell(_("nothing missing"), widths[7])]
            rows.append(
                [
                    name,
                    self.cell(vendor.role or "—", widths[1]),
                    self.cells(vendor.purposes, widths[2]),
                    self.cell(", ".join(vendor.countries) or "—", widths[3]),
                    self.cell(safeguard or _("no safeguard on record"), widths[4]),
                    self.cell(vendor.security_measures or "—", widths[5]),
                    self.cell(self.date(vendor.review_due_on, DateStyle.MEDIUM), widths[6]),
                    flags,
                ]
            )
        if len(rows) == 1:
            rows.append([self.cell(_("No vendor receives data."), widths[0])]
                        + [""] * (len(widths) - 1))  # fmt: skip
        return grid(rows, widths, split_in_row=True)
