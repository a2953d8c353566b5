"""Frozen read models the services hand out: never table objects.

What an opt-out did (StoppedSharing, ContinuingLine, VendorProgress, ObjectionLine,
NotifiedPerson) is defined with the letters' input in app/documents/data.py and named here:
the window and the letters read the same facts from the same types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.documents.data import ContinuingLine as ContinuingLine
from app.documents.data import NotifiedPerson as NotifiedPerson
from app.documents.data import ObjectionLine as ObjectionLine
from app.documents.data import StoppedSharing as StoppedSharing
from app.documents.data import VendorProgress as VendorProgress
from app.domain.emails import ReadEmail
from app.domain.enums import ConsentState
from app.domain.errors import Phrase
from app.domain.rulesets import RuleSettings, setting_fields
from app.services.places import Opens


@dataclass(frozen=True)
class ClientRow:
    id: int
    ref: str
    name: str
    email: str
    phone: str
    status: str
    country_code: str
    language: str
    # What the person who saved it should know but that did not stop it (a doubtful phone).
    warnings: tuple[Phrase, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class ClientDraft:
    """What a person typed for a client; validated by the service."""

    given_name: str
    family_name: str = ""
    email: str = ""
    phone: str = ""
    street: str = ""
    city: str = ""
    postal_code: str = ""
    region: str = ""
    country_code: str = ""
    language: str = "en"
    notes: str = ""


@dataclass(frozen=True)
class ConsentLine:
    sharing_id: int
    vendor: str
    purpose: str
    required: bool
    state: ConsentState
    since: datetime | None
    purpose_zh: str = ""  # the purpose's Chinese label, for a window or client reading Chinese
    # The restriction or objection request that pauses the sharing now (domain.pauses);
    # the consent answer above stays what the client said.
    paused_by_request: int | None = None
    paused_since: datetime | None = None


@dataclass(frozen=True)
class HistoryLine:
    event_id: int
    vendor: str
    purpose: str
    state: str
    channel: str
    occurred_at: datetime
    recorded_at: datetime
    recorded_by: str
    notice_version: int | None
    evidence_note: str
    evidence_file: str
    optout_request_id: int | None
    purpose_zh: str = ""


@dataclass(frozen=True)
class ClientDetail:
    row: ClientRow
    given_name: str
    family_name: str
    phone_e164: str
    street: str
    city: str
    postal_code: str
    region: str
    notes: str
    consents: tuple[ConsentLine, ...] = ()
    history: tuple[HistoryLine, ...] = ()


@dataclass(frozen=True)
class PracticeProfile:
    name: str
    street: str
    city: str
    postal_code: str
    region: str
    country_code: str
    email: str
    phone: str
    website: str
    online_optout_url: str
    privacy_contact: str
    jurisdictions: tuple[str, ...]
    supervisory_authority: str
    default_language: str
    paper_size: str
    holiday_country: str
    holiday_subdivision: str
    closed_days: tuple[date, ...]
    rule_settings: RuleSettings  # what the practice chose for its rule sets' settings

    def setting(self, field: str) -> int:
        """A rule set's setting by its public name ("pipl_request_days")."""
        rule, setting = setting_fields()[field]
        return self.rule_settings.value(rule, setting.key)

    # The settings by the names they had as columns of their own.
    @property
    def promise_vendor_days(self) -> int:
        return self.setting("promise_vendor_days")

    @property
    def promise_request_days(self) -> int:
        return self.setting("promise_request_days")

    @property
    def pipl_request_days(self) -> int:
        return self.setting("pipl_request_days")


@dataclass(frozen=True)
class HolidayCalendarInUse:
    """Whose public holidays deadlines skip, and whether the settings must still ask."""

    country: str
    part: str  # "" for the country's common holidays only
    part_name: str
    from_address: bool  # the part was told from the practice's address, not chosen
    parts: tuple[tuple[str, str], ...]  # (code, name) of the parts with their own holidays
    closed_days: int

    @property
    def needs_choice(self) -> bool:
        """The country's parts keep different holidays and none is known for the practice."""
        return bool(self.parts) and not self.part


@dataclass(frozen=True)
class CategoryRow:
    id: int
    key: str
    label_en: str
    label_zh: str
    sensitive: bool


@dataclass(frozen=True)
class PurposeRow:
    id: int
    key: str
    label_en: str
    label_zh: str
    legal_basis: str
    is_marketing: bool


@dataclass(frozen=True)
class SharingRow:
    id: int
    vendor_id: int
    vendor: str
    purpose_id: int
    purpose: str
    legal_basis: str
    category_keys: tuple[str, ...]
    form: str
    necessity: str
    starts_on: date
    ends_on: date | None
    consent_required: bool
    purpose_zh: str = ""
    necessity_zh: str = ""  # "" while the practice has not written it in Chinese


