"""`demo` makes opt-outs the way the coach would have: through the opt-out logic, in time order,
most long finished and a few still open, so the register, Today and the letters have work."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.enums import ConsentState
from app.domain.optout import OptOutStatus, SendMethod
from app.paths import DataPaths
from app.persistence.database import unit_of_work
from app.persistence.models import (
    AuditEntry,
    Client,
    ConsentEvent,
    NotificationRequest,
    OptOutRequest,
    VendorNotification,
)
from app.persistence.store import Store
from app.services import integrity, optouts
from app.services.demo import DemoSettings, DemoSummary, fill_demo
from app.services.demo_optouts import QUIET_DAYS
from tests.helpers.crash import table_digests
from tests.helpers.practice import copy_template

ACTOR = "demo-test"
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
# Ten business days in England from mid-December skip Christmas, Boxing Day and New Year.
AFTER_THE_HOLIDAYS = datetime(2027, 1, 8, 9, 0, tzinfo=UTC)
CLIENTS = 600


def _demo(folder: Path, template: Path, *, clients=CLIENTS, seed=3, now=NOW, **settings):
    paths = copy_template(template, DataPaths(folder))
    with Store.open(paths) as store:
        summary = fill_demo(
            store, DemoSettings(clients=clients, seed=seed, **settings), actor=ACTOR, now=now
        )
    return paths, summary


@pytest.fixture(scope="module")
def demo(tmp_path_factory, template_database) -> tuple[DataPaths, DemoSummary]:
    return _demo(tmp_path_factory.mktemp("demo") / "practice", template_database)


@pytest.fixture(scope="module")
def large(tmp_path_factory, template_database) -> tuple[DataPaths, DemoSummary]:
    """Enough requests (50) that every channel and scope shows up."""
    return _demo(tmp_path_factory.mktemp("large") / "practice", template_database, clients=10_000)


@pytest.fixture
def demo_store(demo):
    with Store.open(demo[0]) as store:
        yield store


def _read(store, *statements):
    with unit_of_work(store.reader) as session:
        return [session.execute(statement).all() for statement in statements]


@pytest.mark.slow  # the 10,000-client demo
def test_about_one_client_in_two_hundred_has_an_opt_out_and_a_small_demo_a_few(
    demo, demo_store, large, tmp_path, template_database
):
    _, summary = demo
    [rows] = _read(demo_store, select(OptOutRequest))
    assert summary.optout_requests == len(rows) == 4  # 600 / 200, but never fewer than four
    assert large[1].optout_requests == 50
    _, tiny = _demo(tmp_path / "tiny", template_database, clients=3, seed=4)
    assert 1 <= tiny.optout_requests <= 3


@pytest.mark.slow  # the 10,000-client demo
def test_requests_come_after_the_client_joined_in_time_order_over_the_past_year(large):
    with Store.open(large[0]) as store:
        [found] = _read(
            store,
            select(OptOutRequest, Client.created_at)
            .join(Client, Client.id == OptOutRequest.client_id)
            .order_by(OptOutRequest.id),
        )
    requests = [request for request, _ in found]
    for request, joined in found:
        assert joined + timedelta(days=1) <= request.received_at <= request.recorded_at < NOW
        assert request.received_at >= NOW - timedelta(days=366)
        # None in the last days: an opt-out logged by hand today is never a duplicate of one.
        assert request.received_at < NOW - timedelta(days=QUIET_DAYS - 1)
    recorded = [request.recorded_at for request in requests]
    assert recorded == sorted(recorded)
    assert len({request.client_id for request in requests}) == len(requests)
    assert {request.channel for request in requests} == {
        "phone",
        "post",
        "email",
        "in-person",
        "online",
    }
    assert {request.scope for request in requests} == {"all", "marketing", "chosen"}
    chosen = [request for request in requests if request.scope == "chosen"]
    assert all(request.scope_sharing_ids for request in chosen)
    assert any(request.form_reference for request in requests if request.channel == "post")
    months = {request.received_at.strftime("%Y-%m") for request in requests}
    assert len(months) >= 6  # spread over the year, not bunched


def test_withdrawals_follow_the_clients_earlier_answers_on_a_chronological_ledger(demo, demo_store):
    events, requests, audit = _read(
        demo_store,
        select(ConsentEvent).order_by(ConsentEvent.id),
        select(OptOutRequest),
        select(AuditEntry).order_by(AuditEntry.id),
    )
    events = [event for (event,) in events]
    requests = {request.id: request for (request,) in requests}
    recorded = [event.recorded_at for event in events]
    assert recorded == sorted(recorded)
    at = [entry.at for (entry,) in audit]
    assert at == sorted(at)
    by_client = defaultdict(list)
    for event in events:
        by_client[event.client_id].append(event)
    withdrawn_by = defaultdict(list)
    for event in events:
        if event.optout_request_id is None:
            continue
        request = requests[event.optout_request_id]
        withdrawn_by[request.id].append(event)
        assert event.state == ConsentState.WITHDRAWN.value
        assert event.client_id == request.client_id
        assert event.occurred_at == request.received_at
        assert event.channel == request.channel
        history = by_client[event.client_id]
        earlier = [e for e in history if e.id < event.id]
        later = [e for e in history if e.id > event.id]
        assert all(e.occurred_at <= request.received_at for e in earlier)
        assert all(e.optout_request_id == request.id for e in later)  # nothing after it
    # The pinned requests (scope all) withdrew something; scopes reached what they should.
    assert sum(1 for request in requests.values() if withdrawn_by[request.id]) >= 2


def test_finished_requests_have_every_vendor_confirmed_and_the_person_told(demo, demo_store):
    rows = optouts.list_optouts(demo_store, now=NOW)
    finished = [row for row in rows if row.status == OptOutStatus.CLOSED.value]
    assert finished
    for row in finished:
        assert row.completed_at is not None and row.acknowledged_at is not None
        assert row.acknowledged_at >= row.recorded_at
        for vendor in row.vendors:
            assert vendor.sent_method in {method.value for method in SendMethod}
            assert row.recorded_at <= vendor.sent_at <= vendor.confirmed_at <= NOW
        if row.vendors:
            assert row.completed_at == max(vendor.confirmed_at for vendor in row.vendors)
    for row in rows:  # older than three weeks: long finished
        if row.received_at < NOW - timedelta(days=22):
            assert row.status == OptOutStatus.CLOSED.value, row


@pytest.mark.parametrize("now", [NOW, AFTER_THE_HOLIDAYS], ids=["november", "january"])
def test_today_shows_an_overdue_letter_an_unanswered_one_and_the_open_requests(
    now, tmp_path, template_database
):
    paths, _ = _demo(tmp_path / "practice", template_database, now=now)
    with Store.open(paths) as store:
        rows = optouts.list_optouts(store, now=now)
        today = optouts.practice_today(store, now)
        items = optouts.due_items(store, today)
        assert integrity.check(store).ok
    open_rows = [row for row in rows if row.status != OptOutStatus.CLOSED.value]
    assert open_rows
    unsent = [v for row in rows for v in row.vendors if v.sent_at is None]
    unanswered = [v for row in rows for v in row.vendors if v.sent_at and not v.confirmed_at]
    assert unsent and unanswered
    kinds = defaultdict(list)
    for item in items:
        kinds[item.kind].append(item)
    letters = {item.target_id: item for item in kinds["vendor_notification"]}
    assert {v.notification_id for v in unsent} == set(letters)
    assert any(item.overdue for item in letters.values())
    assert {v.notification_id for v in unanswered} <= {
        item.target_id for item in kinds["vendor_confirmation"]
    }
    assert {row.id for row in open_rows} == {item.target_id for item in kinds["optout_request"]}


def test_every_step_has_the_audit_entry_its_service_writes(demo, demo_store):
    requests, notifications, entries = _read(
        demo_store,
        select(OptOutRequest),
        select(VendorNotification),
        select(AuditEntry.action, AuditEntry.entity, AuditEntry.entity_id, AuditEntry.fields),
    )
    logged = defaultdict(list)
    for action, entity, entity_id, fields in entries:
        logged[(entity, entity_id)].append((action, fields))
    for (request,) in requests:
        actions = dict(logged[("optout_request", request.id)])
        assert "client_id" in actions["create"]
        late_acknowledgement = request.acknowledged_at and request.acknowledged_by != "oral"
        assert ("acknowledge" in actions) == bool(late_acknowledgement)
    for (notification,) in notifications:
        actions = dict(logged[("vendor_notification", notification.id)])
        assert "create" in actions
        assert ("send" in actions) == (notification.sent_at is not None)
        assert ("confirm" in actions) == (notification.confirmed_at is not None)


def test_the_coach_carries_on_where_the_demo_stops(tmp_path, template_database):
    """The open letters go through the real services: sent, confirmed, the request complete."""
    paths, _ = _demo(tmp_path / "practice", template_database)
    later = NOW + timedelta(days=1)
    with Store.open(paths) as store:
        for pending in optouts.pending_notifications(store, now=later):
            assert pending.people  # every unsent letter names who it is about
            optouts.mark_notification_sent(
                store, pending.notification_id, method=SendMethod.EMAIL, sent_at=later, actor=ACTOR
            )
        [waiting] = _read(
            store,
            select(NotificationRequest.notification_id)
            .join(VendorNotification, VendorNotification.id == NotificationRequest.notification_id)
            .where(VendorNotification.confirmed_at.is_(None))
            .distinct(),
        )
        for (notification_id,) in waiting:
            optouts.record_vendor_confirmation(
                store, notification_id, confirmed_at=later, actor=ACTOR, now=later
            )
        rows = optouts.list_optouts(store, now=later)
        assert all(row.completed_at is not None for row in rows)
        assert integrity.check(store).ok


def test_the_same_seed_and_time_give_the_same_data(demo, tmp_path, template_database):
    first, _ = demo
    again, _ = _demo(tmp_path / "again", template_database)
    other, _ = _demo(tmp_path / "other", template_database, seed=4)
    digests = table_digests(first.database)
    assert table_digests(again.database) == digests
    different = table_digests(other.database)
    for table in ("optout_request", "vendor_notification", "notification_request"):
        assert different[table] != digests[table]


def test_the_demo_with_its_opt_outs_passes_check(demo, demo_store):
    report = integrity.check(demo_store)
    assert report.ok, report.problems
