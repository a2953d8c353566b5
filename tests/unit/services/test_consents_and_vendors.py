"""Consent answers, the vendors they concern, and what needs consent (DESIGN.md section 3)."""

from __future__ import annotations

import hashlib
from contextlib import closing
from datetime import timedelta

import pytest

from app.domain.enums import Channel, ConsentState
from app.domain.errors import ValidationError
from app.services import clients, integrity, practice, vendors
from app.services.consents import record_consent_answers
from app.services.errors import Conflict, InvalidInput
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.helpers.practice import raw_connection


@pytest.fixture
def coaching(store):
    """A client and three vendors: a training app (health data), payments, a newsletter."""
    client = make_client(store, "Ada", "Lovelace")
    app = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health", "training"))
    payments = make_sharing(
        store, make_vendor(store, "PayFast"), purpose_key="payments", categories=("payment",)
    )
    newsletter = make_sharing(
        store, make_vendor(store, "LetterBox"), purpose_key="newsletter", categories=("contact",)
    )
    return client, app, payments, newsletter


def test_consent_is_required_for_sensitive_data_and_consent_purposes_only(coaching):
    _, app, payments, newsletter = coaching
    assert app.consent_required  # health data is sensitive
    assert newsletter.consent_required  # legal basis: consent
    assert not payments.consent_required  # needed to take payment (contract)


def test_a_transfer_abroad_needs_separate_consent_only_under_pipl(store):
    backup = make_sharing(
        store,
        make_vendor(store, "CloudVault", countries=("US",)),
        purpose_key="backup",
        categories=("training",),
    )
    assert not backup.consent_required
    practice.update_practice(store, {"jurisdictions": "gdpr,pipl"}, actor=ACTOR)
    [row] = [r for v in vendors.list_vendors(store) for r in v.sharings if r.id == backup.id]
    assert row.consent_required


def test_a_signed_form_records_one_event_per_answer_and_the_latest_wins(store, coaching, tmp_path):
    client, app, _, newsletter = coaching
    scan = tmp_path / "signed-form.pdf"
    scan.write_bytes(b"%PDF-1.4 signed")
    record_consent_answers(
        store,
        client.ref,
        {app.id: ConsentState.GIVEN, newsletter.id: ConsentState.REFUSED},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW - timedelta(days=30),
        actor=ACTOR,
        note="Signed at first session",
        evidence=scan,
        now=NOW - timedelta(days=30),
    )
    lines = record_consent_answers(  # they think again and say yes on the phone
        store,
        client.ref,
        {newsletter.id: ConsentState.GIVEN},
        channel=Channel.PHONE,
        occurred_at=NOW,
        actor=ACTOR,
        now=NOW,
    )
    states = {line.vendor: line.state for line in lines}
    assert states == {
        "LetterBox": ConsentState.GIVEN,
        "PayFast": ConsentState.NONE,
        "TrainLoop": ConsentState.GIVEN,
    }
    detail = clients.get_client(store, client.ref)
    assert [(h.vendor, h.state, h.channel) for h in detail.history] == [
        ("LetterBox", "given", "phone"),
        ("LetterBox", "refused", "paper"),
        ("TrainLoop", "given", "paper"),
    ]
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    assert detail.history[1].evidence_file == f"{digest}.pdf"
    assert (store.paths.evidence / f"{digest}.pdf").read_bytes() == scan.read_bytes()
    assert integrity.check(store).ok


def test_an_answer_dated_in_the_future_is_refused_and_nothing_is_recorded(store, coaching):
    client, app, _, _ = coaching
    with pytest.raises(InvalidInput, match="future"):
        record_consent_answers(
            store,
            client.ref,
            {app.id: ConsentState.GIVEN},
            channel=Channel.EMAIL,
            occurred_at=NOW + timedelta(days=1),
            actor=ACTOR,
            now=NOW,
        )
    assert clients.get_client(store, client.ref).history == ()


