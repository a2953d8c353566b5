"""incident log | list and the incidents in `due`: exit codes, one-line reasons, JSON shapes."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.enums import Channel, ConsentState
from app.persistence.store import Store
from app.services.consents import record_consent_answers
from tests.helpers.cli import run_command as run
from tests.helpers.factories import ACTOR, make_client, make_sharing, make_vendor

LIST_KEYS = {"id", "aware_at", "authority_due_at", "status", "affected"}


@pytest.fixture
def practice(data_paths) -> str:
    """TrainLoop received Ada's data with her consent."""
    with Store.open(data_paths) as store:
        ada = make_client(store, "Ada", "Lovelace")
        training = make_sharing(store, make_vendor(store, "TrainLoop"))
        record_consent_answers(
            store,
            ada.ref,
            {training.id: ConsentState.GIVEN},
            channel=Channel.PAPER_IN_PERSON,
            occurred_at=datetime.now(UTC) - timedelta(days=1),
            actor=ACTOR,
        )
    return str(data_paths.home)


def _ago(hours: float) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat(timespec="minutes")


def test_a_vendors_breach_logged_headless_is_listed_with_its_clock(practice):
    aware = _ago(2)
    code, out, err = run(
        "incident", "log", "--aware", aware, "--summary", "TrainLoop was breached",
        "--vendor", "trainloop", "--encrypted", "no", "--data-dir", practice,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("Incident 1 logged; 1 clients affected; tell the authority by ")
    code, out, _ = run("incident", "list", "--open", "--json", "--data-dir", practice)
    [listed] = json.loads(out)
    assert code == 0 and set(listed) >= LIST_KEYS
    assert (listed["id"], listed["status"], listed["affected"]) == (1, "open", 1)
    aware_at = datetime.fromisoformat(listed["aware_at"])
    assert datetime.fromisoformat(listed["authority_due_at"]) - aware_at == timedelta(hours=72)


def test_due_json_lists_the_open_incident_first_with_its_deadline_moment(practice):
    run("incident", "log", "--aware", _ago(1), "--summary", "Laptop lost", "--data-dir", practice)
    code, out, _ = run("due", "--json", "--data-dir", practice)
    items = json.loads(out)
    assert code == 0 and items[0]["kind"] == "incident"
    due_at = datetime.fromisoformat(items[0]["due_at"])
    # The deadline's day is the practice's (a GB practice: London's clocks).
    assert items[0]["due"] == due_at.astimezone(ZoneInfo("Europe/London")).date().isoformat()
    assert due_at.tzinfo is not None and not items[0]["overdue"]
    assert all("due_at" in item for item in items)


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (("--aware", "in an hour"), "is not a date and time"),
        (("--vendor", "Nobody"), "No vendor called 'Nobody' is on the register."),
        (("--summary", " "), "Say in a few words what happened."),
        (("--happened", "now"), "is not a date and time"),
    ],
)
def test_bad_input_is_one_sentence_exit_1_and_nothing_saved(practice, arguments, reason):
    given = {"--aware": _ago(1), "--summary": "Laptop lost"}
    given.update(dict(zip(arguments[::2], arguments[1::2], strict=True)))
    flat = [part for pair in given.items() for part in pair]
    code, out, err = run("incident", "log", *flat, "--data-dir", practice)
    assert (code, out) == (1, "")
    assert reason in err and err.count("\n") == 1
    assert json.loads(run("incident", "list", "--json", "--data-dir", practice)[1]) == []


def test_awareness_in_the_future_or_before_it_happened_is_refused(practice):
    future = (datetime.now(UTC) + timedelta(hours=3)).isoformat(timespec="minutes")
    code, _, err = run(
        "incident", "log", "--aware", future, "--summary", "x", "--data-dir", practice
    )
    assert code == 1 and "cannot become aware of an incident in the future" in err
    code, _, err = run(
        "incident", "log", "--aware", _ago(5), "--happened", _ago(1), "--summary", "x",
        "--data-dir", practice,
    )  # fmt: skip
    assert code == 1 and "cannot happen after the practice became aware" in err
    assert json.loads(run("incident", "list", "--json", "--data-dir", practice)[1]) == []
