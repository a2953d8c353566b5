"""The records an opt-out is judged on: sharings as the rules see them, chosen scopes, answers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlmodel import Session

from app.domain.consent import ConsentFact, current_consents
from app.domain.enums import ConsentState, LegalBasis, SharingForm, VendorStatus
from app.domain.errors import ValidationError
from app.domain.optout import SharingFacts
from app.i18n import N_
from app.persistence.models import OptOutRequest, Purpose, Sharing, Vendor, VendorNotification
from app.services.errors import InvalidInput, NotFound
from app.services.vendors import sharing_rows


def sharing_facts(session: Session, language: str, *, on: date | None) -> list[SharingFacts]:
    """Every sharing (active on ``on``, when given) with labels in ``language``."""
    purposes = {p.id: p for p in session.execute(select(Purpose)).scalars()}
    facts = []
    for row in sharing_rows(session, active_on=on):
        purpose = purposes[row.purpose_id]
        facts.append(
            SharingFacts(
                sharing_id=row.id,
                vendor_id=row.vendor_id,
                vendor=row.vendor,
                purpose=purpose.label_zh if language == "zh" else purpose.label_en,
                legal_basis=LegalBasis(row.legal_basis),
                is_marketing=purpose.is_marketing,
                consent_required=row.consent_required,
                form=SharingForm(row.form),
                category_keys=row.category_keys,
            )
        )
    return facts


def ids_of(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part)


def chosen_sharings(
    session: Session,
    active: Sequence[SharingFacts],
    vendor_ids: Iterable[int],
    sharing_ids: Iterable[int],
) -> tuple[int, ...]:
    """The sharings a "chosen" scope names, each vendor expanded to what it receives now."""
    problems: list[ValidationError] = []
    chosen: set[int] = set()
    for vendor_id in dict.fromkeys(vendor_ids):
        vendor = session.get(Vendor, vendor_id)
        if vendor is None:
            problems.append(
                ValidationError(
                    "scope", N_("Vendor {vendor} is not on the register."), vendor=vendor_id
                )
            )
        elif vendor.status == VendorStatus.ENDED.value:
            problems.append(
                ValidationError(
                    "scope",
                    N_("{vendor} has ended; it no longer receives client data."),
                    vendor=vendor.name,
                )
            )
        else:
            found = {fact.sharing_id for fact in active if fact.vendor_id == vendor_id}
            if not found:
                problems.append(
                    ValidationError(
                        "scope",
                        N_("{vendor} receives no client data at present."),
                        vendor=vendor.name,
                    )
                )
            chosen |= found
    active_ids = {fact.sharing_id for fact in active}
    for sharing_id in dict.fromkeys(sharing_ids):
        if sharing_id in active_ids:
            chosen.add(sharing_id)
        elif session.get(Sharing, sharing_id) is None:
            problems.append(
                ValidationError(
                    "scope", N_("Sharing {sharing} is not on record."), sharing=sharing_id
                )
            )
        else:
            problems.append(
                ValidationError(
                    "scope",
                    N_("Sharing {sharing} has ended; nothing goes out."),
                    sharing=sharing_id,
                )
            )
    if problems:
        raise InvalidInput(problems)
    return tuple(sorted(chosen))


def said_no_before(events: Sequence[ConsentFact], moment: datetime) -> set[int]:
    """The sharings the person had said no to (refused, withdrawn, objected and upheld) as at
    ``moment``: an opt-out received then finds them stopped already."""
    before = current_consents(event for event in events if event.occurred_at <= moment)
    return {
        sharing_id
        for sharing_id, event in before.items()
        if event.state in (ConsentState.REFUSED, ConsentState.WITHDRAWN)
    }


def request_of(session: Session, request_id: int) -> OptOutRequest:
    request = session.get(OptOutRequest, request_id)
    if request is None:
        raise NotFound(N_("There is no opt-out request {request}."), request=request_id)
    return request


def notification_of(session: Session, notification_id: int) -> tuple[VendorNotification, str]:
    found = session.execute(
        select(VendorNotification, Vendor.name)
        .join(Vendor, Vendor.id == VendorNotification.vendor_id)
        .where(VendorNotification.id == notification_id)
    ).first()
    if found is None:
        raise NotFound(
            N_("There is no vendor notification {notification}."), notification=notification_id
        )
    return found[0], found[1]
