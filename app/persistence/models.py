"""Every table of Privacy Desk, in one module (SQLModel's advice: no circular imports).

Times are aware UTC datetimes (SQLModel's UTCDateTime); dates are calendar dates in the
practice's zone. Enumerations are stored as their string values. Personal data lives only
in the client table, consent evidence and opt-out requests; the audit log names fields, never
values.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Practice(SQLModel, table=True):
    """The one practice this database belongs to (id is always 1)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(default="", max_length=200)
    street: str = Field(default="", max_length=400)
    city: str = Field(default="", max_length=120)
    postal_code: str = Field(default="", max_length=20)
    region: str = Field(default="", max_length=120)
    country_code: str = Field(default="GB", max_length=2)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    website: str = Field(default="", max_length=300)
    online_optout_url: str = Field(default="", max_length=300)
    privacy_contact: str = Field(default="", max_length=200)
    jurisdictions: str = Field(default="gdpr", max_length=40)  # comma-separated rule set keys
    supervisory_authority: str = Field(default="", max_length=200)
    default_language: str = Field(default="en", max_length=5)
    paper_size: str = Field(default="A4", max_length=10)
    holiday_country: str = Field(default="GB", max_length=2)
    holiday_subdivision: str = Field(default="", max_length=10)
    closed_days: str = Field(default="", max_length=4000)  # comma-separated ISO dates
    # What the practice chose for the settings its rule sets declare (the promise's days, the
    # working days PIPL leaves to it): {rule set: {setting: days}}. A setting not here is the
    # rule set's default (app.domain.rulesets).
    rule_settings: dict[str, dict[str, int]] = Field(
        default_factory=dict, sa_type=JSON, sa_column_kwargs={"server_default": "{}"}
    )
    updated_at: datetime | None = None


class Client(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=7, unique=True)
    given_name: str = Field(max_length=200)
    family_name: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=254)
    phone_entered: str = Field(default="", max_length=40)
    phone_e164: str = Field(default="", max_length=20)
    street: str = Field(default="", max_length=400)
    city: str = Field(default="", max_length=120)
    postal_code: str = Field(default="", max_length=20)
    region: str = Field(default="", max_length=120)
    country_code: str = Field(default="", max_length=2)
    language: str = Field(default="en", max_length=5)
    status: str = Field(default="active", max_length=10, index=True)
    notes: str = Field(default="", max_length=4000)
    # Casefolded "family given" so the database sorts names for every script alike.
    sort_key: str = Field(default="", max_length=420, index=True)
    created_at: datetime
    updated_at: datetime


class DataCategory(SQLModel, table=True):
    __tablename__ = "data_category"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=40, unique=True)
    label_en: str = Field(max_length=200)
    label_zh: str = Field(max_length=200)
    sensitive: bool = False


class Purpose(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=40, unique=True)
    label_en: str = Field(max_length=200)
    label_zh: str = Field(max_length=200)
    explanation_en: str = Field(default="", max_length=2000)
    explanation_zh: str = Field(default="", max_length=2000)
    example_en: str = Field(default="", max_length=2000)
    example_zh: str = Field(default="", max_length=2000)
    legal_basis: str = Field(max_length=30)
    is_marketing: bool = False


class Vendor(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    legal_name: str = Field(default="", max_length=300)
    service_description: str = Field(default="", max_length=2000)
    service_description_zh: str = Field(default="", max_length=2000)
    website: str = Field(default="", max_length=300)
    privacy_policy_url: str = Field(default="", max_length=300)
    privacy_email: str = Field(default="", max_length=254)
    postal_address: str = Field(default="", max_length=600)
    storage_countries: str = Field(default="", max_length=200)  # comma-separated ISO codes
    transfer_safeguard: str = Field(default="", max_length=600)
    # The texts the practice writes, also in Chinese for Chinese documents ("" = none yet).
    transfer_safeguard_zh: str = Field(
        default="", max_length=600, sa_column_kwargs={"server_default": ""}
    )
    security_measures: str = Field(default="", max_length=2000)
    security_measures_zh: str = Field(
        default="", max_length=2000, sa_column_kwargs={"server_default": ""}
    )
    contract_signed_on: date | None = None
    clauses: str = Field(default="", max_length=200)  # comma-separated clause keys
    review_interval_months: int = 12
    status: str = Field(default="active", max_length=10)
    created_at: datetime


class Sharing(SQLModel, table=True):
    """What one vendor receives for one purpose."""

    id: int | None = Field(default=None, primary_key=True)
    vendor_id: int = Field(foreign_key="vendor.id", index=True)
    purpose_id: int = Field(foreign_key="purpose.id")
    form: str = Field(default="identified", max_length=20)
    necessity: str = Field(max_length=2000)
    necessity_zh: str = Field(default="", max_length=2000, sa_column_kwargs={"server_default": ""})
    starts_on: date
    ends_on: date | None = None


class SharingCategory(SQLModel, table=True):
    __tablename__ = "sharing_category"

    sharing_id: int = Field(foreign_key="sharing.id", primary_key=True)
    category_id: int = Field(foreign_key="data_category.id", primary_key=True)


class NoticeVersion(SQLModel, table=True):
    __tablename__ = "notice_version"

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True)
    published_at: datetime
    effective_on: date
    change_summary: str = Field(max_length=4000)
    snapshot_json: str
    snapshot_sha256: str = Field(max_length=64)


