"""The building blocks: the QR code's quiet zone, on its own and on the opt-out form."""

from __future__ import annotations

import pytest

from app.documents.components import QrCode
from app.documents.forms import OptOutForm
from tests.unit.documents import pdfcheck, samples


@pytest.mark.parametrize("value", ["ABC-DEFG", "ZZZ-9999-A-LONGER-REFERENCE-1234567890"])
def test_the_qr_code_keeps_a_quiet_zone_of_four_modules_on_every_side(value):
    code = QrCode(value)
    x0, y0, x1, y1 = code.dark_box()
    margins = [x0, y0, code.width - x1, code.height - y1]
    assert [round(margin / code.module, 6) for margin in margins] == [4, 4, 4, 4]
    # The dark modules fill the rest: a whole number of modules, 21 or more (version 1+).
    modules = (x1 - x0) / code.module
    assert modules == pytest.approx(round(modules)) and round(modules) >= 21


@pytest.mark.skipif(not pdfcheck.have("pdftotext"), reason="poppler-utils measures the words")
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_no_text_on_the_opt_out_form_enters_the_qr_codes_quiet_zone(paper, lang):
    form = OptOutForm(samples.optout_form("Zoë Ångström", lang), paper=paper)
    box = form.qr_box()
    words = pdfcheck.word_boxes(form.render().data)
    assert words
    inside = [
        word
        for word, x0, y0, x1, y1 in words
        if x0 < box.right and x1 > box.x and y0 < box.top and y1 > box.y
    ]
    assert inside == []
