"""The sharing dialog says why a sharing needs consent, naming the rule sets that ask it."""

from __future__ import annotations

import pytest

from app.services import practice, vendors
from app.ui.dialogs.sharing_dialog import SharingDialog
from tests.helpers.factories import ACTOR, make_vendor
from tests.helpers.rulesets import ATLANTIS, registered


@pytest.fixture
def atlantis():
    with registered(ATLANTIS) as rule:
        yield rule


def hint_for_us_vendor(qtbot, context, rules: str) -> str:
    """The consent hint for a contract purpose sent from a practice in China to the US."""
    practice.update_practice(
        context.store,
        {"country_code": "CN", "holiday_country": "CN", "jurisdictions": rules},
        actor=ACTOR,
    )
    vendor = vendors.get_vendor(context.store, make_vendor(context.store, countries=("US",)).id)
    dialog = SharingDialog(context, vendor)
    qtbot.addWidget(dialog)
    dialog.purpose.setCurrentIndex(dialog.purpose.findData("payments"))
    return dialog.consent_hint.text()


def test_a_transfer_abroad_needs_consent_under_pipl_and_says_so(qtbot, context):
    assert hint_for_us_vendor(qtbot, context, "pipl") == (
        "Needs the client's consent: Yes — the data goes abroad (PIPL)."
    )


def test_without_pipl_the_same_transfer_needs_no_consent(qtbot, context):
    assert hint_for_us_vendor(qtbot, context, "gdpr") == "Needs the client's consent: No."


def test_every_ticked_rule_set_asking_it_is_named(qtbot, context, atlantis):
    assert hint_for_us_vendor(qtbot, context, "pipl,atlantis") == (
        "Needs the client's consent: Yes — the data goes abroad (PIPL, ADA)."
    )
