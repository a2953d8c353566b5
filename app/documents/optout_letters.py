"""Letters about an opt-out (DESIGN.md 6.4 and 6.5).

`OptOutConfirmationLetter` tells the client what their request stopped, from when, which
vendors are told by when, what goes on and why, and how to change their mind.
`VendorNotificationLetter` asks a vendor to stop processing for the people listed, naming
only the identifiers that vendor needs, and ends with a reply slip to cut off and return.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table

from app.dates import DateStyle, format_clock
from app.documents import styles as css
from app.documents import words
from app.documents.components import grid, keep_with_ending, table_style
from app.documents.data import ClientInfo, PracticeInfo
from app.documents.fonts import LATIN, font_runs, markup
from app.documents.layout import LetterLayout
from app.documents.vendor_wording import VendorWording
from app.documents.wrapping import Paragraph
from app.i18n import N_

# How a request reached the practice, as it reads after "We received your request".
# The reply slip names our references up to this many people; more would crowd it off the page.
SLIP_REFERENCES = 30

CHANNEL_WORDS = {
    "phone": N_("by phone"),
    "post": N_("by post"),
    "email": N_("by email"),
    "in-person": N_("in person"),
    "paper": N_("in person, on paper"),
    "online": N_("online"),
}


# -- input ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoppedItem:
    vendor: str
    purpose: str


@dataclass(frozen=True)
class ContinuingItem:
    vendor: str
    purpose: str
    reason: str  # a plain-words clause in the letter's language: "we need it to ..."


@dataclass(frozen=True)
class ObjectionItem:
    """A sharing the person objected to: still to be answered, or answered with a reason."""

    vendor: str
    purpose: str
    answer_by: date
    decision: str = ""  # "", "upheld", "declined"
    reason: str = ""  # the practice's reason when declined, as it wrote it
    decided_on: date | None = None


@dataclass(frozen=True)
class VendorToTell:
    vendor: str
    due_on: date
    sent_on: date | None = None
    confirmed_on: date | None = None


@dataclass(frozen=True)
class OptOutConfirmationData:
    """Document 4. `received_at` is already the practice's local time."""

    lang: str
    practice: PracticeInfo
    client: ClientInfo
    request_id: int
    channel: str  # Channel value
    received_at: datetime
    due_on: date  # every vendor told by then
    issued_on: date
    stopped: tuple[StoppedItem, ...] = ()
    vendors: tuple[VendorToTell, ...] = ()
    continuing: tuple[ContinuingItem, ...] = ()
    objections: tuple[ObjectionItem, ...] = ()


@dataclass(frozen=True)
class PersonToStop:
    """One person in a vendor letter: `name` and `email` are "" unless the vendor needs them."""

    ref: str
    received_on: date
    stop: tuple[str, ...]  # purposes, in the letter's language
    name: str = ""
    email: str = ""


@dataclass(frozen=True)
class VendorNotificationData:
    """Document 5, in the practice's default language."""

    lang: str
    practice: PracticeInfo
    notification_id: int
    vendor: str
    vendor_legal_name: str
    vendor_address_lines: tuple[str, ...]  # the privacy contact's postal address, as entered
    issued_on: date
    confirm_by: date
    people: tuple[PersonToStop, ...]

    @property
    def addressee(self) -> str:
        return self.vendor_legal_name or self.vendor

    @property
    def recipient_lines(self) -> tuple[str, ...]:
        """The address for the window: the vendor's name first unless the address has it."""
        lines = tuple(line.strip() for line in self.vendor_address_lines if line.strip())
        first = lines[0].casefold() if lines else ""
        if not any(
            name and name.casefold() in first for name in (self.vendor_legal_name, self.vendor)
        ):
            lines = (self.addressee, *lines)
        return lines


# -- document 4 ----------------------------------------------------------------------------------


