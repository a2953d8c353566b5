"""The report of a breach to the authority (issue 14): every item GDPR Art. 33(3) and PIPL
Art. 57 ask, one numbered section each with the articles it answers, ready to copy into the
authority's form. It counts and names categories of people and data, never one person."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from app.documents.components import grid
from app.documents.data import IncidentReportData
from app.documents.incident_words import ENCRYPTED, NOT_RECORDED, category_line, moment
from app.documents.pdf_document import PdfDocument
from app.documents.wrapping import Paragraph
from app.domain.incidents import KIND_LABELS, RISK_LABELS, IncidentKind, Risk
from app.domain.rulesets import BreachItem


class IncidentReport(PdfDocument):
    """The report to the supervisory authority of one incident."""

    def __init__(self, data: IncidentReportData, *, paper: str) -> None:
        super().__init__(lang=data.lang, paper=paper)
        self.data = data
        self.practice = data.practice

    def title(self) -> str:
        return self._("Report of a personal data breach")

    def subject(self) -> str:
        return self._("Breach report of incident {number} by {practice}").format(
            number=self.data.incident.number, practice=self.practice.name
        )

    def author(self) -> str:
        return self.practice.name

    def writing_country(self) -> str:
        return self.practice.country_code

    def footer_text(self) -> str:
        number = self._("Incident {number}").format(number=self.data.incident.number)
        return f"{self.practice.name} · {self.title()} · {number}"

    def when(self, value) -> str:
        return moment(value, self.lang, self.writing_country())

    def story(self) -> list[Flowable]:
        _ = self._
        flowables: list[Flowable] = [
            self.para(self.fixed(self.title()), "Title"),
            self._header(),
            Spacer(1, 3 * mm),
            self.para(
                self.fixed(
                    _(
                        "This report holds no personal data of the people affected: it gives "
                        "their numbers and the categories of their data only. Each numbered "
                        "section answers one item of the authority's form; the articles it "
                        "answers are named under its heading."
                    )
                ),
                "Small",
            ),
        ]
        sections = (
            (BreachItem.NATURE, _("Nature of the breach and its cause"), self._nature()),
            (BreachItem.CATEGORIES, _("Categories of personal data involved"), self._data()),
            (BreachItem.NUMBERS, _("People and records concerned"), self._numbers()),
            (BreachItem.TIMES, _("When it happened, became known and was reported"),
             self._times()),
            (BreachItem.CONSEQUENCES, _("Likely consequences and possible harm"),
             self._consequences()),
            (BreachItem.MEASURES, _("Measures taken or proposed, including to mitigate"),
             self._measures()),
            (BreachItem.SELF_HELP, _("What the people can do to reduce the harm"),
             self._self_help()),
            (BreachItem.CONTACT, _("Contact point for more information"), self._contact()),
        )  # fmt: skip
        for number, (item, heading, body) in enumerate(sections, start=1):
            flowables.extend(self._section(number, item, heading, body))
        for note in self.data.notes:
            flowables.append(self.para(self.text(note), "Small"))
        return flowables

    def _header(self) -> Flowable:
        _ = self._
        data, practice = self.data, self.practice
        rows = [
            (_("Addressed to"), practice.supervisory_authority or _("the supervisory authority")),
            (_("Controller"), ", ".join((practice.name, *practice.address_lines))),
            (_("Incident number"), str(data.incident.number)),
            (_("Date of this report"), self.date(data.issued_on)),
        ]
        width = self.geometry.text_width
        return grid(
            [(self.para(self.fixed(label), "CellBold"), self.para(self.text(value), "Cell"))
             for label, value in rows],
            (38 * mm, width - 38 * mm),
            header=False,
            shade_first_column=True,
        )  # fmt: skip

    def _section(
        self, number: int, item: BreachItem, heading: str, body: Sequence[Flowable]
    ) -> list[Flowable]:
        head: list[Flowable] = [
            self.para(self.fixed("{number}. {heading}", number=str(number), heading=heading),
                      "Subheading"),
        ]  # fmt: skip
        cited = self.data.cited(item.value)
        if cited:
            head.append(self.para(self.fixed(" · ".join(cited)), "Fine"))
        # The heading never ends a page: it goes with the first lines of its answer.
        return [KeepTogether([*head, *body[:1]]), *body[1:], Spacer(1, 1.5 * mm)]

    def _answer(self, label: str, value: str) -> Paragraph:
        """A labelled answer; an empty one says it is not recorded yet."""
        shown = self.text(value) if value.strip() else f"<i>{self.fixed(self._(NOT_RECORDED))}</i>"
        return self.para(self.labelled(label, shown))

    def _nature(self) -> list[Flowable]:
        _ = self._
        incident = self.data.incident
        flowables = [
            self._answer(_("Kind of incident:"), _(KIND_LABELS[IncidentKind(incident.kind)])),
            self._answer(_("What happened:"), incident.summary),
        ]
        if incident.vendor:
            flowables.append(
                self._answer(_("Where:"), _("at our processor {vendor}").format(
                    vendor=incident.vendor))
            )  # fmt: skip
        flowables.append(
            self._answer(_("Was the data encrypted?"), _(ENCRYPTED[incident.encrypted]))
        )
        return flowables

    def _data(self) -> list[Flowable]:
        categories = self.data.incident.categories
        if not categories:
            return [self._answer(self._("Categories:"), "")]
        return [
            Paragraph(self.text(category_line(category, self._)), self.styles["Bullet"],
                      bulletText="•")
            for category in categories
        ]  # fmt: skip

    def _numbers(self) -> list[Flowable]:
        _ = self._
        data = self.data

        def count(value: int | None) -> str:
            return f"{value:,}" if value is not None else ""

        # The practice's estimate, else those on its records (a lost file names no more).
        people = data.people_count if data.people_count is not None else data.affected_count
        return [
            self._answer(_("Approximate number of people concerned:"), count(people)),
            self._answer(_("Of them, clients on our records:"), count(data.affected_count)),
            self._answer(_("Approximate number of records concerned:"),
                         count(data.records_count)),
        ]  # fmt: skip

    def _times(self) -> list[Flowable]:
        _ = self._
        data, incident = self.data, self.data.incident
        flowables = [
            self._answer(
                _("It happened:"), self.when(incident.happened_at) if incident.happened_at else ""
            ),
            self._answer(_("We became aware of it:"), self.when(incident.aware_at)),
        ]
        for deadline in data.deadlines:
            due = (
                self.when(deadline.due_at)
                if deadline.due_at is not None
                else _("without undue delay")
            )
            if deadline.due_at is not None and deadline.due_at == incident.aware_at:
                due = _("immediately ({moment})").format(moment=due)
            flowables.append(
                self._answer(
                    _("To be reported under {law} {article} by:").format(
                        law=deadline.law, article=deadline.article
                    ),
                    due,
                )
            )
        if data.notified_at is not None:
            flowables.append(self._answer(_("Reported to you:"), self.when(data.notified_at)))
        else:
            flowables.append(
                self._answer(_("Reported to you:"), _("with this report, dated {date}").format(
                    date=self.date(data.issued_on)))
            )  # fmt: skip
        if data.late or data.delay_reason:
            flowables.append(self._answer(_("Reasons for the delay:"), data.delay_reason))
        return flowables

    def _consequences(self) -> list[Flowable]:
        _ = self._
        data = self.data
        risk = _(RISK_LABELS[Risk(data.risk)])
        return [
            self._answer(_("Likely consequences:"), data.incident.consequences),
            self._answer(_("Our assessment of the risk:"), risk if data.risk else ""),
            self._answer(_("Why we judge it so:"), data.risk_reasons),
        ]

    def _measures(self) -> list[Flowable]:
        _ = self._
        incident = self.data.incident
        return [
            self._answer(_("Measures taken:"), incident.measures_taken),
            self._answer(_("Measures proposed:"), incident.measures_proposed),
        ]

    def _self_help(self) -> list[Flowable]:
        return [
            Paragraph(self.text(step), self.styles["Bullet"], bulletText="•")
            for step in self.data.incident.protective_steps
        ]

    def _contact(self) -> list[Flowable]:
        _ = self._
        practice = self.practice
        lines = [
            (_("Privacy contact:"), practice.privacy_contact or practice.name),
            (_("Email:"), practice.email),
            (_("Phone:"), practice.phone),
            (_("Post:"), ", ".join((practice.name, *practice.address_lines))),
        ]
        return [self._answer(label, value) for label, value in lines if value]
