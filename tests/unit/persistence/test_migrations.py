"""Migrations that move data carry every value a practice had over to its new place."""

from __future__ import annotations

import json

from alembic import command
from sqlalchemy import text

from app.paths import DataPaths
from app.persistence import migrator
from app.persistence.database import make_engine
from app.persistence.store import Store
from app.services import practice
from tests.helpers.practice import new_key_file, stored_key

PRACTICE_0007 = (
    "INSERT INTO practice (id, name, street, city, postal_code, region, country_code, email, "
    "phone, website, online_optout_url, privacy_contact, jurisdictions, supervisory_authority, "
    "default_language, paper_size, holiday_country, holiday_subdivision, closed_days, "
    "promise_vendor_days, promise_request_days, pipl_request_days) VALUES (1, 'Lotus Studio', "
    "'1 Road', 'Shanghai', '200000', '', 'CN', '', '', '', '', '', 'pipl,gdpr', '', 'zh', 'A4', "
    "'CN', '', '', 7, 21, 20)"
)


def _practice_at_0007(tmp_path) -> DataPaths:
    paths = DataPaths(tmp_path / "practice-0007")
    paths.home.mkdir()
    engine = make_engine(paths.database, key=new_key_file(paths))
    with engine.begin() as connection:
        command.upgrade(migrator.alembic_config(connection), "0007")
        connection.execute(text(PRACTICE_0007))
    engine.dispose()
    return paths


def test_0008_moves_the_promise_and_pipl_days_into_the_rule_settings(tmp_path):
    paths = _practice_at_0007(tmp_path)
    with Store.open(paths) as store:
        with store.engine.connect() as connection:
            stored = connection.execute(text("SELECT rule_settings FROM practice")).scalar_one()
            columns = {
                row[1] for row in connection.execute(text("PRAGMA table_info(practice)")).all()
            }
        profile = practice.get_practice(store)
    assert json.loads(stored) == {
        "pipl": {"request_days": 20},
        "promise": {"request_days": 21, "vendor_days": 7},
    }
    assert not columns & {"promise_vendor_days", "promise_request_days", "pipl_request_days"}
    assert (profile.promise_vendor_days, profile.promise_request_days) == (7, 21)
    assert profile.pipl_request_days == 20
    assert (profile.name, profile.jurisdictions) == ("Lotus Studio", ("pipl", "gdpr"))


def test_0008_goes_back_to_a_column_per_setting_with_the_values_chosen_since(tmp_path):
    paths = _practice_at_0007(tmp_path)
    with Store.open(paths) as store:
        practice.update_practice(store, {"pipl_request_days": 12}, actor="coach")
    engine = make_engine(paths.database, key=stored_key(paths.database))
    with engine.begin() as connection:
        command.downgrade(migrator.alembic_config(connection), "0007")
        row = connection.execute(
            text(
                "SELECT promise_vendor_days, promise_request_days, pipl_request_days FROM practice"
            )
        ).one()
    engine.dispose()
    assert tuple(row) == (7, 21, 12)


def test_a_new_practice_starts_with_every_rule_set_default(store):
    practice.update_practice(store, {"name": "Riverside"}, actor="coach")
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT rule_settings FROM practice")).scalar_one()
    assert json.loads(stored) == {}
    profile = practice.get_practice(store)
    assert (profile.promise_vendor_days, profile.promise_request_days) == (10, 30)
    assert profile.pipl_request_days == 15


def test_0011_adds_the_request_register_to_a_0010_practice_with_its_records(tmp_path):
    from datetime import UTC, datetime

    from sqlalchemy.exc import DBAPIError

    from app.services import requests
    from tests.helpers.factories import make_client

    paths = _practice_at_0007(tmp_path)
    engine = make_engine(paths.database, key=stored_key(paths.database))
    with engine.begin() as connection:
        command.upgrade(migrator.alembic_config(connection), "0010")
    engine.dispose()
    with Store.open(paths) as store:
        ada = make_client(store, "Ada", "Lovelace")
        with store.engine.connect() as connection:
            assert "rights_request" in {
                row[0]
                for row in connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'table'")
                )
            }
        row = requests.log_request(
            store,
            requests.RequestDraft(
                kind="access",
                channel="phone",
                received_at=datetime.now(UTC),
                client_ref=ada.ref,
            ),
            actor="coach",
        )
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM rights_request")).scalar() == 1
            try:
                connection.execute(text("DELETE FROM rights_request"))
            except DBAPIError as refused:
                assert "kept" in str(refused)
            else:
                raise AssertionError("a request row was deleted")
        assert practice.get_practice(store).name == "Lotus Studio"  # the 0010 data stays
        assert requests.get_request(store, row.id).client_ref == ada.ref


