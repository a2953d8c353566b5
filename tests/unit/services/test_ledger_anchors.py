"""Someone who can write the practice's file cuts or rewrites the consent ledger, keeping
its hash chain whole; `check` still finds it, from the anchor kept outside the database
(issue 12: "the last 173 consent events are gone")."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.domain.enums import Channel, ClientStatus, ConsentState
from app.domain.ledger import GENESIS_HASH, chain_hash
from app.paths import DataPaths
from app.persistence import anchors, ledgers
from app.persistence.database import make_engine
from app.persistence.store import Store
from app.services import backups, clients, integrity
from app.services.consents import record_consent_answers
from tests.helpers.factories import (
    ACTOR,
    NOW,
    make_client,
    make_sharing,
    make_vendor,
    withdraw_by_optout,
)
from tests.helpers.practice import stored_key


@pytest.fixture
def answered(data_paths):
    """Five clients who each answered for the training app; the program then closed."""
    with Store.open(data_paths) as store:
        sharing = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
        for number in range(5):
            answer(store, make_client(store, "Client", f"Number {number}").ref, sharing.id)
    return data_paths


def answer(store, ref: str, sharing_id: int) -> None:
    record_consent_answers(
        store,
        ref,
        {sharing_id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW,
        actor=ACTOR,
        now=NOW,
    )


def behind_the_apps_back(paths, change) -> None:
    """Open the file as an intruder would: guards off, `change(connection)`, guards back on.

    The intruder holds the key of an encrypted file (without it nothing can be changed).
    """
    engine = make_engine(paths.database, key=stored_key(paths.database))
    with engine.begin() as connection:
        guards = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND tbl_name IN ('consent_event', 'audit_log')"
        ).all()
        for name, _sql in guards:
            connection.exec_driver_sql(f"DROP TRIGGER {name}")
        change(connection)
        for _name, sql in guards:
            connection.exec_driver_sql(sql)
    engine.dispose()


def rechain(connection, ledger: str) -> None:
    """Recompute every hash of a ledger, as a careful forger would."""
    table, hashed = ledgers.LEDGERS[ledger]
    prev = GENESIS_HASH
    for row in connection.execute(select(table).order_by(table.c.id)).mappings().all():
        row_hash = chain_hash(prev, {name: row[name] for name in hashed})
        connection.execute(
            table.update().where(table.c.id == row["id"]).values(prev_hash=prev, row_hash=row_hash)
        )
        prev = row_hash


def check(paths):
    with Store.open(paths) as store:
        return integrity.check(store)


def test_the_program_leaves_an_anchor_of_both_ledgers_when_it_closes(answered):
    written = json.loads((answered.home / anchors.ANCHOR_FILE).read_text())
    assert written["heads"]["consent_event"]["count"] == 5
    assert written["heads"]["audit_log"]["count"] > 5
    assert (answered.home / anchors.ANCHOR_FILE).stat().st_mode & 0o077 == 0
    report = check(answered)
    assert report.ok, report.problems


def test_the_last_consent_events_cut_with_the_chain_kept_whole_are_named(answered):
    def cut(connection):
        connection.exec_driver_sql(
            "DELETE FROM consent_event WHERE id IN "
            "(SELECT id FROM consent_event ORDER BY id DESC LIMIT 3)"
        )

    behind_the_apps_back(answered, cut)
    report = check(answered)
    assert not report.ok
    assert not any(problem.startswith("Ledger") for problem in report.problems)  # chain whole
    assert any(
        "the last 3 consent events are gone (the ledger had 5, it has 2)" in problem
        for problem in report.problems
    ), report.problems


def test_a_forged_answer_with_every_hash_recomputed_is_found(answered):
    def forge(connection):
        connection.exec_driver_sql(
            "UPDATE consent_event SET state = 'refused' "
            "WHERE id = (SELECT min(id) FROM consent_event)"
        )
        rechain(connection, "consent_event")

    behind_the_apps_back(answered, forge)
    report = check(answered)
    assert not any(problem.startswith("Ledger") for problem in report.problems)  # chain whole
    assert any("the ledger was rewritten" in problem for problem in report.problems)


def test_a_cut_audit_log_is_named_in_its_own_words(answered):
    def cut(connection):
        connection.exec_driver_sql(
            "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)"
        )

    behind_the_apps_back(answered, cut)
    assert any("the last audit entry is gone" in p for p in check(answered).problems)


def test_a_keyed_anchor_that_was_edited_is_a_problem(answered, monkeypatch):
    monkeypatch.setattr(Store, "anchor_key", property(lambda _store: b"k" * 32))
    with Store.open(answered):
        pass  # closing writes a keyed anchor
    file = answered.home / anchors.ANCHOR_FILE
    written = json.loads(file.read_text())
    assert written["mac"]
    written["heads"]["consent_event"]["count"] = 2  # to hide a cut of three
    file.write_text(json.dumps(written))
    report = check(answered)
    assert any("was altered, or not written with this practice's key" in p for p in report.problems)


def test_with_no_anchor_yet_check_says_what_it_cannot_see(data_paths):
    report = check(data_paths)  # a file from the template: never closed by the program
    assert report.ok
    assert any(note.startswith("No ledger anchor yet") for note in report.notes)


def test_an_unkeyed_anchor_says_it_proves_less(tmp_path):
    """A practice kept in a plain file (from before encryption) has no key to sign with."""
    paths = DataPaths(tmp_path / "plain")
    with Store.open(paths, plain=True) as store:
        make_client(store)
    report = check(paths)
    assert any("not keyed" in note for note in report.notes)


def test_an_encrypted_practices_anchor_is_keyed(answered):
    report = check(answered)
    assert report.ok and not any("not keyed" in note for note in report.notes)


def test_a_backup_carries_the_anchor_of_its_ledgers_and_rotation_takes_it_away(answered):
    with Store.open(answered) as store:
        first = backups.automatic_backup(store, keep=1, now=NOW)
        assert anchors.sidecar_of(first).is_file()
        second = backups.automatic_backup(store, keep=1, now=NOW + timedelta(days=1))
    assert not first.exists() and not anchors.sidecar_of(first).exists()
    sidecar = json.loads(anchors.sidecar_of(second).read_text())
    assert sidecar["heads"]["consent_event"]["count"] == 5


def test_a_cut_is_found_from_a_backup_when_the_folders_anchor_is_deleted(answered):
    with Store.open(answered) as store:
        backups.backup_now(store, now=NOW)
    (answered.home / anchors.ANCHOR_FILE).unlink()
    behind_the_apps_back(
        answered, lambda c: c.exec_driver_sql("DELETE FROM consent_event WHERE id > 3")
    )
    assert any("the last 2 consent events are gone" in p for p in check(answered).problems)


def test_after_restoring_an_earlier_backup_check_is_clean(answered):
    with Store.open(answered) as store:
        earlier = backups.backup_now(store, now=NOW)
        sharing_id = store_sharing_id(store)
        answer(store, make_client(store, "Later", "Client").ref, sharing_id)
    # Closed: the folder's anchor now counts six answers; the backup holds five.
    with Store.open(answered) as store:
        backups.restore(store, earlier, now=NOW)
        report = integrity.check(store)
    assert report.ok, report.problems


def store_sharing_id(store) -> int:
    with store.engine.connect() as connection:
        return connection.exec_driver_sql("SELECT min(id) FROM sharing").scalar_one()


# -- records edited outside the program -------------------------------------------------------


def test_a_client_edited_outside_the_program_is_named_by_check(answered):
    with Store.open(answered) as store:
        assert integrity.check(store).ok
        ref = make_client(store, "Wai", "Ting", email="wai@example.com").ref
        with store.reader.connect() as connection:
            client_id = connection.exec_driver_sql(
                "SELECT id FROM client WHERE ref = ?", (ref,)
            ).scalar_one()
    behind_the_apps_back(
        answered,
        lambda c: c.exec_driver_sql(
            "UPDATE client SET email = 'someone.else@example.com' WHERE id = ?", (client_id,)
        ),
    )
    problems = check(answered).problems
    assert (
        f"Record: client {client_id} was changed outside the program (it differs from the "
        "version its last audit entry recorded)."
    ) in problems


def test_an_opt_out_request_edited_outside_the_program_is_named_by_check(data_paths):
    with Store.open(data_paths) as store:
        sharing = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
        client = make_client(store, "Wai", "Ting")
        answer(store, client.ref, sharing.id)
        withdraw_by_optout(store, client, sharing.id, at=NOW)
        assert integrity.check(store).ok, integrity.check(store).problems
    behind_the_apps_back(
        data_paths,
        lambda c: c.exec_driver_sql(
            "UPDATE optout_request SET received_at = '2026-01-01 09:00:00.000000'"
        ),
    )
    assert any(p.startswith("Record: opt-out request") for p in check(data_paths).problems)


def test_edits_made_in_the_program_keep_check_clean(answered):
    with Store.open(answered) as store:
        ref = make_client(store, "Wai", "Ting").ref
        clients.edit_client(
            store, ref, clients.ClientDraft(given_name="Wai", family_name="Ting-Lo"), actor=ACTOR
        )
        assert integrity.check(store).ok, integrity.check(store).problems
        clients.set_client_status(store, ref, ClientStatus.FORMER, actor=ACTOR)
        report = integrity.check(store)
    assert report.ok, report.problems


def test_records_from_before_versions_are_said_to_be_unseen(data_paths):
    with Store.open(data_paths) as store:
        make_client(store, "Wai", "Ting")
    behind_the_apps_back(  # as a file from before revision 0009 has it
        data_paths, lambda c: c.exec_driver_sql("UPDATE audit_log SET version = ''")
    )
    behind_the_apps_back(data_paths, lambda c: rechain(c, "audit_log"))
    report = check(data_paths)
    assert any(n.startswith("1 client without a recorded version") for n in report.notes)
