"""A rule set registered in a test, declared in one object, changes every rule that reads
the rule sets: no deadline, consent or checklist module names it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.domain import rulesets
from app.domain.business_days import BusinessCalendar
from app.domain.consent import ConsentReason, consent_reasons, consent_required
from app.domain.deadlines import PracticePromise, optout_due, request_due
from app.domain.enums import LegalBasis
from app.domain.rulesets import (
    DeadlineKind,
    RuleSettings,
    Topic,
    authorities,
    notice_checklist,
    notice_topics,
)
from tests.helpers.rulesets import ATLANTIS, ATLANTIS_AUTHORITY, registered

DE = BusinessCalendar("DE")
WEDNESDAY = date(2026, 6, 3)


@pytest.fixture
def atlantis():
    with registered(ATLANTIS) as rule:
        yield rule


@pytest.mark.usefixtures("atlantis")
def test_its_opt_out_days_beat_the_promise():
    assert optout_due(WEDNESDAY, [], PracticePromise(), DE) == date(2026, 6, 17)
    assert optout_due(WEDNESDAY, ["gdpr", "atlantis"], PracticePromise(), DE) == date(2026, 6, 8)


@pytest.mark.usefixtures("atlantis")
def test_its_answer_counts_the_days_the_practice_chose_within_its_bounds():
    assert request_due(WEDNESDAY, ["atlantis"], PracticePromise(), DE) == date(2026, 6, 10)
    chosen = RuleSettings.of([("atlantis", "answer_days", 12)])
    assert rulesets.due(DeadlineKind.ANSWER, WEDNESDAY, ["atlantis"], DE, chosen) == date(
        2026, 6, 15
    )
    # Extended, it allows 28 days: still inside the promise's 30.
    assert rulesets.due(
        DeadlineKind.ANSWER, WEDNESDAY, ["atlantis"], DE, chosen, extended=True
    ) == date(2026, 7, 1)


@pytest.mark.usefixtures("atlantis")
def test_its_confirmation_and_breach_clocks_apply_only_when_it_is_ticked():
    assert rulesets.due(DeadlineKind.CONFIRMATION, WEDNESDAY, ["gdpr"], DE) is None
    assert rulesets.due(DeadlineKind.CONFIRMATION, WEDNESDAY, ["atlantis"], DE) == date(2026, 6, 5)
    aware = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    assert rulesets.due_at(DeadlineKind.BREACH, aware, ["gdpr", "atlantis"]) == datetime(
        2026, 6, 2, 9, 0, tzinfo=UTC
    )
    assert rulesets.due_at(DeadlineKind.BREACH, aware, ["ccpa"]) is None


@pytest.mark.usefixtures("atlantis")
def test_it_asks_consent_for_a_transfer_abroad_and_is_named_as_asking():
    facts = dict(legal_basis=LegalBasis.CONTRACT, has_sensitive_category=False, sends_abroad=True)
    assert not consent_required(**facts, jurisdictions=["gdpr"])
    assert consent_reasons(**facts, jurisdictions=["gdpr", "atlantis"]) == (
        ConsentReason.TRANSFER_ABROAD,
    )
    asking = rulesets.asking_consent(ConsentReason.TRANSFER_ABROAD, ["atlantis", "pipl"])
    assert [rule.key for rule in asking] == ["pipl", "atlantis"]


@pytest.mark.usefixtures("atlantis")
def test_its_checklist_and_authority_join_the_notice():
    keys = [item.key for item in notice_checklist(["gdpr", "atlantis"])]
    assert keys[-3:] == ["atlantis.dpo", "atlantis.explanation", "atlantis.complaint"]
    assert Topic.EXPLANATION in notice_topics(["gdpr", "atlantis"]) - notice_topics(["gdpr"])
    assert dict(authorities("GB", "", ["atlantis"])) == {"atlantis": ATLANTIS_AUTHORITY}


def test_once_unregistered_it_is_an_unknown_value_again(atlantis):
    rulesets.unregister(atlantis.key)
    assert rulesets.rule_sets(["atlantis"]) == ()
    assert optout_due(WEDNESDAY, ["atlantis"], PracticePromise(), DE) == date(2026, 6, 17)


def test_a_second_rule_set_by_the_same_key_or_setting_name_is_refused(atlantis):
    with pytest.raises(ValueError, match="already registered"):
        rulesets.register(atlantis)
    with pytest.raises(ValueError, match="atlantis_answer_days"):
        rulesets.register(rulesets.RuleSet("mu", "Mu", "Mu", settings=atlantis.settings))
