"""A client who asks to stop a sharing on legitimate interests has objected (GDPR Art. 21):
the objection is recorded, weighed and answered, never silently ignored."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain.enums import Channel, ConsentState, OptOutScope
from app.domain.errors import ValidationError
from app.domain.optout import ObjectionDecision
from app.services import integrity, optout_documents, optouts, vendors
from app.services.consents import record_consent_answers
from app.services.errors import Conflict
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.unit.documents.pdfcheck import normalised, text_of

CALL = NOW + timedelta(hours=2)  # Friday 20 November 2026, 12:00
# One calendar month ends Sunday 20 December; the practice promises 30 days: the same day.
ANSWER_BY = date(2026, 12, 20)


@pytest.fixture
def backups(store):
    """CloudVault keeps backups of client records on the practice's legitimate interests."""
    cloud = make_vendor(store, "CloudVault")
    backup = make_sharing(store, cloud, "backup", ("contact",))
    training = make_sharing(store, make_vendor(store, "TrainLoop"))
    ada = make_client(store, "Ada", "Lovelace")
    record_consent_answers(
        store, ada.ref, {training.id: ConsentState.GIVEN}, channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW, actor=ACTOR, now=NOW,
    )  # fmt: skip
    return ada, cloud, backup


def _object(store, client, vendor, channel=Channel.POST):
    return optouts.log_optout(
        store, client_ref=client.ref, channel=channel, scope=OptOutScope.CHOSEN,
        chosen_vendor_ids=[vendor.id], received_at=CALL, actor=ACTOR, now=CALL,
    )  # fmt: skip


def test_asking_to_stop_the_backups_is_recorded_as_an_objection_with_its_date(store, backups):
    ada, cloud, backup = backups
    result = _object(store, ada, cloud, channel=Channel.PHONE)

    [objection] = result.objections
    assert (objection.vendor, objection.sharing_id, objection.due_on) == (
        "CloudVault",
        backup.id,
        ANSWER_BY,
    )
    assert result.continuing == () and result.stopped == ()
    assert "You object to the following" in result.script and "20 December 2026" in result.script
    assert result.status == "objection_open"
    [item] = [i for i in optouts.due_items(store, CALL.date()) if i.kind == "objection"]
    assert (item.due, item.target_id) == (ANSWER_BY, result.request_id)
    assert "Ada Lovelace" not in item.subject  # Today names the reference, not the person


def test_stop_everything_reaches_the_backups_but_names_no_objection(store, backups):
    ada, _cloud, backup = backups
    result = optouts.log_optout(
        store, client_ref=ada.ref, channel=Channel.PHONE, scope=OptOutScope.ALL,
        received_at=CALL, actor=ACTOR, now=CALL,
    )  # fmt: skip
    assert result.objections == ()
    assert [line.sharing_id for line in result.continuing] == [backup.id]
    assert "object to it separately" in result.continuing[0].reason


def test_declining_needs_the_reason_the_client_is_given(store, backups):
    ada, cloud, _backup = backups
    [objection] = _object(store, ada, cloud).objections
    with pytest.raises(ValidationError, match="Say why the sharing goes on"):
        optouts.answer_objection(
            store, objection.id, decision=ObjectionDecision.DECLINED, actor=ACTOR, now=CALL
        )
    row = optouts.answer_objection(
        store, objection.id, decision=ObjectionDecision.DECLINED, actor=ACTOR, now=CALL,
        reason="We must be able to restore your records after a fault; they are encrypted.",
    )  # fmt: skip
    assert row.status == "vendors_confirmed"  # a posted request: the person is still to be told
    [answered] = row.objections
    assert answered.decision == "declined" and answered.decided_at == CALL
    letter = normalised(
        text_of(optout_documents.render_confirmation_letter(store, row.id, now=CALL).data)
    )
    assert "it goes on, because: We must be able to restore your records" in letter
    with pytest.raises(Conflict, match="already answered"):
        optouts.answer_objection(
            store, objection.id, decision=ObjectionDecision.UPHELD, actor=ACTOR, now=CALL
        )


