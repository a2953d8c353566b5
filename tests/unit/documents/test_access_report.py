"""The access report laid out from its input: who has the data first, every table, human text
escaped, fonts embedded, the metadata set, on the practice's paper."""

from __future__ import annotations

import pytest

from app.documents.access_report import AccessReport
from tests.unit.documents import pdfcheck, samples


@pytest.mark.parametrize(("paper", "size"), [("A4", (595, 842)), ("Letter", (612, 792))])
def test_the_report_prints_who_has_the_data_then_each_table(paper, size):
    pdf = AccessReport(samples.access_report(), paper=paper).render()
    text = pdfcheck.text_of(pdf.data)
    order = [
        "Your data: a copy of what we hold",
        "Copy made for Zoë Ångström",
        "Who receives your data",
        "TrainLoop",
        "Yes, since 3 Nov 2026",
        "LetterBox",
        "Receives your data now No",
        "Your record",
        "Tom & <Jerry>",  # a note typed with markup characters prints as typed
        "Your consent history",
        "Your objections and our answers",
        "None.",
        "Is anything wrong or missing? Tell Jordan Hale, owner, hello@riverside.example",
        "In this package",
        "data.json · csv/client.csv · MANIFEST.sha256",
    ]
    places = [text.find(piece) for piece in order]
    assert -1 not in places, [p for p, at in zip(order, places, strict=True) if at == -1]
    assert places == sorted(places)
    reader = pdfcheck.reader(pdf.data)
    page = reader.pages[0].mediabox
    assert (round(float(page.width)), round(float(page.height))) == size
    assert reader.metadata.title == "Your data: a copy of what we hold"
    assert reader.metadata.subject == "Copy of the personal data of Zoë Ångström (ABC-DEFG)"
    assert reader.metadata.author == "Riverside Strength & Co"
    assert all(pdfcheck.fonts(pdf.data).values())


def test_the_chinese_report_is_in_chinese_with_the_chinese_font_embedded():
    pdf = AccessReport(samples.access_report("王伟", "zh"), paper="A4").render()
    text = pdfcheck.text_of(pdf.data)
    assert "您的数据：我们所持有信息的副本" in text and "王伟" in text
    assert "谁会收到您的数据" in text and "是，自3 Nov 2026起" in text
    assert "Who receives your data" not in text
    embedded = {name.split("+")[-1]: on for name, on in pdfcheck.fonts(pdf.data).items()}
    assert any(name.startswith("WenQuanYi") and on for name, on in embedded.items())
