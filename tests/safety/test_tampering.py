"""Ledger rows changed behind the app's back are reported by `check`, naming the row.

tests/unit/services/test_consents_and_vendors.py covers an edited consent row and a deleted
audit row; tests/unit/cli/test_commands.py an edited row through `check --json`. These are the rest:
rows reordered, a middle row deleted, a forged row appended, an edit that recomputes its own
hash, an audit entry altered. Each edit is made with the triggers dropped, as someone with
the file and an SQLite shell would.
"""

from __future__ import annotations

import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.cli import main
from app.cli.output import Output
from app.domain.enums import Channel, ConsentState
from app.domain.ledger import chain_hash
from app.persistence.ledgers import AUDIT_HASHED, CONSENT_EVENT_HASHED, CONSENT_TABLE
from app.services import integrity
from app.services.consents import record_consent_answers
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.helpers.practice import raw_connection


@pytest.fixture
def ledgers(store):
    """Two clients' forms: six consent events and a dozen audit entries, all chained."""
    sharings = [
        make_sharing(store, make_vendor(store, name)) for name in ("TrainLoop", "Paydeck")
    ] + [
        make_sharing(
            store, make_vendor(store, "Postbird"), purpose_key="newsletter", categories=("contact",)
        )
    ]
    for number, client in enumerate((make_client(store, "Ada"), make_client(store, "Grace"))):
        record_consent_answers(
            store,
            client.ref,
            {sharing.id: ConsentState.GIVEN for sharing in sharings},
            channel=Channel.PAPER_IN_PERSON,
            occurred_at=NOW - timedelta(days=number),
            actor=ACTOR,
            now=NOW,
        )
    assert integrity.check(store).ok
    return store


def _tamper(store, *statements: str, parameters=()) -> None:
    connection = raw_connection(store.paths.database)
    for table in ("consent_event", "audit_log"):
        connection.execute(f"DROP TRIGGER {table}_no_update")
        connection.execute(f"DROP TRIGGER {table}_no_delete")
    for statement in statements:
        connection.execute(statement, parameters)
    connection.commit()
    connection.close()


def _ledger_problems(store) -> list[str]:
    report = integrity.check(store)
    assert not report.ok
    return [problem for problem in report.problems if problem.startswith("Ledger")]


def _swap(table: str, first: int, second: int) -> tuple[str, ...]:
    return (
        f"UPDATE {table} SET id = -1 WHERE id = {first}",
        f"UPDATE {table} SET id = {first} WHERE id = {second}",
        f"UPDATE {table} SET id = {second} WHERE id = -1",
    )


def test_two_consent_events_put_in_each_others_place_are_named(ledgers):
    _tamper(ledgers, *_swap("consent_event", 2, 3))
    assert _ledger_problems(ledgers) == [
        "Ledger consent_event: row 2 does not follow the row before it."
    ]


def test_two_audit_entries_put_in_each_others_place_are_named(ledgers):
    _tamper(ledgers, *_swap("audit_log", 4, 5))
    assert _ledger_problems(ledgers) == [
        "Ledger audit_log: row 4 does not follow the row before it."
    ]


def test_a_consent_event_deleted_from_the_middle_is_named_by_the_row_after_it(ledgers):
    _tamper(ledgers, "DELETE FROM consent_event WHERE id = 3")
    assert _ledger_problems(ledgers) == [
        "Ledger consent_event: row 4 does not follow the row before it."
    ]


def test_a_forged_consent_event_with_a_made_up_hash_is_named(ledgers):
    # No trigger needs dropping to append: the ledger's own hash is what catches this.
    connection = raw_connection(ledgers.paths.database)
    last = connection.execute(
        "SELECT id, client_id, sharing_id, row_hash FROM consent_event ORDER BY id DESC LIMIT 1"
    ).fetchone()
    connection.execute(
        "INSERT INTO consent_event (client_id, sharing_id, state, channel, occurred_at, "
        "recorded_at, recorded_by, evidence_note, evidence_file, evidence_sha256, prev_hash, "
        "row_hash) VALUES (?, ?, 'withdrawn', 'phone', ?, ?, 'coach', '', '', '', ?, ?)",
        (last[1], last[2], NOW.isoformat(), NOW.isoformat(), last[3], "f" * 64),
    )
    connection.commit()
    connection.close()
    assert _ledger_problems(ledgers) == [
        f"Ledger consent_event: row {last[0] + 1} was changed after it was recorded."
    ]


def test_an_edit_that_recomputes_its_own_hash_is_caught_at_the_next_row(ledgers):
    # The forger knows the scheme: the row is read back as the app reads it and hashed anew.
    with ledgers.engine.connect() as connection:
        stored = (
            connection.execute(select(CONSENT_TABLE).where(CONSENT_TABLE.c.id == 2))
            .mappings()
            .one()
        )
    content = {name: stored[name] for name in CONSENT_EVENT_HASHED} | {"state": "refused"}
    forged = chain_hash(stored["prev_hash"], content)
    _tamper(
        ledgers,
        "UPDATE consent_event SET state = 'refused', row_hash = ? WHERE id = 2",
        parameters=(forged,),
    )
    assert _ledger_problems(ledgers) == [
        "Ledger consent_event: row 3 does not follow the row before it."
    ]


def test_an_audit_entry_altered_in_the_file_is_named(ledgers):
    _tamper(ledgers, "UPDATE audit_log SET actor = 'someone else' WHERE id = 6")
    assert _ledger_problems(ledgers) == [
        "Ledger audit_log: row 6 was changed after it was recorded."
    ]
    assert set(AUDIT_HASHED) >= {"actor"}


def test_check_on_the_command_line_names_a_deleted_middle_row(ledgers):
    _tamper(ledgers, "DELETE FROM audit_log WHERE id = 5")
    home = str(ledgers.paths.home)
    ledgers.close()
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--json", "--data-dir", home], Output(out=out, err=err))
    report = json.loads(out.getvalue())
    assert code == 1 and not report["ok"]
    assert "Ledger audit_log: row 6 does not follow the row before it." in report["problems"]
    assert any("audit_log_no_delete" in problem for problem in report["problems"])
