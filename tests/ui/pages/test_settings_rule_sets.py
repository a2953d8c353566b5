"""Settings: a tick box per rule set and the fields of the settings each declares, with its
labels and bounds; a ticked rule set's fields show while it is ticked."""

from __future__ import annotations

import pytest

from app.services import practice
from app.ui.pages.settings import SettingsPage
from tests.helpers.factories import ACTOR
from tests.helpers.rulesets import ATLANTIS, registered
from tests.ui.pages.test_settings import save


@pytest.fixture
def atlantis():
    with registered(ATLANTIS) as rule:
        yield rule


def shown_page(qtbot, context, preferences) -> SettingsPage:
    practice.update_practice(context.store, {"name": "Riverside Strength"}, actor=ACTOR)
    page = SettingsPage(context, preferences)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.fields["name"].text() == "Riverside Strength")  # loaded
    return page


def test_the_built_in_rule_sets_have_their_boxes_and_the_promise_its_days(
    qtbot, context, preferences
):
    page = shown_page(qtbot, context, preferences)
    names = {key: box.text() for key, box in page.jurisdictions.items()}
    assert names == {"gdpr": "EU / UK GDPR", "ccpa": "California CCPA / CPRA", "pipl": "China PIPL"}
    spins = {field: spin for field, (_rule, spin) in page.rule_settings.items()}
    assert list(spins) == ["promise_vendor_days", "promise_request_days", "pipl_request_days"]
    assert (spins["promise_vendor_days"].minimum(), spins["promise_vendor_days"].maximum()) == (
        1,
        60,
    )
    assert spins["promise_request_days"].value() == 30
    assert spins["promise_vendor_days"].isVisible()


def test_the_pipl_working_days_show_while_pipl_is_ticked_and_are_saved(
    qtbot, context, preferences, store
):
    page = shown_page(qtbot, context, preferences)
    _rule, days = page.rule_settings["pipl_request_days"]
    assert not days.isVisible()
    page.jurisdictions["pipl"].setChecked(True)
    assert days.isVisible()
    assert (days.minimum(), days.maximum(), days.value()) == (1, 90, 15)
    days.setValue(20)
    assert save(qtbot, page)
    profile = practice.get_practice(store)
    assert (profile.jurisdictions, profile.pipl_request_days) == (("gdpr", "pipl"), 20)


def test_a_registered_rule_set_gets_its_box_and_its_setting_without_editing_the_page(
    qtbot, context, preferences, store, atlantis
):
    page = shown_page(qtbot, context, preferences)
    assert page.jurisdictions["atlantis"].text() == "Atlantis Data Act"
    _rule, days = page.rule_settings["atlantis_answer_days"]
    assert (days.minimum(), days.maximum(), days.value()) == (2, 14, 7)
    assert days.accessibleName() == "Atlantis: we answer within (days)"
    assert not days.isVisible()
    page.jurisdictions["atlantis"].setChecked(True)
    assert days.isVisible()
    days.setValue(12)
    assert save(qtbot, page)
    profile = practice.get_practice(store)
    assert profile.jurisdictions == ("gdpr", "atlantis")
    assert profile.setting("atlantis_answer_days") == 12
