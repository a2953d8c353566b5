"""The client list: a lazily loaded page-by-page model over the database search."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt

from app.domain.refcodes import format_reference
from app.services.rows import ClientRow
from app.ui.table_model import Column, Index, RowTableModel
from app.ui.text import N_, _

PAGE = 200
# find(query, offset, limit, order, descending) -> rows; the service does search and sorting.
Finder = Callable[[str, int, int, str, bool], list[ClientRow]]

STATUS_TEXT = {"active": N_("Active"), "former": N_("Former")}

CLIENT_COLUMNS = (
    Column(N_("Reference"), lambda row: format_reference(row.ref), "ref"),
    Column(N_("Name"), lambda row: row.name, "name"),
    Column(N_("Email"), lambda row: row.email, "email"),
    Column(N_("Phone"), lambda row: row.phone, "phone"),
    Column(N_("Country"), lambda row: row.country_code, "country"),
    Column(N_("Status"), lambda row: _(STATUS_TEXT.get(row.status, row.status)), "status"),
)


class ClientListModel(RowTableModel):
    """Holds only the pages loaded so far; sorting and filtering happen in SQL (PITFALLS)."""

    def __init__(self, find: Finder, parent=None) -> None:
        super().__init__(CLIENT_COLUMNS, parent)
        self._find = find
        self._query = ""
        self._order = "name"
        self._descending = False
        self._exhausted = False

    @property
    def query(self) -> str:
        return self._query

    def set_query(self, query: str) -> None:
        self._query = query
        self.reload()

    def reload(self) -> None:
        first = self._find(self._query, 0, PAGE, self._order, self._descending)
        self._exhausted = len(first) < PAGE
        self.set_rows(first)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt signature)
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008 (Qt signature)
        if parent.isValid() or self._exhausted:
            return
        start = self.rowCount()
        more = self._find(self._query, start, PAGE, self._order, self._descending)
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