class OptOutRequest(SQLModel, table=True):
    __tablename__ = "optout_request"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int | None = Field(default=None, foreign_key="client.id", index=True)
    caller_details: str = Field(default="", max_length=1000)  # until matched to a client
    received_at: datetime
    channel: str = Field(max_length=20)
    scope: str = Field(max_length=20)
    scope_sharing_ids: str = Field(default="", max_length=2000)  # comma-separated, scope chosen
    note: str = Field(default="", max_length=4000)
    form_reference: str = Field(default="", max_length=20)
    # The scan of a returned form or letter, relative to the evidence folder (0003).
    evidence_file: str = Field(default="", max_length=300, sa_column_kwargs={"server_default": ""})
    evidence_sha256: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    recorded_by: str = Field(max_length=100)
    recorded_at: datetime
    acknowledged_by: str = Field(default="", max_length=20)  # oral / letter / email
    acknowledged_at: datetime | None = None
    due_on: date
    completed_at: datetime | None = None


class ConsentEvent(SQLModel, table=True):
    """Append-only, hash-chained: a client's answer for one sharing at one moment."""

    __tablename__ = "consent_event"
    # A client's events by sharing, read from the index alone: Today asks, for every active
    # client, whether each sharing that needs consent has an answer.
    __table_args__ = (Index("ix_consent_event_client_sharing", "client_id", "sharing_id"),)

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    sharing_id: int = Field(foreign_key="sharing.id", index=True)
    state: str = Field(max_length=10)
    channel: str = Field(max_length=20)
    occurred_at: datetime
    recorded_at: datetime
    recorded_by: str = Field(max_length=100)
    notice_version_id: int | None = Field(default=None, foreign_key="notice_version.id")
    evidence_note: str = Field(default="", max_length=4000)
    evidence_file: str = Field(default="", max_length=300)  # relative to the evidence folder
    evidence_sha256: str = Field(default="", max_length=64)
    optout_request_id: int | None = Field(default=None, foreign_key="optout_request.id")
    prev_hash: str = Field(max_length=64)
    row_hash: str = Field(max_length=64)


class VendorNotification(SQLModel, table=True):
    __tablename__ = "vendor_notification"

    id: int | None = Field(default=None, primary_key=True)
    vendor_id: int = Field(foreign_key="vendor.id", index=True)
    created_at: datetime
    due_on: date
    sent_at: datetime | None = None
    sent_method: str = Field(default="", max_length=20)
    # Fixed when the letter goes out (business days from the day sent), as `due_on` is when
    # the notification is opened: a deadline given to a vendor does not move afterwards.
    confirm_by: date | None = None
    document_id: int | None = Field(default=None, foreign_key="generated_document.id")
    confirmed_at: datetime | None = None
    confirmation_note: str = Field(default="", max_length=2000)


class NotificationRequest(SQLModel, table=True):
    """Which opt-out requests one vendor notification covers."""

    __tablename__ = "notification_request"

    notification_id: int = Field(foreign_key="vendor_notification.id", primary_key=True)
    request_id: int = Field(foreign_key="optout_request.id", primary_key=True)
    # By when this vendor is to be told for this request: the request's date, or for an
    # objection upheld later, counted from the answer. None before revision 0007.
    due_on: date | None = None
    linked_at: datetime | None = None  # when the request joined the task (None before 0007)


