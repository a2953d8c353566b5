"""Frozen read models the services hand out: never table objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from app.domain.enums import ConsentState


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
    promise_vendor_days: int
    promise_request_days: int
    pipl_request_days: int


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
class CheckReport:
    ok: bool
    problems: tuple[str, ...]
