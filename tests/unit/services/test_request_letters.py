"""A rights request's letters from the records: the one its step calls for, in the client's
language and on the practice's paper, the complaint route from the ticked rule sets, refused
in one sentence when the record does not support it, and recorded only once written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.domain.enums import Channel, RequestKind
from app.domain.errors import ValidationError
from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.services import practice, request_letters, requests
from app.services.errors import NotFound
from app.services.requests import RequestDraft
from tests.helpers.factories import ACTOR, NOW, make_client
from tests.unit.documents import pdfcheck

LATER = NOW + timedelta(hours=2)


@pytest.fixture
def ada(store):
    """A GDPR and CCPA practice that promises 90 days (so the law's extension gains time),
    and a client at a London address."""
    practice.update_practice(
        store,
        {"jurisdictions": ("gdpr", "ccpa"), "promise_request_days": 90},
        actor=ACTOR,
        now=NOW,
    )
    return make_client(
        store, "Ada", "Lovelace", street="12 Long Lane", city="London", postal_code="SE1 4PU",
        country_code="GB",
    )  # fmt: skip


def phone_request(store, client, kind=RequestKind.ACCESS, **fields):
    return requests.log_request(
        store,
        RequestDraft(
            kind=kind,
            channel=Channel.PHONE,
            client_ref=client.ref if client else None,
            received_at=NOW - timedelta(hours=1),
            **fields,
        ),
        actor=ACTOR,
        now=NOW,
    )


def _documents(store) -> list[tuple[str, int | None, str]]:
    with unit_of_work(store.engine) as session:
        rows = session.scalars(select(GeneratedDocument).order_by(GeneratedDocument.id))
        return [(row.kind, row.client_id, row.file_name) for row in rows]


def test_each_step_calls_for_its_letter_and_a_saved_one_is_recorded(store, ada, tmp_path):
    row = phone_request(store, ada)
    preview = request_letters.render_request_letter(store, row.id, now=LATER)
    assert preview.kind == "request_acknowledgement" and _documents(store) == []
    printed = pdfcheck.text_of(preview.data)
    assert "Dear Ada Lovelace," in printed
    assert "we first need to be sure that the request comes from you" in printed

    requests.verify_identity(store, row.id, method="Called back", actor=ACTOR, now=LATER)
    requests.extend_request(store, row.id, reason="Two archives", actor=ACTOR, now=LATER)
    target = tmp_path / "extension.pdf"
    saved = request_letters.render_request_letter(store, row.id, now=LATER, save_to=target)
    assert saved.kind == "request_extension" and target.read_bytes() == saved.data
    assert "Two archives" in pdfcheck.text_of(saved.data)
    assert _documents(store) == [("request_extension", ada.id, saved.file_name)]
    assert saved.file_name == f"request-extension-{row.id}-{saved.client_refs[0]}-en.pdf"

    requests.complete_request(
        store, row.id, outcome="refused", reason="The archive burnt down.", actor=ACTOR, now=LATER
    )
    answer = request_letters.render_request_letter(store, row.id, now=LATER)
    printed = pdfcheck.text_of(answer.data)
    assert answer.kind == "request_answer" and "The archive burnt down." in printed
    assert "Information Commissioner" in printed  # the complaint route of the ticked rules


def test_the_complaint_route_names_the_authority_of_every_ticked_rule_set(store, ada):
    row = phone_request(store, ada)
    requests.complete_request(
        store, row.id, outcome="refused", reason="Not ours to give", actor=ACTOR, now=LATER
    )
    [data] = [
        request_letters.letter_input_of(store, row.id, "answer", lang=lang, now=LATER)
        for lang in ("en",)
    ]
    assert len(data.authorities) == 2  # the GDPR one of the practice's country, and CCPA's
    chinese = request_letters.letter_input_of(store, row.id, "answer", lang="zh", now=LATER)
    assert chinese.authorities != data.authorities and all(chinese.authorities)


def test_a_letter_the_record_does_not_support_is_refused_and_nothing_recorded(store, ada, tmp_path):
    row = phone_request(store, ada)
    target = tmp_path / "letter.pdf"
    with pytest.raises(ValidationError, match="has no extension on record"):
        request_letters.render_request_letter(store, row.id, "extension", save_to=target)
    with pytest.raises(ValidationError, match="is not completed yet"):
        request_letters.render_request_letter(store, row.id, "answer", save_to=target)
    caller = phone_request(store, None, caller_details="Someone called Ada")
    with pytest.raises(ValidationError, match="not matched to a client"):
        request_letters.render_request_letter(store, caller.id, save_to=target)
    with pytest.raises(NotFound):
        request_letters.render_request_letter(store, 999, save_to=target)
    with pytest.raises(ValidationError, match="A4 or Letter"):
        request_letters.render_request_letter(store, row.id, paper="A5", save_to=target)
    assert not target.exists() and _documents(store) == []


def test_the_letter_follows_the_clients_language_and_the_practices_paper(store):
    practice.update_practice(store, {"paper_size": "Letter"}, actor=ACTOR, now=NOW)
    wang = make_client(store, "伟", "王", language="zh", country_code="CN")
    row = phone_request(store, wang, kind=RequestKind.DELETION)
    made = request_letters.render_request_letter(store, row.id, now=LATER)
    opened = pdfcheck.reader(made.data)
    width, height = (float(v) for v in opened.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (612, 792)
    printed = pdfcheck.text_of(made.data)
    assert "尊敬的王伟" in printed and "您要求我们删除我们所持有的您的个人信息。" in printed
    assert made.file_name.endswith("-zh.pdf")
