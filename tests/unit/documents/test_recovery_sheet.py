"""The recovery sheet prints the passphrase exactly and says how to use it, in both languages."""

from __future__ import annotations

from datetime import date

import pytest

from app.documents.recovery_sheet import RecoverySheet, RecoverySheetData
from tests.unit.documents import pdfcheck

PASSPHRASE = "Tom & <Jerry> 王伟 lantern"  # markup characters and Chinese come out as typed


def _sheet(lang: str, paper: str = "A4") -> bytes:
    data = RecoverySheetData(
        practice_name="Riverside & Co",
        passphrase=PASSPHRASE,
        data_folder="/home/coach/.local/share/PrivacyDesk",
        key_file_name="privacy-desk.key",
        made_on=date(2026, 12, 1),
    )
    return RecoverySheet(data, lang=lang, paper=paper).render(invariant=True).data


@pytest.mark.parametrize(("lang", "how"), [("en", "How to use it"), ("zh", "使用方法")])
def test_the_sheet_is_one_page_with_the_passphrase_and_the_steps(lang, how):
    data = _sheet(lang)
    text = pdfcheck.normalised(pdfcheck.text_of(data))
    assert len(pdfcheck.page_texts(data)) == 1
    assert pdfcheck.normalised(PASSPHRASE) in text
    assert how in text and "PRIVACY_DESK_PASSPHRASE" in text and "privacy-desk.key" in text
    assert all(pdfcheck.fonts(data).values())  # every font embedded


def test_the_sheet_fits_letter_paper_too():
    assert len(pdfcheck.page_texts(_sheet("en", "Letter"))) == 1