class _OptOutLetter(LetterLayout):
    def compose(self, template: str, **markup_values: str) -> str:
        """A translated template escaped for markup, its {fields} filled with markup."""
        return markup(template, self.lang).format(**markup_values)

    def _bullets(self, items: Sequence[str]) -> list[Flowable]:
        """Bullet points from markup already escaped."""
        return [Paragraph(item, self.styles["Bullet"], bulletText="•") for item in items]

    def _closing(self) -> list[Flowable]:
        practice = self.practice
        signer = [practice.privacy_contact] if practice.privacy_contact else []
        return [
            Spacer(1, 3 * mm),
            self.para(self.fixed(self._("Kind regards,")), "BodyTight"),
            Spacer(1, 8 * mm),
            *(self.para(self.text(line), "BodyTight") for line in signer),
            self.para(self.text(practice.name), "BodyTight"),
        ]

    def _contact_words(self) -> str:
        practice = self.practice
        parts = [
            value
            for value in (
                practice.phone,
                practice.email,
                ", ".join((practice.name, *practice.address_lines)),
            )
            if value
        ]
        return words.join_list(parts, self._)


class OptOutConfirmationLetter(_OptOutLetter):
    """Tells a client their opt-out took effect, what it stopped and what happens next."""

    kind = "optout_confirmation"

    def __init__(self, data: OptOutConfirmationData, *, paper: str) -> None:
        super().__init__(practice=data.practice, lang=data.lang, paper=paper)
        self.data = data
        self.issued_on = data.issued_on

    def title(self) -> str:
        return self._("Your opt-out is confirmed")

    def subject(self) -> str:
        client = self.data.client
        return self._("Opt-out confirmation for {name} ({ref})").format(
            name=client.name, ref=client.ref
        )

    def footer_text(self) -> str:
        return f"{self.practice.name} · {self.title()} · {self.data.client.ref}"

    def recipient_lines(self) -> Sequence[str]:
        return self.data.client.address_lines

    def info_items(self) -> Sequence[tuple[str, str]]:
        _ = self._
        return [
            *super().info_items(),
            (_("Your reference"), self.data.client.ref),
            (_("Request number"), str(self.data.request_id)),
        ]

    def story(self) -> list[Flowable]:
        _ = self._
        data = self.data
        flowables: list[Flowable] = [
            self.para(
                self.fixed(
                    _("Your opt-out is confirmed (request {number})"),
                    number=str(data.request_id),
                ),
                "Subheading",
            ),
            Spacer(1, 2 * mm),
            self.para(self.fixed(_("Dear {name},"), name=data.client.name)),
            self.para(self._received_words()),
            *self._stopped(),
            *self._vendors(),
            *self._objections(),
            *self._continuing(),
            *keep_with_ending(
                [
                    *self._change_of_mind(),
                    self.para(
                        self.fixed(
                            _(
                                "Please quote your reference {ref} and request number {number} "
                                "whenever you contact us about this."
                            ),
                            ref=data.client.ref,
                            number=str(data.request_id),
                        )
                    ),
                ],
                self._closing(),
                self.geometry.text_width,
            ),
        ]
        return flowables

    def _received_words(self) -> str:
        _ = self._
        data = self.data
        channel = _(CHANNEL_WORDS.get(data.channel, data.channel))
        day = self.date(data.received_at.date())
        if data.channel == "post":  # the day it arrived; the time means nothing
            sentence = self.fixed(
                _("We received your request {channel} on {date}."), channel=channel, date=day
            )
        else:
            sentence = self.fixed(
                _("We received your request {channel} on {date} at {time}."),
                channel=channel,
                date=day,
                time=format_clock(data.received_at, self.lang, self.writing_country()),
            )
        effect = self.fixed(
            _("It took effect at once: from that moment, what it stops no longer happens.")
        )
        return sentence + ("" if self.lang == "zh" else " ") + effect

    def _stopped(self) -> list[Flowable]:
        _ = self._
        if not self.data.stopped and self.data.objections:
            return []  # an objection only: what happens is said under "Your objection"
        flowables: list[Flowable] = [self.para(self.fixed(_("What we have stopped")), "Subheading")]
        if not self.data.stopped:
            flowables.append(
                self.para(
                    self.fixed(
                        _(
                            "Your records already showed that we do not share your information "
                            "for this, so nothing needed to change."
                        )
                    )
                )
            )
            return flowables
        flowables.append(
            self.para(self.fixed(_("We no longer share your information for:")), "BodyTight")
        )
        flowables.extend(
            self._bullets(
                [
                    self.compose(
                        _("{purpose} ({vendor})"),
                        purpose=self.text(item.purpose),
                        vendor=self.text(item.vendor),
                    )
                    for item in self.data.stopped
                ]
            )
        )
        flowables.append(Spacer(1, css.SPACE * 0.8))
        return flowables

    def _vendors(self) -> list[Flowable]:
        _ = self._
        data = self.data
        if not data.vendors and data.objections and not data.stopped:
            return []  # nothing stopped yet, so nobody to tell
        flowables: list[Flowable] = [
            self.para(self.fixed(_("Who we are telling, and by when")), "Subheading")
        ]
        if not data.vendors:
            flowables.append(
                self.para(
                    self.fixed(
                        _(
                            "There is no service provider to tell this time: none of them "
                            "receives this information about you, or it has already been asked "
                            "to stop."
                        )
                    )
                )
            )
            return flowables
        flowables.append(
            self.para(
                self.fixed(
                    _(
                        "We are telling these service providers to stop, and asking each of them "
                        "to confirm to us that it has. All of them will have been told by {date}."
                    ),
                    date=self.date(data.due_on),
                ),
                "BodyTight",
            )
        )
        items = []
        for vendor in data.vendors:
            if vendor.confirmed_on is not None and vendor.sent_on is not None:
                state = _("told on {sent}, confirmed on {confirmed}").format(
                    sent=self.date(vendor.sent_on), confirmed=self.date(vendor.confirmed_on)
                )
            elif vendor.sent_on is not None:
                state = _("told on {date}").format(date=self.date(vendor.sent_on))
            else:
                state = _("to be told by {date}").format(date=self.date(vendor.due_on))
            items.append(
                self.compose(
                    _("{vendor}: {state}"),
                    vendor=f"<b>{self.text(vendor.vendor)}</b>",
                    state=self.fixed(state),
                )
            )
        flowables.extend(self._bullets(items))
        flowables.append(Spacer(1, css.SPACE * 0.8))
        return flowables

    def _objections(self) -> list[Flowable]:
        """GDPR Art. 21: what the person objected to, and our answer or when it comes."""
        _ = self._
        if not self.data.objections:
            return []
        items = []
        for item in self.data.objections:
            if item.decision == "upheld":
                state = self.fixed(
                    _("we agree: it stopped on {date}."), date=self.date(item.decided_on)
                )
            elif item.decision == "declined":
                state = self.compose(
                    _("we have weighed your objection; it goes on, because: {reason}"),
                    reason=self.text(item.reason),
                )
            else:
                state = self.fixed(
                    _("we will weigh your objection against why we need it and answer by {date}."),
                    date=self.date(item.answer_by),
                )
            items.append(
                self.compose(
                    _("{purpose} ({vendor}): {state}"),
                    purpose=self.text(item.purpose),
                    vendor=self.text(item.vendor),
                    state=state,
                )
            )
        return [
            self.para(self.fixed(_("Your objection")), "Subheading"),
            self.para(
                self.fixed(
                    _(
                        "You objected to sharing that does not rest on your consent but on our "
                        "legitimate interests. It cannot simply stop, so we weigh your objection:"
                    )
                ),
                "BodyTight",
            ),
            *self._bullets(items),
            Spacer(1, css.SPACE * 0.8),
        ]

    def _continuing(self) -> list[Flowable]:
        _ = self._
        if not self.data.continuing:
            return []
        flowables: list[Flowable] = [
            self.para(self.fixed(_("What goes on, and why")), "Subheading"),
            self.para(self.fixed(_("Some sharing within your request has to go on:")), "BodyTight"),
        ]
        flowables.extend(
            self._bullets(
                [
                    self.compose(
                        _("{purpose} ({vendor}): {reason}"),
                        purpose=self.text(item.purpose),
                        vendor=self.text(item.vendor),
                        reason=self.text(item.reason),
                    )
                    for item in self.data.continuing
                ]
            )
        )
        flowables.append(Spacer(1, css.SPACE * 0.8))
        return flowables

    def _change_of_mind(self) -> list[Flowable]:
        _ = self._
        practice = self.practice
        flowables: list[Flowable] = [
            self.para(self.fixed(_("If you change your mind")), "Subheading"),
            self.para(
                self.fixed(
                    _(
                        "Your choice stays in place until you tell us otherwise; nothing starts "
                        "again without your consent. If you change your mind, you can give your "
                        "consent again at any time, in whichever way suits you: by phone, by "
                        "email, by post or in person. We record your new choice from the day "
                        "you give it."
                    )
                )
            ),
            self.para(self.labelled(_("How to reach us:"), self.text(self._contact_words()))),
        ]
        if practice.supervisory_authority:
            flowables.append(
                self.para(
                    self.fixed(
                        _(
                            "If you are unhappy with how we handled your request, please tell "
                            "us; you can also complain to {authority}."
                        ),
                        authority=practice.supervisory_authority,
                    )
                )
            )
        return flowables