@dataclass(frozen=True)
class VendorRow:
    id: int
    name: str
    legal_name: str
    service_description: str
    storage_countries: tuple[str, ...]
    transfer_safeguard: str
    review_interval_months: int
    status: str
    sharings: tuple[SharingRow, ...] = field(default=())


@dataclass(frozen=True)
class LedgerHeads:
    """Where the two ledgers end, as registers print it: a later cut or rewrite shows."""

    consent_events: int
    consent_last_hash: str  # "" when the ledger is empty
    audit_entries: int
    audit_last_hash: str


@dataclass(frozen=True)
class CheckReport:
    ok: bool
    problems: tuple[str, ...]
    notes: tuple[str, ...] = ()  # what the check could not see, said plainly; not problems


# --- opt-outs (stories 2-4) -------------------------------------------------------------------


@dataclass(frozen=True)
class OptOutResult:
    """What logging (or matching) an opt-out did, and what to say to the person."""

    request_id: int
    client_ref: str | None
    status: str
    received_at: datetime
    due_on: date
    language: str
    stopped: tuple[StoppedSharing, ...]
    withdrawn_events: int
    vendors: tuple[VendorProgress, ...]
    continuing: tuple[ContinuingLine, ...]
    script: str
    objections: tuple[ObjectionLine, ...] = ()


@dataclass(frozen=True)
class OptOutRow:
    """One request on the opt-out register; ``status`` and ``overdue`` are derived."""

    id: int
    client_ref: str | None
    client_name: str
    caller_details: str
    channel: str
    scope: str
    scope_vendors: tuple[str, ...]
    received_at: datetime
    recorded_at: datetime
    recorded_by: str
    note: str
    form_reference: str
    evidence_file: str
    due_on: date  # every vendor told by
    status: str
    overdue: bool  # next_due has passed (deadlines.is_overdue)
    acknowledged_by: str
    acknowledged_at: datetime | None
    completed_at: datetime | None
    vendors: tuple[VendorProgress, ...]
    next_due: date | None = None  # when the next step is due (domain.optout.next_step_due)
    objections: tuple[ObjectionLine, ...] = ()


@dataclass(frozen=True)
class PendingNotification:
    notification_id: int
    vendor_id: int
    vendor: str
    vendor_legal_name: str
    vendor_email: str
    vendor_postal_address: str
    created_at: datetime
    due_on: date
    overdue: bool
    confirm_by: date
    people: tuple[NotifiedPerson, ...]


@dataclass(frozen=True)
class DueItem:
    """One line of the Today page and of `due`. ``target_id`` is the record it is about.

    A source in app/services/due.py fills ``label`` (what kind of thing is due, in the
    language asked for) and ``opens``; the kind is the `due --json` contract's word for it.
    """

    kind: str
    subject: str
    due: date
    overdue: bool
    target_id: int | None = None
    label: str = ""
    opens: Opens | None = None
    # A clock counted in hours (a breach): the moment it runs out, for the hours left.
    due_at: datetime | None = None
    # Shown above everything else on Today, whatever its date (an open incident).
    urgent: bool = False

    def overdue_at(self, now: datetime) -> bool:
        """Late by its day, or, for a clock counted in hours, past its moment: a source knows
        only the day, whoever shows the line knows the time."""
        return self.overdue or (self.due_at is not None and now > self.due_at)


@dataclass(frozen=True)
class NoticeVersionRow:
    id: int
    number: int
    published_at: datetime
    effective_on: date
    change_summary: str
    snapshot_sha256: str


@dataclass(frozen=True)
class NoticeDraft:
    """The notice computed from live records, compared with the current published version."""

    current: NoticeVersionRow | None
    changed: bool  # the draft differs from the current version (always True before the first)
    changes: tuple[str, ...]  # what would change, in words (English)
    snapshot_sha256: str


@dataclass(frozen=True)
class NoticeDeliveryRow:
    id: int
    client_ref: str
    notice_version: int
    delivered_on: date
    method: str
    acknowledged_on: date | None


@dataclass(frozen=True)
class ConsentNeedRow:
    """An active client who has not yet answered sharings that need their consent."""

    client: ClientRow
    sharing_ids: tuple[int, ...]
    vendors: tuple[str, ...]


