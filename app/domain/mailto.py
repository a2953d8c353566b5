"""A `mailto:` address that opens the client's mail program with the subject already written
(RFC 6068), so an email a client sends from a notice or a form carries their reference code
and is matched to them without anyone typing it (`emails.read_email` reads the subject)."""

from __future__ import annotations

from urllib.parse import quote

from app.domain.errors import N_, ValidationError


def mailto_uri(address: str, subject: str) -> str:
    """`mailto:` + the address + `?subject=`, each percent-encoded as UTF-8.

    Spaces are `%20`, never `+` (RFC 6068 section 5: mail programs show a `+` as typed), and
    `@` stays readable in the address; everything else outside the unreserved set is encoded,
    so a `?`, `&` or `#` in the subject cannot end it early.
    """
    address = address.strip()
    if not address or any(character in address for character in "\r\n?&#"):
        raise ValidationError("email", N_("The practice's email address is not usable in a link."))
    encoded_address = quote(address, safe="@")
    return f"mailto:{encoded_address}?subject={quote(subject.strip(), safe='')}"
