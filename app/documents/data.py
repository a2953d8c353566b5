"""Frozen input of the documents: everything a document prints, already in its language.

The services build these from the records (labels picked for the language, addresses put in
the recipient country's order, times in the practice's zone); the renderers only lay them
out. Strings here are plain text exactly as a person typed them: the renderers escape them.

What an opt-out did (the sharings it stopped, what goes on, the vendors told, the people a
vendor must stop for) is one set of types, here: the services hand the same ones to the
window as read models (app/services/rows.py names them), so a fact is never carried twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class PracticeInfo:
    name: str
    address_lines: tuple[str, ...]  # postal address without the name, in the country's order
    email: str = ""
    phone: str = ""
    website: str = ""
    online_optout_url: str = ""
    privacy_contact: str = ""
    supervisory_authority: str = ""
    country_code: str = ""

    @property
    def one_line_address(self) -> str:
        """Name and address on one line, for the return-address line above a window."""
        return ", ".join((self.name, *self.address_lines))


@dataclass(frozen=True)
class ClientInfo:
    ref: str  # formatted for reading, "ABC-DEFG"
    name: str
    address_lines: tuple[str, ...]  # for the envelope window: name first, country's order
    language: str = "en"


@dataclass(frozen=True)
class CategoryInfo:
    label: str
    sensitive: bool
    key: str = ""  # the catalogue's key ("health"): retention is said per category


@dataclass(frozen=True)
class PurposeInfo:
    key: str
    label: str
    explanation: str
    example: str
    legal_basis: str  # LegalBasis value
    is_marketing: bool
    categories: tuple[CategoryInfo, ...] = ()  # what is used for this purpose, over all vendors
    vendors: tuple[str, ...] = ()


@dataclass(frozen=True)
class SharingInfo:
    """What one vendor receives for one purpose."""

    id: int
    vendor: str
    purpose: str
    explanation: str
    legal_basis: str  # LegalBasis value
    is_marketing: bool
    categories: tuple[CategoryInfo, ...]
    form: str  # SharingForm value
    necessity: str  # in the document's language where the practice wrote it, else English
    consent_required: bool
    countries: tuple[str, ...]  # country names where the vendor keeps the data
    abroad: bool


@dataclass(frozen=True)
class VendorInfo:
    name: str
    legal_name: str
    description: str
    website: str
    privacy_policy_url: str
    countries: tuple[str, ...]  # country names, in the document's language
    abroad: bool
    transfer_safeguard: str  # texts the practice wrote: in the language where it has them
    security_measures: str
    review_interval_months: int
    sharings: tuple[SharingInfo, ...] = ()
    privacy_email: str = ""  # the vendor's privacy contact (a recipient abroad: PIPL Art. 39)
    postal_address: str = ""
    transfer_countries: tuple[str, ...] = ()  # names of the countries outside the home area


@dataclass(frozen=True)
class VersionInfo:
    """The notice version a document shows; `number` None means the unpublished draft."""

    number: int | None
    effective_on: date | None = None
    summary: str = ""  # what the practice wrote when publishing
    changes: tuple[str, ...] = ()  # computed from the previous version, in the language


@dataclass(frozen=True)
class AuthorityInfo:
    """Where a client can complain under one rule set, named in the document's language."""

    rule_set: str  # Jurisdiction value
    name: str


@dataclass(frozen=True)
class NoticeContent:
    """What the privacy notice says: the same for every client of one language."""

    lang: str
    practice: PracticeInfo
    purposes: tuple[PurposeInfo, ...]
    vendors: tuple[VendorInfo, ...]
    version: VersionInfo
    jurisdictions: tuple[str, ...] = ()  # Jurisdiction values
    categories: tuple[CategoryInfo, ...] = ()  # every category shared, in catalogue order
    authorities: tuple[AuthorityInfo, ...] = ()  # one per ticked rule set, in their order
    home_area: str = ""  # the practice's legal area: "EEA", or a country code (GB, CN, US)
    home_country_name: str = ""  # the practice's country, named in the language

    @property
    def sharings(self) -> tuple[SharingInfo, ...]:
        return tuple(sharing for vendor in self.vendors for sharing in vendor.sharings)

    @property
    def consent_sharings(self) -> tuple[SharingInfo, ...]:
        return tuple(sharing for sharing in self.sharings if sharing.consent_required)


