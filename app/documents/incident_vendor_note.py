"""The note to the vendor of a breach (issue 14): asks, item by item, what the authority's form
needs that only the vendor knows, and by when. It names no client of the practice."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.documents.components import keep_with_ending
from app.documents.data import IncidentVendorNoteData
from app.documents.incident_words import moment
from app.documents.optout_letter import OptOutLetter
from app.documents.wrapping import Paragraph


class IncidentVendorNote(OptOutLetter):
    """Asks a vendor what the practice's breach report needs from it."""

    def __init__(self, data: IncidentVendorNoteData, *, paper: str) -> None:
        super().__init__(practice=data.practice, lang=data.lang, paper=paper)
        self.data = data
        self.issued_on = data.issued_on

    def title(self) -> str:
        return self._("Your breach: what we need for our report")

    def subject(self) -> str:
        return self._("Questions to {vendor} about incident {number}").format(
            vendor=self.data.addressee, number=self.data.incident_number
        )

    def footer_text(self) -> str:
        number = self._("Incident {number}").format(number=self.data.incident_number)
        return f"{self.practice.name} · {self.title()} · {number}"

    def recipient_lines(self) -> Sequence[str]:
        data = self.data
        lines = data.vendor_address_lines
        first = lines[0].casefold() if lines else ""
        named = any(name and name.casefold() in first for name in (data.vendor_legal_name,
                                                                    data.vendor))  # fmt: skip
        return lines if named else (data.addressee, *lines)

    def info_items(self) -> Sequence[tuple[str, str]]:
        items = [*super().info_items(), (self._("Incident number"), str(self.data.incident_number))]
        if self.data.reply_by is not None:
            items.append((self._("Please answer by"), self.when(self.data.reply_by)))
        return items

    def when(self, value) -> str:
        return moment(value, self.lang, self.writing_country())

    def story(self) -> list[Flowable]:
        _ = self._
        data = self.data
        asking = self.fixed(
            _("On {moment} we learnt of a breach of personal data you process for us. The law "
              "asks us to report it to the supervisory authority, and most of what its form "
              "asks only you can tell us. Please answer each question below, as far as you "
              "know it now; what you learn later can follow."),
            moment=self.when(data.aware_at),
        )  # fmt: skip
        if data.reply_by is not None:
            deadline = self.fixed(
                _("Our report is due by {moment}: please answer before then, by email to "
                  "{email} if you can."),
                moment=self.when(data.reply_by), email=self.practice.email or self.practice.name,
            )  # fmt: skip
        else:
            deadline = self.fixed(_("Please answer without delay, by email if you can."))
        questions = [
            Paragraph(self.fixed(question), self.styles["Bullet"], bulletText=f"{number}.")
            for number, question in enumerate(data.questions, start=1)
        ]
        privacy = self.fixed(
            _("Please do not send us names or other details of the people concerned beyond "
              "what we ask: a client number or the email address we gave you is enough to "
              "tell us whose data it was.")
        )  # fmt: skip
        return [
            self.para(self.fixed(self.title()), "Subheading"),
            Spacer(1, 2 * mm),
            self.para(self.fixed(_("Dear {name},"), name=data.addressee)),
            self.para(asking),
            *questions,
            Spacer(1, 2 * mm),
            *keep_with_ending(
                [self.para(deadline), self.para(privacy, "Small")],
                self.closing(),
                self.geometry.text_width,
            ),
        ]
