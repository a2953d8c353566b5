"""A read-only table model over frozen rows, its columns declared in one table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QTableView

from app.ui.text import _

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole.value
MEASURED_ROWS = 1000  # as Qt's own fitting: the first thousand rows tell a column's width
_ANSWERED = frozenset((_DISPLAY, _ALIGNMENT, Qt.ItemDataRole.ToolTipRole.value))


@dataclass(frozen=True)
class Column:
    title: str  # marked with N_; translated for the header
    value: Callable[[Any], object]
    sort_key: str | None = None  # the service's name for ordering by this column
    alignment: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    tooltip: Callable[[Any], str] | None = None
    fits: bool = False  # always as wide as its widest text (a due date with "overdue")


class RowTableModel(QAbstractTableModel):
    """Rows are frozen read models; the model never holds a database object."""

    def __init__(self, columns: Sequence[Column], parent=None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt signature)
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Asked about twenty roles a cell each time a column fits its text (thousands of
        # calls a keystroke): the roles answered here are told apart by their numbers.
        role = int(role)
        if role not in _ANSWERED or not index.isValid():
            return None
        number = index.row()
        if not 0 <= number < len(self._rows):
            return None
        column = self.columns[index.column()]
        if role == _DISPLAY:
            value = column.value(self._rows[number])
            return "" if value is None else str(value)
        if role == _ALIGNMENT:
            return int(column.alignment)
        if column.tooltip:
            return column.tooltip(self._rows[number])
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return _(self.columns[section].title)
        return None


class Table(QTableView):
    def resizeColumnsToContents(self) -> None:
        """Each column to its text, but a stretched one keeps filling the rest: Qt's own call
        shrinks it too, leaving a blank band at the table's right until the window is resized."""
        header = self.horizontalHeader()
        last = header.count() - 1
        numbers = [
            column
            for column in range(header.count())
            if header.sectionResizeMode(column) != QHeaderView.ResizeMode.Stretch
            and not (column == last and header.stretchLastSection())
        ]
        if isinstance(self.model(), RowTableModel):
            # Its cells are text only: measured from the texts, not by asking each cell for
            # every role through Python (Today's four lists took 0.11 s at 50,000 clients).
            fit_columns_to_text(self, numbers)
            return
        for column in numbers:
            self.resizeColumnToContents(column)


def make_table(model, *, stretch: int | None = None) -> QTableView:
    view = Table()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    # One line a row: compact, and long names are elided rather than wrapped.
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    fitted = [n for n, column in enumerate(getattr(model, "columns", ())) if column.fits]
    if fitted:
        for number in fitted:
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Fixed)
        model.modelReset.connect(lambda: fit_columns_to_text(view, fitted))
        model.rowsInserted.connect(lambda *_: fit_columns_to_text(view, fitted, grow_only=True))
    return view


def fit_columns_to_text(
    view: QTableView, numbers: Sequence[int], *, grow_only: bool = False
) -> None:
    """Size these columns to the widest text of the rows loaded (and their titles), now.

    Qt's ResizeToContents measures later, after the rows were painted, and so paints them
    twice; it also asks each cell about twenty roles through Python. Measuring the texts
    here, before the first paint, costs a font-metrics call a cell.
    """
    model = view.model()
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    # What QStyledItemDelegate adds around a cell's text, and the grid line.
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1)
    margin += 1 if view.showGrid() else 0
    rows = model.rows()[:MEASURED_ROWS]
    for number in numbers:
        value = model.columns[number].value
        texts = {"" if (shown := value(row)) is None else str(shown) for row in rows}
        widest = max((metrics.horizontalAdvance(text) for text in texts), default=0)
        width = max(widest + margin, header.sectionSizeHint(number))
        # With no rows the columns stay as wide as they were (at least their titles): a
        # search that finds nobody does not narrow them for the next one to widen again.
        if (not grow_only and rows) or width > header.sectionSize(number):
            header.resizeSection(number, width)
