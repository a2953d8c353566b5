"""A client's restriction or objection pauses sharings: nothing new goes to those vendors
until the pause is lifted with its reason; the do-not-share list says so, the consent ledger
does not change, and the record is kept and checked."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.domain.enums import Channel, ConsentState, RequestKind
from app.services import clients, integrity, requests, vendors
from app.services.consents import record_consent_answers
from app.services.errors import Conflict, InvalidInput
from app.services.requests import RequestDraft
from tests.helpers.factories import (
    ACTOR,
    NOW,
    make_client,
    make_sharing,
    make_vendor,
    withdraw_by_optout,
)

LATER = NOW + timedelta(days=3)


@pytest.fixture
def newsletter(store):
    """Zoë gets the newsletter (MailJet, by consent) and trains in TrainLoop."""
    mailjet = make_vendor(store, "MailJet")
    letters = make_sharing(store, mailjet, "newsletter", ("contact",))
    training = make_sharing(store, make_vendor(store, "TrainLoop"))
    zoe = make_client(store, "Zoë", "Brontë")
    record_consent_answers(
        store, zoe.ref, {letters.id: ConsentState.GIVEN, training.id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON, occurred_at=NOW - timedelta(days=30), actor=ACTOR,
        now=NOW - timedelta(days=30),
    )  # fmt: skip
    return zoe, mailjet, letters, training


def _objection(store, client, *, kind=RequestKind.OBJECTION, checked=True):
    row = requests.log_request(
        store,
        RequestDraft(
            kind=kind, channel=Channel.POST, client_ref=client.ref,
            received_at=NOW - timedelta(hours=2),
        ),
        actor=ACTOR, now=NOW - timedelta(hours=1),
    )  # fmt: skip
    if checked:
        requests.verify_identity(
            store, row.id, method="Signature matches the form", actor=ACTOR, now=NOW
        )
    return row


def _consent_events(store) -> int:
    with store.engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM consent_event")).scalar_one()


def test_an_objection_pauses_the_newsletter_and_its_list_shows_the_client_paused(store, newsletter):
    zoe, mailjet, letters, training = newsletter
    request = _objection(store, zoe)
    events = _consent_events(store)
    row = requests.pause_sharings(store, request.id, sharing_ids=[letters.id], actor=ACTOR, now=NOW)
    [pause] = row.pauses
    assert (pause.sharing_id, pause.vendor, pause.paused_at, pause.is_on) == (
        letters.id, "MailJet", NOW, True,
    )  # fmt: skip
    [entry] = vendors.do_not_share_list(store, mailjet.id, now=LATER)
    assert (entry.ref, entry.state, entry.since, entry.request_id) == (
        zoe.ref, "paused", NOW, request.id,
    )  # fmt: skip
    assert vendors.do_not_share_list(store, mailjet.id, now=NOW - timedelta(minutes=1)) == []
    assert _consent_events(store) == events  # a pause is not a withdrawal
    lines = {line.sharing_id: line for line in clients.get_client(store, zoe.ref).consents}
    assert lines[letters.id].state is ConsentState.GIVEN  # what the client said stays
    assert lines[letters.id].paused_by_request == request.id
    assert lines[training.id].paused_by_request is None
    assert integrity.check(store).ok


def test_lifting_the_pause_takes_the_client_off_the_list_and_keeps_the_reason(store, newsletter):
    zoe, mailjet, letters, _training = newsletter
    request = _objection(store, zoe)
    requests.pause_sharings(store, request.id, actor=ACTOR, now=NOW)  # every current sharing
    row = requests.lift_pauses(
        store, request.id, sharing_ids=[letters.id], actor=ACTOR, now=LATER,
        reason="Objection weighed: the newsletter is sent only to clients who asked for it.",
    )  # fmt: skip
    by_sharing = {pause.sharing_id: pause for pause in row.pauses}
    assert len(by_sharing) == 2 and not by_sharing[letters.id].is_on
    assert by_sharing[letters.id].lift_reason.startswith("Objection weighed")
    assert [p.sharing_id for p in row.pauses_on] != [letters.id]
    assert vendors.do_not_share_list(store, mailjet.id, now=LATER) == []
    assert [e.ref for e in vendors.do_not_share_list(store, mailjet.id, now=NOW)] == [zoe.ref]
    with store.engine.connect() as connection:
        audited = connection.execute(
            text("SELECT action FROM audit_log WHERE entity = 'sharing_pause' ORDER BY id")
        ).scalars()
        assert list(audited) == ["pause", "pause", "lift"]
    assert integrity.check(store).ok


def test_a_pause_row_is_kept_and_a_lifted_pause_stays_lifted(store, newsletter):
    zoe, _mailjet, letters, _training = newsletter
    request = _objection(store, zoe)
    requests.pause_sharings(store, request.id, sharing_ids=[letters.id], actor=ACTOR, now=NOW)
    requests.lift_pauses(store, request.id, reason="Accuracy verified", actor=ACTOR, now=LATER)
    with store.engine.connect() as connection:
        with pytest.raises(DBAPIError, match="kept"):
            connection.execute(text("DELETE FROM sharing_pause"))
        with pytest.raises(DBAPIError, match="lifted, once"):
            connection.execute(text("UPDATE sharing_pause SET lifted_at = NULL"))
    with pytest.raises(Conflict, match="a new request pauses it again"):
        requests.pause_sharings(store, request.id, sharing_ids=[letters.id], actor=ACTOR)
    with pytest.raises(Conflict, match="no paused sharing"):
        requests.lift_pauses(store, request.id, reason="again", actor=ACTOR)


def test_a_check_names_a_missing_pause_guard(store, newsletter):
    with store.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER sharing_pause_no_delete"))
    assert any("sharing_pause_no_delete" in problem for problem in integrity.check(store).problems)


def test_a_bad_sharing_id_is_refused_in_one_sentence_and_nothing_is_saved(store, newsletter):
    zoe, mailjet, letters, _training = newsletter
    request = _objection(store, zoe)
    with pytest.raises(InvalidInput) as refused:
        requests.pause_sharings(
            store, request.id, sharing_ids=[letters.id, 999], actor=ACTOR, now=NOW
        )
    assert refused.value.text() == "Sharing 999 is not one of this client's current sharings."
    assert requests.get_request(store, request.id).pauses == ()
    assert vendors.do_not_share_list(store, mailjet.id, now=LATER) == []
    with pytest.raises(InvalidInput, match="was not paused for this request"):
        requests.lift_pauses(store, request.id, sharing_ids=[letters.id], reason="x", actor=ACTOR)
    with pytest.raises(InvalidInput, match="Say why the pause is lifted"):
        requests.lift_pauses(store, request.id, reason="  ", actor=ACTOR)


def test_only_a_checked_restriction_or_objection_pauses_sharings(store, newsletter):
    zoe, _mailjet, _letters, _training = newsletter
    unchecked = _objection(store, zoe, kind=RequestKind.RESTRICTION, checked=False)
    with pytest.raises(InvalidInput, match="Check the person's identity"):
        requests.pause_sharings(store, unchecked.id, actor=ACTOR, now=NOW)
    access = _objection(store, zoe, kind=RequestKind.ACCESS)
    with pytest.raises(InvalidInput, match="Only a restriction or objection"):
        requests.pause_sharings(store, access.id, actor=ACTOR, now=NOW)
    stranger = requests.log_request(
        store,
        RequestDraft(kind="restriction", channel="post", caller_details="Z. Brontë",
                     received_at=NOW - timedelta(hours=1)),
        actor=ACTOR, now=NOW,
    )  # fmt: skip
    with pytest.raises(InvalidInput, match="Match the request to a client"):
        requests.pause_sharings(store, stranger.id, actor=ACTOR, now=NOW)


def test_two_requests_pausing_one_sharing_keep_it_paused_until_both_are_lifted(store, newsletter):
    zoe, mailjet, letters, _training = newsletter
    restriction = _objection(store, zoe, kind=RequestKind.RESTRICTION)
    objection = _objection(store, zoe)
    for request in (restriction, objection):
        requests.pause_sharings(store, request.id, sharing_ids=[letters.id], actor=ACTOR, now=NOW)
    requests.lift_pauses(store, restriction.id, reason="Accuracy verified", actor=ACTOR, now=LATER)
    [entry] = vendors.do_not_share_list(store, mailjet.id, now=LATER)
    assert (entry.state, entry.request_id) == ("paused", objection.id)


def test_a_request_completes_once_its_pauses_are_lifted_or_the_reason_says_why_they_stay(
    store, newsletter
):
    zoe, mailjet, letters, _training = newsletter
    request = _objection(store, zoe)
    requests.pause_sharings(store, request.id, sharing_ids=[letters.id], actor=ACTOR, now=NOW)
    with pytest.raises(InvalidInput, match="stay paused: say why"):
        requests.complete_request(store, request.id, outcome="done", actor=ACTOR, now=LATER)
    with pytest.raises(InvalidInput, match="Lift the paused sharings before refusing"):
        requests.complete_request(
            store, request.id, outcome="refused", reason="Compelling grounds", actor=ACTOR
        )
    row = requests.complete_request(
        store, request.id, outcome="done", actor=ACTOR, now=LATER,
        reason="Your objection is upheld: MailJet receives nothing more about you.",
    )  # fmt: skip
    assert not row.is_open and len(row.pauses_on) == 1
    assert [e.state for e in vendors.do_not_share_list(store, mailjet.id, now=LATER)] == ["paused"]
    with pytest.raises(Conflict, match="no longer changes"):
        requests.pause_sharings(store, request.id, actor=ACTOR, now=LATER)
    # An upheld objection's pause can still be lifted later, when the client agrees again.
    row = requests.lift_pauses(
        store, request.id, reason="The client asked for the newsletter again", actor=ACTOR,
        now=LATER + timedelta(days=1),
    )  # fmt: skip
    assert row.pauses_on == ()


def test_a_withdrawn_consent_is_shown_over_a_pause_of_the_same_sharing(store, newsletter):
    zoe, mailjet, letters, _training = newsletter
    request = _objection(store, zoe)
    requests.pause_sharings(store, request.id, sharing_ids=[letters.id], actor=ACTOR, now=NOW)
    withdraw_by_optout(store, zoe, letters.id, at=NOW + timedelta(hours=1))
    [entry] = vendors.do_not_share_list(store, mailjet.id, now=LATER)
    assert (entry.state, entry.request_id) == ("withdrawn", None)  # the client's own "no"
