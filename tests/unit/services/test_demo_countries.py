"""`demo --country CC` makes a practice at home in CC: its address, phone numbers, paper,
rule sets, authority and transfers are that country's, and its notices say what its rule
sets require, read back from the PDFs the services print."""

from __future__ import annotations

import phonenumbers
import pytest
from sqlalchemy import select

from app.domain.rulesets import notice_checklist
from app.paths import DataPaths
from app.persistence.database import unit_of_work
from app.persistence.models import Client, Sharing, Vendor
from app.persistence.store import Store
from app.services import documents, practice
from app.services.demo import DemoSettings, fill_demo, safeguard_texts
from tests.helpers.factories import ACTOR, NOW
from tests.helpers.practice import copy_template
from tests.unit.documents import pdfcheck
from tests.unit.documents.notice_checklist import missing_words, squeezed

COUNTRIES = ("GB", "US", "DE", "CN")


@pytest.fixture(scope="module")
def demos(tmp_path_factory, template_database) -> dict[str, DataPaths]:
    made = {}
    for country in COUNTRIES:
        paths = copy_template(
            template_database, DataPaths(tmp_path_factory.mktemp(country) / "practice")
        )
        with Store.open(paths) as store:
            fill_demo(
                store, DemoSettings(clients=40, seed=2, country=country), actor=ACTOR, now=NOW
            )
        made[country] = paths
    return made


def _open(demos, country):
    return Store.open(demos[country])


def _first_client(store, language: str | None = None) -> str:
    with unit_of_work(store.reader) as session:
        statement = select(Client.ref).order_by(Client.id)
        if language:
            statement = statement.where(Client.language == language)
        return session.execute(statement.limit(1)).scalar_one()


@pytest.mark.parametrize(
    ("country", "paper", "rules", "authority"),
    [
        ("GB", "A4", ("gdpr",), "the Information Commissioner's Office (ICO)"),
        ("US", "Letter", ("ccpa",), "the California Privacy Protection Agency (CPPA)"),
        ("DE", "A4", ("gdpr",), "the Berliner Beauftragte für Datenschutz"),
        ("CN", "A4", ("pipl",), "the Cyberspace Administration of China (CAC)"),
    ],
)
def test_the_demo_practice_is_at_home_in_its_country(demos, country, paper, rules, authority):
    with _open(demos, country) as store:
        profile = practice.get_practice(store)
        assert (profile.country_code, profile.paper_size, profile.jurisdictions) == (
            country,
            paper,
            rules,
        )
        assert profile.street and profile.city and profile.postal_code
        number = phonenumbers.parse(profile.phone, None)
        assert phonenumbers.region_code_for_number(number) == country
        assert profile.supervisory_authority == ""  # the rule sets' own, not typed
        with unit_of_work(store.reader) as session:
            phones = session.execute(select(Client.phone_e164, Client.country_code)).all()
        home = [phone for phone, client_country in phones if client_country == country]
        assert len(home) > len(phones) / 2  # most clients live where the practice is
        prefix = f"+{phonenumbers.country_code_for_region(country)}"
        assert all(phone.startswith(prefix) for phone in home)
        text = pdfcheck.text_of(documents.render_document(store, "notice", None, lang="en").data)
        assert authority in text
        if country != "GB":
            assert "ICO" not in text and "Riverside" not in text


def test_a_german_practice_judges_transfers_by_the_eea_with_eu_instruments(demos):
    with _open(demos, "DE") as store:
        with unit_of_work(store.reader) as session:
            vendors = {v.name: v for v in session.execute(select(Vendor)).scalars()}
        content = documents.document_data(store, "notice", lang="en").content
    by_name = {vendor.name: vendor for vendor in content.vendors}
    # UK-hosted: a transfer, under the EU's adequacy decision for the UK, not UK rules.
    assert by_name["TrainLoop"].transfer_countries == ("United Kingdom",)
    assert "European Commission" in vendors["TrainLoop"].transfer_safeguard
    assert "UK" not in vendors["TrainLoop"].transfer_safeguard
    # Germany and Ireland are inside the EEA: no transfer, no safeguard asked for.
    assert by_name["Postbird"].transfer_countries == ()
    assert vendors["Postbird"].transfer_safeguard == ""
    assert by_name["PulseSync"].transfer_countries == ("United States",)
    assert vendors["PulseSync"].transfer_safeguard == "EU Standard Contractual Clauses (2021)"


def test_a_uk_practice_relies_on_uk_adequacy_regulations_for_the_eea():
    english, chinese = safeguard_texts(("US", "IE"), "GB")
    assert english.startswith("UK International Data Transfer Addendum")
    assert "UK adequacy regulations" in english and "(Ireland)" in english
    assert "英国充分性认定" in chinese and "（爱尔兰）" in chinese
    assert safeguard_texts(("GB",), "GB") == ("", "")
    assert safeguard_texts(("HK",), "CN")[0].startswith("Standard contract")


@pytest.mark.parametrize("personal", [False, True], ids=["generic", "personalised"])
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("country", COUNTRIES)
def test_the_demo_notices_say_every_item_of_their_rule_sets(demos, country, lang, personal):
    with _open(demos, country) as store:
        ref = _first_client(store) if personal else None
        data = documents.document_data(store, "notice", ref, lang=lang)
        text = pdfcheck.text_of(documents.render_document(store, "notice", ref, lang=lang).data)
    content = data.content
    missing = {
        item.key: words
        for item in notice_checklist(content.jurisdictions)
        if (words := missing_words(item.key, text, content))
    }
    assert missing == {}


def test_a_chinese_notice_prints_the_chinese_texts_and_falls_back_to_english(demos, tmp_path):
    paths = copy_template(demos["CN"].database, DataPaths(tmp_path / "practice"))
    with Store.open(paths) as store:
        with unit_of_work(store.engine) as session:
            sharing = session.execute(select(Sharing).order_by(Sharing.id)).scalars().first()
            english, chinese = sharing.necessity, sharing.necessity_zh
            other = session.execute(select(Sharing).order_by(Sharing.id.desc())).scalars().first()
            other.necessity_zh = ""  # a text nobody wrote in Chinese yet
            fallback = other.necessity
        text = squeezed(
            pdfcheck.text_of(documents.render_document(store, "notice", None, lang="zh").data), "zh"
        )
    assert chinese and squeezed(chinese, "zh") in text
    assert squeezed(english, "zh") not in text
    assert squeezed(fallback, "zh") in text
