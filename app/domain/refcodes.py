"""Client reference codes: an unambiguous alphabet, a check character, parsing and display."""

import re
import unicodedata
from collections.abc import Callable

from app.domain.errors import N_, Phrase, ReferenceCodeError, quote_input

# 31 symbols, a prime, so every non-zero weight has an inverse modulo the alphabet size.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BODY_LENGTH = 6
CODE_LENGTH = BODY_LENGTH + 1
_BASE = len(ALPHABET)
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}

# Weights for the six body positions; the check character has weight 1. All seven are
# distinct and non-zero modulo 31, so a substitution changes the weighted sum by
# weight * difference != 0, and a swap of positions i and j by
# (w_i - w_j) * (difference) != 0: both are always detected, adjacent or not.
_BODY_WEIGHTS = (7, 6, 5, 4, 3, 2)
_CHECK_WEIGHT = 1

_LOOK_ALIKES = {
    "O": N_("the digit 0"),
    "0": N_("the letter O"),
    "I": N_("the digit 1"),
    "1": N_("the letter I"),
    "L": N_("the digit 1"),
}
# Dashes a keyboard or a word processor may produce in place of the hyphen in "ABC-DEFG".
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\ufe63\uff0d]+")


def check_character(body: str) -> str:
    """Return the check character that makes the weighted sum of the code divisible by 31."""
    if len(body) != BODY_LENGTH or any(symbol not in _VALUE for symbol in body):
        raise ValueError(f"a reference body is {BODY_LENGTH} symbols of ALPHABET, not {body!r}")
    total = sum(weight * _VALUE[symbol] for weight, symbol in zip(_BODY_WEIGHTS, body, strict=True))
    return ALPHABET[(-total * pow(_CHECK_WEIGHT, -1, _BASE)) % _BASE]


def make_reference(random_int: Callable[[int], int]) -> str:
    """Build a new code; ``random_int(n)`` returns 0 <= k < n (``secrets.randbelow``)."""
    values = [random_int(_BASE) for _ in range(BODY_LENGTH)]
    if any(not 0 <= value < _BASE for value in values):
        raise ValueError(f"random_int({_BASE}) returned a value outside 0..{_BASE - 1}")
    body = "".join(ALPHABET[value] for value in values)
    return body + check_character(body)


def normalise_reference(text: str) -> str:
    """Drop spaces and hyphens and upper-case, so "abc-defg" and "ABC DEFG" match."""
    # NFKC turns full-width letters typed with a Chinese input method into ASCII.
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper()


def format_reference(code: str) -> str:
    """Show a code as 3 + 4 characters, e.g. "ABC-DEFG", which is easier to read aloud."""
    code = normalise_reference(code)
    return f"{code[:3]}-{code[3:]}"


def parse_reference(text: str) -> str:
    """Return the normalised code, or raise ReferenceCodeError saying what is wrong."""
    code = normalise_reference(text)
    if not code:
        raise ReferenceCodeError(N_("Enter a reference code."))
    if len(code) != CODE_LENGTH:
        raise ReferenceCodeError(
            N_("A reference code has {expected} characters; {entered} has {length}."),
            expected=CODE_LENGTH,
            entered=quote_input(code),
            length=len(code),
        )
    for symbol in code:
        if symbol not in _VALUE:
            _refuse_symbol(symbol)
    if check_character(code[:BODY_LENGTH]) != code[BODY_LENGTH]:
        raise ReferenceCodeError(
            N_("Reference code {code} is not valid: a character is probably mistyped."),
            code=format_reference(code),
        )
    return code


def looks_like_reference(text: str) -> bool:
    """Cheap test for search: could this text be a code (the check character is not tested)?"""
    code = normalise_reference(text)
    return len(code) == CODE_LENGTH and all(symbol in _VALUE for symbol in code)


def _refuse_symbol(symbol: str) -> None:
    if symbol in _LOOK_ALIKES:
        raise ReferenceCodeError(
            N_(
                "Reference codes never use {symbol}, because it looks like {other}; check the code."
            ),
            symbol=f"'{symbol}'",
            other=Phrase(_LOOK_ALIKES[symbol]),
        )
    raise ReferenceCodeError(
        N_("Reference codes never contain {entered}; check the code."),
        entered=quote_input(symbol),
    )


# A code in running text: 3 + 4 symbols of any case, with or without a dash between; the
# look-alikes are matched too so that a code with one is not read as its tail.
_CODE_IN_TEXT = re.compile(
    r"(?<![0-9A-Za-z])([0-9A-Za-z]{3})[-\u2010-\u2015\u2212]?([0-9A-Za-z]{4})(?![0-9A-Za-z])"
)


def find_references(text: str) -> list[str]:
    """Every reference code written in a text, in order, each once, check character verified.

    Seven lower-case letters with no dash and no digit are taken for a word, not a code: one
    word in 31 of those letters would verify by chance ("between" does).
    """
    found: list[str] = []
    for match in _CODE_IN_TEXT.finditer(unicodedata.normalize("NFKC", text)):
        written, code = match.group(0), (match.group(1) + match.group(2)).upper()
        if code in found or not looks_like_reference(code):
            continue
        if written.islower() and written.isalpha():
            continue
        if check_character(code[:BODY_LENGTH]) == code[BODY_LENGTH]:
            found.append(code)
    return found
