"""`optout log --email FILE.eml`: logged with what the email says, and says how it matched."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from app.paths import DataPaths
from tests.helpers.factories import NOW
from tests.unit.cli import test_optouts
from tests.unit.cli.test_optouts import run
from tests.unit.services.test_emailed_optouts import emailed

practice = test_optouts.practice  # the fixture: a client, Ada, with two consents
SAMPLES = Path(__file__).parents[1] / "domain" / "emails"


def listed(folder: str) -> list[dict]:
    code, out, _ = run("optout", "list", "--json", "--data-dir", folder)
    assert code == 0
    return json.loads(out)


def test_an_emailed_opt_out_with_the_code_in_its_subject_is_logged_with_the_email(
    practice, tmp_path
):
    folder, ref = practice
    file = tmp_path / "opt-out.eml"
    sent = NOW - timedelta(days=1)
    file.write_bytes(emailed(sender="someone@else.example", subject=f"Opt out {ref}", sent=sent))
    code, out, err = run("optout", "log", "--email", str(file), "--data-dir", folder)
    assert code == 0, err
    assert f"Matched by the reference code {ref} in the email." in out
    assert "Opt-out 1 recorded" in out
    [row] = listed(folder)
    assert row["client"] == ref and row["channel"] == "email"
    assert row["received_at"].startswith(sent.date().isoformat())
    kept = [kept.read_bytes() for kept in DataPaths(Path(folder)).evidence.iterdir()]
    assert kept == [file.read_bytes()]


def test_an_email_from_a_known_address_says_it_matched_by_the_address(practice, tmp_path):
    folder, ref = practice
    file = tmp_path / "unsubscribe.eml"
    file.write_bytes(emailed(sender="Ada <ada@example.org>", words="Unsubscribe me."))
    code, out, err = run("optout", "log", "--email", str(file), "--json", "--data-dir", folder)
    assert code == 0, err
    answer = json.loads(out)
    assert answer["client"] == ref
    assert answer["email"]["matched_by"] == "address"
    assert answer["email"]["kind"] == "opt-out"


def test_an_email_nobody_matches_is_logged_with_the_senders_details(practice, tmp_path):
    folder, _ref = practice
    file = tmp_path / "unknown.eml"
    file.write_bytes(emailed(sender="Cleo Smith <cleo@example.net>"))
    code, out, err = run("optout", "log", "--email", str(file), "--data-dir", folder)
    assert code == 0, err
    assert "No client has the sender's address" in out and "caller not yet matched" in out
    assert listed(folder)[0]["client"] is None


def test_an_email_asking_for_deletion_is_not_logged_as_an_opt_out(practice):
    folder, _ref = practice
    file = SAMPLES / "netease_gbk_html_only_deletion.eml"
    code, out, err = run("optout", "log", "--email", str(file), "--data-dir", folder)
    assert code == 1 and out == ""
    assert "deletion" in err and len(err.strip().splitlines()) == 1
    assert listed(folder) == []


def test_a_file_that_is_not_an_email_is_refused_in_one_line_and_nothing_is_saved(
    practice, tmp_path
):
    folder, _ref = practice
    junk = tmp_path / "photo.eml"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    code, _out, err = run("optout", "log", "--email", str(junk), "--data-dir", folder)
    assert code == 1 and "not an email" in err and len(err.strip().splitlines()) == 1
    assert listed(folder) == []
    assert list(DataPaths(Path(folder)).evidence.iterdir()) == []


def test_an_email_is_always_the_email_channel(practice, tmp_path):
    folder, _ref = practice
    file = tmp_path / "a.eml"
    file.write_bytes(emailed())
    code, _out, err = run(
        "optout", "log", "--email", str(file), "--channel", "phone", "--data-dir", folder
    )
    assert code == 1 and "--channel" in err
    code, _out, err = run("optout", "log", "--client", "X", "--data-dir", folder)
    assert code == 1 and "--channel" in err  # still needed without --email
