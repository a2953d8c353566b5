"""The headless commands of DESIGN.md section 7: exit codes, one-line reasons, JSON shapes."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from tests.helpers.cli import run_command as run
from tests.helpers.practice import PASSPHRASE, raw_connection


@pytest.fixture
def folder(data_paths):
    return str(data_paths.home)


def test_clients_add_prints_the_new_reference_and_show_returns_the_contract_shape(folder):
    code, out, err = run(
        "clients", "add", "--given", "Zoë", "--family", "Ångström", "--email", "zoe@example.org",
        "--phone", "020 7946 0958", "--data-dir", folder,
    )  # fmt: skip
    assert (code, err) == (0, "")
    ref = out.strip()
    assert len(ref) == 8 and ref[3] == "-"
    code, out, _ = run("--data-dir", folder, "clients", "show", ref, "--json")
    shown = json.loads(out)
    assert code == 0
    assert {"ref", "name", "language", "status", "consents", "history"} <= set(shown)
    assert (shown["ref"], shown["name"], shown["status"]) == (ref, "Zoë Ångström", "active")


def test_a_real_mobile_the_phone_data_lacks_is_added_with_a_warning_on_stderr(folder):
    code, out, err = run(
        "clients", "add", "--given", "Ada", "--family", "Lovelace",
        "--phone", "+44 7911 654321", "--data-dir", folder,
    )  # fmt: skip
    assert code == 0
    ref = out.strip()
    assert len(ref) == 8  # stdout holds the reference only, for scripts
    assert err.count("\n") == 1 and "warning" in err and "'+44 7911 654321'" in err
    _, shown, _ = run("clients", "show", ref, "--data-dir", folder)
    assert "+44 7911 654321" in shown


def test_clients_list_json_has_the_contract_keys_and_search_narrows_it(folder):
    for given, family in (("Anna", "Smith"), ("王", "伟"), ("Bob", "Jones")):
        assert (
            run("clients", "add", "--given", given, "--family", family, "--data-dir", folder)[0]
            == 0
        )
    code, out, _ = run("clients", "list", "--json", "--data-dir", folder)
    listed = json.loads(out)
    assert code == 0 and len(listed) == 3
    assert all(set(row) >= {"ref", "name", "email", "phone", "status"} for row in listed)
    _, out, _ = run("clients", "list", "--search", "SMITH", "--json", "--data-dir", folder)
    assert [row["name"] for row in json.loads(out)] == ["Anna Smith"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["clients", "add", "--given", "A", "--family", "B", "--email", "a@"], "email"),
        (["clients", "add", "--given", "A", "--family", "B", "--phone", "12"], "number"),
        (["clients", "show", "ABC-DEF"], "7 characters"),
        (["clients", "show", "ABO-DEFG"], "O"),
        (["restore", "/nonexistent/file.sqlite3"], "does not exist"),
    ],
)
def test_bad_input_exits_non_zero_with_one_line_and_changes_nothing(folder, argv, message):
    code, _, err = run(*argv, "--data-dir", folder)
    assert code == 1
    assert err.count("\n") == 1 and message in err
    _, listed, _ = run("clients", "list", "--json", "--data-dir", folder)
    assert json.loads(listed) == []


def test_demo_fills_an_empty_practice_and_refuses_one_with_clients(folder):
    code, out, _ = run("demo", "--clients", "120", "--seed", "7", "--data-dir", folder)
    assert code == 0 and "120 clients" in out
    code, out, _ = run("check", "--json", "--data-dir", folder)
    report = json.loads(out)
    assert (code, report["ok"], report["problems"]) == (0, True, [])
    # The demo closed: anchored, and keyed with the (encrypted) practice's key.
    assert not any("not keyed" in note for note in report["notes"])
    _, listed, _ = run("clients", "list", "--json", "--data-dir", folder)
    rows = json.loads(listed)
    assert len(rows) == 120
    assert any("\u4e00" <= row["name"][0] <= "\u9fff" for row in rows)  # Chinese names too
    code, _, err = run("demo", "--clients", "5", "--data-dir", folder)
    assert code == 1 and "already has clients" in err


def test_demo_gives_clients_realistic_consent_histories(folder):
    run("demo", "--clients", "60", "--data-dir", folder)
    _, listed, _ = run("clients", "list", "--json", "--data-dir", folder)
    histories = []
    for row in json.loads(listed):
        _, shown, _ = run("clients", "show", row["ref"], "--json", "--data-dir", folder)
        histories.append(json.loads(shown)["history"])
    channels = {event["channel"] for history in histories for event in history}
    states = {event["state"] for history in histories for event in history}
    assert len(channels) >= 3
    assert states == {"given", "refused", "withdrawn"}


def test_check_exits_non_zero_and_names_a_tampered_consent_row(folder, data_paths):
    run("demo", "--clients", "20", "--data-dir", folder)
    connection = raw_connection(data_paths.database)
    connection.execute("DROP TRIGGER consent_event_no_update")
    connection.execute("UPDATE consent_event SET channel = channel || ' ' WHERE id = 5")
    connection.commit()
    connection.close()
    code, out, _ = run("check", "--json", "--data-dir", folder)
    report = json.loads(out)
    assert code == 1 and not report["ok"]
    assert "Ledger consent_event: row 5 was changed after it was recorded." in report["problems"]


def test_backup_then_restore_brings_back_the_earlier_data(folder, tmp_path):
    run("clients", "add", "--given", "Kept", "--family", "Client", "--data-dir", folder)
    copy = tmp_path / "copy.sqlite3"
    assert run("backup", "--to", str(copy), "--data-dir", folder)[0] == 0
    run("clients", "add", "--given", "Later", "--family", "Client", "--data-dir", folder)
    code, out, _ = run("restore", str(copy), "--data-dir", folder)
    assert code == 0 and "kept in" in out
    _, listed, _ = run("clients", "list", "--json", "--data-dir", folder)
    assert [row["name"] for row in json.loads(listed)] == ["Kept Client"]
    assert run("check", "--data-dir", folder)[0] == 0


def test_restore_refuses_a_file_that_is_not_a_privacy_desk_database(folder, tmp_path):
    other = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE t (x)")
    connection.close()
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello")
    for candidate in (other, text_file):
        code, _, err = run("restore", str(candidate), "--data-dir", folder)
        assert code == 1 and "not a Privacy Desk database" in err


def test_restore_refuses_a_file_from_a_newer_version(folder, data_paths, tmp_path):
    copy = tmp_path / "future.sqlite3"
    run("backup", "--to", str(copy), "--data-dir", folder)
    connection = raw_connection(copy, key_of=data_paths)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    code, _, err = run("restore", str(copy), "--data-dir", folder)
    assert code == 1 and "newer version" in err


def test_the_installed_command_runs_as_a_real_process(tmp_path):
    folder = str(tmp_path / "practice")
    # A new practice: its recovery passphrase from the environment, as a script would give it.
    added = subprocess.run(
        [sys.executable, "-m", "app", "clients", "add", "--given", "Tom & <Jerry>",
         "--family", "O'Brien", "--data-dir", folder],
        capture_output=True, text=True, check=False,
        env={**os.environ, "PRIVACY_DESK_PASSPHRASE": PASSPHRASE},
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    wrong = subprocess.run(
        [sys.executable, "-m", "app", "clients", "show", "not-a-ref", "--data-dir", folder],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert wrong.returncode == 1
    assert wrong.stderr.startswith("privacy-desk: ") and wrong.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        (
            [
                "DROP TRIGGER audit_log_no_update",
                "UPDATE audit_log SET actor = 'someone else' WHERE id = 1",
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
            ],
            "audit log was altered",
        ),
        (["DROP TRIGGER consent_event_no_update"], "append-only"),
        (
            [
                "DROP TABLE client_search",
                *(f"DROP TABLE {t}" for t in ("generated_document", "notice_delivery")),
            ],
            "lacks the",
        ),
    ],
)
def test_restore_refuses_a_tampered_backup_in_one_line_and_changes_nothing(
    folder, data_paths, tmp_path, statements, message
):
    run("clients", "add", "--given", "Kept", "--family", "Client", "--data-dir", folder)
    copy = tmp_path / "copy.sqlite3"
    assert run("backup", "--to", str(copy), "--data-dir", folder)[0] == 0
    connection = raw_connection(copy, key_of=data_paths)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    run("clients", "add", "--given", "Later", "--family", "Client", "--data-dir", folder)
    code, out, err = run("restore", str(copy), "--data-dir", folder)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and message in err and "cannot be restored" in err
    _, listed, _ = run("clients", "list", "--json", "--data-dir", folder)
    assert sorted(row["name"] for row in json.loads(listed)) == ["Kept Client", "Later Client"]
    assert run("check", "--data-dir", folder)[0] == 0


def test_restore_refuses_a_file_holding_only_a_schema_version(folder, tmp_path):
    from app.persistence.migrator import SHIPPED_HEAD

    empty = tmp_path / "only-a-version.sqlite3"
    connection = sqlite3.connect(empty)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    connection.execute("INSERT INTO alembic_version VALUES (?)", (SHIPPED_HEAD,))
    connection.commit()
    connection.close()
    code, _, err = run("restore", str(empty), "--data-dir", folder)
    assert code == 1 and err.count("\n") == 1 and "only a schema version" in err
    assert run("check", "--data-dir", folder)[0] == 0
