"""optout log | list, vendors notify and due: exit codes, one-line reasons, JSON shapes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.enums import Channel, ConsentState
from app.domain.refcodes import format_reference
from app.paths import DataPaths
from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.persistence.store import Store
from app.services.consents import record_consent_answers
from tests.helpers.cli import run_command as run
from tests.helpers.disk import full_from_file, needs_dev_full
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.unit.documents import pdfcheck

OPTOUT_KEYS = {"id", "client", "channel", "scope", "received_at", "due", "status", "vendors"}


@pytest.fixture
def practice(data_paths) -> tuple[str, str]:
    """A data folder with one client who said yes to a training app and a newsletter."""
    with Store.open(data_paths) as store:
        ada = make_client(store, "Ada", "Lovelace", email="ada@example.org")
        training = make_sharing(store, make_vendor(store, "TrainLoop"))
        make_sharing(
            store, make_vendor(store, "Paydeck"), purpose_key="payments", categories=("payment",)
        )
        newsletter = make_sharing(
            store, make_vendor(store, "Postbird"), purpose_key="newsletter", categories=("contact",)
        )
        record_consent_answers(
            store,
            ada.ref,
            {training.id: ConsentState.GIVEN, newsletter.id: ConsentState.GIVEN},
            channel=Channel.PAPER_IN_PERSON,
            occurred_at=NOW,
            actor=ACTOR,
            now=NOW,
        )
    return str(data_paths.home), format_reference(ada.ref)


def _listed(folder: str) -> list[dict]:
    code, out, _ = run("optout", "list", "--json", "--data-dir", folder)
    assert code == 0
    return json.loads(out)


def test_optout_log_applies_at_once_and_list_json_has_the_contract_shape(practice):
    folder, ref = practice
    code, out, err = run(
        "optout", "log", "--client", ref, "--channel", "phone", "--note", "rang at 9",
        "--data-dir", folder,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "tell TrainLoop" in out and "tell Postbird" in out and "Paydeck" in out
    assert "request number is 1" in out
    [row] = _listed(folder)
    assert set(row) >= OPTOUT_KEYS
    assert (row["id"], row["client"], row["channel"], row["scope"]) == (1, ref, "phone", "all")
    assert row["status"] == "applied" and len(row["due"]) == 10
    assert [v["vendor"] for v in row["vendors"]] == ["Postbird", "TrainLoop"]
    assert all(set(v) >= {"vendor", "sent_at", "confirmed_at"} for v in row["vendors"])
    assert row["vendors"][0]["sent_at"] is None
    _, shown, _ = run("clients", "show", ref, "--json", "--data-dir", folder)
    states = {c["vendor"]: c["state"] for c in json.loads(shown)["consents"]}
    assert states == {"Paydeck": "none", "Postbird": "withdrawn", "TrainLoop": "withdrawn"}


def test_optout_log_json_reports_what_continues_and_why(practice):
    folder, ref = practice
    code, out, _ = run(
        "optout", "log", "--client", ref, "--channel", "email", "--scope", "trainloop,paydeck",
        "--json", "--data-dir", folder,
    )  # fmt: skip
    result = json.loads(out)
    assert code == 0
    assert [v["vendor"] for v in result["vendors"]] == ["TrainLoop"]
    assert [(c["vendor"], "signed up for" in c["reason"]) for c in result["continuing"]] == [
        ("Paydeck", True)
    ]
    [row] = _listed(folder)
    assert (row["scope"], row["scope_vendors"]) == ("chosen", ["Paydeck", "TrainLoop"])


def test_a_caller_not_yet_matched_is_listed_without_a_client(practice):
    folder, _ = practice
    code, out, _ = run(
        "optout", "log", "--caller", "Ada, 020 7946 0958", "--channel", "phone",
        "--scope", "marketing", "--data-dir", folder,
    )  # fmt: skip
    assert code == 0 and "caller not yet matched" in out
    [row] = _listed(folder)
    assert (row["client"], row["status"], row["vendors"]) == (None, "received", [])


def test_a_received_time_without_a_zone_is_the_practices_local_time(practice):
    folder, ref = practice
    code, _, _ = run(
        "optout", "log", "--client", ref, "--channel", "post", "--received", "2026-07-01T00:30",
        "--data-dir", folder,
    )  # fmt: skip
    [row] = _listed(folder)
    assert code == 0
    assert row["received_at"] == "2026-06-30T23:30:00+00:00"  # London summer time
    assert row["due"] == "2026-07-15"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--client", "ABC-DEFO", "--channel", "post"], "never use 'O'"),
        (["--client", "MISTYPED", "--channel", "post"], None),
        (["--client", "REF", "--channel", "phone", "--scope", "Nobody"], "No vendor called"),
        (["--client", "REF", "--channel", "phone", "--received", "2999-01-01T10:00"], "future"),
        (["--client", "REF", "--channel", "phone", "--received", "yesterday"], "not a date"),
    ],
)
def test_bad_input_exits_1_with_one_line_and_records_nothing(practice, argv, message):
    folder, ref = practice
    if "MISTYPED" in argv:
        body = ref.replace("-", "")
        argv = [*argv]
        argv[1] = body[:-1] + ("2" if body[-1] != "2" else "3")
        message = "mistyped"
    argv = [ref if arg == "REF" else arg for arg in argv]
    code, out, err = run("optout", "log", *argv, "--data-dir", folder)
    assert (code, out) == (1, "")
    assert err.startswith("privacy-desk: ") and err.count("\n") == 1 and message in err
    assert _listed(folder) == []


def test_the_same_opt_out_twice_in_a_day_is_refused_naming_the_first(practice):
    folder, ref = practice
    assert run("optout", "log", "--client", ref, "--channel", "phone", "--data-dir", folder)[0] == 0
    code, _, err = run("optout", "log", "--client", ref, "--channel", "email", "--data-dir", folder)
    assert code == 1 and "as request 1" in err and err.count("\n") == 1
    assert len(_listed(folder)) == 1


def test_the_caller_and_the_client_cannot_both_be_given(practice):
    folder, ref = practice
    with pytest.raises(SystemExit) as exited:
        run("optout", "log", "--client", ref, "--caller", "x", "--channel", "phone",
            "--data-dir", folder)  # fmt: skip
    assert exited.value.code == 2


def test_due_json_lists_the_vendor_tasks_and_the_open_request(practice):
    folder, ref = practice
    run("optout", "log", "--client", ref, "--channel", "post", "--data-dir", folder)
    code, out, _ = run("due", "--json", "--data-dir", folder)
    items = json.loads(out)
    assert code == 0
    assert all(set(item) >= {"kind", "subject", "due", "overdue"} for item in items)
    assert sorted(item["kind"] for item in items) == [
        "optout_request",
        # The three vendors were registered without contract clauses (issue 14).
        "vendor_compliance",
        "vendor_compliance",
        "vendor_compliance",
        "vendor_notification",
        "vendor_notification",
    ]
    assert not any(item["overdue"] for item in items)
    assert all(len(item["due"]) == 10 for item in items)


def test_vendors_notify_writes_a_letter_and_its_text_per_vendor_with_only_the_minimum(
    practice, tmp_path
):
    folder, ref = practice
    run(
        "optout", "log", "--client", ref, "--channel", "phone", "--note", "knee injury",
        "--data-dir", folder,
    )  # fmt: skip
    out_dir = tmp_path / "letters"
    code, out, err = run("vendors", "notify", "--out", str(out_dir), "--data-dir", folder)
    assert (code, err) == (0, "")
    written = sorted(path.name for path in out_dir.iterdir())
    stems = sorted({name.rsplit(".", 1)[0] for name in written})
    assert stems in (["1-trainloop", "2-postbird"], ["1-postbird", "2-trainloop"])
    assert written == sorted(f"{stem}{suffix}" for stem in stems for suffix in (".pdf", ".txt"))
    # One path a line, each letter followed by its email text.
    lines = out.splitlines()
    assert len(lines) == 4
    assert [Path(line).suffix for line in lines] == [".pdf", ".txt", ".pdf", ".txt"]
    assert all(Path(line).exists() for line in lines)
    for path in out_dir.iterdir():
        text = (
            path.read_text("utf-8")
            if path.suffix == ".txt"
            else pdfcheck.text_of(path.read_bytes())
        )
        assert ref in text and "Ada Lovelace" in text and "knee" not in text
        assert path.stat().st_mode & 0o077 == 0
    with Store.open(DataPaths(Path(folder))) as store, unit_of_work(store.engine) as session:
        kinds = session.execute(select(GeneratedDocument.kind, GeneratedDocument.vendor_id)).all()
    assert len(kinds) == 2 and {kind for kind, _ in kinds} == {"vendor_notification"}
    assert all(vendor_id is not None for _, vendor_id in kinds)


def test_vendors_notify_into_a_folder_it_cannot_write_records_nothing(practice, tmp_path):
    folder, ref = practice
    run("optout", "log", "--client", ref, "--channel", "phone", "--data-dir", folder)
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    code, out, err = run("vendors", "notify", "--out", str(blocked), "--data-dir", folder)
    assert (code, out) == (1, "") and "Cannot write to" in err and err.count("\n") == 1
    with Store.open(DataPaths(Path(folder))) as store, unit_of_work(store.engine) as session:
        assert session.execute(select(GeneratedDocument)).first() is None


@needs_dev_full
def test_vendors_notify_onto_a_full_disk_writes_and_records_no_letter(
    practice, tmp_path, monkeypatch
):
    folder, ref = practice
    run("optout", "log", "--client", ref, "--channel", "phone", "--data-dir", folder)
    handed = full_from_file(3, monkeypatch)  # one letter and its text fit; the next does not
    out_dir = tmp_path / "letters"
    code, out, err = run("vendors", "notify", "--out", str(out_dir), "--data-dir", folder)
    assert (code, out) == (1, "") and "disk is full" in err and err.count("\n") == 1
    assert len(handed) == 3
    assert list(out_dir.iterdir()) == []  # what was written is taken back
    with Store.open(DataPaths(Path(folder))) as store, unit_of_work(store.engine) as session:
        assert session.execute(select(GeneratedDocument)).first() is None


def test_vendors_notify_with_nothing_pending_says_so(practice, tmp_path):
    folder, _ = practice
    code, out, _ = run("vendors", "notify", "--out", str(tmp_path / "x"), "--data-dir", folder)
    assert code == 0 and "No vendor has a pending notification" in out


def test_an_unmatched_letter_left_for_weeks_is_listed_open_and_overdue(practice):
    folder, _ = practice
    earlier = (datetime.now(UTC) - timedelta(days=40)).replace(tzinfo=None).isoformat()
    run("optout", "log", "--caller", "letter, no reference", "--channel", "post",
        "--received", earlier, "--data-dir", folder)  # fmt: skip
    code, out, _ = run("optout", "list", "--open", "--data-dir", folder)
    assert code == 0 and len(out.splitlines()) == 1
    assert "unmatched" in out and "received  OVERDUE" in out


def test_an_objection_is_raised_listed_and_answered_headless(data_paths):
    with Store.open(data_paths) as store:
        ada = make_client(store, "Ada", "Lovelace")
        make_sharing(store, make_vendor(store, "CloudVault"), "backup", ("contact",))
    folder, ref = str(data_paths.home), format_reference(ada.ref)
    code, out, _ = run(
        "optout", "log", "--client", ref, "--channel", "email", "--scope", "CloudVault",
        "--json", "--data-dir", folder,
    )  # fmt: skip
    assert code == 0
    [objection] = json.loads(out)["objections"]
    assert (objection["vendor"], objection["decision"]) == ("CloudVault", None)
    [listed] = _listed(folder)
    assert listed["status"] == "objection_open" and listed["objections"] == [objection]

    code, _, err = run(
        "optout", "answer-objection", str(objection["id"]), "--decline", "--data-dir", folder
    )
    assert code == 1 and "Say why the sharing goes on" in err
    code, out, _ = run(
        "optout", "answer-objection", str(objection["id"]), "--decline",
        "--reason", "Restoring records after a fault needs them.", "--data-dir", folder,
    )  # fmt: skip
    assert code == 0 and "answered" in out
    [listed] = _listed(folder)
    assert listed["objections"][0]["decision"] == "declined"
