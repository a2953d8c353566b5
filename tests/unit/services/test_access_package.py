"""A client's access package (issue 13): the readable report, data.json, one CSV per record type,
their scans, a manifest that verifies, only that client's data, and recorded only once written
whole."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.domain.enums import Channel, ConsentState, OptOutScope
from app.domain.optout import ObjectionDecision, SendMethod
from app.domain.refcodes import check_character, format_reference
from app.persistence.database import unit_of_work
from app.persistence.errors import DiskFull
from app.persistence.models import GeneratedDocument
from app.services import integrity, notices, optouts, practice
from app.services.access_export import export_access_package
from app.services.access_package import SECTIONS
from app.services.consents import record_consent_answers
from app.services.documents import BatchCancelled
from app.services.errors import NotFound
from app.services.optout_documents import render_confirmation_letter, render_vendor_letters
from tests.helpers.disk import full_from_file, needs_dev_full
from tests.helpers.factories import (
    ACTOR,
    NOW,
    make_client,
    make_sharing,
    make_vendor,
    withdraw_by_optout,
)
from tests.unit.documents import pdfcheck

DOCS = Path(__file__).parents[3] / "docs" / "access-package.md"
SCAN = b"%PDF-1.4 the signed consent form of Zoe\n"
LATER = NOW + timedelta(days=6)  # when the package is made


def two_clients_one_vendor_letter(store, tmp_path):
    """Zoë and Ada both use TrainLoop and opt out of it; one letter to TrainLoop covers both,
    and TrainLoop's confirmation note names them both. Zoë's consent form is scanned."""
    practice.update_practice(
        store,
        {"name": "Studio Nord", "email": "privacy@studio-nord.example", "paper_size": "Letter"},
        actor=ACTOR,
        now=NOW,
    )
    version = notices.publish_notice(store, "First notice", actor=ACTOR, now=NOW)
    trainloop = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    letters = make_sharing(store, make_vendor(store, "LetterBox"), "newsletter", ("contact",))
    zoe = make_client(store, "Zoë", "Ångström & <Co>", email="zoe@example.org")
    ada = make_client(store, "Ada", "Lovelace", email="ada@example.org", phone="020 7946 0999")
    scan = tmp_path / "form.pdf"
    scan.write_bytes(SCAN)
    for person, evidence in ((zoe, scan), (ada, None)):
        record_consent_answers(
            store,
            person.ref,
            {trainloop.id: ConsentState.GIVEN, letters.id: ConsentState.GIVEN},
            channel=Channel.PAPER_IN_PERSON,
            occurred_at=NOW,
            actor=ACTOR,
            evidence=evidence,
            notice_version_id=version.id,
            now=NOW,
        )
    for person in (zoe, ada):
        withdraw_by_optout(store, person, trainloop.id, at=NOW + timedelta(days=2))
    [(pending, _letter)] = render_vendor_letters(store, now=NOW + timedelta(days=3))
    assert {person.ref for person in pending.people} == {
        format_reference(zoe.ref),
        format_reference(ada.ref),
    }
    optouts.mark_notification_sent(
        store, pending.notification_id, method=SendMethod.EMAIL, sent_at=NOW + timedelta(days=3),
        actor=ACTOR, now=LATER,
    )  # fmt: skip
    optouts.record_vendor_confirmation(
        store, pending.notification_id, confirmed_at=NOW + timedelta(days=4),
        note="Deleted Ada Lovelace and Zoë Ångström", actor=ACTOR, now=LATER,
    )  # fmt: skip
    return zoe, ada


def _unzipped(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _verify_manifest(files: dict[str, bytes]) -> list[str]:
    """What `sha256sum -c MANIFEST.sha256` checks; the paths it covered."""
    [manifest] = [name for name in files if name.endswith("/MANIFEST.sha256")]
    folder = manifest.rsplit("/", 1)[0]
    covered = []
    for line in files[manifest].decode("utf-8").splitlines():
        digest, path = line.split("  ", 1)
        assert hashlib.sha256(files[f"{folder}/{path}"]).hexdigest() == digest, path
        covered.append(f"{folder}/{path}")
    return covered


def test_the_package_holds_the_report_json_csvs_scan_and_a_manifest_that_verifies(store, tmp_path):
    zoe, _ada = two_clients_one_vendor_letter(store, tmp_path)
    target = tmp_path / "zoe.zip"
    made = export_access_package(store, zoe.ref, save_to=target, now=LATER)

    assert target.read_bytes() == made.data
    files = _unzipped(made.data)
    folder = f"access-package-{format_reference(zoe.ref)}-{LATER.date().isoformat()}"
    assert all(name.startswith(folder + "/") for name in files)
    names = {name.removeprefix(folder + "/") for name in files}
    scan = f"evidence/{hashlib.sha256(SCAN).hexdigest()}.pdf"
    assert names == {
        f"access-report-{format_reference(zoe.ref)}-en.pdf",
        "data.json",
        "MANIFEST.sha256",
        scan,
        *(f"csv/{section.key}.csv" for section in SECTIONS),
    }
    assert files[f"{folder}/{scan}"] == SCAN
    covered = _verify_manifest(files)
    assert sorted(covered) == sorted(n for n in files if not n.endswith("MANIFEST.sha256"))

    pdf = files[f"{folder}/access-report-{format_reference(zoe.ref)}-en.pdf"]
    text = pdfcheck.text_of(pdf)
    for expected in (
        "Your data: a copy of what we hold",
        "Zoë Ångström & <Co>",
        "TrainLoop",
        "LetterBox",
        "Withdrawn",
        "Your consent history",
        "Notice version",
        "Your opt-out requests",
        "Vendors told of your requests",
        "Scans and emails we keep as evidence",
        "How long we keep it",
        "privacy@studio-nord.example",
    ):
        assert expected in text, expected
    info = pdfcheck.reader(pdf).metadata
    assert info.title == "Your data: a copy of what we hold"
    assert info.author == "Studio Nord"
    assert all(pdfcheck.fonts(pdf).values())  # every font embedded
    width, height = pdfcheck.reader(pdf).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (612, 792)  # the practice's Letter

    with unit_of_work(store.engine) as session:
        [record] = session.scalars(
            select(GeneratedDocument).where(GeneratedDocument.kind == "access_package")
        )
        assert (record.client_id, record.sha256) == (zoe.id, made.sha256)
        assert record.file_name == f"{folder}.zip"
    report = integrity.check(store)
    assert report.ok, report.problems


def test_the_letters_sent_to_the_client_are_listed_with_their_hash(store, tmp_path):
    zoe, _ada = two_clients_one_vendor_letter(store, tmp_path)
    [request] = optouts.list_optouts(store, client_ref=zoe.ref, now=LATER)
    letter = render_confirmation_letter(store, request.id, now=LATER)
    again = export_access_package(store, zoe.ref, now=LATER)
    files = _unzipped(again.data)
    [json_name] = [name for name in files if name.endswith("/data.json")]
    [document] = json.loads(files[json_name])["documents"]
    assert (document["kind"], document["sha256"]) == ("optout_confirmation", letter.sha256)
    [pdf] = [data for name, data in files.items() if "/access-report-" in name]
    assert "Opt-out confirmation letter" in pdfcheck.text_of(pdf)


def test_a_scan_that_no_longer_matches_its_record_is_named_but_not_included(store, tmp_path):
    zoe, _ada = two_clients_one_vendor_letter(store, tmp_path)
    scan = store.paths.evidence / f"{hashlib.sha256(SCAN).hexdigest()}.pdf"
    scan.write_bytes(b"changed after it was recorded")
    files = _unzipped(export_access_package(store, zoe.ref, now=LATER).data)
    assert not any("/evidence/" in name for name in files)
    [json_name] = [name for name in files if name.endswith("/data.json")]
    statuses = {row["status"] for row in json.loads(files[json_name])["evidence"]}
    assert statuses == {"altered"}
    scan.unlink()
    files = _unzipped(export_access_package(store, zoe.ref, now=LATER).data)
    statuses = {row["status"] for row in json.loads(files[json_name])["evidence"]}
    assert statuses == {"missing"}
    _verify_manifest(files)


def test_json_and_csv_carry_every_documented_key_and_the_csvs_open_in_a_spreadsheet(
    store, tmp_path
):
    zoe, _ada = two_clients_one_vendor_letter(store, tmp_path)
    files = _unzipped(export_access_package(store, zoe.ref, now=LATER).data)
    [json_name] = [name for name in files if name.endswith("/data.json")]
    document = json.loads(files[json_name])
    assert document["format"] == "privacy-desk/access-package"
    assert document["client"]["given_name"] == "Zoë"
    assert document["client"]["email"] == "zoe@example.org"
    [trainloop] = [row for row in document["sharings"] if row["vendor"] == "TrainLoop"]
    assert (trainloop["consent_state"], trainloop["receives_data"]) == ("withdrawn", False)
    assert trainloop["categories"] == ["health"]
    events = [(e["vendor"], e["state"], e["notice_version"]) for e in document["consent_events"]]
    assert ("TrainLoop", "given", 1) in events and ("LetterBox", "given", 1) in events
    assert [e[1] for e in events if e[0] == "TrainLoop"] == ["given", "withdrawn"]
    [told] = document["vendors_told"]
    assert told["vendor"] == "TrainLoop" and told["confirmed_at"].startswith("2026-11-24")
    # One signed form answered both sharings: a row per answer, the file once.
    assert [(e["record"], e["status"], e["sha256"]) for e in document["evidence"]] == [
        ("consent_event", "verified", hashlib.sha256(SCAN).hexdigest())
    ] * 2

    documented = _documented_keys()
    for section in SECTIONS:
        assert documented[section.key] == list(section.keys), section.key
        csv_bytes = files[json_name.replace("data.json", f"csv/{section.key}.csv")]
        assert csv_bytes.startswith(b"\xef\xbb\xbf")  # the BOM
        header = csv_bytes.decode("utf-8-sig").splitlines()[0]
        assert header == ",".join(section.keys)
        rows = document[section.key]
        assert all(list(row) == list(section.keys) for row in
                   ([rows] if section.one_record else rows))  # fmt: skip


def _documented_keys() -> dict[str, list[str]]:
    """docs/access-package.md: a '### `key`' heading per section, then '- `column`' lines."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        if heading := re.match(r"### `(\w+)`", line):
            current = sections.setdefault(heading.group(1), [])
        elif (column := re.match(r"- `(\w+)`", line)) and current is not None:
            current.append(column.group(1))
    return sections


