"""Generating documents from the records: notices, consent and opt-out forms, update letters.

Each function reads what the document needs, renders it and records it as a
GeneratedDocument (kind, client, notice version, hash, pages) in one transaction. Batches
read in one transaction, render outside any (a 1,000-notice batch takes seconds, and the
database must stay writable meanwhile: an opt-out may be logged during it), then record
every document in a second one. Documents print the current published notice version, or
the draft computed from live records while none is published.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from app.documents.data import (
    AuthorityInfo,
    CategoryInfo,
    ChoiceInfo,
    ClientInfo,
    ConsentFormData,
    NoticeContent,
    NoticeData,
    OptOutFormData,
    PolicyUpdateLetterData,
    PracticeInfo,
    PurposeInfo,
    SharingInfo,
    VendorInfo,
    VersionInfo,
)
from app.documents.forms import ConsentForm, OptOutForm
from app.documents.layout import Cancelled, PdfDocument, RenderedPdf, render_pdf
from app.documents.letters import PolicyUpdateLetter
from app.documents.notice import PrivacyNotice
from app.domain.consent import ConsentFact, current_consents
from app.domain.enums import ClientStatus, ConsentState, Jurisdiction, Language, PaperSize
from app.domain.errors import N_, DomainError, ValidationError
from app.domain.names import display_name
from app.domain.optout import local_date
from app.domain.refcodes import format_reference
from app.domain.rulesets import Authority, authorities, authority_part, home_rule_set
from app.domain.transfers import countries_abroad, legal_area
from app.domain.validation import PostalAddress, address_lines
from app.persistence.database import unit_of_work
from app.persistence.models import Client, ConsentEvent, GeneratedDocument, Practice
from app.persistence.store import Store
from app.services.lookup import client_by_ref
from app.services.notices import (
    PRACTICE_FIELDS,
    build_snapshot,
    change_lines,
    country_name,
    current_version,
    previous_version,
    snapshot_sha256,
    user_summary,
)
from app.services.practice import load_practice, profile_of, zone_of
from app.services.rows import RenderedDocument

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]
_IN_CHUNK = 500


class DocumentKind(StrEnum):
    NOTICE = "notice"
    CONSENT_FORM = "consent_form"
    OPTOUT_FORM = "optout_form"
    UPDATE_LETTER = "update_letter"


_FILE_STEMS = {
    DocumentKind.NOTICE: "privacy-notice",
    DocumentKind.CONSENT_FORM: "consent-form",
    DocumentKind.OPTOUT_FORM: "opt-out-form",
    DocumentKind.UPDATE_LETTER: "notice-update-letter",
}


class BatchCancelled(DomainError):
    """The person cancelled a batch; nothing was recorded."""


# -- the notice source: published version or draft -------------------------------------------------


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


def practice_authorities(values: dict[str, Any]) -> tuple[tuple[Jurisdiction, Authority], ...]:
    """Where a client complains under each ticked rule set, from the practice's country (and
    German Land) and the name the practice typed for its own authority, if any."""
    jurisdictions = values.get("jurisdictions") or ()
    if isinstance(jurisdictions, str):
        jurisdictions = jurisdictions.split(",")
    part = authority_part(
        values["country_code"],
        values.get("holiday_subdivision", ""),
        region=values.get("region", ""),
        postal_code=values.get("postal_code", ""),
        city=values.get("city", ""),
    )
    return authorities(
        values["country_code"], part, jurisdictions, values.get("supervisory_authority", "")
    )


def _home_authority(values: dict[str, Any], lang: str) -> str:
    """The authority letters name: the home rule set's, else what the practice typed."""
    named = dict(practice_authorities(values))
    jurisdictions = values.get("jurisdictions") or ()
    if isinstance(jurisdictions, str):
        jurisdictions = jurisdictions.split(",")
    home = home_rule_set(values["country_code"], jurisdictions)
    if home is None:
        return values.get("supervisory_authority", "")
    return named[home.jurisdiction].name(lang)


