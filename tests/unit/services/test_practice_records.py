"""The practice's own records from the register (issue 14): the record of processing (GDPR Art.
30(1), PIPL Art. 56) with each vendor's compliance flags, and the incident response plan."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.documents.notice_retention import RECORDS_RETENTION, retention_of
from app.domain.errors import ValidationError
from app.domain.incidents import STEP_LABELS, Step, breach_clock
from app.i18n import translator
from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.services import practice, vendors
from app.services.document_kinds import INCIDENT_PLAN, RECORD_OF_PROCESSING
from app.services.practice_documents import Format, format_of, make_practice_document, record_data
from app.services.reviews import CHECKLIST, ChecklistAnswer, record_review
from tests.helpers.factories import ACTOR, NOW, TODAY, make_sharing, make_vendor

ALL_CLAUSES = ("responsibility", "optout_handling", "breach_notice", "deletion_at_end")


def a_register(store):
    """TrainLoop (health data, every clause, reviewed), Postbird in Germany without the
    breach-notice clause, and Vaultwise in the US whose review is overdue."""
    practice.update_practice(store, {"name": "Riverside Strength"}, actor=ACTOR)
    trainloop = make_vendor(store, "TrainLoop", clauses=ALL_CLAUSES,
                            transfer_safeguard="Standard contractual clauses (2021)",
                            privacy_email="privacy@trainloop.example",
                            postal_address="TrainLoop Ltd\n1 High Street\nLondon")  # fmt: skip
    make_sharing(store, trainloop, categories=("contact", "health"))
    record_review(
        store, trainloop.id, reviewed_on=TODAY, reviewer=ACTOR,
        answers=tuple(ChecklistAnswer(key, True) for key, _ in CHECKLIST),
        outcome="satisfactory", next_due_on=TODAY + timedelta(days=365), today=TODAY, now=NOW,
    )  # fmt: skip
    postbird = make_vendor(store, "Postbird", countries=("DE",),
                           clauses=("responsibility", "deletion_at_end"))  # fmt: skip
    make_sharing(store, postbird, "newsletter", categories=("contact", "marketing"))
    vaultwise = make_vendor(store, "Vaultwise", countries=("US",), clauses=ALL_CLAUSES,
                            contract_signed_on=date(2024, 1, 10))  # fmt: skip
    make_sharing(store, vaultwise, "backup", categories=("contact", "payment"))
    return trainloop, postbird, vaultwise


def test_the_record_lists_each_purpose_with_its_persons_data_recipients_and_erasure(store):
    a_register(store)
    data = record_data(store, RECORD_OF_PROCESSING, now=NOW)
    assert data.lang == "en"
    assert data.citations == ("UK GDPR Art. 30(1)",)
    purposes = {activity.purpose: activity for activity in data.activities}
    training = next(a for a in data.activities if "TrainLoop" in a.recipients)
    assert [c.key for c in training.categories] == ["contact", "health"]
    assert training.legal_basis and training.persons
    assert training.transfers == ()
    _ = translator("en")
    # The periods the notice states, asked of the same function.
    assert dict(training.erasure)["Health and fitness assessments (sensitive)"] == _(
        retention_of("health")
    )
    assert data.records_erasure == _(RECORDS_RETENTION)
    backup = next(a for a in purposes.values() if any("Vaultwise" in r for r in a.recipients))
    assert backup.transfers and "United States" in backup.transfers[0]
    assert "Standard contractual clauses (2021)" in backup.transfers[0]
    assert data.practice.name == "Riverside Strength" and data.security


def test_a_vendor_overdue_for_review_or_missing_a_clause_is_flagged(store):
    a_register(store)
    data = record_data(store, RECORD_OF_PROCESSING, now=NOW)
    flags = {vendor.name: vendor.flags for vendor in data.recipients}
    assert flags["TrainLoop"] == ()
    assert flags["Postbird"] == ("contract lacks the breach-notice clause",)
    assert flags["Vaultwise"] == ("review overdue since 10 Jan 2025",)
    newsletter = next(a for a in data.activities if any("Postbird" in r for r in a.recipients))
    assert newsletter.recipients == ("Postbird (contract lacks the breach-notice clause)",)


def test_a_practice_in_china_under_pipl_keeps_its_record_in_chinese(store):
    practice.update_practice(
        store, {"country_code": "CN", "holiday_country": "CN", "jurisdictions": "pipl"},
        actor=ACTOR,
    )  # fmt: skip
    a_register(store)
    data = record_data(store, RECORD_OF_PROCESSING, now=NOW)
    assert data.lang == "zh"
    assert data.citations == ("《个人信息保护法》 Art. 56",) or data.citations[0].endswith(
        "Art. 56"
    )
    assert record_data(store, RECORD_OF_PROCESSING, lang="en", now=NOW).lang == "en"


def test_the_version_changes_when_the_register_does_and_not_with_the_day(store):
    trainloop, *_ = a_register(store)
    first = record_data(store, RECORD_OF_PROCESSING, now=NOW)
    assert record_data(store, RECORD_OF_PROCESSING, now=NOW + timedelta(hours=1)).version == (
        first.version
    )
    vendors.edit_vendor(
        store, trainloop.id,
        vendors.VendorDraft(name="TrainLoop", storage_countries=("GB",),
                            security_measures="Two-factor sign-in", clauses=ALL_CLAUSES),
        actor=ACTOR, now=NOW,
    )  # fmt: skip
    assert record_data(store, RECORD_OF_PROCESSING, now=NOW).version != first.version


def test_the_plan_names_who_decides_the_clock_the_vendors_and_the_backups(store):
    practice.update_practice(store, {"privacy_contact": "Jordan Hale"}, actor=ACTOR)
    a_register(store)
    data = record_data(store, INCIDENT_PLAN, now=NOW)
    assert data.decider == "Jordan Hale"
    _ = translator("en")
    assert [step.title for step in data.steps] == [
        _(STEP_LABELS[step]) for step in Step if step is not Step.CLOSED
    ]
    # The hours come from the clock the rule sets give, not from the plan.
    clock = breach_clock(NOW, ["gdpr"])
    hours = int((clock.authority_due_at - NOW).total_seconds() // 3600)
    authority_step = data.steps[1]
    assert authority_step.clock == (
        f"UK GDPR Art. 33(1): tell the authority within {hours} hours of becoming aware",
    )
    assert data.authorities[0].name.startswith("The Information Commissioner")
    assert data.authorities[0].website.startswith("https://ico.org.uk/")
    clauses = {vendor.name: vendor.breach_clause for vendor in data.vendors}
    assert clauses == {"TrainLoop": True, "Postbird": False, "Vaultwise": True}
    trainloop = next(vendor for vendor in data.vendors if vendor.name == "TrainLoop")
    assert trainloop.contact == ("privacy@trainloop.example", "TrainLoop Ltd", "1 High Street",
                                 "London")  # fmt: skip
    assert data.backup_folder == str(store.paths.backups)
    assert data.templates == (
        "Report for the authority",
        "Letters to clients",
        "Questions to the vendor",
    )


def test_pipl_asks_for_the_authority_and_the_people_at_once(store):
    practice.update_practice(
        store, {"country_code": "CN", "holiday_country": "CN", "jurisdictions": "pipl",
                "default_language": "zh"}, actor=ACTOR,
    )  # fmt: skip
    data = record_data(store, INCIDENT_PLAN, now=NOW)
    assert data.lang == "zh"
    assert all("立即" in line for line in data.steps[1].clock + data.steps[2].clock)


def test_the_format_comes_from_the_suffix_and_anything_else_is_refused(store, tmp_path):
    assert format_of(RECORD_OF_PROCESSING, tmp_path / "r.XLSX") is Format.XLSX
    with pytest.raises(ValidationError) as refused:
        format_of(INCIDENT_PLAN, tmp_path / "plan.csv")
    assert str(refused.value) == "Name a file ending in .pdf, not 'plan.csv'."


@pytest.mark.parametrize("fmt", list(Format))
def test_a_saved_record_is_written_whole_then_recorded(store, tmp_path, fmt):
    a_register(store)
    target = tmp_path / f"ropa.{fmt.value}"
    made = make_practice_document(store, RECORD_OF_PROCESSING, fmt=fmt, now=NOW, save_to=target)
    assert target.read_bytes() == made.data
    with unit_of_work(store.reader) as session:
        rows = session.execute(select(GeneratedDocument)).scalars().all()
    assert [(row.kind, row.file_name, row.sha256) for row in rows] == [
        ("ropa", f"record-of-processing-en.{fmt.value}", made.sha256)
    ]


def test_a_preview_records_nothing(store):
    make_practice_document(store, INCIDENT_PLAN, now=NOW)
    with unit_of_work(store.reader) as session:
        assert session.execute(select(GeneratedDocument)).first() is None
