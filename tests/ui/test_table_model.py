"""A table's columns fitted to their text still fill its width."""

from __future__ import annotations

from PySide6.QtCore import QEventLoop, QTimer

from app.ui.table_model import Column, RowTableModel, make_table


def _settle(ms: int = 100) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def test_fitting_the_columns_leaves_the_stretched_one_filling_the_table(qtbot):
    columns = (
        Column("Due", lambda row: row, fits=True),
        Column("What", lambda row: row),
        Column("Subject", lambda row: row),
    )
    model = RowTableModel(columns)
    view = make_table(model, stretch=2)
    qtbot.addWidget(view)
    view.resize(1000, 300)
    view.show()
    model.set_rows(["a", "bbbb", "cc"])
    view.resizeColumnsToContents()
    _settle()
    header = view.horizontalHeader()
    assert sum(header.sectionSize(n) for n in range(3)) >= view.viewport().width() - 2
    assert header.sectionSize(1) < 200  # the others fit their text
