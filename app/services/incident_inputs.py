"""The input of an incident's documents, from the records: the report to the authority and
the letter to each client it affects (issue 14).

The report holds no one's personal data: it counts the clients affected and names the
categories of their data. What the practice typed about the incident (its summary, the
consequences, the measures) could name a client all the same, so every affected client's
name, email, phone and reference code is taken out of those texts before they are printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from app.documents.data import (
    BreachDeadline,
    CategoryInfo,
    IncidentFacts,
    IncidentLetterData,
    IncidentReportData,
    IncidentVendorNoteData,
)
from app.domain.errors import N_, ValidationError
from app.domain.incidents import (
    breach_clock,
    delay_reason_needed,
    protective_steps,
    report_citations,
)
from app.domain.names import display_name
from app.domain.refcodes import format_reference
from app.domain.rulesets import BreachItem
from app.i18n import translator
from app.persistence.models import Client, DataCategory, Vendor
from app.services.document_context import Addressee, DocumentContext
from app.services.incidents.facts import affected_clients, incident_context
from app.services.incidents.register import incident_in
from app.services.rows import IncidentRow

WITHHELD = "[…]"  # where a client's name or reference stood in a text the authority reads


@dataclass(frozen=True)
class IncidentReportSubject:
    """An incident as its report reads it: the row, what would identify the clients it
    affects (to keep it out), and the moment the report is made."""

    row: IncidentRow
    identifiers: tuple[str, ...]
    now: datetime


@dataclass(frozen=True)
class IncidentLetterSubject:
    row: IncidentRow
    client: Client


def identifiers_of(clients: Iterable[Client]) -> tuple[str, ...]:
    """What would name each client in a text: full name both ways round, email, phone, code."""
    found: set[str] = set()
    for client in clients:
        found.update(
            (
                display_name(client.given_name, client.family_name),
                f"{client.given_name} {client.family_name}",
                f"{client.family_name} {client.given_name}",
                f"{client.family_name}{client.given_name}",  # 王伟
                client.email,
                client.phone_entered,
                client.ref,
                format_reference(client.ref),
            )
        )
    # Longest first, so a full name goes before a part of it; too short to mean anyone: kept.
    return tuple(sorted((v.strip() for v in found if len(v.strip()) >= 3), key=len, reverse=True))


def without(text: str, identifiers: Sequence[str]) -> str:
    """`text` with every identifier replaced by WITHHELD, whatever its case."""
    for value in identifiers:
        text = re.sub(re.escape(value), WITHHELD, text, flags=re.IGNORECASE)
    return text


def _categories(session: Session, keys: Sequence[str], lang: str) -> tuple[CategoryInfo, ...]:
    rows = {
        category.key: category
        for category in session.scalars(select(DataCategory).where(DataCategory.key.in_(keys)))
    }
    return tuple(
        CategoryInfo(
            (rows[key].label_zh or rows[key].label_en) if lang == "zh" else rows[key].label_en,
            rows[key].sensitive,
            key,
        )
        for key in keys
        if key in rows
    )


def _facts(
    context: DocumentContext, row: IncidentRow, lang: str, hide: Sequence[str] = ()
) -> IncidentFacts:
    _ = translator(lang)
    return IncidentFacts(
        number=row.id,
        kind=row.kind,
        summary=without(row.summary, hide),
        happened_at=context.local_time(row.happened_at) if row.happened_at else None,
        aware_at=context.local_time(row.aware_at),
        vendor=row.vendor,
        categories=_categories(context.session, row.categories, lang),
        consequences=without(row.consequences, hide),
        measures_taken=without(row.measures_taken, hide),
        measures_proposed=without(row.measures_proposed, hide),
        encrypted=row.encrypted,
        protective_steps=tuple(_(step) for step in protective_steps(row.categories)),
    )


def report_input(context: DocumentContext, subject: IncidentReportSubject) -> IncidentReportData:
    """In the practice's default language (the authority is the practice's own)."""
    row, hide = subject.row, subject.identifiers
    lang = context.language_for(context.practice.default_language)
    _ = translator(lang)
    jurisdictions = incident_context(context.session).jurisdictions
    country = context.practice.country_code
    clock = breach_clock(row.aware_at, jurisdictions)
    notified = row.authority_notified_at
    return IncidentReportData(
        lang=lang,
        practice=context.practice_info(lang),
        issued_on=context.today,
        incident=_facts(context, row, lang, hide),
        affected_count=row.affected,
        people_count=row.people_count,
        records_count=row.records_count,
        risk=row.risk,
        risk_reasons=without(row.risk_reasons, hide),
        deadlines=tuple(
            BreachDeadline(
                _(duty.rule_set.law_name(country)),
                duty.article,
                context.local_time(duty.due_at) if duty.due_at else None,
            )
            for duty in clock.authority
        ),
        authority_due_at=context.local_time(row.authority_due_at) if row.authority_due_at else None,
        notified_at=context.local_time(notified) if notified else None,
        delay_reason=without(row.authority_delay_reason, hide),
        # Not yet told: this report itself goes late once the deadline has passed.
        late=delay_reason_needed(row.authority_due_at, notified or subject.now),
        notes=tuple(_(note) for note in row.notes),
        citations=tuple(
            (item.value, tuple(f"{_(law)} {article}" for law, article in places))
            for item, places in report_citations(jurisdictions, country).items()
        ),
    )


def letter_input(context: DocumentContext, subject: IncidentLetterSubject) -> IncidentLetterData:
    """In the client's language unless the context forces one."""
    client = subject.client
    lang = context.language_for(client.language)
    return IncidentLetterData(
        lang=lang,
        practice=context.practice_info(lang),
        client=context.client_info(client),
        issued_on=context.today,
        incident=_facts(context, subject.row, lang),
    )


