"""The readers of a client's access package: one function per section (access_package
declares the sections), each returning the client's rows of one record type.

Only the client's own records are read: a vendor notification that covered several clients
shows as this client's request being passed on (vendor, dates), never the letter or its
confirmation note, which name the others. Values are plain: str, int, bool, None, date,
aware datetime (UTC) or a tuple of str.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from app.documents.notice_retention import RETENTION, RETENTION_OTHER
from app.domain.consent import current_consents, may_share
from app.domain.enums import ConsentState, VendorStatus
from app.domain.optout import local_date
from app.domain.pauses import pause_holding
from app.domain.refcodes import format_reference
from app.domain.requests import current_due, request_status
from app.i18n import N_
from app.persistence.models import (
    AuditEntry,
    Client,
    ConsentEvent,
    DataCategory,
    GeneratedDocument,
    Incident,
    IncidentClient,
    NoticeDelivery,
    NoticeVersion,
    OptOutRequest,
    Purpose,
    RightsRequest,
    Vendor,
)
from app.services import document_kinds
from app.services.consents import client_history, consent_facts
from app.services.optouts.context import optout_context
from app.services.optouts.register import register_statement, rows_of
from app.services.pause_facts import client_pauses
from app.services.vendors import sharing_rows

Value = str | int | bool | None | date | datetime | tuple[str, ...]
Row = dict[str, Value]

ACCESS_PACKAGE = "access_package"  # what its GeneratedDocument records as kind


@dataclass
class Reading:
    """What every section reads from: one transaction, one client."""

    session: Session
    client: Client
    zone: tzinfo
    now: datetime
    evidence_folder: Path
    files: dict[str, bytes] = field(default_factory=dict)  # evidence verified, by file name
    read: dict[str, list] = field(default_factory=dict)  # what more than one section reads

    def once(self, key: str, read: Callable[[], list]) -> list:
        if key not in self.read:
            self.read[key] = read()
        return self.read[key]


def client_section(reading: Reading) -> list[Row]:
    client = reading.client
    return [
        {
            "ref": format_reference(client.ref),
            "given_name": client.given_name,
            "family_name": client.family_name,
            "email": client.email,
            "phone": client.phone_entered,
            "phone_e164": client.phone_e164,
            "street": client.street,
            "city": client.city,
            "postal_code": client.postal_code,
            "region": client.region,
            "country_code": client.country_code,
            "language": client.language,
            "status": client.status,
            "notes": client.notes,
            "created_at": client.created_at,
            "updated_at": client.updated_at,
        }
    ]


def _category_labels(session: Session) -> dict[str, tuple[str, str]]:
    return {row.key: (row.label_en, row.label_zh) for row in session.scalars(select(DataCategory))}


def sharings_section(reading: Reading) -> list[Row]:
    return reading.once("sharings", lambda: _read_sharings(reading))


def _read_sharings(reading: Reading) -> list[Row]:
    """Every sharing that concerns the client, as client_consent_lines chooses them."""
    session, client = reading.session, reading.client
    purpose_keys = dict(session.execute(select(Purpose.id, Purpose.key)).all())
    facts = current_consents(consent_facts(session, client.id))
    pauses = client_pauses(session, client.id)
    labels = _category_labels(session)
    vendors = {vendor.id: vendor for vendor in session.scalars(select(Vendor))}
    joined = local_date(client.created_at, reading.zone)
    rows = []
    for sharing in sharing_rows(session):
        fact = facts.get(sharing.id)
        if sharing.ends_on is not None and fact is None:
            continue
        state = fact.state if fact else ConsentState.NONE
        vendor = vendors[sharing.vendor_id]
        # Nothing goes to a vendor paused or ended, whatever the client said, nor while the
        # client's own restriction or objection pauses the sharing.
        receives = (
            may_share(state, sharing.consent_required)
            and pause_holding(pauses, sharing.id, reading.now) is None
            and sharing.ends_on is None
            and vendor.status == VendorStatus.ACTIVE.value
        )
        if not receives:
            since = None
        elif sharing.consent_required and fact is not None:
            since = local_date(fact.occurred_at, reading.zone)
        else:
            since = max(sharing.starts_on, joined)
        rows.append(
            {
                "sharing_id": sharing.id,
                "vendor": sharing.vendor,
                "vendor_legal_name": vendor.legal_name,
                "purpose_key": purpose_keys[sharing.purpose_id],
                "purpose": sharing.purpose,
                "purpose_zh": sharing.purpose_zh,
                "legal_basis": sharing.legal_basis,
                "categories": sharing.category_keys,
                "category_labels": tuple(labels[k][0] for k in sharing.category_keys),
                "category_labels_zh": tuple(labels[k][1] for k in sharing.category_keys),
                "form": sharing.form,
                "necessity": sharing.necessity,
                "storage_countries": tuple(c for c in vendor.storage_countries.split(",") if c),
                "shared_from": sharing.starts_on,
                "shared_until": sharing.ends_on,
                "consent_required": sharing.consent_required,
                "consent_state": state.value,
                "consent_since": fact.occurred_at if fact else None,
                "receives_data": receives,
                "receiving_since": since,
            }
        )
    return rows


def consent_events_section(reading: Reading) -> list[Row]:
    sha = _evidence_hashes(reading)
    return [
        {
            "event_id": line.event_id,
            "occurred_at": line.occurred_at,
            "vendor": line.vendor,
            "purpose": line.purpose,
            "purpose_zh": line.purpose_zh,
            "state": line.state,
            "channel": line.channel,
            "notice_version": line.notice_version,
            "recorded_at": line.recorded_at,
            "recorded_by": line.recorded_by,
            "evidence_note": line.evidence_note,
            "evidence_file": line.evidence_file,
            "evidence_sha256": sha.get(("consent_event", line.event_id), ""),
            "optout_request_id": line.optout_request_id,
        }
        for line in reversed(client_history(reading.session, reading.client.id))
    ]


def _optout_rows(reading: Reading) -> list:
    def read() -> list:
        session = reading.session
        context = optout_context(session)
        statement = register_statement().where(OptOutRequest.client_id == reading.client.id)
        found = session.execute(statement).all()
        rows = rows_of(session, context, context.today(reading.now), found)
        return sorted(rows, key=lambda row: (row.received_at, row.id))

    return reading.once("optouts", read)


def optout_requests_section(reading: Reading) -> list[Row]:
    return [
        {
            "request_id": row.id,
            "received_at": row.received_at,
            "channel": row.channel,
            "scope": row.scope,
            "scope_vendors": row.scope_vendors,
            "status": row.status,
            "due_on": row.due_on,
            "acknowledged_by": row.acknowledged_by,
            "acknowledged_at": row.acknowledged_at,
            "completed_at": row.completed_at,
            "note": row.note,
            "form_reference": row.form_reference,
            "evidence_file": row.evidence_file,
        }
        for row in _optout_rows(reading)
    ]


def rights_requests_section(reading: Reading) -> list[Row]:
    """The client's requests other than opt-outs, each as its steps recorded it."""
    found = reading.session.execute(
        select(RightsRequest)
        .where(RightsRequest.client_id == reading.client.id)
        .order_by(RightsRequest.received_at, RightsRequest.id)
    ).scalars()
    return [
        {
            "request_id": request.id,
            "kind": request.kind,
            "received_at": request.received_at,
            "channel": request.channel,
            "topic": request.topic,
            "status": request_status(
                identity_checked_at=request.identity_checked_at,
                acknowledged_at=request.acknowledged_at,
                extended_until=request.extended_until,
                completed_at=request.completed_at,
            ).value,
            "due_on": current_due(request.due_on, request.extended_until),
            "extended_until": request.extended_until,
            "extension_reason": request.extension_reason,
            "identity_checked_at": request.identity_checked_at,
            "acknowledged_at": request.acknowledged_at,
            "outcome": request.outcome,
            "outcome_reason": request.outcome_reason,
            "response": request.response,
            "completed_at": request.completed_at,
            "note": request.note,
            "evidence_file": request.evidence_file,
        }
        for request in found
    ]


