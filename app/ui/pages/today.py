"""Today: what needs attention now, each line one double-click (or Enter) from where to act.

The first list is every feature's due lines (app/services/due.py), shown by their own label
and opened by what they say they open (app/ui/openers.py): this page names no kind.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.domain.refcodes import format_reference
from app.services.places import Opens  # light: no database library comes with it
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.icons import set_icon
from app.ui.openers import CLIENT, VENDOR_REVIEW
from app.ui.pages.first_steps import FirstStepsPanel
from app.ui.table_model import Column, Index, RowTableModel, make_table
from app.ui.text import (
    N_,
    _,
    day_text,
    due_text,
    language,
    moment_text,
    ngettext,
    time_left_text,
)

if TYPE_CHECKING:  # the services load with the database libraries, after the first paint
    from app.persistence.store import Store
    from app.services.due import DueSource
    from app.services.rows import DueItem
    from app.services.today import TodaySummary

# Every kind of record a due line, a missing consent or a due review can come from.
SHOWN = Changes(
    clients=True,
    consents=True,
    vendors=True,
    sharings=True,
    optouts=True,
    practice=True,
    reviews=True,
    incidents=True,
    requests=True,
)

OVERDUE_COLOUR = QColor("#b00020")
FOREGROUND = Qt.ItemDataRole.ForegroundRole.value


@dataclass(frozen=True)
class TodayData:
    summary: TodaySummary
    due: tuple[DueItem, ...]


def load_today(
    store: Store, today: date, lang: str, sources: Sequence[DueSource] | None = None
) -> TodayData:
    """Runs on the database worker: the summary and every due source together."""
    from app.services import due
    from app.services.today import today_summary

    return TodayData(
        summary=today_summary(store, today=today),
        due=tuple(due.due_items(store, today, language=lang, sources=sources or due.SOURCES)),
    )


class DueModel(RowTableModel):
    """Rows with an `overdue` flag are shown in red, with the word, not only the colour.

    Given `now`, a row with a clock counted in hours (`overdue_at`) is red once it is past.
    """

    def __init__(self, columns, parent=None, *, now: Callable[[], datetime] | None = None):
        super().__init__(columns, parent)
        self._now = now

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if int(role) == FOREGROUND and index.isValid():
            if self.is_overdue(self.row_at(index.row())):
                return QBrush(OVERDUE_COLOUR)
            return None
        return super().data(index, role)

    def is_overdue(self, row) -> bool:
        if self._now is not None and hasattr(row, "overdue_at"):
            return row.overdue_at(self._now())
        return getattr(row, "overdue", False)


def _due_text(row) -> str:
    due = getattr(row, "due", None) or getattr(row, "due_on", None)
    return due_text(due, getattr(row, "overdue", False))


OPTOUT_COLUMNS = (
    Column(N_("Due"), _due_text, fits=True),
    Column(N_("What"), lambda item: item.label or item.kind),  # translated by its source
    Column(N_("Subject"), lambda item: item.subject),
)


def urgent_columns(now: Callable[[], datetime]) -> tuple[Column, ...]:
    """Lines above everything else (an open incident): the moment its clock runs out and the
    hours left, counted now."""
    return (
        Column(N_("Deadline"), lambda item: moment_text(item.due_at) or day_text(item.due)),
        Column(N_("Time left"), lambda item: time_left_text(item.due_at, now()), fits=True),
        Column(N_("What"), lambda item: item.label or item.kind),
        Column(N_("Subject"), lambda item: item.subject),
    )


CONSENT_COLUMNS = (
    Column(N_("Reference"), lambda item: format_reference(item.client.ref)),
    Column(N_("Client"), lambda item: item.client.name),
    Column(N_("Vendors needing an answer"), lambda item: ", ".join(item.vendors)),
)
REVIEW_COLUMNS = (
    Column(N_("Due"), _due_text, fits=True),
    Column(N_("Vendor"), lambda item: item.vendor),
    Column(
        N_("Last review"),
        lambda item: day_text(item.last_reviewed_on) if item.last_reviewed_on else _("never"),
    ),
)


def attention_text(items: int, overdue: int) -> str:
    """ "3 things need attention, 1 of them overdue." with each count's own grammar."""
    needing = ngettext(
        "{count} thing needs attention", "{count} things need attention", items
    ).format(count=f"{items:,}")
    if not overdue:
        return _("{needing}.").format(needing=needing)
    late = _("and it is overdue") if items == 1 else _("{count} of them overdue")
    return _("{needing}, {late}.").format(needing=needing, late=late.format(count=f"{overdue:,}"))


