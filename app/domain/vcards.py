"""vCard 2.1, 3.0 and 4.0 (phones' contact exports) read into rows of a contacts table.

vobject parses the cards. vCard 2.1 (older Android, many iPhone exports of CJK names) writes
values QUOTED-PRINTABLE, with soft line breaks ("=" at the end of a line) vobject's unfolding
does not know, and in the CHARSET the card names: those lines are decoded here first.
"""

from __future__ import annotations

import quopri
import re

from app.domain.contact_files import UnreadableFile
from app.domain.errors import N_

MAX_EACH = 3  # emails and phones kept per card: the client takes one, the rest are shown
COLUMNS = (
    "Full name",
    "Given name",
    "Family name",
    *(f"Email {n}" if n > 1 else "Email" for n in range(1, MAX_EACH + 1)),
    *(f"Phone {n}" if n > 1 else "Phone" for n in range(1, MAX_EACH + 1)),
    "Street",
    "City",
    "Region",
    "Postal code",
    "Country",
    "Language",
    "Notes",
)
_QP = re.compile(r"(?i);(ENCODING=)?QUOTED-PRINTABLE")
_CHARSET = re.compile(r"(?i);CHARSET=([^;:]+)")


def _decode_quoted_printable(text: str) -> str:
    """Lines written QUOTED-PRINTABLE, joined and decoded, without their ENCODING/CHARSET."""
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        name, colon, value = line.partition(":")
        if not colon or not _QP.search(name):
            out.append(line)
            continue
        while value.endswith("=") and index < len(lines):  # a soft line break
            value = value[:-1] + lines[index].lstrip()
            index += 1
        charset = _CHARSET.search(name)
        encoding = charset.group(1).strip('"') if charset else "utf-8"
        raw = quopri.decodestring(value.encode("latin-1", "replace"))
        try:
            decoded = raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            decoded = raw.decode("utf-8", "replace")
        name = _CHARSET.sub("", _QP.sub("", name))
        # Escaped as vCard text, so the decoded value's own ";" and "," keep their place.
        decoded = decoded.replace("\r\n", "\\n").replace("\n", "\\n")
        out.append(f"{name}:{decoded}")
    return "\n".join(out) + "\n"


def read_vcards(text: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Every card as a row under COLUMNS."""
    import vobject  # loaded only for a vCard file

    prepared = _decode_quoted_printable(text)
    rows = []
    try:
        for card in vobject.readComponents(prepared, ignoreUnreadable=True):
            if card.name.upper() == "VCARD":
                rows.append(_row(card))
    except Exception:  # vobject raises ParseError and plain errors alike for a broken file
        raise UnreadableFile(N_("The file is not a vCard file that can be read.")) from None
    if not rows:
        raise UnreadableFile(N_("The file holds no contacts."))
    return COLUMNS, tuple(rows)


def _values(card, name: str) -> list:
    return [line.value for line in card.contents.get(name, [])]


def _text(value) -> str:
    if isinstance(value, list | tuple):
        return " ".join(_text(part) for part in value if part).strip()
    return str(value or "").strip()


def _row(card) -> tuple[str, ...]:
    given = family = ""
    names = _values(card, "n")
    if names and not isinstance(names[0], str):
        given, family = _text(names[0].given), _text(names[0].family)
    full = _text(_values(card, "fn")[:1])
    emails = [_text(value) for value in _values(card, "email")][:MAX_EACH]
    # vCard 4.0 may write a number as a URI: "tel:+49-151-2345-6789".
    phones = [_text(value).removeprefix("tel:") for value in _values(card, "tel")][:MAX_EACH]
    emails += [""] * (MAX_EACH - len(emails))
    phones += [""] * (MAX_EACH - len(phones))
    street = city = region = code = country = ""
    addresses = _values(card, "adr")
    if addresses and not isinstance(addresses[0], str):
        address = addresses[0]
        street = ", ".join(
            part for part in (_text(address.box), _text(address.extended), _text(address.street))
            if part
        )  # fmt: skip
        city, region = _text(address.city), _text(address.region)
        code, country = _text(address.code), _text(address.country)
    language = _text(_values(card, "lang")[:1])
    notes = "\n".join(_text(value) for value in _values(card, "note"))
    return (
        full,
        given,
        family,
        *emails,
        *phones,
        street,
        city,
        region,
        code,
        country,
        language,
        notes,
    )