def test_nothing_about_the_other_client_on_the_same_vendor_letter(store, tmp_path):
    zoe, ada = two_clients_one_vendor_letter(store, tmp_path)
    made = export_access_package(store, zoe.ref, now=LATER)
    files = _unzipped(made.data)
    texts = []
    for name, data in files.items():
        texts.append(name)
        if name.endswith(".pdf") and "/evidence/" not in name:
            texts.append(pdfcheck.text_of(data))
        else:
            texts.append(data.decode("utf-8-sig", errors="replace"))
    everything = "\n".join(texts)
    assert "Zoë" in everything
    for trace in ("Ada", "Lovelace", "ada@example.org", "7946 0999", ada.ref,
                  format_reference(ada.ref)):  # fmt: skip
        assert trace not in everything, trace


def test_a_chinese_client_gets_the_report_in_chinese(store, tmp_path):
    trainloop = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    wei = make_client(store, "伟", "王", language="zh", country_code="CN", email="wei@example.cn")
    record_consent_answers(
        store, wei.ref, {trainloop.id: ConsentState.GIVEN}, channel=Channel.EMAIL,
        occurred_at=NOW - timedelta(days=2), actor=ACTOR, now=NOW,
    )  # fmt: skip
    made = export_access_package(store, wei.ref, now=NOW)
    [pdf] = [data for name, data in _unzipped(made.data).items() if name.endswith("-zh.pdf")]
    text = pdfcheck.text_of(pdf)
    assert "王伟" in text and "TrainLoop" in text
    assert "您的数据" in text and "Your consent history" not in text
    # The purpose in its Chinese label, in "who receives" and in the consent history alike.
    assert text.count("提供您的训练计划") == 2 and "Delivering your training" not in text
    assert pdfcheck.reader(pdf).metadata.title.startswith("您的数据")


