"""Vendors: the register, and for the one selected its details, sharings, do-not-share list
and reviews."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QPageLayout, QPainter, QShowEvent, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import ConsentState, SharingForm, VendorStatus
from app.domain.errors import DomainError
from app.domain.refcodes import format_reference
from app.services import reviews, vendors
from app.services.optouts import practice_zone
from app.services.reviews import CHECKLIST, OUTCOMES, ReviewRow
from app.services.rows import SharingRow, VendorRow
from app.services.vendors import CLAUSE_KEYS, DoNotShareEntry, VendorDetail
from app.ui.actions import ActionId, ActionRegistry
from app.ui.context import EVERYTHING, AppContext, concerns
from app.ui.dialogs.review_dialog import ReviewDialog
from app.ui.dialogs.sharing_dialog import FORM_TEXT, SharingDialog, catalogue_label
from app.ui.dialogs.vendor_dialog import CLAUSE_TEXT, VendorDialog, country_names
from app.ui.fonts import bundled_families, print_font
from app.ui.pages.clients import STATE_TEXT
from app.ui.pages.today import DueModel
from app.ui.table_model import Column, RowTableModel, make_table
from app.ui.text import N_, _, day_text, due_text, language, ngettext
from app.ui.worker import LongTask, Progress, TaskCancelled

STATUS_TEXT = {
    VendorStatus.ACTIVE: N_("Active"),
    VendorStatus.PAUSED: N_("Paused"),
    VendorStatus.ENDED: N_("Ended"),
}
OUTCOME_TEXT = dict(OUTCOMES)
FAR_AHEAD_DAYS = 100_000  # reviews_due() with this window reports every vendor's next review
DETAILS_TAB, SHARINGS_TAB, DO_NOT_SHARE_TAB, REVIEWS_TAB = range(4)
DO_NOT_SHARE_PRINT_WIDTHS = (20, 11, 29, 18, 10, 12)
_UNSAFE_FILE_CHARACTERS = re.compile(r"[^\w\-]+")


@dataclass(frozen=True)
class RegisterLine:
    vendor: VendorRow
    description: str  # in the window language where the register has it
    next_review: date | None  # None for an ended vendor: nothing to review
    overdue: bool


@dataclass(frozen=True)
class SharingLine:
    row: SharingRow
    purpose: str
    categories: str


def _status(value: str) -> str:
    return _(STATUS_TEXT[VendorStatus(value)])


def _next_review(line: RegisterLine) -> str:
    if line.next_review is None:
        return "—"
    return due_text(line.next_review, line.overdue)


REGISTER_COLUMNS = (
    Column(N_("Vendor"), lambda line: line.vendor.name),
    Column(N_("Status"), lambda line: _status(line.vendor.status)),
    Column(N_("Next review"), _next_review, fits=True),
    Column(
        N_("Countries"),
        lambda line: ", ".join(line.vendor.storage_countries),
        tooltip=lambda line: country_names(line.vendor.storage_countries),
    ),
    # Last, so it takes the room left and the dates never scroll out of sight.
    Column(
        N_("What it does"), lambda line: line.description, tooltip=lambda line: line.description
    ),
)


def _period(line: SharingLine) -> str:
    starts, ends = day_text(line.row.starts_on), line.row.ends_on
    if ends is None:
        return _("since {date}").format(date=starts)
    return _("{start} to {end}").format(start=starts, end=day_text(ends))


SHARING_COLUMNS = (
    Column(N_("Purpose"), lambda line: line.purpose, tooltip=lambda line: line.purpose),
    Column(N_("Needs consent"), lambda line: _("Yes") if line.row.consent_required else _("No")),
    Column(
        N_("Data categories"), lambda line: line.categories, tooltip=lambda line: line.categories
    ),
    Column(N_("Form sent"), lambda line: _(FORM_TEXT[SharingForm(line.row.form)])),
    Column(N_("Period"), _period),
    Column(
        N_("Why needed"), lambda line: line.row.necessity, tooltip=lambda line: line.row.necessity
    ),
)


def _passed(review: ReviewRow) -> str:
    passed = sum(1 for answer in review.answers if answer.passed)
    return _("{passed} of {total} passed").format(passed=passed, total=len(CHECKLIST))


REVIEW_COLUMNS = (
    Column(N_("Reviewed on"), lambda review: day_text(review.reviewed_on)),
    Column(N_("Reviewer"), lambda review: review.reviewer),
    Column(N_("Outcome"), lambda review: _(OUTCOME_TEXT.get(review.outcome, review.outcome))),
    Column(N_("Checklist"), _passed),
    Column(N_("Actions"), lambda review: str(len(review.actions))),
    Column(N_("Next due"), lambda review: day_text(review.next_due_on)),
)


def do_not_share_columns(purpose: Callable[[str], str], zone: Callable[[], tzinfo]):
    """The list's columns; purposes come in English from the service and are shown translated."""
    return (
        Column(N_("Name"), lambda entry: entry.name),
        Column(N_("Reference"), lambda entry: format_reference(entry.ref)),
        Column(N_("Email"), lambda entry: entry.email),
        Column(N_("Purpose"), lambda entry: purpose(entry.purpose)),
        Column(N_("Answer"), lambda entry: _(STATE_TEXT[ConsentState(entry.state)])),
        Column(N_("Since"), lambda entry: _day(entry.since, zone())),
    )


