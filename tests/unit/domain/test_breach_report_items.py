"""What a breach report must say, as each ticked rule set cites it, and the advice per category."""

from __future__ import annotations

from app.domain.incidents import ALWAYS_STEP, PROTECTIVE_STEPS, protective_steps, report_citations
from app.domain.rulesets import BreachItem


def test_gdpr_cites_article_33_3_for_each_item_and_pipl_article_57():
    cited = report_citations(("gdpr", "pipl"), "DE")
    assert cited[BreachItem.NUMBERS] == (("GDPR", "Art. 33(3)(a)"),)
    assert cited[BreachItem.CONTACT] == (("GDPR", "Art. 33(3)(b)"), ("PIPL", "Art. 57(3)"))
    assert cited[BreachItem.SELF_HELP] == (("PIPL", "Art. 57(2)"),)
    assert report_citations(("gdpr",), "GB")[BreachItem.MEASURES] == (("UK GDPR", "Art. 33(3)(d)"),)


def test_a_practice_under_no_breach_law_is_cited_nowhere_but_keeps_every_item():
    cited = report_citations(("ccpa",), "US")
    assert set(cited) == set(BreachItem) and all(places == () for places in cited.values())


def test_the_advice_follows_the_categories_each_once_and_always_ends_the_same():
    assert protective_steps(()) == (ALWAYS_STEP,)
    steps = protective_steps(("body", "health", "payment", "marketing"))
    assert steps == (PROTECTIVE_STEPS["health"], PROTECTIVE_STEPS["payment"], ALWAYS_STEP)
    assert protective_steps(("training",)) == (PROTECTIVE_STEPS["wearable"], ALWAYS_STEP)
