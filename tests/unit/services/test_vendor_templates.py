"""Vendor templates: one for each service a fitness practice uses, in both languages, built
of the seeded catalogue, naming no company; a vendor and its sharing start from one."""

from __future__ import annotations

import re
from importlib import resources

import pytest

from app.services import vendors
from app.services.vendor_templates import vendor_template, vendor_templates
from tests.helpers.factories import ACTOR, NOW, TODAY

SERVICES = {
    "training_app",
    "booking",
    "payments",
    "newsletter",
    "accounting",
    "cloud_backup",
    "wearable_sync",
    "nutrition_partner",
}
# Companies a coach might use: a template that names one states its facts (it must not).
COMPANIES = (
    "stripe", "paypal", "square", "mailchimp", "brevo", "dropbox", "google", "apple", "icloud",
    "microsoft", "onedrive", "garmin", "fitbit", "strava", "polar", "whoop", "xero", "quickbooks",
    "sage", "calendly", "mindbody", "acuity", "trainerize", "truecoach", "myfitnesspal", "wechat",
    "alipay", "backblaze", "amazon", "aws", "zoom", "sumup", "klaviyo",
)  # fmt: skip


def test_there_is_a_template_for_each_service_a_fitness_practice_uses():
    assert {template.key for template in vendor_templates()} == SERVICES


def test_every_text_is_in_english_and_chinese():
    for template in vendor_templates():
        texts = [template.service, *template.security_questions, *template.contract_questions]
        texts += [sharing.necessity for sharing in template.sharings]
        for words in texts:
            assert words.en.strip() and words.zh.strip(), (template.key, words)
            assert re.search(r"[\u4e00-\u9fff]", words.zh), (template.key, words.zh)


def test_every_template_asks_the_security_and_contract_questions():
    for template in vendor_templates():
        assert len(template.security_questions) >= 4 and len(template.contract_questions) >= 4
        asked = " ".join(q.en for q in template.contract_questions).lower()
        for clause in ("instructions", "opt-out", "breach", "delete"):
            assert clause in asked, (template.key, clause)


def test_no_template_names_a_company():
    raw = resources.files("app.resources").joinpath("templates", "vendors.json").read_text()
    words = set(re.findall(r"[a-z0-9]+", raw.lower()))
    assert words.isdisjoint(COMPANIES), words & set(COMPANIES)


def test_purposes_categories_and_legal_bases_are_the_catalogues(store):
    purposes = {purpose.key: purpose for purpose in vendors.list_purposes(store)}
    categories = {category.key for category in vendors.list_categories(store)}
    for template in vendor_templates():
        assert template.sharings, template.key
        for sharing in template.sharings:
            assert sharing.purpose_key in purposes, template.key
            assert sharing.legal_basis == purposes[sharing.purpose_key].legal_basis, template.key
            assert set(sharing.category_keys) <= categories, template.key


@pytest.mark.parametrize("key", sorted(SERVICES))
def test_a_vendor_and_its_sharing_are_saved_from_a_template_once_named(store, key):
    template = vendor_template(key)
    vendor = vendors.add_vendor(store, template.draft("Acme Example Ltd"), actor=ACTOR, now=NOW)
    for sharing in template.sharings:
        vendors.add_sharing(store, sharing.draft(vendor.id), actor=ACTOR, today=TODAY, now=NOW)
    [saved] = vendors.list_vendors(store)
    assert saved.service_description == template.service.en
    assert [s.necessity_zh for s in saved.sharings] == [s.necessity.zh for s in template.sharings]
