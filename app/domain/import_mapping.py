"""Which column of a contacts file fills which client field: guessed from the headers, and
each row turned into the client's fields as a person would have typed them.

The headers known here are the usual ones of Google Contacts (both header sets), Outlook,
the vCard reader's own and a spreadsheet a person made, in English, German and Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from functools import cache

from app.domain.contact_files import first_value
from app.domain.errors import N_
from app.domain.names import is_cjk


class Target(StrEnum):
    """A client field a column can fill; IGNORE leaves the column out."""

    IGNORE = ""
    FULL_NAME = "name"
    GIVEN_NAME = "given_name"
    FAMILY_NAME = "family_name"
    EMAIL = "email"
    PHONE = "phone"
    STREET = "street"
    CITY = "city"
    POSTAL_CODE = "postal_code"
    REGION = "region"
    COUNTRY = "country_code"
    LANGUAGE = "language"
    NOTES = "notes"


TARGET_LABELS = {
    Target.IGNORE: N_("(not imported)"),
    Target.FULL_NAME: N_("Full name"),
    Target.GIVEN_NAME: N_("Given name"),
    Target.FAMILY_NAME: N_("Family name"),
    Target.EMAIL: N_("Email"),
    Target.PHONE: N_("Phone"),
    Target.STREET: N_("Street"),
    Target.CITY: N_("City"),
    Target.POSTAL_CODE: N_("Postal code"),
    Target.REGION: N_("Region"),
    Target.COUNTRY: N_("Country"),
    Target.LANGUAGE: N_("Language"),
    Target.NOTES: N_("Notes"),
}

# Headers folded by `_key` (letters and digits only, casefolded).
_HEADERS: dict[Target, tuple[str, ...]] = {
    Target.FULL_NAME: ("name", "fullname", "displayname", "fn", "姓名", "名字", "客户", "client"),
    Target.GIVEN_NAME: ("givenname", "firstname", "first", "forename", "vorname", "名"),
    Target.FAMILY_NAME: ("familyname", "lastname", "surname", "last", "nachname", "姓"),
    Target.EMAIL: (
        "email", "emailaddress", "email1value", "mail", "emailaddress1", "email2value",
        "email2address", "email2", "email3", "email3address", "email3value",
        "电子邮件", "邮箱", "电邮",
    ),
    Target.PHONE: (
        "phone", "phone1value", "mobilephone", "mobile", "cell", "telephone", "tel",
        "phonenumber", "homephone", "primaryphone", "businessphone", "telefon", "handy",
        "phone2", "phone3", "phone2value", "phone3value", "homephone2", "businessphone2",
        "电话", "手机", "手机号", "联系电话",
    ),
    Target.STREET: (
        "street", "address", "address1street", "homestreet", "streetaddress", "straße",
        "strasse", "地址", "街道",
    ),
    Target.CITY: ("city", "address1city", "homecity", "town", "stadt", "ort", "城市"),
    Target.POSTAL_CODE: (
        "postalcode", "postcode", "zip", "zipcode", "address1postalcode", "homepostalcode",
        "plz", "邮编", "邮政编码",
    ),
    Target.REGION: (
        "region", "state", "county", "province", "address1region", "homestate", "省", "省份",
    ),
    Target.COUNTRY: (
        "country", "countrycode", "address1country", "homecountryregion", "countryregion",
        "land", "国家",
    ),
    Target.LANGUAGE: ("language", "lang", "sprache", "语言"),
    Target.NOTES: ("notes", "note", "comments", "comment", "notizen", "备注"),
}  # fmt: skip
_LANGUAGES = {
    "en": "en", "english": "en", "englisch": "en", "英语": "en", "英文": "en",
    "zh": "zh", "chinese": "zh", "中文": "zh", "汉语": "zh", "chinesisch": "zh",
    "zhcn": "zh", "zhhans": "zh", "zhtw": "zh", "enus": "en", "engb": "en",
}  # fmt: skip


# Targets several columns may fill: the first column with a value in a row counts (Outlook's
# "Mobile Phone", then "Home Phone").
_SEVERAL = frozenset({Target.EMAIL, Target.PHONE})


def _key(header: str) -> str:
    return "".join(character for character in header.casefold() if character.isalnum())


@cache
def _header_targets() -> dict[str, Target]:
    return {_key(header): target for target, headers in _HEADERS.items() for header in headers}


def guess_mapping(columns: Sequence[str]) -> tuple[Target, ...]:
    """A target for each column; each target goes to the first column that fits it."""
    known, taken, guessed = _header_targets(), set(), []
    for column in columns:
        target = known.get(_key(column), Target.IGNORE)
        if target in taken and target not in _SEVERAL:
            target = Target.IGNORE  # a second "City": the first one counts
        taken.add(target)
        guessed.append(target)
    # A full name is only needed where the given name has no column of its own.
    if Target.GIVEN_NAME in taken and Target.FULL_NAME in taken:
        guessed = [Target.IGNORE if t is Target.FULL_NAME else t for t in guessed]
    return tuple(guessed)


def target_named(name: str) -> Target:
    """A target from its value or its English label ("email", "Given name"); ValueError."""
    wanted = _key(name)
    for target in Target:
        names = (_key(target.value), _key(TARGET_LABELS[target]))
        if target is not Target.IGNORE and wanted in names:
            return target
    if wanted in ("", "ignore", "none", "skip"):
        return Target.IGNORE
    raise ValueError(name)


def split_full_name(name: str) -> tuple[str, str]:
    """(given, family): a Chinese name's family name comes first, one character (two for
    the known compound surnames is beyond this guess); otherwise the last word is the family."""
    name = " ".join(name.split())
    if not name:
        return "", ""
    if " " not in name and is_cjk(name) and len(name) >= 2:
        return name[1:], name[0]
    if "," in name:  # "Smith, Anna"
        family, _, given = name.partition(",")
        return given.strip(), family.strip()
    given, _, family = name.rpartition(" ")
    return (given, family) if given else (family, "")


def language_code(value: str, default: str) -> str:
    """en or zh from what a file says ("English", "中文", "zh-CN"); anything else as given,
    so the client rules refuse it in words."""
    if not value.strip():
        return default
    return _LANGUAGES.get(_key(value), value.strip())


def country_code(value: str) -> str:
    """A two-letter code from a code or a country's English or Chinese name, else as given."""
    value = value.strip()
    if len(value) == 2 and value.isascii() and value.isalpha():
        return value.upper()
    return _country_names().get(_key(value), value)