class Objection(SQLModel, table=True):
    """A client's objection to a sharing that rests on legitimate interests (GDPR Art. 21(1)).

    Raised by an opt-out that named such a sharing: it cannot simply stop, so it is weighed
    and answered, upheld (the sharing stops for the client) or declined with the reason the
    client is given. Rows are kept; only the answer is filled in.
    """

    id: int | None = Field(default=None, primary_key=True)
    optout_request_id: int = Field(foreign_key="optout_request.id", index=True)
    sharing_id: int = Field(foreign_key="sharing.id")
    due_on: date
    decision: str = Field(default="", max_length=10)  # "", ObjectionDecision value
    reason: str = Field(default="", max_length=2000)
    decided_at: datetime | None = None
    decided_by: str = Field(default="", max_length=100)


class NoticeDelivery(SQLModel, table=True):
    __tablename__ = "notice_delivery"

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", index=True)
    notice_version_id: int = Field(foreign_key="notice_version.id")
    delivered_on: date
    method: str = Field(max_length=20)
    acknowledged_on: date | None = None


class VendorReview(SQLModel, table=True):
    __tablename__ = "vendor_review"

    id: int | None = Field(default=None, primary_key=True)
    vendor_id: int = Field(foreign_key="vendor.id", index=True)
    reviewed_on: date
    reviewer: str = Field(max_length=100)
    answers_json: str = Field(default="{}")
    outcome: str = Field(max_length=30)
    actions_json: str = Field(default="[]")
    next_due_on: date


class GeneratedDocument(SQLModel, table=True):
    __tablename__ = "generated_document"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    client_id: int | None = Field(default=None, foreign_key="client.id", index=True)
    vendor_id: int | None = Field(default=None, foreign_key="vendor.id")
    notice_version_id: int | None = Field(default=None, foreign_key="notice_version.id")
    created_at: datetime
    sha256: str = Field(max_length=64)
    pages: int
    file_name: str = Field(default="", max_length=300)


