"""The incident log: a vendor's breach logged with its clock, the steps, and what is refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.domain.enums import Channel, ConsentState
from app.domain.incidents import IncidentKind, Risk
from app.services import due, incidents, integrity, practice
from app.services.consents import record_consent_answers
from app.services.errors import Conflict, InvalidInput, NotFound
from app.services.incidents import IncidentDraft
from tests.helpers.factories import (
    ACTOR,
    NOW,
    TODAY,
    make_client,
    make_sharing,
    make_vendor,
    withdraw_by_optout,
)


def a_vendor_with_clients(store):
    """TrainLoop gets health data with consent: Ada said yes (and withdrew later), Bo said
    no, Cy never answered. LetterBox needs no consent and reaches everyone."""
    vendor = make_vendor(store, "TrainLoop")
    sharing = make_sharing(store, vendor, categories=("health", "contact"))
    ada, bo, cy = (make_client(store, name, "Test") for name in ("Ada", "Bo", "Cy"))
    for client, state in ((ada, ConsentState.GIVEN), (bo, ConsentState.REFUSED)):
        record_consent_answers(
            store,
            client.ref,
            {sharing.id: state},
            channel=Channel.EMAIL,
            occurred_at=NOW - timedelta(hours=5),
            actor=ACTOR,
            now=NOW - timedelta(hours=5),
        )
    withdraw_by_optout(store, ada, sharing.id, at=NOW - timedelta(hours=4))
    return vendor, (ada, bo, cy)


def breach_of(vendor, **fields) -> IncidentDraft:
    fields.setdefault("aware_at", NOW - timedelta(hours=2))
    return IncidentDraft(
        summary="TrainLoop emailed: a database of theirs was copied",
        kind=IncidentKind.VENDOR_BREACH,
        vendor_id=vendor.id,
        **fields,
    )


def test_a_vendors_breach_affects_every_client_whose_data_it_received(store):
    vendor, (ada, _bo, _cy) = a_vendor_with_clients(store)
    row = incidents.log_incident(store, breach_of(vendor), actor=ACTOR, now=NOW)
    # Ada's data went before she withdrew; Bo refused and Cy never answered: not sent.
    assert row.affected_refs == (ada.ref,)
    assert row.affected_from == "vendor"
    assert row.categories == ("contact", "health")
    assert row.authority_due_at == NOW - timedelta(hours=2) + timedelta(hours=72)
    assert (row.status, row.step) == ("open", "assess")


def test_clients_chosen_by_hand_replace_the_derived_ones(store):
    vendor, (_ada, bo, _cy) = a_vendor_with_clients(store)
    row = incidents.log_incident(
        store, breach_of(vendor, client_refs=(bo.ref,)), actor=ACTOR, now=NOW
    )
    assert (row.affected_refs, row.affected_from) == ((bo.ref,), "chosen")


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"aware_at": NOW + timedelta(hours=1)}, "aware_at", "in the future"),
        ({"happened_at": NOW - timedelta(hours=1)}, "happened_at", "cannot happen after"),
        ({"summary": "   "}, "summary", "what happened"),
    ],
)
def test_bad_moments_or_an_empty_summary_are_refused_and_nothing_is_saved(
    store, fields, field, words
):
    vendor = make_vendor(store, "TrainLoop")
    draft = breach_of(vendor, **{k: v for k, v in fields.items() if k != "summary"})
    if "summary" in fields:
        draft = IncidentDraft(summary=fields["summary"], aware_at=draft.aware_at)
    with pytest.raises(InvalidInput) as refused:
        incidents.log_incident(store, draft, actor=ACTOR, now=NOW)
    assert refused.value.for_field(field) and words in str(refused.value)
    assert incidents.list_incidents(store) == []


def test_an_unknown_vendor_is_refused_and_nothing_is_saved(store):
    draft = IncidentDraft(summary="Breach", aware_at=NOW, vendor_id=999)
    with pytest.raises(NotFound, match="not on the register"):
        incidents.log_incident(store, draft, actor=ACTOR, now=NOW)
    assert incidents.list_incidents(store) == []


def test_the_open_incident_is_on_today_with_its_clock_until_it_is_closed(store):
    vendor, _clients = a_vendor_with_clients(store)
    row = incidents.log_incident(store, breach_of(vendor), actor=ACTOR, now=NOW)
    [line] = [item for item in due.due_items(store, TODAY) if item.kind == "incident"]
    assert line.urgent and line.due_at == row.authority_due_at
    assert line.due == TODAY + timedelta(days=3) and not line.overdue

    incidents.assess_incident(
        store, row.id, risk=Risk.HIGH, reasons="Health data", actor=ACTOR, now=NOW
    )
    told = incidents.record_authority(
        store, row.id, notify=True, notified_at=NOW, actor=ACTOR, now=NOW
    )
    assert told.authority_notified_at == NOW and told.step == "clients"
    [line] = [item for item in due.due_items(store, TODAY) if item.kind == "incident"]
    assert line.due_at is None  # the authority's clock has stopped
    with pytest.raises(Conflict, match="cannot be closed yet"):
        incidents.close_incident(store, row.id, actor=ACTOR, now=NOW)
    incidents.record_clients(store, row.id, notify=True, notified_at=NOW, actor=ACTOR, now=NOW)
    closed = incidents.close_incident(store, row.id, actor=ACTOR, now=NOW)
    assert (closed.status, closed.closed_at) == ("closed", NOW)
    assert not [item for item in due.due_items(store, TODAY) if item.kind == "incident"]


def test_telling_the_authority_after_the_deadline_needs_the_reason_for_the_delay(store):
    vendor = make_vendor(store, "TrainLoop")
    aware = NOW - timedelta(hours=80)
    row = incidents.log_incident(store, breach_of(vendor, aware_at=aware), actor=ACTOR, now=NOW)
    [line] = [item for item in due.due_items(store, TODAY) if item.kind == "incident"]
    assert not line.overdue  # by its day: due at 02:00 today
    assert line.overdue_at(NOW) and not line.overdue_at(line.due_at)  # by the hour
    with pytest.raises(InvalidInput, match="after its deadline"):
        incidents.record_authority(store, row.id, notify=True, actor=ACTOR, now=NOW)
    assert incidents.get_incident(store, row.id).authority_notified_at is None
    told = incidents.record_authority(
        store,
        row.id,
        notify=True,
        delay_reason="The vendor's details came late",
        actor=ACTOR,
        now=NOW,
    )
    assert told.authority_delay_reason == "The vendor's details came late"


def test_not_telling_the_authority_needs_the_reason(store):
    row = incidents.log_incident(
        store, IncidentDraft(summary="Laptop lost", aware_at=NOW), actor=ACTOR, now=NOW
    )
    with pytest.raises(InvalidInput, match="why the authority is not told"):
        incidents.record_authority(store, row.id, notify=False, actor=ACTOR, now=NOW)
    decided = incidents.record_authority(
        store, row.id, notify=False, reason="Encrypted disk", actor=ACTOR, now=NOW
    )
    assert (decided.authority_decision, decided.authority_decided_at) == ("not_notify", NOW)


def test_under_ccpa_alone_the_incident_has_no_authority_clock_and_says_why(store):
    practice.update_practice(store, {"jurisdictions": ("ccpa",)}, actor=ACTOR, now=NOW)
    row = incidents.log_incident(
        store,
        IncidentDraft(summary="Email to the wrong client", aware_at=NOW),
        actor=ACTOR,
        now=NOW,
    )
    assert row.authority_due_at is None
    assert any("state breach laws" in note for note in row.notes)


def test_incidents_are_never_deleted_and_every_change_is_audited(store):
    row = incidents.log_incident(
        store, IncidentDraft(summary="Laptop lost", aware_at=NOW), actor=ACTOR, now=NOW
    )
    incidents.assess_incident(
        store, row.id, risk=Risk.UNLIKELY, reasons="Encrypted", actor=ACTOR, now=NOW
    )
    with store.engine.connect() as connection:
        actions = connection.execute(
            text("SELECT action, fields FROM audit_log WHERE entity = 'incident' ORDER BY id")
        ).all()
        assert [action for action, _fields in actions] == ["create", "assess"]
        assert "Laptop" not in " ".join(fields for _a, fields in actions)  # names, not values
        with pytest.raises(DBAPIError, match="kept"):
            connection.execute(text("DELETE FROM incident"))
    assert integrity.check(store).ok


def test_an_incident_changed_outside_the_program_is_found_by_check(store):
    row = incidents.log_incident(
        store, IncidentDraft(summary="Laptop lost", aware_at=NOW), actor=ACTOR, now=NOW
    )
    with store.engine.begin() as connection:
        connection.execute(
            text("UPDATE incident SET summary = 'nothing' WHERE id = :id"), {"id": row.id}
        )
    report = integrity.check(store)
    assert any(f"incident {row.id} was changed outside" in problem for problem in report.problems)
