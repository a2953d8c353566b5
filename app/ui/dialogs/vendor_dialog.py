"""Add or edit a vendor on the register, with every problem shown next to its field."""

from __future__ import annotations

import re
from html import escape

from babel import Locale
from PySide6.QtCore import QDate, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError, ValidationError
from app.domain.transfers import TransferInstrument, countries_abroad, usual_instrument
from app.services import practice, vendors
from app.services.errors import Conflict, InvalidInput
from app.services.rows import VendorRow
from app.services.vendor_templates import VendorTemplate, vendor_templates
from app.services.vendors import CLAUSE_KEYS, VendorDetail, VendorDraft
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.forms import FieldForm, date_field, grow_to_fit, save_dialog
from app.ui.text import N_, _, error_text, language

# The instrument a transfer from the practice's area usually rests on, offered as the
# example in the safeguard field (app/domain/transfers.py).
INSTRUMENT_TEXT = {
    TransferInstrument.EU_ADEQUACY: N_("Adequacy decision of the European Commission"),
    TransferInstrument.EU_SCC: N_("EU Standard Contractual Clauses (2021)"),
    TransferInstrument.UK_ADEQUACY: N_("UK adequacy regulations"),
    TransferInstrument.UK_ADDENDUM: N_("UK Addendum to the EU Standard Contractual Clauses"),
    TransferInstrument.PIPL_STANDARD_CONTRACT: N_("PIPL standard contract, filed with the CAC"),
    TransferInstrument.CONTRACT: N_("The provider's contract"),
}
CLAUSE_TEXT = {
    "responsibility": N_("Responsibility for the data"),
    "optout_handling": N_("Handling opt-outs"),
    "breach_notice": N_("Breach notice"),
    "deletion_at_end": N_("Deletion at the end"),
}
_SEPARATORS = re.compile(r"[\s,;，；、]+")


def parse_countries(text: str) -> tuple[str, ...]:
    """ "gb, ie us" -> ("GB", "IE", "US"): the codes as typed, in order, each once."""
    codes = (part.upper() for part in _SEPARATORS.split(text) if part)
    return tuple(dict.fromkeys(codes))


def country_names(codes: tuple[str, ...] | list[str]) -> str:
    """The countries named in the window language; unknown codes are left as typed."""
    names = Locale.parse("zh_Hans" if language() == "zh" else "en").territories
    return _(", ").join(names.get(code, code) for code in codes)


