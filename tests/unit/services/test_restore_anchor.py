"""A restore killed after its write, before anything else ran, leaves a practice `check`
calls sound: the ledger anchor already follows the restored ledgers (found by a kill trial:
'the last audit entry is gone')."""

from __future__ import annotations

import pytest

from app.persistence import restoring
from app.persistence.store import Store
from app.services import backups, integrity
from tests.helpers.factories import NOW, make_client


def test_the_anchor_follows_the_restored_ledgers_before_they_are_written_in(
    data_paths, tmp_path, monkeypatch
):
    with Store.open(data_paths) as store:
        make_client(store, "Kept", "Client")
        older = backups.backup_now(store, tmp_path / "older.sqlite3", now=NOW)
        make_client(store, "Later", "Client")  # one audit entry past the backup
    with Store.open(data_paths) as store:
        # The process dies right after the restore's write: no anchor is written after it.
        monkeypatch.setattr(Store, "write_anchor", lambda self, file=None: None)
        backups.restore(store, older, now=NOW)
    monkeypatch.undo()
    with Store.open(data_paths) as store:
        report = integrity.check(store)
    assert report.ok, report.problems


def test_a_restore_killed_before_its_write_leaves_an_anchor_that_agrees(
    data_paths, tmp_path, monkeypatch
):
    """The backup's ledgers run past the practice's own (a newer backup after an older was
    restored); the process dies after the anchor moved, before the write: check stays clean."""
    with Store.open(data_paths) as store:
        make_client(store, "Kept", "Client")
        older = backups.backup_now(store, tmp_path / "older.sqlite3", now=NOW)
        make_client(store, "Later", "Client")
        make_client(store, "Later", "Still")
        newer = backups.backup_now(store, tmp_path / "newer.sqlite3", now=NOW)
        backups.restore(store, older, now=NOW)
    with Store.open(data_paths) as store:

        def killed(*_args, **_kwargs):
            raise KeyboardInterrupt  # stands for the kill: nothing after it runs

        monkeypatch.setattr(restoring, "write_over", killed)
        monkeypatch.setattr(Store, "write_anchor", lambda self, file=None: None)
        with pytest.raises(KeyboardInterrupt):
            backups.restore(store, newer, now=NOW)
    monkeypatch.undo()
    with Store.open(data_paths) as store:
        report = integrity.check(store)
    assert report.ok, report.problems
