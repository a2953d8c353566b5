"""A full disk, a read-only file and a locked database: a sentence, no crash, nothing half saved.

A real full disk needs a small filesystem, which these machines cannot mount; SQLite's page
limit (PRAGMA max_page_count) gives the same error, SQLITE_FULL, at the same place in a write.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import IntegrityError

from app.domain.enums import Channel, ConsentState, OptOutScope
from app.persistence import backup, cipher, database
from app.persistence.errors import DataFolderLocked, DataFolderReadOnly, DiskFull
from app.persistence.store import Store
from app.services import backups, clients, integrity
from app.services.consents import record_consent_answers
from app.services.demo import DemoSettings, fill_demo
from app.services.optouts import log_optout
from app.services.rows import ClientDraft
from tests.helpers import crash
from tests.helpers.cli import run_command as _run_cli
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.helpers.practice import raw_connection

try:
    from app.services.notices import publish_notice
except ImportError:  # pragma: no cover - another engineer is writing it
    publish_notice = None

# 3,900 characters of three UTF-8 bytes each: more than a page, so it needs new pages.
LONG = "客户的备注占用空间。" * 390


def _cap_the_file(store: Store):
    """From now on the file cannot grow: every new connection is capped at its current size.

    Returns the listener, for `event.remove` when the test frees the space again.
    """
    store.engine.dispose()
    vacuum = raw_connection(store.paths.database)
    vacuum.isolation_level = None
    vacuum.execute("VACUUM")  # no free pages left inside the file either
    vacuum.close()
    with store.engine.connect() as connection:
        limit = connection.exec_driver_sql("PRAGMA page_count").scalar()

    def cap(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {limit}")

    event.listen(store.engine, "connect", cap)
    store.engine.dispose()  # pooled connections were made before the cap
    return cap


@pytest.fixture
def ada_and_a_sharing(store):
    client = make_client(store, "Ada", "Lovelace")
    sharing = make_sharing(store, make_vendor(store, "TrainLoop"))
    return client, sharing


WRITES = {
    "add a client": lambda store, ada, sharing: clients.add_client(
        store, ClientDraft("Grace", "Hopper", notes=LONG), actor=ACTOR, now=NOW
    ),
    "edit a client": lambda store, ada, sharing: clients.edit_client(
        store, ada.ref, ClientDraft("Ada", "Lovelace", notes=LONG), actor=ACTOR, now=NOW
    ),
    "record consent answers": lambda store, ada, sharing: record_consent_answers(
        store,
        ada.ref,
        {sharing.id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW,
        actor=ACTOR,
        note=LONG,
        now=NOW,
    ),
    "log an opt-out": lambda store, ada, sharing: log_optout(
        store,
        client_ref=ada.ref,
        channel=Channel.PHONE,
        scope=OptOutScope.ALL,
        received_at=NOW - timedelta(hours=1),
        note=LONG,
        actor=ACTOR,
        now=NOW,
    ),
    "publish a notice": lambda store, ada, sharing: publish_notice(
        store, LONG[:999], effective=date(2026, 12, 1), actor=ACTOR, now=NOW
    ),
}


# --- a full disk ------------------------------------------------------------------------------


@pytest.mark.parametrize("use_case", sorted(WRITES))
def test_a_full_disk_refuses_the_write_in_words_and_keeps_the_file_whole(
    store, ada_and_a_sharing, use_case
):
    if use_case == "publish a notice" and publish_notice is None:
        pytest.skip("app.services.notices.publish_notice does not exist yet")
    before = crash.table_digests(store.paths.database)
    _cap_the_file(store)

    with pytest.raises(DiskFull, match="disk is full, so nothing was saved"):
        WRITES[use_case](store, *ada_and_a_sharing)

    assert crash.table_digests(store.paths.database) == before
    assert integrity.check(store).ok


def test_demo_on_a_full_disk_fills_nothing(store):
    before = crash.table_digests(store.paths.database)
    _cap_the_file(store)
    with pytest.raises(DiskFull):
        fill_demo(store, DemoSettings(clients=300), actor=ACTOR, now=NOW)
    assert crash.table_digests(store.paths.database) == before
    assert integrity.check(store).ok


def test_the_practice_works_again_once_space_is_freed(store, ada_and_a_sharing):
    cap = _cap_the_file(store)
    with pytest.raises(DiskFull):
        WRITES["add a client"](store, *ada_and_a_sharing)
    event.remove(store.engine, "connect", cap)
    store.engine.dispose()
    WRITES["add a client"](store, *ada_and_a_sharing)
    assert [row.name for row in clients.find_clients(store, "Hopper")] == ["Grace Hopper"]
    assert integrity.check(store).ok


def test_the_command_line_says_the_disk_is_full_in_one_line(data_paths, monkeypatch):
    configure = database.configure_connection

    def capped(dbapi_connection, record):
        configure(dbapi_connection, record)
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(database, "configure_connection", capped)
    code, out, err = _run_cli("demo", "--clients", "300", "--data-dir", str(data_paths.home))
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("privacy-desk: The disk is full, so nothing was saved.")
    monkeypatch.undo()
    assert _run_cli("check", "--data-dir", str(data_paths.home))[0] == 0
    code, out, _ = _run_cli("clients", "list", "--json", "--data-dir", str(data_paths.home))
    assert code == 0 and out.strip() == "[]"


def test_a_backup_onto_a_full_disk_leaves_no_file(store, ada_and_a_sharing, monkeypatch, tmp_path):
    connect = backup.cipher.connect

    def capped_target(file, *args, **kwargs):
        connection = connect(file, *args, **kwargs)
        if str(file).endswith(".partial"):  # only the copy being written: its disk is full
            connection.execute("PRAGMA max_page_count = 2")
        return connection

    monkeypatch.setattr(backup.cipher, "connect", capped_target)
    target = tmp_path / "elsewhere" / "copy.sqlite3"
    target.parent.mkdir()
    with pytest.raises(DiskFull, match=r"backup .* was not made"):
        backups.backup_now(store, target)
    assert list(target.parent.iterdir()) == []
    assert integrity.check(store).ok


# --- a read-only database ---------------------------------------------------------------------


def test_a_read_only_database_file_is_refused_at_start_in_words(data_paths, monkeypatch):
    # Tests run as root, and chmod does not stop root from writing: ask os.access instead,
    # as the app does, and answer "read-only" for the database file alone.
    real_access = os.access
    monkeypatch.setattr(
        database.os,
        "access",
        lambda path, mode: False if path == data_paths.database else real_access(path, mode),
    )
    with pytest.raises(DataFolderReadOnly, match="is read-only"):
        Store.open(data_paths)
    code, _, err = _run_cli("clients", "list", "--data-dir", str(data_paths.home))
    assert code == 1
    assert err.count("\n") == 1 and "read-only" in err


def test_a_database_that_becomes_read_only_refuses_writes_and_still_reads(store):
    """The disk remounted read-only, or the file's permissions changed while the app runs.

    Simulated by opening the same file through SQLite's read-only mode (mode=ro), which is
    what SQLite itself falls back to when it may not write the file: writes then fail with
    SQLITE_READONLY, exactly as they would for real.
    """
    make_client(store, "Ada", "Lovelace")
    before = crash.table_digests(store.paths.database)
    read_only = create_engine(
        "sqlite://",
        creator=lambda: cipher.connect(
            store.paths.database, store.key, read_only=True, check_same_thread=False
        ),
        module=cipher.dbapi,
    )
    event.listen(read_only, "connect", database.configure_connection)
    event.listen(read_only, "begin", database.begin_immediately)
    writer, store.engine = store.engine, read_only
    try:
        with pytest.raises(DataFolderReadOnly, match="nothing was saved"):
            clients.add_client(store, ClientDraft("Grace", "Hopper"), actor=ACTOR, now=NOW)
        assert [row.name for row in clients.find_clients(store, "")] == ["Ada Lovelace"]
    finally:
        store.engine = writer
        read_only.dispose()
    assert crash.table_digests(store.paths.database) == before
    assert integrity.check(store).ok


# --- a locked database ------------------------------------------------------------------------

HOLD_INSTANCE_LOCK = textwrap.dedent(
    """
    import sys
    from app.paths import DataPaths
    from app.persistence.store import Store
    from pathlib import Path
    with Store.open(DataPaths(Path(sys.argv[1]))):
        print("holding", flush=True)
        sys.stdin.read()
    """
)
HOLD_WRITE_LOCK = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from tests.helpers.practice import raw_connection
    connection = raw_connection(Path(sys.argv[1]))
    connection.isolation_level = None
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO audit_log (at, actor, action, entity, fields, prev_hash, "
                       "row_hash) VALUES ('2026-01-01', 'x', 'x', 'x', '', 'x', 'x')")
    print("holding", flush=True)
    sys.stdin.read()
    connection.execute("ROLLBACK")
    """
)


