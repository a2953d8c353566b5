"""Issue 14: the coach reviews the opt-out path once a year. The app rehearses an opt-out of
everything through the real steps and undoes it, checks the published notice against the ways
offered and each vendor's contract, and keeps the review; Today asks for it when it is due."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from app.domain.enums import Channel
from app.domain.optout_review import ChannelTest, Finding, FindingKind
from app.persistence.store import Store
from app.services import notices, practice
from app.services.errors import InvalidInput
from app.services.integrity import check
from app.services.optout_review import (
    ReviewDraft,
    latest_review,
    prepare_review,
    record_review,
    review_due,
)
from tests.helpers.crash import table_digests
from tests.helpers.factories import ACTOR, NOW, TODAY, make_client, make_sharing, make_vendor

BOUND = ("responsibility", "optout_handling", "breach_notice", "deletion_at_end")


@pytest.fixture
def practice_with_vendors(store: Store) -> Store:
    practice.update_practice(
        store, {"email": "hello@riverside.example", "phone": "+44 20 7946 0321"}, actor=ACTOR
    )
    make_sharing(store, make_vendor(store, "TrainLoop", clauses=BOUND))  # consent: stops
    newsletter = make_vendor(store, "Postbird", clauses=BOUND)
    make_sharing(store, newsletter, "newsletter", ("contact",))  # marketing: stops
    payments = make_vendor(store, "Paydeck", clauses=BOUND)
    make_sharing(store, payments, "payments", ("contact", "payment"))  # contract: goes on
    make_client(store, "Zoë", "Ångström")
    notices.publish_notice(store, "First notice", actor=ACTOR, now=NOW)
    return store


def every_way_passed(channels) -> tuple[ChannelTest, ...]:
    return tuple(ChannelTest(channel, TODAY, arrived=True, confirmed=True) for channel in channels)


def test_the_rehearsed_opt_out_reaches_every_vendor_it_stops_and_leaves_no_trace(
    practice_with_vendors,
):
    store = practice_with_vendors
    before = table_digests(store.paths.database)

    facts = prepare_review(store, now=NOW)

    assert facts.reached == ("Postbird", "TrainLoop")  # Paydeck's payments go on
    assert facts.not_reached == () and facts.without_clause == ()
    assert (
        facts.offered
        == facts.notice_channels
        == (
            Channel.EMAIL,
            Channel.PHONE,
            Channel.POST,
            Channel.VERBAL_IN_PERSON,
        )
    )
    # No client, consent event, request, task or audit entry stays; the ledgers verify.
    assert table_digests(store.paths.database) == before
    assert check(store).ok


def test_a_vendor_whose_contract_has_no_opt_out_clause_is_found(practice_with_vendors):
    store = practice_with_vendors
    make_sharing(store, make_vendor(store, "Stepwise", clauses=("responsibility",)))

    facts = prepare_review(store, now=NOW)

    assert facts.without_clause == ("Stepwise",)
    assert "Stepwise" in facts.reached


def test_a_phone_line_added_after_the_notice_was_published_is_found_missing_from_it(store):
    practice.update_practice(store, {"email": "hello@riverside.example"}, actor=ACTOR)
    notices.publish_notice(store, "First notice", actor=ACTOR, now=NOW)
    practice.update_practice(store, {"phone": "+44 20 7946 0321"}, actor=ACTOR)

    facts = prepare_review(store, now=NOW)
    review = record_review(
        store,
        ReviewDraft(TODAY, "Jordan Hale", every_way_passed(facts.offered), "Publish notice v2"),
        actor=ACTOR,
        now=NOW,
    )

    assert review.findings == (Finding(FindingKind.NOTICE_LACKS, "phone"),)
    assert review.outcome == "actions_needed"


def test_today_asks_for_the_first_review_once_a_notice_is_out_and_not_before(store):
    assert review_due(store, TODAY, "en") == []
    notices.publish_notice(store, "First notice", actor=ACTOR, now=NOW)

    [line] = review_due(store, TODAY, "en")

    assert (line.kind, line.due, line.overdue) == ("optout_review", TODAY, False)
    assert line.label == "Review the opt-out path"
    assert review_due(store, TODAY + timedelta(days=1), "en")[0].overdue


def test_a_review_that_passed_is_kept_and_puts_the_next_a_year_on(practice_with_vendors):
    store = practice_with_vendors
    facts = prepare_review(store, now=NOW)

    review = record_review(
        store,
        ReviewDraft(TODAY, "Jordan Hale", every_way_passed(facts.offered)),
        actor=ACTOR,
        now=NOW,
    )

    assert (review.outcome, review.findings, review.next_due_on) == (
        "passed",
        (),
        date(2027, 11, 20),
    )
    assert latest_review(store) == review
    assert review_due(store, TODAY, "en") == []
    [line] = review_due(store, date(2027, 11, 20), "en")
    assert "last one 2026-11-20" in line.subject


def test_findings_without_an_action_are_refused_and_nothing_is_kept(practice_with_vendors):
    store = practice_with_vendors
    untested = (ChannelTest(Channel.PHONE, None),)

    with pytest.raises(InvalidInput) as refused:
        record_review(store, ReviewDraft(TODAY, "Jordan Hale", untested), actor=ACTOR, now=NOW)

    assert [problem.field for problem in refused.value.problems] == ["actions"]
    assert latest_review(store) is None


@pytest.mark.parametrize(
    "draft, field",
    [
        (ReviewDraft(TODAY + timedelta(days=1), "Jordan Hale", ()), "reviewed_on"),
        (ReviewDraft(TODAY, "  ", ()), "reviewer"),
        (ReviewDraft(TODAY, "Jordan Hale", (), next_due_on=TODAY), "next_due_on"),
        (
            ReviewDraft(TODAY, "J", (ChannelTest(Channel.POST, TODAY + timedelta(days=1)),)),
            "tests",
        ),
    ],
    ids=["future review", "no reviewer", "next not after", "test after review"],
)
def test_bad_review_fields_are_refused_by_name(practice_with_vendors, draft, field):
    draft = ReviewDraft(draft.reviewed_on, draft.reviewer, draft.tests, "Fix it", draft.next_due_on)
    with pytest.raises(InvalidInput) as refused:
        record_review(practice_with_vendors, draft, actor=ACTOR, now=NOW)
    assert field in [problem.field for problem in refused.value.problems]


def test_a_kept_review_cannot_be_deleted(practice_with_vendors):
    store = practice_with_vendors
    facts = prepare_review(store, now=NOW)
    record_review(
        store,
        ReviewDraft(TODAY, "Jordan Hale", every_way_passed(facts.offered)),
        actor=ACTOR,
        now=NOW,
    )

    with pytest.raises(Exception, match="kept"), store.engine.begin() as connection:
        connection.execute(text("DELETE FROM optout_review"))
