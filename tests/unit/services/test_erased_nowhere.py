"""After an erasure, every export and document the app makes that could list the client (the
do-not-share list, the request and opt-out registers, the record of processing, the incident
report and letters, the vendor letters, their access package, and the JSON of `clients list`,
`request list` and `due`) holds neither their name, nor their email, nor their phone."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import pytest

from app.domain.enums import Channel, ConsentState, OptOutScope, RequestKind
from app.domain.optout import SendMethod
from app.persistence.store import Store
from app.services import consents, documents, erasure, integrity, optouts, requests
from app.services.access_export import export_access_package
from app.services.document_kinds import INCIDENT_LETTER, INCIDENT_REPORT, RECORD_OF_PROCESSING
from app.services.incidents.intake import IncidentDraft, log_incident
from app.services.incidents.register import list_incidents
from app.services.optout_documents import render_vendor_letters
from app.services.practice_documents import Format, make_practice_document
from app.services.request_register import make_request_register
from app.services.requests import RequestDraft
from app.services.vendors import do_not_share_list
from tests.helpers.cli import run_command
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.unit.documents import pdfcheck

NAME = ("Augusta", "Lovelace")
EMAIL = "augusta@lovelace.example"
PHONE = "+44 20 7946 0018"
# What must be nowhere: each part of the name, the address (any case), the phone as typed,
# as stored (E.164) and as its national digits.
TRACES = ("Augusta", "Lovelace", "lovelace.example", "7946 0018", "+442079460018", "2079460018")
EMAILED = (
    f"From: Augusta Lovelace <{EMAIL}>\r\nSubject: delete me\r\n\r\n"
    f"Please erase me. Call {PHONE} if needed.\r\n"
).encode()


def traces_in(text: str) -> list[str]:
    folded = text.casefold()
    return [trace for trace in TRACES if trace.casefold() in folded]


def pdf_text(data: bytes) -> str:
    return pdfcheck.text_of(data)


def zip_text(path) -> str:
    parts = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            content = package.read(name)
            parts.append(name)
            parts.append(pdf_text(content) if name.endswith(".pdf")
                         else content.decode("utf-8", errors="replace"))  # fmt: skip
    return "\n".join(parts)


@pytest.fixture
def erased(data_paths, tmp_path):
    """Augusta: a client for a month, shared with TrainLoop (health) and refused MailFox; an
    opt-out of TrainLoop carried out and told; a complaint answered; a breach at TrainLoop
    that reached her, whose summary names her; then her emailed deletion carried out."""
    with Store.open(data_paths) as store:
        augusta = make_client(store, *NAME, email=EMAIL, phone=PHONE, street="12 Byron Road",
                              city="London", postal_code="SW1A 1AA", country_code="GB",
                              notes="Knee injury")  # fmt: skip
        trainloop = make_vendor(store, "TrainLoop")
        coaching = make_sharing(store, trainloop)
        mailfox = make_vendor(store, "MailFox")
        mailing = make_sharing(store, mailfox, "newsletter", ("contact",))
        month_ago = NOW - timedelta(days=30)
        consents.record_consent_answers(
            store, augusta.ref, {coaching.id: ConsentState.GIVEN, mailing.id: ConsentState.REFUSED},
            channel=Channel.VERBAL_IN_PERSON, occurred_at=month_ago, actor=ACTOR, now=month_ago,
        )  # fmt: skip
        complaint = requests.log_request(
            store,
            RequestDraft(kind=RequestKind.COMPLAINT, channel=Channel.PHONE, client_ref=augusta.ref,
                         received_at=NOW - timedelta(days=20),
                         topic="Augusta Lovelace asks about TrainLoop",
                         note=f"Augusta called from {PHONE}"),
            actor=ACTOR, now=NOW - timedelta(days=20),
        )  # fmt: skip
        requests.complete_request(
            store, complaint.id, outcome="done", response="Dear Augusta, we explained it.",
            actor=ACTOR, now=NOW - timedelta(days=19),
        )  # fmt: skip
        log_incident(
            store,
            IncidentDraft(
                summary="TrainLoop emailed Augusta Lovelace's session notes to another client",
                aware_at=NOW - timedelta(days=10), vendor_id=trainloop.id,
            ),
            actor=ACTOR, now=NOW - timedelta(days=10),
        )  # fmt: skip
        optouts.log_optout(
            store, client_ref=augusta.ref, channel=Channel.EMAIL, scope=OptOutScope.ALL,
            received_at=NOW - timedelta(days=8), note=f"From {EMAIL}", actor=ACTOR,
            now=NOW - timedelta(days=8),
        )  # fmt: skip
        told_at = NOW - timedelta(days=7)
        for pending, letter in render_vendor_letters(store, now=told_at):
            optouts.mark_notification_sent(
                store, pending.notification_id, method=SendMethod.EMAIL, sent_at=told_at,
                actor=ACTOR, document_id=letter.document_ids[0], now=told_at,
            )  # fmt: skip
        deletion = requests.log_request(
            store,
            RequestDraft(kind=RequestKind.DELETION, channel=Channel.EMAIL,
                         client_ref=augusta.ref, received_at=NOW - timedelta(hours=3),
                         note="Augusta Lovelace wants everything gone",
                         email_evidence=(EMAILED, ".eml")),
            actor=ACTOR, now=NOW,
        )  # fmt: skip
        requests.verify_identity(
            store, deletion.id, method=f"Replied from {EMAIL}", actor=ACTOR, now=NOW
        )
        erasure.erase_client(store, augusta.ref, deletion.id, actor=ACTOR, now=NOW)
        requests.complete_request(store, deletion.id, outcome="done", actor=ACTOR, now=NOW)
    return {"ref": augusta.ref, "home": str(data_paths.home), "paths": data_paths,
            "vendors": (trainloop.id, mailfox.id)}  # fmt: skip


def test_the_erased_client_is_in_no_register_list_or_letter(erased, tmp_path):
    later = NOW + timedelta(minutes=5)
    found: dict[str, list[str]] = {}
    with Store.open(erased["paths"]) as store:
        for vendor in erased["vendors"]:
            entries = do_not_share_list(store, vendor)
            found[f"do-not-share {vendor}"] = traces_in(repr(entries))
        mailfox = do_not_share_list(store, erased["vendors"][1])
        found["request register rows"] = traces_in(repr(requests.list_requests(store)))
        for lang in ("en", "zh"):
            pdf = make_request_register(store, lang=lang, now=later)
            found[f"request register pdf {lang}"] = traces_in(pdf_text(pdf.data))
        table = make_request_register(store, fmt=Format.CSV, now=later).data.decode("utf-8-sig")
        found["request register csv"] = traces_in(table)
        found["opt-out register rows"] = traces_in(repr(optouts.list_optouts(store, now=later)))
        ropa = make_practice_document(store, RECORD_OF_PROCESSING, now=later)
        found["ropa pdf"] = traces_in(pdf_text(ropa.data))
        for fmt in (Format.CSV, Format.XLSX):
            made = make_practice_document(store, RECORD_OF_PROCESSING, fmt=fmt, now=later)
            found[f"ropa {fmt.value}"] = traces_in(
                made.data.decode("utf-8-sig") if fmt is Format.CSV else _xlsx_text(made.data)
            )
        [incident] = [row.id for row in list_incidents(store)]
        for kind in (INCIDENT_REPORT, INCIDENT_LETTER):
            for made in documents.render_about(store, kind, incident, now=later):
                found[kind.name] = traces_in(pdf_text(made.data))
        for _pending, letter in render_vendor_letters(store, now=later):
            found["vendor letter"] = traces_in(pdf_text(letter.data))
        target = tmp_path / "package.zip"
        export_access_package(store, erased["ref"], save_to=target, now=later)
        found["access package"] = traces_in(zip_text(target))
        report = integrity.check(store)
        assert report.ok, report.problems
    home = erased["home"]
    for argv in (("clients", "list", "--json"), ("request", "list", "--json"), ("due", "--json")):
        code, out, err = run_command(*argv, "--data-dir", home)
        assert (code, err) == (0, ""), argv
        found[" ".join(argv)] = traces_in(out)
    # Each place was really made (a list or letter left out would prove nothing)...
    assert {"vendor letter", "incident_report", "incident_letter", "ropa xlsx"} <= set(found)
    assert erased["ref"] in {entry.ref for entry in mailfox}  # still kept from MailFox
    # ...and none of them holds a trace of her.
    assert {place: said for place, said in found.items() if said} == {}


def _xlsx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return "\n".join(
            book.read(name).decode("utf-8", errors="replace")
            for name in book.namelist()
            if name.endswith(".xml")
        )
