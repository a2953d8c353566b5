"""The opt-out confirmation letter (DESIGN.md 6.4): what the client's request stopped, from
when, which vendors are told by when, what goes on and why, and how to change their mind."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.dates import format_clock
from app.documents import styles as css
from app.documents.components import keep_with_ending
from app.documents.data import OptOutConfirmationData
from app.documents.letter_layout import ClientLetter
from app.documents.optout_letter import OptOutLetter
from app.i18n import N_

# How a request reached the practice, as it reads after "We received your request".
CHANNEL_WORDS = {
    "phone": N_("by phone"),
    "post": N_("by post"),
    "email": N_("by email"),
    "in-person": N_("in person"),
    "paper": N_("in person, on paper"),
    "online": N_("online"),
}


class OptOutConfirmationLetter(ClientLetter, OptOutLetter):
    """Tells a client their opt-out took effect, what it stopped and what happens next."""

    data: OptOutConfirmationData

    def title(self) -> str:
        return self._("Your opt-out is confirmed")

    def subject(self) -> str:
        client = self.data.client
        return self._("Opt-out confirmation for {name} ({ref})").format(
            name=client.name, ref=client.ref
        )

    def info_items(self) -> Sequence[tuple[str, str]]:
        return [*super().info_items(), (self._("Request number"), str(self.data.request_id))]

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
                self.closing(),
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
            self.bullets(
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
            if vendor.confirmed_at is not None and vendor.sent_at is not None:
                state = _("told on {sent}, confirmed on {confirmed}").format(
                    sent=self.date(vendor.sent_at.date()),
                    confirmed=self.date(vendor.confirmed_at.date()),
                )
            elif vendor.sent_at is not None:
                state = _("told on {date}").format(date=self.date(vendor.sent_at.date()))
            else:
                state = _("to be told by {date}").format(date=self.date(vendor.due_on))
            items.append(
                self.compose(
                    _("{vendor}: {state}"),
                    vendor=f"<b>{self.text(vendor.vendor)}</b>",
                    state=self.fixed(state),
                )
            )
        flowables.extend(self.bullets(items))
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
                    _("we agree: it stopped on {date}."), date=self.date(item.decided_at.date())
                )
            elif item.decision == "declined":
                state = self.compose(
                    _("we have weighed your objection; it goes on, because: {reason}"),
                    reason=self.text(item.reason),
                )
            else:
                state = self.fixed(
                    _("we will weigh your objection against why we need it and answer by {date}."),
                    date=self.date(item.due_on),
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
            *self.bullets(items),
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
            self.bullets(
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
            self.para(self.labelled(_("How to reach us:"), self.text(self.contact_words()))),
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