@pytest.fixture
def other_process():
    """Start a small program that takes a lock and holds it until its stdin closes."""
    started = []

    def start(source: str, argument: str) -> None:
        child = subprocess.Popen(
            [sys.executable, "-c", source, argument],
            cwd=crash.ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(child)
        assert child.stdout.readline().strip() == "holding"

    yield start
    for child in started:
        child.stdin.close()
        child.wait(30)
        child.stdout.close()


def test_a_folder_open_in_another_running_copy_is_refused_in_one_line(data_paths, other_process):
    other_process(HOLD_INSTANCE_LOCK, str(data_paths.home))
    with pytest.raises(DataFolderLocked, match="in use by another running copy"):
        Store.open(data_paths)
    code, out, err = _run_cli(
        "clients",
        "add",
        "--given",
        "Grace",
        "--family",
        "Hopper",
        "--data-dir",
        str(data_paths.home),
    )
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "another running copy" in err


def test_a_write_lock_held_by_another_program_gives_words_and_reads_go_on(
    data_paths, other_process, monkeypatch
):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)  # not 5 s of waiting in a test
    with Store.open(data_paths) as store:
        make_client(store, "Ada", "Lovelace")
        before = crash.table_digests(data_paths.database)
        other_process(HOLD_WRITE_LOCK, str(data_paths.database))
        with pytest.raises(DataFolderLocked, match="Another program is using the database"):
            clients.add_client(store, ClientDraft("Grace", "Hopper"), actor=ACTOR, now=NOW)
        assert [row.name for row in clients.find_clients(store, "")] == ["Ada Lovelace"]
    assert crash.table_digests(data_paths.database) == before


