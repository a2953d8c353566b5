"""Correction (GDPR Art. 16 and 19): a phoned correction carried out in one transaction, the
audit naming the fields, and the vendors that received a corrected field given a task and a
letter; those that received nothing (a refused sharing, an ended one) left out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.domain.enums import Channel, ConsentState, RequestKind
from app.persistence.database import unit_of_work
from app.persistence.models import AuditEntry, Correction, VendorNotification
from app.services import (
    clients,
    consents,
    integrity,
    optout_documents,
    optouts,
    practice,
    requests,
    vendors,
)
from app.services.errors import Conflict, InvalidInput
from app.services.optouts.telling import pending_notifications
from app.services.requests import RequestDraft
from tests.helpers.factories import ACTOR, NOW, TODAY, make_client, make_sharing, make_vendor
from tests.unit.documents import pdfcheck

NEW_EMAIL = "ada.king@example.org"
WHEN = NOW + timedelta(days=3)  # PayCo's sharing ended on TODAY


def ada_with_vendors(store):
    """Ada: MailFox has her contact details, TrainLoop her training (and name), SmsCo was
    refused, PayCo's sharing has ended."""
    ada = make_client(store, "Ada", "Lovelace", email="ada@example.com", notes="Knee injury")
    mailing = make_sharing(store, make_vendor(store, "MailFox"), "newsletter", ("contact",))
    coaching = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("training",))
    texting = make_sharing(store, make_vendor(store, "SmsCo"), "newsletter", ("contact",))
    paying = make_sharing(store, make_vendor(store, "PayCo"), "payments", ("payment", "contact"))
    consents.record_consent_answers(
        store,
        ada.ref,
        {mailing.id: ConsentState.GIVEN, coaching.id: ConsentState.GIVEN,
         texting.id: ConsentState.REFUSED},
        channel=Channel.VERBAL_IN_PERSON,
        occurred_at=NOW - timedelta(days=30),
        actor=ACTOR,
        now=NOW - timedelta(days=30),
    )  # fmt: skip
    vendors.end_sharing(store, paying.id, ends_on=TODAY, actor=ACTOR, now=NOW)
    ada_with_vendors.texting = texting.id
    return ada


def phoned_correction(store, client, *, verified=True):
    row = requests.log_request(
        store,
        RequestDraft(
            kind=RequestKind.CORRECTION, channel=Channel.PHONE, client_ref=client.ref,
            received_at=WHEN - timedelta(hours=2), note="New email address",
        ),
        actor=ACTOR, now=WHEN,
    )  # fmt: skip
    if verified:
        requests.verify_identity(store, row.id, method="Called back on file", actor=ACTOR, now=WHEN)
    return row


def corrected_email(store, ref, email=NEW_EMAIL):
    draft = clients.draft_of(clients.get_client(store, ref))
    return draft.__class__(**{**draft.__dict__, "email": email})


def test_a_phoned_correction_changes_the_record_and_links_the_change_to_the_request(store):
    ada = ada_with_vendors(store)
    request = phoned_correction(store, ada)

    result = requests.correct_record(
        store, request.id, corrected_email(store, ada.ref), actor=ACTOR, now=WHEN
    )

    assert result.fields == ("email",)
    assert clients.get_client(store, ada.ref).row.email == NEW_EMAIL
    assert clients.find_clients(store, "ada.king") != []  # the search index follows
    [line] = requests.get_request(store, request.id).corrections
    assert (line.fields, line.corrected_at, line.corrected_by) == (("email",), WHEN, ACTOR)
    with unit_of_work(store.reader) as session:
        entries = [
            (e.entity, e.action, e.fields, bool(e.version))
            for e in session.scalars(select(AuditEntry).where(AuditEntry.at == WHEN))
        ]
        every = session.scalars(select(AuditEntry.fields)).all()
    assert ("client", "update", "email", True) in entries  # the field's name, not its value
    assert ("correction", "create", "client_id,fields,request_id", False) in entries
    assert ("vendor_notification", "create", "", False) in entries  # MailFox's task
    assert not any("example.org" in fields or "Lovelace" in fields for fields in every)
    report = integrity.check(store)
    assert report.ok, report.problems


def test_only_the_vendor_that_received_the_email_gets_a_task(store):
    ada = ada_with_vendors(store)
    request = phoned_correction(store, ada)
    result = requests.correct_record(
        store, request.id, corrected_email(store, ada.ref), actor=ACTOR, now=WHEN
    )
    # TrainLoop has no contact details; SmsCo was refused (nothing sent); PayCo's has ended.
    assert result.vendors == ("MailFox",)
    [pending] = pending_notifications(store, now=WHEN)
    assert pending.vendor == "MailFox"
    [person] = pending.people
    assert person.request_id == request.id and not person.erase and person.stop == ()
    assert person.correct == (("Email address", NEW_EMAIL),)
    assert person.name == "Ada Lovelace"


def test_a_refused_sharing_given_later_is_told_too(store):
    ada = ada_with_vendors(store)
    sharing_id = ada_with_vendors.texting
    consents.record_consent_answers(
        store, ada.ref, {sharing_id: ConsentState.GIVEN}, channel=Channel.VERBAL_IN_PERSON,
        occurred_at=WHEN - timedelta(days=1), actor=ACTOR, now=WHEN - timedelta(days=1),
    )  # fmt: skip
    request = phoned_correction(store, ada)
    result = requests.correct_record(
        store, request.id, corrected_email(store, ada.ref), actor=ACTOR, now=WHEN
    )
    assert result.vendors == ("MailFox", "SmsCo")


