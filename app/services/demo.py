"""`demo`: fill an empty practice with realistic clients, vendors, two years of consents and a
year of opt-outs.

Written for 50,000 clients in well under a minute: rows go in through Core bulk inserts in
one transaction, and the ledgers are chained exactly as the services chain them. Opt-outs go
through the opt-out service's own logic, interleaved with the consent history in time order,
so both ledgers stay chronological.
"""

from __future__ import annotations

import dataclasses
import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlmodel import Session

from app.domain.consent import consent_required, sends_abroad
from app.domain.deadlines import add_calendar_months
from app.domain.enums import (
    Channel,
    ClientStatus,
    ConsentState,
    Jurisdiction,
    LegalBasis,
    PaperSize,
    SharingForm,
    VendorStatus,
)
from app.domain.errors import N_, ValidationError
from app.domain.names import sort_key
from app.domain.refcodes import make_reference
from app.domain.rulesets import RULE_SETS
from app.domain.transfers import TransferInstrument, countries_abroad, usual_instrument
from app.domain.validation import validate_country
from app.persistence import ledgers, search
from app.persistence.database import unit_of_work
from app.persistence.models import (
    Client,
    ConsentEvent,
    DataCategory,
    Purpose,
    Sharing,
    SharingCategory,
    Vendor,
    VendorReview,
)
from app.persistence.store import Store
from app.services import demo_catalogue as catalogue
from app.services.demo_optouts import DemoSharing, add_optouts
from app.services.errors import Conflict
from app.services.notices import country_name

# The opt-out service's session-level steps, used inside the demo's one transaction so a demo
# request is logged and applied exactly as a real one (withdrawals on the hash-chained ledger,
# one notification per vendor that must be told). Its public functions each open their own
# transaction, which would break the demo's all-or-nothing promise.
from app.services.practice import load_practice
from app.services.reviews import CHECKLIST

HISTORY_DAYS = 730
GIVING_CHANNELS = (Channel.PAPER_IN_PERSON, Channel.VERBAL_IN_PERSON, Channel.EMAIL, Channel.ONLINE)
WITHDRAWING_CHANNELS = (Channel.PHONE, Channel.POST, Channel.EMAIL, Channel.ONLINE)


@dataclass(frozen=True)
class DemoSettings:
    clients: int = 200
    seed: int = 1
    country: str = catalogue.HOME_COUNTRY
    rules: tuple[str, ...] = ()  # none given: the rule sets of the country's own law


@dataclass(frozen=True)
class DemoSummary:
    clients: int
    vendors: int
    consent_events: int
    optout_requests: int = 0


def fill_demo(
    store: Store, settings: DemoSettings, *, actor: str, now: datetime | None = None
) -> DemoSummary:
    """Refuses a practice that already has clients: demo data never mixes with real data."""
    now = now or datetime.now(UTC)
    country = validate_country(settings.country)
    rules = tuple(settings.rules) or tuple(str(rule) for rule in _seed(country).jurisdictions)
    unknown = [rule for rule in rules if rule not in RULE_SETS]
    if unknown:
        raise ValidationError(
            "rules",
            N_("Rules are a comma-separated list of {choices}."),
            choices=", ".join(RULE_SETS),
        )
    rng = random.Random(settings.seed)
    with unit_of_work(store.engine) as session:
        if session.execute(select(func.count()).select_from(Client)).scalar_one():
            raise Conflict(
                N_("This practice already has clients; demo data goes into an empty one.")
            )
        _fill_practice(session, country, rules, now)
        sharings = _add_vendors(session, country, rules, now)
        weights = catalogue.COUNTRY_WEIGHTS_BY_HOME.get(country, catalogue.COUNTRY_WEIGHTS)
        client_ids = _add_clients(session, rng, settings.clients, now, weights)
        history = _consent_history(rng, client_ids, sharings, now, actor)
        requests = add_optouts(session, rng, client_ids, sharings, history, now, actor)
        _add_reviews(session, rng, now, actor)
        ledgers.append_audit(
            session, at=now, actor=actor, action="demo", entity="practice", entity_id=1
        )
        events = session.execute(select(func.count()).select_from(ConsentEvent)).scalar_one()
        return DemoSummary(
            clients=len(client_ids),
            vendors=len(catalogue.VENDORS),
            consent_events=events,
            optout_requests=requests,
        )


def _seed(country: str) -> catalogue.PracticeSeed:
    """The practice at home in `country`; elsewhere, the home practice's name and addresses
    on the web, with no postal address or phone number that would belong to another country."""
    seed = catalogue.PRACTICES.get(country)
    if seed is not None:
        return seed
    home = catalogue.PRACTICE
    letter = country in catalogue.LETTER_COUNTRIES
    return dataclasses.replace(
        home,
        street_address="",
        city="",
        postal_code="",
        country_code=country,
        phone="",
        paper_size=PaperSize.LETTER if letter else PaperSize.A4,
        holiday_country=country,
    )


