"""Erasure: an emailed deletion request carried out; what goes, what stays, who is told, the
person recognised again, and a kill between the commit and the files' removal."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import text

from app.domain.enums import Channel, ConsentState, OptOutScope, RequestKind
from app.domain.erasure import ERASED_NAME
from app.services import clients, consents, erasure, importing, integrity, optouts, requests
from app.services.erasure import erasing
from app.services.errors import Conflict
from app.services.optouts.telling import pending_notifications
from app.services.requests import RequestDraft
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor

EMAIL = b"From: Ada Lovelace <ada@example.com>\r\nSubject: delete me\r\n\r\nPlease erase me.\r\n"


def ada_with_history(store):
    ada = make_client(
        store,
        "Ada",
        "Lovelace",
        email="Ada@Example.com",
        phone="+44 20 7946 0018",
        street="12 Byron Road",
        city="London",
        postal_code="SW1A 1AA",
        country_code="GB",
        notes="Knee injury",
    )
    coaching = make_sharing(store, make_vendor(store, "TrainLoop"))
    make_sharing(store, make_vendor(store, "PayCo"), "payments", ("payment",))
    make_sharing(store, make_vendor(store, "MailFox"), "newsletter", ("contact",))
    consents.record_consent_answers(
        store,
        ada.ref,
        {coaching.id: ConsentState.GIVEN},
        channel=Channel.VERBAL_IN_PERSON,
        occurred_at=NOW - timedelta(days=30),
        actor=ACTOR,
        now=NOW - timedelta(days=30),
    )
    return ada


def verified_deletion(store, client, *, note="Called from her mobile"):
    row = requests.log_request(
        store,
        RequestDraft(
            kind=RequestKind.DELETION,
            channel=Channel.EMAIL,
            client_ref=client.ref,
            received_at=NOW - timedelta(hours=2),
            note=note,
            email_evidence=(EMAIL, ".eml"),
        ),
        actor=ACTOR,
        now=NOW,
    )
    requests.verify_identity(
        store, row.id, method="Replied from the address on file", actor=ACTOR, now=NOW
    )
    return row


def test_an_emailed_deletion_scrubs_the_client_and_keeps_the_ledgers_sound(store):
    ada = ada_with_history(store)
    request = verified_deletion(store, ada)
    evidence = store.paths.evidence / request.evidence_file
    assert evidence.is_file()
    with store.engine.connect() as connection:
        ledger_before = connection.execute(text("SELECT * FROM consent_event")).all()

    result = erasure.erase_client(store, ada.ref, request.id, actor=ACTOR, now=NOW)

    detail = clients.get_client(store, ada.ref)
    assert (detail.given_name, detail.family_name, detail.row.email, detail.row.phone) == (
        ERASED_NAME,
        "",
        "",
        "",
    )
    assert (detail.street, detail.city, detail.postal_code, detail.notes) == ("", "", "", "")
    assert detail.row.ref == ada.ref and detail.row.status == "erased"
    assert clients.find_clients(store, "Lovelace") == []
    assert clients.find_clients(store, "ada@example") == []
    assert {"given_name", "family_name", "email", "phone_e164", "notes"} <= set(result.fields)
    assert result.files == 1 and not evidence.exists()
    assert result.vendors == ("PayCo", "TrainLoop")  # MailFox never received anything
    assert [kept.key for kept in result.kept] == ["request", "consent_ledger", "suppression"]
    assert all(kept.why for kept in result.kept)
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT * FROM consent_event")).all() == ledger_before
        audit = connection.execute(
            text(
                "SELECT fields, version FROM audit_log WHERE entity = 'client' AND action = 'erase'"
            )
        ).one()
        values = connection.execute(text("SELECT fields FROM audit_log")).scalars().all()
    assert "given_name" in audit.fields.split(",") and audit.version
    assert not any("Lovelace" in entry or "example.com" in entry for entry in values)
    assert requests.get_request(store, request.id).note == ""
    report = integrity.check(store)
    assert report.ok, report.problems


def test_every_vendor_that_received_the_data_gets_a_deletion_task_where_vendors_are_told(store):
    ada = ada_with_history(store)
    request = verified_deletion(store, ada)
    erasure.erase_client(store, ada.ref, request.id, actor=ACTOR, now=NOW)
    pending = {p.vendor: p for p in pending_notifications(store, now=NOW)}
    assert set(pending) == {"PayCo", "TrainLoop"}
    (person,) = pending["TrainLoop"].people
    assert person.erase and person.request_id == request.id
    assert (person.name, person.email) == ("", "")
    assert person.ref.replace("-", "") == ada.ref


def test_an_erased_person_is_recognised_by_email_or_phone_and_left_out_of_an_import(store):
    ada = ada_with_history(store)
    request = verified_deletion(store, ada)
    erasure.erase_client(store, ada.ref, request.id, actor=ACTOR, now=NOW)
    said = erasure.erased_person_warning(store, email=" ada@EXAMPLE.com ")
    assert said is not None and said.text() == f"This person's records were erased on {NOW.date()}."
    assert erasure.erased_person_warning(store, phone="020 7946 0018", region="GB") is not None
    assert erasure.erased_person_warning(store, email="grace@example.com") is None
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT * FROM suppression")).mappings().one()
    unsalted = hashlib.sha256(b"ada@example.com").hexdigest()
    assert len(stored["email_hash"]) == len(stored["phone_hash"]) == 64
    assert stored["email_hash"] != unsalted  # salted: a list of known addresses finds nothing
    assert set(stored) == {"id", "email_hash", "phone_hash", "erased_on", "request_id"}

    with importing.unit_of_work(store.engine) as session:
        assert importing.is_suppressed(session, {"email": "ada@example.com", "phone_e164": ""})
        assert not importing.is_suppressed(session, {"email": "x@example.com", "phone_e164": ""})


@pytest.mark.parametrize(
    "why", ["open optout", "identity not checked", "not a deletion", "another client's", "twice"]
)
def test_an_erasure_is_refused_in_one_sentence_and_changes_nothing(store, why):
    ada = ada_with_history(store)
    grace = make_client(store, "Grace", "Hopper")
    request = verified_deletion(store, ada)
    ref = ada.ref
    if why == "open optout":
        optouts.log_optout(
            store,
            client_ref=ada.ref,
            channel=Channel.PHONE,
            scope=OptOutScope.ALL,
            received_at=NOW - timedelta(hours=1),
            actor=ACTOR,
            now=NOW,
        )
        expected = "open opt-out"
    elif why == "identity not checked":
        request = requests.log_request(
            store,
            RequestDraft(
                kind="deletion",
                channel="phone",
                client_ref=grace.ref,
                received_at=NOW - timedelta(hours=1),
            ),
            actor=ACTOR,
            now=NOW,
        )
        ref, expected = grace.ref, "identity"
    elif why == "not a deletion":
        request = requests.log_request(
            store,
            RequestDraft(
                kind="access",
                channel="phone",
                client_ref=grace.ref,
                received_at=NOW - timedelta(hours=1),
            ),
            actor=ACTOR,
            now=NOW,
        )
        ref, expected = grace.ref, "deletion request of this same client"
    elif why == "another client's":
        ref, expected = grace.ref, "deletion request of this same client"
    else:
        erasure.erase_client(store, ada.ref, request.id, actor=ACTOR, now=NOW)
        expected = "already erased"
    with store.engine.connect() as connection:
        before = connection.execute(text("SELECT * FROM client ORDER BY id")).all()
    with pytest.raises(Conflict, match=expected) as raised:
        erasure.erase_client(store, ref, request.id, actor=ACTOR, now=NOW)
    assert str(raised.value).count(".") == 1
    with store.engine.connect() as connection:
        assert connection.execute(text("SELECT * FROM client ORDER BY id")).all() == before


def test_a_kill_between_the_commit_and_the_files_is_reported_and_finished_at_the_next_start(
    store, monkeypatch
):
    ada = ada_with_history(store)
    request = verified_deletion(store, ada)
    evidence = store.paths.evidence / request.evidence_file

    def killed(_store):
        raise SystemExit("killed")

    monkeypatch.setattr(erasing, "destroy_erased_files", killed)
    with pytest.raises(SystemExit):
        erasure.erase_client(store, ada.ref, request.id, actor=ACTOR, now=NOW)
    assert evidence.exists()  # committed, but the file is still there
    report = integrity.check(store)
    assert not report.ok
    assert any("stopped before destroying its 1 evidence file" in p for p in report.problems)
    assert erasure.destroy_erased_files(store) == 1  # what the next start does
    assert not evidence.exists()
    report = integrity.check(store)
    assert report.ok, report.problems


def test_the_kept_records_are_given_to_the_letter_with_their_reasons(store):
    ada = ada_with_history(store)
    request = verified_deletion(store, ada)
    with pytest.raises(Conflict, match="was not erased"):
        erasure.kept_after_erasure(store, ada.ref)
    result = erasure.erase_client(store, ada.ref, request.id, actor=ACTOR, now=NOW)
    kept = erasure.kept_after_erasure(store, ada.ref)
    assert kept == result.kept
    consent = next(item for item in kept if item.key == "consent_ledger")
    assert consent.count == 1 and "Art. 7(1)" in consent.why
    with pytest.raises(AttributeError):
        consent.count = 0  # frozen rows


def test_an_erased_client_can_no_longer_be_edited_or_reactivated(store):
    from app.domain.enums import ClientStatus
    from app.services.rows import ClientDraft

    ada = ada_with_history(store)
    request = verified_deletion(store, ada)
    erasure.erase_client(store, ada.ref, request.id, actor=ACTOR, now=NOW)
    with pytest.raises(Conflict, match="was erased"):
        clients.edit_client(store, ada.ref, ClientDraft(given_name="Ada"), actor=ACTOR, now=NOW)
    with pytest.raises(Conflict, match="was erased"):
        clients.set_client_status(store, ada.ref, ClientStatus.ACTIVE, actor=ACTOR, now=NOW)
    assert clients.get_client(store, ada.ref).given_name == "—"


def test_an_erased_clients_access_package_names_them_nowhere(store, tmp_path):
    import io
    import zipfile

    from pypdf import PdfReader

    from app.services.access_export import export_access_package

    ada = ada_with_history(store)
    request = verified_deletion(store, ada, note="Ada Lovelace phoned")
    erasure.erase_client(store, ada.ref, request.id, actor=ACTOR, now=NOW)
    target = tmp_path / "ada.zip"
    export_access_package(store, ada.ref, save_to=target, now=NOW)
    with zipfile.ZipFile(target) as package:
        names = package.namelist()
        texts = []
        for name in names:
            content = package.read(name)
            if name.endswith(".pdf"):
                pages = PdfReader(io.BytesIO(content)).pages
                texts.append(" ".join(page.extract_text() for page in pages))
            else:
                texts.append(content.decode("utf-8", errors="replace"))
    assert not any(name.endswith(".eml") for name in names)  # the kept email was destroyed
    for said in texts:
        assert "Lovelace" not in said and "example.com" not in said and "Knee" not in said
    assert integrity.check(store).ok


def test_the_answer_to_a_deletion_says_what_the_law_makes_the_practice_keep(store):
    from app.services import request_letters
    from tests.unit.documents import pdfcheck

    ada = ada_with_history(store)
    request = verified_deletion(store, ada)
    erasure.erase_client(store, ada.ref, request.id, actor=ACTOR, now=NOW)
    requests.complete_request(store, request.id, outcome="done", actor=ACTOR, now=NOW)

    answer = request_letters.render_request_letter(store, request.id, now=NOW)

    printed = pdfcheck.text_of(answer.data)
    assert answer.kind == "request_answer"
    assert "What we keep, and why" in printed and "Art. 7(1)" in printed
