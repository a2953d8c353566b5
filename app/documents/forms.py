"""The consent form and the postal opt-out form (DESIGN.md 6.2 and 6.3).

Both are returned to the practice: folded along the marks, the practice's address shows
in the window of a standard envelope.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from app.documents import styles as css
from app.documents import words
from app.documents.components import (
    QrCode,
    beside_code,
    boxed,
    keep_with_ending,
    signature_block,
    table_style,
    tick_box,
)
from app.documents.data import ClientInfo, ConsentFormData, OptOutFormData, SharingInfo
from app.documents.letter_layout import LetterLayout
from app.documents.page_geometry import Rect
from app.domain.enums import LegalBasis
from app.domain.mailto import mailto_uri
from app.domain.optout import can_be_stopped, continuing_reason


class _ReturnForm(LetterLayout):
    """A form the client posts back: the practice is the recipient in the window."""

    def recipient_lines(self) -> Sequence[str]:
        return (self.practice.name, *self.practice.address_lines)

    def sender_line(self) -> str:
        return ""  # the client's own details are inside, not visible through the window

    def _return_note(self) -> Flowable:
        _ = self._
        return self.para(
            self.fixed(
                _(
                    "Please hand this form to us or post it back: folded along the marks on "
                    "the left edge, our address shows through a window envelope."
                )
            ),
            "Small",
        )

    def _ending(self) -> list[Flowable]:
        """Lines to sign and date on, then how to send the form back."""
        _ = self._
        return [
            signature_block(
                [
                    self.para(self.fixed(_("Signature")), "Small"),
                    self.para(self.fixed(_("Date")), "Small"),
                ],
                self.geometry.text_width,
            ),
            Spacer(1, 4 * mm),
            self._return_note(),
        ]

    def _client_line(self, client: ClientInfo) -> str:
        _ = self._
        reference = _("reference {ref}").format(ref=client.ref)
        label = _("Client:")
        return f"{self.fixed(label)} <b>{self.text(client.name)}</b> · {self.fixed(reference)}"

    def _field_lines(self, labels: Sequence[str]) -> Flowable:
        """Labelled lines to fill in by hand."""
        width = self.geometry.text_width
        label_width = 45 * mm
        rows = [[self.para(self.fixed(label), "Cell"), ""] for label in labels]
        table = Table(rows, colWidths=[label_width, width - label_width], rowHeights=9 * mm)
        table.setStyle(
            table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LINEBELOW", (1, 0), (1, -1), 0.6, css.INK),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        return table


class ConsentForm(_ReturnForm):
    def __init__(self, data: ConsentFormData, *, paper: str) -> None:
        super().__init__(practice=data.practice, lang=data.lang, paper=paper)
        self.data = data
        self.issued_on = data.issued_on

    def title(self) -> str:
        return self._("Consent form")

    def subject(self) -> str:
        client = self.data.client
        return self._("Consent form for {name} ({ref})").format(name=client.name, ref=client.ref)

    def footer_text(self) -> str:
        return f"{self.practice.name} · {self.title()} · {self.data.client.ref}"

    def info_items(self) -> Sequence[tuple[str, str]]:
        _ = self._
        items = [*super().info_items(), (_("Client reference"), self.data.client.ref)]
        if self.data.notice_version is not None:
            items.append(
                (_("Privacy notice"), _("version {number}").format(number=self.data.notice_version))
            )
        return items

    def story(self) -> list[Flowable]:
        _ = self._
        client = self.data.client
        flowables: list[Flowable] = [
            self.para(self.fixed(_("Consent form")), "Title"),
            self.para(
                self._client_line(client),
                "Body",
            ),
        ]
        if not self.data.sharings:
            flowables.append(
                self.para(
                    self.fixed(
                        _(
                            "None of our sharing currently needs your consent; there is nothing "
                            "to sign."
                        )
                    )
                )
            )
            return flowables
        flowables.append(
            self.para(
                self.fixed(
                    _(
                        "Please answer each question separately by ticking Yes or No. You may "
                        "agree to some and not to others. Saying no costs nothing and affects "
                        "nothing else we do for you, and you can withdraw any consent later as "
                        "easily as you gave it."
                    )
                )
            )
        )
        for number, sharing in enumerate(self.data.sharings, 1):
            flowables.append(self._question(number, sharing))
            flowables.append(Spacer(1, 2.5 * mm))
        return keep_with_ending(flowables, self._ending(), self.geometry.text_width)

    def _question(self, number: int, sharing: SharingInfo) -> Flowable:
        _ = self._
        categories = words.join_list([c.label for c in sharing.categories], _)
        reasons = words.consent_reasons(sharing, self.data.jurisdictions, _) or ""
        lines = [
            self.para(
                f"<b>{number}. {self.text(sharing.vendor)}: {self.text(sharing.purpose)}</b>",
                "BodyTight",
            ),
            self.para(self.text(sharing.explanation), "BodyTight"),
            self.para(
                self.labelled(_("Information shared:"), self.text(categories)),
                "BodyTight",
            ),
            self.para(
                self.labelled(
                    _("Where it is kept:"), self.text(words.join_list(list(sharing.countries), _))
                ),
                "BodyTight",
            ),
        ]
        if sharing.abroad:
            lines.append(
                self.para(
                    self.fixed(
                        _(
                            "This sends your information abroad (cross-border transfer); "
                            "we ask for it separately."
                        )
                    ),
                    "Small",
                )
            )
        if reasons:
            lines.append(
                self.para(
                    self.fixed(_("We ask because {reasons}."), reasons=reasons),
                    "Small",
                )
            )
        lines.append(Spacer(1, 1.5 * mm))
        lines.append(self._yes_no())
        return KeepTogether(boxed(lines, self.geometry.text_width))

    def _yes_no(self) -> Table:
        _ = self._
        half = (self.geometry.text_width - 6 * mm) / 2
        table = Table(
            [
                [
                    tick_box(self.para(self.labelled(_("Yes, I agree"), ""), "BodyTight")),
                    tick_box(self.para(self.labelled(_("No, I do not agree"), ""), "BodyTight")),
                ]
            ],
            colWidths=[half, half],
        )
        table.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        return table


class OptOutForm(_ReturnForm):
    def __init__(self, data: OptOutFormData, *, paper: str) -> None:
        super().__init__(practice=data.practice, lang=data.lang, paper=paper)
        self.data = data
        self.issued_on = data.issued_on

    def title(self) -> str:
        return self._("Opt-out form")

    def subject(self) -> str:
        client = self.data.client
        if client is None:
            return self.title()
        return self._("Opt-out form for {name} ({ref})").format(name=client.name, ref=client.ref)

    def footer_text(self) -> str:
        parts = [self.practice.name, self.title()]
        if self.data.client is not None:
            parts.append(self.data.client.ref)
        return " · ".join(parts)

    def info_items(self) -> Sequence[tuple[str, str]]:
        client = self.data.client
        if client is None:
            return []
        return [*super().info_items(), (self._("Client reference"), client.ref)]

    def info_block_width(self) -> float:
        if self.data.client is None:
            return super().info_block_width()
        return super().info_block_width() - css.QR_SIZE - 2 * mm

    def draw_first_page(self, canv: Canvas) -> None:
        super().draw_first_page(canv)
        code = self.qr_code()
        if code is not None:
            box = self.qr_box()
            code.wrapOn(canv, code.width, code.height)
            code.drawOn(canv, box.x, box.y)

    def qr_code(self) -> QrCode | None:
        """The client's reference as a QR code (none on the blank form)."""
        return QrCode(self.data.client.ref) if self.data.client is not None else None

    def qr_box(self) -> Rect:
        """Where the QR code goes, quiet zone included: top right, level with the window."""
        g = self.geometry
        return Rect(g.width - g.margin_right - css.QR_SIZE, g.window.top - css.QR_SIZE,
                    css.QR_SIZE, css.QR_SIZE)  # fmt: skip

    def story(self) -> list[Flowable]:
        _ = self._
        client = self.data.client
        flowables: list[Flowable] = [self.para(self.fixed(_("Opt-out form")), "Title")]
        if client is not None:
            flowables.append(
                self.para(
                    self._client_line(client),
                    "Body",
                )
            )
        else:
            flowables.append(
                self._field_lines(
                    [
                        _("Your name"),
                        _("Your address or email, for our confirmation"),
                        _("Client reference, if you know it"),
                    ]
                )
            )
            flowables.append(Spacer(1, 3 * mm))
        flowables.append(
            self.para(
                self.fixed(
                    _(
                        "Tick what you want us to stop. We apply it as soon as the form "
                        "reaches us, tell every service provider concerned, and confirm it "
                        "to you in writing."
                    )
                )
            )
        )
        flowables.extend(self._choices())
        flowables.append(Spacer(1, 2 * mm))
        flowables.append(self._field_lines([_("Anything else we should know")]))
        return keep_with_ending(flowables, self._ending(), self.geometry.text_width)

    def _ending(self) -> list[Flowable]:
        return [*super()._ending(), *self._by_email()]

    def email_subject(self) -> str:
        """The subject a client's email from this form arrives with: their reference in it
        matches them, and "opt out" is read as what they ask (domain/request_words)."""
        client = self.data.client
        if client is None:
            return self._("Opt out")
        return self._("Opt out {ref}").format(ref=client.ref)

    def _by_email(self) -> list[Flowable]:
        """The same opt-out by email: a link, and a QR code a phone's camera opens it from."""
        _ = self._
        address = self.practice.email
        if not address:
            return []
        subject = self.email_subject()
        lines = [
            self.para(
                self.labelled(_("Rather send an email?"), "")
                + self.fixed(
                    _(
                        "Scan the code with your phone's camera, or write to us with the "
                        "subject “{subject}”; the same applies as for this form."
                    ),
                    subject=subject,
                ),
                "Small",
            ),
            self.para(self.mail_link(address, subject), "Small"),
        ]
        width = self.geometry.text_width
        return [Spacer(1, 4 * mm), beside_code(mailto_uri(address, subject), lines, width)]

    def _choices(self) -> list[Flowable]:
        _ = self._
        stoppable = [s for s in self.data.sharings if can_be_stopped(s)]
        continuing = [s for s in self.data.sharings if not can_be_stopped(s)]
        flowables: list[Flowable] = [
            tick_box(
                self.para(
                    self.labelled(_("Everything:"), "")
                    + self.fixed(
                        _("stop all sharing listed below and all marketing (newsletters, offers).")
                    ),
                    "BodyTight",
                )
            ),
            Spacer(1, 2 * mm),
        ]
        if any(s.is_marketing for s in stoppable):
            flowables.append(
                tick_box(
                    self.para(
                        self.labelled(_("Marketing only:"), "")
                        + self.fixed(_("no more newsletters or offers.")),
                        "BodyTight",
                    )
                )
            )
            flowables.append(Spacer(1, 2 * mm))
        if stoppable:
            flowables.append(self.para(self.fixed(_("Or only these:")), "Subheading"))
        for sharing in stoppable:
            categories = words.join_list([c.label for c in sharing.categories], _)
            flowables.append(
                tick_box(
                    self.para(
                        f"<b>{self.text(sharing.vendor)}</b>: {self.text(sharing.purpose)}"
                        f" <font size={css.SMALL_SIZE}>({self.text(categories)})</font>",
                        "BodyTight",
                    )
                )
            )
            flowables.append(Spacer(1, 1.5 * mm))
        if continuing:
            flowables.append(Spacer(1, 1 * mm))
            flowables.append(self.para(self.fixed(_("These continue after an opt-out:")), "Small"))
            flowables += [
                self.para(
                    self.fixed(
                        "• {vendor} ({purpose}): {reason}",
                        vendor=sharing.vendor,
                        purpose=sharing.purpose,
                        reason=continuing_reason(LegalBasis(sharing.legal_basis), _),
                    ),
                    "Small",
                )
                for sharing in continuing
            ]
        return flowables
