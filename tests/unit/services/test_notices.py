"""Notice versions: the draft from live records, publishing with a change summary, deliveries,
and the clients the Today page lists."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.domain.enums import Channel, ConsentState, DeliveryMethod
from app.domain.errors import ValidationError
from app.persistence.database import unit_of_work
from app.persistence.models import AuditEntry, NoticeVersion
from app.services import notice_changes, notice_snapshots, notices, practice
from app.services.consents import record_consent_answers
from app.services.errors import Conflict, InvalidInput, NotFound
from tests.helpers.factories import ACTOR, NOW, TODAY, make_client, make_sharing, make_vendor


@pytest.fixture
def coaching(store):
    """Two vendors: a training app with health data (needs consent) and a payment processor."""
    app = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health", "training"))
    payments = make_sharing(
        store, make_vendor(store, "PayFast"), purpose_key="payments", categories=("payment",)
    )
    return app, payments


def test_the_draft_snapshot_and_its_hash_are_stable_and_publishing_freezes_them(store, coaching):
    first = notices.draft_changes(store, today=TODAY)
    assert notices.draft_changes(store, today=TODAY).snapshot_sha256 == first.snapshot_sha256
    assert (first.current, first.changed) == (None, True)
    version = notices.publish_notice(store, "  First   notice ", actor=ACTOR, now=NOW)
    assert (version.number, version.effective_on) == (1, TODAY)
    assert version.snapshot_sha256 == first.snapshot_sha256
    assert version.change_summary == "First notice\nFirst published version."
    after = notices.draft_changes(store, today=TODAY)
    assert (after.current, after.changed, after.changes) == (version, False, ())
    with unit_of_work(store.engine) as session:
        stored = session.execute(select(NoticeVersion)).scalar_one()
        snapshot = json.loads(stored.snapshot_json)
        assert notice_snapshots.snapshot_sha256(snapshot) == stored.snapshot_sha256
    assert [v["name"] for v in snapshot["vendors"]] == ["PayFast", "TrainLoop"]
    [trainloop] = [v for v in snapshot["vendors"] if v["name"] == "TrainLoop"]
    assert trainloop["sharings"][0]["categories"] == ["health", "training"]
    assert trainloop["sharings"][0]["consent_required"] is True
    assert snapshot["categories"]["health"] == {
        "label_en": "Health and fitness assessments",
        "label_zh": "健康与体能评估",
        "sensitive": True,
        "position": 0,  # the catalogue's order, which the stored JSON's sorted keys lose
    }
    by_position = sorted(
        snapshot["categories"], key=lambda k: snapshot["categories"][k]["position"]
    )
    assert by_position == ["health", "training", "payment"]


def test_a_second_version_lists_the_new_vendor_and_what_now_needs_consent(store, coaching):
    notices.publish_notice(store, "First notice", actor=ACTOR, now=NOW)
    make_sharing(
        store,
        make_vendor(store, "FuelWell", countries=("US",)),
        purpose_key="nutrition_advice",
        categories=("body",),
    )
    draft = notices.draft_changes(store, today=TODAY)
    assert draft.changed and draft.changes == ("New service provider: FuelWell.",)
    version = notices.publish_notice(
        store, "We added a nutrition partner.", effective=TODAY + timedelta(days=14),
        actor=ACTOR, now=NOW,
    )  # fmt: skip
    assert version.number == 2
    assert version.change_summary.split("\n") == [
        "We added a nutrition partner.",
        "New service provider: FuelWell.",
    ]
    with pytest.raises(Conflict, match="not changed since version 2"):
        notices.publish_notice(store, "Again", actor=ACTOR, now=NOW)


def test_changed_categories_and_countries_of_a_vendor_are_described_in_both_languages(
    store, coaching
):
    with unit_of_work(store.engine) as session:
        before = notice_snapshots.build_snapshot(session, TODAY)
    after = copy.deepcopy(before)
    [trainloop] = [v for v in after["vendors"] if v["name"] == "TrainLoop"]
    trainloop["countries"] = ["GB", "US"]
    trainloop["sharings"][0]["categories"] = ["health", "training", "wearable"]
    after["categories"]["wearable"] = {
        "label_en": "Wearable and activity data",
        "label_zh": "可穿戴设备与活动数据",
        "sensitive": False,
    }
    changes = notice_changes.diff_snapshots(before, after)
    assert [(c.kind, c.vendor, c.added, c.removed) for c in changes] == [
        ("categories", "TrainLoop", ("wearable",), ()),
        ("countries", "TrainLoop", ("US",), ()),
    ]
    assert notice_changes.change_lines(before, after, "en") == (
        "TrainLoop now also receives: Wearable and activity data.",
        "TrainLoop now also keeps data in: United States.",
    )
    assert notice_changes.change_lines(before, after, "zh") == (
        "TrainLoop现在还会收到：可穿戴设备与活动数据。",
        "TrainLoop现在还在以下地点存储数据：美国。",
    )
    removed = copy.deepcopy(before)
    removed["vendors"] = [v for v in removed["vendors"] if v["name"] != "PayFast"]
    assert notice_changes.change_lines(before, removed, "en") == ("We no longer use PayFast.",)


def test_publishing_refuses_an_empty_summary_and_an_effective_date_before_the_current(
    store, coaching
):
    with pytest.raises(ValidationError, match="what changed"):
        notices.publish_notice(store, "   ", actor=ACTOR, now=NOW)
    notices.publish_notice(store, "First", effective=TODAY, actor=ACTOR, now=NOW)
    make_vendor(store, "Postbird")  # no sharing yet: the notice does not change
    with pytest.raises(Conflict):
        notices.publish_notice(store, "Nothing new", actor=ACTOR, now=NOW)
    practice.update_practice(store, {"email": "hello@example.org"}, actor=ACTOR, now=NOW)
    with pytest.raises(ValidationError, match="cannot take effect before"):
        notices.publish_notice(
            store, "New email", effective=TODAY - timedelta(days=1), actor=ACTOR, now=NOW
        )
    version = notices.publish_notice(store, "New email", actor=ACTOR, now=NOW)
    assert version.change_summary.endswith("Our contact details changed.")
    assert [v.number for v in notices.list_notice_versions(store)] == [2, 1]


def test_publishing_is_audited_without_copying_the_summary(store, coaching):
    notices.publish_notice(store, "Secret wording", actor=ACTOR, now=NOW)
    with unit_of_work(store.engine) as session:
        entry = session.execute(select(AuditEntry).order_by(AuditEntry.id.desc())).scalars()
        last = next(iter(entry))
    assert (last.action, last.entity, last.fields) == ("publish", "notice_version", "")


def test_deliveries_take_clients_off_the_list_of_those_without_the_current_version(store, coaching):
    ada = make_client(store, "Ada", "Lovelace")
    bob = make_client(store, "Bob", "Builder")
    assert notices.clients_without_current_version(store) == []  # nothing published yet
    with pytest.raises(NotFound, match="No privacy notice"):
        notices.record_delivery(
            store, ada.ref, delivered_on=TODAY, method="post", actor=ACTOR, now=NOW
        )
    notices.publish_notice(store, "First", actor=ACTOR, now=NOW)
    assert [c.ref for c in notices.clients_without_current_version(store)] == [bob.ref, ada.ref]
    delivery = notices.record_delivery(
        store, ada.ref, delivered_on=TODAY, method=DeliveryMethod.IN_PERSON, actor=ACTOR, now=NOW
    )
    assert (delivery.notice_version, delivery.method, delivery.acknowledged_on) == (
        1,
        "in-person",
        None,
    )
    assert [c.ref for c in notices.clients_without_current_version(store)] == [bob.ref]
    assert notices.count_clients_without_current_version(store) == 1
    acknowledged = notices.record_acknowledgement(
        store, delivery.id, acknowledged_on=TODAY, actor=ACTOR, now=NOW
    )
    assert acknowledged.acknowledged_on == TODAY
    assert notices.client_deliveries(store, ada.ref) == [acknowledged]


def test_a_delivery_is_checked_before_anything_is_recorded(store, coaching):
    ada = make_client(store, "Ada", "Lovelace")
    notices.publish_notice(store, "First", actor=ACTOR, now=NOW)
    with pytest.raises(InvalidInput) as problem:
        notices.record_delivery(
            store,
            ada.ref,
            delivered_on=TODAY + timedelta(days=1),
            method="pigeon",
            acknowledged_on=date(2020, 1, 1),
            actor=ACTOR,
            now=NOW,
        )
    assert {p.field for p in problem.value.problems} == {
        "method",
        "delivered_on",
        "acknowledged_on",
    }
    assert notices.client_deliveries(store, ada.ref) == []


def test_clients_who_never_answered_a_sharing_that_needs_consent_are_listed(store, coaching):
    app, payments = coaching
    ada = make_client(store, "Ada", "Lovelace")
    bob = make_client(store, "Bob", "Builder")
    cat = make_client(store, "Cat", "Stevens")
    for client, state in ((bob, ConsentState.GIVEN), (cat, ConsentState.REFUSED)):
        record_consent_answers(
            store, client.ref, {app.id: state}, channel=Channel.PAPER_IN_PERSON,
            occurred_at=NOW, actor=ACTOR, now=NOW,
        )  # fmt: skip
    needing = notices.clients_needing_new_consent(store, today=TODAY)
    assert [(row.client.ref, row.sharing_ids, row.vendors) for row in needing] == [
        (ada.ref, (app.id,), ("TrainLoop",))
    ]
    assert payments.id not in needing[0].sharing_ids  # contract: no consent needed
