"""Dates told to people are true: the caller's own date, the reply-by date printed, lateness."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.domain.enums import Channel, ConsentState, OptOutScope
from app.domain.optout import SendMethod
from app.services import optout_documents, optouts
from app.services.consents import record_consent_answers
from app.services.errors import Conflict
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.unit.documents.pdfcheck import text_of

CONSENTED = NOW  # Friday 20 November, the day the sharing started
BOB_CALLS = datetime(2026, 11, 20, 11, tzinfo=UTC)  # ten business days end Friday 4 December
BOBS_DUE = date(2026, 12, 4)
ADA_CALLS = datetime(2026, 12, 8, 10, tzinfo=UTC)  # Tuesday: ten business days end 22 Dec
ADAS_DUE = date(2026, 12, 22)


@pytest.fixture
def pulsesync(store):
    sharing = make_sharing(store, make_vendor(store, "PulseSync"))
    people = {}
    for given in ("Ada", "Bob"):
        person = make_client(store, given, "Client")
        record_consent_answers(
            store,
            person.ref,
            {sharing.id: ConsentState.GIVEN},
            channel=Channel.PAPER_IN_PERSON,
            occurred_at=CONSENTED,
            actor=ACTOR,
            now=NOW,
        )
        people[given] = person
    return people


def _call(store, person, at: datetime, channel=Channel.PHONE):
    return optouts.log_optout(
        store,
        client_ref=person.ref,
        channel=channel,
        scope=OptOutScope.ALL,
        received_at=at,
        actor=ACTOR,
        now=at,
    )


def _send(store, notification_id: int, at: datetime):
    return optouts.mark_notification_sent(
        store, notification_id, method=SendMethod.EMAIL, sent_at=at, actor=ACTOR, now=at
    )


def test_a_call_that_joins_an_older_unsent_letter_promises_its_own_date(store, pulsesync):
    bobs = _call(store, pulsesync["Bob"], BOB_CALLS)
    adas = _call(store, pulsesync["Ada"], ADA_CALLS)

    assert bobs.due_on == BOBS_DUE and adas.due_on == ADAS_DUE
    [vendor] = adas.vendors
    assert vendor.notification_id == bobs.vendors[0].notification_id  # one letter for both
    assert vendor.due_on == ADAS_DUE  # never 4 December, before she even called
    assert "22 December 2026" in adas.script and "4 December" not in adas.script
    letter = optout_documents.render_confirmation_letter(store, adas.request_id, now=ADA_CALLS)
    text = text_of(letter.data)
    assert "22 December 2026" in text and "4 December 2026" not in text
    # The letter to the vendor covers both people: it is due by the earliest date.
    [pending] = optouts.pending_notifications(store, now=ADA_CALLS)
    assert (pending.due_on, pending.overdue) == (BOBS_DUE, True)


def _post(store, notification_id: int, at: datetime):
    return optouts.mark_notification_sent(
        store, notification_id, method=SendMethod.POST, sent_at=at, actor=ACTOR, now=at
    )


def test_a_posted_letter_is_awaited_by_the_date_it_printed(store, pulsesync):
    logged = _call(store, pulsesync["Ada"], ADA_CALLS)
    [(pending, _letter)] = optout_documents.render_vendor_letters(store, now=ADA_CALLS)
    printed = pending.confirm_by
    assert printed == date(2026, 12, 15)  # five business days from Tuesday 8 December
    posted_later = datetime(2026, 12, 10, 16, tzinfo=UTC)

    progress = _post(store, logged.vendors[0].notification_id, posted_later)

    assert progress.confirm_by == printed
    [row] = optouts.list_optouts(store, now=posted_later)
    assert [v.confirm_by for v in row.vendors] == [printed]
    [reply] = [i for i in optouts.due_items(store, date(2026, 12, 10)) if i.kind.endswith("tion")]
    assert (reply.kind, reply.due) == ("vendor_confirmation", printed)


def test_an_email_sent_days_after_the_letters_were_printed_asks_a_date_still_ahead(
    store, pulsesync
):
    logged = _call(store, pulsesync["Ada"], ADA_CALLS)
    optout_documents.render_vendor_letters(store, now=ADA_CALLS)
    copied = datetime(2026, 12, 21, 9, tzinfo=UTC)  # the coach pastes the email text later
    [pending] = optouts.pending_notifications(store, now=copied)
    assert pending.confirm_by == date(2026, 12, 30)  # five business days: 25 and 28 Dec off
    assert "30 December 2026" in optout_documents.vendor_email_text(store, pending, now=copied)
    progress = _send(store, logged.vendors[0].notification_id, copied)
    assert progress.confirm_by == date(2026, 12, 30)


def test_an_old_letter_that_does_not_name_a_later_request_cannot_be_posted(store, pulsesync):
    bobs = _call(store, pulsesync["Bob"], BOB_CALLS)
    optout_documents.render_vendor_letters(store, now=BOB_CALLS)
    _call(store, pulsesync["Ada"], ADA_CALLS)  # joins the same unsent task
    with pytest.raises(Conflict, match="save the letters again"):
        _post(store, bobs.vendors[0].notification_id, ADA_CALLS + timedelta(hours=1))
    optout_documents.render_vendor_letters(store, now=ADA_CALLS + timedelta(hours=2))
    progress = _post(store, bobs.vendors[0].notification_id, ADA_CALLS + timedelta(hours=3))
    assert progress.confirm_by == date(2026, 12, 15)


def test_a_letter_emailed_without_printing_awaits_five_business_days_from_sending(store, pulsesync):
    logged = _call(store, pulsesync["Ada"], ADA_CALLS)
    progress = _send(store, logged.vendors[0].notification_id, datetime(2026, 12, 9, tzinfo=UTC))
    assert progress.confirm_by == date(2026, 12, 16)


def test_a_request_whose_vendor_has_not_replied_in_time_is_overdue_everywhere(store, pulsesync):
    bobs = _call(store, pulsesync["Bob"], BOB_CALLS)
    _send(store, bobs.vendors[0].notification_id, datetime(2026, 11, 23, 9, tzinfo=UTC))
    today = datetime(2026, 12, 1, 9, tzinfo=UTC)  # the reply was due Monday 30 November

    [row] = optouts.list_optouts(store, now=today)
    assert row.status == "vendors_notified"
    assert (row.next_due, row.overdue) == (date(2026, 11, 30), True)
    [item] = [i for i in optouts.due_items(store, today.date()) if i.kind == "optout_request"]
    assert (item.due, item.overdue) == (date(2026, 11, 30), True)
    assert [r.id for r in optouts.list_optouts(store, overdue_on=today.date())] == [row.id]


def test_a_confirmation_never_sent_to_the_person_is_late_after_the_requests_date(store, pulsesync):
    posted = _call(store, pulsesync["Bob"], BOB_CALLS, channel=Channel.POST)
    notification = posted.vendors[0].notification_id
    _send(store, notification, datetime(2026, 11, 23, 9, tzinfo=UTC))
    optouts.record_vendor_confirmation(
        store,
        notification,
        confirmed_at=datetime(2026, 11, 24, 9, tzinfo=UTC),
        actor=ACTOR,
        now=datetime(2026, 11, 24, 9, tzinfo=UTC),
    )
    [row] = optouts.list_optouts(store, now=datetime(2026, 12, 7, tzinfo=UTC))
    assert row.status == "vendors_confirmed"
    assert (row.next_due, row.overdue) == (BOBS_DUE, True)


def test_a_london_practice_counts_easter_monday_as_a_holiday(store, pulsesync):
    from app.services import practice

    practice.update_practice(
        store,
        {"street": "27 Sumner Street", "city": "London", "postal_code": "SE1 9TG"},
        actor=ACTOR,
    )
    calendar = practice.holiday_calendar_in_use(practice.get_practice(store))
    assert (calendar.part, calendar.part_name, calendar.from_address) == ("ENG", "England", True)
    # Thursday 2 April 2026: Good Friday and Easter Monday are both days off in England.
    logged = _call(store, pulsesync["Ada"], datetime(2026, 4, 2, 10, tzinfo=UTC))
    assert logged.due_on == date(2026, 4, 20)


def test_a_part_that_is_not_of_the_country_is_refused(store):
    from app.domain.errors import ValidationError
    from app.services import practice
    from app.services.errors import InvalidInput

    with pytest.raises((InvalidInput, ValidationError), match="not a region of GB"):
        practice.update_practice(store, {"holiday_subdivision": "BY"}, actor=ACTOR)
    chosen = practice.update_practice(store, {"holiday_subdivision": "SCT"}, actor=ACTOR)
    assert practice.holiday_calendar_in_use(chosen).part_name == "Scotland"


def test_a_posted_confirmation_late_for_the_person_is_overdue_while_vendors_are_awaited(
    store, pulsesync
):
    """Every outstanding step counts: the person's letter was due with the request's date."""
    posted = _call(store, pulsesync["Bob"], BOB_CALLS, channel=Channel.POST)
    _send(store, posted.vendors[0].notification_id, datetime(2026, 12, 3, 9, tzinfo=UTC))
    [row] = optouts.list_optouts(store, now=datetime(2026, 12, 7, 9, tzinfo=UTC))
    assert row.status == "vendors_notified"  # the reply is asked for by 10 December
    assert (row.next_due, row.overdue) == (BOBS_DUE, True)  # but Bob was never told


def test_a_personalised_notice_dates_an_answer_by_the_practices_own_day(store):
    """A withdrawal at 23:22 UTC on 9 July is 00:22 on 10 July in London: the notice says 10."""
    from app.services import documents

    sharing = make_sharing(store, make_vendor(store, "PulseSync"))
    ada = make_client(store, "Ada", "Client")
    late_evening = datetime(2026, 7, 9, 23, 22, tzinfo=UTC)
    record_consent_answers(
        store, ada.ref, {sharing.id: ConsentState.REFUSED}, channel=Channel.ONLINE,
        occurred_at=late_evening, actor=ACTOR, now=NOW,
    )  # fmt: skip
    text = text_of(documents.render_document(store, "notice", ada.ref, now=NOW).data)
    assert "10 July 2026" in text and "9 July 2026" not in text


def test_a_notice_published_in_the_chinese_evening_takes_effect_on_the_chinese_day(store):
    from app.services import notices, practice

    practice.update_practice(
        store, {"country_code": "CN", "holiday_country": "CN", "name": "北京健身"}, actor=ACTOR
    )
    make_sharing(store, make_vendor(store, "PulseSync", countries=("CN",)))
    evening_in_utc = datetime(2026, 12, 1, 20, tzinfo=UTC)  # 04:00 on 2 December in Beijing
    version = notices.publish_notice(store, "First notice", actor=ACTOR, now=evening_in_utc)
    assert version.effective_on == date(2026, 12, 2)
