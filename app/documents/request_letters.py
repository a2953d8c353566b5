"""The letters of a rights request (issue 13): the acknowledgement, the extension notice and
the answer (done, partly, refused, or the response to a complaint) with the route to complain."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.documents import styles as css
from app.documents import words
from app.documents.components import keep_with_ending
from app.documents.confirmation_letter import CHANNEL_WORDS
from app.documents.data import RequestLetterData
from app.documents.letter_layout import ClientLetter
from app.documents.optout_letter import OptOutLetter
from app.i18n import N_

# What the person asked for, as the letters say it back to them.
ASKED_WORDS = {
    "access": N_("You asked us for a copy of the personal information we hold about you."),
    "portability": N_(
        "You asked us for your personal information in a form you can take to another provider."
    ),
    "correction": N_("You asked us to correct personal information we hold about you."),
    "deletion": N_("You asked us to delete the personal information we hold about you."),
    "restriction": N_("You asked us to restrict how we use your personal information."),
    "objection": N_("You objected to how we use your personal information."),
    "complaint": N_("You sent us a complaint or feedback."),
}


class RightsRequestLetter(ClientLetter, OptOutLetter):
    """What the three letters share: the request number beside the window, what was asked,
    the reference to quote, how to reach us and the closing."""

    data: RequestLetterData

    def info_items(self) -> Sequence[tuple[str, str]]:
        return [*super().info_items(), (self._("Request number"), str(self.data.request_number))]

    def subject(self) -> str:
        client = self.data.client
        return self._("{letter} for {name} ({ref})").format(
            letter=self.title(), name=client.name, ref=client.ref
        )

    def story(self) -> list[Flowable]:
        data = self.data
        return [
            self.para(self.fixed(self.title()), "Subheading"),
            Spacer(1, 2 * mm),
            self.para(self.fixed(self._("Dear {name},"), name=data.client.name)),
            self.para(self.joined(self.received_words(), self.asked_words())),
            *self.topic(),
            *self.body(),
            *keep_with_ending(
                [
                    *self.reach_us(),
                    self.para(
                        self.fixed(
                            self._(
                                "Please quote your reference {ref} and request number {number} "
                                "whenever you contact us about this."
                            ),
                            ref=data.client.ref,
                            number=str(data.request_number),
                        )
                    ),
                ],
                self.closing(),
                self.geometry.text_width,
            ),
        ]

    def body(self) -> list[Flowable]:
        raise NotImplementedError

    def reach_us(self) -> list[Flowable]:
        contact = self.contact_words()
        if not contact:
            return []
        return [self.para(self.labelled(self._("How to reach us:"), self.text(contact)))]

    def joined(self, *sentences: str) -> str:
        """Sentences already in markup, spaced as the language writes them."""
        return ("" if self.lang == "zh" else " ").join(sentences)

    def received_words(self) -> str:
        _ = self._
        data = self.data
        channel = _(CHANNEL_WORDS.get(data.channel, data.channel))
        return self.fixed(
            _("We received your request {channel} on {date}."),
            channel=channel,
            date=self.date(data.received_at.date()),
        )

    def asked_words(self) -> str:
        template = ASKED_WORDS.get(self.data.kind)
        return self.fixed(self._(template)) if template else ""

    def topic(self) -> list[Flowable]:
        if not self.data.topic:
            return []
        return [self.para(self.labelled(self._("Subject:"), self.text(self.data.topic)))]

    def complaint_route(self) -> list[Flowable]:
        """Where the person can take it if they disagree: back to us, and the authorities."""
        _ = self._
        authorities = self.data.authorities
        flowables: list[Flowable] = [self.para(self.fixed(_("If you disagree")), "Subheading")]
        if authorities:
            flowables.append(
                self.para(
                    self.fixed(
                        _(
                            "You can ask us to look at it again. You also have the right to "
                            "complain to {authorities}, and to seek a remedy in court."
                        ),
                        authorities=words.join_list(authorities, _),
                    )
                )
            )
        else:
            flowables.append(
                self.para(
                    self.fixed(
                        _(
                            "You can ask us to look at it again, and you have the right to "
                            "complain to the data protection authority."
                        )
                    )
                )
            )
        return flowables


class RequestAcknowledgementLetter(RightsRequestLetter):
    """Receipt confirmed: what was asked, by when it is answered, the identity check asked."""

    def title(self) -> str:
        return self._("We have received your request")

    def body(self) -> list[Flowable]:
        _ = self._
        data = self.data
        if data.kind == "complaint":
            when = _("We will respond to it by {date} at the latest.")
        else:
            when = _("We will answer it by {date} at the latest.")
        flowables: list[Flowable] = [self.para(self.fixed(when, date=self.date(data.answer_due)))]
        if data.identity_pending:
            flowables += [
                self.para(self.fixed(_("Before we can act on it")), "Subheading"),
                self.para(
                    self.fixed(
                        _(
                            "To protect your information, we first need to be sure that the "
                            "request comes from you. Please reply from the email address or "
                            "phone number we have on file for you, or show us an identity "
                            "document when you next visit (we only look at it; we do not keep "
                            "a copy)."
                        )
                    )
                ),
            ]
        return flowables


class RequestExtensionLetter(RightsRequestLetter):
    """The answer takes longer: the new date and why, sent inside the first period."""

    def title(self) -> str:
        return self._("We need more time to answer your request")

    def body(self) -> list[Flowable]:
        _ = self._
        data = self.data
        assert data.extended_until is not None  # the builder refuses an unextended request
        return [
            self.para(
                self.fixed(
                    _(
                        "We are sorry, but we need more time to answer it properly. Instead of "
                        "by {old}, we will answer by {new} at the latest."
                    ),
                    old=self.date(data.answer_due),
                    new=self.date(data.extended_until),
                )
            ),
            self.para(self.fixed(_("Why we need more time")), "Subheading"),
            self.para(self.text(data.extension_reason)),
        ]


class RequestAnswerLetter(RightsRequestLetter):
    """The outcome: done, partly (what was not), refused (why, and where to complain), or the
    response to a complaint; what is kept after an erasure when erasure says so."""

    def title(self) -> str:
        _ = self._
        if self.data.kind == "complaint":
            return _("Our response to your complaint or feedback")
        return {
            "done": _("Your request has been carried out"),
            "partly": _("Your request has been partly carried out"),
            "refused": _("We cannot carry out your request"),
        }.get(self.data.outcome, _("Our answer to your request"))

    def body(self) -> list[Flowable]:
        _ = self._
        data = self.data
        day = self.date(data.completed_on) if data.completed_on else ""
        flowables: list[Flowable] = []
        if data.kind == "complaint":
            flowables += [
                self.para(self.fixed(_("Our response")), "Subheading"),
                self.para(self.text(data.response)),
            ]
            if data.outcome_reason:
                flowables.append(self.para(self.text(data.outcome_reason)))
        elif data.outcome == "done":
            flowables.append(self.para(self.fixed(_("We carried it out in full on {date}."),
                                                  date=day)))  # fmt: skip
        elif data.outcome == "partly":
            flowables += [
                self.para(self.fixed(_("We carried out part of it on {date}."), date=day)),
                self.para(self.fixed(_("What we could not do, and why")), "Subheading"),
                self.para(self.text(data.outcome_reason)),
            ]
        else:
            flowables += [
                self.para(
                    self.fixed(_("We have decided not to carry it out, for this reason:")),
                    "BodyTight",
                ),
                self.para(self.text(data.outcome_reason)),
            ]
        flowables += self.kept()
        if data.kind == "complaint" or data.outcome in ("partly", "refused"):
            flowables += self.complaint_route()
        return flowables

    def kept(self) -> list[Flowable]:
        if not self.data.kept_records:
            return []
        return [
            self.para(self.fixed(self._("What we keep, and why")), "Subheading"),
            self.para(self.fixed(self._("The law requires us to keep some records:")), "BodyTight"),
            *self.bullets([self.text(line) for line in self.data.kept_records]),
            Spacer(1, css.SPACE * 0.8),
        ]