class Incident(SQLModel, table=True):
    """A breach or another incident (GDPR Art. 33(5): every one is documented, reported or
    not). Rows are kept; each step fills its own fields and time, audited."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # domain.incidents.IncidentKind
    summary: str = Field(max_length=2000)  # what happened
    happened_at: datetime | None = None
    aware_at: datetime  # starts the clock
    vendor_id: int | None = Field(default=None, foreign_key="vendor.id", index=True)
    categories: str = Field(default="", max_length=400)  # comma-separated data category keys
    affected_from: str = Field(default="", max_length=10)  # "", "chosen", "vendor"
    people_count: int | None = None  # approximate numbers (Art. 33(3)(a))
    records_count: int | None = None
    consequences: str = Field(default="", max_length=4000)
    measures_taken: str = Field(default="", max_length=4000)
    measures_proposed: str = Field(default="", max_length=4000)
    encrypted: str = Field(default="", max_length=5)  # "", "yes", "no"
    risk: str = Field(default="", max_length=10)  # domain.incidents.Risk
    risk_reasons: str = Field(default="", max_length=4000)
    assessed_at: datetime | None = None
    # Fixed when logged, from the rule sets ticked then: a deadline does not move afterwards.
    authority_due_at: datetime | None = None
    authority_decision: str = Field(default="", max_length=12)  # domain.incidents.Decision
    authority_reason: str = Field(default="", max_length=2000)
    authority_decided_at: datetime | None = None
    authority_notified_at: datetime | None = None
    authority_delay_reason: str = Field(default="", max_length=2000)
    clients_decision: str = Field(default="", max_length=12)
    clients_reason: str = Field(default="", max_length=2000)
    clients_decided_at: datetime | None = None
    clients_notified_at: datetime | None = None
    recorded_by: str = Field(max_length=100)
    recorded_at: datetime
    closed_at: datetime | None = None


class IncidentClient(SQLModel, table=True):
    """The clients an incident affects (chosen, or derived from what its vendor received)."""

    __tablename__ = "incident_client"

    incident_id: int = Field(foreign_key="incident.id", primary_key=True)
    client_id: int = Field(foreign_key="client.id", primary_key=True, index=True)


class OptOutReview(SQLModel, table=True):
    """A review of the opt-out path (issue 14): each channel's test request, what the checks
    found, the outcome and actions, and when the next one falls due. Rows are kept."""

    __tablename__ = "optout_review"

    id: int | None = Field(default=None, primary_key=True)
    reviewed_on: date
    reviewer: str = Field(max_length=100)
    tests_json: str = Field(default="[]")  # [{"channel", "tested_on", "arrived", ...}]
    findings_json: str = Field(default="[]")  # [{"kind", "subject"}], domain.optout_review
    outcome: str = Field(max_length=20)  # "passed", "actions_needed"
    actions: str = Field(default="", max_length=4000)
    next_due_on: date = Field(index=True)
    recorded_at: datetime


class RightsRequest(SQLModel, table=True):
    """A request other than an opt-out (access, portability, correction, deletion,
    restriction, objection, complaint). Rows are kept; each step fills its own fields."""

    __tablename__ = "rights_request"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=20)  # domain.enums.RequestKind, never "opt-out"
    client_id: int | None = Field(default=None, foreign_key="client.id", index=True)
    caller_details: str = Field(default="", max_length=1000)  # until matched to a client
    channel: str = Field(max_length=20)
    received_at: datetime
    note: str = Field(default="", max_length=4000)
    topic: str = Field(default="", max_length=400)  # a complaint's or feedback's subject
    # The email or scan the request came in, relative to the evidence folder.
    evidence_file: str = Field(default="", max_length=300)
    evidence_sha256: str = Field(default="", max_length=64)
    recorded_by: str = Field(max_length=100)
    recorded_at: datetime
    # Fixed when logged, from the rule sets ticked then (domain.requests.request_clock).
    due_on: date
    confirm_due_on: date | None = None
    extension_by: date | None = None  # the last day an extension may be told (None: none allowed)
    extended_due_on: date | None = None  # the answer's day once extended
    identity_method: str = Field(default="", max_length=200)
    identity_checked_at: datetime | None = None
    identity_checked_by: str = Field(default="", max_length=100)
    acknowledged_at: datetime | None = None
    extended_until: date | None = None
    extension_reason: str = Field(default="", max_length=2000)
    extension_told_at: datetime | None = None
    outcome: str = Field(default="", max_length=10)  # domain.requests.Outcome
    outcome_reason: str = Field(default="", max_length=4000)  # sent to the client
    response: str = Field(default="", max_length=4000)  # a complaint's answer
    completed_at: datetime | None = None


class SharingPause(SQLModel, table=True):
    """A sharing paused for a client by a restriction (GDPR Art. 18) or objection (Art. 21)
    request: no new data goes to its vendor until lifted, with the reason the client is sent.
    Rows are kept (a trigger): lifting fills `lifted_at`, once. Not a consent event: the
    ledger keeps what the client said (`domain.pauses`)."""

    __tablename__ = "sharing_pause"
    __table_args__ = (UniqueConstraint("request_id", "sharing_id"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="rights_request.id", index=True)
    sharing_id: int = Field(foreign_key="sharing.id", index=True)
    paused_at: datetime
    paused_by: str = Field(max_length=100)
    lifted_at: datetime | None = None
    lifted_by: str = Field(default="", max_length=100)
    lift_reason: str = Field(default="", max_length=2000)  # sent to the client


class ImportBatch(SQLModel, table=True):
    """One import of clients from a file; undone as a whole while its clients have no other
    records. Holds no personal data: not even the file's name."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    imported_at: datetime
    imported_by: str = Field(max_length=100)
    file_format: str = Field(max_length=10)  # csv / xlsx / vcard
    client_count: int
    undone_at: datetime | None = None


class ImportBatchClient(SQLModel, table=True):
    """Which clients an import brought in (a client comes from one import at most)."""

    __tablename__ = "import_batch_client"

    batch_id: int = Field(foreign_key="import_batch.id", primary_key=True)
    client_id: int = Field(foreign_key="client.id", primary_key=True, index=True, unique=True)


class Erasure(SQLModel, table=True):
    """A client erased (GDPR Art. 17): which fields were scrubbed, why, and whether the
    evidence files were destroyed yet (after the commit; a kill in between is finished at
    the next start). Rows are kept: they show the erasure was done."""

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id", unique=True)
    request_id: int | None = Field(default=None, foreign_key="rights_request.id")
    reason: str = Field(max_length=20)  # "request" / "retention"
    fields: str = Field(max_length=400)  # comma-separated names, never values
    erased_at: datetime
    erased_by: str = Field(max_length=100)
    files_destroyed_at: datetime | None = None


