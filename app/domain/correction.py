"""Correction's rules (GDPR Art. 16 and 19): which client fields a vendor receives, what a
vendor is asked to correct, and the one sentence a correction is refused with. Pure: no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.domain.enums import RequestKind, SharingForm
from app.domain.errors import N_, Phrase
from app.domain.names import display_name

# Which data category (DataCategory.key) each client field belongs to. The name, email
# address, phone number and postal address are how the practice and its vendors reach the
# person: the "contact details" the notice lists, so a vendor whose sharing carries
# "contact" holds them. The language only chooses our own letters and the notes are the
# coach's own: no sharing sends them, so correcting them tells no vendor.
FIELD_CATEGORIES: dict[str, str] = {
    "given_name": "contact",
    "family_name": "contact",
    "email": "contact",
    "phone_entered": "contact",
    "phone_e164": "contact",
    "street": "contact",
    "city": "contact",
    "postal_code": "contact",
    "region": "contact",
    "country_code": "contact",
}
# An identified sharing names the person whatever its categories (identifiers_for_vendor
# gives every such vendor the name): a corrected name reaches all of them.
NAME_FIELDS = ("given_name", "family_name")

# What a correction changed, one line per thing a person or a vendor knows: the phone as entered and
# as E.164 are one number, the address lines one address.
CORRECTED_ITEMS: dict[str, tuple[str, ...]] = {
    "name": ("given_name", "family_name"),
    "email": ("email",),
    "phone": ("phone_entered", "phone_e164"),
    "address": ("street", "city", "postal_code", "region", "country_code"),
    # Never sent to a vendor (FIELD_CATEGORIES has none), named in the request's timeline.
    "language": ("language",),
    "notes": ("notes",),
}
ITEM_LABELS: dict[str, str] = {
    "name": N_("Name"),
    "email": N_("Email address"),
    "phone": N_("Phone number"),
    "address": N_("Postal address"),
    "language": N_("Language"),
    "notes": N_("Notes"),
}


def fields_received(
    changed: Iterable[str],
    *,
    category_keys: Iterable[str],
    form: SharingForm | str,
    may_share: bool,
) -> tuple[str, ...]:
    """The changed fields one sharing gave its vendor, in the order changed.

    None when nothing about the person went through it: a pseudonymised or anonymised
    sharing (the vendor knows a code at most), or a client who refused or withdrew it, or
    never gave the consent it needs (`may_share` false: nothing was sent).
    """
    if SharingForm(form) is not SharingForm.IDENTIFIED or not may_share:
        return ()
    keys = set(category_keys)
    return tuple(
        name for name in changed if FIELD_CATEGORIES.get(name) in keys or name in NAME_FIELDS
    )


def corrected_items(fields: Iterable[str]) -> tuple[str, ...]:
    """The items (CORRECTED_ITEMS keys) these fields make up, in the items' order."""
    named = set(fields)
    return tuple(item for item, parts in CORRECTED_ITEMS.items() if named & set(parts))


def item_value(item: str, record: Mapping[str, str]) -> str:
    """The new value of one item as the vendor is to file it, from the client's fields."""
    if item == "name":
        return display_name(record["given_name"], record["family_name"])
    if item == "phone":
        return record["phone_e164"] or record["phone_entered"]
    if item == "address":
        town = " ".join(part for part in (record["postal_code"], record["city"]) if part)
        lines = [*record["street"].splitlines(), town, record["region"], record["country_code"]]
        return ", ".join(line.strip() for line in lines if line.strip())
    return record[item]


@dataclass(frozen=True)
class CorrectionFacts:
    """What a correction is judged on, read by the service."""

    request_kind: str
    client_matched: bool
    identity_checked: bool
    request_completed: bool
    client_erased: bool


def correction_refusal(facts: CorrectionFacts) -> Phrase | None:
    """The one sentence a correction is refused with, or None when it may go ahead."""
    if facts.request_kind != RequestKind.CORRECTION.value:
        return Phrase(N_("Only a correction request corrects a client's record."))
    if not facts.client_matched:
        return Phrase(N_("Match the request to a client before correcting the record."))
    if facts.request_completed:
        return Phrase(N_("This correction request is completed; log a new one to correct."))
    if facts.client_erased:
        return Phrase(N_("This client was erased; there is no record left to correct."))
    if not facts.identity_checked:
        return Phrase(
            N_("Check the person's identity on the correction request before correcting.")
        )
    return None
