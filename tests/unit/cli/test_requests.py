"""request log | list | verify | acknowledge | extend | complete, and requests in `due`: the
contract's names and JSON keys, exit codes, one-line refusals."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from app.domain.refcodes import format_reference
from app.persistence.store import Store
from app.services import practice as practice_service
from tests.helpers.cli import run_command as run
from tests.helpers.factories import ACTOR, make_client

LIST_KEYS = {"id", "client", "type", "channel", "received_at", "due", "status", "extended_until"}
EMAILS = Path(__file__).parents[1] / "domain" / "emails"


@pytest.fixture
def practice(data_paths) -> tuple[str, str]:
    """A GDPR practice that promises 90 days, with Ada on its books."""
    with Store.open(data_paths) as store:
        practice_service.update_practice(
            store, {"jurisdictions": ("gdpr",), "promise_request_days": 90}, actor=ACTOR
        )
        ada = make_client(store, "Ada", "Lovelace", email="lina_88@163.com")
    return str(data_paths.home), ada.ref


def test_a_phone_access_request_goes_from_log_to_completed_headless(practice):
    home, ref = practice
    received = (datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="minutes")
    code, out, err = run(
        "request", "log", "--client", ref, "--type", "access", "--channel", "phone",
        "--received", received, "--note", "wants a copy", "--data-dir", home,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith(f"Request 1 (access) logged ({format_reference(ref)})")
    assert format_reference(ref) in run("request", "list", "--data-dir", home)[1]
    code, out, _ = run("request", "list", "--open", "--json", "--data-dir", home)
    [listed] = json.loads(out)
    assert code == 0 and set(listed) >= LIST_KEYS
    assert (listed["client"], listed["type"], listed["channel"]) == (ref, "access", "phone")
    assert (listed["status"], listed["extended_until"]) == ("received", None)
    first_due = listed["due"]
    steps = [
        ("verify", "1", "--method", "Called back on the number on file"),
        ("acknowledge", "1"),
        ("extend", "1", "--reason", "Records in two archives"),
    ]
    for step in steps:
        code, out, err = run("request", *step, "--data-dir", home)
        assert (code, err) == (0, ""), step
    [listed] = json.loads(run("request", "list", "--json", "--data-dir", home)[1])
    assert listed["status"] == "extended" and listed["extended_until"] == listed["due"]
    assert listed["due"] > first_due
    code, out, _ = run("request", "complete", "1", "--outcome", "done", "--data-dir", home)
    assert (code, out) == (0, "Request 1 completed: done.\n")
    assert json.loads(run("request", "list", "--open", "--json", "--data-dir", home)[1]) == []


def test_due_json_includes_open_requests(practice):
    home, _ref = practice
    run("request", "log", "--caller", "Bo, 0123", "--type", "deletion", "--channel", "post",
        "--data-dir", home)  # fmt: skip
    items = json.loads(run("due", "--json", "--data-dir", home)[1])
    assert [item["kind"] for item in items] == ["request"]
    assert "Bo, 0123" in items[0]["subject"]


def test_a_refusal_is_one_line_and_nothing_is_saved(practice):
    home, ref = practice
    code, out, err = run(
        "request", "log", "--client", ref, "--type", "access", "--channel", "phone",
        "--received", "2999-01-01T10:00", "--data-dir", home,
    )  # fmt: skip
    assert (code, out) == (1, "")
    assert err == "privacy-desk: The request cannot be received in the future.\n"
    code, _out, err = run("request", "log", "--client", ref, "--channel", "phone",
                          "--data-dir", home)  # fmt: skip
    assert code == 1 and "Give --type" in err
    code, _out, err = run("request", "complete", "1", "--data-dir", home)
    assert (code, err) == (1, "privacy-desk: There is no request 1.\n")
    run("request", "log", "--client", ref, "--type", "access", "--channel", "phone",
        "--data-dir", home)  # fmt: skip
    code, _out, err = run("request", "complete", "1", "--outcome", "refused", "--data-dir", home)
    assert code == 1 and err.count("\n") == 1 and "reason" in err
    assert json.loads(run("request", "list", "--json", "--data-dir", home)[1])[0]["status"] == (
        "received"
    )


def test_an_emailed_deletion_is_read_matched_and_kept_as_evidence(practice, tmp_path):
    home, ref = practice
    email = tmp_path / "deletion.eml"
    # Dated yesterday: a request received more than two years ago is refused as a typo, and
    # the sample's own date (9 Nov 2025) would make this test fail from November 2027.
    yesterday = format_datetime(datetime.now(UTC) - timedelta(days=1)).encode()
    sample = (EMAILS / "netease_gbk_html_only_deletion.eml").read_bytes()
    email.write_bytes(sample.replace(b"Sun, 9 Nov 2025 09:05:31 +0800 (CST)", yesterday, 1))
    assert yesterday in email.read_bytes()
    code, out, err = run("request", "log", "--email", str(email), "--json", "--data-dir", home)
    assert (code, err) == (0, "")
    logged = json.loads(out)
    assert (logged["type"], logged["channel"], logged["client"]) == ("deletion", "email", ref)
    code, out, err = run("optout", "log", "--email", str(email), "--data-dir", home)
    assert code == 1 and "request log --email" in err
