"""Any name the client form accepts can be printed: every document renders and opens.

Names reach documents only through `validate_name` (at most 200 characters a part, no control
characters), so the examples are drawn as any text and kept when the form would accept them.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics

from app.documents import fonts
from app.documents.access_report import AccessReport
from app.documents.confirmation_letter import OptOutConfirmationLetter
from app.documents.forms import ConsentForm, OptOutForm
from app.documents.letters import PolicyUpdateLetter
from app.documents.notice import PrivacyNotice
from app.documents.vendor_letter import VendorNotificationLetter
from app.domain.errors import ValidationError
from app.domain.names import display_name
from app.domain.validation import validate_name
from tests.safety.test_arbitrary_text import PASTED
from tests.unit.documents import pdfcheck, samples
from tests.unit.documents.test_optout_letters import confirmation, person, vendor_letter

DOCUMENTS = {
    "notice": (PrivacyNotice, samples.notice),
    "consent form": (ConsentForm, samples.consent_form),
    "opt-out form": (OptOutForm, samples.optout_form),
    "update letter": (PolicyUpdateLetter, samples.update_letter),
    "access report": (AccessReport, samples.access_report),
}
_NOT_IN_NAMES = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_name_characters = st.characters(
    blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters=_NOT_IN_NAMES
)
name_text = st.text(_name_characters, max_size=60) | st.lists(
    st.sampled_from([p for p in PASTED if p.isprintable() or p in "\u200f\ufeff"])
    | st.text(_name_characters, max_size=3),
    max_size=10,
).map("".join)
longest = st.builds(
    lambda piece: (piece * 200)[:200], st.text(st.characters(codec="utf-8"), min_size=1, max_size=5)
)


def _accepted(field: str, text: str) -> str:
    try:
        return validate_name(field, text)
    except ValidationError:
        assume(False)
        raise


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(
    given_name=name_text | longest,
    family_name=name_text | longest,
    lang=st.sampled_from(("en", "zh")),
    paper=st.sampled_from(("A4", "Letter")),
)
def test_every_document_renders_and_opens_for_any_accepted_name(
    given_name, family_name, lang, paper
):
    name = display_name(_accepted("given_name", given_name), _accepted("family_name", family_name))
    for which, (document, data) in DOCUMENTS.items():
        pdf = document(data(name, lang), paper=paper).render()
        assert pdf.data.startswith(b"%PDF"), which
        assert len(pdfcheck.reader(pdf.data).pages) == pdf.page_count >= 1, which


# -- names in any script: shaped, in logical order, never a box -------------------------------

RIGHT_TO_LEFT = ["مريم الحسن", "דוד כהן", "عبد الله بن محمد", "Zoë دوست"]
EMOJI = ["Emoji 💪🏋️", "👩‍💻 Coder", "Sam 🧘"]


def _boxes(text: str, lang: str) -> list[str]:
    """The characters of `text` that would print as the empty glyph 0 (a box)."""
    missing = []
    for face, run in fonts.font_runs(text, lang):
        glyphs = pdfmetrics.getFont(face).face.charToGlyph
        missing += [c for c in run if not c.isspace() and not glyphs.get(ord(c))]
    return missing


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", RIGHT_TO_LEFT + EMOJI)
def test_names_in_other_scripts_print_and_extract_as_they_were_typed(name, lang):
    assert _boxes(name, lang) == []
    for which, (document, data) in DOCUMENTS.items():
        pdf = document(data(name, lang), paper="A4").render()
        assert name in pdfcheck.text_of(pdf.data), which


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", RIGHT_TO_LEFT + EMOJI)
def test_the_opt_out_letters_print_such_names_as_typed_in_text_and_table(name, lang):
    people = [person(1, name=name, email="client@example.org")]
    for letter in (
        OptOutConfirmationLetter(confirmation(name, lang), paper="Letter"),
        VendorNotificationLetter(vendor_letter(lang, people), paper="A4"),  # a table cell
    ):
        assert name in pdfcheck.text_of(letter.render().data), letter.kind


def test_emoji_come_from_the_embedded_emoji_font():
    pdf = PolicyUpdateLetter(samples.update_letter("Emoji 💪🏋️"), paper="A4").render()
    embedded = {name.split("+")[-1]: on for name, on in pdfcheck.fonts(pdf.data).items()}
    assert embedded.get("Symbola") is True


def test_arabic_is_joined_and_drawn_right_to_left_and_hebrew_reversed():
    # مريم: meem (initial), reh (final), yeh (initial), meem (final), drawn from the left.
    drawn = fonts.shape_rtl("مريم")
    face = pdfmetrics.getFont(fonts.RTL_FACE).face
    assert [fonts.stands_for(c) for c in drawn] == ["م", "ي", "ر", "م"]
    isolated = face.charToGlyph[ord("م")]
    glyphs = [face.charToGlyph[ord(c)] for c in drawn]
    assert glyphs[0] != isolated and glyphs[-1] != isolated  # final and initial forms
    assert glyphs[0] != glyphs[-1]
    # Hebrew has no joining: the letters themselves, right to left, the space kept whole.
    hebrew = fonts.shape_rtl("דוד כהן")
    assert "".join(fonts.stands_for(c) for c in reversed(hebrew)) == "דוד כהן"
    assert " " not in hebrew  # no line break inside the name
