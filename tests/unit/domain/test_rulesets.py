"""Rule sets as data: what each asks a privacy notice to say, and whom to complain to."""

import pytest

from app.domain.enums import Jurisdiction
from app.domain.rulesets import (
    BASE_TOPICS,
    CCPA_AUTHORITY,
    GERMAN_LAND_AUTHORITIES,
    GERMAN_LAND_UNKNOWN,
    PIPL_AUTHORITY,
    PROMISE,
    RULE_SETS,
    Topic,
    applying,
    authorities,
    authority_part,
    home_rule_set,
    law_name,
    notice_checklist,
    notice_topics,
    rule_sets,
    setting_fields,
)


def test_every_rule_set_has_a_checklist_with_one_item_per_topic_and_an_article():
    assert set(RULE_SETS) == set(Jurisdiction)
    for rule in RULE_SETS.values():
        topics = [item.topic for item in rule.notice_items]
        assert len(topics) == len(set(topics)), rule.jurisdiction
        assert all(item.article and item.says for item in rule.notice_items)
        assert {Topic.RETENTION, Topic.COMPLAINT, Topic.PURPOSES} <= rule.topics


def test_the_gdpr_checklist_holds_what_article_13_adds_to_a_plain_notice():
    topics = RULE_SETS[Jurisdiction.GDPR].topics
    assert {
        Topic.RESTRICTION,
        Topic.PORTABILITY,
        Topic.REQUIREMENT,
        Topic.AUTOMATED_DECISIONS,
        Topic.DPO,
        Topic.SAFEGUARD_COPY,
    } <= topics
    assert Topic.DO_NOT_SELL not in topics


def test_ccpa_and_pipl_ask_for_their_own_items():
    assert {Topic.SALE_AND_SHARING, Topic.DO_NOT_SELL, Topic.LIMIT_SENSITIVE} <= RULE_SETS[
        Jurisdiction.CCPA
    ].topics
    assert {
        Topic.PROCESSING_METHODS,
        Topic.SENSITIVE,
        Topic.FOREIGN_RECIPIENTS,
        Topic.EXPLANATION,
        Topic.PORTABILITY,
    } <= RULE_SETS[Jurisdiction.PIPL].topics


def test_the_checklist_of_several_rule_sets_is_all_their_items_in_a_fixed_order():
    items = notice_checklist(["pipl", "gdpr"])
    assert items[0].key == "gdpr.controller"
    assert {item.rule_set for item in items} == {Jurisdiction.GDPR, Jurisdiction.PIPL}
    assert notice_topics(["gdpr"]) < notice_topics(["gdpr", "ccpa"])
    assert notice_topics([]) == frozenset()


@pytest.mark.parametrize(
    ("country", "subdivision", "rules", "expected"),
    [
        ("GB", "ENG", ["gdpr"], "the Information Commissioner's Office (ICO)"),
        ("FR", "", ["gdpr"], "the Commission nationale de l'informatique et des libertés (CNIL)"),
        ("DE", "BE", ["gdpr"], "the Berliner Beauftragte für Datenschutz und Informationsfreiheit"),
        ("DE", "BY", ["gdpr"], "the Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)"),
        ("DE", "", ["gdpr"], GERMAN_LAND_UNKNOWN.name_en),
        ("IE", "", ["gdpr"], "the Data Protection Commission (DPC)"),
        ("US", "CA", ["ccpa"], CCPA_AUTHORITY.name_en),
        ("CN", "", ["pipl"], PIPL_AUTHORITY.name_en),
    ],
)
def test_the_authority_follows_the_practices_country_and_rule_set(
    country, subdivision, rules, expected
):
    [(rule, authority)] = authorities(country, subdivision, rules)
    assert rule.value == rules[0]
    assert authority.name("en") == expected
    assert authority.name("zh") and authority.name("zh") != expected


def test_a_us_practice_never_gets_the_ico():
    named = authorities("US", "CA", ["ccpa"])
    assert all("ICO" not in authority.name_en for _rule, authority in named)


def test_the_practices_own_name_for_its_authority_replaces_only_its_home_rule_sets():
    named = dict(authorities("DE", "", ["gdpr", "pipl"], override="LDI NRW"))
    assert named[Jurisdiction.GDPR].name("zh") == "LDI NRW"
    assert named[Jurisdiction.PIPL] == PIPL_AUTHORITY
    assert home_rule_set("CN", ["gdpr", "pipl"]).jurisdiction is Jurisdiction.PIPL
    assert home_rule_set("AU", ["ccpa", "pipl"]).jurisdiction is Jurisdiction.CCPA
    assert home_rule_set("GB", []) is None


def test_a_german_practices_land_is_the_one_it_chose_or_the_one_its_address_is_in():
    assert authority_part("DE", city="Berlin", postal_code="10997") == "BE"  # a city-state
    assert authority_part("DE", "by", city="München", postal_code="80331") == "BY"
    assert authority_part("DE", city="Hamburg") == "HH"
    assert authority_part("GB", "SCT", city="Edinburgh") == ""  # one authority for the UK
    [(_rule, authority)] = authorities("DE", authority_part("DE", city="Köln"), ["gdpr"])
    assert authority in (GERMAN_LAND_UNKNOWN, GERMAN_LAND_AUTHORITIES["NW"])


def test_every_setting_has_its_default_inside_its_bounds_and_a_name_of_its_own():
    fields = setting_fields()
    assert list(fields) == ["promise_vendor_days", "promise_request_days", "pipl_request_days"]
    for name, (rule, setting) in fields.items():
        assert name == f"{rule.key}_{setting.key}"
        assert setting.low <= setting.default <= setting.high


def test_the_promise_is_always_on_and_says_what_every_notice_says():
    assert applying([])[0] is PROMISE
    assert applying(["pipl"]) == (PROMISE, RULE_SETS[Jurisdiction.PIPL])
    assert PROMISE not in rule_sets(["promise"])  # it is never ticked
    assert PROMISE.topics == BASE_TOPICS


@pytest.mark.parametrize(
    ("key", "country", "expected"),
    [("gdpr", "GB", "UK GDPR"), ("gdpr", "de", "GDPR"), ("pipl", "CN", "PIPL"), ("xx", "", "xx")],
)
def test_a_law_is_named_as_the_practices_country_names_it(key, country, expected):
    assert law_name(key, country) == expected
