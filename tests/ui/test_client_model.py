"""The client list model: pages of the database search, asked for on the database worker."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from app.services import clients
from app.ui.client_model import PAGE, ClientListModel
from tests.helpers.factories import make_client


def worker_model(context, store, finder=None) -> ClientListModel:
    def find(query, offset, limit, order, descending):
        return clients.find_clients(
            store, query, offset=offset, limit=limit, order=order, descending=descending
        )

    return ClientListModel(
        finder or find, lambda work, done: context.run(lambda _store: work(), done)
    )


def test_the_client_list_model_passes_the_model_tester_while_it_loads_pages(
    qtmodeltester, qtbot, context, store
):
    for number in range(PAGE + 5):
        make_client(store, f"Client{number:03d}", "Tester")
    model = worker_model(context, store)
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == PAGE)
    # Over the rows loaded; it asks for the next page itself, and checks the rows it gets.
    qtmodeltester.check(model)
    qtbot.waitUntil(lambda: model.rowCount() == PAGE + 5)
    assert not model.canFetchMore()


def test_a_search_answered_after_a_newer_keystroke_is_dropped(qtbot, context, store):
    make_client(store, "Smith", "Adams")
    make_client(store, "Smithers", "Brown")
    asked: list[str] = []
    slow, answering = threading.Event(), threading.Event()

    def find(query, offset, limit, order, descending):
        asked.append(query)
        if query == "s":  # the database is slow this once: the coach types on meanwhile
            answering.set()
            slow.wait(10)
        return clients.find_clients(store, query, offset=offset, limit=limit, order=order)

    model = worker_model(context, store, find)
    shown: list[list[str]] = []
    model.modelReset.connect(lambda: shown.append([row.name for row in model.rows()]))
    model.set_query("s")
    assert answering.wait(10)  # "s" is being answered on the worker
    model.set_query("smith")  # queued behind "s", then typed over while still queued
    model.set_query("smithers")
    slow.set()
    qtbot.waitUntil(lambda: not model.searching)
    assert shown == [["Smithers Brown"]]  # "s" answered after "smith" was typed: dropped
    assert asked == ["s", "smithers"]  # "smith" was typed over before its turn: not asked


def test_sorting_by_a_column_asks_the_database_in_that_order(qtbot, context, store):
    make_client(store, "Amy", "Zed", email="b@example.org")
    make_client(store, "Zara", "Able", email="a@example.org")
    model = worker_model(context, store)
    model.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 2)
    assert [row.name for row in model.rows()] == ["Zara Able", "Amy Zed"]
    model.sort(2, Qt.SortOrder.DescendingOrder)  # email, descending
    qtbot.waitUntil(lambda: not model.searching)
    assert [row.email for row in model.rows()] == ["b@example.org", "a@example.org"]
