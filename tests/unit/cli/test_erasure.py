"""erase --client REF --request ID: the contract's names, the refusal in one line, and the
erased name gone from `clients list --json`, `clients show` and `request list`."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from app.persistence.store import Store
from tests.helpers.cli import run_command as run
from tests.helpers.factories import make_client


@pytest.fixture
def practice(data_paths) -> tuple[str, str]:
    with Store.open(data_paths) as store:
        ada = make_client(store, "Ada", "Lovelace", email="ada@example.com")
        make_client(store, "Grace", "Hopper")
    return str(data_paths.home), ada.ref


def _deletion(home: str, ref: str) -> None:
    received = (datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="minutes")
    code, _, err = run(
        "request", "log", "--client", ref, "--type", "deletion", "--channel", "phone",
        "--received", received, "--note", "Ada Lovelace rang", "--data-dir", home,
    )  # fmt: skip
    assert (code, err) == (0, "")


def test_erase_is_refused_in_one_line_until_the_identity_is_checked(practice):
    home, ref = practice
    _deletion(home, ref)
    code, out, err = run("erase", "--client", ref, "--request", "1", "--data-dir", home)
    assert code != 0 and out == ""
    assert err.strip().count("\n") == 0 and "identity" in err


def test_erase_scrubs_the_client_and_the_name_leaves_every_listing(practice):
    home, ref = practice
    _deletion(home, ref)
    assert run("request", "verify", "1", "--method", "Called back", "--data-dir", home)[0] == 0
    code, out, err = run("erase", "--client", ref, "--request", "1", "--json", "--data-dir", home)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["client"] == ref and "given_name" in result["fields"]
    assert [kept["record"] for kept in result["kept"]] == ["request", "suppression"]
    outputs = [
        run("clients", "list", "--json", "--data-dir", home)[1],
        run("clients", "show", ref, "--data-dir", home)[1],
        run("request", "list", "--json", "--data-dir", home)[1],
        run("optout", "list", "--data-dir", home)[1],
    ]
    for text in outputs:
        assert "Lovelace" not in text and "ada@example.com" not in text
    listed = {row["ref"].replace("-", ""): row for row in json.loads(outputs[0])}
    assert listed[ref]["name"] == "—" and "Grace" in outputs[0]  # the code stays
    code, out, _ = run("check", "--data-dir", home)
    assert code == 0, out