def vendors_told_section(reading: Reading) -> list[Row]:
    """Which vendor each request was passed to: a notification covering other clients too
    shows only its dates here (its confirmation note is about all of them)."""
    return [
        {
            "request_id": row.id,
            "vendor": vendor.vendor,
            "due_on": vendor.due_on,
            "sent_at": vendor.sent_at,
            "sent_method": vendor.sent_method,
            "confirmed_at": vendor.confirmed_at,
        }
        for row in _optout_rows(reading)
        for vendor in row.vendors
    ]


def objections_section(reading: Reading) -> list[Row]:
    return [
        {
            "objection_id": objection.id,
            "request_id": objection.request_id,
            "vendor": objection.vendor,
            "purpose": objection.purpose,
            "purpose_zh": objection.purpose_zh,
            "due_on": objection.due_on,
            "decision": objection.decision,
            "reason": objection.reason,
            "decided_at": objection.decided_at,
        }
        for row in _optout_rows(reading)
        for objection in row.objections
    ]


def _kind_label(kind: str) -> str:
    if kind == ACCESS_PACKAGE:
        return N_("Copy of your data (this kind of package)")
    try:
        return document_kinds.kind_named(kind).label
    except ValueError:
        return kind


def documents_section(reading: Reading) -> list[Row]:
    found = reading.session.scalars(
        select(GeneratedDocument)
        .where(GeneratedDocument.client_id == reading.client.id)
        .order_by(GeneratedDocument.created_at, GeneratedDocument.id)
    )
    return [
        {
            "document_id": document.id,
            "created_at": document.created_at,
            "kind": document.kind,
            "document": _kind_label(document.kind),
            "pages": document.pages,
            "file_name": document.file_name,
            "sha256": document.sha256,
        }
        for document in found
    ]


