"""A notice snapshot: everything the notice says (practice, vendors, sharings, categories and
purposes in both languages) as one JSON document, and its canonical text and hash.

The draft is computed from the live records the same way a version was frozen, so "has the
notice changed" is a comparison of two hashes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.domain.consent import sends_abroad
from app.domain.enums import VendorStatus
from app.persistence.models import DataCategory, Purpose, Vendor
from app.services.practice import load_practice
from app.services.vendors import sharing_rows

# 2: the Chinese texts of vendors and sharings, the vendors' privacy contacts, the practice's
# subdivision (a German Land names its authority) and the catalogue position of categories.
SNAPSHOT_FORMAT = 2
# The practice's fields a notice snapshot holds (and forms and letters print).
PRACTICE_FIELDS = (
    "name",
    "street",
    "city",
    "postal_code",
    "region",
    "country_code",
    "email",
    "phone",
    "website",
    "online_optout_url",
    "privacy_contact",
    "supervisory_authority",
    "holiday_subdivision",
)


def build_snapshot(session: Session, today: date) -> dict[str, Any]:
    """Everything the notice says, from the live records: current sharings of vendors that
    have not ended, with the categories and purposes they use."""
    practice = load_practice(session)
    sharings = sharing_rows(session, active_on=today)
    vendor_ids = {s.vendor_id for s in sharings}
    vendors = {
        v.id: v
        for v in session.execute(select(Vendor).where(Vendor.id.in_(vendor_ids))).scalars()
        if v.status != VendorStatus.ENDED.value
    }
    sharings = [s for s in sharings if s.vendor_id in vendors]
    category_keys = {key for s in sharings for key in s.category_keys}
    purpose_ids = {s.purpose_id for s in sharings}
    categories = session.execute(
        select(DataCategory).where(DataCategory.key.in_(category_keys)).order_by(DataCategory.id)
    ).scalars()
    purposes = list(
        session.execute(
            select(Purpose).where(Purpose.id.in_(purpose_ids)).order_by(Purpose.id)
        ).scalars()
    )
    purpose_key = {p.id: p.key for p in purposes}
    home = practice.country_code
    categories = list(categories)
    return {
        "format": SNAPSHOT_FORMAT,
        "practice": {
            **{name: getattr(practice, name) for name in PRACTICE_FIELDS},
            "jurisdictions": [j for j in practice.jurisdictions.split(",") if j],
        },
        "categories": {
            c.key: {
                "label_en": c.label_en,
                "label_zh": c.label_zh,
                "sensitive": c.sensitive,
                "position": position,  # the keys of a JSON object are sorted when stored
            }
            for position, c in enumerate(categories)
        },
        # A list, in the catalogue's order: the notice explains purposes in that order.
        "purposes": [
            {
                "key": p.key,
                "label_en": p.label_en,
                "label_zh": p.label_zh,
                "explanation_en": p.explanation_en,
                "explanation_zh": p.explanation_zh,
                "example_en": p.example_en,
                "example_zh": p.example_zh,
                "legal_basis": p.legal_basis,
                "is_marketing": p.is_marketing,
            }
            for p in purposes
        ],
        "vendors": [
            {
                "name": vendor.name,
                "legal_name": vendor.legal_name,
                "description_en": vendor.service_description,
                "description_zh": vendor.service_description_zh,
                "website": vendor.website,
                "privacy_policy_url": vendor.privacy_policy_url,
                "privacy_email": vendor.privacy_email,
                "postal_address": vendor.postal_address,
                "countries": [c for c in vendor.storage_countries.split(",") if c],
                "transfer_safeguard": vendor.transfer_safeguard,
                "transfer_safeguard_zh": vendor.transfer_safeguard_zh,
                "security_measures": vendor.security_measures,
                "security_measures_zh": vendor.security_measures_zh,
                "review_interval_months": vendor.review_interval_months,
                "sharings": [
                    {
                        "id": s.id,
                        "purpose": purpose_key[s.purpose_id],
                        "categories": list(s.category_keys),
                        "form": s.form,
                        "necessity": s.necessity,
                        "necessity_zh": s.necessity_zh,
                        "consent_required": s.consent_required,
                        "abroad": sends_abroad(vendor.storage_countries.split(","), home),
                    }
                    for s in sharings
                    if s.vendor_id == vendor.id
                ],
            }
            for vendor in sorted(vendors.values(), key=lambda v: (v.name.casefold(), v.id))
        ],
    }


def snapshot_json(snapshot: dict[str, Any]) -> str:
    """The canonical text of a snapshot: the same records always give the same bytes."""
    return json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def snapshot_sha256(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(snapshot_json(snapshot).encode("utf-8")).hexdigest()
