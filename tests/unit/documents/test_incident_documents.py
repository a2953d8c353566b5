"""The report of a breach to the authority and the letter to an affected client: what they say
in both languages, on both papers, the address in the envelope window, and nothing drawn
outside the page's text area however long what the practice typed."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone

import pytest

from app.documents.data import (
    BreachDeadline,
    CategoryInfo,
    IncidentFacts,
    IncidentLetterData,
    IncidentReportData,
)
from app.documents.incident_letter import IncidentLetter
from app.documents.incident_report import IncidentReport
from app.documents.page_geometry import geometry_for
from app.domain.incidents import protective_steps
from app.i18n import translator
from tests.unit.documents import pdfcheck, samples

PAPERS = ["A4", "Letter"]
LANGS = ["en", "zh"]
ZONE = timezone(timedelta(hours=1))
AWARE = datetime(2026, 12, 23, 23, 30, tzinfo=ZONE)


def facts(lang: str = "en", **fields) -> IncidentFacts:
    _ = translator(lang)
    zh = lang == "zh"
    values = {
        "number": 4,
        "kind": "vendor_breach",
        "summary": "TrainLoop told us that a copy of its client database was taken.",
        "happened_at": AWARE - timedelta(days=2),
        "aware_at": AWARE,
        "vendor": "TrainLoop",
        "categories": (
            CategoryInfo("联系方式" if zh else "Contact details", False, "contact"),
            CategoryInfo(
                "健康与体能评估" if zh else "Health and fitness assessments", True, "health"
            ),
        ),
        "consequences": "Someone could learn of an injury.",
        "measures_taken": "Every account was reset.",
        "measures_proposed": "We review TrainLoop's security before sending more.",
        "encrypted": "no",
        "protective_steps": tuple(_(step) for step in protective_steps(("contact", "health"))),
    }
    values.update(fields)
    return IncidentFacts(**values)


def report(lang: str = "en", **fields) -> IncidentReportData:
    values = {
        "lang": lang,
        "practice": samples.PRACTICE,
        "issued_on": date(2026, 12, 24),
        "incident": facts(lang),
        "affected_count": 37,
        "people_count": None,
        "records_count": 120,
        "risk": "high",
        "risk_reasons": "Health data, not encrypted.",
        "deadlines": (
            BreachDeadline("UK GDPR", "Art. 33(1)", AWARE + timedelta(hours=72)),
            BreachDeadline("PIPL", "Art. 57", AWARE),
        ),
        "authority_due_at": AWARE,
        "notified_at": None,
        "delay_reason": "",
        "late": False,
        "citations": (
            ("nature", ("UK GDPR Art. 33(3)(a)", "PIPL Art. 57(1)")),
            ("self_help", ("PIPL Art. 57(2)",)),
        ),
    }
    values.update(fields)
    return IncidentReportData(**values)


def letter(name: str = "Zoë Ångström", lang: str = "en", **fields) -> IncidentLetterData:
    values = {
        "lang": lang,
        "practice": samples.PRACTICE,
        "client": samples.client(name, lang),
        "issued_on": date(2026, 12, 24),
        "incident": facts(lang),
    }
    values.update(fields)
    return IncidentLetterData(**values)


def _inside_text_area(data: bytes, paper: str) -> None:
    """Every word of every page lies within the paper's margins (the footer's band included)."""
    g = geometry_for(paper)
    for page in range(len(pdfcheck.reader(data).pages)):
        for word, x0, y0, x1, y1 in pdfcheck.word_boxes(data, page):
            assert x0 >= g.margin_left - 14 and x1 <= g.width - g.margin_right + 0.5, (page, word)
            assert y0 >= g.margin_bottom - 12 and y1 <= g.height - 8, (page, word)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_report_opens_with_its_metadata_every_section_and_embedded_fonts(lang, paper):
    document = IncidentReport(report(lang), paper=paper)
    pdf = document.render()
    opened = pdfcheck.reader(pdf.data)
    width, height = (float(v) for v in opened.pages[0].mediabox[2:])
    assert (round(width), round(height)) == ((595, 842) if paper == "A4" else (612, 792))
    assert opened.metadata.title == {"en": "Report of a personal data breach",
                                     "zh": "个人信息泄露事件报告"}[lang]  # fmt: skip
    assert opened.metadata.author == samples.PRACTICE.name
    assert opened.trailer["/Root"]["/Lang"] == ("zh-CN" if lang == "zh" else "en")
    assert all(pdfcheck.fonts(pdf.data).values())
    text = pdfcheck.text_of(pdf.data)
    headings = {
        "en": ["1. Nature of the breach", "2. Categories of personal data", "3. People and",
               "4. When it happened", "5. Likely consequences", "6. Measures taken",
               "7. What the people can do", "8. Contact point"],
        "zh": ["1. 事件性质", "2. 涉及的个人信息种类", "3. 涉及的人数", "4. 发生、发现",
               "5. 可能的后果", "6. 已采取或拟采取", "7. 个人可以采取", "8. 联系方式"],
    }[lang]  # fmt: skip
    for heading in headings:
        assert heading in text, heading
    assert "UK GDPR Art. 33(3)(a) · PIPL Art. 57(1)" in text
    assert ("报送部门" if lang == "zh" else "Addressed to") in text  # the authority, first
    assert "UTC+01:00" in text  # the authority reads the offset of every moment
    assert "Jordan Hale, owner" in text and "hello@riverside.example" in text
    if pdfcheck.have("pdftotext"):
        _inside_text_area(pdf.data, paper)


def test_the_report_gives_the_counts_the_times_and_the_deadlines():
    text = pdfcheck.text_of(IncidentReport(report(), paper="A4").render().data)
    assert "Approximate number of people concerned: 37" in text
    assert "Of them, clients on our records: 37" in text
    assert "Approximate number of records concerned: 120" in text
    assert "We became aware of it: 23 December 2026, 23:30 (UTC+01:00)" in text
    assert "To be reported under UK GDPR Art. 33(1) by: 26 December 2026, 23:30" in text
    assert "To be reported under PIPL Art. 57 by: immediately" in text
    assert "Reported to you: with this report, dated 24 December 2026" in text
    assert "Was the data encrypted? No: the data was not encrypted." in text
    assert "Health and fitness assessments (sensitive: special category data)" in text
    assert "Check your bank" not in text  # no payment data: no advice about it
    assert "Reasons for the delay" not in text


def test_a_late_report_leaves_room_for_the_reasons_and_an_estimate_overrides_the_count():
    late = report(late=True, people_count=500, notified_at=AWARE + timedelta(hours=80))
    text = pdfcheck.text_of(IncidentReport(late, paper="A4").render().data)
    assert "Reasons for the delay: Not recorded yet." in text
    assert "Approximate number of people concerned: 500" in text
    assert "Reported to you: 27 December 2026, 07:30 (UTC+01:00)" in text


@pytest.mark.parametrize("paper", PAPERS)
def test_long_texts_run_over_pages_and_stay_on_them(paper):
    long = " ".join(["The vendor's investigation found more each day, & <more>."] * 60)
    data = report(
        incident=facts(summary=long, consequences=long, measures_taken=long),
        risk_reasons=long,
    )
    pdf = IncidentReport(data, paper=paper).render()
    assert pdf.page_count >= 4
    assert "& <more>." in pdfcheck.text_of(pdf.data)
    if pdfcheck.have("pdftotext"):
        _inside_text_area(pdf.data, paper)


# -- the letter ---------------------------------------------------------------------------------


def _window_text(data: bytes, paper: str) -> list[str]:
    window = geometry_for(paper).window
    return [
        text.strip()
        for text, x, y in pdfcheck.text_positions(data)
        if window.x <= x <= window.right and window.y <= y and y + 8 <= window.top
    ]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("lang", LANGS)
def test_the_letter_says_what_happened_what_data_what_we_did_and_what_to_do(lang, paper):
    pdf = IncidentLetter(letter(lang=lang), paper=paper).render()
    text = pdfcheck.text_of(pdf.data)
    words = {
        "en": ["What happened", "Which of your information", "What this may mean for you",
               "What we have done", "What you can do", "Who to contact",
               "Health and fitness assessments", "The information was not encrypted.",
               "Every account was reset.", "Jordan Hale, owner", "Kind regards"],
        "zh": ["涉及您的哪些信息", "这对您可能意味着什么", "我们采取的措施",
               "您可以做什么", "联系我们", "健康与体能评估", "这些信息未加密。", "此致敬礼"],
    }[lang]  # fmt: skip
    for expected in words:
        assert expected in text, expected
    assert all(pdfcheck.fonts(pdf.data).values())
    if pdfcheck.have("pdftotext"):
        _inside_text_area(pdf.data, paper)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", ["Tom & <Jerry>", "مريم حداد", "王伟"])
def test_the_letter_prints_the_client_address_inside_the_envelope_window(name, paper):
    lang = "zh" if name == "王伟" else "en"
    pdf = IncidentLetter(letter(name, lang), paper=paper).render()
    shown = _window_text(pdf.data, paper)
    assert name.replace(" ", "") in "".join(shown).replace(" ", "")
    assert shown[-1] == samples.client(name, lang).address_lines[-1]


def test_a_letter_with_nothing_assessed_yet_says_so_instead_of_leaving_gaps():
    empty = facts(consequences="", measures_taken="", measures_proposed="", categories=(),
                  encrypted="", vendor="", happened_at=None)  # fmt: skip
    text = pdfcheck.text_of(IncidentLetter(letter(incident=empty), paper="A4").render().data)
    assert "We are still assessing what it may mean for you" in text
    assert "We are looking into it" in text
    assert "We are still finding out which information it is." in text
    assert "We learnt of it on 23 December 2026." in text
    assert "encrypted" not in text


def test_output_is_byte_identical_with_invariant():
    one = IncidentLetter(letter(), paper="A4").render(invariant=True).data
    two = IncidentLetter(dataclasses.replace(letter()), paper="A4").render(invariant=True).data
    assert one == two
