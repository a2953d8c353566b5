"""The guide's steps: each done from the facts alone, in any order; the laws suggested from
the country, as data on the rule sets."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.first_steps import STEPS, SetupFacts, Step, complete, laws_settled, step_states
from app.domain.rulesets import suggested_rule_sets

EMPTY = SetupFacts(
    practice_name="",
    practice_email="",
    practice_phone="",
    country="GB",
    ticked=("gdpr",),
    laws_chosen=False,
    active_vendors=0,
    vendors_without_sharing=0,
    notice_published=False,
    clients=0,
)
SET_UP = replace(
    EMPTY,
    practice_name="Studio Nord",
    practice_email="hello@studio.example",
    active_vendors=2,
    notice_published=True,
    clients=1,
)


def done(facts: SetupFacts) -> set[Step]:
    return {state.step for state in step_states(facts) if state.done}


@pytest.mark.parametrize(
    ("country", "suggested"),
    [
        ("GB", ["gdpr"]),
        ("DE", ["gdpr"]),
        ("ie", ["gdpr"]),
        ("NO", ["gdpr"]),  # EEA, not EU
        ("US", ["ccpa"]),
        ("CA", ["ccpa"]),
        ("CN", ["pipl"]),
        ("JP", []),
    ],
)
def test_the_laws_are_suggested_from_the_country(country, suggested):
    assert [rule.key for rule in suggested_rule_sets(country)] == suggested


def test_an_empty_british_practice_has_only_its_suggested_law_settled():
    assert done(EMPTY) == {Step.LAWS}
    assert [state.step for state in step_states(EMPTY)] == list(STEPS)
    assert not complete(step_states(EMPTY))


def test_a_set_up_practice_has_every_step_done():
    assert done(SET_UP) == set(STEPS)
    assert complete(step_states(SET_UP))


def test_the_profile_needs_a_name_and_a_way_to_reach_the_practice():
    assert Step.PROFILE not in done(replace(SET_UP, practice_email="", practice_phone=""))
    assert Step.PROFILE not in done(replace(SET_UP, practice_name="  "))
    assert Step.PROFILE in done(replace(SET_UP, practice_email="", practice_phone="+44 20 7946"))


def test_an_american_practice_left_on_gdpr_has_not_chosen_its_laws():
    american = replace(SET_UP, country="US", ticked=("gdpr",))
    assert Step.LAWS not in done(american)
    assert Step.LAWS in done(replace(american, ticked=("gdpr", "ccpa")))
    # Its own choice, saved, settles it even when it is not the suggestion.
    assert Step.LAWS in done(replace(american, laws_chosen=True))


def test_a_country_no_rule_set_names_is_settled_by_the_practices_own_choice():
    assert not laws_settled("JP", ("gdpr",), chosen=False)
    assert not laws_settled("JP", (), chosen=False)
    assert laws_settled("JP", ("gdpr",), chosen=True)
    # None ticked, chosen: the practice's own promise is the rule it keeps.
    assert laws_settled("JP", ("",), chosen=True)
    assert not laws_settled("GB", (), chosen=False)


def test_what_is_shared_is_done_when_every_vendor_receives_something():
    assert Step.SHARINGS not in done(replace(SET_UP, vendors_without_sharing=1))
    assert Step.SHARINGS not in done(replace(SET_UP, active_vendors=0))


def test_a_client_typed_before_the_notice_shows_as_done():
    early = replace(EMPTY, clients=3)
    assert done(early) == {Step.LAWS, Step.CLIENT}
