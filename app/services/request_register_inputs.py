"""The printed register of rights requests built from the same rows, with the same filters, as
the Requests page (requests.register.register_rows), in the document's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy import select

from app.dates import DateStyle, format_clock, format_day
from app.documents.request_register_data import RegisterEntry, RegisterStep, RequestRegisterData
from app.domain.deadlines import is_overdue
from app.domain.enums import Channel, ClientStatus, RequestKind
from app.domain.refcodes import format_reference
from app.domain.requests import OUTCOME_LABELS, STATUS_LABELS, Outcome, RequestStatus
from app.i18n import N_, Translate, translator
from app.persistence.models import Client
from app.services.document_context import DocumentContext
from app.services.practice_records import record_language
from app.services.requests.register import register_rows
from app.services.rows import RequestRow

# The register's own words (the documents' catalogue holds them); the status and outcome
# words are domain.requests' labels, translated with the documents too.
KIND_WORDS = {
    RequestKind.ACCESS: N_("Access"),
    RequestKind.PORTABILITY: N_("Portability"),
    RequestKind.CORRECTION: N_("Correction"),
    RequestKind.DELETION: N_("Deletion"),
    RequestKind.RESTRICTION: N_("Restriction"),
    RequestKind.OBJECTION: N_("Objection"),
    RequestKind.COMPLAINT: N_("Complaint"),
}
CHANNEL_WORDS = {
    Channel.PHONE: N_("Phone"),
    Channel.POST: N_("Post"),
    Channel.EMAIL: N_("Email"),
    Channel.VERBAL_IN_PERSON: N_("In person"),
    Channel.ONLINE: N_("Online"),
}
DOCUMENT_STATUS_WORDS = (
    N_("Logged"), N_("Identity checked"), N_("Acknowledged"), N_("Extended"), N_("Completed"),
    N_("Done"), N_("Partly done"), N_("Refused"),
)  # fmt: skip


@dataclass(frozen=True)
class RegisterFilter:
    """What the register shows: the page's "Open requests / Every request" and kind."""

    open_only: bool = False
    kind: str | None = None  # a domain.enums.RequestKind value, None for every kind


def register_input(context: DocumentContext, subject: RegisterFilter) -> RequestRegisterData:
    lang = record_language(context)
    _ = translator(lang)
    rows = register_rows(context.session, open_only=subject.open_only, kind=subject.kind)
    erased = _erased_clients(context, rows)
    entries = tuple(_entry(row, row.client_id in erased, context, lang, _) for row in rows)
    shown = " · ".join(
        (
            _("Open requests") if subject.open_only else _("Every request"),
            _(KIND_WORDS[RequestKind(subject.kind)]) if subject.kind else _("every kind"),
        )
    )
    completed = sum(1 for row in rows if not row.is_open)
    return RequestRegisterData(
        lang=lang,
        practice=context.practice_info(lang),
        issued_on=context.today,
        shown=shown,
        total=len(rows),
        open=len(rows) - completed,
        overdue=sum(1 for entry in entries if entry.overdue),
        completed=completed,
        entries=entries,
    )


def _erased_clients(context: DocumentContext, rows: list[RequestRow]) -> set[int]:
    ids = {row.client_id for row in rows if row.client_id is not None}
    if not ids:
        return set()
    statement = select(Client.id).where(
        Client.id.in_(ids), Client.status == ClientStatus.ERASED.value
    )
    return set(context.session.scalars(statement))


def _local(moment: datetime, zone: tzinfo) -> datetime:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone)


def _who(row: RequestRow, erased: bool) -> str:
    """The code and name; an erased client's code alone; an unmatched caller's details."""
    if row.client_ref:
        code = format_reference(row.client_ref)
        return code if erased or not row.client_name else f"{code} {row.client_name}"
    return row.caller_details


def _entry(
    row: RequestRow, erased: bool, context: DocumentContext, lang: str, _: Translate
) -> RegisterEntry:
    zone, country = context.zone, context.practice.country_code

    def day(moment: datetime):
        return _local(moment, zone).date()

    steps = [RegisterStep(_("Logged"), day(row.recorded_at), row.recorded_by)]
    if row.identity_checked_at:
        steps.append(
            RegisterStep(_("Identity checked"), day(row.identity_checked_at), row.identity_method)
        )
    if row.acknowledged_at:
        steps.append(RegisterStep(_("Acknowledged"), day(row.acknowledged_at)))
    if row.extended_until and row.extension_told_at:
        steps.append(
            RegisterStep(
                _("Extended"),
                day(row.extension_told_at),
                _("until {day}").format(
                    day=format_day(row.extended_until, lang, country, DateStyle.MEDIUM)
                ),
            )
        )
    if row.completed_at:
        outcome = _(OUTCOME_LABELS[Outcome(row.outcome)]) if row.outcome else ""
        steps.append(RegisterStep(_("Completed"), day(row.completed_at), outcome))
    status = _(STATUS_LABELS[RequestStatus(row.status)])
    if row.outcome:
        status = f"{status}: {_(OUTCOME_LABELS[Outcome(row.outcome)])}"
    notes = [
        (label, text)
        for label, text in (
            (_("Topic"), row.topic),
            (_("Note"), row.note),
            (_("Extension reasons"), row.extension_reason),
            (_("Reason sent"), row.outcome_reason),
            (_("Response"), row.response),
        )
        if text
    ]
    try:
        channel = _(CHANNEL_WORDS[Channel(row.channel)])
    except (KeyError, ValueError):
        channel = row.channel
    return RegisterEntry(
        number=row.id,
        kind=_(KIND_WORDS[RequestKind(row.kind)]),
        who=_who(row, erased),
        channel=channel,
        received_on=day(row.received_at),
        received_clock=format_clock(_local(row.received_at, zone), lang, country),
        due_on=row.due,
        extended=row.extended_until is not None,
        status=status,
        overdue=row.is_open and is_overdue(row.due, context.today),
        steps=tuple(steps),
        notes=tuple(notes),
    )