def _day(moment: datetime, zone: tzinfo) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return day_text(aware.astimezone(zone).date())


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection advice)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def write_csv(path: Path, header: Sequence[str], lines: Sequence[Sequence[str]]) -> int:
    """UTF-8 with a byte order mark, so Excel shows Chinese names; returns the rows written."""
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows([spreadsheet_safe(cell) for cell in line] for line in lines)
    except OSError as error:
        raise DomainError(
            _("Could not write {path}: {reason}").format(path=path, reason=error.strerror)
        ) from None
    return len(lines)


@dataclass(frozen=True)
class PrintedTable:
    """A list to print: the heading on the first page, the column titles on every page."""

    title: str
    subtitle: str
    header: tuple[str, ...]
    lines: Sequence[Sequence[str]]
    widths: tuple[int, ...]  # per cent of the page width, one per column
    footer: str  # formatted with {page} and {pages}


def table_html(table: PrintedTable, lines: Sequence[Sequence[str]], *, first: bool) -> str:
    """One page of the table as HTML; every human-entered string escaped."""
    top = f"<h2>{escape(table.title)}</h2><p>{escape(table.subtitle)}</p>" if first else ""
    head = "".join(
        f"<th align='left' width='{width}%'>{escape(text)}</th>"
        for text, width in zip(table.header, table.widths, strict=True)
    )
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in line) + "</tr>" for line in lines
    )
    return (
        f"{top}<table width='100%' border='1' cellspacing='0' cellpadding='2' "
        "style='border-collapse: collapse; border-color: #888'>"
        f"<thead><tr>{head}</tr></thead>{body}</table>"
    )


