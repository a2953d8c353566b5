"""Rights requests: a phone access request from log to completion, its clock, Today, what is
refused, and the record kept and checked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.domain.enums import Channel, RequestKind
from app.domain.errors import ReferenceCodeError
from app.services import due, integrity, practice, requests
from app.services.errors import Conflict, InvalidInput
from app.services.requests import RequestDraft
from tests.helpers.factories import ACTOR, NOW, TODAY, make_client


def loose_promise(store, jurisdictions=("gdpr",)):
    """A practice that promises 90 days, so the law's own extension gains time."""
    practice.update_practice(
        store,
        {"jurisdictions": jurisdictions, "promise_request_days": 90},
        actor=ACTOR,
        now=NOW,
    )


def phone_access(client, **fields) -> RequestDraft:
    fields.setdefault("received_at", NOW - timedelta(hours=1))
    return RequestDraft(
        kind=RequestKind.ACCESS, channel=Channel.PHONE, client_ref=client.ref, **fields
    )


def test_a_phone_access_request_is_checked_extended_and_completed(store):
    loose_promise(store)
    ada = make_client(store, "Ada", "Lovelace")
    row = requests.log_request(store, phone_access(ada, note="wants everything"), actor=ACTOR)
    assert (row.kind, row.client_ref, row.status) == ("access", ada.ref, "received")
    assert row.due == row.due_on and row.extended_until is None
    assert row.extension_by == row.due_on  # inside the first period
    row = requests.verify_identity(
        store, row.id, method="Called back on the number on file", actor=ACTOR
    )
    assert (row.status, row.identity_checked_by) == ("verified", ACTOR)
    row = requests.acknowledge_request(store, row.id, actor=ACTOR)
    assert row.status == "acknowledged"
    row = requests.extend_request(store, row.id, reason="Records in two archives", actor=ACTOR)
    assert row.status == "extended"
    assert row.extended_until == row.extended_due and row.due == row.extended_until
    assert row.due > row.due_on
    row = requests.complete_request(store, row.id, outcome="done", actor=ACTOR)
    assert (row.status, row.outcome, row.is_open) == ("completed", "done", False)
    with pytest.raises(Conflict, match="no longer changes"):
        requests.acknowledge_request(store, row.id, actor=ACTOR)
    assert [r.id for r in requests.client_requests(store, ada.ref)] == [row.id]
    assert requests.open_requests(store) == []


def test_an_unmatched_callers_request_keeps_their_details_until_matched(store):
    ada = make_client(store, "Ada", "Lovelace")
    row = requests.log_request(
        store,
        RequestDraft(
            kind="deletion",
            channel="post",
            received_at=NOW - timedelta(days=1),
            caller_details="A. Lovelace, 12 Byron Road",
        ),
        actor=ACTOR,
        now=NOW,
    )
    assert (row.who, row.client_ref) == ("A. Lovelace, 12 Byron Road", "")
    matched = requests.match_request(store, row.id, ada.ref, actor=ACTOR, now=NOW)
    assert (matched.client_ref, matched.caller_details, matched.who) == (
        ada.ref,
        "",
        "Ada Lovelace",
    )


def test_bad_input_is_refused_with_every_problem_and_nothing_saved(store):
    draft = RequestDraft(kind="opt-out", channel="paper", received_at=NOW + timedelta(days=1))
    with pytest.raises(InvalidInput) as refused:
        requests.log_request(store, draft, actor=ACTOR, now=NOW)
    fields = {problem.field for problem in refused.value.problems}
    assert fields == {"kind", "channel", "received_at", "client"}
    with pytest.raises(ReferenceCodeError):
        requests.log_request(
            store, RequestDraft(kind="access", channel="phone", received_at=NOW,
                                client_ref="ZZZZ-ZZZZ"),
            actor=ACTOR, now=NOW,
        )  # fmt: skip
    assert requests.list_requests(store) == []


def test_an_extension_after_the_first_deadline_is_refused(store):
    loose_promise(store)
    ada = make_client(store, "Ada", "Lovelace")
    received = NOW - timedelta(days=40)
    row = requests.log_request(store, phone_access(ada, received_at=received), actor=ACTOR)
    with pytest.raises(InvalidInput, match="had to be sent by"):
        requests.extend_request(store, row.id, reason="Busy", actor=ACTOR, now=NOW)
    assert requests.get_request(store, row.id).extended_until is None


def test_with_the_default_promise_an_extension_gains_nothing_and_is_refused(store):
    ada = make_client(store, "Ada", "Lovelace")
    row = requests.log_request(store, phone_access(ada), actor=ACTOR, now=NOW)
    with pytest.raises(InvalidInput, match="gains no time"):
        requests.extend_request(store, row.id, reason="Busy", actor=ACTOR, now=NOW)


