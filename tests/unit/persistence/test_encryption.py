"""Issue 12: a lost laptop's practice file, its WAL and its backups say nothing of a client.

Every test here runs on an encrypted practice (as every new one is) and proves one thing the
app relies on still works through SQLCipher: WAL, the trigram search, the append-only guards,
migrations, SQLAlchemy's own error classes, and backups keyed like the practice.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest
import sqlalchemy.exc
from alembic import command
from sqlalchemy import text

from app.paths import DataPaths
from app.persistence import cipher, migrator
from app.persistence.database import make_engine
from app.persistence.errors import KeyNeeded, WrongPassphrase
from app.persistence.store import Store
from app.services import backups, clients
from tests.helpers.factories import NOW, make_client, make_sharing, make_vendor, withdraw_by_optout
from tests.helpers.practice import new_key_file, practice_key, raw_connection, stored_key

EMAIL = "hester.prynne@example.org"

needs_strings = pytest.mark.skipif(
    shutil.which("strings") is None, reason="needs binutils' strings"
)


def _strings(file) -> str:
    return subprocess.run(
        ["strings", "-a", str(file)], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def plain_store(tmp_path):
    """A practice as it was before encryption: the control that shows what the tests look for."""
    with Store.open(DataPaths(tmp_path / "plain"), plain=True) as opened:
        yield opened


def test_a_new_practice_is_encrypted_and_stdlib_sqlite_cannot_open_it(store):
    make_client(store, "Hester", "Prynne", email=EMAIL)
    assert store.encrypted
    assert not cipher.is_plain_sqlite(store.paths.database)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(store.paths.database).execute("SELECT * FROM client").fetchall()


@needs_strings
def test_strings_of_the_database_and_its_wal_show_no_client_email(store, plain_store):
    for opened in (store, plain_store):
        make_client(opened, "Hester", "Prynne", email=EMAIL, notes="Knee injury")
    wal = store.paths.database.with_name(store.paths.database.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the client is in the WAL, not yet checkpointed
    for file in (store.paths.database, wal):
        assert EMAIL not in _strings(file) and "Knee injury" not in _strings(file)
    # The same steps on a plain file do show it: the check above can fail.
    plain_wal = plain_store.paths.database.with_name(plain_store.paths.database.name + "-wal")
    assert EMAIL in _strings(plain_store.paths.database) + _strings(plain_wal)


@needs_strings
def test_a_backup_is_encrypted_with_the_practice_key(store, tmp_path):
    make_client(store, "Hester", "Prynne", email=EMAIL)
    made = backups.backup_now(store, tmp_path / "copy.sqlite3", now=NOW)
    assert EMAIL not in _strings(made)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(made).execute("SELECT * FROM client").fetchall()
    with cipher.connect(made, store.key, read_only=True) as copy:
        assert copy.execute("SELECT email FROM client").fetchall() == [(EMAIL,)]


def test_wal_and_the_safety_pragmas_hold_on_the_encrypted_file(store):
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA cipher_version").scalar().startswith("4.")
        # Decrypted pages are kept: the OS caches only ciphertext (see database.CACHE_KIB).
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -16 * 1024


def test_the_trigram_search_finds_clients_in_the_encrypted_file(store):
    make_client(store, "Zoë", "Ångström", email=EMAIL)
    make_client(store, "伟", "王")
    assert [row.name for row in clients.find_clients(store, "ZOË ångs")] == ["Zoë Ångström"]
    assert clients.find_clients(store, "nobody@else") == []
    assert len(clients.find_clients(store, "hester.prynne")) == 1
    assert len(clients.find_clients(store, "王伟")) == 1


def test_the_append_only_guards_refuse_edits_in_the_encrypted_file(store):
    client = make_client(store)
    sharing = make_sharing(store, make_vendor(store))
    withdraw_by_optout(store, client, sharing.id, at=NOW)
    connection = raw_connection(store.paths.database)
    try:
        with pytest.raises(cipher.dbapi.IntegrityError, match="append-only"):
            connection.execute("UPDATE consent_event SET state = 'given'")
    finally:
        connection.close()


def test_the_engine_raises_sqlalchemys_errors_not_the_drivers(store):
    """`module=sqlcipher3.dbapi2`: without it IntegrityError arrives as the driver's own class."""
    with (
        pytest.raises(sqlalchemy.exc.IntegrityError),
        store.engine.begin() as connection,
    ):
        connection.execute(text("INSERT INTO client (id) VALUES (NULL)"))


def test_an_older_encrypted_file_is_upgraded_by_alembic_and_stays_encrypted(tmp_path):
    paths = DataPaths(tmp_path / "old")
    engine = make_engine(paths.database, key=new_key_file(paths))
    with engine.begin() as connection:
        command.upgrade(migrator.alembic_config(connection), "0001")
    engine.dispose()
    with Store.open(paths) as store, store.engine.connect() as connection:
        assert migrator.current_revision(connection) == migrator.head_revision()
    assert not cipher.is_plain_sqlite(paths.database)
    (safety_copy,) = paths.backups.glob("pre-upgrade-0001-*.sqlite3")
    assert not cipher.is_plain_sqlite(safety_copy)


def test_without_the_key_in_the_keyring_the_practice_asks_for_its_passphrase(
    data_paths, empty_keyring
):
    with pytest.raises(KeyNeeded, match="recovery passphrase is needed"):
        Store.open(data_paths)
    # The refusal left the folder unlocked: the passphrase's key opens it at once.
    with Store.open(data_paths, practice_key(data_paths)) as store:
        assert store.encrypted


def _other_key() -> bytes:
    return bytes(range(32))


def test_a_wrong_key_is_a_wrong_passphrase_not_a_file_that_is_not_ours(data_paths):
    with pytest.raises(WrongPassphrase, match=r"^That recovery passphrase does not open"):
        Store.open(data_paths, _other_key())
    with Store.open(data_paths, stored_key(data_paths.database)) as store:
        assert store.encrypted
