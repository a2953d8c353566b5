"""The guide's steps as the records say: one read, each step from what is on record."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.errors import ValidationError
from app.domain.first_steps import Step
from app.services import notices, practice, vendors
from app.services.first_steps import confirm_laws, first_steps
from tests.helpers.factories import ACTOR, NOW, TODAY, make_client, make_sharing, make_vendor


def done(store) -> set[Step]:
    steps = first_steps(store, today=TODAY)
    return {state.step for state in steps.steps if state.done}


def test_an_empty_practice_starts_at_the_profile(store):
    steps = first_steps(store, today=TODAY)
    assert done(store) == {Step.LAWS}  # a British practice starts on the GDPR it suggests
    assert (steps.country, steps.ticked, steps.suggested) == ("GB", ("gdpr",), ("gdpr",))
    assert not steps.complete


def test_each_record_completes_its_step_until_the_guide_is_complete(store):
    practice.update_practice(
        store, {"name": "Studio Nord", "email": "hello@studio.example"}, actor=ACTOR, now=NOW
    )
    assert Step.PROFILE in done(store)
    app = make_vendor(store, "TrainLoop")
    letters = make_vendor(store, "LetterBox")
    assert Step.VENDORS in done(store)
    make_sharing(store, app)
    steps = first_steps(store, today=TODAY)
    assert not steps.done(Step.SHARINGS)
    assert steps.vendor_without_sharing == letters.id  # where the step leads
    make_sharing(store, letters, "newsletter", ("contact",))
    assert Step.SHARINGS in done(store)
    notices.publish_notice(store, "First notice", actor=ACTOR, now=NOW)
    assert Step.NOTICE in done(store)
    make_client(store)
    assert first_steps(store, today=TODAY).complete


def test_an_ended_sharing_leaves_its_vendor_receiving_nothing(store):
    vendor = make_vendor(store)
    sharing = make_sharing(store, vendor)
    vendors.end_sharing(store, sharing.id, ends_on=TODAY, actor=ACTOR, now=NOW)
    assert Step.SHARINGS in done(store)  # it ends tonight
    later = first_steps(store, today=TODAY + timedelta(days=1))
    assert (later.done(Step.SHARINGS), later.vendor_without_sharing) == (False, vendor.id)


def test_an_american_practice_settles_its_laws_by_saving_a_choice(store):
    practice.update_practice(store, {"country_code": "US"}, actor=ACTOR, now=NOW)
    steps = first_steps(store, today=TODAY)
    assert (steps.suggested, steps.done(Step.LAWS)) == (("ccpa",), False)
    # It keeps the GDPR only (its clients are in Europe): its own choice, once saved.
    practice.update_practice(store, {"jurisdictions": "gdpr,pipl"}, actor=ACTOR, now=NOW)
    practice.update_practice(store, {"jurisdictions": "gdpr"}, actor=ACTOR, now=NOW)
    assert first_steps(store, today=TODAY).done(Step.LAWS)


def test_confirming_the_laws_ticked_already_settles_the_step(store):
    practice.update_practice(store, {"country_code": "US"}, actor=ACTOR, now=NOW)
    assert confirm_laws(store, ["GDPR"], actor=ACTOR, now=NOW) == ("gdpr",)  # as it was
    steps = first_steps(store, today=TODAY)
    assert (steps.ticked, steps.done(Step.LAWS)) == (("gdpr",), True)


def test_confirming_new_laws_ticks_them_in_the_rule_sets_order(store):
    assert confirm_laws(store, ["pipl", "gdpr"], actor=ACTOR, now=NOW) == ("gdpr", "pipl")
    assert practice.get_practice(store).jurisdictions == ("gdpr", "pipl")


def test_an_unknown_law_is_refused_and_nothing_is_saved(store):
    with pytest.raises(ValidationError) as refused:
        confirm_laws(store, ["gdpr", "hipaa"], actor=ACTOR, now=NOW)
    assert refused.value.field == "jurisdictions"
    assert practice.get_practice(store).jurisdictions == ("gdpr",)
