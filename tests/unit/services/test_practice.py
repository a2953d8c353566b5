"""The practice's settings for its rule sets: by the names the command line has always used,
within the bounds each rule set declares, one JSON object in the database."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.errors import ValidationError
from app.persistence.database import unit_of_work
from app.persistence.models import AuditEntry, Practice
from app.services import practice
from app.services.errors import InvalidInput
from tests.helpers.factories import ACTOR
from tests.helpers.rulesets import ATLANTIS, registered


@pytest.fixture
def atlantis():
    with registered(ATLANTIS) as rule:
        yield rule


def _stored(store) -> dict:
    with unit_of_work(store.reader) as session:
        row = session.get(Practice, 1)
        return {} if row is None else row.rule_settings  # no row: nothing saved yet


def test_the_promise_and_pipl_days_are_kept_under_their_rule_sets(store):
    changes = {"promise_vendor_days": 5, "promise_request_days": 20, "pipl_request_days": 12}
    profile = practice.update_practice(store, changes, actor=ACTOR)
    assert (profile.promise_vendor_days, profile.promise_request_days) == (5, 20)
    assert profile.pipl_request_days == 12
    assert profile.setting("promise_vendor_days") == 5
    assert _stored(store) == {
        "pipl": {"request_days": 12},
        "promise": {"request_days": 20, "vendor_days": 5},
    }


def test_the_settings_may_be_given_whole_as_they_are_stored(store):
    practice.update_practice(store, {"promise_vendor_days": 5}, actor=ACTOR)
    profile = practice.update_practice(
        store, {"rule_settings": {"pipl": {"request_days": 9}}}, actor=ACTOR
    )
    assert (profile.pipl_request_days, profile.promise_vendor_days) == (9, 5)


@pytest.mark.parametrize(
    ("field", "days", "message"),
    [
        ("promise_vendor_days", 61, "promise_vendor_days must be between 1 and 60 days."),
        ("promise_request_days", 0, "promise_request_days must be between 1 and 90 days."),
        ("pipl_request_days", "ten", "pipl_request_days must be a whole number of days."),
    ],
)
def test_a_setting_outside_its_rule_sets_bounds_is_refused_by_its_name(store, field, days, message):
    with pytest.raises(InvalidInput) as caught:
        practice.update_practice(store, {field: days}, actor=ACTOR)
    [problem] = caught.value.problems
    assert (problem.field, str(problem)) == (field, message)
    assert _stored(store) == {}


def test_an_unknown_setting_is_refused(store):
    with pytest.raises(ValidationError, match=r"Unknown practice fields: pipl\.answer_days"):
        practice.update_practice(
            store, {"rule_settings": {"pipl": {"answer_days": 9}}}, actor=ACTOR
        )


def test_the_audit_names_the_settings_changed_and_an_unchanged_one_is_no_change(store):
    practice.update_practice(store, {"pipl_request_days": 15, "name": "Riverside"}, actor=ACTOR)
    practice.update_practice(store, {"pipl_request_days": 20}, actor=ACTOR)
    with unit_of_work(store.reader) as session:
        fields = [entry.fields for entry in session.execute(select(AuditEntry)).scalars()]
    assert fields[-2:] == ["name", "pipl_request_days"]
    assert _stored(store) == {"pipl": {"request_days": 20}}  # 15 was the default: not stored


def test_a_registered_rule_set_can_be_ticked_and_its_setting_chosen(store, atlantis):
    profile = practice.update_practice(
        store, {"jurisdictions": "gdpr,atlantis", "atlantis_answer_days": 12}, actor=ACTOR
    )
    assert profile.jurisdictions == ("gdpr", "atlantis")
    assert profile.setting("atlantis_answer_days") == 12
    with pytest.raises(InvalidInput, match="between 2 and 14 days"):
        practice.update_practice(store, {"atlantis_answer_days": 30}, actor=ACTOR)


def test_a_rule_set_nobody_registered_cannot_be_ticked(store):
    with pytest.raises(InvalidInput, match="one of gdpr, ccpa, pipl, not 'atlantis'"):
        practice.update_practice(store, {"jurisdictions": "gdpr,atlantis"}, actor=ACTOR)
