"""DESIGN.md section 4: the file is private, durable, guarded, and opened by one copy at a time."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest
from alembic import command
from sqlalchemy import text

from app.domain.enums import Channel, ConsentState
from app.paths import DataPaths
from app.persistence import cipher, migrator
from app.persistence.errors import (
    DatabaseFromNewerVersion,
    DataFolderLocked,
    DataFolderReadOnly,
    MigrationFailed,
    NotAPrivacyDeskDatabase,
)
from app.persistence.store import Store
from app.services.consents import record_consent_answers
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.helpers.practice import new_key_file, new_practice, raw_connection


def test_a_new_practice_file_is_readable_by_its_owner_only(tmp_path):
    paths = DataPaths(tmp_path / "new-practice")
    with new_practice(paths):
        pass
    assert stat.S_IMODE(paths.database.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.home.stat().st_mode) == 0o700


def test_every_connection_has_the_safety_pragmas(store):
    with store.engine.connect() as connection:

        def pragma(name: str):
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar()

        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("secure_delete") == 1
        assert pragma("busy_timeout") == 5000


@pytest.mark.parametrize(
    ("table", "statement"),
    [
        ("consent_event", "UPDATE consent_event SET state = 'given'"),
        ("consent_event", "DELETE FROM consent_event"),
        ("audit_log", "UPDATE audit_log SET actor = 'someone else'"),
        ("audit_log", "DELETE FROM audit_log"),
        ("optout_request", "DELETE FROM optout_request"),
    ],
)
def test_the_database_itself_refuses_to_rewrite_history(store, table, statement):
    client = make_client(store)
    sharing = make_sharing(store, make_vendor(store))
    record_consent_answers(
        store,
        client.ref,
        {sharing.id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW,
        actor=ACTOR,
        now=NOW,
    )
    connection = raw_connection(store.paths.database)
    connection.execute(
        "INSERT INTO optout_request (client_id, caller_details, received_at, channel, scope, "
        "scope_sharing_ids, note, form_reference, recorded_by, recorded_at, acknowledged_by, "
        "due_on) VALUES (?, '', ?, 'phone', 'all', '', '', '', 'coach', ?, '', '2026-12-04')",
        (client.id, NOW.isoformat(), NOW.isoformat()),
    )
    connection.commit()
    assert connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
    with pytest.raises(cipher.dbapi.IntegrityError, match=r"append-only|kept"):
        connection.execute(statement)
    connection.close()


def test_a_second_copy_on_the_same_folder_is_refused_in_words(store):
    with pytest.raises(DataFolderLocked, match="in use by another running copy"):
        Store.open(store.paths)


def test_a_read_only_data_folder_is_refused_in_words(tmp_path, monkeypatch):
    # Tests run as root, where chmod cannot make a folder read-only: ask os.access instead.
    monkeypatch.setattr("app.persistence.database.os.access", lambda *_: False)
    with pytest.raises(DataFolderReadOnly, match="read-only"):
        Store.open(DataPaths(tmp_path / "practice"))


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    paths = DataPaths(tmp_path / "practice")
    paths.home.mkdir()
    paths.database.write_text("my shopping list")
    with pytest.raises(NotAPrivacyDeskDatabase):
        Store.open(paths)
    assert paths.database.read_text() == "my shopping list"


def test_another_programs_sqlite_file_is_refused(tmp_path):
    paths = DataPaths(tmp_path / "practice")
    paths.home.mkdir()
    other = sqlite3.connect(paths.database)
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.commit()
    other.close()
    with pytest.raises(NotAPrivacyDeskDatabase):
        Store.open(paths)


def test_a_file_from_a_newer_version_is_refused(data_paths):
    connection = raw_connection(data_paths.database)
    connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.commit()
    connection.close()
    with pytest.raises(DatabaseFromNewerVersion, match="newer version"):
        Store.open(data_paths)


def _database_at_first_revision(tmp_path) -> DataPaths:
    paths = DataPaths(tmp_path / "old-practice")
    paths.home.mkdir()
    from app.persistence.database import make_engine

    engine = make_engine(paths.database, key=new_key_file(paths))
    with engine.begin() as connection:
        command.upgrade(migrator.alembic_config(connection), "0001")
        connection.execute(
            text(
                "INSERT INTO data_category (key, label_en, label_zh, sensitive) "
                "VALUES ('old', 'Old Gym data', '旧数据', 0)"
            )
        )
    engine.dispose()
    return paths


def test_start_upgrades_an_older_file_after_copying_it(tmp_path):
    paths = _database_at_first_revision(tmp_path)
    with Store.open(paths) as store, store.engine.connect() as connection:
        assert migrator.current_revision(connection) == migrator.head_revision()
        assert connection.execute(text("SELECT count(*) FROM data_category")).scalar() == 1 + 7
    assert list(paths.backups.glob("pre-upgrade-0001-*.sqlite3"))


def test_a_failed_upgrade_puts_the_copy_back_and_says_so(tmp_path, monkeypatch):
    paths = _database_at_first_revision(tmp_path)

    def broken_upgrade(engine):
        with engine.begin() as connection:
            connection.execute(text("UPDATE data_category SET label_en = 'half migrated'"))
        raise RuntimeError("migration bug")

    monkeypatch.setattr(migrator, "upgrade", broken_upgrade)
    with pytest.raises(MigrationFailed, match="put back"):
        Store.open(paths)
    connection = raw_connection(paths.database)
    assert connection.execute("SELECT label_en FROM data_category").fetchall() == [
        ("Old Gym data",)
    ]
    assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    connection.close()


def test_a_file_with_vendors_and_sharings_gains_their_chinese_texts_empty(tmp_path):
    """0006 adds NOT NULL columns to tables that have rows: they are filled with ''."""
    paths = DataPaths(tmp_path / "practice-0005")
    paths.home.mkdir()
    from app.persistence.database import make_engine

    engine = make_engine(paths.database, key=new_key_file(paths))
    with engine.begin() as connection:
        command.upgrade(migrator.alembic_config(connection), "0005")
        connection.execute(
            text(
                "INSERT INTO vendor (name, legal_name, service_description, "
                "service_description_zh, website, privacy_policy_url, privacy_email, "
                "postal_address, storage_countries, transfer_safeguard, security_measures, "
                "clauses, review_interval_months, status, created_at) VALUES ('TrainLoop', '', "
                "'', '', '', '', '', '', 'US', 'SCCs', 'TLS', '', 12, 'active', '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO sharing (vendor_id, purpose_id, form, necessity, starts_on) "
                "VALUES (1, 1, 'identified', 'Needed for the app.', '2026-01-01')"
            )
        )
    engine.dispose()
    with Store.open(paths) as store, store.engine.connect() as connection:
        assert connection.execute(
            text(
                "SELECT transfer_safeguard, transfer_safeguard_zh, security_measures_zh FROM vendor"
            )
        ).one() == ("SCCs", "", "")
        assert connection.execute(text("SELECT necessity, necessity_zh FROM sharing")).one() == (
            "Needed for the app.",
            "",
        )


def test_models_and_migrations_do_not_drift(store):
    with store.engine.begin() as connection:
        command.check(migrator.alembic_config(connection))


def test_the_shipped_head_names_the_newest_migration():
    # Opening a file at SHIPPED_HEAD skips Alembic; a stale constant would skip an upgrade.
    assert migrator.head_revision() == migrator.SHIPPED_HEAD


def test_a_backup_clears_the_half_copies_a_killed_backup_left(store):
    """They hold personal data; one still being written (touched recently) is left alone."""
    import os
    import time

    from app.services.backups import backup_now

    folder = store.paths.backups
    folder.mkdir(exist_ok=True)
    killed = folder / "manual-20261101-090000-000000.sqlite3.partial"
    leftovers = [killed, *(killed.with_name(killed.name + end) for end in ("-wal", "-shm"))]
    an_hour_ago = time.time() - 3600
    for leftover in leftovers:
        leftover.write_bytes(b"half a copy")
        os.utime(leftover, (an_hour_ago, an_hour_ago))
    in_progress = folder / "auto-20261129-090000-000000.sqlite3.partial"
    in_progress.write_bytes(b"being written")

    made = backup_now(store, folder / "manual-now.sqlite3", now=NOW)

    assert made.is_file()
    assert not any(leftover.exists() for leftover in leftovers)
    assert in_progress.exists()


def _half_copies_a_kill_left(paths: DataPaths) -> list:
    """Just written (a kill a moment ago): a backup's and a restore's copies with their sidecars."""
    paths.backups.mkdir(exist_ok=True)
    backup_copy = paths.backups / "manual-20261101-090000-000000.sqlite3.partial"
    restore_copy = paths.backups / "restoring-20261101-090000-000000.sqlite3.partial"
    made = [
        *(backup_copy.with_name(backup_copy.name + end) for end in ("", "-wal", "-shm")),
        *(restore_copy.with_name(restore_copy.name + end) for end in ("", ".partial", "-wal")),
    ]
    for leftover in made:
        leftover.write_bytes(b"a client's health data")
    return made


def test_the_next_start_removes_half_copies_a_killed_backup_or_restore_left(data_paths):
    """They are personal data in the clear: gone as soon as the practice is opened again."""
    leftovers = _half_copies_a_kill_left(data_paths)
    kept = data_paths.backups / "manual-20261101-080000-000000.sqlite3"
    kept.write_bytes(b"a finished backup")
    with Store.open(data_paths):
        assert not any(leftover.exists() for leftover in leftovers)
    assert kept.exists()


def test_the_next_start_removes_half_written_anchors_a_kill_left(data_paths):
    """An anchor is written beside and renamed over; a kill between leaves the ".partial"."""
    from app.persistence import anchors

    data_paths.backups.mkdir(exist_ok=True)
    home_anchor = data_paths.home / (anchors.ANCHOR_FILE + ".partial")
    pending = data_paths.home / (anchors.ANCHOR_FILE + anchors.PENDING_SUFFIX + ".partial")
    sidecar = data_paths.backups / ("manual-20261101-090000-000000.sqlite3.anchor.json.partial")
    elsewhere = data_paths.home / "notes.json.partial"  # not an anchor's: not ours to remove
    for leftover in (home_anchor, pending, sidecar, elsewhere):
        leftover.write_text('{"format": 1, "heads": {')
    with Store.open(data_paths):
        assert not any(leftover.exists() for leftover in (home_anchor, pending, sidecar))
    assert elsewhere.exists()


def test_a_headless_command_removes_them_too(data_paths):
    from app.cli import Output, main

    leftovers = _half_copies_a_kill_left(data_paths)
    with open(os.devnull, "w") as nowhere:
        assert main(["check", "--data-dir", str(data_paths.home)], Output(nowhere, nowhere)) == 0
    assert not any(leftover.exists() for leftover in leftovers)
