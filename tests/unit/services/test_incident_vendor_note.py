"""The note to the vendor of a breach (issue 14): it asks what the authority's form needs that
only the vendor knows, by the report's deadline, names no client, and is recorded only once
written; an incident with no vendor has no one to ask."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.domain.errors import ValidationError
from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.services import documents, incidents, practice, vendors
from app.services.document_kinds import INCIDENT_VENDOR_NOTE
from app.services.incidents import IncidentDraft
from tests.helpers.factories import ACTOR, NOW
from tests.unit.documents import pdfcheck
from tests.unit.services.test_incident_documents import AWARE, a_breach_at_trainloop


def with_address(store, vendor_id: int) -> None:
    vendors.edit_vendor(
        store, vendor_id,
        vendors.VendorDraft(name="TrainLoop", legal_name="TrainLoop Ltd",
                            storage_countries=("GB",), privacy_email="privacy@trainloop.example",
                            postal_address="Privacy Team\n1 High Street\nLondon EC1A 1AA"),
        actor=ACTOR, now=NOW,
    )  # fmt: skip


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_note_asks_the_vendor_each_item_of_the_form_and_names_no_client(store, tmp_path, paper):
    practice.update_practice(store, {"paper_size": paper}, actor=ACTOR, now=NOW)
    row, people = a_breach_at_trainloop(store)
    with_address(store, row.vendor_id)
    target = tmp_path / "note.pdf"
    [made] = documents.render_about(store, INCIDENT_VENDOR_NOTE, row.id, now=NOW,
                                    save_to=target)  # fmt: skip
    text = pdfcheck.text_of(target.read_bytes())
    assert "Dear TrainLoop Ltd," in text and "Privacy Team" in text
    for asked in ("What happened, and its cause", "When it happened, when you discovered it",
                  "Which categories of our data", "Approximately how many of our clients",
                  "likely consequences", "The measures you have taken",
                  "Whom we and the authority can contact"):  # fmt: skip
        assert asked in text, asked
    assert "What the people concerned can do" not in text  # GDPR alone does not ask it
    assert "Our report is due by" in text  # the 72 hours' end
    for client in people:
        assert client.name not in text and client.email not in text
    assert all(pdfcheck.fonts(made.data).values())
    assert pdfcheck.reader(made.data).metadata.title == "Your breach: what we need for our report"
    with unit_of_work(store.reader) as session:
        [record] = session.scalars(select(GeneratedDocument)).all()
    assert (record.kind, record.vendor_id, record.client_id) == (
        "incident_vendor_note",
        row.vendor_id,
        None,
    )


def test_in_chinese_under_pipl_it_asks_what_people_can_do_too(store):
    practice.update_practice(
        store, {"jurisdictions": ("gdpr", "pipl"), "default_language": "zh"}, actor=ACTOR, now=NOW
    )
    row, _people = a_breach_at_trainloop(store)
    [made] = documents.render_about(store, INCIDENT_VENDOR_NOTE, row.id, now=NOW)
    text = pdfcheck.text_of(made.data)
    assert "贵方的数据泄露" in text and "相关人员自己可以采取哪些措施" in text
    assert all(pdfcheck.fonts(made.data).values())


def test_an_incident_with_no_vendor_has_no_one_to_ask(store):
    row = incidents.log_incident(
        store, IncidentDraft(summary="A laptop was stolen", aware_at=AWARE), actor=ACTOR,
        now=NOW + timedelta(minutes=1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        documents.render_about(store, INCIDENT_VENDOR_NOTE, row.id, now=NOW)
    assert str(refused.value) == f"Incident {row.id} names no vendor: there is nobody to ask."
