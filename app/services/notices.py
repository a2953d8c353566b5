"""Privacy notice versions: the draft from live records, publishing, deliveries, who needs what.

A version freezes a snapshot (notice_snapshots) with its SHA-256 when published; the draft is
always computed from the live records the same way, so "has the notice changed" is a
comparison of two hashes, and "what changed" a comparison of two snapshots (notice_changes).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, exists, func, select
from sqlmodel import Session

from app.domain.date_bounds import check_effective_on
from app.domain.enums import ClientStatus, DeliveryMethod
from app.domain.errors import N_, ValidationError
from app.domain.refcodes import format_reference
from app.domain.validation import validate_text
from app.persistence.database import unit_of_work
from app.persistence.ledgers import append_audit
from app.persistence.models import (
    Client,
    ConsentEvent,
    NoticeDelivery,
    NoticeVersion,
)
from app.persistence.store import Store
from app.services.clients import client_row
from app.services.errors import Conflict, InvalidInput, NotFound
from app.services.lookup import client_by_ref
from app.services.notice_changes import change_lines
from app.services.notice_changes import country_name as country_name  # the demo names countries
from app.services.notice_snapshots import build_snapshot, snapshot_json, snapshot_sha256
from app.services.practice import practice_day
from app.services.rows import (
    ClientRow,
    ConsentNeedRow,
    NoticeDeliveryRow,
    NoticeDraft,
    NoticeVersionRow,
)
from app.services.vendors import sharing_rows

MAX_SUMMARY = 1000


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
    return validate_text("summary", summary, max_length=MAX_SUMMARY)


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
    with unit_of_work(store.engine) as session:
        today = practice_day(session, now)
        effective = effective or today
        draft = build_snapshot(session, max(effective, today))
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
        check_effective_on("effective", effective, today)
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
    with unit_of_work(store.reader) as session:
        today = practice_day(session, now)
    if delivered_on > today:
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
        if acknowledged_on < delivery.delivered_on or acknowledged_on > practice_day(session, now):
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