def test_0012_adds_import_batches_to_a_0010_file_and_keeps_its_clients_as_they_were(tmp_path):
    paths = DataPaths(tmp_path / "practice-0010")
    paths.home.mkdir()
    engine = make_engine(paths.database, key=new_key_file(paths))
    with engine.begin() as connection:
        command.upgrade(migrator.alembic_config(connection), "0010")
        connection.execute(
            text(
                "INSERT INTO client (ref, given_name, family_name, email, phone_entered, "
                "phone_e164, street, city, postal_code, region, country_code, language, status, "
                "notes, sort_key, created_at, updated_at) VALUES ('ABCDEFG', 'Zoë', 'Brontë', "
                "'zoe@example.com', '', '', '', '', '', '', 'GB', 'en', 'active', '', 'brontë', "
                "'2026-01-01 10:00:00', '2026-01-01 10:00:00')"
            )
        )
        before = connection.execute(text("SELECT * FROM client")).mappings().one()
    engine.dispose()
    with Store.open(paths) as store, store.engine.connect() as connection:
        tables = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master"))}
        after = connection.execute(text("SELECT * FROM client")).mappings().one()
        assert (
            migrator.current_revision(connection) == migrator.SHIPPED_HEAD
        )  # and every later revision
    assert {"import_batch", "import_batch_client"} <= tables
    assert dict(after) == dict(before)  # no new column: every client's version still holds
    engine = make_engine(paths.database, key=stored_key(paths.database, paths))
    with engine.begin() as connection:
        command.downgrade(migrator.alembic_config(connection), "0010")
        names = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master"))}
    engine.dispose()
    assert "import_batch" not in names


def test_0016_adds_the_erasure_records_to_a_0015_practice_and_keeps_its_clients(tmp_path):
    paths = DataPaths(tmp_path / "practice-0015")
    paths.home.mkdir()
    engine = make_engine(paths.database, key=new_key_file(paths))
    with engine.begin() as connection:
        command.upgrade(migrator.alembic_config(connection), "0015")
        connection.execute(
            text(
                "INSERT INTO client (ref, given_name, family_name, email, phone_entered, "
                "phone_e164, street, city, postal_code, region, country_code, language, status, "
                "notes, sort_key, created_at, updated_at) VALUES ('ABCDEFG', 'Zoë', 'Brontë', "
                "'zoe@example.com', '', '', '', '', '', '', 'GB', 'en', 'active', '', 'brontë', "
                "'2026-01-01 10:00:00', '2026-01-01 10:00:00')"
            )
        )
        before = connection.execute(text("SELECT * FROM client")).mappings().one()
    engine.dispose()
    with Store.open(paths) as store, store.engine.connect() as connection:
        tables = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master"))}
        after = connection.execute(text("SELECT * FROM client")).mappings().one()
        assert (
            migrator.current_revision(connection) == migrator.SHIPPED_HEAD
        )  # and every later revision
    assert {"erasure", "erased_evidence", "suppression", "suppression_salt"} <= tables
    assert {"notification_rights_request", "erasure_no_delete"} <= tables
    assert dict(after) == dict(before)
    engine = make_engine(paths.database, key=stored_key(paths.database, paths))
    with engine.begin() as connection:
        command.downgrade(migrator.alembic_config(connection), "0015")
        names = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master"))}
    engine.dispose()
    assert not {"erasure", "suppression", "erasure_no_delete"} & names


def _insert_client(connection, ref: str, status: str, updated_at: str) -> int:
    connection.execute(
        text(
            "INSERT INTO client (ref, given_name, family_name, email, phone_entered, "
            "phone_e164, street, city, postal_code, region, country_code, language, status, "
            "notes, sort_key, created_at, updated_at) VALUES (:ref, 'Zoë', 'Brontë', "
            "'', '', '', '', '', '', '', 'GB', 'en', :status, '', 'brontë', "
            "'2024-01-01 10:00:00', :updated_at)"
        ),
        {"ref": ref, "status": status, "updated_at": updated_at},
    )
    return connection.execute(
        text("SELECT id FROM client WHERE ref = :ref"), {"ref": ref}
    ).scalar_one()


def test_0018_dates_each_former_client_from_its_archive_entry_in_a_0016_file(tmp_path):
    from datetime import UTC, datetime

    from app.persistence import ledgers

    paths = DataPaths(tmp_path / "practice-0016")
    paths.home.mkdir()
    engine = make_engine(paths.database, key=new_key_file(paths))
    with engine.begin() as connection:
        command.upgrade(migrator.alembic_config(connection), "0016")
        archived = _insert_client(connection, "ABCDEFG", "former", "2025-10-02 09:00:00")
        # Archived on 3 September 2025, then edited (updated_at moved on): the archive counts.
        for action, at in (
            ("archive", datetime(2025, 3, 1, 8, tzinfo=UTC)),
            ("reactivate", datetime(2025, 4, 1, 8, tzinfo=UTC)),
            ("archive", datetime(2025, 9, 3, 23, 30, tzinfo=UTC)),
            ("update", datetime(2025, 10, 2, 9, tzinfo=UTC)),
        ):
            ledgers.append_audit(
                connection,
                at=at,
                actor="coach",
                action=action,
                entity="client",
                entity_id=archived,
                fields=["status"],
            )
        no_entry = _insert_client(connection, "HJKMNPQ", "former", "2025-06-30 12:00:00")
        active = _insert_client(connection, "RSTVWXY", "active", "2025-01-01 12:00:00")
        before = connection.execute(text("SELECT * FROM client ORDER BY id")).mappings().all()
    engine.dispose()
    with Store.open(paths) as store, store.engine.connect() as connection:
        assert migrator.current_revision(connection) == migrator.SHIPPED_HEAD
        stopped = dict(
            connection.execute(text("SELECT client_id, stopped_on FROM former_client")).all()
        )
        after = connection.execute(text("SELECT * FROM client ORDER BY id")).mappings().all()
    assert stopped == {archived: "2025-09-03", no_entry: "2025-06-30"}
    assert active not in stopped
    assert [dict(row) for row in after] == [dict(row) for row in before]  # versions hold
    engine = make_engine(paths.database, key=stored_key(paths.database, paths))
    with engine.begin() as connection:
        command.downgrade(migrator.alembic_config(connection), "0016")
        names = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master"))}
    engine.dispose()
    assert not {"former_client", "notification_erasure"} & names


