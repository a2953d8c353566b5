"""The register of rights requests printed: the page's filters, a header that says what is
shown, each request with its steps in short, long notes over pages, both languages, landscape
paper from the practice's setting, and a file recorded only once it is whole."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import text

from app.domain.enums import Channel, RequestKind
from app.domain.errors import ValidationError
from app.persistence.errors import DiskFull
from app.services import practice, requests
from app.services.practice_documents import Format
from app.services.request_register import make_request_register, register_format
from app.services.requests import RequestDraft
from tests.helpers.disk import full_from_file, needs_dev_full
from tests.helpers.factories import ACTOR, NOW, make_client
from tests.unit.documents import pdfcheck

LONG_NOTE = " ".join(f"Sentence {n} of what the caller said about the sharing." for n in range(68))


def logged(store, client=None, kind=RequestKind.ACCESS, *, days_ago=1, **fields):
    return requests.log_request(
        store,
        RequestDraft(
            kind=kind,
            channel=fields.pop("channel", Channel.PHONE),
            client_ref=client.ref if client else "",
            received_at=NOW - timedelta(days=days_ago),
            **fields,
        ),
        actor=ACTOR,
        now=NOW,
    )


@pytest.fixture
def register(store):
    """Four requests: an access one extended, a complaint answered, a refused deletion, and an
    unmatched caller's objection."""
    practice.update_practice(
        store, {"jurisdictions": ("gdpr",), "promise_request_days": 90}, actor=ACTOR, now=NOW
    )
    ada = make_client(store, "Ada", "Lovelace")
    wei = make_client(store, "伟", "王", language="zh", country_code="CN")
    access = logged(store, ada, days_ago=3, note="Wants everything & <all> of it")
    requests.verify_identity(store, access.id, method="passport", actor=ACTOR, now=NOW)
    requests.extend_request(store, access.id, reason="Two archives", actor=ACTOR, now=NOW)
    complaint = logged(store, wei, RequestKind.COMPLAINT, days_ago=2, topic="分享给教练应用")
    requests.complete_request(
        store, complaint.id, outcome="done", response="我们已停止分享。", actor=ACTOR, now=NOW
    )
    deletion = logged(store, ada, RequestKind.DELETION, days_ago=5, note=LONG_NOTE)
    requests.verify_identity(store, deletion.id, method="called back", actor=ACTOR, now=NOW)
    requests.complete_request(
        store, deletion.id, outcome="refused", reason="An unpaid invoice is kept", actor=ACTOR,
        now=NOW,
    )  # fmt: skip
    caller = logged(store, None, RequestKind.OBJECTION, caller_details="B. Byron, by phone")
    return {"access": access, "complaint": complaint, "deletion": deletion, "caller": caller}


def test_the_register_prints_each_request_with_its_steps_and_a_header_that_says_what_is_shown(
    store, register
):
    made = make_request_register(store, lang="en", now=NOW, invariant=True)
    said = pdfcheck.text_of(made.data)
    assert made.pages >= 2  # the long note went on over the next page
    assert "Register of rights requests" in said
    assert "Every request · every kind" in said
    assert "4 requests: 2 open (0 overdue), 2 completed" in said
    for kind in ("Access", "Complaint", "Deletion", "Objection"):
        assert kind in said
    assert "Ada Lovelace" in said and "B. Byron, by phone" in said
    assert "Wants everything & <all> of it" in said  # escaped, not eaten as markup
    assert "Identity checked" in said and "passport" in said and "Extended" in said
    assert "Completed: Refused" in said and "An unpaid invoice is kept" in said
    assert "Sentence 67 of what the caller said" in said  # nothing of the long note clipped
    page = pdfcheck.reader(made.data).pages[0]
    assert page.mediabox.width > page.mediabox.height  # landscape


def test_the_register_is_filtered_as_the_page_is(store, register):
    shown = make_request_register(store, open_only=True, kind="access", lang="en", now=NOW)
    said = pdfcheck.text_of(shown.data)
    assert "Open requests · Access" in said
    assert "1 requests: 1 open" in said or "1 request" in said
    assert "Complaint" not in said and "B. Byron" not in said


def test_the_register_in_chinese_prints_every_word_in_chinese(store, register):
    made = make_request_register(store, lang="zh", now=NOW, invariant=True)
    said = pdfcheck.text_of(made.data)
    assert "权利请求登记册" in said and "分享给教练应用" in said and "我们已停止分享。" in said
    assert "Register of" not in said and "Identity checked" not in said
    assert made.file_name == "request-register-zh.pdf"


@pytest.mark.parametrize(("paper", "wide"), [("A4", 842), ("Letter", 792)])
def test_the_register_is_landscape_on_the_practices_paper(store, register, paper, wide):
    practice.update_practice(store, {"paper_size": paper}, actor=ACTOR, now=NOW)
    page = pdfcheck.reader(make_request_register(store, lang="en", now=NOW).data).pages[0]
    assert round(float(page.mediabox.width)) == wide


def test_the_csv_has_the_same_rows_as_the_pdf(store, register):
    made = make_request_register(store, fmt=Format.CSV, lang="en", now=NOW)
    assert made.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(made.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["No.", "Request", "Who"]
    assert len(rows) == 5
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number[str(register["caller"].id)][2] == "B. Byron, by phone"
    assert "Refused" in by_number[str(register["deletion"].id)][7]


@needs_dev_full
def test_a_saved_register_is_recorded_once_whole_and_a_bad_name_is_refused(
    store, register, tmp_path, monkeypatch
):
    with pytest.raises(ValidationError, match=r"ending in \.pdf, \.csv"):
        register_format(tmp_path / "register.xlsx")
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "register.pdf"
    made = make_request_register(store, lang="en", now=NOW, save_to=target)
    assert target.read_bytes() == made.data and made.document_ids
    assert [p.name for p in folder.iterdir()] == ["register.pdf"]  # no temporary left
    # A disk that fills up while the file is written leaves the old file and no new record.
    full_from_file(1, monkeypatch)
    with pytest.raises(DiskFull):
        make_request_register(store, lang="en", now=NOW, save_to=target)
    assert target.read_bytes() == made.data
    assert [p.name for p in folder.iterdir()] == ["register.pdf"]
    with store.engine.connect() as connection:
        kinds = connection.execute(
            text("SELECT kind FROM generated_document WHERE kind = 'request_register'")
        ).all()
    assert len(kinds) == 1