def test_an_unknown_sharing_rolls_back_every_answer_of_the_form(store, coaching):
    client, app, _, _ = coaching
    with pytest.raises(ValidationError):
        record_consent_answers(
            store,
            client.ref,
            {app.id: ConsentState.GIVEN, 9999: ConsentState.GIVEN},
            channel=Channel.EMAIL,
            occurred_at=NOW,
            actor=ACTOR,
            now=NOW,
        )
    assert clients.get_client(store, client.ref).history == ()


def test_a_vendor_abroad_must_name_its_transfer_safeguard(store):
    with pytest.raises(InvalidInput, match="safeguard"):
        vendors.add_vendor(
            store, vendors.VendorDraft(name="FarAway", storage_countries=("US",)), actor=ACTOR
        )


def test_two_vendors_cannot_share_a_name(store):
    make_vendor(store, "TrainLoop")
    with pytest.raises(Conflict):
        make_vendor(store, "TrainLoop")


def test_check_names_a_consent_row_edited_behind_the_apps_back(store, coaching):
    client, app, _, newsletter = coaching
    record_consent_answers(
        store,
        client.ref,
        {app.id: ConsentState.REFUSED, newsletter.id: ConsentState.REFUSED},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW,
        actor=ACTOR,
        now=NOW,
    )
    assert integrity.check(store).ok
    connection = raw_connection(store.paths.database)
    connection.execute("DROP TRIGGER consent_event_no_update")
    first_id = connection.execute("SELECT min(id) FROM consent_event").fetchone()[0]
    connection.execute("UPDATE consent_event SET state = 'given' WHERE id = ?", (first_id,))
    connection.commit()
    connection.close()
    report = integrity.check(store)
    assert not report.ok
    assert f"Ledger consent_event: row {first_id} was changed after it was recorded." in (
        report.problems
    )
    assert any("consent_event_no_update" in problem for problem in report.problems)


def test_check_names_a_deleted_audit_row(store, coaching):
    connection = raw_connection(store.paths.database)
    connection.execute("DROP TRIGGER audit_log_no_delete")
    connection.execute("DELETE FROM audit_log WHERE id = 2")
    connection.commit()
    connection.close()
    assert "Ledger audit_log: row 3 does not follow the row before it." in (
        integrity.check(store).problems
    )


def test_practice_profile_changes_are_validated_together(store):
    with pytest.raises(InvalidInput) as caught:
        practice.update_practice(
            store,
            {"email": "nope", "paper_size": "A5", "promise_vendor_days": 0, "jurisdictions": "xx"},
            actor=ACTOR,
        )
    assert {p.field for p in caught.value.problems} == {
        "email",
        "paper_size",
        "promise_vendor_days",
        "jurisdictions",
    }
    assert practice.get_practice(store).paper_size == "A4"


def test_closed_days_may_be_left_empty_or_listed_with_spaces(store):
    assert practice.update_practice(store, {"closed_days": ""}, actor=ACTOR).closed_days == ()
    profile = practice.update_practice(
        store, {"closed_days": " 2026-12-24, 2026-12-31 ,"}, actor=ACTOR
    )
    assert [day.isoformat() for day in profile.closed_days] == ["2026-12-24", "2026-12-31"]


def test_the_practice_phone_may_be_left_empty_or_must_be_a_real_number(store):
    assert practice.update_practice(store, {"phone": ""}, actor=ACTOR).phone == ""
    assert practice.update_practice(store, {"phone": "020 7946 0321"}, actor=ACTOR).phone
    with pytest.raises(InvalidInput):
        practice.update_practice(store, {"phone": "12"}, actor=ACTOR)


