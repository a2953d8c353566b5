"""Which part of its country a practice keeps the public holidays of, told from its address.

Where a country's parts keep different holidays (England and Scotland, the German Länder,
US states, Spanish communities...), counting business days with the country's common
holidays alone treats Easter Monday in London as a working day. The part comes from the
practice's region or postal code where that is certain; otherwise None, and the settings ask.
`holidays` is imported on first use (30 ms).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# UK postcode areas wholly in one nation (areas that straddle a border, such as TD, LD, SY
# and CH, are left to the settings). Any other valid area is in England.
_GB_AREAS = {
    **dict.fromkeys(
        ("AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "ZE"),
        "SCT",
    ),
    **dict.fromkeys(("CF", "LL", "NP", "SA"), "WLS"),
    "BT": "NIR",
}
_GB_STRADDLING = frozenset({"TD", "LD", "SY", "CH"})
# Australian postcodes by first digit; 2600-2620 and 2900-2920 are the ACT.
_AU_FIRST_DIGIT = {"3": "VIC", "4": "QLD", "5": "SA", "6": "WA", "7": "TAS", "0": "NT"}
# Canadian postal codes by first letter (X covers two territories: not certain).
_CA_FIRST_LETTER = {
    "A": "NL", "B": "NS", "C": "PE", "E": "NB", "G": "QC", "H": "QC", "J": "QC",
    "K": "ON", "L": "ON", "M": "ON", "N": "ON", "P": "ON",
    "R": "MB", "S": "SK", "T": "AB", "V": "BC", "Y": "YT",
}  # fmt: skip
# Spanish postal codes start with the province number; each province is in one community.
_ES_PROVINCES = {
    "AN": (4, 11, 14, 18, 21, 23, 29, 41),
    "AR": (22, 44, 50),
    "AS": (33,),
    "CB": (39,),
    "CE": (51,),
    "CL": (5, 9, 24, 34, 37, 40, 42, 47, 49),
    "CM": (2, 13, 16, 19, 45),
    "CN": (35, 38),
    "CT": (8, 17, 25, 43),
    "EX": (6, 10),
    "GA": (15, 27, 32, 36),
    "IB": (7,),
    "MC": (30,),
    "MD": (28,),
    "ML": (52,),
    "NC": (31,),
    "PV": (1, 20, 48),
    "RI": (26,),
    "VC": (3, 12, 46),
}
_ES_PROVINCE_PART = {f"{n:02d}": part for part, numbers in _ES_PROVINCES.items() for n in numbers}


def _folded(text: str) -> str:
    """Case and accents folded, so "BAYERN", "bayern" and "Baden-Württemberg" match."""
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=64)
def parts_with_own_holidays(country: str, year: int = 2026) -> tuple[str, ...]:
    """The parts of ``country`` whose public holidays differ from the country's common ones."""
    import holidays

    try:
        common = holidays.country_holidays(country, years=year)
    except NotImplementedError:
        return ()
    own = set(common.keys())
    return tuple(
        part
        for part in type(common).subdivisions
        if set(holidays.country_holidays(country, subdiv=part, years=year).keys()) != own
    )


@lru_cache(maxsize=64)
def part_names(country: str) -> dict[str, str]:
    """Each part with its own holidays and its name ("ENG" -> "England"); the code if unnamed."""
    import holidays

    parts = parts_with_own_holidays(country)
    if not parts:
        return {}
    aliases = getattr(type(holidays.country_holidays(country)), "subdivisions_aliases", {})
    names: dict[str, str] = {}
    for name, code in aliases.items():
        if code in parts and len(name) > len(code):
            names.setdefault(code, name)  # the first alias is the common name
    return {part: names.get(part, part) for part in parts}


def part_from_address(
    country: str, *, region: str = "", postal_code: str = "", city: str = ""
) -> str | None:
    """The part whose holidays apply at this address, when the address makes it certain."""
    country = country.strip().upper()
    parts = parts_with_own_holidays(country)
    if not parts:
        return None
    by_name = {_folded(code): code for code in parts}
    by_name.update({_folded(name): code for code, name in part_names(country).items()})
    import holidays

    aliases = getattr(type(holidays.country_holidays(country)), "subdivisions_aliases", {})
    by_name.update({_folded(name): code for name, code in aliases.items() if code in parts})
    for written in (region, city):  # a city-state (Berlin, Hamburg) is named by its city
        if written.strip() and _folded(written) in by_name:
            return by_name[_folded(written)]
    found = _part_from_postal_code(country, postal_code.strip().upper())
    return found if found in parts else None


def holiday_part(
    holiday_country: str,
    chosen: str,
    *,
    country: str,
    region: str = "",
    postal_code: str = "",
    city: str = "",
) -> str:
    """The part whose holidays count: the one chosen, else the one the address is in when the
    holidays are those of the practice's own country; "" for the country's common ones."""
    if chosen:
        return chosen
    if holiday_country.strip().upper() != country.strip().upper():
        return ""
    found = part_from_address(holiday_country, region=region, postal_code=postal_code, city=city)
    return found or ""


def _part_from_postal_code(country: str, code: str) -> str | None:
    if not code:
        return None
    if country == "GB":
        outward = code.split(" ")[0]
        area = outward[: len(outward) - len(outward.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))]
        if not 1 <= len(area) <= 2 or area in _GB_STRADDLING:
            return None
        return _GB_AREAS.get(area, "ENG")
    if country == "AU" and code.isdigit() and len(code) == 4:
        if 200 <= int(code) <= 299 or 2600 <= int(code) <= 2620 or 2900 <= int(code) <= 2920:
            return "ACT"
        return "NSW" if code[0] == "2" else _AU_FIRST_DIGIT.get(code[0])
    if country == "CA":
        return _CA_FIRST_LETTER.get(code[:1])
    if country == "ES" and code[:2].isdigit():
        return _ES_PROVINCE_PART.get(code[:2])
    return None
