"""Tests for consent rules: the ledger's latest event wins, and when consent is required."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.consent import (
    ConsentFact,
    consent_required,
    current_consents,
    current_state,
    may_share,
    sends_abroad,
)
from app.domain.enums import ConsentState, Jurisdiction, LegalBasis

GIVEN, REFUSED, WITHDRAWN, NONE = (
    ConsentState.GIVEN,
    ConsentState.REFUSED,
    ConsentState.WITHDRAWN,
    ConsentState.NONE,
)
MONDAY = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _fact(sharing_id: int, state: ConsentState, hours: int, sequence: int) -> ConsentFact:
    return ConsentFact(sharing_id, state, MONDAY + timedelta(hours=hours), sequence)


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([], NONE),
        ([_fact(1, GIVEN, 0, 1)], GIVEN),
        ([_fact(1, GIVEN, 0, 1), _fact(1, WITHDRAWN, 5, 2)], WITHDRAWN),
        # A paper form signed earlier but typed in later does not override a later withdrawal.
        ([_fact(1, WITHDRAWN, 5, 1), _fact(1, GIVEN, 0, 2)], WITHDRAWN),
        # Same moment: the later ledger entry wins.
        ([_fact(1, GIVEN, 0, 2), _fact(1, REFUSED, 0, 1)], GIVEN),
        ([_fact(1, REFUSED, 0, 1), _fact(1, GIVEN, 0, 2)], GIVEN),
        ([_fact(1, GIVEN, 0, 1), _fact(1, WITHDRAWN, 1, 2), _fact(1, GIVEN, 2, 3)], GIVEN),
        # Another sharing's events do not count.
        ([_fact(2, GIVEN, 0, 1)], NONE),
        ([_fact(1, REFUSED, 0, 1), _fact(2, GIVEN, 9, 2)], REFUSED),
    ],
)
def test_the_current_state_is_the_latest_event_for_that_sharing(events, expected):
    assert current_state(events, 1) is expected


def test_current_consents_holds_the_latest_event_of_each_sharing():
    first, second, third = _fact(1, GIVEN, 0, 1), _fact(2, REFUSED, 1, 2), _fact(1, WITHDRAWN, 2, 3)
    assert current_consents([first, second, third]) == {1: third, 2: second}
    assert current_consents(iter([third, first, second])) == {1: third, 2: second}


def test_none_is_never_an_event():
    with pytest.raises(ValueError):
        _fact(1, NONE, 0, 1)


events = st.lists(
    st.builds(
        ConsentFact,
        sharing_id=st.integers(1, 3),
        state=st.sampled_from([GIVEN, REFUSED, WITHDRAWN]),
        occurred_at=st.integers(0, 20).map(lambda hours: MONDAY + timedelta(hours=hours)),
        sequence=st.integers(1, 10_000),
    ),
    unique_by=lambda fact: fact.sequence,
)


@given(events, st.randoms())
def test_the_current_consents_do_not_depend_on_the_order_events_arrive_in(facts, shuffler):
    shuffled = list(facts)
    shuffler.shuffle(shuffled)
    assert current_consents(shuffled) == current_consents(facts)


@given(events)
def test_each_current_consent_is_its_sharings_latest_event(facts):
    for sharing_id, latest in current_consents(facts).items():
        mine = [fact for fact in facts if fact.sharing_id == sharing_id]
        assert latest == max(mine, key=lambda fact: (fact.occurred_at, fact.sequence))
        assert current_state(facts, sharing_id) is latest.state


PIPL = {Jurisdiction.PIPL}
GDPR_CCPA = {Jurisdiction.GDPR, Jurisdiction.CCPA}


@pytest.mark.parametrize(
    ("legal_basis", "sensitive", "abroad", "jurisdictions", "required"),
    [
        (LegalBasis.CONSENT, False, False, set(), True),
        (LegalBasis.CONTRACT, False, False, GDPR_CCPA, False),
        (LegalBasis.CONTRACT, True, False, GDPR_CCPA, True),  # health data
        (LegalBasis.LEGAL_OBLIGATION, True, False, set(), True),
        (LegalBasis.LEGITIMATE_INTERESTS, False, True, GDPR_CCPA, False),  # abroad, no PIPL
        (LegalBasis.LEGITIMATE_INTERESTS, False, True, PIPL, True),  # abroad under PIPL
        (LegalBasis.CONTRACT, False, False, PIPL, False),  # PIPL but at home
        (LegalBasis.LEGAL_OBLIGATION, False, True, PIPL | GDPR_CCPA, True),
    ],
)
def test_consent_is_required_for_consent_basis_sensitive_data_or_pipl_transfers(
    legal_basis, sensitive, abroad, jurisdictions, required
):
    assert (
        consent_required(
            legal_basis=legal_basis,
            has_sensitive_category=sensitive,
            sends_abroad=abroad,
            jurisdictions=jurisdictions,
        )
        is required
    )


@pytest.mark.parametrize(
    ("storage", "practice", "abroad"),
    [
        (["DE"], "DE", False),
        (["de", " DE "], "DE", False),
        (["DE", "US"], "DE", True),
        (["US"], "cn", True),
        ([], "DE", False),
        ([""], "DE", False),
    ],
)
def test_data_is_sent_abroad_when_any_storage_country_is_not_the_practices(
    storage, practice, abroad
):
    assert sends_abroad(storage, practice) is abroad


@pytest.mark.parametrize(
    ("state", "required", "allowed"),
    [
        (GIVEN, True, True),
        (REFUSED, True, False),
        (WITHDRAWN, True, False),
        (NONE, True, False),
        (GIVEN, False, True),
        # A sharing on another basis goes ahead unless the person said no to it: marketing
        # stopped on request, an objection upheld.
        (REFUSED, False, False),
        (WITHDRAWN, False, False),
        (NONE, False, True),
    ],
)
def test_a_sharing_that_needs_consent_goes_ahead_only_when_it_is_given(state, required, allowed):
    assert may_share(state, required) is allowed
