"""The input of the practice's own records (issue 14): the record of processing activities
(GDPR Art. 30(1), PIPL Art. 56) and the incident response plan, from the live register.

Both read what the practice does now (the draft notice's view of the register, never an old
published version), the vendors' compliance flags (services/vendor_compliance), the retention
the notice states (documents/notice_retention) and the clock the ticked rule sets give
(domain/incidents): each fact is asked where it is kept, never restated here. Each carries a
version, a hash of what it says, so two printouts show whether anything changed between them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass

from app.documents.data import (
    CategoryInfo,
    IncidentPlanData,
    NoticeContent,
    PlanAuthority,
    PlanStep,
    PlanVendor,
    RopaActivity,
    RopaData,
    RopaRecipient,
)
from app.documents.notice_retention import RECORDS_RETENTION, retention_of
from app.domain.incidents import STEP_LABELS, DutyTerm, Step, duty_terms
from app.domain.rulesets import processing_record_citations, records_language, rule_sets
from app.i18n import N_, Translate, translator
from app.services.document_context import DocumentContext
from app.services.document_parties import practice_authorities
from app.services.notice_content import NoticeSource, notice_content
from app.services.notice_snapshots import build_snapshot, snapshot_sha256
from app.services.vendor_compliance import vendor_compliance


@dataclass(frozen=True)
class PracticeRecords:
    """What the records of the practice need beyond the database: whether its file is
    encrypted, and where the window keeps its backups (a setting of this installation)."""

    encrypted: bool
    backup_folder: str


BASIS = {
    "consent": N_("Consent"),
    "contract": N_("Performance of a contract"),
    "legal_obligation": N_("Legal obligation"),
    "legitimate_interests": N_("Legitimate interests"),
}
# What each step of domain.incidents.Step means in practice, for the plan.
GUIDANCE = {
    Step.ASSESS: N_(
        "Find out which data and whose, about how many people, and whether it was encrypted; "
        "record the risk and why you judge it so (Incidents, Assess risk)."
    ),
    Step.AUTHORITY: N_(
        "Send the report for the authority (Incidents, Report for the authority) through its "
        "form; where the risk is unlikely, record why it is not told."
    ),
    Step.CLIENTS: N_(
        "Send each affected client their letter (Incidents, Letters to clients), or record "
        "why they are not told."
    ),
    Step.CLOSE: N_(
        "Once the measures are taken and every step is recorded, close the incident: its "
        "record is kept."
    ),
}
PERSONS = N_("Clients of the practice, current and former")
PERSONS_MARKETING = N_("Clients who agreed to receive news and offers")


def record_language(context: DocumentContext) -> str:
    """The forced language, else Chinese for a practice at home under PIPL, else its own."""
    practice = context.practice
    home = records_language(practice.country_code, practice.jurisdictions.split(","))
    return context.language_for(home or practice.default_language)


def _live_content(context: DocumentContext, lang: str) -> NoticeContent:
    snapshot = build_snapshot(context.session, context.today)
    source = NoticeSource(None, None, None, "", snapshot, None, snapshot_sha256(snapshot))
    return notice_content(source, lang)


def _capitalised(name: str) -> str:
    """An authority's name as it starts a line ("the ICO" is written for inside a sentence)."""
    return name[:1].upper() + name[1:]


def _versioned(data):
    """`data` with its version: a hash of everything it says but the day it was made."""
    fields = dataclasses.asdict(dataclasses.replace(data, version="", issued_on=None))
    text = json.dumps(fields, sort_keys=True, default=str, ensure_ascii=False)
    return dataclasses.replace(data, version=hashlib.sha256(text.encode()).hexdigest()[:12])


def _label(category: CategoryInfo, _: Translate) -> str:
    return category.label + (_(" (sensitive)") if category.sensitive else "")


def ropa_input(context: DocumentContext, subject: PracticeRecords) -> RopaData:
    lang = record_language(context)
    _ = translator(lang)
    content = _live_content(context, lang)
    practice = context.practice
    country, ticked = practice.country_code, practice.jurisdictions.split(",")
    found = vendor_compliance(context.session, context.today).values()
    compliance = {entry.vendor: entry for entry in found}
    flags = {name: entry.words(lang, country) for name, entry in compliance.items()}

    def named(vendor: str) -> str:
        if not flags.get(vendor):
            return vendor
        return _("{vendor} ({flags})").format(vendor=vendor, flags="; ".join(flags[vendor]))

    vendors = {vendor.name: vendor for vendor in content.vendors}
    activities = []
    for purpose in content.purposes:
        transfers = []
        for name in purpose.vendors:
            vendor = vendors[name]
            if vendor.transfer_countries:
                transfers.append(
                    _("{vendor}: {countries} ({safeguard})").format(
                        vendor=name,
                        countries=", ".join(vendor.transfer_countries),
                        safeguard=vendor.transfer_safeguard or _("no safeguard on record"),
                    )
                )
        activities.append(
            RopaActivity(
                purpose=purpose.label,
                explanation=purpose.explanation,
                legal_basis=_(BASIS.get(purpose.legal_basis, purpose.legal_basis)),
                persons=_(PERSONS_MARKETING if purpose.is_marketing else PERSONS),
                categories=purpose.categories,
                recipients=tuple(named(name) for name in purpose.vendors),
                transfers=tuple(transfers),
                erasure=tuple(
                    (_label(category, _), _(retention_of(category.key)))
                    for category in purpose.categories
                ),
            )
        )
    recipients = tuple(
        RopaRecipient(
            name=vendor.name,
            legal_name=vendor.legal_name,
            role=vendor.description,
            purposes=tuple(dict.fromkeys(sharing.purpose for sharing in vendor.sharings)),
            countries=vendor.countries,
            transfer_countries=vendor.transfer_countries,
            safeguard=vendor.transfer_safeguard,
            security_measures=vendor.security_measures,
            review_due_on=compliance[vendor.name].review_due_on,
            flags=flags.get(vendor.name, ()),
        )
        for vendor in content.vendors
        if vendor.name in compliance
    )
    return _versioned(
        RopaData(
            lang=lang,
            practice=content.practice,
            issued_on=context.today,
            version="",
            citations=tuple(
                f"{_(law)} {article}"
                for law, article in processing_record_citations(ticked, country)
            ),
            authorities=tuple(_capitalised(authority.name) for authority in content.authorities),
            activities=tuple(activities),
            recipients=recipients,
            security=_security(subject, _),
            records_erasure=_(RECORDS_RETENTION),
        )
    )


