"""Restoring a backup: the candidate is checked and upgraded on a copy, then swapped in whole.

Each refusal is one sentence, and the practice is then exactly as it was and still opens:
a security test once restored a file whose upgrade failed, and every command failed after.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from app.domain.enums import Channel, ConsentState
from app.paths import DataPaths
from app.persistence import anchors, migrator
from app.persistence.database import make_engine
from app.persistence.errors import RestoreRefused
from app.persistence.store import Store
from app.services import backups, clients, integrity
from app.services.consents import record_consent_answers
from tests.helpers import crash
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.helpers.practice import raw_connection


@pytest.fixture
def practice(store):
    """Ada with a consent on record: both ledgers have rows."""
    ada = make_client(store, "Ada", "Lovelace")
    sharing = make_sharing(store, make_vendor(store, "TrainLoop"))
    record_consent_answers(
        store,
        ada.ref,
        {sharing.id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW,
        actor=ACTOR,
        now=NOW,
    )
    return store


def _backup(store: Store, tmp_path: Path, *statements: str) -> Path:
    """A backup of the practice, then changed behind the app's back by `statements`."""
    copy = backups.backup_now(store, tmp_path / "candidate.sqlite3", now=NOW)
    connection = raw_connection(copy, key_of=store.paths)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return copy


def _everything_in(paths: DataPaths) -> set[str]:
    return {str(file.relative_to(paths.home)) for file in paths.home.rglob("*")}


def _refused_and_unchanged(store: Store, candidate: Path, match: str) -> RestoreRefused:
    before = crash.table_digests(store.paths.database)
    files_before = _everything_in(store.paths)
    with pytest.raises(RestoreRefused, match=match) as refused:
        backups.restore(store, candidate, now=NOW)
    assert str(refused.value).count(".") >= 1 and "\n" not in str(refused.value)
    assert crash.table_digests(store.paths.database) == before
    assert _everything_in(store.paths) == files_before  # no copies, no leftovers
    assert [row.name for row in clients.find_clients(store, "")] == ["Ada Lovelace"]
    assert integrity.check(store).ok
    store.close()
    with Store.open(store.paths) as again:  # and it still opens, as the next start would
        assert integrity.check(again).ok
    return refused.value


def _file_at_first_revision(folder: Path) -> Path:
    file = folder / "old.sqlite3"
    engine = make_engine(file)
    with engine.begin() as connection:
        command.upgrade(migrator.alembic_config(connection), "0001")
    engine.dispose()
    return file


def test_a_backup_whose_upgrade_fails_is_refused_and_the_practice_is_as_it_was(
    practice, tmp_path, monkeypatch
):
    old = _file_at_first_revision(tmp_path)

    def broken_upgrade(engine):
        with engine.begin() as connection:
            connection.execute(text("UPDATE data_category SET label_en = 'half migrated'"))
        raise RuntimeError("migration bug")

    monkeypatch.setattr(migrator, "upgrade", broken_upgrade)
    refusal = _refused_and_unchanged(practice, old, "upgrading it .* failed")
    assert "RuntimeError" in str(refusal)


def test_an_older_backup_is_upgraded_on_the_copy_and_restored(practice, tmp_path):
    old = _file_at_first_revision(tmp_path)
    backups.restore(practice, old, now=NOW)
    assert clients.find_clients(practice, "") == []
    with practice.engine.connect() as connection:
        assert migrator.current_revision(connection) == migrator.head_revision()
    assert integrity.check(practice).ok
    assert not list(practice.paths.home.rglob("*.partial*"))


def test_a_backup_whose_consent_ledger_was_rewritten_is_refused(practice, tmp_path):
    forged = _backup(
        practice,
        tmp_path,
        "DROP TRIGGER consent_event_no_update",
        "UPDATE consent_event SET state = 'refused'",
        "CREATE TRIGGER consent_event_no_update BEFORE UPDATE ON consent_event "
        "BEGIN SELECT RAISE(ABORT, 'consent_event is append-only'); END",
    )
    _refused_and_unchanged(practice, forged, r"consent history .* row 1")


def test_a_backup_whose_audit_log_was_cut_is_refused(practice, tmp_path):
    with practice.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM audit_log").scalar() >= 3
    cut = _backup(
        practice,
        tmp_path,
        "DROP TRIGGER audit_log_no_delete",
        "DELETE FROM audit_log WHERE id = 2",
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    )
    _refused_and_unchanged(practice, cut, "audit log")


@pytest.mark.parametrize(
    "guard", ["consent_event_no_delete", "objection_no_delete", "incident_no_delete"]
)
def test_a_backup_whose_guards_were_dropped_is_refused(practice, tmp_path, guard):
    unguarded = _backup(practice, tmp_path, f"DROP TRIGGER {guard}")
    _refused_and_unchanged(practice, unguarded, "append-only")


def test_a_file_holding_only_a_schema_version_is_refused(practice, tmp_path):
    empty = tmp_path / "only-a-version.sqlite3"
    connection = sqlite3.connect(empty)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    connection.execute("INSERT INTO alembic_version VALUES (?)", (migrator.SHIPPED_HEAD,))
    connection.commit()
    connection.close()
    _refused_and_unchanged(practice, empty, "holds no Privacy Desk records")


def test_a_backup_with_a_record_pointing_nowhere_is_refused(practice, tmp_path):
    dangling = _backup(
        practice,
        tmp_path,
        "PRAGMA foreign_keys = OFF",
        "DELETE FROM vendor",
    )
    _refused_and_unchanged(practice, dangling, "missing")


def test_a_sound_backup_is_restored_and_no_copy_of_it_is_left_behind(practice, tmp_path):
    made = _backup(practice, tmp_path)
    make_client(practice, "Later", "Client")
    files_before = _everything_in(practice.paths)
    safety = backups.restore(practice, made, now=NOW)
    assert [row.name for row in clients.find_clients(practice, "")] == ["Ada Lovelace"]
    assert safety.is_file()
    added = _everything_in(practice.paths) - files_before
    assert added - {anchors.ANCHOR_FILE} == {f"backups/{safety.name}"}  # the anchor moves on
    assert integrity.check(practice).ok
