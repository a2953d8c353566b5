"""Input a security test typed that was stored without a check: each now gets the treatment
the name fields give, one sentence and exit 1, and nothing is recorded."""

from __future__ import annotations

import json

import pytest

from app.paths import DataPaths
from tests.helpers import crash
from tests.helpers.cli import run_command as run

ESCAPE = "\x1b[31mMr Red\x1b[0m"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["clients", "add", "--given", "A", "--family", "B", "--country", "XX"], "'XX'"),
        (
            ["clients", "add", "--given", "A", "--family", "B", "--country", "GB" * 65_000],
            "not a known country code",
        ),
        (["clients", "add", "--given", "\u200b", "--family", "B"], "only invisible characters"),
        (["clients", "add", "--given", "A", "--family", "\u200b\ufeff"], "only invisible"),
        (["optout", "log", "--caller", ESCAPE, "--channel", "phone"], "control character"),
        (
            ["optout", "log", "--caller", "Ann", "--channel", "phone", "--note", ESCAPE],
            "control character",
        ),
        (
            ["optout", "log", "--caller", "Ann", "--channel", "post", "--received", "0001-01-01"],
            "more than two years ago",
        ),
        (
            ["optout", "log", "--caller", "Ann", "--channel", "post", "--received", "9999-12-31"],
            "future",
        ),
        (["notice", "publish", "--summary", "New vendor", "--effective", "9999-12-31"], "a year"),
        (["notice", "publish", "--summary", "New vendor", "--effective", "0001-01-01"], "before"),
        (["notice", "publish", "--summary", ESCAPE], "control character"),
    ],
    ids=[
        "country-XX",
        "country-130000",
        "given-zero-width",
        "family-invisible",
        "caller-escape",
        "note-escape",
        "received-0001",
        "received-9999",
        "effective-9999",
        "effective-0001",
        "summary-escape",
    ],
)
def test_each_is_refused_in_one_line_and_nothing_is_recorded(data_paths: DataPaths, argv, words):
    run("due", "--data-dir", str(data_paths.home))  # the practice's defaults are written once
    before = crash.table_digests(data_paths.database)
    code, out, err = run(*argv, "--data-dir", str(data_paths.home))
    assert (code, out) == (1, ""), err
    assert err.count("\n") == 1 and words in err and "unexpected" not in err
    assert len(err) < 300  # a page pasted in is quoted short
    assert crash.table_digests(data_paths.database) == before


def test_a_note_keeps_its_lines_and_a_name_its_joiners(data_paths: DataPaths):
    """What is refused is invisible or hostile; line breaks in a note and ZWJ emoji are fine."""
    folder = str(data_paths.home)
    code, out, err = run(
        "clients", "add", "--given", "Mia \U0001f469\u200d\U0001f4bb", "--family", "Lee",
        "--country", "gb", "--data-dir", folder,
    )  # fmt: skip
    assert code == 0, err
    code, _, err = run(
        "optout", "log", "--client", out.strip(), "--channel", "phone",
        "--note", "Called twice.\nPrefers post.", "--data-dir", folder,
    )  # fmt: skip
    assert code == 0, err
    _, listed, _ = run("optout", "list", "--json", "--data-dir", folder)
    assert len(json.loads(listed)) == 1
