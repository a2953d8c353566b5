"""Retention that ends: when each category's period runs out for a former client, and the
notice never promising another period than the one counted."""

from __future__ import annotations

from datetime import date

import pytest

from app.documents.notice_retention import RETENTION, retention_of
from app.domain.retention import (
    PERIODS,
    Counted,
    Ended,
    Period,
    notice_disagreement,
    past_retention,
    retention_ends,
)
from app.i18n import translator


def test_twelve_months_after_the_last_session_end_on_the_same_day_number():
    assert retention_ends(date(2025, 3, 15), "contact") == date(2026, 3, 15)
    assert retention_ends(date(2025, 3, 15), "health") == date(2026, 3, 15)


def test_a_period_ending_in_a_shorter_month_ends_on_its_last_day(monkeypatch):
    # Were a practice to promise one month: 31 January + 1 month is the end of February.
    monkeypatch.setitem(PERIODS, "contact", Period(Counted.STOPPED, months=1))
    assert retention_ends(date(2025, 1, 31), "contact") == date(2025, 2, 28)
    assert retention_ends(date(2024, 1, 31), "contact") == date(2024, 2, 29)


def test_a_client_who_stopped_on_a_leap_day_is_kept_until_the_28th_of_february():
    assert retention_ends(date(2024, 2, 29), "training") == date(2025, 2, 28)
    assert past_retention(date(2024, 2, 29), ("training",), date(2025, 2, 28)) == ()
    assert past_retention(date(2024, 2, 29), ("training",), date(2025, 3, 1)) == (
        Ended("training", date(2025, 2, 28), 1),
    )


def test_the_last_day_of_the_period_is_still_inside_the_promise():
    stopped = date(2025, 3, 15)
    assert past_retention(stopped, ("contact",), date(2026, 3, 15)) == ()
    assert past_retention(stopped, ("contact",), date(2026, 3, 16)) == (
        Ended("contact", date(2026, 3, 15), 1),
    )


def test_a_client_never_archived_or_reactivated_has_no_period_running():
    # Reactivating clears the day they stopped: the service passes None, as for one never
    # archived.
    assert retention_ends(None, "contact") is None
    assert past_retention(None, ("contact", "health"), date(2030, 1, 1)) == ()


def test_payment_marketing_and_wearable_data_are_not_counted_from_the_day_they_stopped():
    stopped = date(2020, 1, 1)
    for key in ("payment", "marketing", "wearable"):
        assert retention_ends(stopped, key) is None
    assert PERIODS["payment"].counted is Counted.LAW  # kept after an erasure
    assert past_retention(stopped, ("payment", "contact"), date(2026, 1, 1)) == (
        Ended("contact", date(2021, 1, 1), (date(2026, 1, 1) - date(2021, 1, 1)).days),
    )


def test_categories_past_are_listed_earliest_first_and_once():
    ended = past_retention(date(2024, 1, 10), ("training", "contact", "contact"), date(2025, 6, 1))
    assert [item.key for item in ended] == ["contact", "training"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_notice_states_the_same_period_the_app_counts(language):
    _ = translator(language)
    assert set(RETENTION) == set(PERIODS)
    problems = [notice_disagreement(key, _(retention_of(key))) for key in PERIODS]
    assert [problem for problem in problems if problem] == []


def test_a_notice_that_promised_another_period_would_be_caught():
    assert notice_disagreement("contact", "for 24 months after your last session.")
    assert notice_disagreement("health", "最后一次课程后的 6 个月内。")
    assert notice_disagreement("payment", "for 12 months.")
    assert notice_disagreement("contact", RETENTION["contact"]) is None
