"""retention list [--json] and erase --client REF --retention: the contract's names, the
refusal in one line, and the erased name gone from the listings."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.enums import ClientStatus
from app.persistence.store import Store
from app.services import clients
from app.services.rows import ClientDraft
from tests.helpers.cli import run_command as run
from tests.helpers.factories import ACTOR


@pytest.fixture
def practice(data_paths) -> tuple[str, str, str]:
    """Ada stopped 400 days ago (past 12 months); Bob stopped 30 days ago."""
    now = datetime.now(UTC)
    refs = []
    with Store.open(data_paths) as store:
        for given, family, days in (("Ada", "Lovelace", 400), ("Bob", "Dylan", 30)):
            then = now - timedelta(days=days)
            row = clients.add_client(
                store,
                ClientDraft(given_name=given, family_name=family, email=f"{given}@example.com"),
                actor=ACTOR,
                now=then,
            )
            clients.set_client_status(store, row.ref, ClientStatus.FORMER, actor=ACTOR, now=then)
            refs.append(row.ref)
    return str(data_paths.home), refs[0], refs[1]


def test_retention_list_names_the_former_client_past_the_promise(practice):
    home, ada, bob = practice
    code, out, err = run("retention", "list", "--json", "--data-dir", home)
    assert (code, err) == (0, "")
    (row,) = json.loads(out)
    assert set(row) == {"client", "name", "stopped_on", "ended_on", "days_past", "categories"}
    assert row["client"] == ada and row["name"] == "Ada Lovelace"
    assert row["days_past"] > 0 and row["categories"][0]["category"] == "contact"
    code, out, _ = run("retention", "list", "--data-dir", home)
    assert code == 0 and ada in out and bob not in out


def test_erase_retention_is_refused_in_one_line_while_the_period_runs(practice):
    home, _, bob = practice
    code, out, err = run("erase", "--client", bob, "--retention", "--data-dir", home)
    assert code != 0 and out == ""
    assert err.strip().count("\n") == 0 and "has not ended" in err


def test_erase_retention_scrubs_the_client_and_the_name_leaves_the_listings(practice):
    home, ada, _ = practice
    code, out, err = run("erase", "--client", ada, "--retention", "--json", "--data-dir", home)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert (result["client"], result["request"], result["reason"]) == (ada, None, "retention")
    for command in (("clients", "list", "--json"), ("retention", "list", "--json")):
        assert "Lovelace" not in run(*command, "--data-dir", home)[1]
    assert json.loads(run("retention", "list", "--json", "--data-dir", home)[1]) == []
    code, out, _ = run("check", "--data-dir", home)
    assert code == 0


def test_erase_needs_a_request_or_retention(practice):
    home, ada, _ = practice
    with pytest.raises(SystemExit) as exited:
        run("erase", "--client", ada, "--data-dir", home)
    assert exited.value.code == 2  # argparse: one of --request --retention is required