@cache
def _country_names() -> dict[str, str]:
    from babel import Locale  # its territory names, in both languages of the program

    names: dict[str, str] = {}
    for language in ("de", "zh", "en"):
        for code, territory in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names[_key(territory)] = code
    names.update({"uk": "GB", "greatbritain": "GB", "england": "GB", "usa": "US", "us": "US"})
    return names


def mapped_fields(
    row: Sequence[str], mapping: Sequence[Target], *, default_language: str
) -> dict[str, str]:
    """One row as the client's fields, as typed into the client dialog (unvalidated)."""
    values: dict[Target, list[str]] = {}
    for cell, target in zip(row, mapping, strict=False):
        if target is not Target.IGNORE and cell.strip():
            values.setdefault(target, []).append(cell.strip())

    def one(target: Target) -> str:
        found = values.get(target, [])
        if target in (Target.EMAIL, Target.PHONE):
            return first_value(found[0]) if found else ""
        joiner = "\n" if target is Target.NOTES else " "
        return joiner.join(found)

    given, family = one(Target.GIVEN_NAME), one(Target.FAMILY_NAME)
    if not given and not family:
        given, family = split_full_name(one(Target.FULL_NAME))
    elif not given:  # only a family name: the client needs a given name; the dialog's rule
        given, family = family, ""
    return {
        "given_name": given,
        "family_name": family,
        "email": one(Target.EMAIL),
        "phone": one(Target.PHONE),
        "street": one(Target.STREET),
        "city": one(Target.CITY),
        "postal_code": one(Target.POSTAL_CODE),
        "region": one(Target.REGION),
        "country_code": country_code(one(Target.COUNTRY)),
        "language": language_code(one(Target.LANGUAGE), default_language),
        "notes": one(Target.NOTES),
    }


_SPACES = re.compile(r"\s+")


def name_key(given: str, family: str) -> str:
    """Two rows name the same person when this is equal (case, spaces, accents folded)."""
    text = unicodedata.normalize("NFKD", f"{given} {family}".casefold())
    text = "".join(character for character in text if not unicodedata.combining(character))
    return _SPACES.sub(" ", text).strip()