def test_an_unexpected_database_error_does_not_carry_personal_data(store):
    """Such errors go to the log as bugs, and logs never hold names (DESIGN.md section 4)."""
    ada = make_client(store, "Ada", "Lovelace")
    with pytest.raises(IntegrityError) as raised, database.unit_of_work(store.engine) as session:
        session.execute(
            text(
                "INSERT INTO client (ref, given_name, family_name, email, phone_entered, "
                "phone_e164, street, city, postal_code, region, country_code, language, status, "
                "notes, sort_key, created_at, updated_at) VALUES (:ref, 'Secret', 'Person', "
                "'secret@example.org', '', '', '', '', '', '', '', 'en', 'active', :notes, '', "
                ":now, :now)"
            ),
            {"ref": ada.ref, "notes": "Private medical note", "now": NOW},
        )
    assert "Private medical note" not in str(raised.value)
    assert "parameters hidden" in str(raised.value)


def test_documents_whose_records_find_the_disk_full_are_not_written(store, tmp_path):
    from app.services.documents import render_batch

    for number in range(60):  # their 60 records need more than the free room in a page
        make_client(store, f"Client{number}", "Smith")
    before = crash.table_digests(store.paths.database)
    _cap_the_file(store)
    folder = tmp_path / "forms"
    folder.mkdir()
    with pytest.raises(DiskFull, match="disk is full, so nothing was saved"):
        render_batch(store, "optout_form", one_file_per_client=True, now=NOW, save_to=folder)
    assert list(folder.iterdir()) == []
    assert crash.table_digests(store.paths.database) == before


def test_files_written_whose_commit_then_fails_are_taken_back(store, tmp_path, monkeypatch):
    """The files are in place, then committing their records fails: the files go too."""
    from sqlalchemy.exc import OperationalError
    from sqlmodel import Session

    from app.services.documents import render_batch

    for given in ("Ada", "Grace", "Edsger"):
        make_client(store, given, "Client")
    before = crash.table_digests(store.paths.database)
    commit = Session.commit
    folder = tmp_path / "forms"
    folder.mkdir()

    def full_once_the_files_are_there(session):
        if list(folder.iterdir()):
            raise OperationalError(
                "COMMIT", {}, cipher.OperationalError("database or disk is full")
            )
        commit(session)

    monkeypatch.setattr(Session, "commit", full_once_the_files_are_there)
    with pytest.raises(DiskFull, match="disk is full, so nothing was saved"):
        render_batch(store, "optout_form", one_file_per_client=True, now=NOW, save_to=folder)
    assert list(folder.iterdir()) == []
    assert crash.table_digests(store.paths.database) == before
