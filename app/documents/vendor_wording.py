"""What a vendor is told about opt-outs, deletions and corrections, worded once for the
letter and the email beside it.

The letter (vendor_letter.VendorNotificationLetter) and the email text the coach pastes say
the same sentences, ask for the same reply-by date and give the same address to reply to;
only the letter has a reply slip. Both take the same VendorNotificationData.
"""

from __future__ import annotations

from app.dates import DateStyle, format_day
from app.documents import words
from app.documents.data import NotifiedPerson, VendorNotificationData
from app.i18n import translator


class VendorWording:
    """The sentences of one vendor notification, in its language, as plain text."""

    def __init__(self, data: VendorNotificationData) -> None:
        self.data = data
        self._ = translator(data.lang)

    def day(self, value, style: DateStyle = DateStyle.LONG) -> str:
        return format_day(value, self.data.lang, self.data.practice.country_code, style)

    @property
    def number(self) -> str:
        return str(self.data.notification_id)

    def reply_to(self) -> str:
        """Where the vendor replies: the practice's email, else its phone, else its name."""
        practice = self.data.practice
        return practice.email or practice.phone or practice.name

    @property
    def only_opt_outs(self) -> bool:
        """Whether every person listed opted out: the letter is then an opt-out notification;
        with a deletion or correction among them it speaks of requests in general."""
        return not any(person.erase or person.correct for person in self.data.people)

    def title(self) -> str:
        if self.only_opt_outs:
            return self._("Opt-out notification")
        return self._("Data protection notification")

    def heading(self) -> str:
        if self.only_opt_outs:
            template = self._(
                "Opt-out notification {number} from {practice}: please confirm by {date}"
            )
        else:
            template = self._(
                "Data protection notification {number} from {practice}: please confirm by {date}"
            )
        return template.format(
            number=self.number,
            practice=self.data.practice.name,
            date=self.day(self.data.confirm_by),
        )

    def greeting(self) -> str:
        return self._("Dear {vendor} privacy team,").format(vendor=self.data.addressee)

    def request(self) -> str:
        if self.only_opt_outs:
            template = self._(
                "The people below, clients of {practice}, have withdrawn their consent "
                "or opted out. Under our agreement, please stop the processing named for "
                "each of them."
            )
        else:
            template = self._(
                "The people below, clients of {practice}, have used their rights over their "
                "information. Under our agreement, please do what is asked for each of them."
            )
        return template.format(practice=self.data.practice.name)

    def corrections(self) -> str:
        """The sentence for people whose details were corrected (GDPR Art. 19); "" when the
        letter has none."""
        if not any(person.correct for person in self.data.people):
            return ""
        return self._(
            "Some of them asked us to correct their details (GDPR Art. 16): please correct "
            "them in your records too (Art. 19). The new details are given for each."
        )

    def column_heading(self) -> str:
        """The heading of what is asked: "Please stop" while every person opted out."""
        if any(person.erase or person.correct for person in self.data.people):
            return self._("What we ask")
        return self._("Please stop")

    def minimisation(self) -> str:
        return self._(
            "To protect their privacy we give only what you need to find each "
            "person in your records: our reference always, and a name or email "
            "address only where you hold it."
        )

    def confirm(self, *, with_slip: bool) -> str:
        values = {
            "date": self.day(self.data.confirm_by),
            "number": self.number,
            "contact": self.reply_to(),
        }
        if with_slip:
            sentence = self._(
                "Please confirm by {date} that this is done, quoting notification "
                "{number}: return the slip below, or reply to {contact}."
            )
        else:
            sentence = self._(
                "Please confirm by {date} that this is done, quoting notification "
                "{number}, by replying to {contact}."
            )
        return sentence.format(**values)

    def stop_list(self, stop: tuple[str, ...]) -> str:
        return words.join_list(list(stop), self._)

    def asked_of(self, person: NotifiedPerson) -> str:
        """What the vendor is asked for this person: purposes to stop, or, for an erased
        client (issue 13), to delete everything it holds on them."""
        if person.erase and person.retention_ended:
            return self._(
                "delete everything you hold on this person: the period we promised to keep it "
                "has ended (storage limitation, GDPR Art. 5(1)(e))"
            )
        if person.erase:
            return self._("delete everything you hold on this person (erasure, GDPR Art. 17)")
        if person.correct:
            separator = "；" if self.data.lang == "zh" else "; "
            changes = separator.join(
                self._("{what}: {value}").format(what=what, value=value)
                for what, value in person.correct
            )
            return self._("correct to the new details (GDPR Art. 19): {changes}").format(
                changes=changes
            )
        return self.stop_list(person.stop)

    def closing(self) -> list[str]:
        practice = self.data.practice
        return [
            self._("Kind regards,"),
            *(line for line in (practice.privacy_contact, practice.name) if line),
        ]


def vendor_email_text(data: VendorNotificationData) -> str:
    """The email body to paste: the letter's words, the same people, nothing more."""
    wording = VendorWording(data)
    _ = wording._
    practice = data.practice
    lines = [
        _("Subject: {subject}").format(subject=wording.heading()),
        "",
        wording.greeting(),
        "",
        wording.request(),
        *([wording.corrections()] if wording.corrections() else []),
        wording.minimisation(),
        "",
    ]
    for number, person in enumerate(data.people, 1):
        who = [person.name] if person.name else []
        who.append(_("our reference {ref}").format(ref=person.ref))
        if person.email:
            who.append(person.email)
        lines.append(f"{number}. " + ", ".join(who))
        if person.erase and person.retention_ended:
            template = _("Erased here {date}. Please {what}.")
        elif person.erase:
            template = _("Received {date}. Erase: {what}.")
        elif person.correct:
            template = _("Received {date}. Please {what}.")
        else:
            template = _("Received {date}. Stop: {what}.")
        lines.append(
            "   "
            + template.format(date=wording.day(person.received_on), what=wording.asked_of(person))
        )
    lines += [
        "",
        wording.confirm(with_slip=False),
        "",
        *wording.closing(),
        *(line for line in (practice.email, practice.phone) if line),
    ]
    return "\n".join(lines) + "\n"
