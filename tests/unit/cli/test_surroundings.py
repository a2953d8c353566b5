"""What the command line is pointed at: a data folder that is not one, bytes that are not
text, a backup aimed at the database itself. One sentence and exit 1, never "unexpected"."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.__main__ import configure_logging
from app.paths import DataPaths
from tests.helpers import crash
from tests.helpers.cli import run_command as run


def _one_sentence(code: int, err: str, words: str) -> None:
    assert code == 1, err
    assert err.count("\n") == 1 and err.startswith("privacy-desk: ")
    assert words in err and "unexpected" not in err


@pytest.fixture
def folder(data_paths):
    return str(data_paths.home)


# --- a data folder that is not a folder -------------------------------------------------------


def test_a_data_dir_that_is_a_file_is_refused_in_words(tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("my notes")
    code, _, err = run("clients", "list", "--data-dir", str(file))
    _one_sentence(code, err, "is a file, not a folder")
    assert file.read_text() == "my notes"


def test_a_data_dir_that_is_a_dangling_link_is_refused_in_words(tmp_path):
    link = tmp_path / "practice"
    link.symlink_to(tmp_path / "unplugged-drive" / "practice")
    code, _, err = run("clients", "list", "--data-dir", str(link))
    _one_sentence(code, err, "points to")
    assert not (tmp_path / "unplugged-drive").exists()


def test_a_data_dir_that_is_a_device_is_refused_in_words():
    code, _, err = run("clients", "list", "--data-dir", os.devnull)
    _one_sentence(code, err, "not a folder")


def test_the_window_is_refused_the_same_folder_in_the_same_words(tmp_path):
    from app.paths import data_paths
    from app.persistence.database import prepare_folder
    from app.persistence.errors import StorageError

    file = tmp_path / "notes.txt"
    file.write_text("my notes")
    with pytest.raises(StorageError, match="is a file, not a folder"):
        prepare_folder(data_paths(file))  # what the window's opening calls (Store.open)


# --- arguments that are not text --------------------------------------------------------------

# What Python makes of bytes that are not UTF-8 in sys.argv (PEP 383: surrogateescape).
NOT_UTF8 = b"J\xf6rg".decode("utf-8", "surrogateescape")


@pytest.mark.parametrize(
    "argv",
    [
        ["clients", "add", "--given", NOT_UTF8, "--family", "Smith"],
        ["clients", "list", "--search", NOT_UTF8],
        ["optout", "log", "--caller", NOT_UTF8, "--channel", "phone"],
        ["backup", "--to", f"/tmp/{NOT_UTF8}.sqlite3"],
    ],
    ids=["name", "search", "caller", "path"],
)
def test_an_argument_that_is_not_utf8_is_refused_in_one_line(folder, argv):
    database = DataPaths(Path(folder)).database
    before = crash.table_digests(database)
    code, out, err = run(*argv, "--data-dir", folder)
    _one_sentence(code, err, "not valid UTF-8")
    assert out == ""
    assert crash.table_digests(database) == before


def test_a_data_dir_that_is_not_utf8_is_refused_in_one_line(tmp_path):
    code, _, err = run("clients", "list", "--data-dir", str(tmp_path / NOT_UTF8))
    _one_sentence(code, err, "not valid UTF-8")


def test_a_real_process_given_bytes_says_so_in_one_line(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-m", "app", "clients", "add", "--given", b"J\xf6rg", "--family",
         "Smith", "--data-dir", str(tmp_path / "practice")],
        capture_output=True, check=False,
    )  # fmt: skip
    assert finished.returncode == 1
    assert finished.stderr.count(b"\n") == 1 and b"not valid UTF-8" in finished.stderr


# --- a backup aimed at the wrong place --------------------------------------------------------


def test_a_backup_onto_the_database_itself_is_refused_however_it_is_spelled(folder, data_paths):
    link = data_paths.home.parent / "shortcut.sqlite3"
    link.symlink_to(data_paths.database)
    before = crash.table_digests(data_paths.database)
    for spelling in (
        str(data_paths.database),
        f"{data_paths.home}/backups/../privacy-desk.sqlite3",
        f"{data_paths.home}//privacy-desk.sqlite3",
        str(link),
    ):
        code, _, err = run("backup", "--to", spelling, "--data-dir", folder)
        _one_sentence(code, err, "the practice's own database")
    assert crash.table_digests(data_paths.database) == before
    assert run("check", "--data-dir", folder)[0] == 0


def test_a_backup_onto_a_pipe_is_refused_and_the_pipe_left_alone(folder, tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    code, _, err = run("backup", "--to", str(pipe), "--data-dir", folder)
    _one_sentence(code, err, "not a regular file")
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert not list(tmp_path.glob("pipe*.partial"))


def test_a_backup_onto_a_device_is_refused(folder):
    code, _, err = run("backup", "--to", os.devnull, "--data-dir", folder)
    _one_sentence(code, err, "not a regular file")
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


# --- the log ----------------------------------------------------------------------------------


def test_the_log_file_is_readable_by_its_owner_only_even_after_it_rotates(tmp_path):
    paths = DataPaths(tmp_path / "practice")
    root = logging.getLogger()
    before = list(root.handlers)
    configure_logging(paths)
    try:
        [handler] = [h for h in root.handlers if h not in before]
        logging.getLogger("privacy_desk.test").warning("a line")
        assert stat.S_IMODE((paths.logs / "privacy-desk.log").stat().st_mode) == 0o600
        handler.doRollover()
        logging.getLogger("privacy_desk.test").warning("another line")
        for log in paths.logs.iterdir():
            assert stat.S_IMODE(log.stat().st_mode) == 0o600, log.name
        assert stat.S_IMODE(paths.logs.stat().st_mode) == 0o700
    finally:
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
