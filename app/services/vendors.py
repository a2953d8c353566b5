"""Vendors, what they receive (sharings), and the catalogue of data categories and purposes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.consent import consent_required, sends_abroad
from app.domain.enums import LegalBasis, SharingForm, VendorStatus
from app.domain.errors import N_, Phrase, ValidationError
from app.domain.names import display_name
from app.domain.pauses import PAUSED, pause_holding
from app.domain.validation import (
    normalise_email,
    normalise_web_address,
    validate_country,
    validate_name,
    validate_text,
)
from app.persistence.database import unit_of_work
from app.persistence.ledgers import append_audit, update_audited
from app.persistence.models import (
    Client,
    ConsentEvent,
    DataCategory,
    Purpose,
    Sharing,
    SharingCategory,
    Vendor,
)
from app.persistence.store import Store
from app.services.errors import Conflict, InvalidInput, NotFound, collect
from app.services.pause_facts import vendor_pauses
from app.services.practice import load_practice
from app.services.rows import CategoryRow, PurposeRow, SharingRow, VendorRow

BREACH_NOTICE = "breach_notice"  # the vendor tells the practice of a breach, and how soon
DELETION_AT_END = "deletion_at_end"  # the vendor deletes its copies when the contract ends
CLAUSE_KEYS = ("responsibility", "optout_handling", BREACH_NOTICE, DELETION_AT_END)


@dataclass(frozen=True)
class VendorDraft:
    name: str
    legal_name: str = ""
    service_description: str = ""
    service_description_zh: str = ""
    website: str = ""
    privacy_policy_url: str = ""
    privacy_email: str = ""
    postal_address: str = ""
    storage_countries: tuple[str, ...] = ()
    transfer_safeguard: str = ""
    security_measures: str = ""
    contract_signed_on: date | None = None
    transfer_safeguard_zh: str = ""  # the same texts in Chinese, for Chinese documents
    security_measures_zh: str = ""
    clauses: tuple[str, ...] = ()
    review_interval_months: int = 12


@dataclass(frozen=True)
class SharingDraft:
    vendor_id: int
    purpose_key: str
    category_keys: tuple[str, ...]
    necessity: str
    form: str = SharingForm.IDENTIFIED.value
    starts_on: date | None = None
    necessity_zh: str = ""  # the necessity in Chinese, for Chinese documents


def list_categories(store: Store) -> list[CategoryRow]:
    with unit_of_work(store.reader) as session:
        return [
            CategoryRow(c.id, c.key, c.label_en, c.label_zh, c.sensitive)
            for c in session.execute(select(DataCategory).order_by(DataCategory.id)).scalars()
        ]


def list_purposes(store: Store) -> list[PurposeRow]:
    with unit_of_work(store.reader) as session:
        return [
            PurposeRow(p.id, p.key, p.label_en, p.label_zh, p.legal_basis, p.is_marketing)
            for p in session.execute(select(Purpose).order_by(Purpose.id)).scalars()
        ]


def _review_interval(value: int) -> int:
    if not 1 <= int(value) <= 60:
        raise ValidationError("review_interval_months", N_("Review every 1 to 60 months."))
    return int(value)


def _clauses(values: tuple[str, ...]) -> str:
    unknown = [value for value in values if value not in CLAUSE_KEYS]
    if unknown:
        raise ValidationError(
            "clauses", N_("Unknown contract clause: {clause}."), clause=unknown[0]
        )
    return ",".join(key for key in CLAUSE_KEYS if key in values)


def _safeguard(countries: list[str], safeguard: str, home: str) -> str:
    if sends_abroad(countries, home) and not safeguard.strip():
        raise ValidationError(
            "transfer_safeguard",
            N_(
                "This vendor keeps data abroad: name the transfer safeguard "
                "(for example standard contractual clauses)."
            ),
        )
    return safeguard.strip()


# The register's free text: (field, limit as stored, several lines, its words in a sentence).
# Checked like every typed text: no control characters (an escape sequence), within limits.
_FREE_TEXT = (
    ("legal_name", 300, False, Phrase(N_("legal name"))),
    ("service_description", 2000, True, Phrase(N_("description of the service"))),
    ("service_description_zh", 2000, True, Phrase(N_("description of the service in Chinese"))),
    ("postal_address", 600, True, Phrase(N_("postal address"))),
    ("transfer_safeguard_zh", 600, True, Phrase(N_("transfer safeguard in Chinese"))),
    ("security_measures", 2000, True, Phrase(N_("security measures"))),
    ("security_measures_zh", 2000, True, Phrase(N_("security measures in Chinese"))),
)


def _validated_values(session: Session, draft: VendorDraft, vendor_id: int | None) -> dict:
    """The register fields of a draft, every one checked; InvalidInput lists all problems."""
    home = load_practice(session).country_code
    countries = [country.strip().upper() for country in draft.storage_countries if country]
    name, email, website, policy, *_ = collect(
        lambda: validate_name("name", draft.name),
        lambda: normalise_email(draft.privacy_email),
        lambda: normalise_web_address("website", draft.website),
        lambda: normalise_web_address("privacy_policy_url", draft.privacy_policy_url),
        *(lambda country=country: validate_country(country) for country in countries),
    )
    safeguard, clauses, interval, *texts = collect(
        lambda: _safeguard(countries, draft.transfer_safeguard, home),
        lambda: _clauses(draft.clauses),
        lambda: _review_interval(draft.review_interval_months),
        *(
            lambda field=field, limit=limit, multiline=multiline, label=label: validate_text(
                field, getattr(draft, field), max_length=limit, multiline=multiline, label=label
            )
            for field, limit, multiline, label in _FREE_TEXT
        ),
    )
    text = dict(zip((field for field, *_ in _FREE_TEXT), texts, strict=True))
    clash = select(Vendor.id).where(Vendor.name == name)
    if vendor_id is not None:
        clash = clash.where(Vendor.id != vendor_id)
    if session.execute(clash).first():
        raise Conflict(N_("A vendor called {name} is already on the register."), name=name)
    return {
        "name": name,
        **text,
        "website": website,
        "privacy_policy_url": policy,
        "privacy_email": email,
        "storage_countries": ",".join(countries),
        "transfer_safeguard": safeguard,
        "contract_signed_on": draft.contract_signed_on,
        "clauses": clauses,
        "review_interval_months": interval,
    }


def add_vendor(
    store: Store, draft: VendorDraft, *, actor: str, now: datetime | None = None
) -> VendorRow:
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        values = _validated_values(session, draft, vendor_id=None)
        vendor = Vendor(**values, status=VendorStatus.ACTIVE.value, created_at=now)
        session.add(vendor)
        session.flush()
        append_audit(
            session, at=now, actor=actor, action="create", entity="vendor", entity_id=vendor.id
        )
        return _vendor_rows(session, [vendor])[0]


def add_sharing(
    store: Store, draft: SharingDraft, *, actor: str, today: date, now: datetime | None = None
) -> SharingRow:
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        if session.get(Vendor, draft.vendor_id) is None:
            raise NotFound(N_("That vendor is not on the register."))
        purpose = session.execute(
            select(Purpose).where(Purpose.key == draft.purpose_key)
        ).scalar_one_or_none()
        categories = session.execute(
            select(DataCategory).where(DataCategory.key.in_(draft.category_keys))
        ).scalars()
        categories = list(categories)
        problems = []
        if purpose is None:
            problems.append(
                ValidationError(
                    "purpose", N_("Unknown purpose {key}."), key=f"'{draft.purpose_key}'"
                )
            )
        if not draft.category_keys or len(categories) != len(set(draft.category_keys)):
            problems.append(ValidationError("categories", N_("Choose the data categories sent.")))
        if not draft.necessity.strip():
            problems.append(
                ValidationError("necessity", N_("Say why this vendor needs this data (necessity)."))
            )
        if draft.form not in {form.value for form in SharingForm}:
            problems.append(
                ValidationError("form", N_("Unknown form {form}."), form=f"'{draft.form}'")
            )
        if problems:
            raise InvalidInput(problems)
        sharing = Sharing(
            vendor_id=draft.vendor_id,
            purpose_id=purpose.id,
            form=draft.form,
            necessity=draft.necessity.strip(),
            necessity_zh=draft.necessity_zh.strip(),
            starts_on=draft.starts_on or today,
        )
        session.add(sharing)
        session.flush()
        session.add_all(
            SharingCategory(sharing_id=sharing.id, category_id=category.id)
            for category in categories
        )
        session.flush()
        append_audit(
            session, at=now, actor=actor, action="create", entity="sharing", entity_id=sharing.id
        )
        return next(row for row in sharing_rows(session) if row.id == sharing.id)


def edit_sharing_wording(
    store: Store,
    sharing_id: int,
    *,
    necessity: str,
    necessity_zh: str = "",
    actor: str,
    now: datetime | None = None,
) -> SharingRow:
    """Say again, in English and Chinese, why the vendor needs the data. What is sent, for
    which purpose and in what form stays as it started: to change that, end the sharing and
    add another (clients consented to that one)."""
    now = now or datetime.now(UTC)
    if not necessity.strip():
        raise ValidationError("necessity", N_("Say why this vendor needs this data (necessity)."))
    with unit_of_work(store.engine) as session:
        sharing = session.get(Sharing, sharing_id)
        if sharing is None:
            raise NotFound(N_("That sharing is not on record."))
        values = {"necessity": necessity.strip(), "necessity_zh": necessity_zh.strip()}
        update_audited(session, sharing, values, at=now, actor=actor, entity="sharing")
        session.flush()
        return next(row for row in sharing_rows(session) if row.id == sharing_id)


def end_sharing(
    store: Store, sharing_id: int, *, ends_on: date, actor: str, now: datetime | None = None
) -> None:
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        sharing = session.get(Sharing, sharing_id)
        if sharing is None:
            raise NotFound(N_("That sharing is not on record."))
        if ends_on < sharing.starts_on:
            raise ValidationError("ends_on", N_("A sharing cannot end before it started."))
        sharing.ends_on = ends_on
        session.add(sharing)
        append_audit(
            session,
            at=now,
            actor=actor,
            action="update",
            entity="sharing",
            entity_id=sharing_id,
            fields=["ends_on"],
        )


def sharing_rows(session: Session, *, active_on: date | None = None) -> list[SharingRow]:
    """Every sharing with whether it needs consent under the practice's rule sets."""
    practice = load_practice(session)
    jurisdictions = [j for j in practice.jurisdictions.split(",") if j]
    categories: dict[int, list[str]] = defaultdict(list)
    sensitive: dict[int, bool] = defaultdict(bool)
    for link, category in session.execute(
        select(SharingCategory, DataCategory).join(
            DataCategory, DataCategory.id == SharingCategory.category_id
        )
    ):
        categories[link.sharing_id].append(category.key)
        sensitive[link.sharing_id] |= category.sensitive
    statement = (
        select(Sharing, Vendor, Purpose)
        .join(Vendor, Vendor.id == Sharing.vendor_id)
        .join(Purpose, Purpose.id == Sharing.purpose_id)
        .order_by(Vendor.name, Purpose.id, Sharing.id)
    )
    rows = []
    for sharing, vendor, purpose in session.execute(statement):
        if active_on is not None and not _active(sharing, vendor, active_on):
            continue
        abroad = sends_abroad(
            [c for c in vendor.storage_countries.split(",") if c], practice.country_code
        )
        rows.append(
            SharingRow(
                id=sharing.id,
                vendor_id=vendor.id,
                vendor=vendor.name,
                purpose_id=purpose.id,
                purpose=purpose.label_en,
                purpose_zh=purpose.label_zh,
                legal_basis=purpose.legal_basis,
                category_keys=tuple(sorted(categories.get(sharing.id, []))),
                form=sharing.form,
                necessity=sharing.necessity,
                necessity_zh=sharing.necessity_zh,
                starts_on=sharing.starts_on,
                ends_on=sharing.ends_on,
                consent_required=consent_required(
                    legal_basis=LegalBasis(purpose.legal_basis),
                    has_sensitive_category=sensitive.get(sharing.id, False),
                    sends_abroad=abroad,
                    jurisdictions=jurisdictions,
                ),
            )
        )
    return rows


