"""The practice and the client as documents print them: names, addresses in the order of the
recipient's country, and the authority a client complains to."""

from __future__ import annotations

from typing import Any

from app.documents.data import ClientInfo, PracticeInfo
from app.domain.enums import Jurisdiction
from app.domain.errors import ValidationError
from app.domain.names import display_name
from app.domain.refcodes import format_reference
from app.domain.rulesets import Authority, authorities, authority_part, home_rule_set
from app.domain.validation import PostalAddress, address_lines
from app.persistence.models import Client, Practice
from app.services.notice_snapshots import PRACTICE_FIELDS


def practice_authorities(values: dict[str, Any]) -> tuple[tuple[Jurisdiction, Authority], ...]:
    """Where a client complains under each ticked rule set, from the practice's country (and
    German Land) and the name the practice typed for its own authority, if any."""
    jurisdictions = values.get("jurisdictions") or ()
    if isinstance(jurisdictions, str):
        jurisdictions = jurisdictions.split(",")
    part = authority_part(
        values["country_code"],
        values.get("holiday_subdivision", ""),
        region=values.get("region", ""),
        postal_code=values.get("postal_code", ""),
        city=values.get("city", ""),
    )
    return authorities(
        values["country_code"], part, jurisdictions, values.get("supervisory_authority", "")
    )


def _home_authority(values: dict[str, Any], lang: str) -> str:
    """The authority letters name: the home rule set's, else what the practice typed."""
    named = dict(practice_authorities(values))
    jurisdictions = values.get("jurisdictions") or ()
    if isinstance(jurisdictions, str):
        jurisdictions = jurisdictions.split(",")
    home = home_rule_set(values["country_code"], jurisdictions)
    if home is None:
        return values.get("supervisory_authority", "")
    return named[home.jurisdiction].name(lang)


def practice_info(values: dict[str, Any], lang: str, *, sender_country: str = "") -> PracticeInfo:
    """The practice as documents print it; its address in the order of its country, with the
    country line when the post comes from `sender_country` abroad (a returned form)."""
    address = PostalAddress(
        street=values["street"],
        city=values["city"],
        postal_code=values["postal_code"],
        region=values["region"],
        country_code=values["country_code"],
    )
    return PracticeInfo(
        name=values["name"],
        address_lines=tuple(_address_lines(address, sender_country or values["country_code"], "")),
        email=values["email"],
        phone=values["phone"],
        website=values["website"],
        online_optout_url=values["online_optout_url"],
        privacy_contact=values["privacy_contact"],
        supervisory_authority=_home_authority(values, lang),
        country_code=values["country_code"],
    )


def _address_lines(address: PostalAddress, sender_country: str, name: str) -> list[str]:
    try:
        return address_lines(address, sender_country=sender_country, recipient_name=name)
    except ValidationError:  # a country code the address rules do not know: print as entered
        parts = [name, *address.street.splitlines(), address.postal_code, address.city]
        return [part for part in parts if part.strip()]


def live_practice(practice: Practice) -> dict[str, Any]:
    """The practice fields a snapshot holds, from the live row: forms and letters print the
    practice's contact details as they are now, not as the notice version froze them."""
    values = {name: getattr(practice, name) for name in PRACTICE_FIELDS}
    values["jurisdictions"] = [j for j in practice.jurisdictions.split(",") if j]
    return values


def client_info(client: Client, practice_country: str) -> ClientInfo:
    name = display_name(client.given_name, client.family_name)
    address = PostalAddress(
        street=client.street,
        city=client.city,
        postal_code=client.postal_code,
        region=client.region,
        country_code=client.country_code,
    )
    return ClientInfo(
        ref=format_reference(client.ref),
        name=name,
        address_lines=tuple(_address_lines(address, practice_country, name)),
        language=client.language,
    )
