"""The documents themselves: pages, text, metadata, fonts, languages, escaping (pypdf)."""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest

from app.documents.forms import ConsentForm, OptOutForm
from app.documents.letters import PolicyUpdateLetter
from app.documents.notice import PrivacyNotice
from app.documents.rendering import render_pdf
from tests.unit.documents import pdfcheck, samples

ROOT = Path(__file__).resolve().parents[3]
HOSTILE = ROOT.parent / "shared" / "samples" / "hostile_strings.txt"
if not HOSTILE.exists():  # a checkout without ../shared: the copy taken with these tests
    HOSTILE = Path(__file__).with_name("hostile_strings.txt")


def _hostile(section: str) -> list[str]:
    lines, current = [], None
    for line in HOSTILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
        elif current == section:
            lines.append(line)
    return lines


def _client_documents(name: str, lang: str, paper: str = "A4"):
    return {
        "notice": PrivacyNotice(samples.notice(name, lang), paper=paper),
        "consent form": ConsentForm(samples.consent_form(name, lang), paper=paper),
        "opt-out form": OptOutForm(samples.optout_form(name, lang), paper=paper),
    }


ALL = {
    "generic notice": lambda lang, paper: PrivacyNotice(samples.notice(None, lang), paper=paper),
    "notice": lambda lang, paper: PrivacyNotice(samples.notice("Zoë", lang), paper=paper),
    "consent form": lambda lang, paper: ConsentForm(samples.consent_form("Zoë", lang), paper=paper),
    "opt-out form": lambda lang, paper: OptOutForm(samples.optout_form("Zoë", lang), paper=paper),
    "blank opt-out form": lambda lang, paper: OptOutForm(
        samples.optout_form(None, lang), paper=paper
    ),
    "update letter": lambda lang, paper: PolicyUpdateLetter(
        samples.update_letter("Zoë", lang), paper=paper
    ),
}


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("which", sorted(ALL))
def test_every_document_opens_with_metadata_numbered_pages_and_embedded_fonts(which, lang, paper):
    document = ALL[which](lang, paper)
    pdf = document.render()
    opened = pdfcheck.reader(pdf.data)
    assert len(opened.pages) == pdf.page_count >= 1
    width, height = (float(v) for v in opened.pages[0].mediabox[2:])
    assert (round(width), round(height)) == ((595, 842) if paper == "A4" else (612, 792))
    assert opened.metadata.title == document.title()
    assert opened.metadata.author == samples.PRACTICE.name
    assert opened.trailer["/Root"]["/Lang"] == ("zh-CN" if lang == "zh" else "en")
    fonts = pdfcheck.fonts(pdf.data)
    assert fonts and all(fonts.values()), fonts  # every font embedded: no Helvetica
    last = pdfcheck.page_texts(pdf.data)[-1]
    count = pdf.page_count
    assert (f"第 {count} 页，共 {count} 页" if lang == "zh" else f"Page {count} of {count}") in last


def test_the_notice_has_every_section_of_design_6_1_in_order():
    text = pdfcheck.text_of(PrivacyNotice(samples.notice("Zoë"), paper="A4").render().data)
    headings = [
        "1. Who we are and how to reach us",
        "2. What information we use and why",
        "3. Who receives it",
        "4. Choices that need your consent",
        "5. How we protect your information",
        "6. Your rights",
        "7. How to opt out or change your mind",
        "8. How long we keep your information",
        "9. Version and changes",
    ]
    positions = [text.index(heading) for heading in headings]
    assert positions == sorted(positions)
    for expected in (
        "hello@riverside.example",  # how to reach us, and to opt out by email
        "https://riverside.example/opt-out",  # online opt-out
        "For example: You see your plan the same day.",
        "Paydeck (Paydeck Ltd)",
        "United Kingdom, Ireland",  # where it is kept
        "Adequacy regulations",  # safeguard of a transfer abroad
        "Complain to Information Commissioner's Office (ICO)",
        "Yes: you agreed on 3 May 2025",  # the client's current choices
        "No: you withdrew your consent on 20 November 2026",
        "Version 2, effective 1 December 2026",
        "We added a newsletter tool & <new> wording.",  # escaped, not eaten as markup
        "Service provider added: Postbird <Mail>.",
        "Paydeck (Taking payment)",  # goes on after an opt-out, and says so
    ):
        assert expected in text