def _active(sharing: Sharing, vendor: Vendor, on: date) -> bool:
    return (
        vendor.status != VendorStatus.ENDED.value
        and sharing.starts_on <= on
        and (sharing.ends_on is None or sharing.ends_on >= on)
    )


def _vendor_rows(session: Session, vendors: list[Vendor]) -> list[VendorRow]:
    sharings = sharing_rows(session)
    return [
        VendorRow(
            id=vendor.id,
            name=vendor.name,
            legal_name=vendor.legal_name,
            service_description=vendor.service_description,
            storage_countries=tuple(c for c in vendor.storage_countries.split(",") if c),
            transfer_safeguard=vendor.transfer_safeguard,
            review_interval_months=vendor.review_interval_months,
            status=vendor.status,
            sharings=tuple(s for s in sharings if s.vendor_id == vendor.id),
        )
        for vendor in vendors
    ]


def list_vendors(store: Store) -> list[VendorRow]:
    with unit_of_work(store.reader) as session:
        vendors = list(session.execute(select(Vendor).order_by(Vendor.name)).scalars())
        return _vendor_rows(session, vendors)


@dataclass(frozen=True)
class VendorDetail:
    """Everything on the register about one vendor, for its page and its edit dialog."""

    row: VendorRow
    draft: VendorDraft


