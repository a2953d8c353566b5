"""Retention that ends: a former client kept past the notice's promise is listed, put on
Today, and erased without a request, the vendors that received the data told; a client whose
period runs, one reactivated, or one with an open opt-out is not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from app.domain.enums import Channel, ClientStatus, ConsentState, OptOutScope
from app.domain.erasure import ERASED_NAME
from app.domain.errors import ValidationError
from app.services import (
    clients,
    consents,
    due,
    erasure,
    integrity,
    optout_documents,
    optouts,
    retention,
)
from app.services.errors import Conflict
from app.services.optouts.telling import pending_notifications
from tests.helpers.factories import ACTOR, NOW, TODAY, make_client, make_sharing, make_vendor

# Thirteen months and a day after the clients below stopped (on TODAY).
LATER = NOW + timedelta(days=396)


def archived(store, given, family, *, stopped_on=TODAY, **fields):
    row = make_client(store, given, family, **fields)
    clients.set_client_status(
        store, row.ref, ClientStatus.FORMER, actor=ACTOR, now=NOW, last_session=stopped_on
    )
    return row


@pytest.fixture
def practice(store):
    coaching = make_sharing(store, make_vendor(store, "TrainLoop"))
    make_sharing(store, make_vendor(store, "MailFox"), "newsletter", ("contact",))
    ada = archived(store, "Ada", "Lovelace", email="ada@example.com")
    consents.record_consent_answers(
        store,
        ada.ref,
        {coaching.id: ConsentState.GIVEN},
        channel=Channel.VERBAL_IN_PERSON,
        occurred_at=NOW,
        actor=ACTOR,
        now=NOW,
    )
    make_client(store, "Grace", "Hopper")  # still coaching
    return ada


def test_a_former_client_past_twelve_months_is_listed_with_each_category_and_put_on_today(
    store, practice
):
    assert retention.past_promise(store, now=NOW) == []
    (row,) = retention.past_promise(store, now=LATER)
    assert (row.client_ref, row.name, row.stopped_on) == (practice.ref, "Ada Lovelace", TODAY)
    assert [item.key for item in row.ended] == ["contact", "training"]
    assert row.ended_on == date(2027, 11, 20) and row.days_past == 31
    (line,) = [item for item in due.due_items(store, LATER.date()) if item.kind == "retention"]
    assert line.subject == "1 former client is past what the notice promises"
    assert line.overdue and line.opens.place == "retention_past"


def test_erasing_for_retention_scrubs_the_client_and_tells_the_vendors_that_received_data(
    store, practice
):
    plan = erasure.plan_retention_erasure(store, practice.ref, now=LATER)
    assert plan.refusal is None and plan.vendors == ("TrainLoop",)
    result = erasure.erase_for_retention(store, practice.ref, actor=ACTOR, now=LATER)
    assert result.vendors == ("TrainLoop",)
    assert [kept.key for kept in result.kept] == ["consent_ledger", "suppression"]
    detail = clients.get_client(store, practice.ref)
    assert (detail.given_name, detail.row.email, detail.row.status) == (ERASED_NAME, "", "erased")
    assert clients.find_clients(store, "Lovelace") == []
    (pending,) = pending_notifications(store, now=LATER)
    (person,) = pending.people
    assert pending.vendor == "TrainLoop" and person.erase and person.received_on == LATER.date()
    # No request was received: the vendor is told the promised period ended.
    email = optout_documents.vendor_email_text(store, pending, now=LATER)
    assert "the period we promised to keep it has ended" in email and "Received" not in email
    assert pending.due_on == date(2028, 1, 21)  # a month to act on it
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT reason, request_id FROM erasure")).one() == (
            "retention",
            None,
        )
    assert retention.past_promise(store, now=LATER) == []
    assert not [item for item in due.due_items(store, LATER.date()) if item.kind == "retention"]
    report = integrity.check(store)
    assert report.ok, report.problems


def test_a_client_whose_period_still_runs_is_refused_in_one_sentence(store, practice):
    grace = make_client(store, "Grace", "Brewster")
    for ref in (practice.ref, grace.ref):
        with pytest.raises(Conflict, match="retention period has not ended"):
            erasure.erase_for_retention(store, ref, actor=ACTOR, now=NOW + timedelta(days=30))
    assert clients.get_client(store, practice.ref).row.email == "ada@example.com"


def test_an_open_opt_out_is_finished_first(store, practice):
    optouts.log_optout(
        store,
        client_ref=practice.ref,
        channel=Channel.EMAIL,
        scope=OptOutScope.ALL,
        received_at=LATER - timedelta(hours=1),
        actor=ACTOR,
        now=LATER,
    )
    plan = erasure.plan_retention_erasure(store, practice.ref, now=LATER)
    assert plan.refusal is not None and "opt-out" in plan.refusal.text()
    with pytest.raises(Conflict, match="opt-out"):
        erasure.erase_for_retention(store, practice.ref, actor=ACTOR, now=LATER)


def test_a_reactivated_client_has_no_period_running_and_archiving_again_starts_a_new_one(
    store, practice
):
    clients.set_client_status(store, practice.ref, ClientStatus.ACTIVE, actor=ACTOR, now=NOW)
    assert retention.past_promise(store, now=LATER) == []
    clients.set_client_status(
        store,
        practice.ref,
        ClientStatus.FORMER,
        actor=ACTOR,
        now=LATER,
        last_session=LATER.date() - timedelta(days=10),
    )
    assert retention.past_promise(store, now=LATER) == []
    assert integrity.check(store).ok


def test_the_last_session_is_not_in_the_future_nor_before_the_client_was_added(store):
    ada = make_client(store, "Ada", "Byron")
    for day in (TODAY + timedelta(days=1), TODAY - timedelta(days=1)):
        with pytest.raises(ValidationError):
            clients.set_client_status(
                store, ada.ref, ClientStatus.FORMER, actor=ACTOR, now=NOW, last_session=day
            )
    assert clients.get_client(store, ada.ref).row.status == "active"  # nothing half saved
