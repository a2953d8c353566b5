"""A full disk while exporting: no document is recorded whose file was not written whole.

The disk is made full for real where each file is written: the temporary file the export
writes into is opened on /dev/full, where every write fails with ENOSPC, as on a full disk.
A security test once found 460 generated_document rows for files never written.
"""

from __future__ import annotations

import errno
import os
import tempfile

import pytest

from app.paths import DataPaths
from app.persistence.store import Store
from tests.helpers import crash
from tests.helpers.cli import run_command as run
from tests.helpers.disk import full_from_file, needs_dev_full
from tests.helpers.factories import make_client
from tests.helpers.practice import raw_connection

pytestmark = needs_dev_full


@pytest.fixture
def practice(data_paths: DataPaths) -> DataPaths:
    with Store.open(data_paths) as store:
        for given in ("Ada", "Grace", "Edsger", "Barbara"):
            make_client(store, given, "Client")
    return data_paths


def _documents_recorded(paths: DataPaths) -> int:
    connection = raw_connection(paths.database)
    try:
        return connection.execute("SELECT count(*) FROM generated_document").fetchone()[0]
    finally:
        connection.close()


def test_writing_the_one_file_fails_so_nothing_is_recorded_and_it_says_the_disk_is_full(
    practice, tmp_path, monkeypatch
):
    full_from_file(1, monkeypatch)
    before = crash.table_digests(practice.database)
    target = tmp_path / "notice.pdf"
    code, out, err = run(
        "export", "notice", "--generic", "--out", str(target), "--data-dir", str(practice.home)
    )
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "disk is full" in err
    assert "not a Privacy Desk database" not in err
    assert crash.table_digests(practice.database) == before
    assert list(tmp_path.iterdir()) == [practice.home]  # no file, no temporary file


def test_a_batch_into_a_folder_is_recorded_whole_or_not_at_all(practice, tmp_path, monkeypatch):
    handed = full_from_file(3, monkeypatch)  # two files written, the third finds the disk full
    folder = tmp_path / "notices"
    code, _, err = run(
        "export", "notice", "--all", "--out", f"{folder}/", "--data-dir", str(practice.home)
    )
    assert code == 1 and "disk is full" in err and err.count("\n") == 1
    assert len(handed) == 3
    assert _documents_recorded(practice) == 0
    assert list(folder.iterdir()) == []  # the two written are taken back: nothing half done


def test_with_space_again_the_same_batch_writes_and_records_every_file(practice, tmp_path):
    folder = tmp_path / "notices"
    code, out, _ = run(
        "export", "notice", "--all", "--out", f"{folder}/", "--data-dir", str(practice.home)
    )
    assert code == 0 and "Wrote 4 files" in out
    assert _documents_recorded(practice) == 4
    assert sorted(p.suffix for p in folder.iterdir()) == [".pdf"] * 4


def test_a_folder_that_cannot_be_written_is_a_sentence_not_an_unexpected_error(
    practice, tmp_path, monkeypatch
):
    def refused(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    code, _, err = run(
        "export", "notice", "--generic", "--out", str(tmp_path / "x.pdf"),
        "--data-dir", str(practice.home),
    )  # fmt: skip
    assert code == 1 and "unexpected" not in err and "Permission denied" in err
    assert _documents_recorded(practice) == 0
