"""Any name the client form accepts can be printed: every document renders and opens.

Names reach documents only through `validate_name` (at most 200 characters a part, no control
characters), so the examples are drawn as any text and kept when the form would accept them.
"""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.documents.forms import ConsentForm, OptOutForm
from app.documents.letters import PolicyUpdateLetter
from app.documents.notice import PrivacyNotice
from app.domain.errors import ValidationError
from app.domain.names import display_name
from app.domain.validation import validate_name
from tests.safety.test_arbitrary_text import PASTED
from tests.unit.documents import pdfcheck, samples

DOCUMENTS = {
    "notice": (PrivacyNotice, samples.notice),
    "consent form": (ConsentForm, samples.consent_form),
    "opt-out form": (OptOutForm, samples.optout_form),
    "update letter": (PolicyUpdateLetter, samples.update_letter),
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