def test_the_generic_notice_says_why_consent_is_needed_instead_of_choices():
    text = pdfcheck.text_of(PrivacyNotice(samples.notice(None), paper="A4").render().data)
    assert "Why consent is needed" in text
    assert "We rely on your consent for it; it includes sensitive personal information" in text
    assert "Your current choice" not in text and "Prepared for" not in text


def test_chinese_documents_are_chinese_and_their_text_extracts():
    text = pdfcheck.text_of(PrivacyNotice(samples.notice("王伟", "zh"), paper="A4").render().data)
    for expected in ("隐私声明", "我们是谁，如何联系我们", "第三方服务提供商", "您的权利", "王伟",
                     "2026年12月1日"):  # fmt: skip
        assert expected in text
    letter = pdfcheck.text_of(
        PolicyUpdateLetter(samples.update_letter("王伟", "zh"), paper="A4").render().data
    )
    assert "尊敬的王伟：" in letter and "需要您作出的决定" in letter


def test_the_consent_form_has_one_yes_no_pair_per_sharing_that_needs_consent():
    data = samples.consent_form("Zoë")
    text = pdfcheck.text_of(ConsentForm(data, paper="A4").render().data)
    assert text.count("Yes, I agree") == text.count("No, I do not agree") == len(data.sharings)
    assert "1. TrainLoop: Delivering your training programme" in text
    assert "2. Postbird <Mail>: Newsletter and offers" in text
    assert "Signature" in text and "ABC-DEFG" in text


def test_the_opt_out_form_offers_all_marketing_and_each_sharing_that_can_stop():
    text = pdfcheck.text_of(OptOutForm(samples.optout_form("Zoë"), paper="A4").render().data)
    assert "Everything:" in text and "Marketing only:" in text
    assert "TrainLoop: Delivering your training programme" in text
    # Payment goes on (contract): named as continuing, without a box of its own.
    assert "Paydeck: Taking payment" not in text
    assert "Paydeck (Taking payment)" in text
    blank = pdfcheck.text_of(OptOutForm(samples.optout_form(None), paper="A4").render().data)
    assert "Your name" in blank and "ABC-DEFG" not in blank


@pytest.mark.skipif(
    not (pdfcheck.have("zbarimg") and pdfcheck.have("pdftoppm")),
    reason="zbar-tools and poppler-utils read the QR code back",
)
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_opt_out_qr_codes_hold_the_reference_and_the_email_read_from_a_150_dpi_scan(paper):
    pdf = OptOutForm(samples.optout_form("Zoë"), paper=paper).render()
    # The coach's (top right, the reference alone) and the client's (an email to write).
    assert sorted(pdfcheck.decode_qr(pdf.data, dpi=150)) == [
        "ABC-DEFG",
        "mailto:hello@riverside.example?subject=Opt%20out%20ABC-DEFG",
    ]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_lines_to_sign_on_never_start_a_page_without_a_question(paper):
    turned = 0
    for count in range(2, 9):
        sharings = tuple(
            replace(samples.APP, id=n, vendor=f"Vendor {n}") for n in range(1, count + 1)
        )
        data = replace(samples.consent_form("Zoë"), sharings=sharings)
        pdf = ConsentForm(data, paper=paper).render()
        page, lines = pdfcheck.lines_above(pdf.data, "Signature")
        if page:
            turned += 1
            assert lines >= 2 and "Yes, I agree" in pdfcheck.page_texts(pdf.data)[page]
    assert turned  # some of these forms do run over
    # Kept together, yet no page of its own where it fits: two questions take one page.
    assert ConsentForm(samples.consent_form("Zoë"), paper=paper).render().page_count == 1


def test_output_is_byte_identical_with_invariant():
    def render():
        return render_pdf(
            [
                PrivacyNotice(samples.notice("Zoë"), paper="A4"),
                OptOutForm(samples.optout_form("王伟", "zh"), paper="A4"),
            ],
            invariant=True,
        ).data

    assert render() == render()


def test_a_batch_numbers_the_pages_of_each_document_separately():
    documents = [PrivacyNotice(samples.notice(f"Client {n}"), paper="A4") for n in range(3)]
    pdf = render_pdf(documents, invariant=True)
    single = documents[0].render().page_count
    assert pdf.pages == (single,) * 3
    texts = pdfcheck.page_texts(pdf.data)
    for first in range(0, 3 * single, single):
        assert f"Page 1 of {single}" in texts[first]
        assert f"Client {first // single}" in texts[first]


