"""Privacy notice versions: the draft from live records, publishing, deliveries, who needs what.

A version's snapshot is a JSON document of everything the notice says (practice, vendors,
sharings, categories and purposes in both languages), frozen with its SHA-256 when published.
The draft is always computed from the live records the same way, so "has the notice changed"
is a comparison of two hashes, and "what changed" a comparison of two snapshots.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlmodel import Session

from app.domain.consent import sends_abroad
from app.domain.enums import ClientStatus, DeliveryMethod, VendorStatus
from app.domain.errors import N_, ValidationError
from app.domain.refcodes import format_reference
from app.i18n import translator
from app.persistence.database import unit_of_work
from app.persistence.ledgers import append_audit
from app.persistence.models import (
    Client,
    ConsentEvent,
    DataCategory,
    NoticeDelivery,
    NoticeVersion,
    Purpose,
    Vendor,
)
from app.persistence.store import Store
from app.services.clients import client_row
from app.services.errors import Conflict, InvalidInput, NotFound
from app.services.lookup import client_by_ref
from app.services.practice import load_practice
from app.services.rows import (
    ClientRow,
    ConsentNeedRow,
    NoticeDeliveryRow,
    NoticeDraft,
    NoticeVersionRow,
)
from app.services.vendors import sharing_rows

# 2: the Chinese texts of vendors and sharings, the vendors' privacy contacts, the practice's
# subdivision (a German Land names its authority) and the catalogue position of categories.
SNAPSHOT_FORMAT = 2
MAX_SUMMARY = 1000
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


# -- snapshots -------------------------------------------------------------------------------------


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


# -- what changed ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeChange:
    """One difference between two snapshots; `added`/`removed` hold keys or country codes."""

    kind: str
    vendor: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def diff_snapshots(previous: dict[str, Any] | None, current: dict[str, Any]) -> list[NoticeChange]:
    """What a reader would notice: vendors added or removed, and per vendor the data
    categories, countries, purposes and consent requirements that changed."""
    if previous is None:
        return [NoticeChange("first")]
    before = {v["name"]: v for v in previous["vendors"]}
    after = {v["name"]: v for v in current["vendors"]}
    changes = [NoticeChange("vendor_added", name) for name in after if name not in before]
    changes += [NoticeChange("vendor_removed", name) for name in before if name not in after]
    for name in (name for name in after if name in before):
        old, new = before[name], after[name]
        for kind, field in (
            ("categories", _categories),
            ("countries", _countries),
            ("purposes", _purposes),
        ):
            added, removed = _difference(field(old), field(new))
            if added or removed:
                changes.append(NoticeChange(kind, name, added, removed))
        newly_required = _required(new) - _required(old)
        if newly_required:
            changes.append(NoticeChange("consent_required", name, tuple(sorted(newly_required))))
    if previous["practice"] != current["practice"]:
        changes.append(NoticeChange("practice"))
    if not changes and snapshot_sha256(previous) != snapshot_sha256(current):
        changes.append(NoticeChange("wording"))
    return changes


def _categories(vendor: dict) -> set[str]:
    return {key for s in vendor["sharings"] for key in s["categories"]}


def _countries(vendor: dict) -> set[str]:
    return set(vendor["countries"])


def _purposes(vendor: dict) -> set[str]:
    return {s["purpose"] for s in vendor["sharings"]}


def _required(vendor: dict) -> set[str]:
    return {s["purpose"] for s in vendor["sharings"] if s["consent_required"]}


def _difference(old: set[str], new: set[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(sorted(new - old)), tuple(sorted(old - new))


def describe_change(change: NoticeChange, lang: str, snapshots: tuple[dict | None, dict]) -> str:
    """One change in a sentence, in English or Chinese, with labels from the snapshots."""
    _ = translator(lang)
    labels = _labels(snapshots, lang)
    names = lambda keys: _(", ").join(labels.get(key, key) for key in keys)  # noqa: E731
    vendor = change.vendor
    if change.kind == "first":
        return _("First published version.")
    if change.kind == "vendor_added":
        return _("New service provider: {vendor}.").format(vendor=vendor)
    if change.kind == "vendor_removed":
        return _("We no longer use {vendor}.").format(vendor=vendor)
    if change.kind == "practice":
        return _("Our contact details changed.")
    if change.kind == "wording":
        return _("Details and wording updated.")
    if change.kind == "consent_required":
        return _("{vendor} now needs your consent for: {items}.").format(
            vendor=vendor, items=names(change.added)
        )
    sentences = {
        "categories": (
            _("{vendor} now also receives: {items}."),
            _("{vendor} no longer receives: {items}."),
        ),
        "countries": (
            _("{vendor} now also keeps data in: {items}."),
            _("{vendor} no longer keeps data in: {items}."),
        ),
        "purposes": (
            _("{vendor} is now also used for: {items}."),
            _("{vendor} is no longer used for: {items}."),
        ),
    }
    more, less = sentences[change.kind]
    parts = []
    if change.added:
        parts.append(more.format(vendor=vendor, items=names(change.added)))
    if change.removed:
        parts.append(less.format(vendor=vendor, items=names(change.removed)))
    return " ".join(parts)


def _labels(snapshots: tuple[dict | None, dict], lang: str) -> dict[str, str]:
    """Labels of category and purpose keys and names of countries, in the language."""
    labels: dict[str, str] = {}
    suffix = "zh" if lang == "zh" else "en"
    for snapshot in snapshots:
        if snapshot is None:
            continue
        for key, category in snapshot["categories"].items():
            labels[key] = category[f"label_{suffix}"] or category["label_en"]
        for purpose in snapshot["purposes"]:
            labels[purpose["key"]] = purpose[f"label_{suffix}"] or purpose["label_en"]
        for vendor in snapshot["vendors"]:
            for country in vendor["countries"]:
                labels[country] = country_name(country, lang)
    return labels


def country_name(code: str, lang: str) -> str:
    from babel import Locale

    locale = Locale.parse("zh_Hans_CN" if lang == "zh" else "en")
    return locale.territories.get(code, code)


def change_lines(previous: dict | None, current: dict, lang: str) -> tuple[str, ...]:
    return tuple(
        describe_change(change, lang, (previous, current))
        for change in diff_snapshots(previous, current)
    )


# -- versions --------------------------------------------------------------------------------------


def version_row(version: NoticeVersion) -> NoticeVersionRow:
    assert version.id is not None
    return NoticeVersionRow(
        id=version.id,
        number=version.number,
        published_at=version.published_at,
        effective_on=version.effective_on,
        change_summary=version.change_summary,
        snapshot_sha256=version.snapshot_sha256,
    )


def current_version(session: Session) -> NoticeVersion | None:
    """The latest published version (the highest number)."""
    return session.execute(
        select(NoticeVersion).order_by(NoticeVersion.number.desc()).limit(1)
    ).scalar_one_or_none()


def previous_version(session: Session, number: int) -> NoticeVersion | None:
    return session.execute(
        select(NoticeVersion)
        .where(NoticeVersion.number < number)
        .order_by(NoticeVersion.number.desc())
        .limit(1)
    ).scalar_one_or_none()


def user_summary(version: NoticeVersion) -> str:
    """What the practice wrote when publishing: the first line of the stored summary."""
    return version.change_summary.split("\n", 1)[0]


def get_current_version(store: Store) -> NoticeVersionRow | None:
    with unit_of_work(store.engine) as session:
        version = current_version(session)
        return version_row(version) if version else None


def list_notice_versions(store: Store) -> list[NoticeVersionRow]:
    with unit_of_work(store.engine) as session:
        versions = session.execute(select(NoticeVersion).order_by(NoticeVersion.number.desc()))
        return [version_row(version) for version in versions.scalars()]


def draft_changes(store: Store, *, today: date | None = None, lang: str = "en") -> NoticeDraft:
    """What publishing now would change compared with the current version, in `lang`."""
    today = today or date.today()
    with unit_of_work(store.engine) as session:
        draft = build_snapshot(session, today)
        version = current_version(session)
        digest = snapshot_sha256(draft)
        if version is not None and version.snapshot_sha256 == digest:
            return NoticeDraft(version_row(version), False, (), digest)
        previous = json.loads(version.snapshot_json) if version is not None else None
        return NoticeDraft(
            current=version_row(version) if version is not None else None,
            changed=True,
            changes=change_lines(previous, draft, lang),
            snapshot_sha256=digest,
        )


def _summary(text: str) -> str:
    summary = " ".join(text.split())
    if not summary:
        raise ValidationError("summary", N_("Say in a sentence what changed in the notice."))
    if len(summary) > MAX_SUMMARY:
        raise ValidationError(
            "summary",
            N_("Keep the summary under {limit} characters."),
            limit=f"{MAX_SUMMARY:,}",
        )
    return summary


def publish_notice(
    store: Store,
    summary: str,
    *,
    effective: date | None = None,
    actor: str,
    now: datetime | None = None,
) -> NoticeVersionRow:
    """Freeze the draft as the next version, with the practice's summary and the changes.

    Refuses when nothing changed since the current version, and an effective date before
    the current version's.
    """
    now = now or datetime.now(UTC)
    text = _summary(summary)
    effective = effective or now.date()
    with unit_of_work(store.engine) as session:
        draft = build_snapshot(session, effective if effective > now.date() else now.date())
        digest = snapshot_sha256(draft)
        current = current_version(session)
        if current is not None:
            if current.snapshot_sha256 == digest:
                raise Conflict(
                    N_(
                        "The notice has not changed since version {number}; "
                        "there is nothing to publish."
                    ),
                    number=current.number,
                )
            if effective < current.effective_on:
                raise ValidationError(
                    "effective",
                    N_(
                        "Version {number} takes effect on {date}; "
                        "a new version cannot take effect before it."
                    ),
                    number=current.number,
                    date=current.effective_on.isoformat(),
                )
        previous = json.loads(current.snapshot_json) if current is not None else None
        computed = change_lines(previous, draft, "en")
        version = NoticeVersion(
            number=(current.number if current else 0) + 1,
            published_at=now,
            effective_on=effective,
            change_summary="\n".join((text, *computed))[:4000],
            snapshot_json=snapshot_json(draft),
            snapshot_sha256=digest,
        )
        session.add(version)
        session.flush()
        append_audit(
            session,
            at=now,
            actor=actor,
            action="publish",
            entity="notice_version",
            entity_id=version.id,
        )
        return version_row(version)


# -- deliveries ------------------------------------------------------------------------------------


def _delivery_row(delivery: NoticeDelivery, ref: str, number: int) -> NoticeDeliveryRow:
    assert delivery.id is not None
    return NoticeDeliveryRow(
        id=delivery.id,
        client_ref=format_reference(ref),
        notice_version=number,
        delivered_on=delivery.delivered_on,
        method=delivery.method,
        acknowledged_on=delivery.acknowledged_on,
    )


def record_delivery(
    store: Store,
    client_ref: str,
    *,
    delivered_on: date,
    method: DeliveryMethod | str,
    version_number: int | None = None,
    acknowledged_on: date | None = None,
    actor: str,
    now: datetime | None = None,
) -> NoticeDeliveryRow:
    """A notice version was handed over, posted or emailed to a client (default: current)."""
    now = now or datetime.now(UTC)
    problems = []
    try:
        method = DeliveryMethod(method).value
    except ValueError:
        choices = ", ".join(m.value for m in DeliveryMethod)
        problems.append(
            ValidationError("method", N_("Delivery is one of {choices}."), choices=choices)
        )
    if delivered_on > now.date():
        problems.append(ValidationError("delivered_on", N_("A delivery cannot be in the future.")))
    if acknowledged_on is not None and acknowledged_on < delivered_on:
        problems.append(
            ValidationError("acknowledged_on", N_("An acknowledgement comes after the delivery."))
        )
    if problems:
        raise InvalidInput(problems)
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref)
        version = _version_by_number(session, version_number)
        delivery = NoticeDelivery(
            client_id=client.id,
            notice_version_id=version.id,
            delivered_on=delivered_on,
            method=method,
            acknowledged_on=acknowledged_on,
        )
        session.add(delivery)
        session.flush()
        append_audit(
            session,
            at=now,
            actor=actor,
            action="deliver_notice",
            entity="client",
            entity_id=client.id,
            fields=["notice_delivery"],
        )
        return _delivery_row(delivery, client.ref, version.number)


def record_acknowledgement(
    store: Store,
    delivery_id: int,
    *,
    acknowledged_on: date,
    actor: str,
    now: datetime | None = None,
) -> NoticeDeliveryRow:
    """The client returned the acknowledgement of a delivered notice."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        delivery = session.get(NoticeDelivery, delivery_id)
        if delivery is None:
            raise NotFound(N_("That notice delivery is not on record."))
        if acknowledged_on < delivery.delivered_on or acknowledged_on > now.date():
            raise ValidationError(
                "acknowledged_on",
                N_("The acknowledgement date lies between the delivery and today."),
            )
        delivery.acknowledged_on = acknowledged_on
        session.add(delivery)
        client = session.get(Client, delivery.client_id)
        version = session.get(NoticeVersion, delivery.notice_version_id)
        append_audit(
            session,
            at=now,
            actor=actor,
            action="update",
            entity="notice_delivery",
            entity_id=delivery.id,
            fields=["acknowledged_on"],
        )
        return _delivery_row(delivery, client.ref, version.number)


