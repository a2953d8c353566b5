"""`demo`: fill an empty practice with realistic clients, vendors, two years of consents and a
year of opt-outs.

Written for 50,000 clients in well under a minute: rows go in through Core bulk inserts in
one transaction, and the ledgers are chained exactly as the services chain them. Opt-outs go
through the opt-out service's own logic, interleaved with the consent history in time order,
so both ledgers stay chronological.
"""

from __future__ import annotations

import dataclasses
import heapq
import json
import random
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import func, insert, select
from sqlmodel import Session

from app.domain.consent import consent_required, sends_abroad
from app.domain.deadlines import add_calendar_months, optout_due
from app.domain.enums import (
    Channel,
    ClientStatus,
    ConsentState,
    Jurisdiction,
    LegalBasis,
    OptOutScope,
    PaperSize,
    SharingForm,
    VendorStatus,
)
from app.domain.errors import N_, ValidationError
from app.domain.names import sort_key
from app.domain.optout import AcknowledgementMethod, SendMethod, local_date
from app.domain.refcodes import format_reference, make_reference
from app.domain.transfers import TransferInstrument, countries_abroad, usual_instrument
from app.domain.validation import validate_country
from app.persistence import ledgers, search
from app.persistence.database import unit_of_work
from app.persistence.models import (
    Client,
    ConsentEvent,
    DataCategory,
    NotificationRequest,
    OptOutRequest,
    Purpose,
    Sharing,
    SharingCategory,
    Vendor,
    VendorNotification,
    VendorReview,
)
from app.persistence.store import Store
from app.services import demo_catalogue as catalogue
from app.services.errors import Conflict
from app.services.notices import country_name
from app.services.optouts.applying import apply_request
from app.services.optouts.context import OptOutContext, optout_context

# The opt-out service's session-level steps, used inside the demo's one transaction so a demo
# request is logged and applied exactly as a real one (withdrawals on the hash-chained ledger,
# one notification per vendor that must be told). Its public functions each open their own
# transaction, which would break the demo's all-or-nothing promise.
from app.services.optouts.intake import record_request
from app.services.optouts.register import acknowledge_request
from app.services.optouts.telling import confirm_notification, send_notification
from app.services.practice import load_practice
from app.services.reviews import CHECKLIST

HISTORY_DAYS = 730
GIVING_CHANNELS = (Channel.PAPER_IN_PERSON, Channel.VERBAL_IN_PERSON, Channel.EMAIL, Channel.ONLINE)
WITHDRAWING_CHANNELS = (Channel.PHONE, Channel.POST, Channel.EMAIL, Channel.ONLINE)

# Opt-outs: about one client in OPTOUT_EVERY has one, received over the past OPTOUT_DAYS.
OPTOUT_EVERY = 200
MIN_OPTOUTS = 4  # a small demo still shows the register, Today's items and a finished one
OPTOUT_DAYS = 365
# None in the last days: an opt-out logged by hand today (or by the benchmark) for a demo
# client is never refused as a duplicate of a demo one.
QUIET_DAYS = 3
OPTOUT_CHANNELS = {
    Channel.PHONE: 30,
    Channel.EMAIL: 25,
    Channel.POST: 15,
    Channel.ONLINE: 15,
    Channel.VERBAL_IN_PERSON: 15,
}
OPTOUT_SCOPES = {OptOutScope.ALL: 45, OptOutScope.MARKETING: 40, OptOutScope.CHOSEN: 15}
SEND_METHODS = {SendMethod.EMAIL: 60, SendMethod.POST: 25, SendMethod.ONLINE: 15}


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


@dataclass(frozen=True)
class _DemoSharing:
    id: int
    required: bool
    vendor_id: int
    anonymised: bool


