"""The records a rights request is judged on: the request itself and its client, read back
as a frozen row."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from app.domain.names import display_name
from app.domain.pauses import pauses_sharings
from app.domain.requests import current_due, request_status
from app.i18n import N_
from app.persistence.models import (
    Client,
    Correction,
    Purpose,
    RightsRequest,
    Sharing,
    SharingPause,
    Vendor,
)
from app.services.errors import NotFound
from app.services.rows import CorrectionLine, PauseRow, RequestRow


def request_of(session: Session, request_id: int) -> RightsRequest:
    request = session.get(RightsRequest, request_id)
    if request is None:
        raise NotFound(N_("There is no request {request}."), request=request_id)
    return request


def corrections_of(session: Session, request_id: int) -> tuple[CorrectionLine, ...]:
    """The corrections carried out on one request, oldest first (field names, never values)."""
    return tuple(
        CorrectionLine(
            corrected_at=correction.corrected_at,
            corrected_by=correction.corrected_by,
            fields=tuple(name for name in correction.fields.split(",") if name),
        )
        for correction in session.scalars(
            select(Correction)
            .where(Correction.request_id == request_id)
            .order_by(Correction.corrected_at, Correction.id)
        )
    )


def row_of(session: Session, request: RightsRequest) -> RequestRow:
    client = session.get(Client, request.client_id) if request.client_id else None
    assert request.id is not None
    return RequestRow(
        id=request.id,
        kind=request.kind,
        client_id=request.client_id,
        client_ref=client.ref if client else "",
        client_name=display_name(client.given_name, client.family_name) if client else "",
        caller_details=request.caller_details,
        channel=request.channel,
        received_at=request.received_at,
        note=request.note,
        topic=request.topic,
        evidence_file=request.evidence_file,
        evidence_sha256=request.evidence_sha256,
        recorded_by=request.recorded_by,
        recorded_at=request.recorded_at,
        due_on=request.due_on,
        confirm_due_on=request.confirm_due_on,
        extension_by=request.extension_by,
        extended_due=request.extended_due_on,
        identity_method=request.identity_method,
        identity_checked_at=request.identity_checked_at,
        identity_checked_by=request.identity_checked_by,
        acknowledged_at=request.acknowledged_at,
        extended_until=request.extended_until,
        extension_reason=request.extension_reason,
        extension_told_at=request.extension_told_at,
        outcome=request.outcome,
        outcome_reason=request.outcome_reason,
        response=request.response,
        completed_at=request.completed_at,
        status=request_status(
            identity_checked_at=request.identity_checked_at,
            acknowledged_at=request.acknowledged_at,
            extended_until=request.extended_until,
            completed_at=request.completed_at,
        ).value,
        due=current_due(request.due_on, request.extended_until),
        pauses=tuple(pause_rows(session, request.id)) if pauses_sharings(request.kind) else (),
        corrections=corrections_of(session, request.id),
    )


def pause_rows(session: Session, request_id: int) -> list[PauseRow]:
    """The sharings a restriction or objection paused, in the order paused."""
    statement = (
        select(SharingPause, Vendor.name, Purpose.label_en, Purpose.label_zh)
        .join(Sharing, Sharing.id == SharingPause.sharing_id)
        .join(Vendor, Vendor.id == Sharing.vendor_id)
        .join(Purpose, Purpose.id == Sharing.purpose_id)
        .where(SharingPause.request_id == request_id)
        .order_by(SharingPause.paused_at, SharingPause.id)
    )
    return [
        PauseRow(
            id=pause.id,
            request_id=pause.request_id,
            sharing_id=pause.sharing_id,
            vendor=vendor,
            purpose=purpose,
            purpose_zh=purpose_zh,
            paused_at=pause.paused_at,
            paused_by=pause.paused_by,
            lifted_at=pause.lifted_at,
            lifted_by=pause.lifted_by,
            lift_reason=pause.lift_reason,
        )
        for pause, vendor, purpose, purpose_zh in session.execute(statement)
    ]
