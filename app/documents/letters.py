"""Letters to clients: the policy update letter (DESIGN.md 6.6)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.documents import words
from app.documents.components import keep_with_ending
from app.documents.data import PolicyUpdateLetterData
from app.documents.letter_layout import ClientLetter
from app.documents.wrapping import Paragraph


class PolicyUpdateLetter(ClientLetter):
    """Tells a client that the privacy notice changed, what changed, and what to decide."""

    data: PolicyUpdateLetterData

    def title(self) -> str:
        return self._("Our privacy notice has changed")

    def subject(self) -> str:
        client = self.data.client
        return self._("Privacy notice update for {name} ({ref})").format(
            name=client.name, ref=client.ref
        )

    def story(self) -> list[Flowable]:
        _ = self._
        data = self.data
        version = data.version
        number = str(version.number) if version.number is not None else "-"
        effective = self.date(version.effective_on) if version.effective_on else ""
        flowables: list[Flowable] = [
            self.para(
                self.fixed(
                    _("Our privacy notice has changed (version {number}, effective {date})"),
                    number=number,
                    date=effective,
                ),
                "Subheading",
            ),
            Spacer(1, 2 * mm),
            self.para(self.fixed(_("Dear {name},"), name=data.client.name)),
            self.para(
                self.fixed(
                    _(
                        "We have updated our privacy notice, which explains what information "
                        "about you we keep, who receives it and the choices you have. The new "
                        "version is enclosed and takes effect on {date}."
                    ),
                    date=effective,
                )
            ),
        ]
        if version.summary or version.changes:
            flowables.append(self.para(self.fixed(_("What changed")), "Subheading"))
            if version.summary:
                flowables.append(self.para(self.text(version.summary)))
            flowables.extend(
                Paragraph(self.text(change), self.styles["Bullet"], bulletText="•")
                for change in version.changes
            )
        flowables.append(self.para(self.fixed(_("What you need to decide")), "Subheading"))
        if data.decisions:
            names = words.join_list([f"{s.vendor} ({s.purpose})" for s in data.decisions], _)
            flowables.append(
                self.para(
                    self.fixed(
                        _(
                            "We would like to share some of your information with: {names}. "
                            "We will do so only if you agree. Please tick Yes or No for each "
                            "on the enclosed consent form and return it to us; until we have "
                            "your answer, nothing is shared with them."
                        ),
                        names=names,
                    )
                )
            )
        else:
            flowables.append(
                self.para(
                    self.fixed(
                        _(
                            "Nothing: you do not need to do anything. Please keep the notice "
                            "for your records."
                        )
                    )
                )
            )
        flowables.append(self.para(self.fixed(_("If you want to stop any sharing")), "Subheading"))
        contact = [
            value
            for value in (
                self.practice.online_optout_url,
                self.practice.email,
                self.practice.phone,
            )
            if value
        ] or [", ".join(self.practice.address_lines)]  # by post, then
        flowables.append(
            self.para(
                self.fixed(
                    _(
                        "You can opt out at any time, free of charge: use the enclosed opt-out "
                        "form, or contact us ({contact}). Please quote your reference {ref}."
                    )
                    if data.encloses_optout_form
                    else _(
                        "You can opt out at any time, free of charge: contact us ({contact}). "
                        "Please quote your reference {ref}."
                    ),
                    contact=words.join_list(contact, _),
                    ref=data.client.ref,
                )
            )
        )
        enclosures = [_("Privacy notice, version {number}").format(number=number)]
        if data.decisions:
            enclosures.append(_("Consent form"))
        if data.encloses_optout_form:
            enclosures.append(_("Opt-out form"))
        ending = [
            Spacer(1, 3 * mm),
            self.para(self.fixed(_("Kind regards,")), "BodyTight"),
            Spacer(1, 8 * mm),
            self.para(self.text(self.practice.privacy_contact or self.practice.name)),
            Spacer(1, 4 * mm),
            self.para(
                self.labelled(_("Enclosed:"), self.fixed(words.join_list(enclosures, _))),
                "Small",
            ),
        ]
        return keep_with_ending(flowables, ending, self.geometry.text_width)