def _fill_practice(session: Session, country: str, rules, now: datetime) -> None:
    seed = _seed(country)
    practice = load_practice(session)
    practice.name = seed.name
    practice.email = seed.email
    practice.phone = seed.phone
    practice.website = seed.website
    practice.online_optout_url = seed.optout_url
    practice.privacy_contact = seed.privacy_contact
    practice.supervisory_authority = ""  # the rule sets' own, for the practice's country
    practice.default_language = seed.default_language.value
    practice.paper_size = seed.paper_size.value
    practice.jurisdictions = ",".join(rules)
    practice.country_code = practice.holiday_country = country
    practice.holiday_subdivision = seed.holiday_subdivision
    practice.street, practice.city, practice.postal_code, practice.region = (
        seed.street_address,
        seed.city,
        seed.postal_code,
        seed.region,
    )
    practice.updated_at = now
    session.add(practice)
    session.flush()


def safeguard_texts(storage_countries: tuple[str, ...], practice_country: str) -> tuple[str, str]:
    """What a vendor's transfer safeguard says (English, Chinese): the instrument the
    practice's own law uses for each country abroad; "" when nothing leaves its area."""
    abroad = countries_abroad(storage_countries, practice_country)
    groups: dict[TransferInstrument, list[str]] = {}
    for code in abroad:
        instrument = usual_instrument(practice_country, code)
        assert instrument is not None
        groups.setdefault(instrument, []).append(code)
    if not groups:
        return "", ""
    texts = []
    for lang, index in (("en", 0), ("zh", 1)):
        if len(groups) == 1:
            texts.append(catalogue.SAFEGUARDS[next(iter(groups))][index])
            continue
        separator, parts = ("；", "（{}）") if lang == "zh" else ("; ", " ({})")
        texts.append(
            separator.join(
                catalogue.SAFEGUARDS[instrument][index]
                + parts.format(
                    ("、" if lang == "zh" else ", ").join(
                        country_name(code, lang) for code in codes
                    )
                )
                for instrument, codes in groups.items()
            )
        )
    return texts[0], texts[1]


def _add_vendors(
    session: Session, country: str, rules: tuple[Jurisdiction, ...], now: datetime
) -> list[DemoSharing]:
    categories = {c.key: c for c in session.execute(select(DataCategory)).scalars()}
    purposes = {p.key: p for p in session.execute(select(Purpose)).scalars()}
    sharings: list[DemoSharing] = []
    for seed in catalogue.VENDORS:
        safeguard, safeguard_zh = safeguard_texts(seed.storage_countries, country)
        vendor = Vendor(
            name=seed.name,
            legal_name=seed.legal_name,
            service_description=seed.service_description,
            service_description_zh=seed.service_description_zh,
            website=seed.website,
            privacy_policy_url=seed.privacy_policy_url,
            privacy_email=seed.privacy_email,
            postal_address=seed.postal_address,
            storage_countries=",".join(seed.storage_countries),
            transfer_safeguard=safeguard,
            transfer_safeguard_zh=safeguard_zh,
            security_measures=seed.security_measures,
            security_measures_zh=seed.security_measures_zh,
            contract_signed_on=date.fromisoformat(seed.contract_signed_on),
            clauses=",".join(seed.clauses),
            review_interval_months=seed.review_interval_months,
            status=VendorStatus.ACTIVE.value,
            created_at=now - timedelta(days=HISTORY_DAYS + 30),
        )
        session.add(vendor)
        session.flush()
        for sharing_seed in seed.sharings:
            purpose = purposes[sharing_seed.purpose_key]
            sharing = Sharing(
                vendor_id=vendor.id,
                purpose_id=purpose.id,
                form=sharing_seed.form.value,
                necessity=sharing_seed.necessity,
                necessity_zh=sharing_seed.necessity_zh,
                starts_on=(now - timedelta(days=HISTORY_DAYS + 30)).date(),
            )
            session.add(sharing)
            session.flush()
            session.add_all(
                SharingCategory(sharing_id=sharing.id, category_id=categories[key].id)
                for key in sharing_seed.category_keys
            )
            required = consent_required(
                legal_basis=LegalBasis(purpose.legal_basis),
                has_sensitive_category=any(
                    categories[key].sensitive for key in sharing_seed.category_keys
                ),
                sends_abroad=sends_abroad(seed.storage_countries, country),
                jurisdictions=rules,
            )
            sharings.append(
                DemoSharing(
                    id=sharing.id,
                    required=required,
                    vendor_id=vendor.id,
                    anonymised=sharing_seed.form is SharingForm.ANONYMISED,
                )
            )
    session.flush()
    return sharings