def test_an_unknown_client_or_a_cancel_writes_and_records_nothing(store, tmp_path):
    zoe = make_client(store)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "x.zip"
    with pytest.raises(NotFound):
        export_access_package(store, "AAAAAA" + check_character("AAAAAA"), save_to=target, now=NOW)
    with pytest.raises(BatchCancelled):
        export_access_package(store, zoe.ref, save_to=target, now=NOW, cancelled=lambda: True)
    assert list(out.iterdir()) == []
    with unit_of_work(store.engine) as session:
        assert list(session.scalars(select(GeneratedDocument))) == []


@needs_dev_full
def test_a_full_disk_leaves_no_half_zip_and_no_record(store, tmp_path, monkeypatch):
    zoe = make_client(store)
    out = tmp_path / "out"
    out.mkdir()
    full_from_file(1, monkeypatch)
    with pytest.raises(DiskFull):
        export_access_package(store, zoe.ref, save_to=out / "zoe.zip", now=NOW)
    assert list(out.iterdir()) == []  # neither the zip nor its temporary file
    with unit_of_work(store.engine) as session:
        assert list(session.scalars(select(GeneratedDocument))) == []


def test_the_longest_texts_a_coach_can_type_still_lay_out(store):
    """A 4,000-character note and a 2,000-character reason, each taller than a page column
    would be: the report splits them across pages rather than failing."""
    cloud = make_vendor(store, "CloudVault")
    make_sharing(store, cloud, "backup", ("contact",))
    words = " ".join(f"word{n}" for n in range(1, 800))
    note = words[:4000]
    reason = " ".join(f"why{n}" for n in range(1, 800))[:2000]
    ada = make_client(store, "Ada", "Lovelace", notes=note)
    result = optouts.log_optout(
        store, client_ref=ada.ref, channel=Channel.POST, scope=OptOutScope.CHOSEN,
        chosen_vendor_ids=[cloud.id], received_at=NOW, actor=ACTOR, now=NOW,
    )  # fmt: skip
    [objection] = result.objections
    optouts.answer_objection(
        store, objection.id, decision=ObjectionDecision.DECLINED, reason=reason,
        actor=ACTOR, now=NOW,
    )  # fmt: skip
    files = _unzipped(export_access_package(store, ada.ref, now=NOW).data)
    [pdf] = [data for name, data in files.items() if "/access-report-" in name]
    text = pdfcheck.text_of(pdf)
    for typed in (note, reason):  # each to its last word, however many pages it takes
        last_word = typed.rsplit(" ", 2)[-2]
        assert f"{last_word} " in text, last_word


