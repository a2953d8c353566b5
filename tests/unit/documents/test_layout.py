"""Page geometry, window-envelope address blocks, fonts per run of text, escaping."""

from __future__ import annotations

from dataclasses import replace

import pytest
from reportlab.lib.units import inch, mm
from reportlab.platypus import Paragraph

from app.documents import fonts
from app.documents.forms import ConsentForm, OptOutForm
from app.documents.letters import PolicyUpdateLetter
from app.documents.page_geometry import Rect, geometry_for
from app.documents.styles import stylesheet
from tests.unit.documents import pdfcheck, samples


def test_a4_follows_din_5008_form_b_and_letter_a_us_number_10_window():
    a4 = geometry_for("A4")
    height = a4.height
    assert (a4.window.x, height - a4.window.top) == pytest.approx((20 * mm, 45 * mm))
    assert (a4.window.width, a4.window.height) == pytest.approx((85 * mm, 45 * mm))
    assert [height - y for y in (a4.window.top, a4.address_zone.top)] == pytest.approx(
        [45 * mm, 62.7 * mm]
    )
    assert a4.fold_marks_from_top == pytest.approx((105 * mm, 210 * mm))
    letter = geometry_for("Letter")
    assert (letter.window.width, letter.window.height) == pytest.approx((4.5 * inch, 1.125 * inch))
    assert letter.fold_marks_from_top == pytest.approx((11 / 3 * inch, 22 / 3 * inch))
    for geometry in (a4, letter):
        assert geometry.window.contains(geometry.address_zone)
        assert geometry.window.contains(geometry.sender_zone)
        # The letter's text starts below the window and the date block right of it, so
        # nothing else shows through the window.
        assert geometry.height - geometry.letter_body_from_top < geometry.window.y
        assert geometry.info_x > geometry.window.right


def _window_text(data: bytes, paper: str) -> list[str]:
    """The text runs of page 1 whose whole line height is inside the envelope window."""
    window = geometry_for(paper).window
    return [
        text.strip()
        for text, x, y in pdfcheck.text_positions(data)
        if window.x <= x <= window.right and window.y <= y and y + 8 <= window.top
    ]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_update_letter_prints_the_client_address_inside_the_envelope_window(paper):
    letter = PolicyUpdateLetter(samples.update_letter("Zoë Ångström"), paper=paper)
    shown = _window_text(letter.render().data, paper)
    sender = "Riverside Strength & Co, Unit 3, Bankside Yard, 27 Sumner Street, London, SE1 9TG"
    # The return line takes two rows on A4 rather than shrink under 5.75 pt.
    assert " ".join(shown[:-4]) == sender and len(shown) - 4 == {"A4": 2, "Letter": 1}[paper]
    assert shown[-4:] == ["Zoë Ångström", "12 Long Lane", "London", "SE1 4PU"]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("form", [ConsentForm, OptOutForm])
def test_returned_forms_print_the_practice_address_inside_the_window(form, paper):
    data = {ConsentForm: samples.consent_form, OptOutForm: samples.optout_form}[form]("Zoë")
    shown = _window_text(form(data, paper=paper).render().data, paper)
    assert shown == [
        "Riverside Strength & Co",
        "Unit 3, Bankside Yard",
        "27 Sumner Street",
        "London",
        "SE1 9TG",
    ]


LONG_ADDRESSES = {
    "a long name": (
        "Dr. Maximiliane Alexandra Theodora von Hohenzollern-Sigmaringen-Wittelsbach zu Bayern",
        "12 Long Lane",
        "London",
        "SE1 4PU",
    ),
    "six long lines": (
        "Dr. Maximiliane Alexandra von Hohenzollern-Sigmaringen-Wittelsbach",
        "c/o Fitness & Physiotherapie Zentrum Nord GmbH & Co. KG",
        "Apartment 12B, Building 7, Entrance C, Third Floor",
        "1234 Extraordinarily Long Boulevard Name Northwest",
        "Springfield, IL 62704-1234",
        "UNITED STATES OF AMERICA",
    ),
    "a name of one 200-letter word": ("A" * 200, "12 Long Lane", "London", "SE1 4PU"),
    "ten lines": (*(f"Line {n} of an address that goes on" for n in range(1, 10)), "SE1 4PU"),
    "a long chinese address": (
        "欧阳娜娜",
        "北京市朝阳区建国门外大街1号国贸写字楼二座二十八层二八零一室收发室转交健身部",
        "北京",
        "100004",
    ),
}


