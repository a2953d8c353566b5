"""An opt-out that arrives by email: matched by its code or its sender, kept as evidence."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from sqlalchemy import select

from app.domain.emails import MAX_EMAIL_BYTES, EmailUnreadable
from app.domain.enums import Channel, ConsentState, OptOutScope, RequestKind
from app.domain.errors import ValidationError
from app.domain.refcodes import format_reference
from app.persistence.database import unit_of_work
from app.persistence.models import OptOutRequest
from app.services import clients, integrity, optouts
from app.services.consents import record_consent_answers
from app.services.errors import InvalidInput
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor


def emailed(
    *,
    sender: str = "Ada Lovelace <ada@example.org>",
    subject: str = "Opt out",
    words: str = "Please opt me out of all sharing.",
    sent: datetime = NOW - timedelta(hours=3),
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "Sam Coach <sam@fitwithsam.example>"
    message["Subject"] = subject
    message["Date"] = sent.strftime("%a, %d %b %Y %H:%M:%S +0000")
    message.set_content(words)
    return message.as_bytes()


@pytest.fixture
def ada(store):
    client = make_client(store, "Ada", "Lovelace", email="Ada@Example.org")
    sharing = make_sharing(store, make_vendor(store, "TrainLoop"))
    record_consent_answers(
        store,
        client.ref,
        {sharing.id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW - timedelta(days=30),
        actor=ACTOR,
        now=NOW - timedelta(days=30),
    )
    return client


def test_the_reference_code_in_the_subject_matches_first(store, ada):
    other = make_client(store, "Bea", "Lovelace", email="bea@example.org")
    data = emailed(sender="Bea <bea@example.org>", subject=f"Opt out {format_reference(ada.ref)}")
    reading = optouts.read_emailed_optout(store, data=data, now=NOW)
    assert reading.client is not None and reading.client.ref == ada.ref  # not Bea, the sender
    assert reading.matched_by == "reference" and other.ref != ada.ref
    assert format_reference(ada.ref) in str(reading.why)
    assert reading.email.kind is RequestKind.OPT_OUT
    assert reading.received_at == NOW - timedelta(hours=3)


def test_the_senders_address_matches_when_there_is_no_code(store, ada):
    reading = optouts.read_emailed_optout(store, data=emailed(sender="ADA@example.org"), now=NOW)
    assert reading.client.ref == ada.ref and reading.matched_by == "address"
    assert "ada@example.org" in str(reading.why)


def test_an_address_two_clients_share_matches_neither_and_offers_both(store, ada):
    make_client(store, "Ben", "Lovelace", email="ada@example.org")
    reading = optouts.read_emailed_optout(store, data=emailed(), now=NOW)
    assert reading.client is None and len(reading.candidates) == 2
    assert "2 clients" in str(reading.why)


def test_an_unknown_sender_is_unmatched_with_the_details_the_email_gives(store, ada):
    data = emailed(sender="Cleo Smith <cleo@example.net>")
    reading = optouts.read_emailed_optout(store, data=data, now=NOW)
    assert reading.client is None and reading.matched_by == ""
    assert reading.caller_details == "Cleo Smith <cleo@example.net>"


def test_a_logged_emailed_opt_out_keeps_the_email_as_its_evidence(store, ada):
    data = emailed()
    reading = optouts.read_emailed_optout(store, data=data, now=NOW)
    result = optouts.log_optout(
        store,
        client_ref=reading.client.ref,
        channel=Channel.EMAIL,
        scope=OptOutScope.ALL,
        received_at=reading.received_at,
        email_evidence=(data, reading.email.evidence_suffix),
        actor=ACTOR,
        now=NOW,
    )
    with unit_of_work(store.reader) as session:
        request = session.execute(
            select(OptOutRequest).where(OptOutRequest.id == result.request_id)
        ).scalar_one()
        assert request.channel == "email"
        assert request.received_at.replace(tzinfo=UTC) == NOW - timedelta(hours=3)
        assert request.evidence_sha256 == hashlib.sha256(data).hexdigest()
        assert request.evidence_file.endswith(".eml")
        kept = (store.paths.evidence / request.evidence_file).read_bytes()
    assert kept == data  # the raw bytes, as they arrived
    states = {line.vendor: line.state for line in clients.get_client(store, ada.ref).consents}
    assert states["TrainLoop"] == ConsentState.WITHDRAWN
    assert integrity.check(store).ok
    (store.paths.evidence / request.evidence_file).write_bytes(data + b"changed")
    assert any("sha256 differs" in problem for problem in integrity.check(store).problems)


def test_a_pasted_email_is_kept_as_the_text_that_was_pasted(store, ada):
    text = "Hi Sam, please unsubscribe me. Ada"
    reading = optouts.read_emailed_optout(store, text=text, now=NOW)
    assert reading.client is None  # no code and no address: the coach finds the client
    assert reading.evidence == (text.encode("utf-8"), ".txt")


def test_an_email_and_a_scan_cannot_both_be_the_evidence(store, ada, tmp_path):
    scan = tmp_path / "form.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    with pytest.raises(ValidationError, match="not both"):
        optouts.log_optout(
            store,
            client_ref=ada.ref,
            channel=Channel.EMAIL,
            scope=OptOutScope.ALL,
            received_at=NOW,
            evidence=scan,
            email_evidence=(emailed(), ".eml"),
            actor=ACTOR,
            now=NOW,
        )
    assert optouts.list_optouts(store, now=NOW) == []


def test_an_email_sent_more_than_two_years_ago_is_refused_as_received_then(store, ada):
    data = emailed(sent=NOW - timedelta(days=800))
    reading = optouts.read_emailed_optout(store, data=data, now=NOW)
    with pytest.raises(InvalidInput, match="more than two years ago"):
        optouts.log_optout(
            store,
            client_ref=reading.client.ref,
            channel=Channel.EMAIL,
            scope=OptOutScope.ALL,
            received_at=reading.received_at,
            email_evidence=reading.evidence,
            actor=ACTOR,
            now=NOW,
        )
    assert optouts.list_optouts(store, now=NOW) == []
    assert list(store.paths.evidence.iterdir()) == []  # nothing kept for a refused request


def test_an_email_file_too_large_empty_or_missing_is_refused_before_it_is_read(tmp_path):
    large = tmp_path / "thread.eml"
    with large.open("wb") as handle:
        handle.truncate(MAX_EMAIL_BYTES + 1)
    empty = tmp_path / "empty.eml"
    empty.write_bytes(b"")
    for file, says in (
        (large, "larger than 20 MB"),
        (empty, "empty"),
        (tmp_path / "no.eml", "does not exist"),
    ):
        with pytest.raises(EmailUnreadable, match=says):
            optouts.load_email(file)
