"""The client list: a lazily loaded page-by-page model over the database search.

Every search runs on the database worker, so a keystroke never waits for the database on the
GUI thread. Each search or page fetch carries the generation it was asked in; a newer
keystroke (or sort) starts a new generation, and an answer from an older one is dropped,
still queued or already run, so the list never shows a search that was typed over.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal

from app.domain.refcodes import format_reference
from app.services.rows import ClientRow
from app.ui.table_model import Column, Index, RowTableModel
from app.ui.text import N_, _

PAGE = 200
# find(query, offset, limit, order, descending) -> rows; the service does search and sorting.
# It runs on the database worker.
Finder = Callable[[str, int, int, str, bool], list[ClientRow]]
# run(work, on_done): work on the database worker, on_done(result) on the GUI thread.
Runner = Callable[[Callable[[], object], Callable[[object], None]], None]

STATUS_TEXT = {"active": N_("Active"), "former": N_("Former")}

# Name and email take the room the others leave: those are as wide as their texts.
CLIENT_COLUMNS = (
    Column(N_("Reference"), lambda row: format_reference(row.ref), "ref", fits=True),
    Column(N_("Name"), lambda row: row.name, "name"),
    Column(N_("Email"), lambda row: row.email, "email"),
    Column(N_("Phone"), lambda row: row.phone, "phone", fits=True),
    Column(N_("Country"), lambda row: row.country_code, "country", fits=True),
    Column(
        N_("Status"), lambda row: _(STATUS_TEXT.get(row.status, row.status)), "status", fits=True
    ),
)


class ClientListModel(RowTableModel):
    """Holds only the pages loaded so far; sorting and filtering happen in SQL (PITFALLS)."""

    searched = Signal()  # the first page of the latest search is in

    def __init__(self, find: Finder, run: Runner, parent=None) -> None:
        super().__init__(CLIENT_COLUMNS, parent)
        self._find = find
        self._run = run
        self._query = ""
        self._order = "name"
        self._descending = False
        self._exhausted = False
        self._generation = 0  # read on the worker too: an int, replaced whole
        self._fetching = False
        self._pending = False  # a search was asked for and its rows are not shown yet
        self._waiting: list[Callable[[], None]] = []

    @property
    def query(self) -> str:
        return self._query

    @property
    def searching(self) -> bool:
        """A search was asked for and its rows are not shown yet."""
        return self._pending

    def set_query(self, query: str, then: Callable[[], None] | None = None) -> None:
        self._query = query
        self.reload(then)

    def reload(self, then: Callable[[], None] | None = None) -> None:
        """Search again; `then()` runs once the rows are shown (after a newer search's, if
        one came meanwhile: it is for the list as the coach left it)."""
        self._generation += 1
        self._fetching = False
        self._pending = True
        if then is not None:
            self._waiting.append(then)
        generation = self._generation
        query, order, descending = self._query, self._order, self._descending

        def search() -> list[ClientRow] | None:
            if generation != self._generation:
                return None  # typed over while queued: not worth the query
            return self._find(query, 0, PAGE, order, descending)

        self._run(search, lambda rows: self._on_searched(generation, rows))

    def _on_searched(self, generation: int, rows: list[ClientRow] | None) -> None:
        if generation != self._generation or rows is None:
            return  # a newer search is on its way
        self._pending = False
        self._exhausted = len(rows) < PAGE
        self.set_rows(rows)
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()
        self.searched.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt signature)
        busy = self._fetching or self._pending  # the rows below are on their way, or replaced
        return not parent.isValid() and not self._exhausted and not busy

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 (Qt signature)
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, start = self._generation, self.rowCount()
        query, order, descending = self._query, self._order, self._descending

        def fetch() -> list[ClientRow] | None:
            if generation != self._generation:
                return None
            return self._find(query, start, PAGE, order, descending)

        self._run(fetch, lambda rows: self._on_fetched(generation, start, rows))

    def _on_fetched(self, generation: int, start: int, more: list[ClientRow] | None) -> None:
        if generation != self._generation or more is None:
            return  # the list was searched again meanwhile
        self._fetching = False
        self._exhausted = len(more) < PAGE
        if more:
            self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
            self._rows.extend(more)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key
        if key is None:
            return
        self._order = key
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def row_of_client(self, client_id: int) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row.id == client_id), None)
