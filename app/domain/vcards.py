"""vCard 2.1, 3.0 and 4.0 (phones' contact exports) read into rows of a contacts table.

Read here rather than by vobject: vobject took 5.5 s for 5,000 cards (1.1 ms a card), the
whole import's budget; only names, emails, phones, an address, a language and notes are
needed. vCard 2.1 (older Android, many iPhone exports of CJK names) writes values
QUOTED-PRINTABLE, with soft line breaks ("=" at the end of a line) and in the CHARSET the
line names: those lines are decoded first.
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
_FOLD = re.compile(r"\n[ \t]")  # a folded line goes on after a line break and one blank
_PART = re.compile(r"(?<!\\);")
_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"n": "\n", "N": "\n"}
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
    rows = [_row(card) for card in _cards(_decode_quoted_printable(text))]
    if not rows:
        raise UnreadableFile(N_("The file holds no contacts."))
    return COLUMNS, tuple(rows)


def _cards(text: str) -> list[dict[str, list[str]]]:
    """Each card's properties: name (upper case, group dropped) -> raw values in order."""
    unfolded = _FOLD.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    cards: list[dict[str, list[str]]] = []
    card: dict[str, list[str]] | None = None
    for line in unfolded.split("\n"):
        head, colon, value = line.partition(":")
        if not colon:
            continue
        name = head.split(";", 1)[0].rsplit(".", 1)[-1].strip().upper()
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            card = {}
        elif name == "END" and value.strip().upper() == "VCARD":
            if card is not None:
                cards.append(card)
            card = None
        elif card is not None:
            card.setdefault(name, []).append(value)
    return cards


def _parts(value: str) -> list[str]:
    """A structured value (N, ADR) split at its unescaped semicolons, each part unescaped."""
    return [_unescape(part) for part in _PART.split(value)]


def _unescape(value: str) -> str:
    return _ESCAPE.sub(lambda match: _ESCAPES.get(match.group(1), match.group(1)), value).strip()


def _part(parts: list[str], index: int) -> str:
    return " ".join(parts[index].split(",")).strip() if index < len(parts) else ""


def _row(card: dict[str, list[str]]) -> tuple[str, ...]:
    names = _parts(card.get("N", [""])[0])
    family, given = _part(names, 0), " ".join(p for p in (_part(names, 1), _part(names, 2)) if p)
    full = _unescape(card.get("FN", [""])[0])
    emails = [_unescape(value) for value in card.get("EMAIL", [])][:MAX_EACH]
    # vCard 4.0 may write a number as a URI: "tel:+49-151-2345-6789".
    phones = [_unescape(value).removeprefix("tel:") for value in card.get("TEL", [])][:MAX_EACH]
    emails += [""] * (MAX_EACH - len(emails))
    phones += [""] * (MAX_EACH - len(phones))
    address = _parts(card.get("ADR", [""])[0])
    street = ", ".join(part for part in (_part(address, i) for i in (0, 1, 2)) if part)
    language = _unescape(card.get("LANG", [""])[0])
    notes = "\n".join(_unescape(value) for value in card.get("NOTE", []))
    return (
        full,
        given,
        family,
        *emails,
        *phones,
        street,
        _part(address, 3),  # city
        _part(address, 4),  # region
        _part(address, 5),  # postal code
        _part(address, 6),  # country
        language,
        notes,
    )
