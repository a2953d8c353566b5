"""Correction's rules: which client fields a vendor received, what it is asked to correct,
and the one sentence a correction is refused with."""

from __future__ import annotations

import pytest

from app.domain.correction import (
    FIELD_CATEGORIES,
    CorrectionFacts,
    corrected_items,
    correction_refusal,
    fields_received,
    item_value,
)
from app.domain.enums import SharingForm

CONTACT = ("given_name", "family_name", "email", "phone_entered", "phone_e164", "street", "city")


def test_name_email_phone_and_address_are_contact_details():
    for name in (*CONTACT, "postal_code", "region", "country_code"):
        assert FIELD_CATEGORIES[name] == "contact"
    assert "notes" not in FIELD_CATEGORIES and "language" not in FIELD_CATEGORIES


def test_a_vendor_receiving_contact_details_gets_the_corrected_email():
    got = fields_received(
        ["email", "notes"], category_keys=("contact",), form="identified", may_share=True
    )
    assert got == ("email",)


def test_a_vendor_without_contact_details_gets_no_email_but_any_identified_one_the_name():
    training = {"category_keys": ("training", "health"), "form": "identified", "may_share": True}
    assert fields_received(["email", "phone_e164"], **training) == ()
    assert fields_received(["family_name", "email"], **training) == ("family_name",)


@pytest.mark.parametrize(
    ("form", "may_share"),
    [
        (SharingForm.PSEUDONYMISED, True),  # the vendor knows a code, not the person
        (SharingForm.ANONYMISED, True),
        (SharingForm.IDENTIFIED, False),  # refused or withdrawn: nothing was sent
    ],
)
def test_nothing_is_received_through_a_sharing_that_sent_nothing_about_the_person(form, may_share):
    assert (
        fields_received(["email", "given_name"], category_keys=("contact",), form=form,
                        may_share=may_share)
        == ()
    )  # fmt: skip


def test_the_items_a_vendor_is_asked_to_correct_and_their_new_values():
    record = {
        "given_name": "Ada", "family_name": "King", "email": "ada@new.example",
        "phone_entered": "020 7946 0018", "phone_e164": "+442079460018",
        "street": "12 Byron Road\nFlat 2", "city": "London", "postal_code": "SW1A 1AA",
        "region": "", "country_code": "GB",
    }  # fmt: skip
    fields = ["phone_entered", "phone_e164", "street", "family_name"]
    assert corrected_items(fields) == ("name", "phone", "address")
    assert item_value("name", record) == "Ada King"
    assert item_value("phone", record) == "+442079460018"
    assert item_value("address", record) == "12 Byron Road, Flat 2, SW1A 1AA London, GB"
    assert item_value("email", record) == "ada@new.example"


def facts(**changes) -> CorrectionFacts:
    values = {
        "request_kind": "correction",
        "client_matched": True,
        "identity_checked": True,
        "request_completed": False,
        "client_erased": False,
    }
    return CorrectionFacts(**{**values, **changes})


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"request_kind": "deletion"}, "Only a correction request"),
        ({"client_matched": False}, "Match the request to a client"),
        ({"request_completed": True}, "is completed"),
        ({"client_erased": True}, "was erased"),
        ({"identity_checked": False}, "Check the person's identity"),
    ],
)
def test_a_correction_is_refused_in_one_sentence(changes, words):
    refusal = correction_refusal(facts(**changes))
    assert refusal is not None and words in refusal.text()


def test_a_matched_checked_open_correction_may_go_ahead():
    assert correction_refusal(facts()) is None


def test_a_correction_request_completes_only_once_corrected_or_refused_with_a_reason():
    from app.domain.enums import RequestKind
    from app.domain.requests import Outcome, outcome_problem

    kind = RequestKind.CORRECTION
    for outcome in (Outcome.DONE, Outcome.PARTLY):
        problem = outcome_problem(kind, outcome, "", identity_checked=True)
        assert problem is not None and "Correct the record first" in problem.text()
        assert outcome_problem(kind, outcome, "", identity_checked=True, corrected=True) is None
    assert outcome_problem(kind, Outcome.REFUSED, "", identity_checked=True) is not None
    assert (
        outcome_problem(kind, Outcome.REFUSED, "Records are right", identity_checked=True) is None
    )
    # Other kinds are unchanged: an access request needs no correction.
    assert outcome_problem(RequestKind.ACCESS, Outcome.DONE, "", identity_checked=True) is None
