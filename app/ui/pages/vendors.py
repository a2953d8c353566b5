"""Vendors: the register, and for the one selected its details, sharings, do-not-share list
and reviews.

Every read and write runs on the database worker; what the page shows comes back to it as
one load (the register, or one vendor with its sharings and reviews), and an answer for a
vendor no longer chosen is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import VendorStatus
from app.services import vendors
from app.services.rows import SharingRow
from app.services.vendors import CLAUSE_KEYS, VendorDetail
from app.ui.actions import ActionId, ActionRegistry
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.dialogs.review_dialog import ReviewDialog
from app.ui.dialogs.sharing_dialog import SharingDialog
from app.ui.dialogs.vendor_dialog import CLAUSE_TEXT, VendorDialog, country_names
from app.ui.empty_state import empty_page
from app.ui.pages.do_not_share import DoNotShareTab
from app.ui.pages.today import DueModel
from app.ui.pages.vendor_columns import (
    REGISTER_COLUMNS,
    SHARING_COLUMNS,
    STATUS_TEXT,
    RegisterLine,
    SharingLine,
    fit_columns,
    next_review_text,
    status_text,
    value_label,
    vendor_table,
)
from app.ui.pages.vendor_data import VendorShown, load_register, load_vendor
from app.ui.pages.vendor_reviews import ReviewsTab
from app.ui.table_model import RowTableModel
from app.ui.text import _, day_text, language, ngettext

DETAILS_TAB, SHARINGS_TAB, DO_NOT_SHARE_TAB, REVIEWS_TAB = range(4)
# The register, the vendor's sharings and the do-not-share list (consents, clients) change
# with these; the zone and the purposes' words with the practice or a restore.
SHOWN = Changes(
    vendors=True, sharings=True, reviews=True, consents=True, practice=True, clients=True
)


class VendorsPage(QWidget):
    def __init__(
        self, context: AppContext, actions: ActionRegistry, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._actions = actions
        self.vendor: VendorDetail | None = None
        self._purpose_labels: dict[str, str] | None = None
        self._category_labels: dict[str, str] = {}
        self._shown_token = 0  # the latest vendor asked for: an older answer is dropped
        self._register_token = 0
        self._waiting: list[Callable[[], None]] = []

        self.new_button = QPushButton(_("&New vendor…"))
        self.register = DueModel(REGISTER_COLUMNS, self)
        self.register_view = vendor_table(self.register, stretch=None, name=_("Vendor register"))
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
        self.dns = DoNotShareTab(context, self._purpose_label)
        self.tabs.addTab(self.dns, _("Do-not-share &list"))
        self.reviews_tab = ReviewsTab()
        self.reviews_tab.review_button.clicked.connect(self.record_review)
        self.tabs.addTab(self.reviews_tab, _("&Reviews"))
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
        self.empty = empty_page("vendors", self.splitter, self.new_vendor)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)

        self.new_button.clicked.connect(self.new_vendor)
        self.register_view.selectionModel().selectionChanged.connect(
            self._on_register_view_selection_changed
        )
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        actions[ActionId.NEW_VENDOR].triggered.connect(self.new_vendor)
        actions[ActionId.REVIEW_VENDOR].triggered.connect(self.record_review)
        context.subscribe(self, SHOWN, self._on_context_changes)
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
            value = value_label()
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
            value = value_label()
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
        self.sharing_view = vendor_table(
            self.sharings, stretch=None, name=_("What this vendor receives")
        )
        layout.addWidget(self.sharing_view, 1)
        self.sharing_detail = value_label()
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

    # --- loading ----------------------------------------------------------------------------

    def _purpose_label(self, english: str) -> str:
        return (self._purpose_labels or {}).get(english, english)

    # --- loading ----------------------------------------------------------------------------

    def refresh(self, then: Callable[[], None] | None = None) -> None:
        """Reload the register and the vendor shown; the do-not-share list only if in view.

        `then()` runs once the register and the vendor are shown again."""
        self._register_token += 1
        token, today, lang = self._register_token, self._context.today(), language()
        if then is not None:
            self._waiting.append(then)
        self._context.run(
            lambda store: load_register(store, today, lang),
            lambda lines: token == self._register_token and self._show_register(lines),
            parent=self,
        )

    def _show_register(self, lines: list[RegisterLine]) -> None:
        """The latest register asked for (an older one, asked before a change, is dropped)."""
        chosen = self.vendor.row.id if self.vendor else None
        selection = self.register_view.selectionModel()
        selection.blockSignals(True)
        self.register.set_rows(lines)
        selection.blockSignals(False)
        fit_columns(self.register_view)
        self.empty.set_empty(not lines)
        self.count_label.setText(
            ngettext(
                "{count} vendor on the register", "{count} vendors on the register", len(lines)
            ).format(count=len(lines))
        )
        self.dns.forget()
        waiting, self._waiting = self._waiting, []

        def done() -> None:
            for then in waiting:
                then()

        if chosen is not None and self._select_row_of(chosen):
            self.show_vendor(chosen, then=done)
        else:
            self.show_vendor(None, then=done)

    def _select_row_of(self, vendor_id: int) -> bool:
        for number, line in enumerate(self.register.rows()):
            if line.vendor.id == vendor_id:
                selection = self.register_view.selectionModel()
                selection.blockSignals(True)
                self.register_view.selectRow(number)
                selection.blockSignals(False)
                return True
        return False

    def open_vendor(self, vendor_id: int, then: Callable[[], None] | None = None) -> None:
        """Show one vendor (used by Today and after adding); `then()` once it is shown."""

        def show() -> None:
            if self._select_row_of(vendor_id):
                self.show_vendor(vendor_id, then=then)
                self.register_view.setFocus()

        if self._select_row_of(vendor_id):
            show()
        else:
            self.refresh(then=show)

    def _on_register_view_selection_changed(self, *_args) -> None:
        rows = self.register_view.selectionModel().selectedRows()
        self.show_vendor(self.register.row_at(rows[0].row()).vendor.id if rows else None)

    def show_vendor(self, vendor_id: int | None, then: Callable[[], None] | None = None) -> None:
        """Load the vendor on the worker, then show it in every tab."""
        self._shown_token += 1
        token = self._shown_token
        if vendor_id is None:
            self._show_vendor(None)
            if then is not None:
                then()
            return
        with_purposes = self._purpose_labels is None

        def shown(loaded: VendorShown) -> None:
            if token != self._shown_token:
                return  # another vendor was chosen meanwhile
            self._show_vendor(loaded)
            if then is not None:
                then()

        self._context.run(
            lambda store: load_vendor(store, vendor_id, with_purposes=with_purposes),
            shown,
            parent=self,
        )

    def _show_vendor(self, loaded: VendorShown | None) -> None:
        self.vendor = loaded.detail if loaded else None
        if loaded is not None:
            self._category_labels = loaded.categories
            if loaded.purposes is not None:
                self._purpose_labels = loaded.purposes
        row = self.vendor.row if self.vendor else None
        self.dns.choose(row.id if row else None, row.name if row else "")
        self._show_details()
        self._show_sharings()
        line = self._register_line()
        self.reviews_tab.show_reviews(
            loaded.reviews if loaded else [],
            next_due=next_review_text(line) if line else "",
            vendor_chosen=self.vendor is not None,
        )
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
        next_review = next_review_text(line) if line else "—"
        what = draft.service_description_zh if language() == "zh" else ""
        self.heading.setText(
            f"<h2>{escape(row.name)}</h2>"
            f"<p>{escape(what or draft.service_description)}"
            f"{' · ' if (what or draft.service_description) else ''}"
            f"{escape(status_text(row.status))} · "
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
            "status": status_text(row.status),
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
        labels = self._category_labels
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
        reviewable = chosen and status != VendorStatus.ENDED
        self.reviews_tab.review_button.setEnabled(reviewable)
        self._actions[ActionId.REVIEW_VENDOR].setEnabled(reviewable)

    # --- the do-not-share list --------------------------------------------------------------

    def _load_do_not_share_if_shown(self) -> None:
        if self.isVisible() and self.tabs.currentIndex() == DO_NOT_SHARE_TAB:
            self.dns.load_if_needed()

    # --- changes ----------------------------------------------------------------------------

    def new_vendor(self) -> None:
        made = VendorDialog.ask_new(self, self._context)  # its save publishes the change
        if made is not None:
            row, template = made
            # Started from a template: what such a service receives, offered to check.
            then = (lambda: self.add_sharing(template.sharings[0])) if template else None
            self.open_vendor(row.id, then=then)

    def edit_vendor(self) -> None:
        if self.vendor is not None:
            VendorDialog.ask(self, self._context, self.vendor)

    def set_status(self, status: VendorStatus) -> None:
        if self.vendor is None:
            return
        name, vendor_id = self.vendor.row.name, self.vendor.row.id
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
        actor, now = self._context.actor, self._context.now()
        self._context.run(
            lambda store: vendors.set_vendor_status(store, vendor_id, status, actor=actor, now=now),
            changes=Changes(vendors=True, sharings=status == VendorStatus.ENDED),
            message=_("{name} is now: {status}.").format(name=name, status=_(STATUS_TEXT[status])),
            parent=self,
        )

    def add_sharing(self, suggested=None) -> None:
        """`suggested`: a template's sharing (app/services/vendor_templates.py) to start from."""
        if self.vendor is not None:
            SharingDialog.ask(self, self._context, self.vendor, suggested=suggested)

    def change_sharing_wording(self) -> None:
        sharing = self._selected_sharing()
        if sharing is not None and self.vendor is not None:
            SharingDialog.ask(self, self._context, self.vendor, sharing)

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
        sharing_id, actor, now = sharing.id, self._context.actor, self._context.now()
        self._context.run(
            lambda store: vendors.end_sharing(
                store, sharing_id, ends_on=today, actor=actor, now=now
            ),
            changes=Changes(sharings=True),
            message=_("Sharing ended."),
            parent=self,
        )

    def record_review(self) -> None:
        if self.vendor is None or VendorStatus(self.vendor.row.status) == VendorStatus.ENDED:
            return
        ReviewDialog.ask(self, self._context, self.vendor.row)  # its save publishes

    # --- events -----------------------------------------------------------------------------

    def _on_tabs_current_changed(self, _index: int) -> None:
        self._load_do_not_share_if_shown()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._load_do_not_share_if_shown()

    def _on_context_changes(self, changes: Changes) -> None:
        if changes.all:
            self._purpose_labels = None  # the catalogue of purposes may differ
        self._refresh_timer.start(0)  # once, after the current event