def test_upholding_stops_the_sharing_and_tells_the_vendor(store, backups):
    ada, cloud, _backup = backups
    [objection] = _object(store, ada, cloud).objections
    later = datetime(2026, 11, 24, 9, tzinfo=UTC)

    row = optouts.answer_objection(
        store, objection.id, decision=ObjectionDecision.UPHELD, actor=ACTOR, now=later
    )

    assert row.status == "applied"  # CloudVault is now to be told
    [told] = row.vendors
    assert told.vendor == "CloudVault" and told.sent_at is None
    [pending] = optouts.pending_notifications(store, now=later)
    assert pending.due_on == date(2026, 12, 8)  # ten business days from the answer
    [listed] = vendors.do_not_share_list(store, cloud.id)
    assert (listed.ref, listed.state, listed.since) == (ada.ref, "withdrawn", later)
    letter = normalised(
        text_of(optout_documents.render_confirmation_letter(store, row.id, now=later).data)
    )
    assert "we agree: it stopped on 24 November 2026." in letter
    assert integrity.check(store).ok


def test_an_objection_upheld_after_the_requests_date_is_due_from_the_answer(store, backups):
    ada, cloud, _backup = backups
    logged = _object(store, ada, cloud)  # received Friday 20 November: its date is 4 December
    [objection] = logged.objections
    answered = datetime(2026, 12, 10, 9, tzinfo=UTC)

    row = optouts.answer_objection(
        store, objection.id, decision=ObjectionDecision.UPHELD, actor=ACTOR, now=answered
    )

    [told] = row.vendors
    assert told.due_on == date(2026, 12, 24)  # ten business days from the answer
    assert (row.next_due, row.overdue) == (date(2026, 12, 4), True)  # Ada was never written to
    optouts.record_acknowledgement(
        store, row.id, method="letter", acknowledged_at=answered, actor=ACTOR, now=answered
    )
    [row] = optouts.list_optouts(store, now=answered)
    assert (row.next_due, row.overdue) == (date(2026, 12, 24), False)
    letter = normalised(
        text_of(optout_documents.render_confirmation_letter(store, row.id, now=answered).data)
    )
    assert "CloudVault: to be told by 24 December 2026" in letter
    assert not re.search(r"\b4 December", letter)  # the request's date, long past


def test_a_letter_about_an_objection_alone_does_not_say_nothing_changed(store, backups):
    ada, cloud, _backup = backups
    logged = _object(store, ada, cloud)
    letter = normalised(
        text_of(optout_documents.render_confirmation_letter(store, logged.request_id).data)
    )
    assert "Your objection" in letter
    assert "nothing needed to change" not in letter and "no service provider" not in letter


def test_a_request_waiting_on_its_objection_is_not_completed_nor_listed_twice(store, backups):
    ada, cloud, _backup = backups
    logged = _object(store, ada, cloud, channel=Channel.PHONE)
    [row] = optouts.list_optouts(store, now=CALL)
    assert row.completed_at is None and row.status == "objection_open"
    items = [i for i in optouts.due_items(store, CALL.date()) if i.target_id == row.id]
    assert [i.kind for i in items] == ["objection"]
    [objection] = logged.objections
    later = CALL + timedelta(days=3)
    row = optouts.answer_objection(
        store, objection.id, decision=ObjectionDecision.DECLINED, reason="Needed to restore.",
        actor=ACTOR, now=later,
    )  # fmt: skip
    assert row.status == "closed" and row.completed_at == later


def test_once_upheld_the_backups_are_not_said_to_go_on_nor_objected_to_again(store, backups):
    ada, cloud, backup = backups
    [objection] = _object(store, ada, cloud).objections
    optouts.answer_objection(
        store, objection.id, decision=ObjectionDecision.UPHELD, actor=ACTOR, now=CALL
    )
    later = CALL + timedelta(days=5)
    everything = optouts.log_optout(
        store, client_ref=ada.ref, channel=Channel.PHONE, scope=OptOutScope.ALL,
        received_at=later, actor=ACTOR, now=later,
    )  # fmt: skip
    assert backup.id not in [line.sharing_id for line in everything.continuing]
    again = optouts.log_optout(
        store, client_ref=ada.ref, channel=Channel.EMAIL, scope=OptOutScope.CHOSEN,
        chosen_vendor_ids=[cloud.id], received_at=later, actor=ACTOR, now=later,
    )  # fmt: skip
    assert again.objections == ()
    assert "already show that we do not share" in again.script
