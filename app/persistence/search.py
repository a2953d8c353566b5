"""Client search: a trigram full-text index over casefolded text, with a scan for short queries.

SQLite's LIKE and lower() fold ASCII only, so every text is casefolded in Python, both when it
is indexed and when it is searched. The FTS5 trigram tokenizer needs three characters; shorter
terms (two-character Chinese names, initials) fall back to instr() over the same text.
This module is SQLite-specific on purpose: a PostgreSQL port replaces it alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import Session

SEARCH_TABLE = "client_search"
MIN_TRIGRAM_LENGTH = 3
_PHONE_QUERY = re.compile(r"^[\d\s()+\-./]+$")

CREATE_SEARCH_TABLE = f"CREATE VIRTUAL TABLE {SEARCH_TABLE} USING fts5(body, tokenize='trigram')"


def is_search_index_table(name: str) -> bool:
    return name == SEARCH_TABLE or name.startswith(f"{SEARCH_TABLE}_")


def fold(value: str) -> str:
    """Casefold for every script: 'ZOË' and 'Zoë' both become 'zoë'."""
    return unicodedata.normalize("NFC", value).casefold()


def digits_only(value: str) -> str:
    return "".join(character for character in value if character.isdigit())


@dataclass(frozen=True)
class SearchableClient:
    client_id: int
    ref: str
    given_name: str
    family_name: str
    email: str
    phone_entered: str
    phone_e164: str


def search_body(client: SearchableClient) -> str:
    """Everything a coach may type to find this client, folded, one field per line."""
    national_digits = digits_only(client.phone_entered)
    international_digits = digits_only(client.phone_e164)
    parts = (
        f"{client.given_name} {client.family_name}",
        f"{client.family_name} {client.given_name}",
        f"{client.family_name}{client.given_name}",  # Chinese names are written without a space
        client.email,
        national_digits,
        international_digits,
        client.ref,
    )
    return "\n".join(fold(part) for part in parts if part)


def index_clients(session: Session | Connection, clients: Iterable[SearchableClient]) -> None:
    """Insert or replace the index rows of these clients (rowid = client id)."""
    rows = [{"id": client.client_id, "body": search_body(client)} for client in clients]
    if not rows:
        return
    session.execute(text(f"DELETE FROM {SEARCH_TABLE} WHERE rowid = :id"), rows)
    session.execute(text(f"INSERT INTO {SEARCH_TABLE}(rowid, body) VALUES (:id, :body)"), rows)


def query_terms(query: str) -> list[str]:
    """Split what was typed into folded terms; a phone-looking query becomes its digits.

    Control characters separate terms like spaces: no indexed text holds one (names refuse
    them), and FTS5 reads a NUL inside a quoted phrase as the end of the query.
    """
    stripped = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in query).strip()
    if not stripped:
        return []
    if _PHONE_QUERY.match(stripped) and len(digits_only(stripped)) >= 3:
        return [digits_only(stripped).lstrip("0") or "0"]
    reference_like = stripped.replace("-", "")
    if len(reference_like) == 7 and reference_like.isalnum() and " " not in stripped:
        return [fold(reference_like)]
    return [fold(term) for term in stripped.split()]


def _fts_phrase(term: str) -> str:
    # A double-quoted FTS5 string is literal; a quote inside is doubled.
    return '"' + term.replace('"', '""') + '"'


def matching_condition(connection: Connection, terms: Sequence[str]) -> tuple[str, dict[str, str]]:
    """A SQL condition on the client table that every term matches, and its parameters.

    The plan depends on the terms, because the list only ever needs its first page in name order:
    - terms of 1-2 characters can only be (parts of) names: they are looked for in the name sort
      key while walking its index in order, which stops as soon as a page is full;
    - longer terms use the trigram index when it matches few clients; when it matches very many
      (a common phone prefix), walking the name index and testing each body is far cheaper
      than sorting tens of thousands of matches.
    """
    long_terms = [term for term in terms if len(term) >= MIN_TRIGRAM_LENGTH]
    short_terms = [term for term in terms if len(term) < MIN_TRIGRAM_LENGTH]
    conditions: list[str] = []
    parameters: dict[str, str] = {}
    for number, term in enumerate(short_terms):
        parameters[f"short{number}"] = term
        conditions.append(f"instr(client.sort_key, :short{number}) > 0")
    if long_terms:
        parameters["fts"] = " AND ".join(_fts_phrase(term) for term in long_terms)
        if _is_broad(connection, parameters["fts"]):
            tests = []
            for number, term in enumerate(long_terms):
                parameters[f"long{number}"] = term
                tests.append(f"instr(body.c0, :long{number}) > 0")
            conditions.append(
                f"EXISTS (SELECT 1 FROM {SEARCH_TABLE}_content AS body "
                f"WHERE body.id = client.id AND {' AND '.join(tests)})"
            )
            del parameters["fts"]
        else:
            conditions.append(
                f"client.id IN (SELECT rowid FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :fts)"
            )
    return " AND ".join(conditions) or "1 = 1", parameters


BROAD_MATCH = 10_000


def _is_broad(connection: Connection, fts_query: str) -> bool:
    # FTS5 yields matches lazily, so counting up to the threshold stays cheap.
    probe = text(
        f"SELECT count(*) FROM (SELECT rowid FROM {SEARCH_TABLE} "
        f"WHERE {SEARCH_TABLE} MATCH :fts LIMIT {BROAD_MATCH})"
    )
    return connection.execute(probe, {"fts": fts_query}).scalar_one() >= BROAD_MATCH
