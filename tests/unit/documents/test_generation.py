"""Documents made from the records: their data field by field, the record of each generated
document, batches with progress and cancel, and the export and notice commands."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.documents.data import ChoiceInfo, ClientInfo, PracticeInfo
from app.domain.enums import Channel, ConsentState
from app.domain.refcodes import check_character
from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.services import documents, notices, practice
from app.services.consents import record_consent_answers
from app.services.errors import Conflict, NotFound
from tests.helpers.cli import run_command as run
from tests.helpers.factories import ACTOR, NOW, TODAY, make_client, make_sharing, make_vendor
from tests.unit.documents import pdfcheck


@pytest.fixture
def practice_with_clients(store):
    practice.update_practice(
        store,
        {
            "name": "Riverside Strength",
            "street": "27 Sumner Street",
            "city": "London",
            "postal_code": "SE1 9TG",
            "country_code": "GB",
            "email": "hello@riverside.example",
            "supervisory_authority": "ICO",
        },
        actor=ACTOR,
        now=NOW,
    )
    app = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health", "training"))
    backup = make_sharing(
        store,
        make_vendor(store, "Vaultwise", countries=("US",)),
        purpose_key="backup",
        categories=("contact",),
    )
    zoe = make_client(
        store, "Zoë", "Ångström", street="12 Long Lane", city="London", postal_code="SE1 4PU",
        country_code="GB",
    )  # fmt: skip
    wang = make_client(store, "伟", "王", language="zh", country_code="CN")
    record_consent_answers(
        store, zoe.ref, {app.id: ConsentState.GIVEN}, channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW - timedelta(days=3), actor=ACTOR, now=NOW,
    )  # fmt: skip
    return {"app": app, "backup": backup, "zoe": zoe, "wang": wang}


def _records(store) -> list[GeneratedDocument]:
    with unit_of_work(store.engine) as session:
        return list(session.execute(select(GeneratedDocument).order_by(GeneratedDocument.id))
                    .scalars())  # fmt: skip


def test_the_notice_data_comes_from_the_records_field_by_field(store, practice_with_clients):
    zoe, app = practice_with_clients["zoe"], practice_with_clients["app"]
    data = documents.document_data(store, "notice", zoe.ref, today=TODAY)
    assert data.issued_on == TODAY
    assert data.client == ClientInfo(
        ref=f"{zoe.ref[:3]}-{zoe.ref[3:]}",
        name="Zoë Ångström",
        address_lines=("Zoë Ångström", "12 Long Lane", "LONDON", "SE1 4PU"),
        language="en",
    )
    assert data.choices == (ChoiceInfo(app.id, "given", (NOW - timedelta(days=3)).date()),)
    content = data.content
    assert (content.lang, content.version.number, content.jurisdictions) == ("en", None, ("gdpr",))
    assert content.practice == PracticeInfo(
        name="Riverside Strength",
        address_lines=("27 Sumner Street", "LONDON", "SE1 9TG"),
        email="hello@riverside.example",
        supervisory_authority="ICO",
        country_code="GB",
    )
    assert [v.name for v in content.vendors] == ["TrainLoop", "Vaultwise"]
    vault = content.vendors[1]
    assert (vault.countries, vault.abroad, vault.transfer_safeguard) == (
        ("United States",),
        True,
        "Standard contractual clauses (2021)",
    )
    [sharing] = content.vendors[0].sharings
    assert (sharing.purpose, sharing.legal_basis, sharing.consent_required) == (
        "Delivering your training programme",
        "consent",
        True,
    )
    assert [(c.label, c.sensitive) for c in sharing.categories] == [
        ("Health and fitness assessments", True),
        ("Training history", False),
    ]
    assert [p.key for p in content.purposes] == ["training_delivery", "backup"]


def test_a_chinese_client_gets_chinese_labels_and_country_names(store, practice_with_clients):
    wang = practice_with_clients["wang"]
    data = documents.document_data(store, "notice", wang.ref, today=TODAY)
    assert data.lang == "zh" and data.client.name == "王伟"
    assert data.content.vendors[1].countries == ("美国",)
    assert data.content.purposes[0].label == "提供您的训练计划"
    assert data.choices == (ChoiceInfo(practice_with_clients["app"].id, "none", None),)
    # An explicit language wins over the client's.
    assert documents.document_data(store, "notice", wang.ref, lang="en", today=TODAY).lang == "en"


def test_a_form_posted_back_from_abroad_carries_the_practice_country_line(
    store, practice_with_clients
):
    wang = practice_with_clients["wang"]
    data = documents.document_data(store, "optout_form", wang.ref, today=TODAY)
    assert data.practice.address_lines[-1] == "UNITED KINGDOM"
    blank = documents.document_data(store, "optout_form", None, today=TODAY)
    assert blank.client is None and blank.practice.address_lines[-1] == "SE1 9TG"


def test_every_rendered_document_is_recorded_with_kind_version_hash_and_pages(
    store, practice_with_clients
):
    zoe = practice_with_clients["zoe"]
    draft = documents.render_document(store, "notice", zoe.ref, now=NOW)
    version = notices.publish_notice(store, "First", actor=ACTOR, now=NOW)
    published = documents.render_document(store, "notice", zoe.ref, now=NOW)
    consent = documents.render_document(store, "consent_form", zoe.ref, now=NOW)
    blank = documents.render_document(store, "optout_form", None, now=NOW)
    letter = documents.render_document(store, "update_letter", zoe.ref, now=NOW)
    records = _records(store)
    assert [(r.kind, r.client_id, r.notice_version_id) for r in records] == [
        ("notice", zoe.id, None),
        ("notice", zoe.id, version.id),
        ("consent_form", zoe.id, version.id),
        ("optout_form", None, version.id),
        ("update_letter", zoe.id, version.id),
    ]
    for record, rendered in zip(records, (draft, published, consent, blank, letter), strict=True):
        assert record.sha256 == rendered.sha256 == hashlib.sha256(rendered.data).hexdigest()
        assert record.pages == rendered.pages == len(pdfcheck.reader(rendered.data).pages)
        assert record.file_name == rendered.file_name
        assert rendered.document_ids == (record.id,)
    assert draft.notice_version is None and published.notice_version == 1
    assert draft.file_name == f"privacy-notice-draft-{draft.client_refs[0]}-en.pdf"
    assert blank.file_name == "opt-out-form-blank-en.pdf"
    assert "Draft: not yet published" in pdfcheck.text_of(draft.data)
    assert "Version 1, effective 20 November 2026" in pdfcheck.text_of(published.data)


def test_an_update_letter_before_any_notice_is_published_is_refused_in_words(
    store, practice_with_clients
):
    """It announces a published version: without one it printed "(version -, effective )"."""
    zoe = practice_with_clients["zoe"]
    with pytest.raises(Conflict, match="Publish the privacy notice first"):
        documents.render_document(store, "update_letter", zoe.ref, now=NOW)
    assert _records(store) == []


def test_a_hostile_name_from_the_database_prints_verbatim(store, practice_with_clients):
    client = make_client(store, "Tom & <Jerry>", "O'Brien <b>x</b>")
    for kind in ("notice", "consent_form", "optout_form"):
        text = pdfcheck.text_of(documents.render_document(store, kind, client.ref, now=NOW).data)
        assert "Tom & <Jerry> O'Brien <b>x</b>" in text


def test_the_update_letter_asks_for_the_consents_a_client_has_not_given(
    store, practice_with_clients
):
    notices.publish_notice(store, "First", actor=ACTOR, now=NOW)
    make_sharing(
        store, make_vendor(store, "FuelWell"), purpose_key="nutrition_advice", categories=("body",)
    )
    notices.publish_notice(store, "We added a nutrition partner.", actor=ACTOR, now=NOW)
    zoe = practice_with_clients["zoe"]
    data = documents.document_data(store, "update_letter", zoe.ref, today=TODAY)
    assert data.version.number == 2
    assert data.version.summary == "We added a nutrition partner."
    assert data.version.changes == ("New service provider: FuelWell.",)
    assert [s.vendor for s in data.decisions] == ["FuelWell"]  # TrainLoop was answered
    assert data.client.address_lines[1:] == ("12 Long Lane", "LONDON", "SE1 4PU")


def test_a_batch_makes_one_pdf_for_every_active_client_with_progress(store, practice_with_clients):
    seen = []
    [result] = documents.render_batch(
        store, "notice", now=NOW, progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(0, 2), (1, 2), (2, 2)]
    records = _records(store)
    assert {r.client_id for r in records} == {
        practice_with_clients["zoe"].id,
        practice_with_clients["wang"].id,
    }
    assert sum(r.pages for r in records) == result.pages == len(pdfcheck.reader(result.data).pages)
    assert {r.sha256 for r in records} == {result.sha256}
    assert result.document_ids == tuple(r.id for r in records)
    text = pdfcheck.text_of(result.data)
    assert "Zoë Ångström" in text and "王伟" in text and "隐私声明" in text


def test_a_batch_can_make_one_file_per_client(store, practice_with_clients):
    results = documents.render_batch(
        store, "optout_form", one_file_per_client=True, lang="en", now=NOW
    )
    expected = {practice_with_clients[key].ref for key in ("zoe", "wang")}
    assert {r.client_refs[0].replace("-", "") for r in results} == expected
    assert {r.document_ids for r in results} == {(r.id,) for r in _records(store)}
    assert len(results) == len({r.file_name for r in results}) == 2
    assert all(r.file_name.startswith("opt-out-form-") for r in results)


def test_a_cancelled_batch_records_nothing(store, practice_with_clients):
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(documents.BatchCancelled):
        documents.render_batch(store, "notice", now=NOW, cancelled=cancelled)
    with pytest.raises(documents.BatchCancelled):
        documents.render_batch(store, "notice", one_file_per_client=True, cancelled=lambda: True)
    assert _records(store) == []


def test_update_letters_with_enclosures_record_each_document(store, practice_with_clients):
    notices.publish_notice(store, "First", actor=ACTOR, now=NOW)
    zoe = practice_with_clients["zoe"]
    [pack] = documents.render_batch(
        store, "update_letter", client_refs=[zoe.ref], with_enclosures=True, now=NOW
    )
    kinds = [r.kind for r in _records(store)]
    assert kinds == ["update_letter", "notice", "optout_form"]  # nothing left to decide
    assert pack.pages == sum(r.pages for r in _records(store))


def test_an_unknown_client_is_reported_and_nothing_recorded(store, practice_with_clients):
    with pytest.raises(NotFound):
        documents.render_document(store, "notice", "ZZZZZZ" + check_character("ZZZZZZ"))
    assert _records(store) == []


# -- the headless commands ----------------------------------------------------------------------


def test_export_commands_write_pdfs_and_exit_zero(store, practice_with_clients, tmp_path):
    folder = str(store.paths.home)
    store.close()
    zoe = practice_with_clients["zoe"].ref
    cases = [
        (["export", "notice", "--client", zoe], "notice.pdf"),
        (["export", "notice", "--generic", "--lang", "zh"], "generic.pdf"),
        (["export", "notice", "--all"], "all.pdf"),
        (["export", "consent-form", "--client", zoe, "--lang", "zh"], "consent.pdf"),
        (["export", "optout-form", "--blank"], "blank.pdf"),
        (["export", "optout-form", "--client", zoe], "optout.pdf"),
    ]
    for argv, name in cases:
        code, out, err = run(*argv, "--out", str(tmp_path / name), "--data-dir", folder)
        assert (code, err) == (0, ""), argv
        assert out.startswith("Wrote ") and out.count("\n") == 1
        assert pdfcheck.reader((tmp_path / name).read_bytes()).pages
    code, out, _ = run(
        "export", "optout-form", "--all", "--out", f"{tmp_path}/forms/", "--data-dir", folder
    )
    assert code == 0 and len(list((tmp_path / "forms").glob("opt-out-form-*.pdf"))) == 2
    assert "生效" not in pdfcheck.text_of((tmp_path / "notice.pdf").read_bytes())
    assert "隐私声明" in pdfcheck.text_of((tmp_path / "generic.pdf").read_bytes())


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "notice", "--client", "ABC-DEFG", "--out", "{tmp}/x.pdf"], "ABC-DEFG"),
        (["export", "notice", "--generic", "--out", "{tmp}/missing/x.pdf"], "does not exist"),
        (["export", "notice", "--generic", "--out", "{tmp}/"], "only for --all"),
        (["export", "notice", "--generic", "--out", "{tmp}"], "is a folder"),
        (["notice", "publish", "--summary", "x", "--effective", "1 May"], "not a date"),
        (["notice", "publish", "--summary", " "], "what changed"),
    ],
)
def test_export_and_publish_refuse_bad_input_in_one_line_and_record_nothing(
    data_paths, tmp_path, argv, message
):
    argv = [part.replace("{tmp}", str(tmp_path)) for part in argv]
    code, _, err = run(*argv, "--data-dir", str(data_paths.home))
    assert code == 1
    assert err.count("\n") == 1 and message in err
    assert list(tmp_path.glob("*.pdf")) == []


def test_notice_publish_prints_the_version_and_its_changes(data_paths):
    folder = str(data_paths.home)
    effective = (date.today() + timedelta(days=40)).isoformat()  # at most a year ahead
    code, out, _ = run("notice", "publish", "--summary", "First", "--effective", effective,
                       "--data-dir", folder)  # fmt: skip
    assert code == 0
    assert out.splitlines() == [
        f"Published version 1, effective {effective}.",
        "  First published version.",
    ]
    code, _, err = run("notice", "publish", "--summary", "Again", "--data-dir", folder)
    assert code == 1 and "nothing to publish" in err
