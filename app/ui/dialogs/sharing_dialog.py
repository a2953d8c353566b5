"""Add a sharing: which purpose, which data categories, in what form, and why it is needed
(in English, and in Chinese for Chinese documents); or say again why an existing one is."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.consent import ConsentReason, consent_reasons, sends_abroad
from app.domain.enums import LegalBasis, SharingForm
from app.domain.rulesets import asking_consent
from app.services import practice, vendors
from app.services.rows import CategoryRow, PurposeRow, SharingRow
from app.services.vendor_templates import TemplateSharing
from app.services.vendors import SharingDraft, VendorDetail
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.forms import FieldForm, date_field, save_dialog
from app.ui.text import N_, _, language

FORM_TEXT = {
    SharingForm.IDENTIFIED: N_("Identified"),
    SharingForm.PSEUDONYMISED: N_("Pseudonymised"),
    SharingForm.ANONYMISED: N_("Anonymised"),
}
FORM_EXPLAINED = {
    SharingForm.IDENTIFIED: N_("Identified: the vendor sees who the client is"),
    SharingForm.PSEUDONYMISED: N_("Pseudonymised: a code instead of the client's name"),
    SharingForm.ANONYMISED: N_("Anonymised: cannot be traced back to the client"),
}
LEGAL_BASIS_TEXT = {
    LegalBasis.CONSENT: N_("the client's consent"),
    LegalBasis.CONTRACT: N_("needed for the contract with the client"),
    LegalBasis.LEGAL_OBLIGATION: N_("required by law"),
    LegalBasis.LEGITIMATE_INTERESTS: N_("the practice's legitimate interests"),
}

CONSENT_REASON_TEXT = {
    ConsentReason.CONSENT_BASIS: N_("the legal basis is consent"),
    ConsentReason.SENSITIVE: N_("a sensitive category is sent"),
    # {rules}: the ticked rule sets that ask consent for it, by name.
    ConsentReason.TRANSFER_ABROAD: N_("the data goes abroad ({rules})"),
}


def catalogue_label(row: CategoryRow | PurposeRow) -> str:
    """A category or purpose named in the window language (English where no Chinese is set)."""
    return row.label_zh if language() == "zh" and row.label_zh else row.label_en


class SharingDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        vendor: VendorDetail,
        parent: QWidget | None = None,
        existing: SharingRow | None = None,
        suggested: TemplateSharing | None = None,
    ):
        super().__init__(parent)
        self._context = context
        self._vendor = vendor
        self._existing = existing
        self.saved: SharingRow | None = None
        profile, self.purposes, categories = context.fetch(
            lambda store: (
                practice.get_practice(store),
                vendors.list_purposes(store),
                vendors.list_categories(store),
            )
        )
        self._jurisdictions = profile.jurisdictions
        self._abroad = sends_abroad(vendor.row.storage_countries, profile.country_code)
        self.setWindowTitle(
            _("Why {vendor} needs it").format(vendor=vendor.row.name)
            if existing
            else _("Add sharing — {vendor}").format(vendor=vendor.row.name)
        )
        self.setMinimumWidth(600)
        self.form = FieldForm()
        purpose_row = QWidget()
        purpose_layout = QHBoxLayout(purpose_row)
        purpose_layout.setContentsMargins(0, 0, 0, 0)
        self.purpose = QComboBox()
        for purpose in self.purposes:
            self.purpose.addItem(catalogue_label(purpose), purpose.key)
        self.basis = QLabel()
        purpose_layout.addWidget(self.purpose)
        purpose_layout.addWidget(self.basis, 1)
        purpose_row.setFocusProxy(self.purpose)
        self.form.add_field("purpose", _("&Purpose"), purpose_row)
        self.purpose.setAccessibleName(_("Purpose"))
        categories_box = QWidget()
        grid = QGridLayout(categories_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.categories: dict[str, QCheckBox] = {}
        self._sensitive: set[str] = set()
        for number, category in enumerate(categories):
            text = catalogue_label(category)
            if category.sensitive:
                text = _("{category} (sensitive)").format(category=text)
                self._sensitive.add(category.key)
            box = QCheckBox(text)
            box.setObjectName(f"category_{category.key}")
            box.setAccessibleName(text)
            if category.sensitive:
                bold = QFont(box.font())
                bold.setBold(True)
                box.setFont(bold)
                box.setToolTip(_("Sensitive personal information: sharing it needs consent."))
            grid.addWidget(box, number // 2, number % 2)
            box.toggled.connect(self._update_consent_hint)
            self.categories[category.key] = box
        if self.categories:
            categories_box.setFocusProxy(next(iter(self.categories.values())))
        self.form.add_field("categories", _("&Data categories sent"), categories_box)
        self.sharing_form = self.form.add_field("form", _("&Form sent"), QComboBox())
        for form, text in FORM_EXPLAINED.items():
            self.sharing_form.addItem(_(text), form.value)
        self.necessity = self.form.add_field(
            "necessity", _("&Why the vendor needs it"), QPlainTextEdit()
        )
        self.necessity.setTabChangesFocus(True)
        self.necessity.setFixedHeight(72)
        self.necessity.setPlaceholderText(
            _("Required. In plain words, e.g. The app needs the programme to show the sessions.")
        )
        self.necessity_zh = self.form.add_field(
            "necessity_zh", _("The same in &Chinese"), QPlainTextEdit()
        )
        self.necessity_zh.setTabChangesFocus(True)
        self.necessity_zh.setFixedHeight(56)
        self.necessity_zh.setPlaceholderText(
            _("For Chinese documents; they print the English while this is empty.")
        )
        self.starts_on = self.form.add_field(
            "starts_on", _("&Starts on"), date_field(context.today())
        )
        self.consent_hint = QLabel()
        self.consent_hint.setObjectName("consent_hint")
        self.consent_hint.setWordWrap(True)
        self.consent_hint.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.consent_hint)
        layout.addWidget(self.buttons)
        self.purpose.currentIndexChanged.connect(self._update_consent_hint)
        if existing is not None:
            self._load(existing)
        elif suggested is not None:
            self._suggest(suggested)
        self._update_consent_hint()

    def _load(self, sharing: SharingRow) -> None:
        """Show the sharing as it is; only why it is needed can change."""
        self.purpose.setCurrentIndex(max(self.purpose.findData(self._purpose_key(sharing)), 0))
        for key, box in self.categories.items():
            box.setChecked(key in sharing.category_keys)
        self.sharing_form.setCurrentIndex(max(self.sharing_form.findData(sharing.form), 0))
        day = sharing.starts_on
        self.starts_on.setDate(QDate(day.year, day.month, day.day))
        for widget in (self.purpose, self.sharing_form, self.starts_on, *self.categories.values()):
            widget.setEnabled(False)
        self.necessity.setPlainText(sharing.necessity)
        self.necessity_zh.setPlainText(sharing.necessity_zh)

    def _suggest(self, suggested: TemplateSharing) -> None:
        """A template's sharing, for the coach to check and change before saving."""
        self.purpose.setCurrentIndex(max(self.purpose.findData(suggested.purpose_key), 0))
        for key, box in self.categories.items():
            box.setChecked(key in suggested.category_keys)
        self.sharing_form.setCurrentIndex(max(self.sharing_form.findData(suggested.form), 0))
        self.necessity.setPlainText(suggested.necessity.en)
        self.necessity_zh.setPlainText(suggested.necessity.zh)

    def _purpose_key(self, sharing: SharingRow) -> str:
        return next((p.key for p in self.purposes if p.id == sharing.purpose_id), "")

    def _purpose(self) -> PurposeRow | None:
        key = self.purpose.currentData()
        return next((purpose for purpose in self.purposes if purpose.key == key), None)

    def chosen_categories(self) -> tuple[str, ...]:
        return tuple(key for key, box in self.categories.items() if box.isChecked())

    def _update_consent_hint(self, *_args) -> None:
        purpose = self._purpose()
        if purpose is None:
            self.basis.clear()
            self.consent_hint.clear()
            return
        basis = LegalBasis(purpose.legal_basis)
        self.basis.setText(_("Legal basis: {basis}").format(basis=_(LEGAL_BASIS_TEXT[basis])))
        sensitive = bool(self._sensitive & set(self.chosen_categories()))
        reasons = consent_reasons(
            legal_basis=basis,
            has_sensitive_category=sensitive,
            sends_abroad=self._abroad,
            jurisdictions=self._jurisdictions,
        )
        if not reasons:
            text = _("Needs the client's consent: No.")
        else:
            text = _("Needs the client's consent: Yes — {reasons}.").format(
                reasons=_("; ").join(self._reason_text(reason) for reason in reasons)
            )
        self.consent_hint.setText(text)

    def _reason_text(self, reason: ConsentReason) -> str:
        asking = asking_consent(reason, self._jurisdictions)
        rules = _(", ").join(_(rule.short_name) for rule in asking)
        return _(CONSENT_REASON_TEXT[reason]).format(rules=rules)

    def draft(self) -> SharingDraft:
        return SharingDraft(
            vendor_id=self._vendor.row.id,
            purpose_key=self.purpose.currentData() or "",
            category_keys=self.chosen_categories(),
            necessity=self.necessity.toPlainText(),
            form=self.sharing_form.currentData(),
            starts_on=self.starts_on.date().toPython(),
            necessity_zh=self.necessity_zh.toPlainText(),
        )

    def save(self) -> None:
        """Saved on the database worker; refused, the problems show under their fields
        (the dialog grows to show them)."""
        context, existing = self._context, self._existing
        actor, today, now = context.actor, context.today(), context.now()
        necessity, necessity_zh = self.necessity.toPlainText(), self.necessity_zh.toPlainText()
        draft = self.draft()

        def save(store) -> SharingRow:
            if existing is not None:
                return vendors.edit_sharing_wording(
                    store,
                    existing.id,
                    necessity=necessity,
                    necessity_zh=necessity_zh,
                    actor=actor,
                    now=now,
                )
            return vendors.add_sharing(store, draft, actor=actor, today=today, now=now)

        said = (
            _("Sharing with {vendor} added.")
            if existing is None
            else _("Why {vendor} needs it: saved.")
        )
        save_dialog(
            self,
            context,
            save,
            lambda row: setattr(self, "saved", row),
            changes=Changes(sharings=True),
            message=lambda row: said.format(vendor=row.vendor),
            buttons=self.buttons,
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        context: AppContext,
        vendor: VendorDetail,
        existing: SharingRow | None = None,
        *,
        suggested: TemplateSharing | None = None,
    ) -> SharingRow | None:
        dialog = cls(context, vendor, parent, existing, suggested)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
