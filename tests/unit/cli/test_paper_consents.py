"""`privacy-desk import consents FILE`: the report with --dry-run --json, the answers
recorded, a mapping by hand, and a refusal in one sentence with nothing written."""

from __future__ import annotations

import json

import pytest

from app.domain.refcodes import format_reference
from app.persistence.store import Store
from tests.helpers.cli import run_command as run
from tests.helpers.factories import make_client, make_sharing, make_vendor


@pytest.fixture
def practice(data_paths, tmp_path):
    with Store.open(data_paths) as store:
        ada = make_client(store, "Ada", "Lovelace", email="ada@example.com")
        make_sharing(store, make_vendor(store, "MailFox"), "newsletter", ("contact",))
    listing = tmp_path / "paper-forms.csv"
    listing.write_text(
        "Kunde;Anbieter;Datum;Einwilligung;Bemerkung\n"
        f"{format_reference(ada.ref)};MailFox;14.03.2025;ja;unterschrieben im Studio\n"
        "grace@example.com;MailFox;14.03.2025;ja;\n",
        encoding="cp1252",
    )
    return data_paths, ada, listing


def test_a_dry_run_reports_and_writes_nothing_then_the_import_records_the_answers(practice):
    data_paths, ada, listing = practice
    home = str(data_paths.home)
    code, out, err = run("import", "consents", str(listing), "--dry-run", "--json",
                         "--data-dir", home)  # fmt: skip
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report == {
        "recorded": 0, "answers": 1, "clients": 1, "already_recorded": 0,
        "problems": [{"row": 3, "reason": "No client on record has this reference code or email."}],
    }  # fmt: skip
    code, out, err = run("import", "consents", str(listing), "--data-dir", home)
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "row 3" in err and "nothing was recorded" in err
    code, out, err = run("import", "consents", str(listing), "--skip-problems", "--data-dir", home)
    assert code == 0, err
    assert "Recorded 1 answer on the paper channel" in out
    code, out, _ = run("clients", "show", ada.ref, "--json", "--data-dir", home)
    [event] = json.loads(out)["history"]
    assert (event["vendor"], event["state"], event["channel"]) == ("MailFox", "given", "paper")
    assert event["occurred_at"].startswith("2025-03-14")


def test_a_column_named_by_hand_and_a_field_that_does_not_exist(practice):
    data_paths, _ada, listing = practice
    home = str(data_paths.home)
    code, _out, err = run("import", "consents", str(listing), "--dry-run", "--json",
                         "--map", "Einwilligung=ignore", "--data-dir", home)  # fmt: skip
    assert code == 1 and "Say which column holds this: Answer." in err
    code, _out, err = run("import", "consents", str(listing), "--dry-run",
                         "--map", "Bemerkung=notes", "--data-dir", home)  # fmt: skip
    assert code == 1 and err.strip() == (
        "privacy-desk: 'notes' is not a column of a consent list (see --help for the fields)."
    )
