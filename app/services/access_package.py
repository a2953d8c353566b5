"""What a client's access or portability package holds, section by section (issue 13).

Each `Section` is one record type: its key names its list in `data.json` and its file
`csv/<key>.csv`, its columns are the keys of each row (stable: docs/access-package.md lists
them, and a test holds the two together), and its title heads its table in the readable
report. `SECTIONS` is the one list the report, the JSON and the CSVs are all made from, so
a new record type (the rights requests) is one more `Section` appended to it, nothing else.
The rows come from `access_records` (one reader per section); `access_export` writes them
as JSON and CSV and shows them in the report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from enum import StrEnum
from pathlib import Path

from sqlmodel import Session

from app.documents.words import LEGAL_BASIS, SHARING_FORM
from app.domain.incidents import KIND_LABELS
from app.domain.requests import KIND_LABELS as KIND_LABELS_OF_REQUESTS
from app.domain.requests import OUTCOME_LABELS, STATUS_LABELS
from app.i18n import N_
from app.persistence.models import Client
from app.services import access_records
from app.services.access_records import ACCESS_PACKAGE, Reading, Row

__all__ = ["ACCESS_PACKAGE", "SECTIONS", "Column", "Gathered", "Row", "Section", "Shown", "gather"]


class Shown(StrEnum):
    """How the readable report writes a column's values."""

    TEXT = "text"
    MOMENT = "moment"  # an instant, in the practice's zone
    DAY = "day"
    YES_NO = "yes_no"
    WORDS = "words"  # a stored value, said in words (Column.words)
    LIST = "list"  # each item said in words where Column.words has it


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # N_
    shown: Shown = Shown.TEXT
    # WORDS: value -> N_ words; a value not in it is itself translated (an N_ sentence).
    words: Mapping[str, str] = field(default_factory=dict)
    in_report: bool = True  # in the PDF's table too (every column is in the JSON and CSV)
    chinese: str = ""  # the key of the column that holds this value in Chinese, if any


@dataclass(frozen=True)
class Section:
    key: str  # "consent_events": its list in data.json, csv/consent_events.csv
    title: str  # N_
    columns: tuple[Column, ...]
    rows: Callable[[Reading], list[Row]]
    one_record: bool = False  # the client's own record: fields one under the other

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)


STATES = {
    "given": N_("Given"),
    "refused": N_("Refused"),
    "withdrawn": N_("Withdrawn"),
    "none": N_("No answer yet"),
}
CHANNELS = {
    "paper": N_("On paper, in person"),
    "in-person": N_("In person"),
    "phone": N_("Phone"),
    "post": N_("Post"),
    "email": N_("Email"),
    "online": N_("Online"),
}
SCOPES = {"all": N_("Everything"), "marketing": N_("Marketing only"), "chosen": N_("Chosen")}
STATUSES = {
    "received": N_("Received, not matched"),
    "applied": N_("Applied, vendors to tell"),
    "vendors_notified": N_("Vendors told, awaiting confirmation"),
    "objection_open": N_("Objection to answer"),
    "vendors_confirmed": N_("Vendors confirmed"),
    "closed": N_("Closed"),
}
DECISIONS = {"": N_("to answer"), "upheld": N_("upheld"), "declined": N_("declined")}
REQUEST_KINDS = {kind.value: words for kind, words in KIND_LABELS_OF_REQUESTS.items()}
REQUEST_STATUSES = {status.value: words for status, words in STATUS_LABELS.items()}
REQUEST_OUTCOMES = {"": N_("not yet"), **{o.value: words for o, words in OUTCOME_LABELS.items()}}
EVIDENCE_STATUS = {
    "verified": N_("in this package, hash verified"),
    "missing": N_("not found in our files"),
    "altered": N_("differs from its record: not included"),
}
RECORDS = {
    "consent_event": N_("Consent answer"),
    "optout_request": N_("Opt-out request"),
    "rights_request": N_("Request"),
}
LANGUAGES = {"en": N_("English"), "zh": N_("Simplified Chinese")}
CLIENT_STATUS = {"active": N_("Active client"), "former": N_("Former client")}
CHANGES = {
    "create": N_("Record created"),
    "update": N_("Details changed"),
    "archive": N_("Archived"),
    "reactivate": N_("Made active again"),
    "record_consent": N_("Consent answers recorded"),
    "withdraw_consent": N_("Consent withdrawn"),
    "deliver_notice": N_("Privacy notice given"),
}