def client_deliveries(store: Store, client_ref: str) -> list[NoticeDeliveryRow]:
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref)
        rows = session.execute(
            select(NoticeDelivery, NoticeVersion.number)
            .join(NoticeVersion, NoticeVersion.id == NoticeDelivery.notice_version_id)
            .where(NoticeDelivery.client_id == client.id)
            .order_by(NoticeDelivery.delivered_on.desc(), NoticeDelivery.id.desc())
        )
        return [_delivery_row(delivery, client.ref, number) for delivery, number in rows]


def _version_by_number(session: Session, number: int | None) -> NoticeVersion:
    if number is None:
        version = current_version(session)
        if version is None:
            raise NotFound(N_("No privacy notice has been published yet."))
        return version
    version = session.execute(
        select(NoticeVersion).where(NoticeVersion.number == number)
    ).scalar_one_or_none()
    if version is None:
        raise NotFound(N_("There is no notice version {number}."), number=number)
    return version


# -- who needs what (the Today page) ---------------------------------------------------------------


_CLIENT_COLUMNS = (
    Client.id,
    Client.ref,
    Client.given_name,
    Client.family_name,
    Client.email,
    Client.phone_entered,
    Client.status,
    Client.country_code,
    Client.language,
    Client.sort_key,
)


def clients_without_current_version(store: Store, *, limit: int | None = None) -> list[ClientRow]:
    """Active clients to whom the current notice version was never delivered (name order).

    Empty while no version is published.
    """
    with unit_of_work(store.engine) as session:
        version = current_version(session)
        if version is None:
            return []
        delivered = exists().where(
            and_(
                NoticeDelivery.client_id == Client.id,
                NoticeDelivery.notice_version_id == version.id,
            )
        )
        statement = (
            select(*_CLIENT_COLUMNS)
            .where(Client.status == ClientStatus.ACTIVE.value, ~delivered)
            .order_by(Client.sort_key, Client.id)
            .limit(limit)
        )
        return [client_row(row) for row in session.execute(statement)]