class VendorDialog(QDialog):
    def __init__(
        self, context: AppContext, existing: VendorDetail | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._existing = existing
        self.saved: VendorRow | None = None
        self._home = context.fetch(lambda store: practice.get_practice(store).country_code)
        self.setWindowTitle(
            _("Edit vendor — {name}").format(name=existing.row.name)
            if existing
            else _("New vendor")
        )
        self.template: VendorTemplate | None = None  # the one the new vendor started from
        self.who = FieldForm()
        # A new vendor can start from what such a service usually receives (the company's
        # own facts are the coach's to fill in and check).
        self.templates = QComboBox()
        self.templates.setAccessibleName(_("Start from a template"))
        self.templates.addItem(_("None: a blank vendor"), "")
        lang = language()
        for template in vendor_templates():
            self.templates.addItem(template.service.text(lang), template.key)
        if existing is None:
            self.who.add_field("template", _("Start from a &template"), self.templates)
        self.name = self.who.add_field("name", _("&Name"), QLineEdit())
        self.name.setPlaceholderText(_("As the practice calls it, e.g. TrainLoop"))
        self.legal_name = self.who.add_field("legal_name", _("&Legal name"), QLineEdit())
        self.description = self.who.add_field(
            "service_description", _("&What it does"), QLineEdit()
        )
        self.description.setPlaceholderText(_("e.g. Online training app"))
        self.description_zh = self.who.add_field(
            "service_description_zh", _("What it does in &Chinese"), QLineEdit()
        )
        self.description_zh.setPlaceholderText(_("e.g. {example}").format(example="在线训练应用"))
        self.website = self.who.add_field("website", _("We&bsite"), QLineEdit())
        self.website.setPlaceholderText("https://")
        self.policy = self.who.add_field(
            "privacy_policy_url", _("&Privacy policy address"), QLineEdit()
        )
        self.policy.setPlaceholderText("https://")
        # The service reports a bad address under "email" (the shared email check).
        self.email = self.who.add_field("email", _("Privacy contact &email"), QLineEdit())
        self.postal = self.who.add_field(
            "postal_address", _("Privacy contact postal &address"), QPlainTextEdit()
        )
        self.postal.setTabChangesFocus(True)
        self.postal.setFixedHeight(88)

        self.data = FieldForm()
        countries_row = QWidget()
        countries_layout = QVBoxLayout(countries_row)
        countries_layout.setContentsMargins(0, 0, 0, 0)
        countries_layout.setSpacing(2)
        self.countries = QLineEdit()
        self.countries.setPlaceholderText(_("Two-letter codes, e.g. GB, IE, US"))
        self.countries_hint = QLabel()
        self.countries_hint.setWordWrap(True)
        quiet = self.countries_hint.palette()
        quiet.setColor(
            QPalette.ColorRole.WindowText, quiet.color(QPalette.ColorRole.PlaceholderText)
        )
        self.countries_hint.setPalette(quiet)
        countries_layout.addWidget(self.countries)
        countries_layout.addWidget(self.countries_hint)
        countries_row.setFocusProxy(self.countries)
        # The service reports an unknown code under "country_code" (the shared country check).
        self.data.add_field("country_code", _("&Stored or processed in"), countries_row)
        self.countries.setAccessibleName(_("Countries where data is stored or processed"))
        self.safeguard = self.data.add_field(
            "transfer_safeguard", _("&Transfer safeguard"), QLineEdit()
        )
        self.safeguard_zh = self.data.add_field(
            "transfer_safeguard_zh", _("Safeguard in C&hinese"), QLineEdit()
        )
        self.safeguard_zh.setPlaceholderText(_("For Chinese documents; else the English prints"))
        self.security = self.data.add_field(
            "security_measures", _("Security &measures"), QPlainTextEdit()
        )
        self.security.setTabChangesFocus(True)
        self.security.setFixedHeight(64)
        self.security.setPlaceholderText(
            _("e.g. Encryption at rest, two-factor sign-in, ISO 27001")
        )
        self.security_zh = self.data.add_field(
            "security_measures_zh", _("Security in Ch&inese"), QPlainTextEdit()
        )
        self.security_zh.setTabChangesFocus(True)
        self.security_zh.setFixedHeight(48)
        self.security_zh.setPlaceholderText(_("For Chinese documents; else the English prints"))
        signed_row = QWidget()
        signed_layout = QHBoxLayout(signed_row)
        signed_layout.setContentsMargins(0, 0, 0, 0)
        self.signed = QCheckBox(_("Signed"))
        self.signed.setAccessibleName(_("Contract signed"))
        today = context.today()
        self.signed_on = date_field(today, latest=today)
        self.signed_on.setAccessibleName(_("Contract signed on"))
        self.signed_on.setEnabled(False)
        self.signed.toggled.connect(self.signed_on.setEnabled)
        signed_layout.addWidget(self.signed)
        signed_layout.addWidget(self.signed_on)
        signed_layout.addStretch(1)
        signed_row.setFocusProxy(self.signed)
        self.data.add_field("contract_signed_on", _("Contract si&gned on"), signed_row)
        clauses_row = QWidget()
        clauses_layout = QGridLayout(clauses_row)
        clauses_layout.setContentsMargins(0, 0, 0, 0)
        self.clauses: dict[str, QCheckBox] = {}
        for number, key in enumerate(CLAUSE_KEYS):
            box = QCheckBox(_(CLAUSE_TEXT[key]))
            box.setAccessibleName(_("Clause on file: {clause}").format(clause=_(CLAUSE_TEXT[key])))
            box.setObjectName(f"clause_{key}")
            clauses_layout.addWidget(box, number // 2, number % 2)
            self.clauses[key] = box
        clauses_row.setFocusProxy(self.clauses[CLAUSE_KEYS[0]])
        self.data.add_field("clauses", _("Contract clauses on &file"), clauses_row)
        self.interval = self.data.add_field(
            "review_interval_months", _("&Review every"), QSpinBox()
        )
        self.interval.setRange(1, 60)
        self.interval.setValue(12)
        self.interval.setSuffix(_(" months"))

        who_box = QGroupBox(_("The vendor and its privacy contact"))
        who_box.setLayout(self.who)
        data_box = QGroupBox(_("Where the data goes, and the contract"))
        data_box.setLayout(self.data)
        columns = QHBoxLayout()
        columns.addWidget(who_box, 1)
        columns.addWidget(data_box, 1)
        # The template's questions to ask the company, while one is chosen.
        self.questions = QLabel()
        self.questions.setWordWrap(True)
        self.questions.setObjectName("template_questions")
        self.questions_box = QGroupBox(_("Ask the company, then fill in what it answers"))
        QVBoxLayout(self.questions_box).addWidget(self.questions)
        self.questions_box.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addWidget(self.questions_box)
        layout.addWidget(self.buttons)
        self.templates.currentIndexChanged.connect(lambda _i: self._start_from_template())
        self.setMinimumWidth(1040)  # a top-level window opens at most 2/3 of the screen wide
        self.countries.textChanged.connect(self._update_countries_hint)
        if existing:
            self._load(existing.draft)
        self._update_countries_hint()

    def _load(self, draft: VendorDraft) -> None:
        self.name.setText(draft.name)
        self.legal_name.setText(draft.legal_name)
        self.description.setText(draft.service_description)
        self.description_zh.setText(draft.service_description_zh)
        self.website.setText(draft.website)
        self.policy.setText(draft.privacy_policy_url)
        self.email.setText(draft.privacy_email)
        self.postal.setPlainText(draft.postal_address)
        self.countries.setText(", ".join(draft.storage_countries))
        self.safeguard.setText(draft.transfer_safeguard)
        self.safeguard_zh.setText(draft.transfer_safeguard_zh)
        self.security.setPlainText(draft.security_measures)
        self.security_zh.setPlainText(draft.security_measures_zh)
        if draft.contract_signed_on is not None:
            day = draft.contract_signed_on
            self.signed.setChecked(True)
            self.signed_on.setDate(QDate(day.year, day.month, day.day))
        for key, box in self.clauses.items():
            box.setChecked(key in draft.clauses)
        self.interval.setValue(draft.review_interval_months)
        for line in self.findChildren(QLineEdit):
            line.setCursorPosition(0)  # show the start of long text, not its end

    def _start_from_template(self) -> None:
        """What the chosen service usually is; the name, the facts and the contract stay
        the coach's to fill in."""
        key = self.templates.currentData()
        self.template = next((t for t in vendor_templates() if t.key == key), None)
        if self.template is None:
            self.questions_box.hide()
            return
        draft = self.template.draft()
        self.description.setText(draft.service_description)
        self.description_zh.setText(draft.service_description_zh)
        self.interval.setValue(draft.review_interval_months)
        self.name.setPlaceholderText(_("The company's name, as the practice calls it"))
        lang = language()
        lines = [
            ("<b>" + _("Security") + "</b>", self.template.security_questions),
            ("<b>" + _("Contract") + "</b>", self.template.contract_questions),
        ]
        self.questions.setText(
            "<br>".join(
                heading + "<br>" + "<br>".join("• " + escape(q.text(lang)) for q in questions)
                for heading, questions in lines
            )
        )
        self.questions_box.show()
        self.name.setFocus()
        if self.isVisible():
            QTimer.singleShot(0, lambda: grow_to_fit(self))

    def _update_countries_hint(self) -> None:
        codes = parse_countries(self.countries.text())
        # Abroad as the practice's law sees it: a German practice's Irish host is at home.
        abroad = countries_abroad(codes, self._home)
        if not codes:
            hint = _("Where the vendor keeps or works on client data.")
        else:
            hint = country_names(codes)
        if abroad and len(abroad) < len(codes):
            hint += " — " + _(
                "abroad for this practice: {countries}; name the transfer safeguard below."
            ).format(countries=country_names(abroad))
        elif abroad:
            hint += " — " + _("abroad: name the transfer safeguard below.")
        self.countries_hint.setText(hint)
        if self.isVisible():
            # The wrapped hint's height is known once the label has relaid itself out.
            QTimer.singleShot(0, lambda: grow_to_fit(self))
        instruments = {usual_instrument(self._home, code) for code in abroad} - {None}
        example = (
            _("e.g. {example}").format(
                example=_("; ").join(_(INSTRUMENT_TEXT[i]) for i in sorted(instruments))
            )
            if instruments
            else ""
        )
        self.safeguard.setPlaceholderText(example)
        self.safeguard.setToolTip(example)

    def draft(self) -> VendorDraft:
        return VendorDraft(
            name=self.name.text(),
            legal_name=self.legal_name.text(),
            service_description=self.description.text(),
            service_description_zh=self.description_zh.text(),
            website=self.website.text(),
            privacy_policy_url=self.policy.text(),
            privacy_email=self.email.text(),
            postal_address=self.postal.toPlainText(),
            storage_countries=parse_countries(self.countries.text()),
            transfer_safeguard=self.safeguard.text(),
            security_measures=self.security.toPlainText(),
            transfer_safeguard_zh=self.safeguard_zh.text(),
            security_measures_zh=self.security_zh.toPlainText(),
            contract_signed_on=self.signed_on.date().toPython()
            if self.signed.isChecked()
            else None,
            clauses=tuple(key for key, box in self.clauses.items() if box.isChecked()),
            review_interval_months=self.interval.value(),
        )

    def show_errors(self, problems: InvalidInput) -> list[str]:
        """Each problem under its field in either column; returns those with no field."""
        data_keys = {
            "country_code",
            "transfer_safeguard",
            "transfer_safeguard_zh",
            "security_measures",
            "security_measures_zh",
            "contract_signed_on",
            "clauses",
            "review_interval_months",
        }
        right = [p for p in problems.problems if p.field in data_keys]
        left = [p for p in problems.problems if p.field not in data_keys]
        unplaced: list[str] = []
        # The right column first, so the focus ends on the first problem reading left to right.
        for form, mine in ((self.data, right), (self.who, left)):
            if mine:
                unplaced += form.show_errors(InvalidInput(mine))  # each grows the dialog
            else:
                form.clear_errors()
        return unplaced

    def save(self) -> None:
        """Saved on the database worker; refused, each problem shows under its field."""
        draft, actor, now = self.draft(), self._context.actor, self._context.now()
        existing = self._existing.row.id if self._existing else None

        def save(store) -> VendorRow:
            if existing is None:
                return vendors.add_vendor(store, draft, actor=actor, now=now)
            return vendors.edit_vendor(store, existing, draft, actor=actor, now=now)

        said = _("Vendor {name} added.") if existing is None else _("Vendor {name} saved.")
        save_dialog(
            self,
            self._context,
            save,
            lambda row: setattr(self, "saved", row),
            changes=Changes(vendors=True),
            message=lambda row: said.format(name=row.name),
            buttons=self.buttons,
            refused=self._refused,
        )

    def _refused(self, error: DomainError) -> None:
        if isinstance(error, InvalidInput):
            unplaced = self.show_errors(error)
            if unplaced:
                QMessageBox.warning(self, self.windowTitle(), "\n".join(unplaced))
        elif isinstance(error, Conflict):  # the name is taken: say so under the name
            under_name = ValidationError("name", error.phrase.template, **error.phrase.params)
            self.show_errors(InvalidInput([under_name]))
        else:
            QMessageBox.warning(self, self.windowTitle(), error_text(error))

    @classmethod
    def ask(
        cls, parent: QWidget, context: AppContext, existing: VendorDetail | None = None
    ) -> VendorRow | None:
        dialog = cls(context, existing, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    @classmethod
    def ask_new(
        cls, parent: QWidget, context: AppContext
    ) -> tuple[VendorRow, VendorTemplate | None] | None:
        """A new vendor, and the template it started from (its sharings come next)."""
        dialog = cls(context, None, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved is None:
            return None
        return dialog.saved, dialog.template
