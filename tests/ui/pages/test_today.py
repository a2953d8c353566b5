"""Today lists every feature's due lines by their own words, and opens what each names."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import QApplication

from app.services import due
from app.services.rows import DueItem, Opens
from app.ui.main_window import MainWindow
from app.ui.pages.today import TodayPage


def breaches(threads: list | None = None):
    """A kind of record no page or window code knows by name: a breach to report."""

    def source(_store, today: date, _language: str) -> list[DueItem]:
        if threads is not None:
            threads.append(QThread.currentThread())
        return [
            DueItem(
                kind="breach_report",
                subject="Report the TrainLoop breach to the authority",
                due=today - timedelta(days=1),
                overdue=True,
                target_id=7,
                label="Breach to report",
                opens=Opens("retention_review", 7),
            )
        ]

    return source


def test_a_kind_today_does_not_know_is_shown_by_its_own_label_and_opened_by_what_it_names(
    qtbot, context
):
    threads: list = []
    page = TodayPage(context, sources=(breaches(threads),))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded):
        page.refresh()
    model = page.optouts
    assert model.rowCount() == 1
    shown = [model.data(model.index(0, column)) for column in range(model.columnCount())]
    assert shown[1:] == ["Breach to report", "Report the TrainLoop breach to the authority"]
    assert "overdue" in shown[0]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert page.summary_label.text() == "1 thing needs attention, and it is overdue."
    with qtbot.waitSignal(page.open_requested) as opened:
        page.optout_view.activated.emit(model.index(0, 0))
    assert opened.args == [Opens("retention_review", 7)]
    # Loaded on the database worker, never on the GUI thread.
    assert threads == [context.worker.thread]
    assert QApplication.instance().thread() not in threads


def test_the_window_routes_a_new_place_through_its_one_registry_of_openers(
    qtbot, context, preferences, monkeypatch
):
    monkeypatch.setattr(due, "SOURCES", (*due.SOURCES, breaches()))
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    incidents: list[int] = []
    window.openers.register("retention_review", incidents.append)  # the new feature's one opener
    with qtbot.waitSignal(window.today_page.loaded):
        window.today_page.refresh()
    model = window.today_page.optouts
    [row] = [n for n in range(model.rowCount()) if model.row_at(n).kind == "breach_report"]
    window.today_page.optout_view.activated.emit(model.index(row, 0))
    assert incidents == [7]


def test_a_place_nobody_opens_is_ignored_and_said_in_the_log(qtbot, context, preferences, caplog):
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    assert not window.openers.open(Opens("retention_review", 7))
    assert "nothing opens 'retention_review'" in caplog.text
