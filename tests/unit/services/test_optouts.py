"""Opt-outs as stories 2-4 tell them: logged, applied at once, vendors told and confirmed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from app.domain.enums import Channel, ClientStatus, ConsentState, OptOutScope, VendorStatus
from app.domain.errors import ReferenceCodeError, ValidationError
from app.domain.optout import AcknowledgementMethod, OptOutStatus, SendMethod
from app.domain.refcodes import check_character, format_reference
from app.persistence.database import unit_of_work
from app.persistence.models import (
    AuditEntry,
    ConsentEvent,
    NotificationRequest,
    OptOutRequest,
    Vendor,
    VendorNotification,
)
from app.services import clients, integrity, optout_documents, optouts, practice, vendors
from app.services.consents import record_consent_answers
from app.services.errors import Conflict, InvalidInput, NotFound
from app.services.optouts import DuplicateOptOut
from app.services.rows import ClientRow, SharingRow
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor

# Wednesday before Christmas: 10 business days in England skip 25 and 28 December (Boxing
# Day falls on a Saturday, so the Monday is the holiday) and New Year's Day.
WEDNESDAY_BEFORE_CHRISTMAS = datetime(2026, 12, 23, 14, 0, tzinfo=UTC)
TEN_BUSINESS_DAYS_LATER = date(2027, 1, 11)
CALL_NOW = WEDNESDAY_BEFORE_CHRISTMAS + timedelta(minutes=5)
TABLES = (OptOutRequest, ConsentEvent, VendorNotification, NotificationRequest, AuditEntry)


@dataclass(frozen=True)
class Coaching:
    ada: ClientRow
    training: SharingRow  # consent: TrainLoop, identified, with contact details
    payments: SharingRow  # contract: Paydeck, goes on
    newsletter: SharingRow  # consent, marketing: Postbird
    nutrition: SharingRow  # sensitive: FuelWell, Ada refused it


@pytest.fixture
def coaching(store) -> Coaching:
    ada = make_client(store, "Ada", "Lovelace", email="ada@example.org", phone="020 7946 0958")
    training = make_sharing(store, make_vendor(store, "TrainLoop"))
    payments = make_sharing(
        store, make_vendor(store, "Paydeck"), purpose_key="payments", categories=("payment",)
    )
    newsletter = make_sharing(
        store,
        make_vendor(store, "Postbird"),
        purpose_key="newsletter",
        categories=("contact", "marketing"),
    )
    nutrition = make_sharing(
        store, make_vendor(store, "FuelWell"), purpose_key="nutrition_advice", categories=("body",)
    )
    _answer(store, ada, training, newsletter, state=ConsentState.GIVEN)
    _answer(store, ada, nutrition, state=ConsentState.REFUSED)
    return Coaching(ada, training, payments, newsletter, nutrition)


def _answer(store, client, *sharings, state, at=NOW):
    record_consent_answers(
        store,
        client.ref,
        {sharing.id: state for sharing in sharings},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=at,
        actor=ACTOR,
        now=at,
    )


def _log(store, client: ClientRow | None, **fields):
    fields.setdefault("channel", Channel.PHONE)
    fields.setdefault("scope", OptOutScope.ALL)
    fields.setdefault("received_at", WEDNESDAY_BEFORE_CHRISTMAS)
    fields.setdefault("now", CALL_NOW)
    return optouts.log_optout(
        store, client_ref=client.ref if client else None, actor=ACTOR, **fields
    )


def _states(store, client: ClientRow) -> dict[str, str]:
    detail = clients.get_client(store, client.ref)
    return {line.vendor: line.state.value for line in detail.consents}


def _counts(store) -> dict[str, int]:
    with unit_of_work(store.engine) as session:
        return {
            table.__tablename__: session.execute(
                select(func.count()).select_from(table)
            ).scalar_one()
            for table in TABLES
        }


def _send_and_confirm(store, result, *, sent=CALL_NOW, confirmed=CALL_NOW, now=CALL_NOW):
    for vendor in result.vendors:
        optouts.mark_notification_sent(
            store, vendor.notification_id, method=SendMethod.EMAIL, sent_at=sent, actor=ACTOR,
            now=now,
        )  # fmt: skip
        optouts.record_vendor_confirmation(
            store, vendor.notification_id, confirmed_at=confirmed, actor=ACTOR, now=now
        )


# --- story 2: a phone call --------------------------------------------------------------------


def test_phone_opt_out_withdraws_consents_at_once_and_opens_one_task_per_vendor(store, coaching):
    result = _log(store, coaching.ada, note="Called from work, polite.")

    assert _states(store, coaching.ada) == {
        "FuelWell": "refused",  # already said no: left as it was
        "Paydeck": "none",  # contract: never needed consent, goes on
        "Postbird": "withdrawn",
        "TrainLoop": "withdrawn",
    }
    assert result.withdrawn_events == 2
    assert result.due_on == TEN_BUSINESS_DAYS_LATER
    assert [(v.vendor, v.due_on) for v in result.vendors] == [
        ("Postbird", TEN_BUSINESS_DAYS_LATER),
        ("TrainLoop", TEN_BUSINESS_DAYS_LATER),
    ]
    assert result.status == OptOutStatus.APPLIED.value
    history = clients.get_client(store, coaching.ada.ref).history
    linked = [line for line in history if line.optout_request_id == result.request_id]
    assert {(line.vendor, line.state, line.channel) for line in linked} == {
        ("Postbird", "withdrawn", "phone"),
        ("TrainLoop", "withdrawn", "phone"),
    }
    assert all(line.occurred_at == WEDNESDAY_BEFORE_CHRISTMAS for line in linked)


def test_the_confirmation_script_is_ready_to_read_to_the_caller(store, coaching):
    result = _log(store, coaching.ada)
    assert "23 December 2026" in result.script
    assert "11 January 2027" in result.script
    assert "Delivering your training programme (TrainLoop)" in result.script
    assert f"request number is {result.request_id}" in result.script
    assert result.client_ref == format_reference(coaching.ada.ref)


def test_a_phone_call_counts_as_acknowledged_a_letter_does_not(store, coaching):
    _log(store, coaching.ada)
    bob = make_client(store, "Bob", "Post")
    _answer(store, bob, coaching.training, state=ConsentState.GIVEN)
    _log(store, bob, channel=Channel.POST)
    by_channel = {row.channel: row for row in optouts.list_optouts(store, now=CALL_NOW)}
    assert by_channel["phone"].acknowledged_by == AcknowledgementMethod.ORAL.value
    assert by_channel["post"].acknowledged_at is None


def test_a_chinese_speaking_client_gets_the_script_in_chinese_dates(store, coaching):
    wang = make_client(store, "伟", "王", language="zh")
    _answer(store, wang, coaching.training, state=ConsentState.GIVEN)
    result = _log(store, wang)
    assert result.language == "zh"
    assert "2026年12月23日" in result.script
    assert "提供您的训练计划" in result.script  # the purpose label in Chinese


# --- story 3: a returned form -----------------------------------------------------------------


def test_postal_opt_out_with_a_mistyped_code_is_refused_and_nothing_is_saved(store, coaching):
    before = _counts(store)
    ref = coaching.ada.ref
    swapped = ref[:2] + ref[3] + ref[2] + ref[4:]
    assert swapped != ref
    with pytest.raises(ReferenceCodeError, match="mistyped"):
        optouts.log_optout(
            store, client_ref=swapped, channel=Channel.POST, scope=OptOutScope.ALL,
            received_at=WEDNESDAY_BEFORE_CHRISTMAS, actor=ACTOR, now=CALL_NOW,
        )  # fmt: skip
    assert _counts(store) == before


def test_a_returned_form_keeps_its_scan_on_the_request_and_the_withdrawals(
    store, coaching, tmp_path
):
    scan = tmp_path / "returned-form.pdf"
    scan.write_bytes(b"%PDF-1.4 ticked all")
    result = _log(
        store,
        coaching.ada,
        channel=Channel.POST,
        form_reference=coaching.ada.ref,
        evidence=scan,
        received_at=datetime(2026, 12, 21, 9, 0, tzinfo=UTC),
    )
    [row] = optouts.list_optouts(store, now=CALL_NOW)
    assert row.evidence_file and (store.paths.evidence / row.evidence_file).exists()
    history = clients.get_client(store, coaching.ada.ref).history
    assert {
        line.evidence_file for line in history if line.optout_request_id == result.request_id
    } == {row.evidence_file}


def test_marketing_only_touches_only_marketing_sharings(store, coaching):
    result = _log(store, coaching.ada, scope=OptOutScope.MARKETING, channel=Channel.EMAIL)
    assert _states(store, coaching.ada)["Postbird"] == "withdrawn"
    assert _states(store, coaching.ada)["TrainLoop"] == "given"
    assert [v.vendor for v in result.vendors] == ["Postbird"]
    assert result.continuing == ()
    assert [s.vendor for s in result.stopped] == ["Postbird"]


def test_chosen_vendors_stop_only_those_vendors(store, coaching):
    result = _log(
        store,
        coaching.ada,
        scope=OptOutScope.CHOSEN,
        chosen_vendor_ids=[coaching.training.vendor_id],
    )
    assert _states(store, coaching.ada)["TrainLoop"] == "withdrawn"
    assert _states(store, coaching.ada)["Postbird"] == "given"
    assert [v.vendor for v in result.vendors] == ["TrainLoop"]
    [row] = optouts.list_optouts(store, now=CALL_NOW)
    assert row.scope_vendors == ("TrainLoop",)


def test_the_payment_processor_goes_on_and_the_result_says_why(store, coaching):
    result = _log(store, coaching.ada)
    [payments] = result.continuing
    assert (payments.vendor, payments.purpose) == ("Paydeck", "Taking payment")
    assert "service you signed up for" in payments.reason
    assert "Paydeck" in result.script and payments.reason in result.script
    assert "Paydeck" not in [v.vendor for v in result.vendors]


def test_asking_only_about_the_payment_processor_changes_nothing_and_says_why(store, coaching):
    result = _log(
        store,
        coaching.ada,
        scope=OptOutScope.CHOSEN,
        chosen_vendor_ids=[coaching.payments.vendor_id],
    )
    assert result.stopped == () and result.vendors == () and result.withdrawn_events == 0
    assert "service you signed up for" in result.script
    assert "already show" not in result.script
    # Nothing to tell anyone: complete at once, closed because the call acknowledged it.
    assert result.status == OptOutStatus.CLOSED.value


# --- bad input: a sentence, and nothing half saved --------------------------------------------


def _end_vendor(store, vendor_id: int) -> None:
    with unit_of_work(store.engine) as session:
        session.execute(
            update(Vendor).where(Vendor.id == vendor_id).values(status=VendorStatus.ENDED.value)
        )


@pytest.mark.parametrize(
    ("case", "error", "message"),
    [
        ("unknown reference", NotFound, "No client has the reference code"),
        ("mistyped reference", ReferenceCodeError, "mistyped"),
        ("nobody", InvalidInput, "note the caller"),
        ("future", InvalidInput, "cannot be received in the future"),
        ("naive time", InvalidInput, "with its zone"),
        ("unknown vendor", InvalidInput, "Vendor 999 is not on the register"),
        ("ended vendor", InvalidInput, "Postbird has ended"),
        ("unknown sharing", InvalidInput, "Sharing 999 is not on record"),
        ("chosen without choice", InvalidInput, "Choose at least one vendor"),
        ("choice without chosen", InvalidInput, "only when the scope is 'chosen'"),
        ("bad channel", InvalidInput, "The channel is one of"),
        ("long note", InvalidInput, "limited to 4,000 characters"),
    ],
)
def test_bad_input_gets_one_sentence_and_saves_nothing(store, coaching, case, error, message):
    ref = coaching.ada.ref
    fields = {
        "client_ref": ref,
        "channel": Channel.PHONE,
        "scope": OptOutScope.ALL,
        "received_at": WEDNESDAY_BEFORE_CHRISTMAS,
    }
    chosen = {"scope": OptOutScope.CHOSEN}
    fields.update(
        {
            "unknown reference": {"client_ref": "222222" + check_character("222222")},
            "mistyped reference": {"client_ref": ref[:-1] + ("2" if ref[-1] != "2" else "3")},
            "nobody": {"client_ref": None, "caller_details": "  "},
            "future": {"received_at": CALL_NOW + timedelta(minutes=1)},
            "naive time": {"received_at": datetime(2026, 12, 23, 14, 0)},
            "unknown vendor": {**chosen, "chosen_vendor_ids": [999]},
            "ended vendor": {**chosen, "chosen_vendor_ids": [coaching.newsletter.vendor_id]},
            "unknown sharing": {**chosen, "chosen_sharing_ids": [999]},
            "chosen without choice": chosen,
            "choice without chosen": {"chosen_vendor_ids": [coaching.training.vendor_id]},
            "bad channel": {"channel": "carrier pigeon"},
            "long note": {"note": "x" * 4001},
        }[case]
    )
    if case == "ended vendor":
        _end_vendor(store, coaching.newsletter.vendor_id)
    before = _counts(store)
    with pytest.raises(error, match=message) as raised:
        optouts.log_optout(store, actor=ACTOR, now=CALL_NOW, **fields)
    assert "\n" not in str(raised.value)
    assert _counts(store) == before


def test_the_same_client_and_scope_twice_on_one_day_is_refused_with_the_first_id(store, coaching):
    first = _log(store, coaching.ada)
    before = _counts(store)
    later_that_day = WEDNESDAY_BEFORE_CHRISTMAS + timedelta(hours=3)
    with pytest.raises(DuplicateOptOut, match=f"request {first.request_id}") as raised:
        _log(store, coaching.ada, received_at=later_that_day, now=later_that_day)
    assert raised.value.first_request_id == first.request_id
    assert _counts(store) == before
    # Another scope that day, the same scope the next day, or on purpose: all recorded.
    _log(store, coaching.ada, scope=OptOutScope.MARKETING, now=later_that_day)
    next_day = WEDNESDAY_BEFORE_CHRISTMAS + timedelta(days=1)
    _log(store, coaching.ada, received_at=next_day, now=next_day)
    again = _log(
        store, coaching.ada, received_at=later_that_day, now=later_that_day, allow_duplicate=True
    )
    assert again.withdrawn_events == 0  # already withdrawn: nothing new to withdraw


def test_the_same_day_is_the_practices_local_day(store, coaching):
    practice.update_practice(store, {"holiday_country": "US", "jurisdictions": "ccpa"}, actor=ACTOR)
    # 23:30 on 1 June in New York is already 2 June in UTC.
    evening = datetime(2026, 6, 2, 3, 30, tzinfo=UTC)
    morning = datetime(2026, 6, 1, 13, 0, tzinfo=UTC)
    first = _log(store, coaching.ada, received_at=morning, now=evening)
    with pytest.raises(DuplicateOptOut) as raised:
        _log(store, coaching.ada, received_at=evening, now=evening)
    assert raised.value.first_request_id == first.request_id


def test_a_former_client_can_still_opt_out(store, coaching):
    clients.set_client_status(store, coaching.ada.ref, ClientStatus.FORMER, actor=ACTOR, now=NOW)
    result = _log(store, coaching.ada, channel=Channel.EMAIL)
    assert {v.vendor for v in result.vendors} == {"Postbird", "TrainLoop"}


# --- callers not yet matched ------------------------------------------------------------------


def test_find_callers_matches_phone_digits_in_any_format_and_former_clients(store, coaching):
    clients.set_client_status(store, coaching.ada.ref, ClientStatus.FORMER, actor=ACTOR, now=NOW)
    assert [row.ref for row in optouts.find_callers(store, "+44 20 7946 0958")] == [
        coaching.ada.ref
    ]
    assert [row.ref for row in optouts.find_callers(store, "lovel")] == [coaching.ada.ref]


def test_an_unmatched_caller_is_applied_when_matched_later(store, coaching):
    before = _states(store, coaching.ada)
    result = _log(store, None, caller_details="Ada? 020 7946 0958, could not spell surname")
    assert result.client_ref is None and result.status == OptOutStatus.RECEIVED.value
    assert result.due_on == TEN_BUSINESS_DAYS_LATER
    assert "I will find your records" in result.script
    assert _states(store, coaching.ada) == before
    assert optouts.pending_notifications(store, now=CALL_NOW) == []

    matched = optouts.match_caller(
        store, result.request_id, coaching.ada.ref, actor=ACTOR, now=CALL_NOW + timedelta(days=1)
    )
    assert matched.status == OptOutStatus.APPLIED.value
    assert matched.due_on == TEN_BUSINESS_DAYS_LATER  # the clock ran from receipt
    assert _states(store, coaching.ada)["TrainLoop"] == "withdrawn"
    assert {v.vendor for v in matched.vendors} == {"Postbird", "TrainLoop"}
    with pytest.raises(Conflict, match="already matched"):
        optouts.match_caller(store, result.request_id, coaching.ada.ref, actor=ACTOR)


# --- the ledger's view of consent over time ---------------------------------------------------


def test_a_vendor_that_never_had_the_data_is_not_told(store, coaching):
    quiet = make_client(store, "Quiet", "Person")  # never answered the consent form
    result = _log(store, quiet)
    assert _states(store, quiet)["TrainLoop"] == "withdrawn"  # the wish is on record
    assert result.vendors == ()  # telling TrainLoop would hand it a name it never had
    assert result.status == OptOutStatus.CLOSED.value


def test_a_letter_that_arrives_after_a_newer_consent_does_not_undo_it(store, coaching):
    posted = datetime(2026, 12, 14, 9, 0, tzinfo=UTC)
    consented_again = posted + timedelta(days=2)
    _answer(store, coaching.ada, coaching.training, state=ConsentState.GIVEN, at=consented_again)
    result = _log(store, coaching.ada, channel=Channel.POST, received_at=posted)
    assert _states(store, coaching.ada)["TrainLoop"] == "given"  # the later choice stands
    assert [v.vendor for v in result.vendors] == ["Postbird"]


def test_changing_ones_mind_later_is_a_new_given_event_and_history_is_kept(store, coaching):
    result = _log(store, coaching.ada)
    later = CALL_NOW + timedelta(days=40)
    _answer(store, coaching.ada, coaching.training, state=ConsentState.GIVEN, at=later)
    assert _states(store, coaching.ada)["TrainLoop"] == "given"
    trainloop = [
        (line.state, line.optout_request_id)
        for line in clients.get_client(store, coaching.ada.ref).history
        if line.vendor == "TrainLoop"
    ]
    assert trainloop == [
        ("given", None),
        ("withdrawn", result.request_id),
        ("given", None),
    ]
    assert integrity.check(store).ok


# --- story 4: telling vendors -----------------------------------------------------------------


def test_a_vendor_with_an_unsent_letter_gets_the_next_request_on_the_same_letter(store, coaching):
    bob = make_client(store, "Bob", "Baker", email="bob@example.org")
    _answer(store, bob, coaching.training, state=ConsentState.GIVEN)
    first = _log(store, coaching.ada)
    second = _log(store, bob, received_at=CALL_NOW, now=CALL_NOW + timedelta(minutes=1))
    first_letter = {v.vendor: v.notification_id for v in first.vendors}
    assert second.vendors[0].notification_id == first_letter["TrainLoop"]
    pending = {n.vendor: n for n in optouts.pending_notifications(store, now=CALL_NOW)}
    assert [p.ref for p in pending["TrainLoop"].people] == [
        first.client_ref,
        second.client_ref,
    ]
    optouts.mark_notification_sent(
        store, first_letter["TrainLoop"], method=SendMethod.EMAIL, sent_at=CALL_NOW, actor=ACTOR,
        now=CALL_NOW,
    )  # fmt: skip
    carol = make_client(store, "Carol", "Cook")
    _answer(store, carol, coaching.training, state=ConsentState.GIVEN)
    third = _log(store, carol, received_at=CALL_NOW, now=CALL_NOW + timedelta(minutes=2))
    assert third.vendors[0].notification_id != first_letter["TrainLoop"]


def test_pending_notifications_carry_only_the_identifiers_each_vendor_needs(store, coaching):
    stats = make_vendor(store, "StatsBox")
    pseudonymous = vendors.add_sharing(
        store,
        vendors.SharingDraft(
            vendor_id=stats.id,
            purpose_key="activity_tracking",
            category_keys=("wearable",),
            necessity="Trends only.",
            form="pseudonymised",
        ),
        actor=ACTOR,
        today=NOW.date(),
        now=NOW,
    )
    _answer(store, coaching.ada, pseudonymous, state=ConsentState.GIVEN)
    _log(store, coaching.ada, note="Mentioned her knee injury", caller_details="her husband")
    pending = {n.vendor: n for n in optouts.pending_notifications(store, now=CALL_NOW)}
    [trainloop] = pending["TrainLoop"].people
    [statsbox] = pending["StatsBox"].people
    assert (trainloop.name, trainloop.email) == ("Ada Lovelace", "ada@example.org")
    assert trainloop.stop == ("Delivering your training programme",)
    assert (statsbox.name, statsbox.email) == ("", "")
    assert statsbox.ref == trainloop.ref
    text = optout_documents.vendor_email_text(store, pending["StatsBox"], now=CALL_NOW)
    assert statsbox.ref in text and "Ada" not in text
    text = optout_documents.vendor_email_text(store, pending["TrainLoop"], now=CALL_NOW)
    assert "Ada Lovelace" in text and "ada@example.org" in text
    assert "knee" not in text and "husband" not in text and "020" not in text
    assert pending["TrainLoop"].confirm_by == date(2027, 1, 4)  # 5 business days, holidays


def test_lifecycle_from_received_to_closed(store, coaching):
    received = _log(store, None, channel=Channel.EMAIL, caller_details="ada@example.org")
    statuses = [received.status]
    matched = optouts.match_caller(
        store, received.request_id, coaching.ada.ref, actor=ACTOR, now=CALL_NOW
    )
    statuses.append(matched.status)

    def status() -> str:
        [row] = optouts.list_optouts(store, now=CALL_NOW)
        return row.status

    sent_at = CALL_NOW + timedelta(days=1)
    for vendor in matched.vendors:
        optouts.mark_notification_sent(
            store, vendor.notification_id, method=SendMethod.POST, sent_at=sent_at, actor=ACTOR,
            now=sent_at,
        )  # fmt: skip
    statuses.append(status())
    confirmed_at = sent_at + timedelta(days=2)
    [first, last] = matched.vendors
    optouts.record_vendor_confirmation(
        store, first.notification_id, confirmed_at=confirmed_at, actor=ACTOR, now=confirmed_at
    )
    assert status() == OptOutStatus.VENDORS_NOTIFIED.value  # one still to confirm
    optouts.record_vendor_confirmation(
        store, last.notification_id, confirmed_at=confirmed_at + timedelta(hours=1),
        note="Removed from list", actor=ACTOR, now=confirmed_at + timedelta(hours=1),
    )  # fmt: skip
    statuses.append(status())
    [row] = optouts.list_optouts(store, now=CALL_NOW)
    assert row.completed_at == confirmed_at + timedelta(hours=1)
    closed = optouts.record_acknowledgement(
        store, received.request_id, method=AcknowledgementMethod.LETTER,
        acknowledged_at=confirmed_at, actor=ACTOR, now=confirmed_at + timedelta(hours=2),
    )  # fmt: skip
    statuses.append(closed.status)
    assert statuses == ["received", "applied", "vendors_notified", "vendors_confirmed", "closed"]
    assert optouts.list_optouts(store, open_only=True, now=CALL_NOW) == []
    assert optouts.due_items(store, CALL_NOW.date() + timedelta(days=60)) == []
    assert integrity.check(store).ok


def test_sending_and_confirming_out_of_order_is_refused_in_words(store, coaching):
    result = _log(store, coaching.ada)
    notification = result.vendors[0].notification_id
    with pytest.raises(Conflict, match="sent before its confirmation"):
        optouts.record_vendor_confirmation(
            store, notification, confirmed_at=CALL_NOW, actor=ACTOR, now=CALL_NOW
        )
    with pytest.raises(ValidationError, match="email, post, online"):
        optouts.mark_notification_sent(
            store, notification, method="fax", sent_at=CALL_NOW, actor=ACTOR, now=CALL_NOW
        )
    optouts.mark_notification_sent(
        store, notification, method=SendMethod.EMAIL, sent_at=CALL_NOW, actor=ACTOR, now=CALL_NOW
    )
    with pytest.raises(Conflict, match="already marked sent"):
        optouts.mark_notification_sent(
            store, notification, method=SendMethod.EMAIL, sent_at=CALL_NOW, actor=ACTOR,
            now=CALL_NOW,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="before sending"):
        optouts.record_vendor_confirmation(
            store, notification, confirmed_at=CALL_NOW - timedelta(hours=1), actor=ACTOR,
            now=CALL_NOW,
        )  # fmt: skip
    with pytest.raises(NotFound, match="no vendor notification 999"):
        optouts.mark_notification_sent(
            store, 999, method=SendMethod.EMAIL, sent_at=CALL_NOW, actor=ACTOR, now=CALL_NOW
        )


# --- the register and Today -------------------------------------------------------------------


def test_the_register_filters_by_open_channel_overdue_and_date(store, coaching):
    bob = make_client(store, "Bob", "Baker")
    _answer(store, bob, coaching.training, state=ConsentState.GIVEN)
    phone = _log(store, coaching.ada)
    _send_and_confirm(store, phone)
    posted = _log(store, bob, channel=Channel.POST, received_at=datetime(2026, 12, 1, tzinfo=UTC))

    def ids(**filters) -> list[int]:
        return [row.id for row in optouts.list_optouts(store, now=CALL_NOW, **filters)]

    assert ids() == [phone.request_id, posted.request_id]  # newest first
    assert ids(open_only=True) == [posted.request_id]
    assert ids(channel=Channel.PHONE) == [phone.request_id]
    assert ids(received_from=date(2026, 12, 23)) == [phone.request_id]
    assert ids(received_to=date(2026, 12, 22)) == [posted.request_id]
    assert ids(overdue_on=posted.due_on) == []
    assert ids(overdue_on=posted.due_on + timedelta(days=1)) == [posted.request_id]
    [closed, late] = optouts.list_optouts(store, now=CALL_NOW)
    assert closed.status == "closed" and all(v.confirmed_at for v in closed.vendors)
    assert late.overdue and late.status == "applied"


def test_today_lists_vendor_letters_confirmations_and_open_requests(store, coaching):
    result = _log(store, coaching.ada)
    [postbird, trainloop] = result.vendors
    sent_at = CALL_NOW + timedelta(days=1)
    optouts.mark_notification_sent(
        store, trainloop.notification_id, method=SendMethod.EMAIL, sent_at=sent_at, actor=ACTOR,
        now=sent_at,
    )  # fmt: skip
    first_of_december = datetime(2026, 12, 1, 9, tzinfo=UTC)
    unmatched = _log(store, None, caller_details="A caller", received_at=first_of_december)
    items = optouts.due_items(store, date(2026, 12, 31))
    summary = [(item.kind, item.due, item.overdue, item.target_id) for item in items]
    assert summary == [
        ("optout_request", unmatched.due_on, True, unmatched.request_id),
        # sent Thu 24 Dec: five business days skip Christmas, 28 Dec and New Year's Day; the
        # request's next step is that reply, the earliest one outstanding
        ("optout_request", date(2027, 1, 5), False, result.request_id),
        ("vendor_confirmation", date(2027, 1, 5), False, trainloop.notification_id),
        ("vendor_notification", TEN_BUSINESS_DAYS_LATER, False, postbird.notification_id),
    ]
    assert "Postbird" in items[-1].subject and "caller not yet matched" in items[0].subject
    late = optouts.due_items(store, TEN_BUSINESS_DAYS_LATER + timedelta(days=1))
    assert {item.kind for item in late if item.overdue} == {
        "optout_request",
        "vendor_confirmation",
        "vendor_notification",
    }


def test_the_confirmation_date_is_fixed_when_the_letter_is_sent(store, coaching):
    """A reply-by date given to a vendor does not move when the practice's closed days do."""
    result = _log(store, coaching.ada)
    [_, trainloop] = result.vendors
    sent_at = CALL_NOW + timedelta(days=1)  # Thursday 24 December
    optouts.mark_notification_sent(
        store, trainloop.notification_id, method=SendMethod.EMAIL, sent_at=sent_at, actor=ACTOR,
        now=sent_at,
    )  # fmt: skip
    with unit_of_work(store.engine) as session:
        stored = session.get(VendorNotification, trainloop.notification_id)
        assert stored.confirm_by == date(2027, 1, 5)
    practice.update_practice(store, {"closed_days": "2026-12-29,2026-12-30"}, actor=ACTOR)

    def confirmation_due() -> date:
        items = optouts.due_items(store, date(2026, 12, 31))
        return next(item.due for item in items if item.kind == "vendor_confirmation")

    assert confirmation_due() == date(2027, 1, 5)
    # A letter sent before the date was stored (revision 0005) has it counted, as before.
    with unit_of_work(store.engine) as session:
        session.execute(update(VendorNotification).values(confirm_by=None))
    assert confirmation_due() == date(2027, 1, 7)  # now skipping the two closed days


