"""Story 6 (vendor review) and what the Today page lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.domain.enums import Channel, ConsentState, VendorStatus
from app.services import today as today_page
from app.services import vendors
from app.services.consents import record_consent_answers
from app.services.errors import InvalidInput
from app.services.reviews import (
    CHECKLIST,
    ChecklistAnswer,
    ReviewAction,
    list_reviews,
    record_review,
    reviews_due,
    suggested_next_due,
)
from tests.helpers.factories import (
    ACTOR,
    NOW,
    TODAY,
    make_client,
    make_sharing,
    make_vendor,
    withdraw_by_optout,
)


def all_answers(passed: bool = True) -> tuple[ChecklistAnswer, ...]:
    return tuple(ChecklistAnswer(key, passed, "") for key, _ in CHECKLIST)


def test_a_vendor_never_reviewed_is_due_one_interval_after_its_contract(store):
    vendor = make_vendor(
        store, "TrainLoop", contract_signed_on=date(2025, 11, 1), review_interval_months=12
    )
    [due] = reviews_due(store, today=TODAY)
    assert (due.vendor_id, due.due_on, due.overdue) == (vendor.id, date(2026, 11, 1), True)


def test_a_review_records_the_checklist_and_moves_the_next_due_date(store):
    vendor = make_vendor(store, "TrainLoop", contract_signed_on=date(2025, 11, 1))
    review = record_review(
        store,
        vendor.id,
        reviewed_on=TODAY,
        reviewer=ACTOR,
        answers=all_answers(),
        outcome="actions_needed",
        actions=(ReviewAction("Get the breach clause signed", TODAY + timedelta(days=30)),),
        next_due_on=suggested_next_due(TODAY, 12),
        today=TODAY,
        now=NOW,
    )
    assert review.next_due_on == date(2027, 11, 20)
    assert [r.id for r in list_reviews(store, vendor.id)] == [review.id]
    assert list_reviews(store, vendor.id)[0].actions[0].text == "Get the breach clause signed"
    assert reviews_due(store, today=TODAY) == []


@pytest.mark.parametrize(
    ("answers", "outcome", "actions", "next_due", "field"),
    [
        (all_answers()[:-1], "satisfactory", (), date(2027, 1, 1), "answers"),
        (all_answers(), "fine", (), date(2027, 1, 1), "outcome"),
        (all_answers(), "actions_needed", (), date(2027, 1, 1), "actions"),
        (all_answers(), "satisfactory", (), TODAY, "next_due_on"),
    ],
)
def test_an_incomplete_review_is_refused_field_by_field(
    store, answers, outcome, actions, next_due, field
):
    vendor = make_vendor(store)
    with pytest.raises(InvalidInput) as caught:
        record_review(
            store,
            vendor.id,
            reviewed_on=TODAY,
            reviewer=ACTOR,
            answers=answers,
            outcome=outcome,
            actions=actions,
            next_due_on=next_due,
            today=TODAY,
        )
    assert field in {problem.field for problem in caught.value.problems}
    assert list_reviews(store, vendor.id) == []


def test_an_ended_vendor_is_not_due_for_review(store):
    vendor = make_vendor(store, contract_signed_on=date(2020, 1, 1))
    vendors.set_vendor_status(store, vendor.id, VendorStatus.ENDED, actor=ACTOR)
    assert reviews_due(store, today=TODAY) == []


def test_today_lists_clients_whose_data_needs_consent_that_is_not_on_record(store):
    app = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    make_sharing(store, make_vendor(store, "PayFast"), "payments", ("payment",))
    answered = make_client(store, "Ada", "Answered")
    waiting = make_client(store, "Bea", "Waiting")
    record_consent_answers(
        store,
        answered.ref,
        {app.id: ConsentState.REFUSED},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW,
        actor=ACTOR,
        now=NOW,
    )
    total, listed = today_page.consent_missing(store, today=TODAY)
    assert total == 1
    assert [(item.client.ref, item.vendors) for item in listed] == [(waiting.ref, ("TrainLoop",))]


def test_today_counts_every_client_waiting_and_lists_the_first_in_name_order(store, monkeypatch):
    make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    for name in ("Cy", "Ada", "Bea", "Dee", "Eve"):
        make_client(store, name, "Waiting")
    monkeypatch.setattr(today_page, "CONSENT_LIST_LIMIT", 3)
    total, listed = today_page.consent_missing(store, today=TODAY)
    assert total == 5
    assert [item.client.name for item in listed] == ["Ada Waiting", "Bea Waiting", "Cy Waiting"]


def test_the_do_not_share_list_holds_refusals_and_withdrawals_only(store):
    app = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    given, refused, withdrawn = (
        make_client(store, "Gil", "Given"),
        make_client(store, "Ray", "Refused"),
        make_client(store, "Wes", "Withdrawn"),
    )
    for client, state in (
        (given, ConsentState.GIVEN),
        (refused, ConsentState.REFUSED),
        (withdrawn, ConsentState.GIVEN),
    ):
        record_consent_answers(
            store,
            client.ref,
            {app.id: state},
            channel=Channel.EMAIL,
            occurred_at=NOW - timedelta(days=10),
            actor=ACTOR,
            now=NOW,
        )
    withdraw_by_optout(store, withdrawn, app.id, at=NOW)
    entries = vendors.do_not_share_list(store, app.vendor_id)
    assert [(e.name, e.state) for e in entries] == [
        ("Ray Refused", "refused"),
        ("Wes Withdrawn", "withdrawn"),
    ]


def test_editing_a_vendor_records_which_fields_changed(store):
    vendor = make_vendor(store, "TrainLoop")
    detail = vendors.get_vendor(store, vendor.id)
    changed = vendors.VendorDraft(
        **{**detail.draft.__dict__, "legal_name": "TrainLoop Ltd", "review_interval_months": 6}
    )
    row = vendors.edit_vendor(store, vendor.id, changed, actor=ACTOR)
    assert (row.legal_name, row.review_interval_months) == ("TrainLoop Ltd", 6)


def test_a_review_starts_from_the_privacy_contact_and_the_clauses_on_the_register(store):
    from app.services import practice
    from app.services.reviews import CLAUSE_QUESTIONS, review_start

    vendor = make_vendor(store, "TrainLoop", clauses=("responsibility", "breach_notice"))
    assert review_start(store, vendor.id).reviewer == ""  # nobody named yet
    practice.update_practice(store, {"privacy_contact": "Jordan Hale, owner"}, actor=ACTOR)
    start = review_start(store, vendor.id)
    assert start.reviewer == "Jordan Hale, owner"
    assert {answer.key: answer.passed for answer in start.answers} == {
        "clause_responsibility": True,
        "clause_optout": False,
        "clause_breach": True,
        "clause_deletion": False,
    }
    assert set(CLAUSE_QUESTIONS) == set(vendors.CLAUSE_KEYS)
    assert set(CLAUSE_QUESTIONS.values()) <= {key for key, _question in CHECKLIST}
