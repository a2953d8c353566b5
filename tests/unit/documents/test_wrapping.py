"""Where lines break: between Chinese characters and after spaces, never inside an address."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from reportlab import platypus
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.documents import fonts
from app.documents.confirmation_letter import OptOutConfirmationLetter
from app.documents.notice import PrivacyNotice
from app.documents.styles import stylesheet
from app.documents.vendor_letter import VendorNotificationLetter
from app.documents.wrapping import Paragraph, may_break_before, split_long_word
from tests.unit.documents import pdfcheck, samples
from tests.unit.documents.test_optout_letters import confirmation, person, vendor_letter

PRACTICE_EMAIL = "privacy.requests@riverside-strength-and-conditioning.example"
CLIENT_EMAILS = ("daniel.thompson294@inbox.example.org", "wang.wei.fitness.client@mail.example.cn")


def test_a_chinese_line_breaks_next_to_chinese_or_after_a_space_never_inside_a_word():
    assert may_break_before("国", "贸") and may_break_before("至", "h")
    assert may_break_before(" ", "h") and may_break_before("e", "国")
    assert not may_break_before("a", "@") and not may_break_before(".", "e")
    assert not may_break_before("1", "2")  # a number
    assert not may_break_before("国", "。")  # closing punctuation never starts a line
    assert not may_break_before("号", "：")  # nor a full-width colon (ReportLab allowed it)
    assert not may_break_before("（", "国")  # nor opening punctuation ends one


def test_a_word_too_long_for_its_column_splits_after_the_at_sign_or_before_a_dot():
    def fits(piece: str) -> bool:
        return len(piece) <= 20

    assert split_long_word("daniel.thompson294@inbox.example.org", fits) == [
        "daniel.thompson294@",
        "inbox.example.org",
    ]
    assert split_long_word("short@mail.example", fits) == ["short@mail.example"]
    assert split_long_word("A" * 45, fits) == ["A" * 20, "A" * 20, "A" * 5]


def _breaks_inside(text: str, address: str) -> list[str]:
    """Every place a line break falls inside `address` in `text`: the address's characters
    around it ('…exa|mple…')."""
    pattern = "\n?".join(re.escape(character) for character in address)
    found = []
    for match in re.finditer(pattern, text):
        joined = match.group(0)
        parts = joined.split("\n")
        position = 0
        for part in parts[:-1]:
            position += len(part)
            found.append(f"{address[:position][-4:]}|{address[position:][:4]}")
    return found


def _allowed(place: str) -> bool:
    before, after = place.split("|")
    return before[-1] in "@/-" or after[0] == "."


DOCUMENTS = {
    "vendor letter, A4": lambda lang: VendorNotificationLetter(
        vendor_letter(lang, PEOPLE, practice=PRACTICE), paper="A4"
    ),
    "vendor letter, Letter": lambda lang: VendorNotificationLetter(
        vendor_letter(lang, PEOPLE, practice=PRACTICE), paper="Letter"
    ),
    "confirmation": lambda lang: OptOutConfirmationLetter(
        confirmation(lang=lang, practice=PRACTICE), paper="A4"
    ),
    "notice": lambda lang: PrivacyNotice(
        replace(samples.notice("王伟", lang), content=_content(lang)), paper="Letter"
    ),
}
PRACTICE = replace(samples.PRACTICE, email=PRACTICE_EMAIL)


def _content(lang: str):
    return replace(samples.content(lang), practice=PRACTICE)


PEOPLE = [person(n, name="Daniel Thompson", email=email) for n, email in enumerate(CLIENT_EMAILS)]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("which", sorted(DOCUMENTS))
def test_email_addresses_break_only_after_the_at_sign_a_hyphen_or_before_a_dot(which, lang):
    data = DOCUMENTS[which](lang).render().data
    text = "\n".join(page.extract_text() for page in pdfcheck.reader(data).pages)
    for address in (PRACTICE_EMAIL, *CLIENT_EMAILS):
        assert all(_allowed(place) for place in _breaks_inside(text, address)), address
    # In the running text, where a whole line has room, the practice's address is whole.
    assert any(PRACTICE_EMAIL in line for line in text.splitlines())


def _line_texts(paragraph, width: float) -> list[str]:
    paragraph.wrap(width, 10_000)
    return [
        "".join(line[1]) if isinstance(line, tuple) else "".join(f.text for f in line.words)
        for line in paragraph.blPara.lines
    ]


def test_a_chinese_paragraph_moves_an_email_address_to_the_next_line_whole():
    text = fonts.markup(f"联系：{PRACTICE_EMAIL}。谢谢", "zh")
    style = stylesheet("zh")["Body"]
    # The address starts in the first half of the line and runs past its end.
    width = stringWidth("联系：", fonts.CJK, style.fontSize) + 0.95 * stringWidth(
        PRACTICE_EMAIL, fonts.CJK, style.fontSize
    )
    assert any(
        PRACTICE_EMAIL not in line and "@" in line
        for line in _line_texts(platypus.Paragraph(text, style), width)
    )  # ReportLab alone cuts it: what documents printed before
    lines = _line_texts(Paragraph(text, style), width)
    assert lines[0] == "联系：" and any(line.startswith(PRACTICE_EMAIL) for line in lines)


def test_a_chinese_paragraph_in_a_table_row_split_across_pages_keeps_every_word():
    """A row taller than a page goes on over the next (`splitInRow`): ReportLab splits the
    paragraph into word fragments with no `text`, which the Chinese line breaking read."""
    fonts.register_fonts()
    words = [f"措施{number:03d}" for number in range(600)]
    cell = Paragraph(" ".join(words), stylesheet("zh")["Cell"])
    table = platypus.Table([["", cell]], colWidths=[20, 200], splitInRow=1)
    buffer = io.BytesIO()
    platypus.SimpleDocTemplate(buffer).build([table])
    # A Chinese line may end between 措施 and its number: compared without the spaces.
    assert "".join(pdfcheck.text_of(buffer.getvalue()).split()) == "".join(words)