def practice_info(values: dict[str, Any], lang: str, *, sender_country: str = "") -> PracticeInfo:
    """The practice as documents print it; its address in the order of its country, with the
    country line when the post comes from `sender_country` abroad (a returned form)."""
    address = PostalAddress(
        street=values["street"],
        city=values["city"],
        postal_code=values["postal_code"],
        region=values["region"],
        country_code=values["country_code"],
    )
    return PracticeInfo(
        name=values["name"],
        address_lines=tuple(_address_lines(address, sender_country or values["country_code"], "")),
        email=values["email"],
        phone=values["phone"],
        website=values["website"],
        online_optout_url=values["online_optout_url"],
        privacy_contact=values["privacy_contact"],
        supervisory_authority=_home_authority(values, lang),
        country_code=values["country_code"],
    )


def _address_lines(address: PostalAddress, sender_country: str, name: str) -> list[str]:
    try:
        return address_lines(address, sender_country=sender_country, recipient_name=name)
    except ValidationError:  # a country code the address rules do not know: print as entered
        parts = [name, *address.street.splitlines(), address.postal_code, address.city]
        return [part for part in parts if part.strip()]


def _live_practice(practice: Practice) -> dict[str, Any]:
    """The practice fields a snapshot holds, from the live row (for forms and letters)."""
    values = {name: getattr(practice, name) for name in PRACTICE_FIELDS}
    values["jurisdictions"] = [j for j in practice.jurisdictions.split(",") if j]
    return values


def client_info(client: Client, practice_country: str) -> ClientInfo:
    name = display_name(client.given_name, client.family_name)
    address = PostalAddress(
        street=client.street,
        city=client.city,
        postal_code=client.postal_code,
        region=client.region,
        country_code=client.country_code,
    )
    return ClientInfo(
        ref=format_reference(client.ref),
        name=name,
        address_lines=tuple(_address_lines(address, practice_country, name)),
        language=client.language,
    )


# -- reading clients and their choices -------------------------------------------------------------


def _latest_choices(session: Session, client_ids: Sequence[int]) -> dict[int, dict]:
    """The current consent fact per sharing, per client."""
    facts: dict[int, list[ConsentFact]] = {client_id: [] for client_id in client_ids}
    for start in range(0, len(client_ids), _IN_CHUNK):
        chunk = client_ids[start : start + _IN_CHUNK]
        rows = session.execute(
            select(
                ConsentEvent.id,
                ConsentEvent.client_id,
                ConsentEvent.sharing_id,
                ConsentEvent.state,
                ConsentEvent.occurred_at,
            ).where(ConsentEvent.client_id.in_(chunk))
        )
        for event_id, client_id, sharing_id, state, occurred_at in rows:
            facts[client_id].append(
                ConsentFact(sharing_id, ConsentState(state), occurred_at, event_id)
            )
    return {client_id: current_consents(events) for client_id, events in facts.items()}


def _choice_infos(content: NoticeContent, latest: dict) -> tuple[ChoiceInfo, ...]:
    choices = []
    for sharing in content.consent_sharings:
        fact = latest.get(sharing.id)
        choices.append(
            ChoiceInfo(
                sharing_id=sharing.id,
                state=fact.state.value if fact else ConsentState.NONE.value,
                since=fact.occurred_at.date() if fact else None,
            )
        )
    return tuple(choices)


def _undecided(content: NoticeContent, latest: dict) -> tuple[SharingInfo, ...]:
    return tuple(s for s in content.consent_sharings if s.id not in latest)


def _clients(session: Session, refs: Sequence[str] | None) -> list[Client]:
    """The named clients in the order given, or every active client in name order."""
    if refs is None:
        return list(
            session.execute(
                select(Client)
                .where(Client.status == ClientStatus.ACTIVE.value)
                .order_by(Client.sort_key, Client.id)
            ).scalars()
        )
    return [client_by_ref(session, ref) for ref in refs]


# -- options ---------------------------------------------------------------------------------------


def _lang(value: str | None, fallback: str) -> str:
    chosen = value or fallback
    try:
        return Language(chosen).value
    except ValueError:
        raise ValidationError(
            "lang", N_("Documents are printed in en or zh, not {chosen}."), chosen=f"'{chosen}'"
        ) from None


