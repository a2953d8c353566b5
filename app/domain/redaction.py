"""Finding an erased person in free text the coach typed about them (a complaint's topic, a
response, an incident's summary) and putting the neutral placeholder in their place: the
record stays, the person is no longer in it. Pure: no I/O."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers

PLACEHOLDER = "—"  # domain.erasure.ERASED_NAME: the same dash the erased name becomes
SHORTEST_PART = 2  # one letter alone ("J", "伟") is in too many other words to take out


@dataclass(frozen=True)
class Person:
    given_name: str
    family_name: str
    email: str
    phone_entered: str
    phone_e164: str


def _is_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(char) in "WF" for char in text)


def _name_pattern(part: str) -> str:
    """A Latin name as a whole word, any case; a CJK one wherever it is (no spaces there)."""
    escaped = re.escape(part).replace(r"\ ", r"\s+")
    return escaped if _is_cjk(part) else rf"(?<!\w){escaped}(?!\w)"


def _phone_pattern(e164: str) -> str | None:
    """The national number's digits with any spacing ("+44 20 7946 0018", "020-7946-0018")."""
    try:
        national = str(phonenumbers.parse(e164).national_number)
    except phonenumbers.NumberParseException:
        return None
    if len(national) < 6:  # a short code is in too many other numbers
        return None
    return r"[\s\-.()]*".join(national)


def traces_of(person: Person, *, name_parts: bool = True) -> re.Pattern[str] | None:
    """One pattern for every way the person's name, address and phone are written in a
    text; None when nothing identifying is left to look for. Without `name_parts` only the
    whole name is looked for: in a record about others, "Anna" alone may be another Anna."""
    given, family = person.given_name.strip(), person.family_name.strip()
    names = {
        name.strip()
        for name in (
            f"{given} {family}",
            f"{family} {given}",
            f"{family}{given}",
            f"{given}{family}",
        )
    }
    if name_parts:
        names |= {part for part in (given, family, *given.split(), *family.split())
                  if len(part) >= SHORTEST_PART}  # fmt: skip
    # (what it is as written, its pattern); the phone's length is its digits'.
    found = [(name, _name_pattern(name)) for name in names if name.strip()]
    for value in (person.email.strip(), person.phone_entered.strip()):
        if value:
            found.append((value, re.escape(value)))
    phone = _phone_pattern(person.phone_e164) if person.phone_e164 else None
    if phone:
        found.append((person.phone_e164, phone))
    if not found:
        return None
    # Longest first: "Ada Lovelace" goes whole, and "ada@example.com" before "Ada" alone.
    alternatives = [pattern for _text, pattern in sorted(found, key=lambda f: -len(f[0]))]
    return re.compile("|".join(alternatives), re.IGNORECASE)


def redacted(text: str, traces: re.Pattern[str] | None) -> str:
    """The text with each trace of the person replaced by the placeholder."""
    if not text or traces is None:
        return text
    return traces.sub(PLACEHOLDER, text)
