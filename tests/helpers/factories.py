"""Small factories that make the records stories start from."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from app.persistence.store import Store
from app.services import clients, vendors
from app.services.rows import ClientDraft, ClientRow, SharingRow, VendorRow

ACTOR = "coach"
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
TODAY = date(2026, 11, 20)


def make_client(store: Store, given: str = "Zoë", family: str = "Ångström", **fields) -> ClientRow:
    fields.setdefault("email", "")
    rng = random.Random(f"{given}|{family}|{sorted(fields.items())}")
    return clients.add_client(
        store,
        ClientDraft(given_name=given, family_name=family, **fields),
        actor=ACTOR,
        now=NOW,
        random_int=rng.randrange,
    )


def make_vendor(
    store: Store, name: str = "TrainLoop", *, countries: tuple[str, ...] = ("GB",), **fields
) -> VendorRow:
    if any(country != "GB" for country in countries):
        fields.setdefault("transfer_safeguard", "Standard contractual clauses (2021)")
    return vendors.add_vendor(
        store,
        vendors.VendorDraft(name=name, storage_countries=countries, **fields),
        actor=ACTOR,
        now=NOW,
    )


def make_sharing(
    store: Store,
    vendor: VendorRow,
    purpose_key: str = "training_delivery",
    categories: tuple[str, ...] = ("contact", "training"),
) -> SharingRow:
    return vendors.add_sharing(
        store,
        vendors.SharingDraft(
            vendor_id=vendor.id,
            purpose_key=purpose_key,
            category_keys=categories,
            necessity="The app needs this to deliver the programme.",
        ),
        actor=ACTOR,
        today=TODAY,
        now=NOW,
    )


def withdraw_by_optout(store: Store, client: ClientRow, sharing_id: int, *, at: datetime):
    """A client withdraws one consent: the way the app records it, as an opt-out."""
    from app.domain.enums import Channel, OptOutScope
    from app.services import optouts

    return optouts.log_optout(
        store,
        client_ref=client.ref,
        channel=Channel.EMAIL,
        scope=OptOutScope.CHOSEN,
        chosen_sharing_ids=[sharing_id],
        received_at=at,
        actor=ACTOR,
        now=at,
    )