@dataclass(frozen=True)
class RenderedDocument:
    """A generated PDF, already recorded as a GeneratedDocument."""

    kind: str
    data: bytes
    pages: int
    sha256: str
    file_name: str  # suggested, e.g. "privacy-notice-v3-ABC-DEFG.pdf"
    client_refs: tuple[str, ...]  # the clients it is for (none: generic or blank)
    notice_version: int | None  # None: no version published yet (the draft was printed)
    document_ids: tuple[int, ...]  # GeneratedDocument rows (one per client in a batch file)


@dataclass(frozen=True)
class IncidentRow:
    """An incident as the register, the window and `incident list` show it."""

    id: int
    kind: str  # domain.incidents.IncidentKind
    summary: str
    happened_at: datetime | None
    aware_at: datetime
    vendor_id: int | None
    vendor: str
    categories: tuple[str, ...]
    affected_from: str  # "", "chosen", "vendor"
    affected_refs: tuple[str, ...]  # the clients it affects, by reference code
    people_count: int | None
    records_count: int | None
    consequences: str
    measures_taken: str
    measures_proposed: str
    encrypted: str  # "", "yes", "no"
    risk: str  # domain.incidents.Risk
    risk_reasons: str
    assessed_at: datetime | None
    authority_due_at: datetime | None
    authority_decision: str
    authority_reason: str
    authority_decided_at: datetime | None
    authority_notified_at: datetime | None
    authority_delay_reason: str
    clients_decision: str
    clients_reason: str
    clients_decided_at: datetime | None
    clients_notified_at: datetime | None
    recorded_by: str
    recorded_at: datetime
    closed_at: datetime | None
    step: str  # domain.incidents.Step: what it waits for
    notes: tuple[str, ...] = ()  # marked N_: what a rule set with no clock says instead
    category_labels: tuple[tuple[str, str], ...] = ()  # (English, Chinese) per category

    @property
    def status(self) -> str:
        return "closed" if self.closed_at else "open"

    @property
    def affected(self) -> int:
        return len(self.affected_refs)


@dataclass(frozen=True)
class EmailedRequest:
    """An email read for logging a request, with the client it matched and why (a proposal)."""

    email: ReadEmail
    client: ClientRow | None
    matched_by: str  # "reference", "address", or "" when nothing matched
    candidates: tuple[ClientRow, ...]  # clients sharing the sender's address, to choose from
    why: Phrase
    received_at: datetime  # when it was sent, never later than when it was read
    evidence: tuple[bytes, str]  # what is kept: the bytes as they came, and a file suffix

    @property
    def caller_details(self) -> str:
        """The details an unmatched request keeps: the sender, as the email names them."""
        return self.email.sender


@dataclass(frozen=True)
class PauseRow:
    """A sharing paused by a restriction or objection request, and its lifting if lifted."""

    id: int
    request_id: int
    sharing_id: int
    vendor: str
    purpose: str
    paused_at: datetime
    paused_by: str
    lifted_at: datetime | None = None
    lifted_by: str = ""
    lift_reason: str = ""  # sent to the client
    purpose_zh: str = ""

    @property
    def is_on(self) -> bool:
        return self.lifted_at is None


@dataclass(frozen=True)
class CorrectionLine:
    """A correction carried out on a request: the fields' names (never values), when, by whom."""

    corrected_at: datetime
    corrected_by: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RequestRow:
    """A rights request (any kind but an opt-out) as the register, the window and
    `request list` show it; `due` is the day owed now (extended once extended)."""

    id: int
    kind: str  # domain.enums.RequestKind
    client_id: int | None
    client_ref: str
    client_name: str
    caller_details: str
    channel: str
    received_at: datetime
    note: str
    topic: str
    evidence_file: str
    evidence_sha256: str
    recorded_by: str
    recorded_at: datetime
    due_on: date
    confirm_due_on: date | None
    extension_by: date | None
    extended_due: date | None  # the answer's day if extended (None: no rule allows one)
    identity_method: str
    identity_checked_at: datetime | None
    identity_checked_by: str
    acknowledged_at: datetime | None
    extended_until: date | None
    extension_reason: str
    extension_told_at: datetime | None
    outcome: str
    outcome_reason: str
    response: str
    completed_at: datetime | None
    status: str  # domain.requests.RequestStatus
    due: date
    pauses: tuple[PauseRow, ...] = ()  # a restriction's or objection's, in the order paused
    corrections: tuple[CorrectionLine, ...] = ()  # a correction request's, oldest first

    @property
    def is_open(self) -> bool:
        return self.completed_at is None

    @property
    def pauses_on(self) -> tuple[PauseRow, ...]:
        return tuple(pause for pause in self.pauses if pause.is_on)

    @property
    def who(self) -> str:
        """The client's name, or the details of a person not matched to one."""
        return self.client_name or self.caller_details
