"""What the privacy notice says, in one language: from the current published version's
snapshot, or from the draft computed from live records while none is published."""

from __future__ import annotations

import dataclasses
import functools
import json
from datetime import date
from typing import Any

from sqlmodel import Session

from app.documents.data import (
    AuthorityInfo,
    CategoryInfo,
    NoticeContent,
    PurposeInfo,
    SharingInfo,
    VendorInfo,
    VersionInfo,
)
from app.domain.transfers import countries_abroad, legal_area
from app.services.document_parties import practice_authorities, practice_info
from app.services.notice_changes import change_lines, country_name
from app.services.notice_snapshots import build_snapshot, snapshot_sha256
from app.services.notices import current_version, previous_version, user_summary


@dataclasses.dataclass(frozen=True)
class NoticeSource:
    """What notices print now: the current version's snapshot, or the live draft."""

    version_id: int | None
    number: int | None
    effective_on: date | None
    summary: str
    snapshot: dict[str, Any]
    previous: dict[str, Any] | None
    sha256: str


def notice_source(session: Session, today: date) -> NoticeSource:
    version = current_version(session)
    if version is None:
        snapshot = build_snapshot(session, today)
        return NoticeSource(None, None, None, "", snapshot, None, snapshot_sha256(snapshot))
    before = previous_version(session, version.number)
    return NoticeSource(
        version_id=version.id,
        number=version.number,
        effective_on=version.effective_on,
        summary=user_summary(version),
        snapshot=_parsed(version.snapshot_sha256, version.snapshot_json),
        previous=_parsed(before.snapshot_sha256, before.snapshot_json) if before else None,
        sha256=version.snapshot_sha256,
    )


@functools.lru_cache(maxsize=16)
def _parsed(_sha256: str, text: str) -> dict[str, Any]:
    return json.loads(text)


def _localised(values: dict[str, Any], field: str, lang: str) -> str:
    return values.get(f"{field}_{lang}") or values.get(f"{field}_en") or ""


def _written(values: dict[str, Any], field: str, lang: str) -> str:
    """A text the practice wrote (`field`, and `field`_zh in Chinese): the Chinese one in a
    Chinese document where there is one, else the English."""
    if lang == "zh" and values.get(f"{field}_zh"):
        return values[f"{field}_zh"]
    return values.get(field, "")


def notice_content(source: NoticeSource, lang: str) -> NoticeContent:
    """The notice's content in one language. Cached: every client of a batch, and the next
    preview, share one object, so the renderer lays its shared parts out once."""
    key = (source.sha256, source.number, lang)
    content = _CONTENTS.get(key)
    if content is None:
        if len(_CONTENTS) >= 8:
            _CONTENTS.pop(next(iter(_CONTENTS)))
        content = _CONTENTS[key] = _notice_content(source, lang)
    return content


_CONTENTS: dict[tuple[str, int | None, str], NoticeContent] = {}


def _notice_content(source: NoticeSource, lang: str) -> NoticeContent:
    snapshot = source.snapshot
    practice = practice_info(snapshot["practice"], lang)
    home = snapshot["practice"]["country_code"]
    # Format 1 snapshots have no positions: their categories go in key order.
    ordered = sorted(
        snapshot["categories"].items(), key=lambda item: (item[1].get("position", 0), item[0])
    )
    categories = {
        key: CategoryInfo(_localised(value, "label", lang), bool(value["sensitive"]), key)
        for key, value in ordered
    }
    purposes = {purpose["key"]: purpose for purpose in snapshot["purposes"]}
    vendors = []
    per_purpose: dict[str, list[SharingInfo]] = {}
    for vendor in snapshot["vendors"]:
        countries = tuple(country_name(code, lang) for code in vendor["countries"])
        abroad = countries_abroad(vendor["countries"], home)
        sharings = []
        for sharing in vendor["sharings"]:
            purpose = purposes[sharing["purpose"]]
            info = SharingInfo(
                id=sharing["id"],
                vendor=vendor["name"],
                purpose=_localised(purpose, "label", lang),
                explanation=_localised(purpose, "explanation", lang),
                legal_basis=purpose["legal_basis"],
                is_marketing=bool(purpose["is_marketing"]),
                categories=tuple(categories[key] for key in sharing["categories"]),
                form=sharing["form"],
                necessity=_written(sharing, "necessity", lang),
                consent_required=bool(sharing["consent_required"]),
                countries=countries,
                abroad=bool(abroad),
            )
            sharings.append(info)
            per_purpose.setdefault(sharing["purpose"], []).append(info)
        vendors.append(
            VendorInfo(
                name=vendor["name"],
                legal_name=vendor["legal_name"],
                description=_localised(vendor, "description", lang),
                website=vendor["website"],
                privacy_policy_url=vendor["privacy_policy_url"],
                countries=countries,
                abroad=bool(abroad),
                transfer_safeguard=_written(vendor, "transfer_safeguard", lang),
                security_measures=_written(vendor, "security_measures", lang),
                review_interval_months=vendor["review_interval_months"],
                sharings=tuple(sharings),
                privacy_email=vendor.get("privacy_email", ""),
                postal_address=vendor.get("postal_address", ""),
                transfer_countries=tuple(country_name(code, lang) for code in abroad),
            )
        )
    purpose_infos = []
    for key, purpose in purposes.items():
        used = per_purpose.get(key, [])
        seen: dict[str, CategoryInfo] = {}
        for sharing in used:
            for category in sharing.categories:
                seen.setdefault(category.label, category)
        purpose_infos.append(
            PurposeInfo(
                key=key,
                label=_localised(purpose, "label", lang),
                explanation=_localised(purpose, "explanation", lang),
                example=_localised(purpose, "example", lang),
                legal_basis=purpose["legal_basis"],
                is_marketing=bool(purpose["is_marketing"]),
                categories=tuple(seen.values()),
                vendors=tuple(sorted({s.vendor for s in used})),
            )
        )
    jurisdictions = tuple(snapshot["practice"]["jurisdictions"])
    shared = {
        key for vendor in snapshot["vendors"] for s in vendor["sharings"] for key in s["categories"]
    }
    return NoticeContent(
        lang=lang,
        practice=practice,
        purposes=tuple(purpose_infos),
        vendors=tuple(vendors),
        version=version_info(source, lang),
        jurisdictions=jurisdictions,
        categories=tuple(category for key, category in categories.items() if key in shared),
        authorities=tuple(
            AuthorityInfo(rule.value, authority.name(lang))
            for rule, authority in practice_authorities(snapshot["practice"])
        ),
        home_area=legal_area(home),
        home_country_name=country_name(home, lang),
    )


def version_info(source: NoticeSource, lang: str) -> VersionInfo:
    if source.number is None:
        return VersionInfo(number=None)
    return VersionInfo(
        number=source.number,
        effective_on=source.effective_on,
        summary=source.summary,
        changes=change_lines(source.previous, source.snapshot, lang),
    )