def _paper(value: str | None, practice: Practice) -> str:
    chosen = value or practice.paper_size
    try:
        return PaperSize(chosen).value
    except ValueError:
        raise ValidationError(
            "paper", N_("Paper is A4 or Letter, not {chosen}."), chosen=f"'{chosen}'"
        ) from None


# -- building one document -------------------------------------------------------------------------


@dataclasses.dataclass
class _Context:
    """What one transaction read, shared by every document built from it."""

    practice: Practice
    source: NoticeSource
    paper: str
    today: date
    lang: str | None  # forced language, or None: each client's own


def _context(session: Session, *, lang: str | None, paper: str | None, today: date) -> _Context:
    practice = load_practice(session)
    if lang is not None:
        lang = _lang(lang, practice.default_language)
    return _Context(
        practice=practice,
        source=notice_source(session, today),
        paper=_paper(paper, practice),
        today=today,
        lang=lang,
    )


def _build(
    kind: DocumentKind, context: _Context, client: Client | None, latest: dict
) -> PdfDocument:
    practice_row = context.practice
    lang = context.lang or (client.language if client else practice_row.default_language)
    lang = _lang(lang, "en")
    content = notice_content(context.source, lang)
    info = client_info(client, practice_row.country_code) if client is not None else None
    paper = context.paper
    if kind is DocumentKind.NOTICE:
        choices = _choice_infos(content, latest) if info is not None else ()
        data = NoticeData(content, context.today, info, choices)
        return PrivacyNotice(data, paper=paper)
    # Forms and letters carry the practice's live contact details, and its address with a
    # country line for a client who posts the form back from abroad.
    sender = client.country_code if client is not None and client.country_code else ""
    practice = practice_info(_live_practice(practice_row), lang, sender_country=sender)
    if kind is DocumentKind.OPTOUT_FORM:
        return OptOutForm(
            OptOutFormData(lang, practice, content.sharings, context.today, info), paper=paper
        )
    if info is None:
        raise ValidationError("client", N_("Choose the client this document is for."))
    if kind is DocumentKind.CONSENT_FORM:
        data = ConsentFormData(
            lang,
            practice,
            info,
            content.consent_sharings,
            context.today,
            content.version.number,
            jurisdictions=content.jurisdictions,
        )
        return ConsentForm(data, paper=paper)
    letter_practice = practice_info(_live_practice(practice_row), lang)
    data = PolicyUpdateLetterData(
        lang=lang,
        practice=letter_practice,
        client=info,
        version=content.version,
        issued_on=context.today,
        decisions=_undecided(content, latest),
    )
    return PolicyUpdateLetter(data, paper=paper)


def _file_name(kind: DocumentKind, source: NoticeSource, subject: str, lang: str) -> str:
    """A suggested name: "privacy-notice-v3-ABC-DEFG-en.pdf", "opt-out-form-blank-en.pdf"."""
    stem = _FILE_STEMS[kind]
    if kind in (DocumentKind.NOTICE, DocumentKind.UPDATE_LETTER):
        stem += f"-v{source.number}" if source.number is not None else "-draft"
    return f"{stem}-{subject}-{lang}.pdf"


def _subject(kind: DocumentKind, client: Client | None) -> str:
    if client is not None:
        return format_reference(client.ref)
    return "blank" if kind is DocumentKind.OPTOUT_FORM else "generic"


def _record(
    session: Session,
    entries: Sequence[tuple[DocumentKind, int | None, int]],
    data: bytes,
    version_id: int | None,
    file_name: str,
    now: datetime,
) -> tuple[str, tuple[int, ...]]:
    """One GeneratedDocument per (kind, client id, pages) entry, all naming the same file."""
    digest = hashlib.sha256(data).hexdigest()
    rows = [
        GeneratedDocument(
            kind=kind.value,
            client_id=client_id,
            notice_version_id=version_id,
            created_at=now,
            sha256=digest,
            pages=pages,
            file_name=file_name[:300],
        )
        for kind, client_id, pages in entries
    ]
    session.add_all(rows)
    session.flush()
    return digest, tuple(row.id for row in rows)


def _practice_day(session: Session, now: datetime) -> date:
    """The date printed on documents: the practice's local day, not the UTC one."""
    return local_date(now, zone_of(profile_of(load_practice(session))))