def test_a_corrected_name_reaches_every_vendor_that_knows_the_person(store):
    ada = ada_with_vendors(store)
    request = phoned_correction(store, ada)
    draft = clients.draft_of(clients.get_client(store, ada.ref))
    draft = draft.__class__(**{**draft.__dict__, "family_name": "King"})
    result = requests.correct_record(store, request.id, draft, actor=ACTOR, now=WHEN)
    assert result.vendors == ("MailFox", "TrainLoop")
    people = {p.vendor: p.people for p in pending_notifications(store, now=WHEN)}
    assert people["TrainLoop"][0].correct == (("Name", "Ada King"),)


def test_a_bad_value_saves_nothing(store):
    ada = ada_with_vendors(store)
    request = phoned_correction(store, ada)

    def counts():
        with unit_of_work(store.reader) as session:
            return [
                session.execute(select(func.count()).select_from(model)).scalar_one()
                for model in (AuditEntry, Correction, VendorNotification)
            ]

    before = counts()
    with pytest.raises(InvalidInput) as raised:
        requests.correct_record(
            store, request.id, corrected_email(store, ada.ref, "ada at example"), actor=ACTOR,
            now=WHEN,
        )  # fmt: skip
    assert [problem.field for problem in raised.value.problems] == ["email"]
    assert counts() == before
    assert clients.get_client(store, ada.ref).row.email == "ada@example.com"
    assert requests.get_request(store, request.id).corrections == ()


def test_a_correction_is_refused_before_the_identity_is_checked_and_nothing_changes(store):
    ada = ada_with_vendors(store)
    request = phoned_correction(store, ada, verified=False)
    assert requests.plan_correction(store, request.id).refusal is not None
    with pytest.raises(Conflict, match="identity"):
        requests.correct_record(
            store, request.id, corrected_email(store, ada.ref), actor=ACTOR, now=WHEN
        )
    assert clients.get_client(store, ada.ref).row.email == "ada@example.com"
    with pytest.raises(Conflict, match="Nothing to correct"):
        requests.verify_identity(store, request.id, method="Called back", actor=ACTOR, now=WHEN)
        requests.correct_record(
            store, request.id, corrected_email(store, ada.ref, "ada@example.com"), actor=ACTOR,
            now=WHEN,
        )  # fmt: skip


def test_the_request_completes_only_once_corrected_or_refused(store):
    ada = ada_with_vendors(store)
    request = phoned_correction(store, ada)
    with pytest.raises(InvalidInput, match="Correct the record first"):
        requests.complete_request(store, request.id, actor=ACTOR, now=WHEN)
    requests.correct_record(
        store, request.id, corrected_email(store, ada.ref), actor=ACTOR, now=WHEN
    )
    done = requests.complete_request(store, request.id, actor=ACTOR, now=WHEN)
    assert done.outcome == "done" and not done.is_open
    other = phoned_correction(store, ada)
    refused = requests.complete_request(
        store, other.id, outcome="refused", reason="The record is right.", actor=ACTOR, now=WHEN
    )
    assert refused.outcome == "refused"


def test_the_vendor_letter_and_email_say_what_to_correct_in_english_and_chinese(store):
    ada = ada_with_vendors(store)
    request = phoned_correction(store, ada)
    requests.correct_record(
        store, request.id, corrected_email(store, ada.ref), actor=ACTOR, now=WHEN
    )
    [(pending, letter)] = optout_documents.render_vendor_letters(store, now=WHEN)
    words = " ".join(pdfcheck.text_of(letter.data).split())
    assert "Email address: ada.king@example.org" in words
    assert "please correct them in your records too (Art. 19)" in words
    assert "What we ask" in words
    email = optout_documents.vendor_email_text(store, pending, now=WHEN)
    assert "Please correct to the new details (GDPR Art. 19): Email address: " in email
    assert NEW_EMAIL in email and "Knee" not in email

    practice.update_practice(store, {"default_language": "zh"}, actor=ACTOR, now=WHEN)
    [(pending, letter)] = optout_documents.render_vendor_letters(store, now=WHEN)
    chinese = "".join(pdfcheck.text_of(letter.data).split())
    assert f"电子邮件地址：{NEW_EMAIL}" in chinese
    assert all(pdfcheck.fonts(letter.data).values())


def test_the_task_is_confirmed_like_the_others(store):
    ada = ada_with_vendors(store)
    request = phoned_correction(store, ada)
    requests.correct_record(
        store, request.id, corrected_email(store, ada.ref), actor=ACTOR, now=WHEN
    )
    [pending] = pending_notifications(store, now=WHEN)
    optouts.mark_notification_sent(
        store, pending.notification_id, method="email", sent_at=WHEN, actor=ACTOR, now=WHEN
    )
    [awaiting] = optouts.awaiting_confirmation(store)
    assert awaiting.vendor == "MailFox"
    later = WHEN + timedelta(days=2)
    optouts.record_vendor_confirmation(
        store, pending.notification_id, confirmed_at=later, actor=ACTOR, now=later
    )
    assert optouts.awaiting_confirmation(store) == []
    assert pending_notifications(store, now=later) == []