def test_a_request_is_carried_out_only_after_the_identity_check_and_refused_with_reasons(store):
    ada = make_client(store, "Ada", "Lovelace")
    row = requests.log_request(store, phone_access(ada), actor=ACTOR, now=NOW)
    with pytest.raises(InvalidInput, match="identity"):
        requests.complete_request(store, row.id, outcome="done", actor=ACTOR, now=NOW)
    with pytest.raises(InvalidInput, match="reason"):
        requests.complete_request(store, row.id, outcome="refused", actor=ACTOR, now=NOW)
    refused = requests.complete_request(
        store, row.id, outcome="refused", reason="We could not confirm who called", actor=ACTOR
    )
    assert (refused.outcome, refused.outcome_reason) == (
        "refused",
        "We could not confirm who called",
    )


def test_a_complaint_needs_no_identity_check_and_is_completed_with_its_response(store):
    ada = make_client(store, "Ada", "Lovelace")
    row = requests.log_request(
        store,
        RequestDraft(
            kind="complaint",
            channel="email",
            received_at=NOW,
            client_ref=ada.ref,
            topic="Too many reminder emails",
        ),
        actor=ACTOR,
        now=NOW,
    )
    assert row.topic == "Too many reminder emails"
    assert row.due == TODAY + timedelta(days=30)  # the practice's promise
    with pytest.raises(Conflict, match="needs no identity check"):
        requests.verify_identity(store, row.id, method="ID", actor=ACTOR, now=NOW)
    with pytest.raises(InvalidInput, match="response"):
        requests.complete_request(store, row.id, actor=ACTOR, now=NOW)
    done = requests.complete_request(
        store, row.id, response="We send one a week now", actor=ACTOR, now=NOW
    )
    assert done.response == "We send one a week now"


def test_today_lists_every_open_request_and_ccpas_confirmation(store):
    practice.update_practice(store, {"jurisdictions": ("ccpa",)}, actor=ACTOR, now=NOW)
    ada = make_client(store, "Ada", "Lovelace")
    row = requests.log_request(store, phone_access(ada), actor=ACTOR, now=NOW)
    lines = [item for item in due.due_items(store, TODAY) if item.target_id == row.id]
    kinds = sorted(item.kind for item in lines)
    assert kinds == ["request", "request_confirmation"]
    answer = next(item for item in lines if item.kind == "request")
    assert answer.due == row.due and "Ada Lovelace" in answer.subject
    assert answer.opens is not None and answer.opens.key == row.id
    requests.acknowledge_request(store, row.id, actor=ACTOR, now=NOW)
    kinds = [item.kind for item in due.due_items(store, TODAY) if item.target_id == row.id]
    assert kinds == ["request"]
    chinese = [i for i in due.due_items(store, TODAY, language="zh") if i.kind == "request"]
    assert chinese[0].label != answer.label


def test_an_emailed_request_keeps_the_email_as_hashed_evidence(store):
    ada = make_client(store, "Ada", "Lovelace")
    email = b"From: Ada <ada@example.org>\r\nSubject: copy\r\n\r\nPlease send me my data.\r\n"
    row = requests.log_request(
        store, phone_access(ada, email_evidence=(email, ".eml")), actor=ACTOR, now=NOW
    )
    assert row.evidence_file.endswith(".eml") and len(row.evidence_sha256) == 64
    assert (store.paths.evidence / row.evidence_file).read_bytes() == email
    assert integrity.check(store).ok
    (store.paths.evidence / row.evidence_file).write_bytes(b"changed")
    assert any("rights request" in problem for problem in integrity.check(store).problems)


def test_requests_are_kept_audited_with_versions_and_checked(store):
    ada = make_client(store, "Ada", "Lovelace")
    row = requests.log_request(store, phone_access(ada, note="secret words"), actor=ACTOR)
    requests.verify_identity(store, row.id, method="Passport seen", actor=ACTOR)
    with store.engine.connect() as connection:
        entries = connection.execute(
            text(
                "SELECT action, fields, version FROM audit_log "
                "WHERE entity = 'rights_request' ORDER BY id"
            )
        ).all()
        assert [action for action, _f, _v in entries] == ["create", "verify"]
        assert all(version for _a, _f, version in entries)
        assert "secret" not in " ".join(fields for _a, fields, _v in entries)
        with pytest.raises(DBAPIError, match="kept"):
            connection.execute(text("DELETE FROM rights_request"))
    assert integrity.check(store).ok
    with store.engine.begin() as connection:
        connection.execute(
            text("UPDATE rights_request SET note = 'x' WHERE id = :id"), {"id": row.id}
        )
    report = integrity.check(store)
    assert any(f"rights request {row.id} was changed outside" in p for p in report.problems)
