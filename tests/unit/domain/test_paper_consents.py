"""A list of paper consents read as people fill one in: headers in English, German or
Chinese, yes/no in their words, dates in the forms a country writes them."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.enums import ConsentState
from app.domain.paper_consents import (
    ConsentColumn,
    answer_state,
    guess_columns,
    missing_columns,
    signed_on,
)


def test_the_columns_are_guessed_from_headers_in_three_languages():
    assert guess_columns(["Reference", "Vendor", "Date signed", "Consent", "Notes"]) == (
        ConsentColumn.CLIENT, ConsentColumn.VENDOR, ConsentColumn.DATE, ConsentColumn.ANSWER,
        ConsentColumn.IGNORE,
    )  # fmt: skip
    assert guess_columns(["E-Mail", "Anbieter", "Zweck", "Datum", "Einwilligung"]) == (
        ConsentColumn.CLIENT, ConsentColumn.VENDOR, ConsentColumn.PURPOSE, ConsentColumn.DATE,
        ConsentColumn.ANSWER,
    )  # fmt: skip
    assert guess_columns(["客户编号", "服务商", "日期", "是否同意"]) == (
        ConsentColumn.CLIENT, ConsentColumn.VENDOR, ConsentColumn.DATE, ConsentColumn.ANSWER,
    )  # fmt: skip


def test_a_second_column_of_one_kind_is_left_out_and_missing_kinds_are_named():
    mapping = guess_columns(["Email", "Reference", "Answer"])
    assert mapping == (ConsentColumn.CLIENT, ConsentColumn.IGNORE, ConsentColumn.ANSWER)
    assert missing_columns(mapping) == (ConsentColumn.VENDOR, ConsentColumn.DATE)


@pytest.mark.parametrize("text", ["yes", " Y ", "X", "✓", "Ja", "是", "同意", "agreed"])
def test_the_ways_people_write_yes(text):
    assert answer_state(text) is ConsentState.GIVEN


@pytest.mark.parametrize("text", ["no", "N", "Nein", "否", "不同意", "refused", "拒绝"])
def test_the_ways_people_write_no_and_no_is_not_read_inside_yes(text):
    assert answer_state(text) is ConsentState.REFUSED


@pytest.mark.parametrize("text", ["", "maybe", "yes please call me", "?"])
def test_an_unclear_answer_is_no_answer(text):
    assert answer_state(text) is None


@pytest.mark.parametrize(
    ("text", "month_first", "day"),
    [
        ("2026-03-04", False, date(2026, 3, 4)),
        ("2026-03-04T00:00:00", False, date(2026, 3, 4)),  # an XLSX date cell
        ("2026/3/4", True, date(2026, 3, 4)),
        ("2026年3月4日", False, date(2026, 3, 4)),
        ("4.3.2026", True, date(2026, 3, 4)),  # dotted is day first everywhere
        ("04/03/2026", False, date(2026, 3, 4)),
        ("03/04/2026", True, date(2026, 3, 4)),  # in the United States
    ],
)
def test_a_day_in_the_forms_countries_write_it(text, month_first, day):
    assert signed_on(text, month_first=month_first) == day


@pytest.mark.parametrize("text", ["", "March", "2026-02-30", "13/13/2026", "4.3.26"])
def test_what_is_no_date_is_none(text):
    assert signed_on(text, month_first=False) is None