def render_document(
    store: Store,
    kind: DocumentKind,
    client_ref: str | None,
    *,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
) -> RenderedDocument:
    """One document of any kind, for a client or (notice, opt-out form) for nobody."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref) if client_ref is not None else None
        context = _context(session, lang=lang, paper=paper, today=_practice_day(session, now))
        latest = _latest_choices(session, [client.id]).get(client.id, {}) if client else {}
        document = _build(kind, context, client, latest)
        pdf = document.render(invariant=invariant)
        name = _file_name(kind, context.source, _subject(kind, client), document.lang)
        entries = [(kind, client.id if client else None, pdf.page_count)]
        digest, ids = _record(session, entries, pdf.data, context.source.version_id, name, now)
        return RenderedDocument(
            kind=kind.value,
            data=pdf.data,
            pages=pdf.page_count,
            sha256=digest,
            file_name=name,
            client_refs=(format_reference(client.ref),) if client else (),
            notice_version=context.source.number,
            document_ids=ids,
        )


def document_data(
    store: Store,
    kind: DocumentKind | str,
    client_ref: str | None = None,
    *,
    lang: str | None = None,
    today: date | None = None,
) -> Any:
    """The frozen input a document would be rendered from (NoticeData, ConsentFormData ...),
    without rendering or recording it: for checks and for showing what will be printed."""
    kind = DocumentKind(kind)
    today = today or datetime.now(UTC).date()
    with unit_of_work(store.engine) as session:
        client = client_by_ref(session, client_ref) if client_ref is not None else None
        context = _context(session, lang=lang, paper=None, today=today)
        latest = _latest_choices(session, [client.id]).get(client.id, {}) if client else {}
        return _build(kind, context, client, latest).data


def render_notice(
    store: Store,
    client_ref: str | None = None,
    *,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
) -> RenderedDocument:
    """The privacy notice: personalised for a client (their language and current choices
    unless `lang` is given), or generic when `client_ref` is None."""
    return render_document(
        store,
        DocumentKind.NOTICE,
        client_ref,
        lang=lang,
        paper=paper,
        now=now,
        invariant=invariant,
    )


def render_consent_form(
    store: Store,
    client_ref: str,
    *,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
) -> RenderedDocument:
    """One yes/no pair per sharing that needs consent, for the client to sign."""
    return render_document(
        store,
        DocumentKind.CONSENT_FORM,
        client_ref,
        lang=lang,
        paper=paper,
        now=now,
        invariant=invariant,
    )


def render_optout_form(
    store: Store,
    client_ref: str | None = None,
    *,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
) -> RenderedDocument:
    """The postal opt-out form, pre-filled for a client, or blank (walk-ins) when None."""
    return render_document(
        store,
        DocumentKind.OPTOUT_FORM,
        client_ref,
        lang=lang,
        paper=paper,
        now=now,
        invariant=invariant,
    )


def render_update_letter(
    store: Store,
    client_ref: str,
    *,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
) -> RenderedDocument:
    """The letter announcing the current notice version: what changed, what to decide."""
    return render_document(
        store,
        DocumentKind.UPDATE_LETTER,
        client_ref,
        lang=lang,
        paper=paper,
        now=now,
        invariant=invariant,
    )


# -- batches ---------------------------------------------------------------------------------------


def render_batch(
    store: Store,
    kind: DocumentKind | str,
    *,
    client_refs: Sequence[str] | None = None,
    one_file_per_client: bool = False,
    with_enclosures: bool = False,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> list[RenderedDocument]:
    """Documents of one kind for the named clients, or for every active client.

    Returns one RenderedDocument holding every client's document (each with its own page
    numbering), or one per client with `one_file_per_client`. `with_enclosures` puts after
    each update letter the notice, the consent form (when the client has something to
    decide) and the opt-out form. Safe to run on a worker thread: `progress(done, total)`
    is called as documents are laid out, and `cancelled()` is polled between documents;
    when it returns True, BatchCancelled is raised and nothing is recorded.
    """
    kind = DocumentKind(kind)
    now = now or datetime.now(UTC)
    report = progress or (lambda _done, _total: None)
    stop = cancelled or (lambda: False)
    with unit_of_work(store.engine) as session:
        context = _context(session, lang=lang, paper=paper, today=_practice_day(session, now))
        clients = _clients(session, client_refs)
        latest = _latest_choices(session, [client.id for client in clients])
        per_client = [
            _documents_for(kind, context, client, latest[client.id], with_enclosures)
            for client in clients
        ]
    if not per_client:
        raise ValidationError("clients", N_("There are no active clients to print for."))
    total = len(per_client)
    results: list[tuple[list[Client], list[list], RenderedPdf, str]] = []
    try:
        if one_file_per_client:
            for index, (client, documents) in enumerate(zip(clients, per_client, strict=True)):
                if stop():
                    raise Cancelled
                report(index, total)
                pdf = render_pdf([d for _, d in documents], invariant=invariant)
                name = _file_name(
                    kind, context.source, _subject(kind, client), documents[0][1].lang
                )
                results.append(([client], [documents], pdf, name))
        else:
            flat = [document for documents in per_client for document in documents]
            starts = _first_index_of_each_client(per_client)

            def on_document(index: int) -> None:
                if index in starts:
                    if stop():
                        raise Cancelled
                    report(starts[index], total)

            pdf = render_pdf([d for _, d in flat], invariant=invariant, on_document=on_document)
            name = _file_name(kind, context.source, "all", flat[0][1].lang)
            results.append((clients, per_client, pdf, name))
    except Cancelled:
        raise BatchCancelled(N_("Cancelled: no documents were made or recorded.")) from None
    report(total, total)
    rendered = []
    with unit_of_work(store.engine) as session:
        for batch_clients, batch_documents, pdf, name in results:
            kinds = [
                (document_kind, client.id)
                for client, documents in zip(batch_clients, batch_documents, strict=True)
                for document_kind, _ in documents
            ]
            entries = [
                (document_kind, client_id, pages)
                for (document_kind, client_id), pages in zip(kinds, pdf.pages, strict=True)
            ]
            digest, ids = _record(session, entries, pdf.data, context.source.version_id, name, now)
            rendered.append(
                RenderedDocument(
                    kind=kind.value,
                    data=pdf.data,
                    pages=pdf.page_count,
                    sha256=digest,
                    file_name=name,
                    client_refs=tuple(format_reference(c.ref) for c in batch_clients),
                    notice_version=context.source.number,
                    document_ids=ids,
                )
            )
    return rendered


def render_notices_for_all(
    store: Store,
    *,
    one_file_per_client: bool = False,
    lang: str | None = None,
    paper: str | None = None,
    now: datetime | None = None,
    invariant: bool = False,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
) -> list[RenderedDocument]:
    """A personalised notice for every active client (see `render_batch`)."""
    return render_batch(
        store,
        DocumentKind.NOTICE,
        one_file_per_client=one_file_per_client,
        lang=lang,
        paper=paper,
        now=now,
        invariant=invariant,
        progress=progress,
        cancelled=cancelled,
    )


def _documents_for(
    kind: DocumentKind, context: _Context, client: Client, latest: dict, with_enclosures: bool
) -> list[tuple[DocumentKind, PdfDocument]]:
    documents = [(kind, _build(kind, context, client, latest))]
    if with_enclosures and kind is DocumentKind.UPDATE_LETTER:
        documents.append(
            (DocumentKind.NOTICE, _build(DocumentKind.NOTICE, context, client, latest))
        )
        letter = documents[0][1]
        assert isinstance(letter, PolicyUpdateLetter)
        if letter.data.decisions:
            documents.append(
                (
                    DocumentKind.CONSENT_FORM,
                    _build(DocumentKind.CONSENT_FORM, context, client, latest),
                )
            )
        documents.append(
            (DocumentKind.OPTOUT_FORM, _build(DocumentKind.OPTOUT_FORM, context, client, latest))
        )
    return documents


def _first_index_of_each_client(per_client: Sequence[Sequence]) -> dict[int, int]:
    """Document index in the flat list -> client index, for the first document of each."""
    starts = {}
    index = 0
    for client_index, documents in enumerate(per_client):
        starts[index] = client_index
        index += len(documents)
    return starts