def fill_demo(
    store: Store, settings: DemoSettings, *, actor: str, now: datetime | None = None
) -> DemoSummary:
    """Refuses a practice that already has clients: demo data never mixes with real data."""
    now = now or datetime.now(UTC)
    country = validate_country(settings.country)
    try:
        rules = tuple(Jurisdiction(rule) for rule in settings.rules) or _seed(country).jurisdictions
    except ValueError:
        raise ValidationError(
            "rules", N_("Rules are a comma-separated list of gdpr, ccpa, pipl.")
        ) from None
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
        requests = _add_optouts(session, rng, client_ids, sharings, history, now, actor)
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
    practice.jurisdictions = ",".join(rule.value for rule in rules)
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
) -> list[_DemoSharing]:
    categories = {c.key: c for c in session.execute(select(DataCategory)).scalars()}
    purposes = {p.key: p for p in session.execute(select(Purpose)).scalars()}
    sharings: list[_DemoSharing] = []
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
                _DemoSharing(
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
    sharings: list[_DemoSharing],
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


# --- opt-outs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PlannedOptOut:
    client_id: int
    received_at: datetime
    recorded_at: datetime
    channel: Channel
    scope: OptOutScope
    vendor_ids: tuple[int, ...] = ()
    note: str = ""
    # "" runs its course as far as `now` allows; "unsent": no vendor is ever told (Today's
    # overdue letter); "unconfirmed": the vendors are told and none has answered yet.
    hold: str = ""


def _weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _working_hours(rng: random.Random, day: date, zone: tzinfo) -> datetime:
    moment = time(rng.randrange(8, 19), rng.randrange(60))
    return datetime.combine(day, moment, tzinfo=zone).astimezone(UTC)


def _later(
    rng: random.Random, after: datetime, days: tuple[float, float], zone: tzinfo
) -> datetime:
    """A moment in working hours some ``days`` after ``after``; soon after it on that same day."""
    day = local_date(after + timedelta(days=rng.uniform(*days)), zone)
    moment = _working_hours(rng, day, zone)
    return moment if moment > after else after + timedelta(minutes=rng.randrange(10, 90))


def _overdue_receipt_day(context: OptOutContext, today: date) -> date:
    """A day at least 17 days back whose opt-out had to reach the vendors before today."""
    back = 17
    while back < 60 and today <= optout_due(
        today - timedelta(days=back), context.jurisdictions, context.promise, context.calendar
    ):
        back += 1
    return today - timedelta(days=back)


def _given_at(events: list[dict], moment: datetime, told: set[int]) -> list[int]:
    """The sharings (of ``told``) whose latest answer by ``moment`` is consent given."""
    latest: dict[int, str] = {}
    for event in sorted(events, key=lambda event: event["occurred_at"]):
        if event["occurred_at"] <= moment:
            latest[event["sharing_id"]] = event["state"]
    given = ConsentState.GIVEN.value
    return sorted(
        sharing for sharing, state in latest.items() if state == given and sharing in told
    )


def _received_at(rng: random.Random, channel: Channel, day: date, zone: tzinfo) -> datetime:
    """Calls and visits in working hours, the post in the morning, web forms at any hour."""
    if channel is Channel.POST:
        moment = time(rng.randrange(8, 11), rng.randrange(60))
    elif channel in (Channel.EMAIL, Channel.ONLINE):
        moment = time(rng.randrange(24), rng.randrange(60))
    else:
        return _working_hours(rng, day, zone)
    return datetime.combine(day, moment, tzinfo=zone).astimezone(UTC)


def _recorded_after(
    rng: random.Random, channel: Channel, received_at: datetime, zone: tzinfo
) -> datetime:
    if channel in (Channel.PHONE, Channel.VERBAL_IN_PERSON):
        return received_at + timedelta(seconds=rng.randrange(120, 900))  # straight after
    if channel is Channel.POST:
        return _later(rng, received_at, (0, 0.2), zone)  # opened later that morning
    return _later(rng, received_at, (0.05, 1), zone)  # read when the coach next sits down


def _plan_optouts(
    rng: random.Random,
    clients: list[tuple],
    sharings: list[_DemoSharing],
    history: list[dict],
    context: OptOutContext,
    now: datetime,
) -> list[_PlannedOptOut]:
    """Who opted out, when, how and from what: distinct clients, each after they joined.

    Two are pinned to the last few weeks so Today always has work: one whose vendors were
    told but have not answered, then one whose vendors were never told and are now overdue.
    They are four days apart, so the first one's letters have gone before the second arrives
    (it would otherwise join them, and hold them back). The rest are spread over the past
    year; those older than about three weeks have run their course.
    """
    count = min(len(clients), max(MIN_OPTOUTS, round(len(clients) / OPTOUT_EVERY)))
    today = context.today(now)
    held_on = _overdue_receipt_day(context, today)
    targets = [(held_on - timedelta(days=4), "unconfirmed"), (held_on, "unsent")][:count]
    for _ in range(count - len(targets)):
        targets.append((today - timedelta(days=rng.randint(QUIET_DAYS, OPTOUT_DAYS)), ""))
    received = []
    for day, hold in targets:
        channel = _weighted(rng, OPTOUT_CHANNELS)
        received.append((_received_at(rng, channel, day, context.zone), channel, hold))
    received.sort(key=lambda target: target[0])
    by_client: dict[int, list[dict]] = defaultdict(list)
    for event in history:
        by_client[event["client_id"]].append(event)
    told = {sharing.id for sharing in sharings if sharing.required and not sharing.anonymised}
    vendor_of = {sharing.id: sharing.vendor_id for sharing in sharings}
    created = [joined for _, joined in clients]
    used: set[int] = set()
    plans = []
    for received_at, channel, hold in received:
        eligible = bisect_right(created, received_at - timedelta(days=1))
        for _attempt in range(50 if eligible else 0):
            client_id = clients[rng.randrange(eligible)][0]
            if client_id in used:
                continue
            given = _given_at(by_client[client_id], received_at, told)
            if hold and not given:
                continue  # a pinned request must have a vendor to tell
            break
        else:
            continue  # nobody had joined yet, or every candidate was taken
        used.add(client_id)
        scope = OptOutScope.ALL if hold else _weighted(rng, OPTOUT_SCOPES)
        vendor_ids: tuple[int, ...] = ()
        if scope is OptOutScope.CHOSEN:
            vendors = sorted({vendor_of[sharing] for sharing in given})
            if vendors:
                picked = rng.sample(vendors, min(len(vendors), rng.choice((1, 1, 2))))
                vendor_ids = tuple(sorted(picked))
            else:
                scope = OptOutScope.MARKETING  # nothing given that one vendor could stop
        notes = catalogue.OPTOUT_NOTES[channel.value]
        plans.append(
            _PlannedOptOut(
                client_id=client_id,
                received_at=received_at,
                recorded_at=_recorded_after(rng, channel, received_at, context.zone),
                channel=channel,
                scope=scope,
                vendor_ids=vendor_ids,
                note=rng.choice(notes) if rng.random() < 0.4 else "",
                hold=hold,
            )
        )
    return plans


def _before_optouts(history: list[dict], plans: list[_PlannedOptOut]) -> list[dict]:
    """The history without a client's answers after their opt-out: a person who opted out
    sends no further forms in the demo, so the request is judged on everything before it."""
    cut = {plan.client_id: plan for plan in plans}
    return [
        event
        for event in history
        if event["client_id"] not in cut
        or (
            event["occurred_at"] <= cut[event["client_id"]].received_at
            and event["recorded_at"] <= cut[event["client_id"]].recorded_at
        )
    ]


class _OptOutRun:
    """The coach's year of opt-outs, played in time order inside the demo's transaction.

    Each step is the session-level step the service uses for real (record_request and
    apply_request, send_notification, confirm_notification, acknowledge_request), so the
    demo's records and audit entries are the app's own. A step after `now` does not happen.
    """

    def __init__(
        self,
        session: Session,
        rng: random.Random,
        context: OptOutContext,
        sharings: list[_DemoSharing],
        now: datetime,
        actor: str,
    ) -> None:
        self.session, self.rng, self.context, self.now, self.actor = (
            session,
            rng,
            context,
            now,
            actor,
        )
        self.sharings_of: dict[int, list[int]] = defaultdict(list)
        for sharing in sharings:
            self.sharings_of[sharing.vendor_id].append(sharing.id)
        self.queue: list[tuple] = []
        self.scheduled = 0
        self.notifications_of: dict[int, list[int]] = {}  # request -> its notifications
        self.requests_of: dict[int, list[int]] = defaultdict(list)  # notification -> requests
        self.hold_of: dict[int, str] = {}
        # Held here so the session's identity map keeps them: no reloading while they change.
        self.notifications: dict[int, VendorNotification] = {}
        self.requests: dict[int, OptOutRequest] = {}
        self.refs: dict[int, str] = {}

    def schedule(self, moment: datetime, step: Callable, *args) -> None:
        if moment <= self.now:
            heapq.heappush(self.queue, (moment, self.scheduled, step, args))
            self.scheduled += 1

    def later(self, after: datetime, days: tuple[float, float]) -> datetime:
        return _later(self.rng, after, days, self.context.zone)

    def _held(self, notification_id: int, hold: str) -> bool:
        return any(self.hold_of[r] == hold for r in self.requests_of[notification_id])

    def log(self, moment: datetime, plan: _PlannedOptOut) -> None:
        """As log_optout: the request recorded, then applied at once."""
        chosen = sorted(s for v in plan.vendor_ids for s in self.sharings_of[v])
        returned_form = plan.channel is Channel.POST and self.rng.random() < 0.8
        request = record_request(
            self.session,
            self.context,
            client_id=plan.client_id,
            channel=plan.channel,
            scope=plan.scope,
            chosen_sharing_ids=",".join(map(str, chosen)),
            received_at=plan.received_at,
            note=plan.note,
            form_reference=format_reference(self.refs[plan.client_id]) if returned_form else "",
            actor=self.actor,
            now=moment,
        )
        apply_request(
            self.session, request, plan.client_id, self.context, now=moment, actor=self.actor
        )
        found = (
            self.session.execute(
                select(VendorNotification)
                .join(
                    NotificationRequest,
                    NotificationRequest.notification_id == VendorNotification.id,
                )
                .where(NotificationRequest.request_id == request.id)
                .order_by(VendorNotification.id)
            )
            .scalars()
            .all()
        )
        notifications = [notification.id for notification in found]
        self.notifications_of[request.id] = notifications
        self.hold_of[request.id] = plan.hold
        self.requests[request.id] = request
        for notification in found:
            self.notifications[notification.id] = notification
            self.requests_of[notification.id].append(request.id)
        if not notifications:  # nobody to tell: complete once applied
            self._acknowledge_later(request, moment)
        elif plan.hold != "unsent":
            days = (0.3, 1.2) if plan.hold else (0.3, 5)
            self.schedule(self.later(moment, days), self.send, request.id)

    def send(self, moment: datetime, request_id: int) -> None:
        """As mark_notification_sent, for each of the request's letters still unsent."""
        for notification_id in self.notifications_of[request_id]:
            notification = self.notifications[notification_id]
            if notification.sent_at is not None or self._held(notification_id, "unsent"):
                continue
            send_notification(
                self.session,
                notification,
                "",
                self.context,
                method=_weighted(self.rng, SEND_METHODS),
                sent_at=moment,
                actor=self.actor,
                now=moment,
            )
            self.schedule(self.later(moment, (1, 8)), self.confirm, notification_id)
        self.session.flush()  # the next request must find these letters sent

    def confirm(self, moment: datetime, notification_id: int) -> None:
        """As record_vendor_confirmation: each request covered completes once all confirmed."""
        if self._held(notification_id, "unconfirmed"):
            return
        note = self.rng.choice(catalogue.CONFIRMATION_NOTES) if self.rng.random() < 0.5 else ""
        completed = confirm_notification(
            self.session,
            self.notifications[notification_id],
            self.context,
            confirmed_at=moment,
            note=note,
            actor=self.actor,
            now=moment,
        )
        for request_id in completed:
            request = self.requests[request_id]
            self._acknowledge_later(request, request.completed_at)
        self.session.flush()

    def _acknowledge_later(self, request: OptOutRequest, completed_at: datetime) -> None:
        if request.acknowledged_at is None:
            self.schedule(self.later(completed_at, (0.1, 2)), self.acknowledge, request.id)

    def acknowledge(self, moment: datetime, request_id: int) -> None:
        """As record_acknowledgement: the confirmation letter or email went to the person."""
        request = self.requests[request_id]
        by_email = request.channel in (Channel.EMAIL.value, Channel.ONLINE.value)
        acknowledge_request(
            self.session,
            request,
            method=AcknowledgementMethod.EMAIL if by_email else AcknowledgementMethod.LETTER,
            acknowledged_at=moment,
            actor=self.actor,
            now=moment,
        )


def _add_optouts(
    session: Session,
    rng: random.Random,
    clients: list[tuple],
    sharings: list[_DemoSharing],
    history: list[dict],
    now: datetime,
    actor: str,
) -> int:
    """Insert the consent history and a year of opt-outs, interleaved in time order.

    Each step runs once the history recorded before it is on the ledger, so a request is
    applied to the client's answers as they stood, and both hash chains stay in time order.
    """
    context = optout_context(session)
    plans = _plan_optouts(rng, clients, sharings, history, context, now)
    history = _before_optouts(history, plans)
    run = _OptOutRun(session, rng, context, sharings, now, actor)
    run.refs = dict(
        session.execute(
            select(Client.id, Client.ref).where(Client.id.in_([plan.client_id for plan in plans]))
        ).all()
    )
    for plan in plans:
        run.schedule(plan.recorded_at, run.log, plan)
    recorded = [event["recorded_at"] for event in history]
    inserted = 0
    while run.queue:
        moment, _, step, args = heapq.heappop(run.queue)
        upto = bisect_right(recorded, moment)
        if step == run.log and upto > inserted:  # only logging reads or writes consents
            ledgers.append(session, "consent_event", history[inserted:upto])
            inserted = upto
        step(moment, *args)
    ledgers.append(session, "consent_event", history[inserted:])
    return len(plans)


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
