"""Tests for client reference codes: the check character catches typing slips."""

import random
import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import ReferenceCodeError, ValidationError
from app.domain.refcodes import (
    ALPHABET,
    BODY_LENGTH,
    check_character,
    format_reference,
    looks_like_reference,
    make_reference,
    normalise_reference,
    parse_reference,
)

bodies = st.text(alphabet=ALPHABET, min_size=BODY_LENGTH, max_size=BODY_LENGTH)

# Every symbol at every body position (rotations), plus bodies whose first symbol runs through
# the alphabet, so their check characters take every value too.
ROTATED_BODIES = [
    "".join(ALPHABET[(start + offset) % len(ALPHABET)] for offset in range(BODY_LENGTH))
    for start in range(len(ALPHABET))
]
CHECK_VARYING_BODIES = [first + "Q7M2Z" for first in ALPHABET]
FIXED_BODIES = ROTATED_BODIES + CHECK_VARYING_BODIES + ["222222", "ZZZZZZ", "2Z2Z2Z"]


def _code(body: str) -> str:
    return body + check_character(body)


def _accepted(code: str) -> bool:
    try:
        parse_reference(code)
    except ReferenceCodeError:
        return False
    return True


def _substitutions(code: str):
    for position, original in enumerate(code):
        for replacement in ALPHABET.replace(original, ""):
            yield code[:position] + replacement + code[position + 1 :]


def _adjacent_swaps(code: str):
    for position in range(len(code) - 1):
        first, second = code[position], code[position + 1]
        if first != second:
            yield code[:position] + second + first + code[position + 2 :]


def test_alphabet_has_31_distinct_symbols_and_no_look_alikes():
    assert len(ALPHABET) == len(set(ALPHABET)) == 31
    assert not set("01ILO") & set(ALPHABET)


@pytest.mark.parametrize("body", FIXED_BODIES)
def test_every_single_substitution_is_rejected_for_fixed_bodies(body):
    code = _code(body)
    assert _accepted(code)
    rejected = [typo for typo in _substitutions(code) if _accepted(typo)]
    assert rejected == []


@pytest.mark.parametrize("body", FIXED_BODIES)
def test_every_adjacent_swap_is_rejected_for_fixed_bodies(body):
    assert [typo for typo in _adjacent_swaps(_code(body)) if _accepted(typo)] == []


@pytest.mark.parametrize("position", range(BODY_LENGTH))
def test_every_ordered_pair_swapped_at_each_position_is_rejected(position):
    # Exhaustive over the error pattern: which pair of symbols, and where. Position 5 swaps
    # the last body symbol with the check character, whose value the first symbol steers.
    for first in ALPHABET:
        for second in ALPHABET:
            if position < BODY_LENGTH - 1:
                body = "2" * position + first + second + "2" * (BODY_LENGTH - position - 2)
                code = _code(body)
            else:
                code = _code(first + "2222" + second)
            if code[position] == code[position + 1]:
                continue
            swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
            assert not _accepted(swapped), (code, swapped)


@given(bodies)
def test_every_substitution_and_adjacent_swap_is_rejected_for_any_body(body):
    code = _code(body)
    assert parse_reference(code) == code
    assert not any(_accepted(typo) for typo in _substitutions(code))
    assert not any(_accepted(typo) for typo in _adjacent_swaps(code))


def test_a_made_reference_is_seven_symbols_of_the_alphabet_and_valid():
    code = make_reference(secrets.randbelow)
    assert len(code) == BODY_LENGTH + 1
    assert set(code) <= set(ALPHABET)
    assert parse_reference(code) == code


def test_the_same_seed_makes_the_same_reference_and_uses_six_draws_of_31():
    draws: list[int] = []

    def recording(bound: int) -> int:
        draws.append(bound)
        return random.Random(len(draws)).randrange(bound)

    first = make_reference(recording)
    assert draws == [31] * BODY_LENGTH
    assert make_reference(random.Random(7).randrange) == make_reference(random.Random(7).randrange)
    assert first[:BODY_LENGTH] == "".join(
        ALPHABET[random.Random(n).randrange(31)] for n in range(1, 7)
    )


def test_a_random_source_outside_its_range_is_refused():
    with pytest.raises(ValueError):
        make_reference(lambda bound: bound)


def test_check_character_refuses_a_body_of_the_wrong_shape():
    with pytest.raises(ValueError):
        check_character("ABC")
    with pytest.raises(ValueError):
        check_character("ABCDE0")


@pytest.mark.parametrize(
    ("entered", "normalised"),
    [
        ("abc-defg", "ABCDEFG"),
        ("  ABC DEFG ", "ABCDEFG"),
        ("abc\u2013defg", "ABCDEFG"),  # an en dash from a word processor
        ("ＡＢＣ－ＤＥＦＧ", "ABCDEFG"),  # full width, from a Chinese input method
        ("a b\tc-d e f g", "ABCDEFG"),
        ("", ""),
    ],
)
def test_normalising_drops_spaces_and_hyphens_and_upper_cases(entered, normalised):
    assert normalise_reference(entered) == normalised


@given(bodies)
def test_the_display_form_and_lower_case_parse_back_to_the_code(body):
    code = _code(body)
    shown = format_reference(code)
    assert shown == f"{code[:3]}-{code[3:]}"
    assert parse_reference(shown) == code
    assert parse_reference(f" {shown.lower()} ") == code


@pytest.mark.parametrize(
    ("entered", "message"),
    [
        ("", "Enter a reference code."),
        ("  - ", "Enter a reference code."),
        ("ABCDE", "A reference code has 7 characters; 'ABCDE' has 5."),
        ("ABC-DEFGH", "A reference code has 7 characters; 'ABCDEFGH' has 8."),
        ("ABC-DEF#", "Reference codes never contain '#'; check the code."),
    ],
)
def test_malformed_codes_are_refused_with_a_specific_message(entered, message):
    with pytest.raises(ReferenceCodeError) as caught:
        parse_reference(entered)
    assert str(caught.value) == message
    assert caught.value.field == "reference"
    assert isinstance(caught.value, ValidationError)


@pytest.mark.parametrize("look_alike", ["O", "0", "I", "1", "L", "l", "o", "i"])
def test_look_alike_characters_are_named_as_never_used(look_alike):
    with pytest.raises(ReferenceCodeError) as caught:
        parse_reference("ABC" + look_alike + "EFG")
    message = str(caught.value)
    assert f"never use '{look_alike.upper()}'" in message
    assert "\n" not in message


def test_a_wrong_check_character_is_reported_as_a_probable_typo():
    code = _code("ABCDEF")
    wrong = code[:-1] + ("2" if code[-1] != "2" else "3")
    with pytest.raises(ReferenceCodeError) as caught:
        parse_reference(wrong.lower())
    assert str(caught.value) == (
        f"Reference code {format_reference(wrong)} is not valid: a character is probably mistyped."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("abc-defg", True),
        ("ABCDEFG", True),
        ("ABCDEF", False),
        ("ABCDEFGH", False),
        ("ABCDEF0", False),
        ("Mary Li", False),
        ("", False),
    ],
)
def test_looks_like_reference_checks_length_and_alphabet_only(text, expected):
    assert looks_like_reference(text) is expected


@given(st.text())
def test_any_text_is_either_a_valid_code_or_a_one_line_reference_error(text):
    try:
        code = parse_reference(text)
    except ReferenceCodeError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert looks_like_reference(code)
