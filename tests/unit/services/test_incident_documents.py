"""An incident's documents from the records: the report to the authority (no client in it), the
letter to each affected client in their language, and each recorded only once its file is
written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.domain.enums import Channel, ConsentState
from app.domain.errors import ValidationError
from app.domain.incidents import IncidentKind, Risk
from app.domain.refcodes import format_reference
from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.services import documents, incidents, practice
from app.services.consents import record_consent_answers
from app.services.document_kinds import INCIDENT_LETTER, INCIDENT_REPORT
from app.services.documents import BatchCancelled
from app.services.errors import NotFound
from app.services.incidents import IncidentDraft
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.unit.documents import pdfcheck

AWARE = NOW - timedelta(hours=2)


def a_breach_at_trainloop(store, *, summary="TrainLoop emailed: a database was copied"):
    """Three clients whose health data went to TrainLoop with their consent, one in Chinese
    and one whose name is written right to left; TrainLoop reports a breach."""
    vendor = make_vendor(store, "TrainLoop")
    sharing = make_sharing(store, vendor, categories=("health", "contact"))
    people = [
        make_client(store, "Zoë", "Ångström", email="zoe@example.org"),
        make_client(store, "伟", "王", language="zh", country_code="CN", email="wei@example.cn"),
        make_client(store, "مريم", "حداد", email="maryam@example.org"),
    ]
    for client in people:
        record_consent_answers(
            store,
            client.ref,
            {sharing.id: ConsentState.GIVEN},
            channel=Channel.EMAIL,
            occurred_at=NOW - timedelta(days=3),
            actor=ACTOR,
            now=NOW - timedelta(days=3),
        )
    row = incidents.log_incident(
        store,
        IncidentDraft(
            summary=summary,
            kind=IncidentKind.VENDOR_BREACH,
            vendor_id=vendor.id,
            aware_at=AWARE,
            happened_at=AWARE - timedelta(days=1),
            records_count=40,
            consequences="Someone could learn of an injury.",
            measures_taken="We asked TrainLoop to reset every account.",
            measures_proposed="We will review TrainLoop's security.",
            encrypted="no",
        ),
        actor=ACTOR,
        now=NOW,
    )
    return row, people


def _records(store) -> list[tuple[str, int | None, str]]:
    with unit_of_work(store.engine) as session:
        rows = session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id))
        return [(r.kind, r.client_id, r.file_name) for r in rows]


def test_the_report_answers_every_item_and_names_no_client(store, tmp_path):
    practice.update_practice(store, {"jurisdictions": ("gdpr", "pipl")}, actor=ACTOR, now=NOW)
    row, people = a_breach_at_trainloop(store)
    target = tmp_path / "report.pdf"
    [made] = documents.render_about(store, INCIDENT_REPORT, row.id, now=NOW, save_to=target)
    text = pdfcheck.text_of(target.read_bytes())
    for words in (
        "Nature of the breach",
        "Health and fitness assessments",
        "Approximate number of people concerned: 3",
        "Approximate number of records concerned: 40",
        "Someone could learn of an injury.",
        "We asked TrainLoop to reset every account.",
        "We will review TrainLoop's security.",
        "What the people can do",
        "Contact point",
        "Was the data encrypted? No",
        "GDPR Art. 33(3)(a)",
        "PIPL Art. 57(2)",
        "immediately",
    ):
        assert words in text, words
    for client in people:
        for identifier in (client.name, *client.name.split(), client.email, client.ref,
                           client.ref.replace("-", "")):  # fmt: skip
            assert identifier not in text, identifier
    assert made.client_refs == ()
    assert _records(store) == [("incident_report", None, f"incident-report-{row.id}-en.pdf")]


def test_a_client_named_in_what_the_practice_typed_is_kept_out_of_the_report(store):
    row, people = a_breach_at_trainloop(store)
    zoe = people[0]
    with unit_of_work(store.engine) as session:
        from app.persistence.models import Incident

        incident = session.get(Incident, row.id)
        incident.summary = f"Zoë Ångström's file ({zoe.ref}, ZOE@example.org) was emailed out"
    [made] = documents.render_about(store, INCIDENT_REPORT, row.id, now=NOW)
    text = pdfcheck.text_of(made.data)
    assert "[…]'s file ([…], […]) was emailed out" in text
    assert "Zoë" not in text and zoe.ref not in text


def test_a_late_report_asks_for_the_reasons_of_the_delay(store):
    practice.update_practice(store, {"jurisdictions": ("gdpr",)}, actor=ACTOR, now=NOW)
    row, _people = a_breach_at_trainloop(store)
    later = NOW + timedelta(hours=80)
    [made] = documents.render_about(store, INCIDENT_REPORT, row.id, now=later)
    text = pdfcheck.text_of(made.data)
    assert "Reasons for the delay: Not recorded yet." in text
    [on_time] = documents.render_about(store, INCIDENT_REPORT, row.id, now=NOW)
    assert "Reasons for the delay" not in pdfcheck.text_of(on_time.data)


def test_a_preview_is_not_recorded(store):
    row, _people = a_breach_at_trainloop(store)
    documents.render_about(store, INCIDENT_REPORT, row.id, now=NOW)
    documents.render_about(store, INCIDENT_LETTER, row.id, now=NOW, one_file_each=True)
    assert _records(store) == []


def test_one_letter_per_affected_client_in_their_language_in_one_file(store, tmp_path):
    row, people = a_breach_at_trainloop(store)
    target = tmp_path / "letters.pdf"
    [batch] = documents.render_about(store, INCIDENT_LETTER, row.id, now=NOW, save_to=target)
    pages = pdfcheck.page_texts(target.read_bytes())
    assert batch.pages == len(pages) >= 3
    assert batch.file_name == f"incident-letter-{row.id}-all-en.pdf"
    assert sorted(batch.client_refs) == sorted(format_reference(c.ref) for c in people)
    text = " ".join(pages)
    assert "Dear Zoë Ångström," in text
    assert "王伟" in text and "您" in text  # the Chinese client's letter is in Chinese
    assert "TrainLoop emailed: a database was copied" in text
    records = _records(store)
    assert sorted(client_id for _kind, client_id, _name in records) == sorted(
        client.id for client in people
    )
    assert {name for *_rest, name in records} == {batch.file_name}


def test_one_file_per_client_into_a_folder(store, tmp_path):
    row, people = a_breach_at_trainloop(store)
    folder = tmp_path / "letters"
    folder.mkdir()
    made = documents.render_about(
        store, INCIDENT_LETTER, row.id, now=NOW, one_file_each=True, save_to=folder
    )
    assert len(made) == 3
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(letter.file_name for letter in made)
    chinese = next(letter for letter in made if letter.file_name.endswith("-zh.pdf"))
    assert format_reference(people[1].ref) in chinese.file_name
    assert len(_records(store)) == 3


def test_an_incident_with_no_client_has_no_letters_and_an_unknown_one_no_documents(store):
    vendor = make_vendor(store, "TrainLoop")
    row = incidents.log_incident(
        store,
        IncidentDraft(summary="A laptop was lost", aware_at=AWARE, vendor_id=vendor.id),
        actor=ACTOR,
        now=NOW,
    )
    with pytest.raises(ValidationError, match="affects no client"):
        documents.render_about(store, INCIDENT_LETTER, row.id, now=NOW)
    with pytest.raises(NotFound):
        documents.render_about(store, INCIDENT_REPORT, row.id + 1, now=NOW)
    [report] = documents.render_about(store, INCIDENT_REPORT, row.id, now=NOW)
    assert "Approximate number of people concerned: 0" in pdfcheck.text_of(report.data)


def test_a_cancelled_batch_writes_and_records_nothing(store, tmp_path):
    row, _people = a_breach_at_trainloop(store)
    folder = tmp_path / "letters"
    folder.mkdir()
    with pytest.raises(BatchCancelled):
        documents.render_about(
            store, INCIDENT_LETTER, row.id, now=NOW, one_file_each=True,
            cancelled=lambda: True, save_to=folder,
        )  # fmt: skip
    assert list(folder.iterdir()) == [] and _records(store) == []


def test_the_report_follows_the_assessment_and_the_notice_sent(store):
    practice.update_practice(store, {"jurisdictions": ("gdpr",)}, actor=ACTOR, now=NOW)
    row, _people = a_breach_at_trainloop(store)
    incidents.assess_incident(
        store, row.id, risk=Risk.HIGH, reasons="Health data, not encrypted.", actor=ACTOR, now=NOW
    )
    incidents.record_authority(store, row.id, notify=True, notified_at=NOW, actor=ACTOR, now=NOW)
    [made] = documents.render_about(store, INCIDENT_REPORT, row.id, now=NOW)
    text = pdfcheck.text_of(made.data)
    assert "a high risk to the people" in text and "Health data, not encrypted." in text
    assert "Reported to you: 20 November 2026, 10:00 (UTC+00:00)" in text
