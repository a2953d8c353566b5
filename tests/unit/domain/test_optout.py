"""Tests for the opt-out rules: what each scope stops, what goes on and why, who is told."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.deadlines import is_overdue
from app.domain.enums import ConsentState, LegalBasis, OptOutScope, SharingForm
from app.domain.optout import (
    NotificationProgress,
    OptOutStatus,
    SharingFacts,
    confirmation_script,
    continuing_reason,
    derive_status,
    identifiers_for_vendor,
    local_date,
    local_day_bounds,
    needs_withdrawal,
    next_step_due,
    practice_time_zone,
    scope_effect,
    vendor_must_be_told,
)

GIVEN, REFUSED, WITHDRAWN, NONE = (
    ConsentState.GIVEN,
    ConsentState.REFUSED,
    ConsentState.WITHDRAWN,
    ConsentState.NONE,
)


def _sharing(
    sharing_id: int,
    vendor: str,
    basis: LegalBasis,
    *,
    marketing: bool = False,
    required: bool | None = None,
    form: SharingForm = SharingForm.IDENTIFIED,
    categories: tuple[str, ...] = ("contact",),
) -> SharingFacts:
    return SharingFacts(
        sharing_id=sharing_id,
        vendor_id=sharing_id * 10,
        vendor=vendor,
        purpose=f"purpose of {vendor}",
        legal_basis=basis,
        is_marketing=marketing,
        consent_required=basis is LegalBasis.CONSENT if required is None else required,
        form=form,
        category_keys=categories,
    )


TRAINING = _sharing(1, "TrainLoop", LegalBasis.CONSENT)
PAYMENTS = _sharing(2, "Paydeck", LegalBasis.CONTRACT, categories=("payment",))
NEWSLETTER = _sharing(3, "Postbird", LegalBasis.CONSENT, marketing=True)
BACKUP = _sharing(4, "Vaultwise", LegalBasis.LEGITIMATE_INTERESTS)
ACCOUNTS = _sharing(5, "Hargreaves & Lin", LegalBasis.LEGAL_OBLIGATION)
# Contract basis, but health data: consent is required, so it stops.
HEALTH_BY_CONTRACT = _sharing(6, "FuelWell", LegalBasis.CONTRACT, required=True)
# Marketing on legitimate interests: no consent needed, yet an objection stops it.
OFFERS = _sharing(7, "Offerly", LegalBasis.LEGITIMATE_INTERESTS, marketing=True)
ALL_SHARINGS = (TRAINING, PAYMENTS, NEWSLETTER, BACKUP, ACCOUNTS, HEALTH_BY_CONTRACT, OFFERS)


def _ids(sharings) -> set[int]:
    return {sharing.sharing_id for sharing in sharings}


def test_scope_all_stops_every_consent_based_sharing_and_marketing():
    effect = scope_effect(OptOutScope.ALL, ALL_SHARINGS)
    assert _ids(effect.stopped) == {1, 3, 6, 7}
    assert _ids(effect.continuing) == {2, 4, 5}


def test_scope_marketing_stops_only_marketing_whatever_its_basis():
    effect = scope_effect(OptOutScope.MARKETING, ALL_SHARINGS)
    assert _ids(effect.stopped) == {3, 7}
    assert effect.continuing == ()  # the rest was never asked about


def test_scope_chosen_stops_the_chosen_and_explains_the_one_that_must_go_on():
    effect = scope_effect(OptOutScope.CHOSEN, ALL_SHARINGS, chosen_sharing_ids=[1, 2])
    assert _ids(effect.stopped) == {1}
    [payments] = effect.continuing
    assert payments.vendor == "Paydeck"
    assert "service you signed up for" in payments.reason


@pytest.mark.parametrize(
    ("basis", "words"),
    [
        (LegalBasis.CONTRACT, "service you signed up for"),
        (LegalBasis.LEGAL_OBLIGATION, "the law requires"),
        (LegalBasis.LEGITIMATE_INTERESTS, "you can object"),
    ],
)
def test_each_legal_basis_has_a_plain_reason(basis, words):
    reason = continuing_reason(basis)
    assert words in reason and reason.endswith(".") and "\n" not in reason


def test_reasons_go_through_the_translation_function():
    effect = scope_effect(OptOutScope.ALL, [PAYMENTS], _=lambda text: "译:" + text)
    assert effect.continuing[0].reason.startswith("译:")


@pytest.mark.parametrize(
    ("state", "withdraw"), [(GIVEN, True), (NONE, True), (REFUSED, False), (WITHDRAWN, False)]
)
def test_a_withdrawal_is_recorded_unless_the_person_already_said_no(state, withdraw):
    assert needs_withdrawal(state) is withdraw


@pytest.mark.parametrize(
    ("state", "sharing", "told"),
    [
        (GIVEN, TRAINING, True),
        (NONE, TRAINING, False),  # consent needed and never given: the vendor never had it
        (REFUSED, TRAINING, False),
        (WITHDRAWN, TRAINING, False),
        (NONE, OFFERS, True),  # marketing without consent went ahead: the vendor has it
        (GIVEN, _sharing(8, "Anon", LegalBasis.CONSENT, form=SharingForm.ANONYMISED), False),
    ],
)
def test_a_vendor_is_told_only_when_it_may_hold_the_persons_data(state, sharing, told):
    assert vendor_must_be_told(state, sharing) is told


def test_a_vendor_gets_the_fewest_identifiers_that_let_it_find_the_person():
    pseudonymous = _sharing(9, "Stats", LegalBasis.CONSENT, form=SharingForm.PSEUDONYMISED)
    no_contact = _sharing(10, "Tracker", LegalBasis.CONSENT, categories=("wearable",))
    assert identifiers_for_vendor([pseudonymous]) == {"ref"}
    assert identifiers_for_vendor([no_contact]) == {"ref", "name"}
    assert identifiers_for_vendor([TRAINING]) == {"ref", "name", "email"}


SENT = NotificationProgress(sent=True, confirmed=False)
UNSENT = NotificationProgress(sent=False, confirmed=False)
CONFIRMED = NotificationProgress(sent=True, confirmed=True)


@pytest.mark.parametrize(
    ("matched", "notifications", "acknowledged", "status"),
    [
        (False, [], False, OptOutStatus.RECEIVED),
        (False, [], True, OptOutStatus.RECEIVED),  # the call was answered, nothing applied yet
        (True, [UNSENT, SENT], True, OptOutStatus.APPLIED),
        (True, [SENT, CONFIRMED], False, OptOutStatus.VENDORS_NOTIFIED),
        (True, [CONFIRMED, CONFIRMED], False, OptOutStatus.VENDORS_CONFIRMED),
        (True, [CONFIRMED], True, OptOutStatus.CLOSED),
        (True, [], False, OptOutStatus.VENDORS_CONFIRMED),  # nobody to tell
        (True, [], True, OptOutStatus.CLOSED),
    ],
)
def test_status_is_derived_step_by_step(matched, notifications, acknowledged, status):
    derived = derive_status(matched=matched, notifications=notifications, acknowledged=acknowledged)
    assert derived is status


def test_a_request_not_yet_matched_or_applied_is_due_on_its_date():
    due = date(2027, 1, 11)
    assert next_step_due(matched=False, due_on=due, acknowledged=False) == due
    assert next_step_due(matched=True, due_on=due, acknowledged=True, untold=[due]) == due
    assert not is_overdue(due, due)  # the due day itself is in time
    assert is_overdue(due, due + timedelta(days=1))


def test_the_next_step_is_the_earliest_still_outstanding_whatever_the_status():
    due = date(2026, 11, 24)
    replies = [date(2026, 11, 30), date(2026, 11, 27)]
    told = next_step_due(matched=True, due_on=due, acknowledged=True, replies_due=replies)
    assert told == date(2026, 11, 27)
    assert is_overdue(told, date(2026, 12, 1))  # a reply two working days late is late
    # The person's own confirmation counts too: due with the request, even while replies wait.
    unacknowledged = next_step_due(
        matched=True, due_on=due, acknowledged=False, replies_due=replies
    )
    assert unacknowledged == due
    # A vendor told later (an objection upheld) has its own date; an open objection its own.
    later = next_step_due(
        matched=True,
        due_on=due,
        acknowledged=True,
        untold=[date(2026, 12, 24)],
        answers_due=[date(2026, 12, 20)],
    )
    assert later == date(2026, 12, 20)
    assert next_step_due(matched=True, due_on=due, acknowledged=True) is None
    assert not is_overdue(None, date(2030, 1, 1))


def test_the_script_says_what_stopped_who_is_told_by_when_and_how_to_change_ones_mind():
    effect = scope_effect(OptOutScope.ALL, [TRAINING, PAYMENTS])
    script = confirmation_script(
        request_id=12,
        practice_name="Riverside",
        received_on="23 December 2026",
        matched=True,
        stopped=effect.stopped,
        vendors_told=["TrainLoop"],
        due_on="11 January 2027",
        continuing=effect.continuing,
    )
    assert "23 December 2026" in script and "Riverside" in script
    assert "purpose of TrainLoop (TrainLoop)" in script
    assert "We will tell TrainLoop by 11 January 2027" in script
    assert "Paydeck" in script and "signed up for" in script
    assert "change your mind" in script and "request number is 12" in script


def test_the_script_for_an_unmatched_caller_promises_no_effect_yet():
    script = confirmation_script(
        request_id=3,
        practice_name="",
        received_on="1 June 2026",
        matched=False,
        stopped=[],
        vendors_told=[],
        due_on="15 June 2026",
        continuing=[],
    )
    assert "I will find your records" in script and "15 June 2026" in script
    assert "takes effect now" not in script


def test_the_script_when_nothing_was_shared_says_so():
    script = confirmation_script(
        request_id=4,
        practice_name="P",
        received_on="d",
        matched=True,
        stopped=[],
        vendors_told=[],
        due_on="d",
        continuing=[],
    )
    assert "already show that we do not share" in script


@pytest.mark.parametrize(
    ("country", "region", "zone"),
    [
        ("GB", "", "Europe/London"),
        ("gb", "", "Europe/London"),
        ("US", "CA", "America/Los_Angeles"),
        ("US", "", "America/New_York"),
        ("CN", "", "Asia/Shanghai"),
        ("DE", "BY", "Europe/Berlin"),
        ("AU", "WA", "Australia/Perth"),
        ("FR", "", "Europe/Paris"),
    ],
)
def test_the_practice_zone_follows_its_country_and_region(country, region, zone):
    assert practice_time_zone(country, region) == ZoneInfo(zone)


def test_an_unknown_country_counts_in_utc():
    assert practice_time_zone("XX") is UTC


def test_local_days_follow_summer_time():
    london = ZoneInfo("Europe/London")
    start, end = local_day_bounds(date(2026, 6, 1), london)
    assert (start, end) == (
        datetime(2026, 5, 31, 23, 0, tzinfo=UTC),
        datetime(2026, 6, 1, 23, 0, tzinfo=UTC),
    )
    assert local_date(datetime(2026, 5, 31, 23, 30, tzinfo=UTC), london) == date(2026, 6, 1)
    with pytest.raises(ValueError, match="aware"):
        local_date(datetime(2026, 6, 1, 12, 0), london)


sharings = st.lists(
    st.builds(
        _sharing,
        st.integers(1, 40),
        st.sampled_from(["A", "B", "C"]),
        st.sampled_from(list(LegalBasis)),
        marketing=st.booleans(),
        required=st.booleans(),
    ),
    unique_by=lambda sharing: sharing.sharing_id,
)


@given(sharings, st.sets(st.integers(1, 40)))
def test_every_scope_splits_what_it_reaches_into_stopped_continuing_or_objected(items, chosen):
    for scope in OptOutScope:
        effect = scope_effect(scope, items, chosen_sharing_ids=chosen)
        stopped, continuing, objected = (
            _ids(effect.stopped),
            _ids(effect.continuing),
            _ids(effect.objected),
        )
        assert not stopped & continuing and not stopped & objected and not continuing & objected
        # Only a sharing the person named, on legitimate interests, is an objection.
        assert all(s.legal_basis is LegalBasis.LEGITIMATE_INTERESTS for s in effect.objected)
        if scope is OptOutScope.CHOSEN:
            assert stopped | continuing | objected == chosen & _ids(items)
        else:
            assert not objected
    everything = _ids(scope_effect(OptOutScope.ALL, items).stopped)
    assert _ids(scope_effect(OptOutScope.MARKETING, items).stopped) <= everything
    assert _ids(scope_effect(OptOutScope.CHOSEN, items, chosen_sharing_ids=chosen).stopped) <= (
        everything
    )
