"""Retention that ends (issue 13): the former clients whose data the practice holds past what
its notice promises, for Today, the "What we hold past our promise" dialog and
`retention list`. The periods and the rule are domain/retention.py; the erasure they lead to
is services/erasure (reason "retention", no request).

Which categories a client's data is in: their contact details always (the client record
itself), and the categories of every sharing that reached them (the same rule an erasure
uses to choose the vendors it tells), counted from the day they stopped (`former_client`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlmodel import Session

from app.domain.enums import ClientStatus, ConsentState
from app.domain.erasure import reached_client
from app.domain.names import display_name
from app.domain.optout import local_date
from app.domain.retention import ALWAYS_HELD, Ended, past_retention
from app.i18n import N_, plural_translator, translator
from app.persistence.database import unit_of_work
from app.persistence.models import Client, ConsentEvent, FormerClient
from app.persistence.store import Store
from app.services.optouts.context import optout_context
from app.services.places import RETENTION_PAST, Opens
from app.services.rows import DueItem, SharingRow
from app.services.vendors import sharing_rows

DUE_LABEL = N_("Retention ended")


@dataclass(frozen=True)
class PastPromise:
    """A former client held past the notice's promise, with each category that ran out."""

    client_ref: str
    name: str
    stopped_on: date
    ended: tuple[Ended, ...]  # earliest first, never empty

    @property
    def ended_on(self) -> date:
        return self.ended[0].ended_on

    @property
    def days_past(self) -> int:
        return self.ended[0].days_past


def held_categories(
    client: Client, stopped_on: date, sharings: list[SharingRow], given: set[int]
) -> tuple[str, ...]:
    """The categories the practice or its vendors hold on this client, catalogue keys."""
    keys = list(ALWAYS_HELD)
    for sharing in sharings:
        if reached_client(
            consent_required=sharing.consent_required,
            form=sharing.form,
            ever_given=sharing.id in given,
            starts_on=sharing.starts_on,
            ends_on=sharing.ends_on,
            client_since=client.created_at.date(),
            until=stopped_on,
        ):
            keys.extend(sharing.category_keys)
    return tuple(dict.fromkeys(keys))


def _given(session: Session, client_ids: list[int]) -> dict[int, set[int]]:
    given: dict[int, set[int]] = defaultdict(set)
    for client_id, sharing_id in session.execute(
        select(ConsentEvent.client_id, ConsentEvent.sharing_id).where(
            ConsentEvent.client_id.in_(client_ids),
            ConsentEvent.state == ConsentState.GIVEN.value,
        )
    ):
        given[client_id].add(sharing_id)
    return given


def past_promise_in(
    session: Session, today: date, *, client_id: int | None = None
) -> list[PastPromise]:
    """Every former client (or the one asked) whose period ran out before `today`, the
    longest past first; inside the caller's transaction."""
    statement = (
        select(Client, FormerClient.stopped_on)
        .join(FormerClient, FormerClient.client_id == Client.id)
        .where(Client.status == ClientStatus.FORMER.value)
        .order_by(FormerClient.stopped_on, Client.id)
    )
    if client_id is not None:
        statement = statement.where(Client.id == client_id)
    rows = session.execute(statement).all()
    if not rows:
        return []
    sharings = sharing_rows(session)
    given = _given(session, [client.id for client, _ in rows])
    found = []
    for client, stopped_on in rows:
        keys = held_categories(client, stopped_on, sharings, given[client.id])
        ended = past_retention(stopped_on, keys, today)
        if ended:
            found.append(
                PastPromise(
                    client_ref=client.ref,
                    name=display_name(client.given_name, client.family_name),
                    stopped_on=stopped_on,
                    ended=ended,
                )
            )
    return sorted(found, key=lambda row: (row.ended_on, row.client_ref))


def past_promise(store: Store, *, now: datetime | None = None) -> list[PastPromise]:
    """The former clients held past the notice's promise, as of the practice's today."""
    now = now or datetime.now(UTC)
    with unit_of_work(store.reader) as session:
        today = local_date(now, optout_context(session).zone)
        return past_promise_in(session, today)


def retention_due(store: Store, today: date, language: str) -> list[DueItem]:
    """One line on Today while any former client is held past the promise: how many, due on
    the day the first period ran out (so it is overdue), opening the dialog that lists them."""
    with unit_of_work(store.reader) as session:
        rows = past_promise_in(session, today)
    if not rows:
        return []
    ngettext = plural_translator(language)
    subject = ngettext(
        "{count} former client is past what the notice promises",
        "{count} former clients are past what the notice promises",
        len(rows),
    ).format(count=len(rows))
    first = min(row.ended_on for row in rows)
    return [
        DueItem(
            kind="retention",
            subject=subject,
            due=first,
            overdue=True,
            label=translator(language)(DUE_LABEL),
            opens=Opens(RETENTION_PAST),
        )
    ]