def test_check_names_a_scan_that_was_changed_or_removed(store, coaching, tmp_path):
    """The hash recorded with a signed form proves the file is the one that was recorded."""
    client, app, _, newsletter = coaching
    scan = tmp_path / "signed-form.pdf"
    scan.write_bytes(b"%PDF-1.4 signed by the client")
    record_consent_answers(
        store,
        client.ref,
        {app.id: ConsentState.GIVEN, newsletter.id: ConsentState.REFUSED},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW,
        actor=ACTOR,
        evidence=scan,
        now=NOW,
    )
    assert integrity.check(store).ok
    name = clients.get_client(store, client.ref).history[0].evidence_file
    stored = store.paths.evidence / name
    with closing(raw_connection(store.paths.database)) as connection:
        found = connection.execute(
            "SELECT id FROM consent_event WHERE evidence_file = ? ORDER BY id", (name,)
        )
        event_ids = [row[0] for row in found]
    assert len(event_ids) == 2  # one scan, two answers

    stored.write_bytes(b"%PDF-1.4 a different form")
    changed = integrity.check(store).problems
    assert [p for p in changed if p.startswith("Evidence")] == [
        f"Evidence: consent event {row} names {name}, whose content has changed since it was "
        "recorded (sha256 differs)."
        for row in event_ids
    ]

    stored.unlink()
    assert f"Evidence: consent event {event_ids[0]} names {name}, which is missing." in (
        integrity.check(store).problems
    )


def test_a_no_to_a_vendor_that_has_consent_is_sent_to_log_an_opt_out(store, coaching):
    """Ending a consent means telling the vendor, which only an opt-out does (story 2)."""
    client, app, _, newsletter = coaching
    record_consent_answers(
        store,
        client.ref,
        {app.id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW - timedelta(days=30),
        actor=ACTOR,
        now=NOW - timedelta(days=30),
    )
    before = clients.get_client(store, client.ref).history
    with pytest.raises(ValidationError, match="log an opt-out") as refused:
        record_consent_answers(
            store,
            client.ref,
            {app.id: ConsentState.REFUSED, newsletter.id: ConsentState.REFUSED},
            channel=Channel.PAPER_IN_PERSON,
            occurred_at=NOW,
            actor=ACTOR,
            now=NOW,
        )
    assert "TrainLoop" in str(refused.value)
    assert clients.get_client(store, client.ref).history == before  # nothing half saved
    # A form refused before the consent was given, typed in late, ends nothing.
    record_consent_answers(
        store,
        client.ref,
        {app.id: ConsentState.REFUSED},
        channel=Channel.POST,
        occurred_at=NOW - timedelta(days=40),
        actor=ACTOR,
        now=NOW,
    )
    states = {line.vendor: line.state for line in clients.get_client(store, client.ref).consents}
    assert states["TrainLoop"] == ConsentState.GIVEN


def test_a_vendor_and_the_practice_take_only_web_addresses_for_their_websites(store):
    with pytest.raises(InvalidInput) as caught:
        make_vendor(store, "TrainLoop", website="not a url", privacy_policy_url="privacy page")
    assert {problem.field for problem in caught.value.problems} == {
        "website",
        "privacy_policy_url",
    }
    assert vendors.list_vendors(store) == []
    row = make_vendor(store, "TrainLoop", website="trainloop.example")
    assert vendors.get_vendor(store, row.id).draft.website == "https://trainloop.example"

    for field in ("website", "online_optout_url"):
        with pytest.raises(InvalidInput) as caught:
            practice.update_practice(store, {field: "not a url"}, actor=ACTOR)
        assert [problem.field for problem in caught.value.problems] == [field]
    saved = practice.update_practice(
        store, {"website": "riverside.example", "online_optout_url": ""}, actor=ACTOR
    )
    assert (saved.website, saved.online_optout_url) == ("https://riverside.example", "")


def test_a_vendors_texts_refuse_an_escape_sequence_and_keep_their_lines(store):
    """Pasted text that would recolour a terminal is refused in words, like a client's notes."""
    with pytest.raises(InvalidInput) as refused:
        vendors.add_vendor(
            store,
            vendors.VendorDraft(name="PulseSync", security_measures="Encrypted \x1b[31mat rest"),
            actor=ACTOR,
        )
    assert "security measures contains an invisible control character (U+001B)" in str(
        refused.value
    )
    kept = vendors.add_vendor(
        store,
        vendors.VendorDraft(name="PulseSync", service_description="Training app\n\tand sync"),
        actor=ACTOR,
    )
    assert kept.service_description == "Training app\n\tand sync"