@dataclass(frozen=True)
class ChoiceInfo:
    """A client's current answer for one sharing that needs consent."""

    sharing_id: int
    state: str  # ConsentState value ("none": never answered)
    since: date | None = None


@dataclass(frozen=True)
class NoticeData:
    """A generic notice (client None) or one personalised with the client's choices."""

    content: NoticeContent
    issued_on: date
    client: ClientInfo | None = None
    choices: tuple[ChoiceInfo, ...] = ()

    @property
    def lang(self) -> str:
        return self.content.lang


@dataclass(frozen=True)
class ConsentFormData:
    lang: str
    practice: PracticeInfo
    client: ClientInfo
    sharings: tuple[SharingInfo, ...]  # only those that need consent, one yes/no pair each
    issued_on: date
    notice_version: int | None = None
    jurisdictions: tuple[str, ...] = ()  # the rule sets, so each box says why consent is asked


@dataclass(frozen=True)
class OptOutFormData:
    """The postal opt-out form; `client` None is the blank form for walk-ins."""

    lang: str
    practice: PracticeInfo
    sharings: tuple[SharingInfo, ...]  # every current sharing: a box each where one can stop it
    issued_on: date
    client: ClientInfo | None = None


@dataclass(frozen=True)
class PolicyUpdateLetterData:
    lang: str
    practice: PracticeInfo
    client: ClientInfo
    version: VersionInfo
    issued_on: date
    decisions: tuple[SharingInfo, ...] = ()  # need the client's answer: a consent form goes too
    encloses_optout_form: bool = True


# -- what an opt-out did (documents 4 and 5; also the services' read models) ----------------------


@dataclass(frozen=True)
class StoppedSharing:
    sharing_id: int
    vendor: str
    purpose: str


@dataclass(frozen=True)
class ContinuingLine:
    """A sharing the request reached that lawfully goes on, and why, in plain words."""

    sharing_id: int
    vendor: str
    purpose: str
    reason: str


@dataclass(frozen=True)
class VendorProgress:
    """One vendor notification as it concerns a request: due, sent, confirmed."""

    notification_id: int
    vendor_id: int
    vendor: str
    due_on: date  # to be told by: the request's own date (the task's earliest, seen from the task)
    sent_at: datetime | None
    sent_method: str
    confirmed_at: datetime | None
    confirmation_note: str = ""
    confirm_by: date | None = None  # once sent: the reply-by date the letter asked for


@dataclass(frozen=True)
class ObjectionLine:
    """An objection an opt-out raised: a sharing on legitimate interests the person named."""

    id: int
    request_id: int
    sharing_id: int
    vendor: str
    purpose: str
    due_on: date  # to be answered by
    decision: str = ""  # "" while open, else ObjectionDecision value
    reason: str = ""  # the practice's reason, sent to the person
    decided_at: datetime | None = None
    purpose_zh: str = ""

    def purpose_in(self, language: str) -> str:
        return self.purpose_zh if language == "zh" and self.purpose_zh else self.purpose