# The client's fields as the audit log names them, in words.
FIELDS = {
    "given_name": N_("Given name"),
    "family_name": N_("Family name"),
    "email": N_("Email"),
    "phone_entered": N_("Phone"),
    "phone_e164": N_("Phone"),
    "street": N_("Street"),
    "city": N_("City"),
    "postal_code": N_("Postal code"),
    "region": N_("Region"),
    "country_code": N_("Country"),
    "language": N_("Language"),
    "status": N_("Status"),
    "notes": N_("Notes"),
    "consent": N_("Your consent"),
    "notice_delivery": N_("Privacy notice given"),
}


SECTIONS: tuple[Section, ...] = (
    Section(
        "client",
        N_("Your record"),
        (
            Column("ref", N_("Reference")),
            Column("given_name", N_("Given name")),
            Column("family_name", N_("Family name")),
            Column("email", N_("Email")),
            Column("phone", N_("Phone")),
            Column("phone_e164", N_("Phone (international form)"), in_report=False),
            Column("street", N_("Street")),
            Column("city", N_("City")),
            Column("postal_code", N_("Postal code")),
            Column("region", N_("Region")),
            Column("country_code", N_("Country")),
            Column("language", N_("Language"), Shown.WORDS, LANGUAGES),
            Column("status", N_("Status"), Shown.WORDS, CLIENT_STATUS),
            Column("notes", N_("Notes")),
            Column("created_at", N_("Added"), Shown.MOMENT),
            Column("updated_at", N_("Last changed"), Shown.MOMENT),
        ),
        access_records.client_section,
        one_record=True,
    ),
    Section(
        "sharings",
        N_("Who receives your data"),
        (
            Column("sharing_id", N_("Sharing"), in_report=False),
            Column("vendor", N_("Vendor")),
            Column("vendor_legal_name", N_("Legal name"), in_report=False),
            Column("purpose_key", N_("Purpose key"), in_report=False),
            Column("purpose", N_("Purpose"), chinese="purpose_zh"),
            Column("purpose_zh", N_("Purpose (Chinese)"), in_report=False),
            Column("legal_basis", N_("Legal basis"), Shown.WORDS, LEGAL_BASIS),
            Column("categories", N_("Category keys"), Shown.LIST, in_report=False),
            Column(
                "category_labels", N_("What it receives"), Shown.LIST, chinese="category_labels_zh"
            ),
            Column("category_labels_zh", N_("Categories (Chinese)"), Shown.LIST, in_report=False),
            Column("form", N_("Form"), Shown.WORDS, SHARING_FORM),
            Column("necessity", N_("Why it is needed")),
            Column("storage_countries", N_("Where it is stored"), Shown.LIST),
            Column("shared_from", N_("Sharing started"), Shown.DAY),
            Column("shared_until", N_("Sharing ended"), Shown.DAY),
            Column("consent_required", N_("Needs consent"), Shown.YES_NO),
            Column("consent_state", N_("Your consent"), Shown.WORDS, STATES),
            Column("consent_since", N_("Answer given"), Shown.MOMENT),
            Column("receives_data", N_("Receives your data"), Shown.YES_NO),
            Column("receiving_since", N_("Since"), Shown.DAY),
        ),
        access_records.sharings_section,
    ),
    Section(
        "consent_events",
        N_("Your consent history"),
        (
            Column("event_id", N_("Event"), in_report=False),
            Column("occurred_at", N_("When"), Shown.MOMENT),
            Column("vendor", N_("Vendor")),
            Column("purpose", N_("Purpose"), chinese="purpose_zh"),
            Column("purpose_zh", N_("Purpose (Chinese)"), in_report=False),
            Column("state", N_("Answer"), Shown.WORDS, STATES),
            Column("channel", N_("Channel"), Shown.WORDS, CHANNELS),
            Column("notice_version", N_("Notice version")),
            Column("recorded_at", N_("Recorded"), Shown.MOMENT, in_report=False),
            Column("recorded_by", N_("Recorded by"), in_report=False),
            Column("evidence_note", N_("Evidence"), in_report=False),
            Column("evidence_file", N_("Evidence file"), in_report=False),
            Column("evidence_sha256", N_("Evidence sha256"), in_report=False),
            Column("optout_request_id", N_("Opt-out request"), in_report=False),
        ),
        access_records.consent_events_section,
    ),
    Section(
        "optout_requests",
        N_("Your opt-out requests"),
        (
            Column("request_id", N_("Request")),
            Column("received_at", N_("Received"), Shown.MOMENT),
            Column("channel", N_("Channel"), Shown.WORDS, CHANNELS),
            Column("scope", N_("Scope"), Shown.WORDS, SCOPES),
            Column("scope_vendors", N_("Vendors named"), Shown.LIST, in_report=False),
            Column("status", N_("Status"), Shown.WORDS, STATUSES),
            Column("due_on", N_("Due"), Shown.DAY, in_report=False),
            Column("acknowledged_by", N_("Acknowledged by"), in_report=False),
            Column("acknowledged_at", N_("Acknowledged"), Shown.MOMENT, in_report=False),
            Column("completed_at", N_("Completed"), Shown.MOMENT),
            Column("note", N_("Note"), in_report=False),
            Column("form_reference", N_("Form reference"), in_report=False),
            Column("evidence_file", N_("Evidence file"), in_report=False),
        ),
        access_records.optout_requests_section,
    ),
    Section(
        "rights_requests",
        N_("Your other requests: access, correction, deletion, objections, complaints"),
        (
            Column("request_id", N_("Request")),
            Column("kind", N_("Asked for"), Shown.WORDS, REQUEST_KINDS),
            Column("received_at", N_("Received"), Shown.MOMENT),
            Column("channel", N_("Channel"), Shown.WORDS, CHANNELS),
            Column("topic", N_("Topic"), in_report=False),
            Column("status", N_("Status"), Shown.WORDS, REQUEST_STATUSES),
            Column("due_on", N_("Due"), Shown.DAY),
            Column("extended_until", N_("Extended to"), Shown.DAY, in_report=False),
            Column("extension_reason", N_("Why it was extended"), in_report=False),
            Column("identity_checked_at", N_("Identity checked"), Shown.MOMENT, in_report=False),
            Column("acknowledged_at", N_("Acknowledged"), Shown.MOMENT, in_report=False),
            Column("outcome", N_("Outcome"), Shown.WORDS, REQUEST_OUTCOMES),
            Column("outcome_reason", N_("Reason given"), in_report=False),
            Column("response", N_("Our answer"), in_report=False),
            Column("completed_at", N_("Completed"), Shown.MOMENT),
            Column("note", N_("Note"), in_report=False),
            Column("evidence_file", N_("Evidence file"), in_report=False),
        ),
        access_records.rights_requests_section,
    ),
    Section(
        "vendors_told",
        N_("Vendors told of your requests"),
        (
            Column("request_id", N_("Request")),
            Column("vendor", N_("Vendor")),
            Column("due_on", N_("Due"), Shown.DAY),
            Column("sent_at", N_("Told"), Shown.MOMENT),
            Column("sent_method", N_("How"), Shown.WORDS, CHANNELS),
            Column("confirmed_at", N_("Confirmed"), Shown.MOMENT),
        ),
        access_records.vendors_told_section,
    ),
    Section(
        "objections",
        N_("Your objections and our answers"),
        (
            Column("objection_id", N_("Objection"), in_report=False),
            Column("request_id", N_("Request")),
            Column("vendor", N_("Vendor")),
            Column("purpose", N_("Purpose"), chinese="purpose_zh"),
            Column("purpose_zh", N_("Purpose (Chinese)"), in_report=False),
            Column("due_on", N_("Due"), Shown.DAY, in_report=False),
            Column("decision", N_("Answer"), Shown.WORDS, DECISIONS),
            Column("reason", N_("Reason")),
            Column("decided_at", N_("Answered"), Shown.MOMENT, in_report=False),
        ),
        access_records.objections_section,
    ),
    Section(
        "documents",
        N_("Letters and documents made for you"),
        (
            Column("document_id", N_("Document"), in_report=False),
            Column("created_at", N_("Made"), Shown.MOMENT),
            Column("kind", N_("Kind"), in_report=False),
            Column("document", N_("Document"), Shown.WORDS),
            Column("pages", N_("Pages")),
            Column("file_name", N_("File name"), in_report=False),
            Column("sha256", N_("sha256"), in_report=False),
        ),
        access_records.documents_section,
    ),
    Section(
        "notices_given",
        N_("Privacy notices given to you"),
        (
            Column("notice_version", N_("Notice version")),
            Column("delivered_on", N_("Given"), Shown.DAY),
            Column("method", N_("How"), Shown.WORDS, CHANNELS),
            Column("acknowledged_on", N_("Acknowledged"), Shown.DAY),
        ),
        access_records.notices_given_section,
    ),
    Section(
        "incidents",
        N_("Incidents that concerned your data"),
        (
            Column("incident_id", N_("Incident")),
            Column("kind", N_("Kind"), Shown.WORDS, KIND_LABELS),
            Column("vendor", N_("Vendor")),
            Column("categories", N_("Categories"), Shown.LIST, in_report=False),
            Column("aware_at", N_("We learnt of it"), Shown.MOMENT),
            Column("clients_told_at", N_("You were told"), Shown.MOMENT),
        ),
        access_records.incidents_section,
    ),
    Section(
        "record_changes",
        N_("Changes to your record"),
        (
            Column("at", N_("When"), Shown.MOMENT),
            Column("by", N_("By")),
            Column("action", N_("Change"), Shown.WORDS, CHANGES),
            Column("fields", N_("Fields"), Shown.LIST, FIELDS),
        ),
        access_records.record_changes_section,
    ),
    Section(
        "evidence",
        N_("Scans and emails we keep as evidence"),
        (
            Column("record", N_("Record"), Shown.WORDS, RECORDS),
            Column("record_id", N_("Number")),
            Column("file", N_("File"), in_report=False),
            Column("sha256", N_("sha256")),
            Column("status", N_("Status"), Shown.WORDS, EVIDENCE_STATUS),
            Column("path", N_("In this package"), in_report=False),
        ),
        access_records.evidence_section,
    ),
    Section(
        "retention",
        N_("How long we keep it"),
        (
            Column("category", N_("Category key"), in_report=False),
            Column("category_label", N_("Category"), Shown.WORDS, chinese="category_label_zh"),
            Column("category_label_zh", N_("Category (Chinese)"), in_report=False),
            Column("kept", N_("Kept"), Shown.WORDS),
        ),
        access_records.retention_section,
    ),
)


@dataclass(frozen=True)
class Gathered:
    """Everything the package holds, read in one transaction."""

    sections: tuple[tuple[Section, tuple[Row, ...]], ...]
    evidence: tuple[tuple[str, bytes], ...]  # (file name, content), each verified

    def rows(self, key: str) -> tuple[Row, ...]:
        return next(rows for section, rows in self.sections if section.key == key)


def gather(
    session: Session, client: Client, *, zone: tzinfo, now: datetime, evidence_folder: Path
) -> Gathered:
    """The client's package, from `session` (inside its transaction)."""
    reading = Reading(session, client, zone, now, evidence_folder)
    sections = tuple((section, tuple(section.rows(reading))) for section in SECTIONS)
    for section, rows in sections:
        if any(tuple(row) != section.keys for row in rows):  # the documented keys would drift
            raise ValueError(f"the rows of section {section.key!r} do not match its columns")
    return Gathered(sections, tuple(sorted(reading.files.items())))
