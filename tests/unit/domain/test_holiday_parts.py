"""The practice's part of its country decides its public holidays (London keeps England's)."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.deadlines import BusinessCalendar
from app.domain.holiday_parts import holiday_part, part_from_address, part_names

# gov.uk's bank holidays in England and Wales, 2024-2026 (an independent source).
ENGLAND_BANK_HOLIDAYS = [
    date(2024, 1, 1), date(2024, 3, 29), date(2024, 4, 1), date(2024, 5, 6), date(2024, 5, 27),
    date(2024, 8, 26), date(2024, 12, 25), date(2024, 12, 26),
    date(2025, 1, 1), date(2025, 4, 18), date(2025, 4, 21), date(2025, 5, 5), date(2025, 5, 26),
    date(2025, 8, 25), date(2025, 12, 25), date(2025, 12, 26),
    date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4), date(2026, 5, 25),
    date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28),
]  # fmt: skip


def test_a_london_address_keeps_englands_holidays():
    part = holiday_part("GB", "", country="GB", postal_code="SE1 9TG", city="London")
    assert part == "ENG"
    england = BusinessCalendar("GB", part)
    assert [day for day in ENGLAND_BANK_HOLIDAYS if england.is_working_day(day)] == []


def test_without_its_part_the_united_kingdom_counts_six_english_holidays_as_working_days():
    common = BusinessCalendar("GB")
    missed = [day for day in ENGLAND_BANK_HOLIDAYS if common.is_working_day(day)]
    assert missed == [
        date(2024, 4, 1), date(2024, 8, 26),  # Easter Monday, the summer bank holiday
        date(2025, 4, 21), date(2025, 8, 25),
        date(2026, 4, 6), date(2026, 8, 31),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("country", "address", "part"),
    [
        ("GB", {"postal_code": "EH1 1YZ"}, "SCT"),
        ("GB", {"postal_code": "G2 1DY"}, "SCT"),
        ("GB", {"postal_code": "GL1 2EH"}, "ENG"),  # Gloucester, not Glasgow
        ("GB", {"postal_code": "CF10 1EP"}, "WLS"),
        ("GB", {"postal_code": "BT1 5GS"}, "NIR"),
        ("GB", {"postal_code": "TD15 1BU"}, None),  # Berwick: the TD area straddles the border
        ("GB", {"region": "Scotland"}, "SCT"),
        ("DE", {"region": "Bayern"}, "BY"),
        ("DE", {"region": "BADEN-WÜRTTEMBERG"}, "BW"),
        ("DE", {"city": "Berlin"}, "BE"),  # a city-state is named by its city
        ("DE", {"city": "München", "postal_code": "80331"}, None),  # the settings ask
        ("US", {"region": "CA"}, "CA"),
        ("US", {"region": "california"}, "CA"),
        ("ES", {"postal_code": "08001"}, "CT"),  # Barcelona province: Catalonia
        ("AU", {"postal_code": "2600"}, "ACT"),
        ("AU", {"postal_code": "3000"}, "VIC"),
        ("CA", {"postal_code": "H2X 1Y4"}, "QC"),
        ("CN", {"region": "Beijing"}, None),  # one calendar for the whole country
    ],
)
def test_the_part_is_told_from_the_address_only_where_it_is_certain(country, address, part):
    assert part_from_address(country, **address) == part


def test_a_chosen_part_wins_and_another_countrys_holidays_take_no_part_from_the_address():
    assert holiday_part("GB", "SCT", country="GB", postal_code="SE1 9TG") == "SCT"
    assert holiday_part("DE", "", country="GB", postal_code="SE1 9TG") == ""


def test_parts_are_named_for_the_settings():
    assert part_names("GB") == {
        "ENG": "England",
        "NIR": "Northern Ireland",
        "SCT": "Scotland",
        "WLS": "Wales",
    }
    assert part_names("DE")["BY"] == "Bayern"
    assert part_names("CN") == {} and part_names("IE") == {}
