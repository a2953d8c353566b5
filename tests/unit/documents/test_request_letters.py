"""The letters of a rights request: the acknowledgement, the extension notice and the answer
(done, partly, refused, a complaint's response): what each says, in both languages and on both
papers, the address in the envelope window, and names that would break markup or wrap badly."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from app.documents.data import RequestLetterData
from app.documents.page_geometry import geometry_for
from app.documents.request_letters import (
    RequestAcknowledgementLetter,
    RequestAnswerLetter,
    RequestExtensionLetter,
)
from tests.unit.documents import pdfcheck, samples

PAPERS = ["A4", "Letter"]
LANGS = ["en", "zh"]
RECEIVED = datetime(2026, 11, 20, 9, 30)  # the practice's local time


def request_letter(name: str = "Zoë Ångström", lang: str = "en", **fields) -> RequestLetterData:
    values = {
        "lang": lang,
        "practice": samples.PRACTICE,
        "client": samples.client(name, lang),
        "issued_on": date(2026, 11, 21),
        "request_number": 7,
        "kind": "access",
        "channel": "phone",
        "received_at": RECEIVED,
        "topic": "",
        "answer_due": date(2026, 12, 21),
        "identity_pending": True,
        "authorities": ("the Information Commissioner's Office (ICO)",),
    }
    values.update(fields)
    return RequestLetterData(**values)


EXTENDED = {"extended_until": date(2027, 2, 22), "extension_reason": "Records in two archives"}
REFUSED = {
    "outcome": "refused",
    "outcome_reason": "We could not confirm that the request came from you.",
    "completed_on": date(2026, 12, 1),
}


def letter(which: str, paper: str = "A4", **fields):
    data = request_letter(**fields)
    renderer = {
        "acknowledgement": RequestAcknowledgementLetter,
        "extension": RequestExtensionLetter,
        "answer": RequestAnswerLetter,
    }[which]
    if which == "extension":
        data = replace(data, **{k: v for k, v in EXTENDED.items() if k not in fields})
    if which == "answer":
        data = replace(data, **{k: v for k, v in REFUSED.items() if k not in fields})
    return renderer(data, paper=paper)


def text(document) -> str:
    return pdfcheck.text_of(document.render().data)


def _window_text(data: bytes, paper: str) -> list[str]:
    window = geometry_for(paper).window
    return [
        run.strip()
        for run, x, y in pdfcheck.text_positions(data)
        if window.x <= x <= window.right and window.y <= y and y + 8 <= window.top
    ]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("which", ["acknowledgement", "extension", "answer"])
def test_each_letter_is_one_page_titled_in_its_language_with_fonts_embedded(which, lang, paper):
    document = letter(which, paper, lang=lang)
    pdf = document.render()
    opened = pdfcheck.reader(pdf.data)
    assert len(opened.pages) == pdf.page_count == 1
    width, height = (float(v) for v in opened.pages[0].mediabox[2:])
    assert (round(width), round(height)) == ((595, 842) if paper == "A4" else (612, 792))
    assert (
        opened.metadata.title
        == {
            ("acknowledgement", "en"): "We have received your request",
            ("acknowledgement", "zh"): "我们已收到您的请求",
            ("extension", "en"): "We need more time to answer your request",
            ("extension", "zh"): "我们需要更多时间答复您的请求",
            ("answer", "en"): "We cannot carry out your request",
            ("answer", "zh"): "我们无法办理您的请求",
        }[which, lang]
    )
    assert opened.trailer["/Root"]["/Lang"] == ("zh-CN" if lang == "zh" else "en")
    fonts = pdfcheck.fonts(pdf.data)
    assert fonts and all(fonts.values()), fonts
    printed = pdfcheck.text_of(pdf.data)
    assert "ABC-DEFG" in printed and ("请求编号" if lang == "zh" else "Request number") in printed


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("which", ["acknowledgement", "extension", "answer"])
def test_the_clients_address_sits_inside_the_envelope_window(which, paper):
    document = letter(which, paper, name="Tom & <Jerry>")
    shown = _window_text(document.render().data, paper)
    assert shown[-4:] == ["Tom & <Jerry>", "12 Long Lane", "London", "SE1 4PU"]


def test_the_acknowledgement_says_when_what_by_when_the_identity_check_and_the_reference():
    printed = text(letter("acknowledgement"))
    assert "We received your request by phone on 20 November 2026." in printed
    assert "You asked us for a copy of the personal information we hold about you." in printed
    assert "We will answer it by 21 December 2026 at the latest." in printed
    assert "we first need to be sure that the request comes from you" in printed
    assert "Please quote your reference ABC-DEFG and request number 7" in printed


def test_an_acknowledgement_after_the_identity_check_does_not_ask_for_it_again():
    printed = text(letter("acknowledgement", identity_pending=False))
    assert "Before we can act on it" not in printed
    assert "We will answer it by 21 December 2026" in printed


def test_a_complaint_is_acknowledged_with_its_subject_and_the_day_of_the_response():
    printed = text(
        letter(
            "acknowledgement",
            kind="complaint",
            topic="Newsletter after I said no",
            identity_pending=False,
        )
    )
    assert "You sent us a complaint or feedback." in printed
    assert "Subject: Newsletter after I said no" in printed
    assert "We will respond to it by 21 December 2026 at the latest." in printed


def test_the_extension_notice_gives_the_new_date_and_why():
    printed = text(letter("extension"))
    assert "Instead of by 21 December 2026, we will answer by 22 February 2027" in printed
    assert "Why we need more time" in printed and "Records in two archives" in printed


def test_a_refusal_gives_the_reason_recorded_and_the_authorities_to_complain_to():
    printed = text(
        letter(
            "answer",
            authorities=("the Information Commissioner's Office (ICO)", "国家网信办"),
        )
    )
    assert "We have decided not to carry it out, for this reason:" in printed
    assert "We could not confirm that the request came from you." in printed
    assert (
        "complain to the Information Commissioner's Office (ICO), 国家网信办, and to seek"
        in printed
    )


def test_a_partial_answer_says_what_was_not_done_and_how_to_complain():
    printed = text(
        letter("answer", outcome="partly", outcome_reason="Invoices are kept for the tax office.")
    )
    assert "Your request has been partly carried out" in printed
    assert "We carried out part of it on 1 December 2026." in printed
    assert "What we could not do, and why" in printed
    assert "Invoices are kept for the tax office." in printed
    assert "If you disagree" in printed


def test_an_answer_carried_out_says_so_and_needs_no_complaint_route():
    printed = text(letter("answer", outcome="done", outcome_reason=""))
    assert "Your request has been carried out" in printed
    assert "We carried it out in full on 1 December 2026." in printed
    assert "If you disagree" not in printed and "What we keep" not in printed


def test_the_answer_to_a_complaint_carries_the_response_and_the_route_to_complain():
    printed = text(
        letter(
            "answer",
            kind="complaint",
            outcome="done",
            outcome_reason="",
            response="We have taken you off the newsletter list and apologise.",
        )
    )
    assert "Our response to your complaint or feedback" in printed
    assert "We have taken you off the newsletter list and apologise." in printed
    assert "If you disagree" in printed


def test_what_is_kept_after_an_erasure_prints_only_when_its_input_names_records():
    kept = ("Invoices: tax law requires six years.", "This request: proof we answered it.")
    printed = text(letter("answer", kind="deletion", outcome="done", kept_records=kept))
    assert "What we keep, and why" in printed
    assert all(line in printed for line in kept)


def test_the_chinese_letters_are_chinese_and_extract():
    printed = text(letter("acknowledgement", name="王伟", lang="zh"))
    assert "尊敬的王伟" in printed
    assert "您要求我们提供我们所持有的您的个人信息副本。" in printed
    assert "我们最迟将于2026年12月21日前答复。" in printed


@pytest.mark.parametrize(
    "name",
    [
        "Maximiliane Alexandra von Hohenzollern-Sigmaringen-Wittelsbach de la Tour d'Auvergne",
        "مريم حداد",
        "Tom & <Jerry>",
    ],
)
@pytest.mark.parametrize("paper", PAPERS)
def test_long_and_right_to_left_names_stay_in_the_window_and_in_the_text(name, paper):
    document = letter("answer", paper, name=name)
    data = document.render().data
    assert len(pdfcheck.reader(data).pages) == 1
    shown = " ".join(_window_text(data, paper))
    assert "SE1 4PU" in shown
    words = name.split()
    assert words[0] in shown or words[0][:6] in shown
