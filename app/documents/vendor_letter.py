"""The vendor notification letter (DESIGN.md 6.5): asks a vendor to stop processing for the
people listed, naming only the identifiers that vendor needs, and ends with a reply slip to
cut off and return. Its sentences are worded once with the email beside it (vendor_wording)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table

from app.documents import styles as css
from app.documents import words
from app.documents.components import keep_with_ending, table_style
from app.documents.data import VendorNotificationData
from app.documents.optout_letter import OptOutLetter
from app.documents.people_table import people_table
from app.documents.reply_slip import ReplySlip
from app.documents.vendor_wording import VendorWording

# The reply slip names our references up to this many people; more would crowd it off the page.
SLIP_REFERENCES = 30


class VendorNotificationLetter(OptOutLetter):
    """Asks a vendor to stop processing for the people listed, with a reply slip."""

    def __init__(self, data: VendorNotificationData, *, paper: str) -> None:
        super().__init__(practice=data.practice, lang=data.lang, paper=paper)
        self.data = data
        self.issued_on = data.issued_on

    def title(self) -> str:
        return VendorWording(self.data).title()

    def subject(self) -> str:
        if VendorWording(self.data).only_opt_outs:
            template = self._("Opt-out notification {number} to {vendor}")
        else:
            template = self._("Data protection notification {number} to {vendor}")
        return template.format(number=self.data.notification_id, vendor=self.data.addressee)

    def footer_text(self) -> str:
        number = self._("No. {number}").format(number=self.data.notification_id)
        return f"{self.practice.name} · {self.title()} · {number}"

    def recipient_lines(self) -> Sequence[str]:
        return self.data.recipient_lines

    def info_items(self) -> Sequence[tuple[str, str]]:
        _ = self._
        data = self.data
        # Three items: on Letter paper the space between the letterhead and the text holds
        # no more. Where to reply is in the text.
        return [
            *super().info_items(),
            (_("Notification number"), str(data.notification_id)),
            (_("Please confirm by"), self.date(data.confirm_by)),
        ]

    def story(self) -> list[Flowable]:
        _ = self._
        wording = VendorWording(self.data)
        return [
            self.para(self.fixed(wording.heading()), "Subheading"),
            Spacer(1, 2 * mm),
            self.para(self.fixed(wording.greeting())),
            self.para(self.fixed(wording.request())),
            *([self.para(self.fixed(wording.corrections()))] if wording.corrections() else []),
            self.para(self.fixed(wording.minimisation()), "Small"),
            Spacer(1, 1 * mm),
            *keep_with_ending(
                [
                    people_table(self, self.data),
                    Spacer(1, 3 * mm),
                    self.para(self.fixed(wording.confirm(with_slip=True))),
                ],
                self.closing(),
                self.geometry.text_width,
            ),
            Spacer(1, 4 * mm),
            ReplySlip(
                self._slip(),
                frame_x=self.geometry.margin_left,
                page_width=self.geometry.width,
                label=_("Cut here and return this slip to us"),
                lang=self.lang,
            ),
        ]

    def _slip_confirmation(self) -> str:
        """The sentence the vendor signs; it names our references while they fit the slip."""
        _ = self._
        data = self.data
        number = str(data.notification_id)
        opt_outs = VendorWording(data).only_opt_outs
        if len(data.people) > SLIP_REFERENCES:
            return self.fixed(
                _(
                    "We confirm that we have stopped the processing named in opt-out "
                    "notification {number} from {practice} for all {count} people it lists."
                )
                if opt_outs
                else _(
                    "We confirm that we have done what notification {number} from {practice} "
                    "asks for all {count} people it lists."
                ),
                number=number,
                practice=self.practice.name,
                count=str(len(data.people)),
            )
        return self.fixed(
            _(
                "We confirm that we have stopped the processing named in opt-out "
                "notification {number} from {practice} for every person it lists "
                "(your references: {refs})."
            )
            if opt_outs
            else _(
                "We confirm that we have done what notification {number} from {practice} "
                "asks for every person it lists (your references: {refs})."
            ),
            number=number,
            practice=self.practice.name,
            refs=words.join_list([person.ref for person in data.people], _),
        )

    def _slip(self) -> list[Flowable]:
        _ = self._
        data = self.data
        practice = self.practice
        number = str(data.notification_id)
        return_to = words.join_list(
            [part for part in (practice.name, *practice.address_lines, practice.email) if part],
            _,
        )
        width = self.geometry.text_width
        label, gap, second_label = 35 * mm, 4 * mm, 17 * mm
        first_value = width / 2 + 8 * mm - label
        second_value = width - label - first_value - gap - second_label
        rows = [
            [
                self.para(self.fixed(_("Name of the vendor")), "Cell"),
                self.para(f"<b>{self.text(data.addressee)}</b>", "Cell"),
                "",
                self.para(self.fixed(_("Date")), "Cell"),
                "",
            ],
            [
                self.para(self.fixed(_("Name and role of the signatory")), "Cell"),
                "",
                "",
                self.para(self.fixed(_("Signature")), "Cell"),
                "",
            ],
        ]
        fields = Table(
            rows,
            colWidths=[label, first_value, gap, second_label, second_value],
            rowHeights=10 * mm,
        )
        fields.setStyle(
            table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (1, 0), (1, -1), 0.6, css.INK),
                    ("LINEBELOW", (4, 0), (4, -1), 0.6, css.INK),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return [
            self.para(
                self.fixed(
                    _("Reply slip: opt-out notification {number} of {date}")
                    if VendorWording(data).only_opt_outs
                    else _("Reply slip: notification {number} of {date}"),
                    number=number,
                    date=self.date(data.issued_on),
                ),
                "Subheading",
            ),
            self.para(self.labelled(_("Return to:"), self.text(return_to)), "Small"),
            Spacer(1, 1.5 * mm),
            self.para(self._slip_confirmation(), "BodyTight"),
            Spacer(1, 1 * mm),
            fields,
        ]
