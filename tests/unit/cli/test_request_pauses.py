"""request pause | lift: a restriction or objection pauses sharings headless, the refusals
in one line, and `request list --json` says what is paused."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from app.domain.enums import Channel, ConsentState
from app.persistence.store import Store
from app.services import vendors
from app.services.consents import record_consent_answers
from tests.helpers.cli import run_command as run
from tests.helpers.factories import ACTOR, make_client, make_vendor


@pytest.fixture
def practice(data_paths) -> tuple[str, str, int, int]:
    """Ada reads MailJet's newsletter and trains in TrainLoop, both since yesterday."""
    yesterday = datetime.now(UTC) - timedelta(days=1)
    with Store.open(data_paths) as store:
        sharings = []
        for name, purpose in (("MailJet", "newsletter"), ("TrainLoop", "training_delivery")):
            draft = vendors.SharingDraft(
                vendor_id=make_vendor(store, name).id, purpose_key=purpose,
                category_keys=("contact",), necessity="Needed to send it.",
            )  # fmt: skip
            sharings.append(
                vendors.add_sharing(
                    store, draft, actor=ACTOR, today=yesterday.date(), now=yesterday
                )
            )
        ada = make_client(store, "Ada", "Lovelace")
        record_consent_answers(
            store, ada.ref, {sharing.id: ConsentState.GIVEN for sharing in sharings},
            channel=Channel.PAPER_IN_PERSON, occurred_at=yesterday, actor=ACTOR, now=yesterday,
        )  # fmt: skip
    return str(data_paths.home), ada.ref, sharings[0].id, sharings[0].vendor_id


def _logged_objection(home: str, ref: str) -> None:
    received = (datetime.now(UTC) - timedelta(hours=2)).isoformat(timespec="minutes")
    for step in (
        ("log", "--client", ref, "--type", "objection", "--channel", "post", "--received",
         received),
        ("verify", "1", "--method", "Signature matches the form on file"),
    ):  # fmt: skip
        code, _out, err = run("request", *step, "--data-dir", home)
        assert (code, err) == (0, ""), step


def test_an_objection_pauses_the_newsletter_and_lifts_it_headless(practice, data_paths):
    home, ref, newsletter, mailjet = practice
    _logged_objection(home, ref)
    code, out, err = run("request", "pause", "1", "--sharing", str(newsletter), "--data-dir", home)
    assert (code, err) == (0, "")
    assert out.startswith("Request 1: 1 sharing(s) paused")
    assert f"sharing {newsletter}  MailJet" in out and "paused" in out
    [listed] = json.loads(run("request", "list", "--json", "--data-dir", home)[1])
    [pause] = listed["pauses"]
    assert (pause["sharing"], pause["vendor"], pause["lifted_at"]) == (newsletter, "MailJet", None)
    with Store.open(data_paths) as store:
        assert [e.state for e in vendors.do_not_share_list(store, mailjet)] == ["paused"]
    with pytest.raises(SystemExit):  # argparse: the reason is required
        run("request", "lift", "1", "--data-dir", home)
    code, out, err = run(
        "request", "lift", "1", "--reason", "Objection weighed and declined: "
        "the newsletter is what you signed up for.", "--data-dir", home,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "pauses lifted; 0 still paused" in out
    with Store.open(data_paths) as store:
        assert vendors.do_not_share_list(store, mailjet) == []
    code, out, _ = run("request", "complete", "1", "--outcome", "done", "--data-dir", home)
    assert (code, out) == (0, "Request 1 completed: done.\n")


def test_a_bad_sharing_is_refused_in_one_line_and_nothing_is_paused(practice):
    home, ref, _newsletter, _mailjet = practice
    _logged_objection(home, ref)
    code, out, err = run("request", "pause", "1", "--sharing", "999", "--data-dir", home)
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "Sharing 999 is not one of this client's current" in err
    [listed] = json.loads(run("request", "list", "--json", "--data-dir", home)[1])
    assert listed["pauses"] == []


def test_every_current_sharing_is_paused_when_none_is_named(practice):
    home, ref, _newsletter, _mailjet = practice
    _logged_objection(home, ref)
    code, out, _err = run("request", "pause", "1", "--data-dir", home)
    assert code == 0 and out.startswith("Request 1: 2 sharing(s) paused")
    code, _out, err = run("request", "complete", "1", "--data-dir", home)
    assert code == 1 and "stay paused: say why" in err