def notices_given_section(reading: Reading) -> list[Row]:
    found = reading.session.execute(
        select(NoticeDelivery, NoticeVersion.number)
        .join(NoticeVersion, NoticeVersion.id == NoticeDelivery.notice_version_id)
        .where(NoticeDelivery.client_id == reading.client.id)
        .order_by(NoticeDelivery.delivered_on, NoticeDelivery.id)
    )
    return [
        {
            "notice_version": number,
            "delivered_on": delivery.delivered_on,
            "method": delivery.method,
            "acknowledged_on": delivery.acknowledged_on,
        }
        for delivery, number in found
    ]


def incidents_section(reading: Reading) -> list[Row]:
    """Incidents that reached the client's data: what and when, never the practice's texts
    about them (they may name other people)."""
    found = reading.session.execute(
        select(Incident, Vendor.name)
        .join(IncidentClient, IncidentClient.incident_id == Incident.id)
        .outerjoin(Vendor, Vendor.id == Incident.vendor_id)
        .where(IncidentClient.client_id == reading.client.id)
        .order_by(Incident.aware_at, Incident.id)
    )
    return [
        {
            "incident_id": incident.id,
            "kind": incident.kind,
            "vendor": vendor or "",
            "categories": tuple(c for c in incident.categories.split(",") if c),
            "aware_at": incident.aware_at,
            "clients_told_at": incident.clients_notified_at,
        }
        for incident, vendor in found
    ]


def record_changes_section(reading: Reading) -> list[Row]:
    """Who changed the client's record and when; the audit log names fields, never values."""
    found = reading.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "client", AuditEntry.entity_id == reading.client.id)
        .order_by(AuditEntry.id)
    )
    return [
        {
            "at": entry.at,
            "by": entry.actor,
            "action": entry.action,
            "fields": tuple(f for f in entry.fields.split(",") if f),
        }
        for entry in found
    ]