def test_0019_adds_the_correction_records_to_a_0016_practice_and_keeps_its_requests(tmp_path):
    paths = DataPaths(tmp_path / "practice-0016")
    paths.home.mkdir()
    engine = make_engine(paths.database, key=new_key_file(paths))
    with engine.begin() as connection:
        command.upgrade(migrator.alembic_config(connection), "0016")
        connection.execute(
            text(
                "INSERT INTO client (ref, given_name, family_name, email, phone_entered, "
                "phone_e164, street, city, postal_code, region, country_code, language, status, "
                "notes, sort_key, created_at, updated_at) VALUES ('ABCDEFG', 'Zoë', 'Brontë', "
                "'zoe@example.com', '', '', '', '', '', '', 'GB', 'en', 'active', '', 'brontë', "
                "'2026-01-01 10:00:00', '2026-01-01 10:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO rights_request (kind, client_id, caller_details, channel, "
                "received_at, note, topic, evidence_file, evidence_sha256, recorded_by, "
                "recorded_at, due_on, identity_method, identity_checked_by, extension_reason, "
                "outcome, outcome_reason, response) VALUES ('correction', 1, '', 'phone', "
                "'2026-01-02 10:00:00', '', '', '', '', 'coach', '2026-01-02 10:00:00', "
                "'2026-02-02', '', '', '', '', '', '')"
            )
        )
        before = connection.execute(text("SELECT * FROM rights_request")).mappings().one()
    engine.dispose()
    with Store.open(paths) as store, store.engine.connect() as connection:
        tables = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master"))}
        after = connection.execute(text("SELECT * FROM rights_request")).mappings().one()
        assert migrator.current_revision(connection) == migrator.SHIPPED_HEAD  # 0019 and on
    assert {"correction", "notification_correction", "correction_no_delete"} <= tables
    assert dict(after) == dict(before)  # no new column: every request's version still holds
    engine = make_engine(paths.database, key=stored_key(paths.database, paths))
    with engine.begin() as connection:
        command.downgrade(migrator.alembic_config(connection), "0018")
        names = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master"))}
    engine.dispose()
    assert not {"correction", "notification_correction", "correction_no_delete"} & names


def test_0020_adds_kept_sharing_pauses_to_a_0016_practice_with_its_requests(tmp_path):
    paths = DataPaths(tmp_path / "practice-0016")
    paths.home.mkdir()
    engine = make_engine(paths.database, key=new_key_file(paths))
    with engine.begin() as connection:
        command.upgrade(migrator.alembic_config(connection), "0016")
        connection.execute(
            text(
                "INSERT INTO rights_request (kind, caller_details, channel, received_at, note, "
                "topic, evidence_file, evidence_sha256, recorded_by, recorded_at, due_on, "
                "identity_method, identity_checked_by, extension_reason, outcome, "
                "outcome_reason, response) VALUES ('objection', 'Zoë by post', 'post', "
                "'2026-05-01 09:00:00', '', '', '', '', 'coach', '2026-05-01 09:05:00', "
                "'2026-06-01', '', '', '', '', '', '')"
            )
        )
        before = connection.execute(text("SELECT * FROM rights_request")).mappings().one()
    engine.dispose()
    with Store.open(paths) as store, store.engine.connect() as connection:
        names = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master"))}
        after = connection.execute(text("SELECT * FROM rights_request")).mappings().one()
        assert migrator.current_revision(connection) == migrator.SHIPPED_HEAD
    assert {"sharing_pause", "sharing_pause_no_delete", "sharing_pause_lift_once"} <= names
    assert dict(after) == dict(before)  # no new column: the request's version still holds
    engine = make_engine(paths.database, key=stored_key(paths.database, paths))
    with engine.begin() as connection:
        command.downgrade(migrator.alembic_config(connection), "0020-1")  # 0020 alone
        names = {row[0] for row in connection.execute(text("SELECT name FROM sqlite_master"))}
        kept = connection.execute(text("SELECT caller_details FROM rights_request")).scalar_one()
    engine.dispose()
    assert not {"sharing_pause", "sharing_pause_no_delete"} & names
    assert kept == "Zoë by post"
