"""Typed change events: which kinds of record an operation changed, read by each page."""

from __future__ import annotations

from app.ui.changes import EVERYTHING, NOTHING, Changes


def test_a_change_touches_a_page_only_through_a_kind_it_shows():
    clients_page = Changes(clients=True, consents=True)
    assert Changes(consents=True).touches(clients_page)
    assert not Changes(documents=True).touches(clients_page)
    assert not NOTHING.touches(clients_page)


def test_a_restore_touches_every_page():
    assert EVERYTHING.touches(Changes(reviews=True))
    assert EVERYTHING.touches(NOTHING)


def test_changes_combine_and_name_their_kinds():
    both = Changes(optouts=True) | Changes(consents=True)
    assert both == Changes(optouts=True, consents=True)
    assert both.kinds() == ("consents", "optouts")