@dataclass(frozen=True)
class DoNotShareEntry:
    """A client the vendor must not receive data about: refused or withdrew consent, or a
    sharing paused by their restriction or objection request (state "paused")."""

    ref: str
    name: str
    email: str
    purpose: str
    state: str  # a ConsentState value, or PAUSED
    since: datetime
    request_id: int | None = None  # the request that paused it


def _draft_of(vendor: Vendor) -> VendorDraft:
    return VendorDraft(
        name=vendor.name,
        legal_name=vendor.legal_name,
        service_description=vendor.service_description,
        service_description_zh=vendor.service_description_zh,
        website=vendor.website,
        privacy_policy_url=vendor.privacy_policy_url,
        privacy_email=vendor.privacy_email,
        postal_address=vendor.postal_address,
        storage_countries=tuple(c for c in vendor.storage_countries.split(",") if c),
        transfer_safeguard=vendor.transfer_safeguard,
        security_measures=vendor.security_measures,
        contract_signed_on=vendor.contract_signed_on,
        transfer_safeguard_zh=vendor.transfer_safeguard_zh,
        security_measures_zh=vendor.security_measures_zh,
        clauses=tuple(c for c in vendor.clauses.split(",") if c),
        review_interval_months=vendor.review_interval_months,
    )


def _vendor(session: Session, vendor_id: int) -> Vendor:
    vendor = session.get(Vendor, vendor_id)
    if vendor is None:
        raise NotFound(N_("That vendor is not on the register."))
    return vendor


