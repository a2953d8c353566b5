"""An empty page says what belongs there and offers the action; its first record replaces
that with the page's own lists."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.enums import Channel
from app.services import incidents, optouts
from app.services.incidents import IncidentDraft
from app.ui.main_window import (
    PAGE_CLIENTS,
    PAGE_DOCUMENTS,
    PAGE_INCIDENTS,
    PAGE_OPTOUTS,
    PAGE_VENDORS,
    MainWindow,
)
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor

PAGES = {
    PAGE_CLIENTS: "No clients yet",
    PAGE_VENDORS: "No vendors yet",
    PAGE_OPTOUTS: "No opt-outs yet",
    PAGE_INCIDENTS: "No incidents on record",
    PAGE_DOCUMENTS: "No document shown yet",
}


@pytest.fixture
def window(qtbot, context, preferences):
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize("number", list(PAGES))
def test_an_empty_page_says_what_belongs_there(qtbot, window, settle, number):
    window.show_page(number)
    page = window.page(number)
    settle()
    assert page.empty.is_empty
    assert PAGES[number] in page.empty.empty.title.text()
    assert page.empty.empty.button.isVisible()


def test_the_empty_pages_action_opens_what_fills_it(qtbot, window, settle, monkeypatch):
    from app.ui.dialogs import vendor_dialog

    asked = []
    monkeypatch.setattr(
        vendor_dialog.VendorDialog, "ask_new", classmethod(lambda *a: asked.append(a))
    )
    window.show_page(PAGE_VENDORS)
    settle()
    window.vendors_page.empty.empty.button.click()
    assert len(asked) == 1


def test_the_first_records_bring_the_lists_back(qtbot, window, store, context, settle):
    vendor = make_vendor(store)
    make_sharing(store, vendor)
    client = make_client(store)
    optouts.log_optout(
        store,
        client_ref=client.ref,
        channel=Channel.PHONE,
        scope="all",
        received_at=NOW - timedelta(hours=1),
        actor=ACTOR,
        now=NOW,
    )
    incidents.log_incident(
        store,
        IncidentDraft(summary="A laptop was stolen", aware_at=NOW - timedelta(hours=1)),
        actor=ACTOR,
        now=NOW,
    )
    window.refresh()  # as after any change the window makes: every page reloads
    for number in (PAGE_CLIENTS, PAGE_VENDORS, PAGE_OPTOUTS, PAGE_INCIDENTS):
        window.show_page(number)
        settle()
        assert not window.page(number).empty.is_empty, PAGES[number]


def test_a_search_that_finds_nobody_is_not_an_empty_practice(qtbot, window, store, settle):
    make_client(store)
    window.show_page(PAGE_CLIENTS)
    page = window.clients_page
    page.refresh()
    settle()
    page.search.setText("nobody by this name")
    qtbot.waitUntil(lambda: page.model.query == "nobody by this name" and not page.model.searching)
    settle()
    assert page.model.rowCount() == 0 and not page.empty.is_empty


def test_find_client_shows_the_search_even_with_no_client(qtbot, window, settle):
    window.find_client()
    settle()
    assert not window.clients_page.empty.is_empty


def test_the_documents_page_asks_for_a_first_notice_only_while_none_is_published(
    qtbot, context, preferences, store, settle
):
    from app.services import notices

    make_sharing(store, make_vendor(store, "TrainLoop"))
    notices.publish_notice(store, "First notice", actor=ACTOR, now=NOW)
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    window.show_page(PAGE_DOCUMENTS)
    settle()

    empty = window.documents_page.empty.empty
    assert "publish the first one" not in empty.text.text()
    assert not empty.button.isVisibleTo(window)