def clients_needing_new_consent(
    store: Store, *, today: date | None = None, limit: int | None = None
) -> list[ConsentNeedRow]:
    """Active clients who never answered a current sharing that needs consent.

    A client who refused or withdrew has answered and is not asked again; their data
    simply does not go to that vendor. Name order.
    """
    today = today or date.today()
    with unit_of_work(store.engine) as session:
        required = [s for s in sharing_rows(session, active_on=today) if s.consent_required]
        clients: dict[int, Any] = {}
        waiting: dict[int, list[int]] = {}
        for sharing in required:
            answered = exists().where(
                and_(ConsentEvent.client_id == Client.id, ConsentEvent.sharing_id == sharing.id)
            )
            statement = select(*_CLIENT_COLUMNS).where(
                Client.status == ClientStatus.ACTIVE.value, ~answered
            )
            for row in session.execute(statement):
                clients[row.id] = row
                waiting.setdefault(row.id, []).append(sharing.id)
    vendor_of = {s.id: s.vendor for s in required}
    ordered = sorted(clients.values(), key=lambda row: (row.sort_key, row.id))
    return [
        ConsentNeedRow(
            client=client_row(row),
            sharing_ids=tuple(sorted(waiting[row.id])),
            vendors=tuple(sorted({vendor_of[i] for i in waiting[row.id]})),
        )
        for row in ordered[:limit]
    ]


def count_clients_without_current_version(store: Store) -> int:
    with unit_of_work(store.engine) as session:
        version = current_version(session)
        if version is None:
            return 0
        delivered = exists().where(
            and_(
                NoticeDelivery.client_id == Client.id,
                NoticeDelivery.notice_version_id == version.id,
            )
        )
        return session.execute(
            select(func.count())
            .select_from(Client)
            .where(Client.status == ClientStatus.ACTIVE.value, ~delivered)
        ).scalar_one()