def _security(subject: PracticeRecords, _: Translate) -> tuple[str, ...]:
    stored = (
        _(
            "The records are kept in an encrypted database (SQLCipher 4, AES-256) on the "
            "practice's own computer; its key is held in the system's keychain and, sealed by "
            "a recovery passphrase, beside the database. Backups are encrypted with the same key."
        )
        if subject.encrypted
        else _(
            "The records are kept in a database on the practice's own computer that is not "
            "encrypted yet: encrypting it (Settings, Security) is the first measure to take."
        )
    )
    return (
        stored,
        _(
            "Consent records and the audit log are append-only and hash-chained: the "
            "integrity check names the first entry that was changed or removed."
        ),
        _("The program's logs never hold a client's name, contact details or notes."),
        _(
            "Each vendor receives only the categories its sharing needs, in the form the "
            "sharing says (with a name, under a client number, or anonymised)."
        ),
        _(
            "Each vendor is reviewed at its interval: encryption at rest and in transit, "
            "access control, audits seen, data location and the contract's clauses."
        ),
    )


# -- the incident response plan -------------------------------------------------------------


def _duty_lines(terms: tuple[DutyTerm, ...], whom: str, _: Translate) -> tuple[str, ...]:
    lines = []
    for term in terms:
        if term.hours is None:
            when = _("without undue delay")
        elif term.hours == 0:
            when = _("immediately")
        else:
            when = _("within {hours} hours of becoming aware").format(hours=term.hours)
        line = _("{law} {article}: tell {whom} {when}").format(
            law=_(term.law), article=term.article, whom=whom, when=when
        )
        if term.high_risk_only:
            line += _(", where the risk to them is high")
        lines.append(line)
    return tuple(lines)


def plan_input(context: DocumentContext, subject: PracticeRecords) -> IncidentPlanData:
    """In the practice's default language unless one is forced."""
    # Read here, not at import: document_kinds imports this module to declare the kinds.
    from app.services.document_kinds import document_kinds

    lang = context.language_for(context.practice.default_language)
    _ = translator(lang)
    content = _live_content(context, lang)
    practice = context.practice
    country, ticked = practice.country_code, practice.jurisdictions.split(",")
    authority_terms, person_terms, notes = duty_terms(ticked, country)
    laws = {rule.key: rule.law_name(country) for rule in rule_sets(ticked)}
    authorities = tuple(
        PlanAuthority(_capitalised(authority.name(lang)), _(laws[key]), authority.website)
        for key, authority in practice_authorities(_practice_values(context))
    )
    compliance = vendor_compliance(context.session, context.today)
    vendors = tuple(
        PlanVendor(
            vendor.name,
            tuple(
                line.strip()
                for line in (vendor.privacy_email, *vendor.postal_address.splitlines())
                if line.strip()
            ),
            entry.has_breach_clause,
        )
        for vendor in content.vendors
        for entry in compliance.values()
        if entry.vendor == vendor.name
    )
    clocks = {
        Step.AUTHORITY: _duty_lines(authority_terms, _("the authority"), _),
        Step.CLIENTS: _duty_lines(person_terms, _("the clients affected"), _),
    }
    steps = tuple(
        PlanStep(_(STEP_LABELS[step]), _(GUIDANCE[step]), clocks.get(step, ()))
        for step in Step
        if step is not Step.CLOSED
    )
    return _versioned(
        IncidentPlanData(
            lang=lang,
            practice=content.practice,
            issued_on=context.today,
            version="",
            decider=practice.privacy_contact.strip() or practice.name,
            authorities=authorities,
            vendors=vendors,
            steps=steps,
            notes=tuple(_(note) for note in notes),
            backup_folder=subject.backup_folder,
            encrypted=subject.encrypted,
            templates=tuple(
                _(kind.label) for kind in document_kinds() if kind.about_record == "incident"
            ),
        )
    )


def _practice_values(context: DocumentContext) -> dict:
    """The live practice's fields its authorities depend on."""
    practice = context.practice
    return {
        "country_code": practice.country_code,
        "holiday_subdivision": practice.holiday_subdivision,
        "region": practice.region,
        "postal_code": practice.postal_code,
        "city": practice.city,
        "jurisdictions": practice.jurisdictions,
        "supervisory_authority": practice.supervisory_authority,
    }