def get_vendor(store: Store, vendor_id: int) -> VendorDetail:
    with unit_of_work(store.reader) as session:
        vendor = _vendor(session, vendor_id)
        return VendorDetail(row=_vendor_rows(session, [vendor])[0], draft=_draft_of(vendor))


def edit_vendor(
    store: Store, vendor_id: int, draft: VendorDraft, *, actor: str, now: datetime | None = None
) -> VendorRow:
    """Change the register entry; every field is checked first and nothing is half saved."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        vendor = _vendor(session, vendor_id)
        values = _validated_values(session, draft, vendor_id)
        update_audited(session, vendor, values, at=now, actor=actor, entity="vendor")
        session.flush()
        return _vendor_rows(session, [vendor])[0]


def set_vendor_status(
    store: Store, vendor_id: int, status: VendorStatus, *, actor: str, now: datetime | None = None
) -> VendorRow:
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        vendor = _vendor(session, vendor_id)
        if vendor.status != status.value:
            vendor.status = status.value
            session.add(vendor)
            append_audit(
                session,
                at=now,
                actor=actor,
                action="update",
                entity="vendor",
                entity_id=vendor_id,
                fields=["status"],
            )
        return _vendor_rows(session, [vendor])[0]


def do_not_share_list(
    store: Store, vendor_id: int, *, now: datetime | None = None
) -> list[DoNotShareEntry]:
    """Clients whose latest answer for one of this vendor's sharings is refused or withdrawn,
    and clients whose sharing is paused now (domain.pauses), one line per client x sharing:
    the client's own "no" is shown over a pause of the same sharing."""
    now = now or datetime.now(UTC)
    latest = (
        select(
            ConsentEvent.client_id,
            ConsentEvent.sharing_id,
            ConsentEvent.state,
            ConsentEvent.occurred_at,
            func.row_number()
            .over(
                partition_by=(ConsentEvent.client_id, ConsentEvent.sharing_id),
                order_by=(ConsentEvent.occurred_at.desc(), ConsentEvent.id.desc()),
            )
            .label("rank"),
        )
        .join(Sharing, Sharing.id == ConsentEvent.sharing_id)
        .where(Sharing.vendor_id == vendor_id)
        .subquery()
    )
    statement = (
        select(
            Client, Sharing.id, Purpose.id, Purpose.label_en, latest.c.state, latest.c.occurred_at
        )
        .join(latest, latest.c.client_id == Client.id)
        .join(Sharing, Sharing.id == latest.c.sharing_id)
        .join(Purpose, Purpose.id == Sharing.purpose_id)
        .where(latest.c.rank == 1, latest.c.state.in_(("refused", "withdrawn")))
    )
    with unit_of_work(store.reader) as session:
        found = {
            (client.id, sharing_id): (client, purpose_id, purpose, state, occurred_at, None)
            for client, sharing_id, purpose_id, purpose, state, occurred_at in session.execute(
                statement
            )
        }
        paused = vendor_pauses(session, vendor_id)
        if paused:
            sharings = session.execute(
                select(Sharing.id, Purpose.id, Purpose.label_en)
                .join(Purpose, Purpose.id == Sharing.purpose_id)
                .where(Sharing.vendor_id == vendor_id)
            ).all()
            clients = {
                client.id: client
                for client in session.scalars(select(Client).where(Client.id.in_(list(paused))))
            }
            for client_id, pauses in paused.items():
                for sharing_id, purpose_id, purpose in sharings:
                    pause = pause_holding(pauses, sharing_id, now)
                    if pause is not None and (client_id, sharing_id) not in found:
                        found[(client_id, sharing_id)] = (
                            clients[client_id], purpose_id, purpose, PAUSED, pause.paused_at,
                            pause.request_id,
                        )  # fmt: skip
        ordered = sorted(  # by name, then client, then purpose, as the list always was
            found.values(), key=lambda line: (line[0].sort_key, line[0].id, line[1], line[4])
        )
        return [
            DoNotShareEntry(
                ref=client.ref,
                name=display_name(client.given_name, client.family_name),
                email=client.email,
                purpose=purpose,
                state=state,
                since=since,
                request_id=request_id,
            )
            for client, _purpose_id, purpose, state, since, request_id in ordered
        ]


def service_descriptions_zh(store: Store) -> dict[int, str]:
    """What each vendor does, in Chinese where the register has it (for the register list)."""
    with unit_of_work(store.reader) as session:
        statement = select(Vendor.id, Vendor.service_description_zh).where(
            Vendor.service_description_zh != ""
        )
        return {vendor_id: text for vendor_id, text in session.execute(statement)}