def report_subjects(
    session: Session, incident_id: int, now: datetime
) -> list[tuple[IncidentReportSubject, Addressee]]:
    row = incident_in(session, incident_id)
    hide = identifiers_of(affected_clients(session, incident_id))
    return [(IncidentReportSubject(row, hide, now), Addressee(str(incident_id)))]


def letter_subjects(
    session: Session, incident_id: int, _now: datetime
) -> list[tuple[IncidentLetterSubject, Addressee]]:
    """One letter per affected client, in name order."""
    row = incident_in(session, incident_id)
    clients = affected_clients(session, incident_id)
    if not clients:
        raise ValidationError(
            "incident",
            N_("Incident {incident} affects no client on record: there is nobody to write to."),
            incident=incident_id,
        )
    subjects = []
    for client in clients:
        ref = format_reference(client.ref)
        addressee = Addressee(f"{incident_id}-{ref}", client_id=client.id, client_refs=(ref,))
        subjects.append((IncidentLetterSubject(row, client), addressee))
    return subjects


# What the vendor is asked, per item of the authority's form (BreachItem); only the items a
# ticked rule set asks are put, in the order of the form.
VENDOR_QUESTIONS = {
    BreachItem.NATURE: N_(
        "What happened, and its cause: which systems or accounts were reached, and how."
    ),
    BreachItem.TIMES: N_(
        "When it happened, when you discovered it, and whether it is over or still going on."
    ),
    BreachItem.CATEGORIES: N_(
        "Which categories of our data were involved, and whether they were encrypted, with "
        "the key kept out of reach."
    ),
    BreachItem.NUMBERS: N_(
        "Approximately how many of our clients and of their records were concerned; please "
        "list their client numbers or the email addresses we gave you, nothing more."
    ),
    BreachItem.CONSEQUENCES: N_(
        "The likely consequences for the people concerned, as you see them."
    ),
    BreachItem.MEASURES: N_(
        "The measures you have taken or propose, to stop it and to reduce its effects."
    ),
    BreachItem.SELF_HELP: N_("What the people concerned can do themselves to reduce the harm."),
    BreachItem.CONTACT: N_("Whom we and the authority can contact at your company, and how."),
}


@dataclass(frozen=True)
class VendorNoteSubject:
    row: IncidentRow
    vendor: Vendor


def vendor_note_input(
    context: DocumentContext, subject: VendorNoteSubject
) -> IncidentVendorNoteData:
    """In the practice's default language (the vendor is the practice's own)."""
    row, vendor = subject.row, subject.vendor
    lang = context.language_for(context.practice.default_language)
    _ = translator(lang)
    jurisdictions = incident_context(context.session).jurisdictions
    asked = report_citations(jurisdictions, context.practice.country_code)
    return IncidentVendorNoteData(
        lang=lang,
        practice=context.practice_info(lang),
        issued_on=context.today,
        incident_number=row.id,
        aware_at=context.local_time(row.aware_at),
        vendor=vendor.name,
        vendor_legal_name=vendor.legal_name,
        vendor_address_lines=tuple(
            line.strip() for line in vendor.postal_address.splitlines() if line.strip()
        ),
        vendor_email=vendor.privacy_email,
        # No ticked rule set with a breach form (CCPA alone): every question, for the record.
        questions=tuple(
            _(text)
            for item, text in VENDOR_QUESTIONS.items()
            if asked.get(item) or not any(asked.values())
        ),
        reply_by=context.local_time(row.authority_due_at) if row.authority_due_at else None,
    )


def vendor_note_subjects(
    session: Session, incident_id: int, _now: datetime
) -> list[tuple[VendorNoteSubject, Addressee]]:
    row = incident_in(session, incident_id)
    vendor = session.get(Vendor, row.vendor_id) if row.vendor_id is not None else None
    if vendor is None:
        raise ValidationError(
            "incident",
            N_("Incident {incident} names no vendor: there is nobody to ask."),
            incident=incident_id,
        )
    addressee = Addressee(f"{incident_id}-vendor", vendor_id=vendor.id)
    return [(VendorNoteSubject(row, vendor), addressee)]
