"""Clients: add, edit, archive, find, and everything on record about one of them."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

from sqlalchemy import func, select, text
from sqlmodel import Session

from app.domain.date_bounds import check_last_session
from app.domain.enums import ClientStatus, Language
from app.domain.errors import N_, Phrase, ValidationError
from app.domain.names import display_name, sort_key
from app.domain.optout import local_date
from app.domain.refcodes import make_reference
from app.domain.validation import (
    PostalAddress,
    normalise_email,
    parse_phone,
    validate_address,
    validate_name,
    validate_text,
)
from app.persistence import search
from app.persistence.database import unit_of_work
from app.persistence.ledgers import append_audit, update_audited
from app.persistence.models import Client, FormerClient
from app.persistence.store import Store
from app.services.consents import client_consent_lines, client_history
from app.services.errors import Conflict, collect
from app.services.lookup import client_by_ref
from app.services.practice import load_practice, profile_of, zone_of
from app.services.rows import ClientDetail, ClientDraft, ClientRow

SEARCH_PAGE = 200
# How each sortable column of the client list is ordered; the id makes every order total.
SORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("sort_key", "id"),
    "ref": ("ref",),
    "email": ("email", "sort_key", "id"),
    "phone": ("phone_e164", "sort_key", "id"),
    "country": ("country_code", "sort_key", "id"),
    "status": ("status", "sort_key", "id"),
}
_EDITABLE = (
    "given_name",
    "family_name",
    "email",
    "phone_entered",
    "phone_e164",
    "street",
    "city",
    "postal_code",
    "region",
    "country_code",
    "language",
    "notes",
)


def client_row(row) -> ClientRow:
    """A ClientRow from a Client or from a row of plain client columns (fast for lists)."""
    return ClientRow(
        id=row.id,
        ref=row.ref,
        name=display_name(row.given_name, row.family_name),
        email=row.email,
        phone=row.phone_entered,
        status=row.status,
        country_code=row.country_code,
        language=row.language,
    )


def row_of(client: Client) -> ClientRow:
    assert client.id is not None
    return client_row(client)


def _language(value: str) -> str:
    try:
        return Language(value).value
    except ValueError:
        raise ValidationError(
            "language", N_("Language must be en or zh, not {value}."), value=f"'{value}'"
        ) from None


def _notes(value: str) -> str:
    if len(value) > 4000:
        raise ValidationError("notes", N_("Notes are limited to 4,000 characters."))
    return validate_text("notes", value, max_length=4000, multiline=True)


def validated_fields(
    draft: ClientDraft, default_region: str
) -> tuple[dict[str, str], tuple[Phrase, ...]]:
    """Every field checked; all problems reported together (InvalidInput).

    Returns the fields to store, and warnings about what was kept though doubtful.
    """
    address = PostalAddress(
        street=draft.street,
        city=draft.city,
        postal_code=draft.postal_code,
        region=draft.region,
        country_code=draft.country_code.strip().upper(),
    )
    given, family, email, phone, checked_address, language, notes = collect(
        lambda: validate_name("given_name", draft.given_name),
        lambda: (
            validate_name("family_name", draft.family_name) if draft.family_name.strip() else ""
        ),
        lambda: normalise_email(draft.email),
        lambda: parse_phone(draft.phone, address.country_code or default_region),
        lambda: validate_address(address),
        lambda: _language(draft.language),
        lambda: _notes(draft.notes),
    )
    fields = {
        "given_name": given,
        "family_name": family,
        "email": email,
        "phone_entered": phone.entered if phone else "",
        "phone_e164": phone.e164 if phone else "",
        "street": checked_address.street,
        "city": checked_address.city,
        "postal_code": checked_address.postal_code,
        "region": checked_address.region,
        "country_code": checked_address.country_code,
        "language": language,
        "notes": notes,
    }
    return fields, (phone.warning,) if phone and phone.warning else ()


def phone_warning(store: Store, phone: str, country_code: str = "") -> Phrase | None:
    """What saving this number would warn about (None also when it would be refused)."""
    if not phone.strip():
        return None
    region = country_code.strip().upper()
    if not region:
        with unit_of_work(store.reader) as session:
            region = load_practice(session).country_code
    try:
        parsed = parse_phone(phone, region)
    except ValidationError:
        return None  # saving says what is wrong, under the field
    return parsed.warning if parsed else None


def searchable(client: Client) -> search.SearchableClient:
    assert client.id is not None
    return search.SearchableClient(
        client_id=client.id,
        ref=client.ref,
        given_name=client.given_name,
        family_name=client.family_name,
        email=client.email,
        phone_entered=client.phone_entered,
        phone_e164=client.phone_e164,
    )


def unused_reference(session: Session, random_int: Callable[[int], int]) -> str:
    """A fresh reference code; codes are never reused because clients are never deleted."""
    while True:
        ref = make_reference(random_int)
        if session.execute(select(Client.id).where(Client.ref == ref)).first() is None:
            return ref


def add_client(
    store: Store,
    draft: ClientDraft,
    *,
    actor: str,
    now: datetime | None = None,
    random_int: Callable[[int], int] = secrets.randbelow,
) -> ClientRow:
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        fields, warnings = validated_fields(draft, load_practice(session).country_code)
        client = Client(
            ref=unused_reference(session, random_int),
            sort_key=sort_key(fields["given_name"], fields["family_name"]),
            status=ClientStatus.ACTIVE.value,
            created_at=now,
            updated_at=now,
            **fields,
        )
        session.add(client)
        session.flush()
        search.index_clients(session, [searchable(client)])
        filled = [name for name, value in fields.items() if value]
        append_audit(
            session,
            at=now,
            actor=actor,
            action="create",
            entity="client",
            entity_id=client.id,
            fields=filled,
        )
        return replace(row_of(client), warnings=warnings)


def _changeable(session: Session, ref: str) -> Client:
    client = client_by_ref(session, ref)
    if client.status == ClientStatus.ERASED.value:
        raise Conflict(N_("Client {ref} was erased; the record no longer changes."), ref=ref)
    return client


def edit_client(
    store: Store, ref: str, draft: ClientDraft, *, actor: str, now: datetime | None = None
) -> ClientRow:
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        client = _changeable(session, ref)
        _changed, warnings = apply_edit(session, client, draft, actor=actor, now=now)
        return replace(row_of(client), warnings=warnings)


def apply_edit(
    session: Session, client: Client, draft: ClientDraft, *, actor: str, now: datetime
) -> tuple[list[str], tuple[Phrase, ...]]:
    """The session-level step of a client edit (the dialog's rules, audited by field name,
    the search index brought along); a correction makes it inside its own transaction.

    Returns the names changed (none: nothing written) and the warnings to show.
    Raises InvalidInput before anything is written.
    """
    fields, warnings = validated_fields(draft, load_practice(session).country_code)
    changed = [name for name in _EDITABLE if getattr(client, name) != fields[name]]
    if "phone_entered" not in changed:
        warnings = ()  # said when the number was saved; not again at every edit
    if not changed:
        return [], warnings
    # Set before the audit entry, which records the client as this edit leaves it.
    client.sort_key = sort_key(fields["given_name"], fields["family_name"])
    client.updated_at = now
    editable = {name: fields[name] for name in _EDITABLE}
    update_audited(session, client, editable, at=now, actor=actor, entity="client")
    search.index_clients(session, [searchable(client)])
    return changed, warnings


def draft_of(detail: ClientDetail) -> ClientDraft:
    """What the client dialog would show for this client: the record as a draft to change."""
    return ClientDraft(
        given_name=detail.given_name,
        family_name=detail.family_name,
        email=detail.row.email,
        phone=detail.row.phone,
        street=detail.street,
        city=detail.city,
        postal_code=detail.postal_code,
        region=detail.region,
        country_code=detail.row.country_code,
        language=detail.row.language,
        notes=detail.notes,
    )


def set_client_status(
    store: Store,
    ref: str,
    status: ClientStatus,
    *,
    actor: str,
    now: datetime | None = None,
    last_session: date | None = None,
) -> ClientRow:
    """Archive (former) or reactivate a client. Clients with history are never deleted.

    When did a client stop? On the day of their last session, which the coach gives when
    archiving (`last_session`, today when not given): the notice promises "12 months after
    your last session", and a coach often archives weeks after the last session, so the day
    the archive button was pressed would keep data longer than promised. The day is kept in
    `former_client`; reactivating deletes it (they train again: no period runs).

    Raises:
        ValidationError: the last session in the future or before the client was added.
    """
    now = now or datetime.now(UTC)
    with unit_of_work(store.engine) as session:
        client = _changeable(session, ref)
        if client.status != status.value:
            fields = ["status"]
            former = session.get(FormerClient, client.id)
            if status is ClientStatus.FORMER:
                today = local_date(now, zone_of(profile_of(load_practice(session))))
                stopped_on = last_session or today
                check_last_session("last_session", stopped_on, today, client.created_at.date())
                if former is None:
                    former = FormerClient(
                        client_id=client.id, stopped_on=stopped_on, recorded_at=now
                    )
                former.stopped_on, former.recorded_at = stopped_on, now
                session.add(former)
                fields.append("last_session")
            elif former is not None:
                session.delete(former)
                fields.append("last_session")
            client.status = status.value
            client.updated_at = now
            session.add(client)
            append_audit(
                session,
                at=now,
                actor=actor,
                action="archive" if status is ClientStatus.FORMER else "reactivate",
                entity="client",
                entity_id=client.id,
                fields=fields,
            )
        return row_of(client)


def find_clients(
    store: Store,
    query: str = "",
    *,
    limit: int = SEARCH_PAGE,
    offset: int = 0,
    include_former: bool = True,
    order: str = "name",
    descending: bool = False,
) -> list[ClientRow]:
    """Clients matching what was typed, sorted by the database (name order by default)."""
    status_filter = "" if include_former else "AND client.status = 'active'"
    direction = "DESC" if descending else "ASC"
    ordering = ", ".join(f"{column} {direction}" for column in SORT_COLUMNS[order])
    with store.reader.connect() as connection:
        condition, parameters = search.matching_condition(connection, search.query_terms(query))
        statement = text(
            "SELECT id, ref, given_name, family_name, email, phone_entered, status, "
            f"country_code, language FROM client WHERE {condition} {status_filter} "
            f"ORDER BY {ordering} LIMIT :limit OFFSET :offset"
        )
        rows = connection.execute(statement, {**parameters, "limit": limit, "offset": offset})
        return [client_row(row) for row in rows]


def count_clients(store: Store, *, status: ClientStatus | None = None) -> int:
    statement = select(func.count()).select_from(Client)
    if status is not None:
        statement = statement.where(Client.status == status.value)
    with store.reader.connect() as connection:
        return connection.execute(statement).scalar_one()


def get_client(store: Store, ref: str) -> ClientDetail:
    """Contact details, the current consent for every sharing, and the full history."""
    with unit_of_work(store.reader) as session:
        client = client_by_ref(session, ref)
        practice = load_practice(session)
        return ClientDetail(
            row=row_of(client),
            given_name=client.given_name,
            family_name=client.family_name,
            phone_e164=client.phone_e164,
            street=client.street,
            city=client.city,
            postal_code=client.postal_code,
            region=client.region,
            notes=client.notes,
            consents=tuple(client_consent_lines(session, client.id, practice)),
            history=tuple(client_history(session, client.id)),
        )