def test_the_package_lists_the_clients_own_rights_requests_and_no_one_elses(store, tmp_path):
    from app.services import requests

    zoe, ada = two_clients_one_vendor_letter(store, tmp_path)
    asked = requests.log_request(
        store,
        requests.RequestDraft("access", "phone", NOW, client_ref=zoe.ref, note="Wants a copy"),
        actor=ACTOR,
        now=NOW,
    )
    requests.verify_identity(store, asked.id, method="Called back on the number on file",
                             actor=ACTOR, now=NOW)  # fmt: skip
    complaint = requests.log_request(
        store,
        requests.RequestDraft("complaint", "email", NOW, client_ref=zoe.ref, topic="Newsletter"),
        actor=ACTOR,
        now=NOW,
    )
    requests.complete_request(store, complaint.id, response="Sorry: we have stopped it.",
                              actor=ACTOR, now=NOW)  # fmt: skip
    requests.log_request(  # Ada's: never in Zoë's package
        store,
        requests.RequestDraft("deletion", "post", NOW, client_ref=ada.ref, note="Ada deletes"),
        actor=ACTOR,
        now=NOW,
    )

    files = _unzipped(export_access_package(store, zoe.ref, now=LATER).data)

    [json_name] = [name for name in files if name.endswith("/data.json")]
    rows = json.loads(files[json_name])["rights_requests"]
    assert [(row["kind"], row["status"], row["outcome"]) for row in rows] == [
        ("access", "verified", ""),
        ("complaint", "completed", "done"),
    ]
    assert rows[1]["response"] == "Sorry: we have stopped it."
    [report] = [name for name in files if name.endswith(".pdf") and "/evidence/" not in name]
    text = pdfcheck.text_of(files[report])
    assert "Your other requests" in text and "Identity checked" in text
    assert "Ada deletes" not in json.dumps(rows) and "Ada deletes" not in text
