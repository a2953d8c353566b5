"""The letter to a client an incident affects (GDPR Art. 34, PIPL Art. 57): what happened,
which of their data, what it may mean, what we did, what they can do, whom to contact."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app.documents.components import keep_with_ending
from app.documents.data import IncidentLetterData
from app.documents.incident_words import category_line
from app.documents.letter_layout import ClientLetter
from app.documents.optout_letter import OptOutLetter
from app.i18n import N_

ENCRYPTED_WORDS = {
    "yes": N_("The information was encrypted, which makes it much harder for anyone to read it."),
    "no": N_("The information was not encrypted."),
}


class IncidentLetter(ClientLetter, OptOutLetter):
    """Tells one client of an incident that concerns their information."""

    data: IncidentLetterData

    def title(self) -> str:
        return self._("An incident that concerns your information")

    def subject(self) -> str:
        client = self.data.client
        return self._("Incident letter for {name} ({ref})").format(name=client.name, ref=client.ref)

    def info_items(self):
        number = str(self.data.incident.number)
        return [*super().info_items(), (self._("Incident number"), number)]

    def story(self) -> list[Flowable]:
        _ = self._
        data = self.data
        incident = data.incident
        flowables: list[Flowable] = [
            self.para(self.fixed(self.title()), "Subheading"),
            Spacer(1, 2 * mm),
            self.para(self.fixed(_("Dear {name},"), name=data.client.name)),
            self.para(
                self.fixed(
                    _(
                        "We are writing to tell you, as soon as we could, about an incident "
                        "that concerns some of your personal information, and what we are "
                        "doing about it."
                    )
                )
            ),
            self.para(self.fixed(_("What happened")), "Subheading"),
            self.para(self.text(incident.summary)),
            self.para(self._when()),
        ]
        if incident.vendor:
            flowables.append(
                self.para(
                    self.fixed(
                        _(
                            "It happened at {vendor}, a service provider that holds some of "
                            "your information for us."
                        ),
                        vendor=incident.vendor,
                    )
                )
            )
        flowables.append(self.para(self.fixed(_("Which of your information")), "Subheading"))
        if incident.categories:
            flowables.append(self.para(self.fixed(_("The information concerned is:")), "BodyTight"))
            flowables.extend(
                self.bullets([self.text(category_line(c, _)) for c in incident.categories])
            )
            flowables.append(Spacer(1, 1.5 * mm))
        else:
            flowables.append(
                self.para(self.fixed(_("We are still finding out which information it is.")))
            )
        if incident.encrypted in ENCRYPTED_WORDS:
            flowables.append(self.para(self.fixed(_(ENCRYPTED_WORDS[incident.encrypted]))))
        flowables.append(self.para(self.fixed(_("What this may mean for you")), "Subheading"))
        flowables.append(
            self.para(
                self.text(incident.consequences)
                if incident.consequences.strip()
                else self.fixed(
                    _(
                        "We are still assessing what it may mean for you, and will write "
                        "again if we learn of a risk to you."
                    )
                )
            )
        )
        flowables.append(self.para(self.fixed(_("What we have done")), "Subheading"))
        done = [text for text in (incident.measures_taken, incident.measures_proposed) if text]
        flowables.extend(self.para(self.text(text)) for text in done)
        if not done:
            flowables.append(
                self.para(self.fixed(_("We are looking into it and will tell you what we do.")))
            )
        flowables.append(self.para(self.fixed(_("What you can do")), "Subheading"))
        flowables.extend(self.bullets([self.text(step) for step in incident.protective_steps]))
        flowables.append(Spacer(1, 1.5 * mm))
        # Whom to contact goes with the signature: its heading never ends a page alone.
        contact: list[Flowable] = [
            self.para(self.fixed(_("Who to contact")), "Subheading"),
            self.para(self._contact()),
        ]
        if self.practice.supervisory_authority:
            contact.append(
                self.para(
                    self.fixed(
                        _("You also have the right to complain to {authority}."),
                        authority=self.practice.supervisory_authority,
                    )
                )
            )
        return keep_with_ending(flowables, [*contact, *self.closing()], self.geometry.text_width)

    def _when(self) -> str:
        _ = self._
        incident = self.data.incident
        aware = self.date(incident.aware_at.date())
        if incident.happened_at is not None:
            return self.fixed(
                _("It happened on {happened}; we learnt of it on {aware}."),
                happened=self.date(incident.happened_at.date()),
                aware=aware,
            )
        return self.fixed(_("We learnt of it on {aware}."), aware=aware)

    def _contact(self) -> str:
        _ = self._
        practice = self.practice
        who = practice.privacy_contact or practice.name
        return self.fixed(
            _(
                "If you have any question, please contact {who}: {how}. Please quote your "
                "reference {ref}."
            ),
            who=who,
            how=self.contact_words(),
            ref=self.data.client.ref,
        )