def _forms_used(data: bytes) -> list[int]:
    """How many form XObjects each page of a PDF shows."""
    return [
        sum(
            1
            for xobject in (page.get("/Resources", {}).get("/XObject") or {}).values()
            if xobject.get_object().get("/Subtype") == "/Form"
        )
        for page in pdfcheck.reader(data).pages
    ]


def test_a_batch_shares_the_notices_common_parts_and_a_lone_notice_draws_them_in_place():
    batch = render_pdf([PrivacyNotice(samples.notice(f"Client {n}"), paper="A4") for n in range(2)])
    lone = PrivacyNotice(samples.notice("Client 0"), paper="A4").render()
    shared = _forms_used(batch.data)
    assert shared[: lone.page_count] == shared[lone.page_count :] and sum(shared) > 10
    assert sum(_forms_used(lone.data)) == 0
    assert pdfcheck.page_texts(lone.data) == pdfcheck.page_texts(batch.data)[: lone.page_count]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", _hostile("appear"))
def test_every_hostile_name_appears_verbatim_in_notice_consent_and_opt_out_forms(name, lang):
    for which, document in _client_documents(name, lang).items():
        text = pdfcheck.text_of(document.render().data)
        assert pdfcheck.normalised(name) in text, which


@pytest.mark.parametrize("name", _hostile("survive"))
def test_names_in_other_scripts_and_oddities_never_break_a_document(name):
    for lang in ("en", "zh"):
        documents = [
            *_client_documents(name, lang, "Letter").values(),
            PolicyUpdateLetter(samples.update_letter(name, lang), paper="A4"),
        ]
        for document in documents:
            pdf = document.render()
            assert pdfcheck.reader(pdf.data).pages


def test_two_threads_can_render_the_same_notice_content_at_once():
    content = samples.content()
    results: dict[str, str] = {}

    def render(name: str) -> None:
        for _ in range(3):
            data = samples.notice(name)
            notice = PrivacyNotice(type(data)(content, data.issued_on, data.client), paper="A4")
            results[name] = pdfcheck.text_of(notice.render().data)

    threads = [threading.Thread(target=render, args=(name,)) for name in ("Ada One", "Bob Two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert "Ada One" in results["Ada One"] and "Bob Two" in results["Bob Two"]
    assert "Bob Two" not in results["Ada One"]


def test_a_generic_notice_after_a_personalised_one_shows_nobodys_choices():
    # The shared parts of a notice are cached per content; the choices must never be.
    personal = samples.notice("Zoë")
    PrivacyNotice(personal, paper="A4").render()
    generic = pdfcheck.text_of(PrivacyNotice(samples.notice(None), paper="A4").render().data)
    assert "Why consent is needed" in generic
    assert "Your current choice" not in generic


def _marks_in_the_middle(data: bytes, mark: str) -> list[int]:
    """How many runs reading `mark` each page has in its middle third (the footer is not)."""
    counts = []
    for number, page in enumerate(pdfcheck.reader(data).pages):
        width, height = (float(v) for v in page.mediabox[2:])
        counts.append(
            sum(
                1
                for text, x, y in pdfcheck.text_positions(data, number)
                if text.strip() == mark
                and width / 6 < x < width * 5 / 6
                and height / 3 < y < height * 2 / 3
            )
        )
    return counts


@pytest.mark.parametrize(("lang", "mark"), [("en", "DRAFT"), ("zh", "草稿")])
def test_a_draft_notice_is_marked_draft_across_every_page_and_a_published_one_is_not(lang, mark):
    from dataclasses import replace

    published = samples.notice("Zoë", lang)
    draft = replace(published, content=samples.content(lang, number=None))
    drafted = PrivacyNotice(draft, paper="A4").render()
    assert drafted.page_count >= 2
    assert all(count >= 1 for count in _marks_in_the_middle(drafted.data, mark))
    issued = PrivacyNotice(published, paper="A4").render()
    assert not any(_marks_in_the_middle(issued.data, mark))


def test_the_draft_mark_is_faint_enough_to_read_the_text_under_it():
    """Drawn over the page, the mark is nearly transparent; a solid one hid words (seen)."""
    from dataclasses import replace

    draft = replace(samples.notice("Zoë"), content=samples.content("en", number=None))
    reader = pdfcheck.reader(PrivacyNotice(draft, paper="A4").render().data)
    for page in reader.pages:
        states = page["/Resources"].get("/ExtGState", {})
        alphas = [float(state.get_object().get("/ca", 1)) for state in states.values()]
        assert alphas and max(alphas) <= 0.2
