"""The privacy notice says what the law requires: every checklist item of every ticked rule
set, in English and Chinese, generic and personalised, read back from the PDF (pypdf)."""

from __future__ import annotations

import functools
from itertools import combinations

import pytest

from app.documents.notice import PrivacyNotice
from app.domain.rulesets import RULE_SETS, notice_checklist
from tests.unit.documents import pdfcheck, samples
from tests.unit.documents.notice_checklist import CHECKLIST, missing_words, squeezed

RULES = ("gdpr", "ccpa", "pipl")
COMBINATIONS = [combo for size in (1, 2, 3) for combo in combinations(RULES, size)]


@functools.cache
def notice_text(jurisdictions: tuple[str, ...], lang: str, personal: bool) -> str:
    name = ("王伟" if lang == "zh" else "Zoë Ångström") if personal else None
    data = samples.notice(name, lang, jurisdictions=jurisdictions)
    return pdfcheck.text_of(PrivacyNotice(data, paper="A4").render().data)


def test_the_checklist_has_words_for_every_item_the_rule_sets_require():
    items = {item.key for rule in RULE_SETS.values() for item in rule.notice_items}
    assert set(CHECKLIST) == items
    assert all(words.en or words.more for words in CHECKLIST.values())


@pytest.mark.parametrize("personal", [False, True], ids=["generic", "personalised"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("jurisdictions", COMBINATIONS, ids="+".join)
def test_the_notice_says_every_item_of_each_ticked_rule_set(jurisdictions, lang, personal):
    text = notice_text(jurisdictions, lang, personal)
    content = samples.content(lang, jurisdictions=jurisdictions)
    missing = {
        item.key: words
        for item in notice_checklist(jurisdictions)
        if (words := missing_words(item.key, text, content))
    }
    assert missing == {}


NOT_TICKED = {
    "gdpr": ["Do Not Sell or Share", "How it handles it", "(explanation)", "(right to know)"],
    "ccpa": ["Data protection officer", "(restriction)", "(data portability)", "How it handles"],
    "pipl": ["Do Not Sell or Share", "Data protection officer", "(non-discrimination)"],
}


@pytest.mark.parametrize(("rule", "absent"), NOT_TICKED.items())
def test_a_rule_set_not_ticked_adds_nothing_to_the_notice(rule, absent):
    text = notice_text((rule,), "en", True)
    assert [words for words in absent if words in text] == []


def test_a_chinese_notice_prints_the_chinese_necessity_and_never_the_english_one():
    text = squeezed(notice_text(("pipl",), "zh", True), "zh")
    assert squeezed(samples.NECESSITY_ZH[1], "zh") in text
    assert squeezed(samples.APP.necessity, "zh") not in text


def test_each_rule_set_names_its_own_authority_for_complaints():
    text = notice_text(("gdpr", "ccpa", "pipl"), "en", False)
    for words in (
        "Information Commissioner's Office (ICO)",
        "the California Privacy Protection Agency (CPPA)",
        "the Cyberspace Administration of China (CAC)",
    ):
        assert words in text
