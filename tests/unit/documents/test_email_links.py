"""A client who would rather email opens one from the notice or the opt-out form with their
reference already in the subject: a link in the PDF, and a QR code for the printed page."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.documents.forms import OptOutForm
from app.documents.notice import PrivacyNotice
from tests.unit.documents import pdfcheck, samples

FORM_LINK = "mailto:hello@riverside.example?subject=Opt%20out%20ABC-DEFG"
NOTICE_LINK = "mailto:hello@riverside.example?subject=Privacy%20question%20ABC-DEFG"


def links(data: bytes) -> list[str]:
    found = []
    for page in pdfcheck.reader(data).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get("/S") == "/URI":
                found.append(str(action["/URI"]))
    return found


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_opt_out_form_links_an_email_titled_with_the_clients_reference(paper):
    pdf = OptOutForm(samples.optout_form("Zoë"), paper=paper).render()

    assert links(pdf.data) == [FORM_LINK]
    text = pdfcheck.text_of(pdf.data)
    assert "Rather send an email?" in text and "“Opt out ABC-DEFG”" in text
    assert pdf.page_count == 1  # the email lines fit beside the signature's ending


def test_the_chinese_opt_out_form_titles_the_email_in_chinese_words_the_reader_knows():
    pdf = OptOutForm(samples.optout_form("王伟", "zh"), paper="A4").render()

    [link] = links(pdf.data)
    assert link == (
        "mailto:hello@riverside.example?subject=%E9%80%89%E6%8B%A9%E9%80%80%E5%87%BA%20ABC-DEFG"
    )  # 选择退出 ABC-DEFG
    assert "主题写“选择退出 ABC-DEFG”" in pdfcheck.text_of(pdf.data)


def test_the_blank_opt_out_form_links_an_email_titled_opt_out_alone():
    pdf = OptOutForm(samples.optout_form(None), paper="A4").render()
    assert links(pdf.data) == ["mailto:hello@riverside.example?subject=Opt%20out"]


def test_a_practice_without_an_email_address_offers_none():
    no_email = replace(samples.PRACTICE, email="")
    form = replace(samples.optout_form("Zoë"), practice=no_email)

    pdf = OptOutForm(form, paper="A4").render()

    assert links(pdf.data) == []
    assert "Rather send an email?" not in pdfcheck.text_of(pdf.data)


def test_a_personal_notice_links_an_email_with_the_reference_and_no_request_words():
    pdf = PrivacyNotice(samples.notice("Zoë"), paper="A4").render()

    assert links(pdf.data) == [NOTICE_LINK]
    first_page = pdfcheck.page_texts(pdf.data)[0]
    assert "“Privacy question ABC-DEFG”" in first_page


def test_a_generic_notice_has_no_reference_to_put_in_an_email():
    pdf = PrivacyNotice(samples.notice(None), paper="A4").render()
    assert links(pdf.data) == []


@pytest.mark.skipif(
    not (pdfcheck.have("zbarimg") and pdfcheck.have("pdftoppm")),
    reason="zbar-tools and poppler-utils read the QR code back",
)
def test_the_notices_qr_code_opens_the_same_email_as_its_link():
    pdf = PrivacyNotice(samples.notice("Zoë"), paper="Letter").render()
    assert pdfcheck.decode_qr(pdf.data, dpi=150) == [NOTICE_LINK]
