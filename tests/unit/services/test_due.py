"""What is due: every feature's source in one list, each line saying what it is and opens."""

from __future__ import annotations

from datetime import date, timedelta

from app.domain.enums import Channel, ConsentState
from app.services import due, optouts, places, vendors
from app.services.consents import record_consent_answers
from app.services.rows import DueItem, Opens
from tests.helpers.factories import ACTOR, NOW, TODAY, make_client, make_sharing, make_vendor


def phoned_opt_out(store):
    # Every clause on file: a contract that lacks one puts a line of its own on Today.
    vendor = make_vendor(store, "TrainLoop", clauses=vendors.CLAUSE_KEYS)
    sharing = make_sharing(store, vendor, categories=("health",))
    client = make_client(store, "Ada", "Lovelace")
    record_consent_answers(
        store,
        client.ref,
        {sharing.id: ConsentState.GIVEN},
        channel=Channel.EMAIL,
        occurred_at=NOW - timedelta(days=9),
        actor=ACTOR,
        now=NOW - timedelta(days=9),
    )
    return optouts.log_optout(
        store,
        client_ref=client.ref,
        channel=Channel.PHONE,
        scope="all",
        received_at=NOW - timedelta(hours=2),
        actor=ACTOR,
        now=NOW,
    )


def test_the_opt_out_lines_carry_their_label_and_what_they_open(store):
    result = phoned_opt_out(store)
    items = {item.kind: item for item in due.due_items(store, TODAY)}
    assert set(items) == {"vendor_notification", "optout_request"}
    tell, request = items["vendor_notification"], items["optout_request"]
    assert (tell.label, tell.opens) == ("Tell vendor", Opens(places.VENDORS_TO_TELL))
    assert request.label == "Opt-out request open"
    assert request.opens == Opens(places.OPTOUT_REQUEST, result.request_id)
    # The same lines, and in the same order, as the opt-out feature gives them.
    plain = optouts.due_items(store, TODAY)
    assert [(i.kind, i.subject, i.due) for i in due.due_items(store, TODAY)] == [
        (i.kind, i.subject, i.due) for i in plain
    ]


def test_the_labels_are_in_the_language_asked_for(store):
    phoned_opt_out(store)
    labels = {item.kind: item.label for item in due.due_items(store, TODAY, language="zh")}
    assert labels["vendor_notification"] != "Tell vendor"  # the Chinese catalogue's words
    assert all(labels.values())


def test_a_new_kind_needs_only_its_source_and_is_sorted_in_among_the_rest(store):
    phoned_opt_out(store)

    def breaches(_store, today: date, _language: str) -> list[DueItem]:
        return [
            DueItem(
                kind="breach_report",
                subject="Report the TrainLoop breach to the authority",
                due=today - timedelta(days=1),
                overdue=True,
                target_id=7,
                label="Breach to report",
                opens=Opens("incident", 7),
            )
        ]

    items = due.due_items(store, TODAY, sources=(*due.SOURCES, breaches))
    assert items[0].kind == "breach_report"  # the soonest due first, whatever its source
    assert {item.kind for item in items} == {
        "breach_report",
        "vendor_notification",
        "optout_request",
    }


def test_a_vendor_whose_contract_lacks_a_required_clause_is_on_the_list(store):
    vendor = make_vendor(store, "Postbird", clauses=("responsibility", "optout_handling"))
    make_vendor(store, "TrainLoop", clauses=vendors.CLAUSE_KEYS)
    [line] = due.due_items(store, TODAY)
    assert (line.kind, line.due, line.overdue) == ("vendor_compliance", TODAY, False)
    assert line.subject == (
        "Postbird: contract lacks the breach-notice clause; contract lacks the deletion clause"
    )
    assert (line.label, line.opens) == (
        "Vendor contract incomplete",
        Opens(places.VENDOR, vendor.id),
    )
    [chinese] = due.due_items(store, TODAY, language="zh")
    assert chinese.subject == "Postbird：合同缺少泄露通知条款; 合同缺少终止后删除条款"
