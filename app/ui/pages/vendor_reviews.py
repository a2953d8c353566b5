"""The Reviews tab of a vendor: its past reviews, the one selected, and when the next is due."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from app.services.reviews import ReviewRow
from app.ui.pages.vendor_columns import REVIEW_COLUMNS, fit_columns, vendor_table
from app.ui.pages.vendor_data import review_html
from app.ui.table_model import RowTableModel
from app.ui.text import _


class ReviewsTab(QWidget):
    """Shows what the page loaded; "Record review…" is the page's to connect (it knows the
    vendor and whether it can still be reviewed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.review_button = QPushButton(_("Re&cord review…"))
        buttons.addWidget(self.review_button)
        buttons.addStretch(1)
        self.due_label = QLabel()
        buttons.addWidget(self.due_label)
        layout.addLayout(buttons)
        self.reviews = RowTableModel(REVIEW_COLUMNS, self)
        self.view = vendor_table(self.reviews, stretch=None, name=_("Past reviews"))
        layout.addWidget(self.view, 2)
        self.review_text = QTextBrowser()
        self.review_text.setAccessibleName(_("The selected review"))
        self.review_text.setOpenLinks(False)
        layout.addWidget(self.review_text, 3)
        self.view.selectionModel().selectionChanged.connect(self._show_selected)

    def show_reviews(self, rows: list[ReviewRow], *, next_due: str, vendor_chosen: bool) -> None:
        """`next_due`: the next review's date as the register shows it ("" for no vendor)."""
        self.reviews.set_rows(rows)
        fit_columns(self.view, widest=260)
        self.due_label.setText(_("Next review: {date}").format(date=next_due) if next_due else "")
        if rows:
            self.view.selectRow(0)
        else:
            self.review_text.setHtml(
                "<p>" + escape(_("No review recorded yet.")) + "</p>" if vendor_chosen else ""
            )

    def _show_selected(self, *_args) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.review_text.clear()
            return
        self.review_text.setHtml(review_html(self.reviews.row_at(rows[0].row())))