@dataclass(frozen=True)
class NotifiedPerson:
    """One request in a vendor notification: only the identifiers that vendor needs.

    ``name`` and ``email`` are empty when the vendor does not need them (minimisation).
    """

    request_id: int
    ref: str
    name: str
    email: str
    received_on: date
    stop: tuple[str, ...]  # purposes, in the letter's language
    # An erased client's deletion task (issue 13): the vendor deletes everything it holds;
    # the name and email are gone, so the reference code identifies them.
    erase: bool = False
    # Erased because the period the notice promised ran out, not on a request: there is no
    # request number (0) and `received_on` is the day of the erasure.
    retention_ended: bool = False
    # A correction the vendor is to make too (GDPR Art. 19): (what, in the letter's language,
    # and its new value: the vendor cannot correct its record without it).
    correct: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class OptOutConfirmationData:
    """Document 4. Its times (`received_at`, each vendor's `sent_at` and `confirmed_at`, an
    objection's `decided_at`) are already the practice's local time; its purposes and
    reasons are in the letter's language."""

    lang: str
    practice: PracticeInfo
    client: ClientInfo
    request_id: int
    channel: str  # Channel value
    received_at: datetime
    due_on: date  # every vendor told by then
    issued_on: date
    stopped: tuple[StoppedSharing, ...] = ()
    vendors: tuple[VendorProgress, ...] = ()
    continuing: tuple[ContinuingLine, ...] = ()
    objections: tuple[ObjectionLine, ...] = ()


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
    people: tuple[NotifiedPerson, ...]

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


# -- an incident (the report to the authority and the letters to the people) --------------------


@dataclass(frozen=True)
class IncidentFacts:
    """What both documents of an incident tell of it. Times are the practice's local time;
    the texts are as the practice typed them, the advice already in the document's language."""

    number: int
    kind: str  # domain.incidents.IncidentKind value
    summary: str
    happened_at: datetime | None
    aware_at: datetime
    vendor: str
    categories: tuple[CategoryInfo, ...]
    consequences: str
    measures_taken: str
    measures_proposed: str
    encrypted: str  # "", "yes", "no"
    protective_steps: tuple[str, ...]  # what a person can do to reduce the harm


@dataclass(frozen=True)
class BreachDeadline:
    """One ticked rule set's deadline to tell the authority; `due_at` None: no hours counted."""

    law: str  # already in the document's language
    article: str
    due_at: datetime | None


@dataclass(frozen=True)
class IncidentReportData:
    """The report to the authority. It holds counts and categories of the people affected,
    never one of them: no name, contact detail or reference code."""

    lang: str
    practice: PracticeInfo
    issued_on: date
    incident: IncidentFacts
    affected_count: int  # the clients on record it affects
    people_count: int | None  # the approximate number the practice gave
    records_count: int | None
    risk: str  # domain.incidents.Risk value
    risk_reasons: str
    deadlines: tuple[BreachDeadline, ...]
    authority_due_at: datetime | None  # the strictest
    notified_at: datetime | None
    delay_reason: str
    late: bool
    notes: tuple[str, ...] = ()  # in the document's language
    # (BreachItem value, the places that ask it: "GDPR Art. 33(3)(a)"), per item.
    citations: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def cited(self, item: str) -> tuple[str, ...]:
        return dict(self.citations).get(item, ())


@dataclass(frozen=True)
class IncidentLetterData:
    """The letter to one affected client, in their language."""

    lang: str
    practice: PracticeInfo
    client: ClientInfo
    issued_on: date
    incident: IncidentFacts


@dataclass(frozen=True)
class RequestLetterData:
    """A letter to the person behind a rights request (issue 13), in their language: its
    acknowledgement, the extension notice, or the answer. Which one is the renderer's."""

    lang: str
    practice: PracticeInfo
    client: ClientInfo
    issued_on: date
    request_number: int
    kind: str  # domain.enums.RequestKind value
    channel: str
    received_at: datetime  # in the practice's zone
    topic: str  # a complaint's or feedback's subject, as logged
    answer_due: date  # the day the clock set when the request was logged
    identity_pending: bool  # the identity is still to be checked (never for a complaint)
    extended_until: date | None = None
    extension_reason: str = ""
    outcome: str = ""  # domain.requests.Outcome value, once completed
    outcome_reason: str = ""  # what was not done, or why it was refused: sent to the person
    response: str = ""  # a complaint's answer
    completed_on: date | None = None
    # Where the person may complain: the authority of each ticked rule set, in this language.
    authorities: tuple[str, ...] = ()
    # Records the law makes the practice keep after an erasure, one line each with its reason
    # (services/request_letter_inputs, from the erasure's kept records); none: no paragraph.
    kept_records: tuple[str, ...] = ()