def _pick_country(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _ascii_handle(given: str, family: str, number: int) -> str:
    handle = "".join(
        c for c in f"{given}.{family}".lower() if c.isascii() and (c.isalnum() or c == ".")
    )
    return handle.strip(".") if len(handle) > 3 else f"client{number}"


def _client_row(
    rng: random.Random, number: int, ref: str, now: datetime, weights: dict[str, int]
) -> dict:
    country = _pick_country(rng, weights)
    people = catalogue.PEOPLE_BY_COUNTRY[country]
    given, family = rng.choice(people.given_names), rng.choice(people.family_names)
    digits = "".join(str(rng.randrange(10)) for _ in range(people.phone_digits))
    phone = people.phone_prefix + digits
    address = rng.choice(people.addresses)
    street = people.street_format.format(
        number=rng.randrange(1, 200), street=rng.choice(address.street_names)
    )
    created = now - timedelta(days=rng.uniform(0, HISTORY_DAYS))
    handle = _ascii_handle(given, family, number)
    return {
        "ref": ref,
        "given_name": given,
        "family_name": family,
        "email": f"{handle}{number}@{rng.choice(people.email_domains)}",
        "phone_entered": phone,
        "phone_e164": "+" + "".join(c for c in phone if c.isdigit()),
        "street": f"{address.city_area}{street}" if address.city_area else street,
        "city": address.city,
        "postal_code": rng.choice(address.postal_codes),
        "region": address.region,
        "country_code": country,
        "language": people.language.value,
        "status": ClientStatus.FORMER.value if rng.random() < 0.08 else ClientStatus.ACTIVE.value,
        "notes": rng.choice(catalogue.NOTES) if rng.random() < 0.2 else "",
        "sort_key": sort_key(given, family),
        "created_at": created,
        "updated_at": created,
    }


def _add_clients(
    session: Session, rng: random.Random, count: int, now: datetime, weights: dict[str, int]
) -> list[tuple]:
    refs: set[str] = set()
    while len(refs) < count:
        refs.add(make_reference(rng.randrange))
    rows = [
        _client_row(rng, number, ref, now, weights) for number, ref in enumerate(sorted(refs), 1)
    ]
    rng.shuffle(rows)
    rows.sort(key=lambda row: row["created_at"])
    session.execute(insert(Client), rows)
    stored = session.execute(
        select(Client.id, Client.ref, Client.created_at).order_by(Client.id)
    ).all()
    by_ref = {row["ref"]: row for row in rows}
    search.index_clients(
        session,
        (
            search.SearchableClient(
                client_id=client_id,
                ref=ref,
                given_name=by_ref[ref]["given_name"],
                family_name=by_ref[ref]["family_name"],
                email=by_ref[ref]["email"],
                phone_entered=by_ref[ref]["phone_entered"],
                phone_e164=by_ref[ref]["phone_e164"],
            )
            for client_id, ref, _ in stored
        ),
    )
    return [(client_id, created) for client_id, _, created in stored]


def _consent_history(
    rng: random.Random,
    clients: list[tuple],
    sharings: list[DemoSharing],
    now: datetime,
    actor: str,
) -> list[dict]:
    """Every client's answers, and some later withdrawals, in the order they were recorded."""
    required = [sharing for sharing in sharings if sharing.required]
    events = []
    for client_id, created in clients:
        for sharing in required:
            if (now - created).days < 60 and rng.random() < 0.15:
                continue  # a new client whose form has not come back yet
            given = rng.random() < 0.85
            events.append(_event(client_id, sharing.id, given, rng, created, actor, now))
            if given and rng.random() < 0.12:
                later = created + timedelta(days=rng.uniform(1, max(2, (now - created).days)))
                if later < now:
                    events.append(_event(client_id, sharing.id, None, rng, later, actor, now))
    events.sort(key=lambda event: (event["recorded_at"], event["client_id"]))
    return events


def _event(
    client_id: int,
    sharing_id: int,
    given: bool | None,
    rng: random.Random,
    when: datetime,
    actor: str,
    now: datetime,
) -> dict:
    if given is None:
        state, channel = ConsentState.WITHDRAWN, rng.choice(WITHDRAWING_CHANNELS)
    else:
        state = ConsentState.GIVEN if given else ConsentState.REFUSED
        channel = rng.choice(GIVING_CHANNELS)
    return {
        "client_id": client_id,
        "sharing_id": sharing_id,
        "state": state.value,
        "channel": channel.value,
        "occurred_at": when,
        "recorded_at": min(now, when + timedelta(minutes=rng.randrange(1, 120))),
        "recorded_by": actor,
        "notice_version_id": None,
        "evidence_note": "",
        "evidence_file": "",
        "evidence_sha256": "",
        "optout_request_id": None,
    }


def _add_reviews(session: Session, rng: random.Random, now: datetime, actor: str) -> None:
    """Most vendors were reviewed within their interval; a few are due or overdue."""
    answers = {key: {"passed": True, "note": ""} for key, _ in CHECKLIST}
    vendors = session.execute(select(Vendor).order_by(Vendor.id)).scalars().all()
    for number, vendor in enumerate(vendors):
        overdue = number % 4 == 3
        months_ago = vendor.review_interval_months + 1 if overdue else rng.randrange(1, 6)
        reviewed_on = add_calendar_months(now.date(), -months_ago)
        session.add(
            VendorReview(
                vendor_id=vendor.id,
                reviewed_on=reviewed_on,
                reviewer=actor,
                answers_json=json.dumps(answers),
                outcome="satisfactory",
                actions_json="[]",
                next_due_on=add_calendar_months(reviewed_on, vendor.review_interval_months),
            )
        )
