"""The vendor page's lists: their lines and columns, and the house way to show them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView

from app.domain.enums import ConsentState, SharingForm, VendorStatus
from app.domain.pauses import PAUSED
from app.domain.refcodes import format_reference
from app.services.reviews import CHECKLIST, OUTCOMES, ReviewRow
from app.services.rows import SharingRow, VendorRow
from app.ui.dialogs.sharing_dialog import FORM_TEXT
from app.ui.dialogs.vendor_dialog import country_names
from app.ui.pages.client_detail import STATE_TEXT
from app.ui.table_model import Column, make_table
from app.ui.text import N_, _, day_text, due_text

STATUS_TEXT = {
    VendorStatus.ACTIVE: N_("Active"),
    VendorStatus.PAUSED: N_("Paused"),
    VendorStatus.ENDED: N_("Ended"),
}
OUTCOME_TEXT = dict(OUTCOMES)


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


def status_text(value: str) -> str:
    return _(STATUS_TEXT[VendorStatus(value)])


def next_review_text(line: RegisterLine) -> str:
    if line.next_review is None:
        return "—"
    return due_text(line.next_review, line.overdue)


REGISTER_COLUMNS = (
    Column(N_("Vendor"), lambda line: line.vendor.name),
    Column(N_("Status"), lambda line: status_text(line.vendor.status)),
    Column(N_("Next review"), next_review_text, fits=True),
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
        Column(N_("Answer"), do_not_share_state),
        Column(N_("Since"), lambda entry: local_day(entry.since, zone())),
    )


def do_not_share_state(entry) -> str:
    """Refused or withdrawn (the client's answer), or paused by their request."""
    if entry.state == PAUSED:
        return _("Paused (request {number})").format(number=entry.request_id)
    return _(STATE_TEXT[ConsentState(entry.state)])


def local_day(moment: datetime, zone: tzinfo) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return day_text(aware.astimezone(zone).date())


def vendor_table(model, *, stretch: int | None, name: str) -> QTableView:
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


def value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # vendor text is never markup
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