class ErasedEvidence(SQLModel, table=True):
    """An evidence file destroyed on purpose by an erasure: `check` does not miss it."""

    __tablename__ = "erased_evidence"

    erasure_id: int = Field(foreign_key="erasure.id", primary_key=True)
    file_name: str = Field(max_length=300, primary_key=True)
    sha256: str = Field(max_length=64, index=True)


class Suppression(SQLModel, table=True):
    """An erased person, recognisable and never imported again, with nothing readable: salted
    hashes of the normalised email and the E.164 phone ("" when there was none)."""

    id: int | None = Field(default=None, primary_key=True)
    email_hash: str = Field(default="", max_length=64, index=True)
    phone_hash: str = Field(default="", max_length=64, index=True)
    erased_on: date
    request_id: int | None = Field(default=None, foreign_key="rights_request.id")


class SuppressionSalt(SQLModel, table=True):
    """The practice's own random salt for the suppression hashes (one row, id 1)."""

    __tablename__ = "suppression_salt"

    id: int | None = Field(default=None, primary_key=True)
    salt: str = Field(max_length=64)


class NotificationRightsRequest(SQLModel, table=True):
    """Which rights requests (an erasure's deletion task) one vendor notification covers."""

    __tablename__ = "notification_rights_request"

    notification_id: int = Field(foreign_key="vendor_notification.id", primary_key=True)
    request_id: int = Field(foreign_key="rights_request.id", primary_key=True, index=True)
    due_on: date
    linked_at: datetime


class Correction(SQLModel, table=True):
    """A client's record corrected on their request (GDPR Art. 16): which fields (names, never
    values), when and by whom. Rows are kept: they show the request was carried out."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="rights_request.id", index=True)
    client_id: int = Field(foreign_key="client.id")
    fields: str = Field(max_length=400)  # comma-separated names, never values
    corrected_at: datetime
    corrected_by: str = Field(max_length=100)


class NotificationCorrection(SQLModel, table=True):
    """A correction a vendor is to carry out too (GDPR Art. 19), joined to its notification:
    the corrected fields that vendor received. The new values are read from the client when
    the letter is made (the vendor needs the record as it is; no copy is kept here)."""

    __tablename__ = "notification_correction"

    notification_id: int = Field(foreign_key="vendor_notification.id", primary_key=True)
    correction_id: int = Field(foreign_key="correction.id", primary_key=True, index=True)
    fields: str = Field(max_length=400)
    due_on: date
    linked_at: datetime


class FormerClient(SQLModel, table=True):
    """The day a former client stopped coaching (their last session), which their retention
    periods count from (domain/retention.py). Its own table, not a column on `client`: a
    client's audited version hashes every column of its row, so a new column would make
    every client differ from its last audited version (import_batch_client does the same).
    Archiving writes it; reactivating deletes it (the client has not stopped any more)."""

    __tablename__ = "former_client"

    client_id: int = Field(foreign_key="client.id", primary_key=True)
    stopped_on: date
    recorded_at: datetime


class NotificationErasure(SQLModel, table=True):
    """Which erasures without a request (retention ended) one vendor notification asks the
    vendor to delete; an erasure on a request is linked through its request instead."""

    __tablename__ = "notification_erasure"

    notification_id: int = Field(foreign_key="vendor_notification.id", primary_key=True)
    erasure_id: int = Field(foreign_key="erasure.id", primary_key=True, index=True)
    due_on: date
    linked_at: datetime


class AuditEntry(SQLModel, table=True):
    """Append-only, hash-chained: who did what to which record. Field names, never values."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor: str = Field(max_length=100)
    action: str = Field(max_length=40)
    entity: str = Field(max_length=40)
    entity_id: int | None = None
    fields: str = Field(default="", max_length=2000)  # comma-separated field names
    # For a client or an opt-out request: the hash of the record as this change left it.
    version: str = Field(default="", max_length=64, sa_column_kwargs={"server_default": ""})
    prev_hash: str = Field(max_length=64)
    row_hash: str = Field(max_length=64)


# The tables whose rows the database itself refuses to change or delete.
APPEND_ONLY_TABLES = ("consent_event", "audit_log")
