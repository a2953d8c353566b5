"""The domain's rules for text and dates a person types: one function each, shared by the
command line and the window (they reach them through the same services)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.date_bounds import check_effective_on, check_received_at
from app.domain.errors import ValidationError
from app.domain.validation import (
    PostalAddress,
    validate_address,
    validate_country,
    validate_name,
    validate_text,
)

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
TODAY = NOW.date()
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width, joiners, word joiner, BOM, SHY


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u200b", "\ufeff\u200d", "\u00ad", " \u200b "])
def test_a_name_of_invisible_characters_only_is_refused(name):
    with pytest.raises(ValidationError, match="only invisible characters"):
        validate_name("given_name", name)


@given(st.text(alphabet=INVISIBLE, min_size=1, max_size=20))
def test_no_mix_of_invisible_characters_makes_a_name(name):
    with pytest.raises(ValidationError):
        validate_name("family_name", name)


@pytest.mark.parametrize(
    "name", ["Zoë", "王伟", "O'Brien", "\U0001f469\u200d\U0001f4bb", "X Æ A-12"]
)
def test_a_visible_name_with_joiners_inside_is_kept(name):
    assert validate_name("given_name", name) == name


@pytest.mark.parametrize("code", ["XX", "ZZ", "GBR", "G", "GB" * 65_000])
def test_a_country_code_is_two_letters_of_a_known_country(code):
    with pytest.raises(ValidationError, match="not a known country code") as refused:
        validate_country(code)
    assert len(str(refused.value)) < 200


def test_a_country_alone_in_an_address_is_checked_too():
    with pytest.raises(ValidationError, match="'XX'"):
        validate_address(PostalAddress(country_code="xx"))
    assert validate_address(PostalAddress(country_code="gb")).country_code == "GB"
    assert validate_address(PostalAddress()) == PostalAddress()


@pytest.mark.parametrize(
    "text", ["\x1b[31mred\x1b[0m", "bell\x07", "a\x00b", "\u202eevil", "\x9bcsi"]
)
def test_free_text_refuses_escape_sequences_and_control_characters(text):
    with pytest.raises(ValidationError, match="control character"):
        validate_text("note", text, max_length=100, multiline=True)


def test_free_text_keeps_line_breaks_only_where_it_may_have_lines():
    assert validate_text("note", " Line one\nLine\ttwo ", max_length=100, multiline=True) == (
        "Line one\nLine\ttwo"
    )
    with pytest.raises(ValidationError, match="U\\+000A"):
        validate_text("caller_details", "Ann\nSmith", max_length=100)
    with pytest.raises(ValidationError, match="limited to 5 characters"):
        validate_text("note", "toolong", max_length=5)


def test_a_request_is_received_at_most_two_years_ago_and_never_in_the_future():
    check_received_at("received_at", NOW - timedelta(days=700), NOW)
    check_received_at("received_at", NOW, NOW)
    with pytest.raises(ValidationError, match="two years"):
        check_received_at("received_at", datetime(1, 1, 1, tzinfo=UTC), NOW)
    with pytest.raises(ValidationError, match="future"):
        check_received_at("received_at", datetime(9999, 12, 31, tzinfo=UTC), NOW)


def test_a_notice_takes_effect_from_today_to_a_year_ahead():
    check_effective_on("effective", TODAY, TODAY)
    check_effective_on("effective", TODAY + timedelta(days=366), TODAY)
    with pytest.raises(ValidationError, match="a year ahead"):
        check_effective_on("effective", date(9999, 12, 31), TODAY)
    with pytest.raises(ValidationError, match="before it is published"):
        check_effective_on("effective", TODAY - timedelta(days=1), TODAY)
