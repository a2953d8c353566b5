"""A coach who collected consent forms on paper before using the app brings them in from a
list: every answer checked first, then all of them recorded on the paper channel in one
transaction with the list kept as their evidence, or none."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text

from app.domain.contact_files import FileFormat, read_contacts
from app.domain.enums import Channel, ConsentState
from app.domain.paper_consents import guess_columns
from app.domain.refcodes import format_reference
from app.persistence.database import unit_of_work
from app.persistence.models import ConsentEvent
from app.services import integrity, paper_consents
from app.services.consents import record_consent_answers
from app.services.errors import InvalidInput
from app.services.importing import ImportRefused
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor


def _list(lines: list[str]):
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return data, read_contacts(data, FileFormat.CSV)


def _events(store) -> list[ConsentEvent]:
    with unit_of_work(store.reader) as session:
        return list(session.scalars(select(ConsentEvent).order_by(ConsentEvent.id)))


@pytest.fixture
def practice(store):
    ada = make_client(store, "Ada", "Lovelace", email="ada@example.com")
    bo = make_client(store, "Bo", "Chen", email="bo@example.com")
    trainloop = make_vendor(store, "TrainLoop")
    coaching = make_sharing(store, trainloop, "training_delivery", ("contact", "health"))
    mailfox = make_vendor(store, "MailFox")
    newsletter = make_sharing(store, mailfox, "newsletter", ("contact",))
    return ada, bo, coaching, newsletter


def test_a_paper_list_is_recorded_on_the_paper_channel_with_the_list_as_evidence(store, practice):
    ada, bo, coaching, newsletter = practice
    data, table = _list(
        [
            "Client,Vendor,Date signed,Consent",
            f"{format_reference(ada.ref)},TrainLoop,2025-03-14,yes",
            "bo@example.com,MailFox,14.03.2025,nein",
            "BO@example.com,trainloop,2025-03-15,Ja",
        ]
    )
    result = paper_consents.record_paper_consents(
        store, table, guess_columns(table.columns), data, ".csv", actor=ACTOR, now=NOW
    )
    assert (result.recorded, result.clients) == (3, 2)
    events = _events(store)
    assert [(e.client_id, e.sharing_id, e.state) for e in events] == [
        (ada.id, coaching.id, "given"),
        (bo.id, newsletter.id, "refused"),
        (bo.id, coaching.id, "given"),
    ]
    assert {e.channel for e in events} == {Channel.PAPER_IN_PERSON.value}
    assert events[0].occurred_at.date().isoformat() == "2025-03-14"
    assert events[1].evidence_note == "Paper consent form, from an imported list (row 3)"
    assert len({e.evidence_sha256 for e in events}) == 1
    assert (store.paths.evidence / events[0].evidence_file).read_bytes() == data
    assert integrity.check(store).ok


def test_the_report_names_every_row_with_a_problem_and_nothing_is_written(store, practice):
    ada, _bo, _coaching, _newsletter = practice
    code = format_reference(ada.ref)
    wrong_code = code[:-1] + ("A" if code[-1] != "A" else "B")
    data, table = _list(
        [
            "Client,Vendor,Purpose,Date,Answer",
            f"{code},TrainLoop,,2025-03-14,yes",  # row 2: fine
            "Ada Lovelace,TrainLoop,,2025-03-14,yes",  # a name is not matched
            "nobody@example.com,TrainLoop,,2025-03-14,yes",
            f"{wrong_code},TrainLoop,,2025-03-14,yes",
            f"{code},FitBook,,2025-03-14,yes",  # no such vendor
            f"{code},MailFox,,March,yes",
            f"{code},MailFox,,{(NOW + timedelta(days=3)).date()},yes",
            f"{code},MailFox,,2025-03-14,perhaps",
            f"{code},TrainLoop,,2025-04-01,no",  # this client and vendor again
            f"{code},MailFox,Payments,2025-03-14,yes",
        ]
    )
    mapping = guess_columns(table.columns)
    report = paper_consents.check_paper_consents(store, table, mapping, now=NOW)
    assert [a.row for a in report.answers] == [2]
    reasons = {problem.row: problem.text() for problem in report.problems}
    assert reasons == {
        3: "Give the client's reference code or email, not their name.",
        4: "No client on record has this reference code or email.",
        5: f"Reference code {wrong_code} is not valid: a character is probably mistyped.",
        6: "No vendor on record is called FitBook.",
        7: "Write the date the form was signed, as in 2026-03-14.",
        8: "The date signed is in the future.",
        9: "Write yes or no as the answer.",
        10: "Row 2 already answers for this client and vendor.",
        11: "MailFox receives no data for Payments; its purposes: Newsletter and offers.",
    }
    with pytest.raises(ImportRefused, match=r"9 rows have problems \(the first is row 3\)"):
        paper_consents.record_paper_consents(
            store, table, mapping, data, ".csv", actor=ACTOR, now=NOW
        )
    assert _events(store) == []
    left_out = paper_consents.record_paper_consents(
        store, table, mapping, data, ".csv", actor=ACTOR, now=NOW, skip_problems=True
    )
    assert left_out.recorded == 1 and len(_events(store)) == 1


def test_a_vendor_with_several_purposes_needs_the_purpose_named(store, practice):
    _ada, _bo, coaching, _newsletter = practice
    trainloop = SimpleNamespace(id=coaching.vendor_id)
    trainloop_news = make_sharing(store, trainloop, "newsletter", ("contact",))
    _data, table = _list(
        [
            "Email,Vendor,Purpose,Date,Answer",
            "ada@example.com,TrainLoop,,2025-03-14,yes",
            "ada@example.com,TrainLoop,newsletter and offers,2025-03-14,yes",
        ]
    )
    report = paper_consents.check_paper_consents(
        store, table, guess_columns(table.columns), now=NOW
    )
    assert [p.text() for p in report.problems] == [
        "TrainLoop receives data for several purposes (Delivering your training programme, "
        "Newsletter and offers): name the purpose."
    ]
    assert [a.sharing_id for a in report.answers] == [trainloop_news.id]
    assert coaching.id != trainloop_news.id


def test_a_no_after_a_consent_on_record_is_an_opt_out_not_a_paper_answer(store, practice):
    ada, _bo, coaching, _newsletter = practice
    record_consent_answers(
        store,
        ada.ref,
        {coaching.id: ConsentState.GIVEN},
        channel=Channel.VERBAL_IN_PERSON,
        occurred_at=NOW - timedelta(days=30),
        actor=ACTOR,
        now=NOW - timedelta(days=30),
    )
    older = (NOW - timedelta(days=300)).date()
    _data, table = _list(
        [
            "Email,Vendor,Date,Answer",
            f"ada@example.com,TrainLoop,{NOW.date()},no",
            f"ada@example.com,TrainLoop,{older},no",
        ]
    )
    report = paper_consents.check_paper_consents(
        store, table, guess_columns(table.columns), now=NOW
    )
    assert [p.row for p in report.problems] == [2]
    assert "log an opt-out instead" in report.problems[0].text()
    assert [a.row for a in report.answers] == [3]  # a refusal before the consent changes nothing


def test_a_list_without_a_vendor_column_says_which_column_is_missing(store, practice):
    _data, table = _list(["Email,Date,Answer", "ada@example.com,2025-03-14,yes"])
    with pytest.raises(InvalidInput, match=r"Say which column holds this: Vendor\."):
        paper_consents.check_paper_consents(store, table, guess_columns(table.columns), now=NOW)


def test_a_failure_while_writing_leaves_no_answer_recorded(store, practice, monkeypatch):
    data, table = _list(
        [
            "Email,Vendor,Date,Answer",
            "ada@example.com,TrainLoop,2025-03-14,yes",
            "bo@example.com,TrainLoop,2025-03-14,yes",
        ]
    )

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(paper_consents.ledgers, "append_audit", broken)
    with pytest.raises(RuntimeError):
        paper_consents.record_paper_consents(
            store, table, guess_columns(table.columns), data, ".csv", actor=ACTOR, now=NOW
        )
    assert _events(store) == []
    with unit_of_work(store.reader) as session:
        assert (
            session.execute(
                text("select count(*) from audit_log where action = 'import_consents'")
            ).scalar()
            == 0
        )


def test_a_list_imported_twice_adds_nothing_the_second_time(store, practice):
    data, table = _list(["Email,Vendor,Date,Answer", "ada@example.com,TrainLoop,2025-03-14,yes"])
    mapping = guess_columns(table.columns)
    paper_consents.record_paper_consents(store, table, mapping, data, ".csv", actor=ACTOR, now=NOW)
    again = paper_consents.check_paper_consents(store, table, mapping, now=NOW)
    assert (again.answers, again.problems, again.already) == ((), (), (2,))
    with pytest.raises(ImportRefused, match="no answer to record"):
        paper_consents.record_paper_consents(
            store, table, mapping, data, ".csv", actor=ACTOR, now=NOW
        )
    assert len(_events(store)) == 1