def _evidence_hashes(reading: Reading) -> dict[tuple[str, int], str]:
    session, client_id = reading.session, reading.client.id
    hashes = {
        ("consent_event", event_id): sha
        for event_id, sha in session.execute(
            select(ConsentEvent.id, ConsentEvent.evidence_sha256).where(
                ConsentEvent.client_id == client_id, ConsentEvent.evidence_file != ""
            )
        )
    }
    hashes.update(
        {
            ("optout_request", request_id): sha
            for request_id, sha in session.execute(
                select(OptOutRequest.id, OptOutRequest.evidence_sha256).where(
                    OptOutRequest.client_id == client_id, OptOutRequest.evidence_file != ""
                )
            )
        }
    )
    hashes.update(
        {
            ("rights_request", request_id): sha
            for request_id, sha in session.execute(
                select(RightsRequest.id, RightsRequest.evidence_sha256).where(
                    RightsRequest.client_id == client_id, RightsRequest.evidence_file != ""
                )
            )
        }
    )
    return hashes


def evidence_section(reading: Reading) -> list[Row]:
    """Each scan or kept email of the client's records, checked against its recorded hash:
    only a file that still matches goes into the package."""
    session, client_id = reading.session, reading.client.id
    kept = (
        [
            ("consent_event", event_id, name, sha)
            for event_id, name, sha in session.execute(
                select(ConsentEvent.id, ConsentEvent.evidence_file, ConsentEvent.evidence_sha256)
                .where(ConsentEvent.client_id == client_id, ConsentEvent.evidence_file != "")
                .order_by(ConsentEvent.id)
            )
        ]
        + [
            ("optout_request", request_id, name, sha)
            for request_id, name, sha in session.execute(
                select(OptOutRequest.id, OptOutRequest.evidence_file, OptOutRequest.evidence_sha256)
                .where(OptOutRequest.client_id == client_id, OptOutRequest.evidence_file != "")
                .order_by(OptOutRequest.id)
            )
        ]
        + [
            ("rights_request", request_id, name, sha)
            for request_id, name, sha in session.execute(
                select(RightsRequest.id, RightsRequest.evidence_file, RightsRequest.evidence_sha256)
                .where(RightsRequest.client_id == client_id, RightsRequest.evidence_file != "")
                .order_by(RightsRequest.id)
            )
        ]
    )
    rows = []
    for record, record_id, name, sha in kept:
        status = _verified(reading, name, sha)
        rows.append(
            {
                "record": record,
                "record_id": record_id,
                "file": name,
                "sha256": sha,
                "status": status,
                "path": f"evidence/{name}" if status == "verified" else "",
            }
        )
    return rows


def _verified(reading: Reading, name: str, sha: str) -> str:
    if name in reading.files:
        return "verified"
    # A stored name is a bare file name; anything else is not looked for outside the folder.
    path = reading.evidence_folder / Path(name).name
    try:
        content = path.read_bytes()
    except OSError:
        return "missing"
    if hashlib.sha256(content).hexdigest() != sha:
        return "altered"
    reading.files[name] = content
    return "verified"


def retention_section(reading: Reading) -> list[Row]:
    """How long each category the client's data is shared in is kept (the notice's words)."""
    keys = sorted({key for row in sharings_section(reading) for key in row["categories"] or ()})
    labels = _category_labels(reading.session)
    return [
        {
            "category": key,
            "category_label": labels[key][0],
            "category_label_zh": labels[key][1],
            "kept": RETENTION.get(key, RETENTION_OTHER),
        }
        for key in keys
    ] + [
        {
            "category": "consent_records",
            "category_label": N_("Your consent choices and opt-out requests"),
            "category_label_zh": "",
            "kept": N_("at least 24 months after they end, so that we can show we respected them."),
        }
    ]