# -- the practice's own records (the record of processing, the incident plan) --------------------


@dataclass(frozen=True)
class RopaActivity:
    """One purpose of processing as the record lists it (GDPR Art. 30(1)(b)-(f))."""

    purpose: str
    explanation: str
    legal_basis: str  # in words, in the document's language
    persons: str
    categories: tuple[CategoryInfo, ...]
    recipients: tuple[str, ...]  # vendor names, each with its flags in brackets
    transfers: tuple[str, ...]  # "Vendor: countries (safeguard)"
    erasure: tuple[tuple[str, str], ...]  # (category, the period the notice states)


@dataclass(frozen=True)
class RopaRecipient:
    """One vendor that receives data, with what the practice must be able to show of it."""

    name: str
    legal_name: str
    role: str
    purposes: tuple[str, ...]
    countries: tuple[str, ...]
    transfer_countries: tuple[str, ...]  # outside the practice's legal area
    safeguard: str
    security_measures: str
    review_due_on: date
    flags: tuple[str, ...]  # in words; empty: nothing is missing


@dataclass(frozen=True)
class RopaData:
    """The record of processing activities (GDPR Art. 30(1), PIPL Art. 56), from the live
    register: what the practice does now, not what the last published notice said."""

    lang: str
    practice: PracticeInfo
    issued_on: date
    version: str  # a hash of what it says, so two printouts show whether anything changed
    citations: tuple[str, ...]  # "UK GDPR Art. 30(1)"
    authorities: tuple[str, ...]
    activities: tuple[RopaActivity, ...]
    recipients: tuple[RopaRecipient, ...]
    security: tuple[str, ...]  # the practice's own measures, in sentences
    records_erasure: str  # how long consent records and requests are kept


@dataclass(frozen=True)
class PlanAuthority:
    name: str
    law: str  # "UK GDPR", in the document's language
    website: str  # "" where the rule set does not know it: a line to fill in by hand


@dataclass(frozen=True)
class PlanVendor:
    name: str
    contact: tuple[str, ...]  # the vendor's privacy email and postal address, as entered
    breach_clause: bool


@dataclass(frozen=True)
class PlanStep:
    title: str
    guidance: str  # what the step means, in the document's language
    clock: tuple[str, ...]  # when it must be done, per rule set, in sentences


@dataclass(frozen=True)
class IncidentPlanData:
    """The incident response plan, generated from the records."""

    lang: str
    practice: PracticeInfo
    issued_on: date
    version: str  # a hash of its inputs: it changes when the records it is made from change
    decider: str  # the privacy contact
    authorities: tuple[PlanAuthority, ...]
    vendors: tuple[PlanVendor, ...]
    steps: tuple[PlanStep, ...]
    notes: tuple[str, ...]  # what a rule set with no clock says instead
    backup_folder: str
    encrypted: bool
    templates: tuple[str, ...]  # the documents the app makes for an incident


@dataclass(frozen=True)
class IncidentVendorNoteData:
    """The note asking the vendor of a breach for what the incident form needs, in the
    practice's default language. It names no client: the vendor says whose data it was."""

    lang: str
    practice: PracticeInfo
    issued_on: date
    incident_number: int
    aware_at: datetime  # the practice's local time
    vendor: str
    vendor_legal_name: str
    vendor_address_lines: tuple[str, ...]
    vendor_email: str
    questions: tuple[str, ...]  # what to answer, in the document's language
    reply_by: datetime | None  # the strictest deadline to tell the authority, local time

    @property
    def addressee(self) -> str:
        return self.vendor_legal_name or self.vendor