def print_table(printer: QPrinter, table: PrintedTable, progress: Progress | None = None) -> int:
    """Paginate and paint; safe on a worker thread. Returns the number of pages.

    Each page is its own small document: one document of thousands of rows would hold the
    interpreter lock for seconds while Qt lays it out, freezing the window meanwhile.
    """
    printer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    page = printer.pageLayout().paintRectPixels(printer.resolution())
    footer_height = printer.resolution() // 3  # a third of an inch
    body_height = page.height() - footer_height
    font = print_font(8)

    def lay_out(lines: Sequence[Sequence[str]], first: bool) -> QTextDocument:
        document = QTextDocument()
        document.documentLayout().setPaintDevice(printer)  # measured at the printer's dpi
        document.setDefaultFont(font)
        document.setTextWidth(page.width())
        document.setHtml(table_html(table, lines, first=first))
        return document

    def height(lines: Sequence[Sequence[str]], first: bool = False) -> float:
        return lay_out(lines, first).size().height()

    lines, total = table.lines, len(table.lines)
    steps = max(1, 2 * total)  # rows paginated, then rows painted
    sample = lines[:1] or [[""] * len(table.header)]
    row = max(1.0, height(sample * 2) - height(sample))
    tops = {True: height([], True), False: height([])}

    def check(done: int) -> None:
        if progress is not None:
            if progress.cancelled():
                raise TaskCancelled
            progress(done, steps)

    # Pass 1 finds how many rows fit on each page (rows can wrap); pass 2 lays each page out
    # again and paints it. Keeping hundreds of laid-out pages instead costs memory and long
    # garbage-collector pauses that freeze the window.
    counts: list[int] = []
    start = 0
    while not counts or start < total:
        first = not counts
        count = min(max(1, int((body_height - tops[first]) // row)), total - start)
        document = lay_out(lines[start : start + count], first)
        while count > 1 and document.size().height() > body_height:  # some rows wrapped
            over = document.size().height() - body_height
            count = max(1, count - max(1, math.ceil(over / row)))
            document = lay_out(lines[start : start + count], first)
        counts.append(count)
        start += count
        check(start)
    pages = len(counts)
    painter = QPainter()
    if not painter.begin(printer):
        raise DomainError(_("The printer could not be opened."))
    try:
        painter.setFont(font)
        start = 0
        for number, count in enumerate(counts):
            if number:
                printer.newPage()
            document = lay_out(lines[start : start + count], number == 0)
            document.drawContents(painter, QRectF(0, 0, page.width(), body_height))
            painter.drawText(
                QRectF(0, body_height, page.width(), footer_height),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                table.footer.format(page=number + 1, pages=pages),
            )
            start += count
            try:
                check(total + start)
            except TaskCancelled:
                printer.abort()
                raise
    finally:
        painter.end()
    return pages


def _table(model, *, stretch: int | None, name: str) -> QTableView:
    """The house table; Tab leaves it (arrows move inside), so the keyboard is never stuck."""
    view = make_table(model, stretch=stretch)
    view.setTabKeyNavigation(False)
    view.setAccessibleName(name)
    return view


def fit_columns(view: QTableView, *, widest: int = 0) -> None:
    """Columns as wide as their text (at most `widest`); the last one takes the room left."""
    view.resizeColumnsToContents()
    last = view.model().columnCount() - 1
    for column in range(last):
        if widest and view.columnWidth(column) > widest:
            view.setColumnWidth(column, widest)
    view.setColumnWidth(last, 60)  # the header stretches it to fill, and no further


def _show_progress(dialog: QProgressDialog, done: int, total: int) -> None:
    dialog.setMaximum(total)
    dialog.setValue(done)


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # vendor text is never markup
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class VendorsPage(QWidget):
    def __init__(
        self, context: AppContext, actions: ActionRegistry, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._actions = actions
        self.vendor: VendorDetail | None = None
        self._zone: tzinfo | None = None
        self._purpose_labels: dict[str, str] | None = None
        self._dns_for: int | None = None  # the vendor whose list the model holds, when current
        self._dns_token = 0
        self._print_task: LongTask | None = None

        self.new_button = QPushButton(_("&New vendor…"))
        self.register = DueModel(REGISTER_COLUMNS, self)
        self.register_view = _table(self.register, stretch=None, name=_("Vendor register"))
        self.register_view.setWordWrap(False)  # one line a vendor; the tooltip has it all
        self.count_label = QLabel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>" + _("Vendor register") + "</b>"), 1)
        top.addWidget(self.new_button)
        left_layout.addLayout(top)
        left_layout.addWidget(self.register_view, 1)
        left_layout.addWidget(self.count_label)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(_("About the vendor"))
        self.tabs.addTab(self._details_tab(), _("&Details"))
        self.tabs.addTab(self._sharings_tab(), _("S&harings"))
        self.tabs.addTab(self._do_not_share_tab(), _("Do-not-share &list"))
        self.tabs.addTab(self._reviews_tab(), _("&Reviews"))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.tabs, 1)

        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([500, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

        self.new_button.clicked.connect(self.new_vendor)
        self.register_view.selectionModel().selectionChanged.connect(
            self._on_register_view_selection_changed
        )
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        actions[ActionId.NEW_VENDOR].triggered.connect(self.new_vendor)
        actions[ActionId.REVIEW_VENDOR].triggered.connect(self.record_review)
        context.data_changed.connect(self._on_context_data_changed)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.timeout.connect(self.refresh)
        self.refresh()

    # --- building the tabs ----------------------------------------------------------------

    def _details_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(_("Ed&it…"))
        self.pause_button = QPushButton(_("&Pause"))
        self.end_button = QPushButton(_("&End…"))
        self.reactivate_button = QPushButton(_("Re&activate"))
        for button in (self.edit_button, self.pause_button, self.end_button):
            buttons.addWidget(button)
        buttons.addWidget(self.reactivate_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        body = QWidget()
        form = QFormLayout(body)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.details: dict[str, QLabel] = {}
        for key, title in (
            ("legal_name", _("Legal name")),
            ("service_description", _("What it does")),
            ("service_description_zh", _("What it does in Chinese")),
            ("website", _("Website")),
            ("privacy_policy_url", _("Privacy policy")),
            ("privacy_email", _("Privacy contact email")),
            ("postal_address", _("Privacy contact postal address")),
            ("storage_countries", _("Stored or processed in")),
            ("transfer_safeguard", _("Transfer safeguard")),
            ("security_measures", _("Security measures")),
            ("contract_signed_on", _("Contract signed on")),
        ):
            value = _value_label()
            value.setObjectName(f"detail_{key}")
            value.setAccessibleName(title)
            form.addRow(QLabel(title), value)
            self.details[key] = value
        clauses = QWidget()
        grid = QGridLayout(clauses)
        grid.setContentsMargins(0, 0, 0, 0)
        self.clause_boxes: dict[str, QCheckBox] = {}
        for number, key in enumerate(CLAUSE_KEYS):
            box = QCheckBox(_(CLAUSE_TEXT[key]))
            # Shown, not edited here (Edit… changes them): no clicks, no tab stop.
            box.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            box.setObjectName(f"detail_clause_{key}")
            grid.addWidget(box, number, 0)
            self.clause_boxes[key] = box
        form.addRow(QLabel(_("Contract clauses on file")), clauses)
        for key, title in (
            ("review_interval_months", _("Review every")),
            ("status", _("Status")),
            ("next_review", _("Next review")),
        ):
            value = _value_label()
            value.setObjectName(f"detail_{key}")
            value.setAccessibleName(title)
            form.addRow(QLabel(title), value)
            self.details[key] = value
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # wrap instead
        layout.addWidget(scroll, 1)
        self.edit_button.clicked.connect(self.edit_vendor)
        self.pause_button.clicked.connect(lambda: self.set_status(VendorStatus.PAUSED))
        self.end_button.clicked.connect(lambda: self.set_status(VendorStatus.ENDED))
        self.reactivate_button.clicked.connect(lambda: self.set_status(VendorStatus.ACTIVE))
        return tab

    def _sharings_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        buttons = QHBoxLayout()
        self.add_sharing_button = QPushButton(_("&Add sharing…"))
        self.end_sharing_button = QPushButton(_("End &sharing…"))
        self.wording_button = QPushButton(_("&Why it is needed…"))
        self.wording_button.setToolTip(_("Say again, in English and Chinese, why it is needed."))
        buttons.addWidget(self.add_sharing_button)
        buttons.addWidget(self.wording_button)
        buttons.addWidget(self.end_sharing_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.sharings = RowTableModel(SHARING_COLUMNS, self)
        self.sharing_view = _table(self.sharings, stretch=None, name=_("What this vendor receives"))
        layout.addWidget(self.sharing_view, 1)
        self.sharing_detail = _value_label()
        self.sharing_detail.setObjectName("sharing_detail")
        self.sharing_detail.setAccessibleName(_("The selected sharing"))
        layout.addWidget(self.sharing_detail)
        self.sharing_note = QLabel()
        self.sharing_note.setWordWrap(True)
        layout.addWidget(self.sharing_note)
        self.add_sharing_button.clicked.connect(self.add_sharing)
        self.end_sharing_button.clicked.connect(self.end_sharing)
        self.wording_button.clicked.connect(self.change_sharing_wording)
        self.sharing_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.sharing_view.selectionModel().selectionChanged.connect(self._show_selected_sharing)
        return tab

    def _do_not_share_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(_("E&xport CSV…"))
        self.print_button = QPushButton(_("&Print…"))
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.dns_status = QLabel()
        self.dns_status.setWordWrap(True)
        layout.addWidget(self.dns_status)
        self.do_not_share = RowTableModel(
            do_not_share_columns(self._purpose_label, self._practice_zone), self
        )
        self.dns_view = _table(self.do_not_share, stretch=0, name=_("Do-not-share list"))
        self.dns_view.horizontalHeader().setResizeContentsPrecision(200)  # not all 12,000 rows
        layout.addWidget(self.dns_view, 1)
        self.export_button.clicked.connect(self.export_do_not_share)
        self.print_button.clicked.connect(self.print_do_not_share_with_dialog)
        return tab

    def _reviews_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        buttons = QHBoxLayout()
        self.review_button = QPushButton(_("Re&cord review…"))
        buttons.addWidget(self.review_button)
        buttons.addStretch(1)
        self.review_due_label = QLabel()
        buttons.addWidget(self.review_due_label)
        layout.addLayout(buttons)
        self.reviews = RowTableModel(REVIEW_COLUMNS, self)
        self.review_view = _table(self.reviews, stretch=None, name=_("Past reviews"))
        layout.addWidget(self.review_view, 2)
        self.review_text = QTextBrowser()
        self.review_text.setAccessibleName(_("The selected review"))
        self.review_text.setOpenLinks(False)
        layout.addWidget(self.review_text, 3)
        self.review_button.clicked.connect(self.record_review)
        self.review_view.selectionModel().selectionChanged.connect(self._show_selected_review)
        return tab

    # --- lookups ----------------------------------------------------------------------------

    def _practice_zone(self) -> tzinfo:
        if self._zone is None:
            self._zone = practice_zone(self._context.store)
        return self._zone

    def _purpose_label(self, english: str) -> str:
        if self._purpose_labels is None:
            self._purpose_labels = {
                purpose.label_en: catalogue_label(purpose)
                for purpose in vendors.list_purposes(self._context.store)
            }
        return self._purpose_labels.get(english, english)

    # --- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the register and the vendor shown; the do-not-share list only if in view."""
        store = self._context.store
        chosen = self.vendor.row.id if self.vendor else None
        due = {
            item.vendor_id: item
            for item in reviews.reviews_due(
                store, today=self._context.today(), within_days=FAR_AHEAD_DAYS
            )
        }
        zh = vendors.service_descriptions_zh(store) if language() == "zh" else {}
        lines = []
        for row in vendors.list_vendors(store):
            item = due.get(row.id)
            lines.append(
                RegisterLine(
                    vendor=row,
                    description=zh.get(row.id) or row.service_description,
                    next_review=item.due_on if item else None,
                    overdue=bool(item and item.overdue),
                )
            )
        selection = self.register_view.selectionModel()
        selection.blockSignals(True)
        self.register.set_rows(lines)
        selection.blockSignals(False)
        fit_columns(self.register_view)
        self.count_label.setText(
            ngettext(
                "{count} vendor on the register", "{count} vendors on the register", len(lines)
            ).format(count=len(lines))
        )
        self._dns_for = None
        if chosen is not None and self._select_row_of(chosen):
            self.show_vendor(chosen)
        else:
            self.show_vendor(None)

    def _select_row_of(self, vendor_id: int) -> bool:
        for number, line in enumerate(self.register.rows()):
            if line.vendor.id == vendor_id:
                selection = self.register_view.selectionModel()
                selection.blockSignals(True)
                self.register_view.selectRow(number)
                selection.blockSignals(False)
                return True
        return False

    def open_vendor(self, vendor_id: int) -> None:
        """Show one vendor (used by Today and after adding)."""
        if not self._select_row_of(vendor_id):
            self.refresh()
            if not self._select_row_of(vendor_id):
                return
        self.show_vendor(vendor_id)
        self.register_view.setFocus()

    def _on_register_view_selection_changed(self, *_args) -> None:
        rows = self.register_view.selectionModel().selectedRows()
        self.show_vendor(self.register.row_at(rows[0].row()).vendor.id if rows else None)

    def show_vendor(self, vendor_id: int | None) -> None:
        store = self._context.store
        previous = self.vendor.row.id if self.vendor else None
        self.vendor = vendors.get_vendor(store, vendor_id) if vendor_id is not None else None
        if vendor_id != previous:
            self._dns_for = None
            self.do_not_share.set_rows([])
        self._show_details()
        self._show_sharings()
        self._show_reviews([] if vendor_id is None else reviews.list_reviews(store, vendor_id))
        self._update_buttons()
        self._load_do_not_share_if_shown()

    def _register_line(self) -> RegisterLine | None:
        if self.vendor is None:
            return None
        return next(
            (line for line in self.register.rows() if line.vendor.id == self.vendor.row.id), None
        )

    def _show_details(self) -> None:
        detail = self.vendor
        if detail is None:
            self.heading.setText("<h2>" + escape(_("No vendor selected")) + "</h2>")
            for label in self.details.values():
                label.clear()
            for box in self.clause_boxes.values():
                box.setChecked(False)
            return
        row, draft = detail.row, detail.draft
        line = self._register_line()
        next_review = _next_review(line) if line else "—"
        what = draft.service_description_zh if language() == "zh" else ""
        self.heading.setText(
            f"<h2>{escape(row.name)}</h2>"
            f"<p>{escape(what or draft.service_description)}"
            f"{' · ' if (what or draft.service_description) else ''}"
            f"{escape(_status(row.status))} · "
            f"{escape(_('next review {date}').format(date=next_review))}</p>"
        )
        countries = ", ".join(draft.storage_countries)
        if countries:
            countries += f" ({country_names(draft.storage_countries)})"
        signed = draft.contract_signed_on
        values = {
            "legal_name": draft.legal_name,
            "service_description": draft.service_description,
            "service_description_zh": draft.service_description_zh,
            "website": draft.website,
            "privacy_policy_url": draft.privacy_policy_url,
            "privacy_email": draft.privacy_email,
            "postal_address": draft.postal_address,
            "storage_countries": countries,
            "transfer_safeguard": draft.transfer_safeguard or _("None named"),
            "security_measures": draft.security_measures,
            "contract_signed_on": day_text(signed) if signed else _("Not signed"),
            "review_interval_months": ngettext(
                "{months} month", "{months} months", draft.review_interval_months
            ).format(months=draft.review_interval_months),
            "status": _status(row.status),
            "next_review": next_review,
        }
        for key, value in values.items():
            self.details[key].setText(value or "—")
        for key, box in self.clause_boxes.items():
            box.setChecked(key in draft.clauses)

    def _show_sharings(self) -> None:
        if self.vendor is None:
            self.sharings.set_rows([])
            self.sharing_note.clear()
            self.sharing_detail.clear()
            return
        labels = {
            category.key: catalogue_label(category)
            for category in vendors.list_categories(self._context.store)
        }
        lines = [
            SharingLine(
                row=sharing,
                purpose=self._purpose_label(sharing.purpose),
                categories=", ".join(labels.get(key, key) for key in sharing.category_keys),
            )
            for sharing in self.vendor.row.sharings
        ]
        self.sharings.set_rows(lines)
        self._show_selected_sharing()
        fit_columns(self.sharing_view, widest=180)
        needing = sum(1 for line in lines if line.row.consent_required and not line.row.ends_on)
        self.sharing_note.setText(
            ngettext(
                "{count} of the current sharings needs the client's consent.",
                "{count} of the current sharings need the client's consent.",
                needing,
            ).format(count=needing)
            if lines
            else _("This vendor receives nothing yet. Add what it receives and why.")
        )

    def _show_selected_sharing(self, *_args) -> None:
        rows = self.sharing_view.selectionModel().selectedRows()
        if not rows:
            self.sharing_detail.setText(_("Choose a sharing to read why the vendor needs it."))
            return
        line = self.sharings.row_at(rows[0].row())
        self.sharing_detail.setText(
            _("{purpose} — {categories}. Why needed: {necessity}").format(
                purpose=line.purpose, categories=line.categories, necessity=line.row.necessity
            )
        )

    def _show_reviews(self, rows: list[ReviewRow]) -> None:
        self.reviews.set_rows(rows)
        fit_columns(self.review_view, widest=260)
        line = self._register_line()
        self.review_due_label.setText(
            _("Next review: {date}").format(date=_next_review(line)) if line else ""
        )
        if rows:
            self.review_view.selectRow(0)
        else:
            self.review_text.setHtml(
                "<p>" + escape(_("No review recorded yet.")) + "</p>" if self.vendor else ""
            )

    def _show_selected_review(self, *_args) -> None:
        rows = self.review_view.selectionModel().selectedRows()
        if not rows:
            self.review_text.clear()
            return
        review = self.reviews.row_at(rows[0].row())
        answers = {answer.key: answer for answer in review.answers}
        items = []
        for key, question in CHECKLIST:
            answer = answers.get(key)
            verdict = "—" if answer is None else _("Yes") if answer.passed else _("No")
            note = f" — {escape(answer.note)}" if answer and answer.note else ""
            items.append(f"<tr><td>{escape(_(question))}</td><td><b>{verdict}</b>{note}</td></tr>")
        actions = "".join(
            f"<li>{escape(action.text)} — "
            f"{escape(_('due {date}').format(date=day_text(action.due_on)))}</li>"
            for action in review.actions
        )
        outcome = _(OUTCOME_TEXT.get(review.outcome, review.outcome))
        self.review_text.setHtml(
            f"<p><b>{escape(_('Outcome'))}:</b> {escape(outcome)}</p>"
            f"<table cellpadding='2'>{''.join(items)}</table>"
            + (f"<p><b>{escape(_('Actions'))}</b></p><ul>{actions}</ul>" if actions else "")
        )

    def _update_buttons(self, *_args) -> None:
        chosen = self.vendor is not None
        status = VendorStatus(self.vendor.row.status) if self.vendor else None
        self.edit_button.setEnabled(chosen)
        self.pause_button.setVisible(status in (None, VendorStatus.ACTIVE))
        self.pause_button.setEnabled(status == VendorStatus.ACTIVE)
        self.end_button.setVisible(status != VendorStatus.ENDED)
        self.end_button.setEnabled(chosen)
        self.reactivate_button.setVisible(status in (VendorStatus.PAUSED, VendorStatus.ENDED))
        self.add_sharing_button.setEnabled(chosen and status != VendorStatus.ENDED)
        self.end_sharing_button.setEnabled(self._selected_sharing() is not None)
        self.wording_button.setEnabled(self._selected_sharing() is not None)
        self.review_button.setEnabled(chosen and status != VendorStatus.ENDED)
        self._actions[ActionId.REVIEW_VENDOR].setEnabled(self.review_button.isEnabled())

    # --- the do-not-share list --------------------------------------------------------------

    def _dns_shown(self) -> bool:
        return self.isVisible() and self.tabs.currentIndex() == DO_NOT_SHARE_TAB

    def _load_do_not_share_if_shown(self) -> None:
        if self.vendor is not None and self._dns_for != self.vendor.row.id and self._dns_shown():
            self.load_do_not_share()

    def load_do_not_share(self) -> None:
        """Fetch on the database worker: at 50,000 clients the list takes about half a second."""
        self._dns_token += 1
        if self.vendor is None:
            self.do_not_share.set_rows([])
            self.dns_status.clear()
            return
        token, vendor_id, store = self._dns_token, self.vendor.row.id, self._context.store
        self._dns_for = vendor_id
        self.dns_status.setText(_("Loading the do-not-share list…"))
        self.export_button.setEnabled(False)
        self.print_button.setEnabled(False)
        self._context.run(
            lambda: vendors.do_not_share_list(store, vendor_id),
            lambda rows: self._on_do_not_share_loaded(token, rows),
            parent=self,
        )

    def _on_do_not_share_loaded(self, token: int, rows: list[DoNotShareEntry]) -> None:
        if token != self._dns_token:
            return  # another vendor was chosen meanwhile
        self.do_not_share.set_rows(rows)
        if rows:
            self.dns_view.resizeColumnsToContents()
        name = self.vendor.row.name if self.vendor else ""
        self.dns_status.setText(
            ngettext(
                "{count} client refused or withdrew consent: remove them from {vendor}'s own "
                "system, or make sure it holds nothing about them.",
                "{count} clients refused or withdrew consent: remove them from {vendor}'s own "
                "system, or make sure it holds nothing about them.",
                len(rows),
            ).format(count=f"{len(rows):,}", vendor=name)
            if rows
            else _("No client refused or withdrew consent for {vendor}.").format(vendor=name)
        )
        self.export_button.setEnabled(bool(rows))
        self.print_button.setEnabled(bool(rows))

    def _dns_header(self) -> list[str]:
        return [_(column.title) for column in self.do_not_share.columns]

    def _dns_lines(self, rows: Sequence[DoNotShareEntry]) -> list[list[str]]:
        columns = self.do_not_share.columns
        return [[str(column.value(entry) or "") for column in columns] for entry in rows]

    def _dns_file_stem(self) -> str:
        name = _UNSAFE_FILE_CHARACTERS.sub("-", self.vendor.row.name if self.vendor else "")
        return f"do-not-share-{name.strip('-') or 'vendor'}-{self._context.today().isoformat()}"

    def export_do_not_share(self) -> None:
        if self.vendor is None or self._dns_for != self.vendor.row.id:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export the do-not-share list"),
            str(Path(folder) / f"{self._dns_file_stem()}.csv"),
            _("CSV files (*.csv)"),
        )
        if not path:
            return
        target = Path(path if path.lower().endswith(".csv") else f"{path}.csv")
        header, lines = self._dns_header(), self._dns_lines(self.do_not_share.rows())
        self.export_button.setEnabled(False)

        def done(count: int) -> None:
            self.export_button.setEnabled(True)
            self._context.status_message.emit(
                ngettext(
                    "Exported {count} row to {path}.", "Exported {count} rows to {path}.", count
                ).format(count=f"{count:,}", path=target)
            )

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            self._context.show_error(error, self)

        self._context.worker.submit(lambda: write_csv(target, header, lines), done, failed)

    def _dns_printed_table(self) -> PrintedTable:
        vendor = self.vendor.row.name if self.vendor else ""
        rows = self.do_not_share.rows()
        return PrintedTable(
            title=_("Do-not-share list — {vendor}").format(vendor=vendor),
            subtitle=_(
                "Clients who refused or withdrew consent, as of {date}: {count}. Do not send "
                "their data to {vendor}; remove what it holds about them."
            ).format(date=day_text(self._context.today()), count=f"{len(rows):,}", vendor=vendor),
            header=tuple(self._dns_header()),
            lines=self._dns_lines(rows),
            widths=DO_NOT_SHARE_PRINT_WIDTHS,
            footer=_("Page {page} of {pages}"),
        )

    def print_do_not_share(self, printer: QPrinter) -> int:
        """Print the list as shown, here and now (no dialog); returns the number of pages."""
        printer.setDocName(self._dns_file_stem())
        return print_table(printer, self._dns_printed_table())

    def start_printing(self, printer: QPrinter) -> LongTask:
        """Print off the GUI thread with progress and a cancel button (thousands of rows)."""
        printer.setDocName(self._dns_file_stem())
        table = self._dns_printed_table()
        bundled_families()  # registered here, on the GUI thread, before the task prints
        task = LongTask(lambda progress: print_table(printer, table, progress))
        dialog = QProgressDialog(_("Printing the do-not-share list…"), _("Cancel"), 0, 0, self)
        dialog.setWindowTitle(_("Printing"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        task.progressed.connect(lambda done, total: _show_progress(dialog, done, total))
        dialog.canceled.connect(task.cancel)
        task.succeeded.connect(
            lambda pages: self._context.status_message.emit(
                ngettext(
                    "Printed the do-not-share list ({pages} page).",
                    "Printed the do-not-share list ({pages} pages).",
                    pages,
                ).format(pages=pages)
            )
        )
        task.failed.connect(lambda error: self._context.show_error(error, self))
        task.cancelled.connect(lambda: self._context.status_message.emit(_("Printing cancelled.")))
        task.finished.connect(dialog.reset)
        task.finished.connect(dialog.deleteLater)
        task.finished.connect(lambda: self.print_button.setEnabled(True))
        task.finished.connect(lambda: setattr(self, "_printer", None))
        self._printer = printer  # kept alive until the task is done
        self._print_task = task
        self.print_button.setEnabled(False)
        task.start()
        return task

    def print_do_not_share_with_dialog(self) -> None:
        if self.vendor is None or not self.do_not_share.rowCount():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the do-not-share list"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start_printing(printer)

    # --- changes ----------------------------------------------------------------------------

    def new_vendor(self) -> None:
        row = VendorDialog.ask(self, self._context)
        if row is not None:
            self._context.changed("vendors", _("Vendor {name} added.").format(name=row.name))
            self.open_vendor(row.id)

    def edit_vendor(self) -> None:
        if self.vendor is None:
            return
        row = VendorDialog.ask(self, self._context, self.vendor)
        if row is not None:
            self._context.changed("vendors", _("Vendor {name} saved.").format(name=row.name))

    def set_status(self, status: VendorStatus) -> None:
        if self.vendor is None:
            return
        name = self.vendor.row.name
        if status == VendorStatus.ENDED:
            answer = QMessageBox.question(
                self,
                _("End vendor"),
                _(
                    "End {name}? Its sharings stop, it leaves the notice and the reviews due; "
                    "its history stays on record and it can be reactivated."
                ).format(name=name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            vendors.set_vendor_status(
                self._context.store,
                self.vendor.row.id,
                status,
                actor=self._context.actor,
                now=self._context.now(),
            )
        except DomainError as error:
            self._context.show_error(error, self)
            return
        self._context.changed(
            "vendors",
            _("{name} is now: {status}.").format(name=name, status=_(STATUS_TEXT[status])),
        )

    def add_sharing(self) -> None:
        if self.vendor is None:
            return
        row = SharingDialog.ask(self, self._context, self.vendor)
        if row is not None:
            self._context.changed(
                "vendors", _("Sharing with {vendor} added.").format(vendor=row.vendor)
            )

    def change_sharing_wording(self) -> None:
        sharing = self._selected_sharing()
        if sharing is None or self.vendor is None:
            return
        row = SharingDialog.ask(self, self._context, self.vendor, sharing)
        if row is not None:
            self._context.changed(
                "vendors",
                _("Why {vendor} needs it: saved.").format(vendor=row.vendor),
            )

    def _selected_sharing(self) -> SharingRow | None:
        rows = self.sharing_view.selectionModel().selectedRows()
        line = self.sharings.row_at(rows[0].row()) if rows else None
        return line.row if line and line.row.ends_on is None else None

    def end_sharing(self) -> None:
        sharing = self._selected_sharing()
        if sharing is None or self.vendor is None:
            return
        today = self._context.today()
        answer = QMessageBox.question(
            self,
            _("End sharing"),
            _(
                "Stop sending data to {vendor} for “{purpose}” from today ({date})? The "
                "sharing stays on record."
            ).format(
                vendor=sharing.vendor, purpose=self._purpose_label(sharing.purpose), date=today
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            vendors.end_sharing(
                self._context.store,
                sharing.id,
                ends_on=today,
                actor=self._context.actor,
                now=self._context.now(),
            )
        except DomainError as error:
            self._context.show_error(error, self)
            return
        self._context.changed("vendors", _("Sharing ended."))

    def record_review(self) -> None:
        if self.vendor is None or VendorStatus(self.vendor.row.status) == VendorStatus.ENDED:
            return
        review = ReviewDialog.ask(self, self._context, self.vendor.row)
        if review is not None:
            self._context.changed(
                "vendors",
                _("Review of {vendor} recorded; next due {date}.").format(
                    vendor=self.vendor.row.name, date=day_text(review.next_due_on)
                ),
            )

    # --- events -----------------------------------------------------------------------------

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._load_do_not_share_if_shown()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._load_do_not_share_if_shown()

    def _on_context_data_changed(self, kind: str) -> None:
        if concerns(kind, "practice"):
            self._zone = None
        if kind == EVERYTHING:
            self._purpose_labels = None  # the catalogue of purposes may differ
        if concerns(kind, "vendors", "consents", "practice", "clients"):
            self._refresh_timer.start(0)  # once, after the current event