# -- document 5 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Column:
    """A column of the people table: header, cell text, widest allowed, whether it gives
    way to "Please stop"."""

    label: str
    value: Callable[[int, PersonToStop], str]
    most: float
    shrinks: bool = False


class VendorNotificationLetter(_OptOutLetter):
    """Asks a vendor to stop processing for the people listed, with a reply slip."""

    kind = "vendor_notification"

    def __init__(self, data: VendorNotificationData, *, paper: str) -> None:
        super().__init__(practice=data.practice, lang=data.lang, paper=paper)
        self.data = data
        self.issued_on = data.issued_on

    def title(self) -> str:
        return self._("Opt-out notification")

    def subject(self) -> str:
        return self._("Opt-out notification {number} to {vendor}").format(
            number=self.data.notification_id, vendor=self.data.addressee
        )

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
            self.para(self.fixed(wording.minimisation()), "Small"),
            Spacer(1, 1 * mm),
            *keep_with_ending(
                [
                    self._people_table(),
                    Spacer(1, 3 * mm),
                    self.para(self.fixed(wording.confirm(with_slip=True))),
                ],
                self._closing(),
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

    def _people_table(self) -> Flowable:
        """One row per person: only the identifier columns someone in the letter has.

        Each column is as wide as its widest cell, up to a limit; "Please stop" takes the
        rest, at least 36 mm. What it lacks comes off the email column, then the name column
        (long addresses wrap), never off the short ones.
        """
        _ = self._
        people = self.data.people
        columns = [_Column(_("No."), lambda n, p: str(n), 12 * mm)]
        columns.append(_Column(_("Our reference"), lambda n, p: p.ref, 30 * mm))
        if any(person.name for person in people):
            columns.append(_Column(_("Name"), lambda n, p: p.name or "–", 40 * mm, shrinks=True))
        if any(person.email for person in people):
            columns.append(_Column(_("Email"), lambda n, p: p.email or "–", 56 * mm, shrinks=True))
        columns.append(
            _Column(_("Received"), lambda n, p: self.date(p.received_on, DateStyle.MEDIUM), 30 * mm)
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
                [self.text_width(column.label, size) * 1.15]
                + [self.text_width(row[index], size) for row in cells]
            )
            widths.append(min(widest + padding, column.most))
        total, least = self.geometry.text_width, 36 * mm
        for index in reversed(range(len(columns))):
            lacking = least - (total - sum(widths))
            if lacking > 0 and columns[index].shrinks:
                widths[index] -= min(lacking, max(widths[index] - 24 * mm, 0))
        widths.append(max(total - sum(widths), least))
        scale = min(1.0, total / sum(widths))
        widths = [width * scale for width in widths]
        header = [self.para(self.fixed(column.label), "CellBold") for column in columns]
        header.append(self.para(self.fixed(_("Please stop")), "CellBold"))
        rows: list[list] = [header]
        for person, values in zip(people, cells, strict=True):
            row = [
                self.para(self.text_in(value, width - padding + 1, size), "Cell")
                for value, width in zip(values, widths[:-1], strict=True)
            ]
            row.append(
                self.para(self.text(VendorWording(self.data).stop_list(person.stop)), "Cell")
            )
            rows.append(row)
        return grid(rows, widths)

    def _slip_confirmation(self) -> str:
        """The sentence the vendor signs; it names our references while they fit the slip."""
        _ = self._
        data = self.data
        number = str(data.notification_id)
        if len(data.people) > SLIP_REFERENCES:
            return self.fixed(
                _(
                    "We confirm that we have stopped the processing named in opt-out "
                    "notification {number} from {practice} for all {count} people it lists."
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
                    _("Reply slip: opt-out notification {number} of {date}"),
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


class ReplySlip(Flowable):
    """Flowables drawn at the bottom of the page, under a dashed cut line across the sheet.

    It takes the rest of the frame, leaving the space above it empty; when the page has too
    little room left, it moves to the next page and sits at its bottom. Put it last.
    """

    cut_gap = 5 * mm  # between the cut line and the slip's first line

    def __init__(
        self,
        content: Sequence[Flowable],
        *,
        frame_x: float,
        page_width: float,
        label: str = "",
        lang: str = "en",
    ) -> None:
        super().__init__()
        self.content = list(content)
        self.frame_x = frame_x
        self.page_width = page_width
        self.label = label
        self.lang = lang
        self._heights: list[float] = []
        self._needed = 0.0

    def _measure(self, width: float) -> float:
        self._heights = [flowable.wrap(width, 10_000)[1] for flowable in self.content]
        return sum(self._heights) + self.cut_gap

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self._needed = self._measure(available_width)
        self.width = available_width
        self.height = max(self._needed, available_height)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        return []  # never in two parts: on the next page instead

    def draw(self) -> None:
        canv = self.canv
        top = self._needed
        canv.saveState()
        canv.setStrokeColor(css.MUTED)
        canv.setLineWidth(0.6)
        canv.setDash(3, 2.5)
        canv.line(-self.frame_x + 4 * mm, top, self.page_width - self.frame_x - 4 * mm, top)
        canv.restoreState()
        canv.saveState()
        canv.setFillColor(css.MUTED)
        canv.setFont(LATIN, 11)  # the scissors are in DejaVu only
        canv.drawString(-self.frame_x + 8 * mm, top - 3.8, "✂")
        if self.label:
            size = css.FINE_SIZE
            runs = font_runs(self.label, self.lang)
            width = sum(stringWidth(run, face, size) for face, run in runs)
            x = self.width - width
            canv.setFillColor(colors.white)
            canv.rect(x - 1.5 * mm, top - 2, width + 3 * mm, 4, stroke=0, fill=1)
            canv.setFillColor(css.MUTED)
            for face, run in runs:
                canv.setFont(face, size)
                canv.drawString(x, top - size * 0.35, run)
                x += stringWidth(run, face, size)
        canv.restoreState()
        y = top - self.cut_gap
        for flowable, height in zip(self.content, self._heights, strict=True):
            y -= height
            flowable.drawOn(canv, 0, y)