def _address_words(data: bytes, paper: str) -> list[tuple[str, float, float, float, float]]:
    """The words under the return line, left of the date block, above the letter's text."""
    g = geometry_for(paper)
    return [
        word
        for word in pdfcheck.word_boxes(data)
        if word[1] < g.window.right and word[4] <= g.sender_zone.y + 1
        and word[2] > g.height - g.letter_body_from_top
    ]  # fmt: skip


@pytest.mark.skipif(not pdfcheck.have("pdftotext"), reason="poppler-utils measures the words")
@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("which", sorted(LONG_ADDRESSES))
def test_a_long_name_or_address_stays_inside_the_window_and_keeps_its_postal_lines(paper, which):
    lines = LONG_ADDRESSES[which]
    lang = "zh" if "chinese" in which else "en"
    data = samples.update_letter("Zoë", lang)
    data = replace(data, client=replace(data.client, address_lines=lines))
    pdf = PolicyUpdateLetter(data, paper=paper).render()

    words = _address_words(pdf.data, paper)
    box = Rect(
        min(w[1] for w in words),
        min(w[2] for w in words),
        max(w[3] for w in words) - min(w[1] for w in words),
        max(w[4] for w in words) - min(w[2] for w in words),
    )
    window = geometry_for(paper).window
    assert window.contains(box, tolerance=0.5), (box, window)
    shown = "".join(word for word, *_ in words)
    for line in lines[-3:]:  # the town and the postcode always show whole
        assert line.replace(" ", "") in shown


@pytest.mark.skipif(not pdfcheck.have("pdftotext"), reason="poppler-utils measures the words")
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_return_line_fits_above_the_window_whole(paper):
    practice = replace(
        samples.PRACTICE,
        name="Riverside Strength Coaching",
        address_lines=("Unit 3, Bankside Yard", "27 Sumner Street", "LONDON", "SE1 9TG"),
    )
    letter = PolicyUpdateLetter(replace(samples.update_letter(), practice=practice), paper=paper)
    g = letter.geometry
    words = [w for w in pdfcheck.word_boxes(letter.render().data) if w[1] < g.window.right]
    above = [w for w in words if w[2] >= g.sender_zone.y - 0.5 and w[4] <= g.window.top + 0.5]
    assert " ".join(word for word, *_ in above) == practice.one_line_address
    assert all(g.window.x <= w[1] and w[3] <= g.sender_zone.right + 0.5 for w in above)
    assert min(w[4] - w[2] for w in above) >= 5 * 1.1  # no smaller than 5 pt


def test_markup_escapes_what_people_type_and_picks_a_font_per_run():
    assert fonts.markup("Tom & <Jerry>", "en") == "Tom &amp; &lt;Jerry&gt;"
    assert fonts.markup("&amp; literal", "en") == "&amp;amp; literal"
    assert fonts.markup("陈小明 (Chen)", "en") == '<font face="PD-CJK">陈小明</font> (Chen)'
    # In a Chinese document the CJK font has the Latin letters too: no switch inside names.
    assert fonts.markup("陈小明 (Zoë)", "zh") == "陈小明 (Zoë)"
    # Hebrew is only in DejaVu: it gets that font inside a Chinese paragraph.
    assert fonts.markup("王 דוד", "zh") == '王 <font face="PD-Latin">דוד</font>'


@pytest.mark.parametrize("text", ["<b>bold</b>", "x<y>z", "A&B", 'a "quote" \\ back'])
def test_escaped_text_comes_out_of_a_paragraph_as_typed(text):
    paragraph = Paragraph(fonts.markup(text, "en"), stylesheet("en")["Body"])
    assert "".join(word for frag in paragraph.frags for word in [frag.text]) == text


def test_chinese_styles_break_lines_anywhere_and_use_the_embedded_cjk_font():
    body = stylesheet("zh")["Body"]
    assert body.wordWrap == "CJK" and body.fontName == fonts.CJK
    assert stylesheet("en")["Body"].fontName == fonts.LATIN


def test_a_practice_reachable_only_by_post_is_written_to_at_its_address():
    """Without email, phone or form online the letter said "contact us ()"."""
    practice = replace(samples.PRACTICE, email="", phone="", online_optout_url="")
    letter = PolicyUpdateLetter(replace(samples.update_letter(), practice=practice), paper="A4")
    text = " ".join(pdfcheck.text_of(letter.render().data).split())
    assert "()" not in text
    assert f"contact us ({', '.join(practice.address_lines)})" in text
