"""The demo's year of opt-outs: planned per client from their consent history, then played in
time order through the services' own session-level steps, so the register, Today and the
ledgers look as a real year of the opt-out path would.
"""

from __future__ import annotations

import heapq
import random
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlalchemy import select
from sqlmodel import Session

from app.domain.enums import (
    Channel,
    ConsentState,
    OptOutScope,
)
from app.domain.optout import AcknowledgementMethod, SendMethod, local_date
from app.domain.refcodes import format_reference
from app.persistence import ledgers
from app.persistence.models import (
    Client,
    NotificationRequest,
    OptOutRequest,
    VendorNotification,
)
from app.services import demo_catalogue as catalogue
from app.services.optouts.applying import apply_request
from app.services.optouts.context import OptOutContext, optout_context

# The opt-out service's session-level steps, used inside the demo's one transaction so a demo
# request is logged and applied exactly as a real one (withdrawals on the hash-chained ledger,
# one notification per vendor that must be told). Its public functions each open their own
# transaction, which would break the demo's all-or-nothing promise.
from app.services.optouts.intake import record_request
from app.services.optouts.register import acknowledge_request
from app.services.optouts.telling import confirm_notification, send_notification

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
class DemoSharing:
    id: int
    required: bool
    vendor_id: int
    anonymised: bool


@dataclass(frozen=True)
class PlannedOptOut:
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
    while back < 60 and today <= context.optout_due(today - timedelta(days=back)):
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
    sharings: list[DemoSharing],
    history: list[dict],
    context: OptOutContext,
    now: datetime,
) -> list[PlannedOptOut]:
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
            PlannedOptOut(
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


def _before_optouts(history: list[dict], plans: list[PlannedOptOut]) -> list[dict]:
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


class OptOutRun:
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
        sharings: list[DemoSharing],
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

    def log(self, moment: datetime, plan: PlannedOptOut) -> None:
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


def add_optouts(
    session: Session,
    rng: random.Random,
    clients: list[tuple],
    sharings: list[DemoSharing],
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
    run = OptOutRun(session, rng, context, sharings, now, actor)
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
