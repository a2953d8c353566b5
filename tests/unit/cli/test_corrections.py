"""request correct ID --field NAME=VALUE: the record corrected headless, the vendors to tell
named, a bad value refused in one line with nothing saved, and the completion rule."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.enums import Channel, ConsentState
from app.persistence.store import Store
from app.services import clients, consents
from tests.helpers.cli import run_command as run
from tests.helpers.factories import ACTOR, make_client, make_sharing, make_vendor


@pytest.fixture
def practice(data_paths) -> tuple[str, str]:
    with Store.open(data_paths) as store:
        ada = make_client(store, "Ada", "Lovelace", email="ada@example.com")
        mailing = make_sharing(store, make_vendor(store, "MailFox"), "newsletter", ("contact",))
        make_sharing(store, make_vendor(store, "TrainLoop"), categories=("training",))
        consents.record_consent_answers(
            store, ada.ref, {mailing.id: ConsentState.GIVEN}, channel=Channel.VERBAL_IN_PERSON,
            occurred_at=datetime.now(UTC) - timedelta(days=3), actor=ACTOR,
        )  # fmt: skip
    home = str(data_paths.home)
    received = (datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="minutes")
    code, _, err = run(
        "request", "log", "--client", ada.ref, "--type", "correction", "--channel", "phone",
        "--received", received, "--data-dir", home,
    )  # fmt: skip
    assert (code, err) == (0, "")
    return home, ada.ref


def test_correct_is_refused_in_one_line_until_the_identity_is_checked(practice):
    home, _ref = practice
    code, out, err = run("request", "correct", "1", "--field", "email=a@b.org", "--data-dir", home)
    assert code != 0 and out == ""
    assert err.strip().count("\n") == 0 and "identity" in err


def test_correct_changes_the_field_and_names_the_one_vendor_to_tell(practice, data_paths):
    home, ref = practice
    assert run("request", "verify", "1", "--method", "Called back", "--data-dir", home)[0] == 0
    code, out, err = run(
        "request", "correct", "1", "--field", "email=ada.king@example.org", "--json",
        "--data-dir", home,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "request": 1, "client": ref, "fields": ["email"], "vendors": ["MailFox"],
    }  # fmt: skip
    with Store.open(data_paths) as store:
        assert clients.get_client(store, ref).row.email == "ada.king@example.org"
    code, out, _err = run("request", "complete", "1", "--data-dir", home)
    assert code == 0 and "completed: done" in out


def test_a_bad_value_or_an_unknown_field_saves_nothing(practice, data_paths):
    home, ref = practice
    assert run("request", "verify", "1", "--method", "Called back", "--data-dir", home)[0] == 0
    code, out, err = run("request", "correct", "1", "--field", "email=nope", "--data-dir", home)
    assert code != 0 and out == "" and err.strip().count("\n") == 0
    code, _out, err = run("request", "correct", "1", "--field", "mail=x@y.org", "--data-dir", home)
    assert code != 0 and "not a client field" in err
    code, _out, err = run("request", "correct", "1", "--field", "email", "--data-dir", home)
    assert code != 0 and "NAME=VALUE" in err
    with Store.open(data_paths) as store:
        assert clients.get_client(store, ref).row.email == "ada@example.com"
    code, _out, err = run("request", "complete", "1", "--data-dir", home)
    assert code != 0 and "Correct the record first" in err