class TodayPage(QWidget):
    open_requested = Signal(object)  # an Opens: the window's openers route it
    loaded = Signal()  # the lists show what is on record now

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        sources: Sequence[DueSource] | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._sources = sources  # None: every feature's (app/services/due.py)
        self._loading = False
        self._again = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel("<h2>" + _("Today") + "</h2>")
        top.addWidget(self.heading)
        top.addStretch(1)
        self.refresh_button = QPushButton(_("Re&fresh"))
        self.refresh_button.clicked.connect(self.refresh)
        set_icon(self.refresh_button, "refresh")
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.summary_label = QLabel(
            _("Loading…") if context.is_open else _("Opening your records…")
        )
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        # The guide while a first step is left; the lists hide behind it while they are empty.
        self.first_steps = FirstStepsPanel(context, self)
        self.first_steps.open_requested.connect(self.open_requested)
        self.first_steps.loaded.connect(self._arrange)
        layout.addWidget(self.first_steps)
        self._sections: list[QWidget] = []
        self._nothing_due = False
        self.urgent = DueModel(urgent_columns(context.now), self, now=context.now)
        self.urgent_view = self._section(layout, _("Act now"), self.urgent)
        self.urgent_heading = self._last_heading
        self.urgent_heading.setStyleSheet(f"color: {OVERDUE_COLOUR.name()}")
        # A few lines at most (open incidents): no room taken from the lists below.
        layout.setStretchFactor(self.urgent_view, 0)
        self.urgent_view.setMaximumHeight(
            self.urgent_view.verticalHeader().defaultSectionSize() * 4
        )
        self.optouts = DueModel(OPTOUT_COLUMNS, self, now=context.now)
        self.consents = RowTableModel(CONSENT_COLUMNS, self)
        self.reviews = DueModel(REVIEW_COLUMNS, self)
        self.optout_view = self._section(
            layout, _("Requests, opt-outs and vendor notifications"), self.optouts
        )
        self.consent_view = self._section(layout, "", self.consents)
        self.consent_heading = self._last_heading
        self.review_view = self._section(layout, _("Vendor reviews due"), self.reviews)
        layout.addStretch(0)  # takes the room only while the lists are hidden (_arrange)
        self.optout_view.activated.connect(self._on_optout_view_activated)
        self.urgent_view.activated.connect(self._on_urgent_view_activated)
        self._show_urgent(False)
        self.consent_view.activated.connect(self._on_consent_view_activated)
        self.review_view.activated.connect(self._on_review_view_activated)
        context.subscribe(self, SHOWN, lambda _changes: self.refresh())

    def _section(self, layout: QVBoxLayout, title: str, model: RowTableModel) -> QTableView:
        heading = QLabel(f"<b>{title}</b>")
        self._last_heading = heading
        layout.addWidget(heading)
        view = make_table(model, stretch=model.columnCount() - 1)
        view.setAccessibleName(title or _("Clients waiting for consent answers"))
        view.setToolTip(_("Double-click or press Enter to open"))
        layout.addWidget(view, 1)
        self._sections += [heading, view]
        return view

    def _arrange(self) -> None:
        guided = self.first_steps.isVisibleTo(self) and self._nothing_due
        self.summary_label.setVisible(not guided)  # "0 things need attention" says nothing
        for widget in self._sections:
            if widget not in (self.urgent_heading, self.urgent_view):
                widget.setVisible(not guided)

    def refresh(self) -> None:
        """Reload in the background; a change during loading triggers one more load."""
        if not self._context.is_open:
            return  # store_opened calls again
        self.first_steps.refresh()
        if self._loading:
            self._again = True
            return
        self._loading = True
        today, lang, sources = self._context.today(), language(), self._sources
        self._context.run(
            lambda store: load_today(store, today, lang, sources),
            self._show,
            on_error=self._on_load_failed,
        )

    def _on_load_failed(self, error: BaseException) -> None:
        self._loading = False  # the next change tries again
        self.summary_label.setText(_("Today could not be loaded."))
        self._context.show_error(error, self)

    def _show(self, data: TodayData) -> None:
        self._loading = False
        summary = data.summary
        urgent = [item for item in data.due if item.urgent]
        self.urgent.set_rows(urgent)
        self._show_urgent(bool(urgent))
        self.optouts.set_rows([item for item in data.due if not item.urgent])
        self.consents.set_rows(summary.consent_missing)
        self.reviews.set_rows(summary.reviews_due)
        now = self._context.now()
        overdue = sum(1 for item in data.due if item.overdue_at(now)) + sum(
            1 for item in summary.reviews_due if item.overdue
        )
        self.consent_heading.setText(
            "<b>"
            + _("Clients waiting for consent answers: {count}").format(
                count=f"{summary.consent_missing_total:,}"
            )
            + "</b>"
        )
        items = len(data.due) + summary.consent_missing_total + len(summary.reviews_due)
        self.summary_label.setText(attention_text(items, overdue))
        self._nothing_due = items == 0
        self._arrange()
        for view in (self.urgent_view, self.optout_view, self.consent_view, self.review_view):
            view.resizeColumnsToContents()
        if self._again:
            self._again = False
            self.refresh()
        else:
            self.loaded.emit()

    def _show_urgent(self, shown: bool) -> None:
        self.urgent_heading.setVisible(shown)
        self.urgent_view.setVisible(shown)

    def _on_urgent_view_activated(self, index: QModelIndex) -> None:
        opens = self.urgent.row_at(index.row()).opens
        if opens is not None:
            self.open_requested.emit(opens)

    def _on_optout_view_activated(self, index: QModelIndex) -> None:
        opens = self.optouts.row_at(index.row()).opens
        if opens is not None:
            self.open_requested.emit(opens)

    def _on_consent_view_activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(Opens(CLIENT, self.consents.row_at(index.row()).client.ref))

    def _on_review_view_activated(self, index: QModelIndex) -> None:
        self.open_requested.emit(Opens(VENDOR_REVIEW, self.reviews.row_at(index.row()).vendor_id))