def test_get_optout_rebuilds_the_result_for_the_confirmation_letter(store, coaching):
    logged = _log(store, coaching.ada, channel=Channel.POST)
    again = optouts.get_optout(store, logged.request_id)
    assert again == logged
    with pytest.raises(NotFound, match="no opt-out request 999"):
        optouts.get_optout(store, 999)


def test_the_audit_log_names_fields_never_the_personal_values(store, coaching):
    _log(store, coaching.ada, note="Knee injury; call after 6", caller_details="her husband")
    with unit_of_work(store.engine) as session:
        entries = session.execute(select(AuditEntry)).scalars().all()
    text = " ".join(f"{e.action} {e.entity} {e.fields}" for e in entries)
    assert "optout_request" in text and "vendor_notification" in text
    assert "Knee" not in text and "husband" not in text


def test_check_is_still_ok_after_everything(store, coaching):
    result = _log(store, coaching.ada)
    _send_and_confirm(store, result)
    _log(store, None, caller_details="Someone")
    assert integrity.check(store).ok


def test_the_holiday_calendar_can_be_loaded_ahead_of_time(store):
    """The window asks the worker to pay the calendar's first load while Today is read."""
    from app.domain import business_days

    business_days._holidays_for.cache_clear()
    optouts.prepare_calendar(store)
    assert business_days._holidays_for.cache_info().currsize == 1
