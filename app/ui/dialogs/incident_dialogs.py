"""The incident dialogs: log one, assess its risk, record telling the authority or the
clients (or why not). Each saves through the database worker and stays open on a refusal."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.incidents import KIND_LABELS, RISK_LABELS, IncidentKind, Risk
from app.services import incidents, vendors
from app.services.rows import IncidentRow
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.forms import FieldForm, moment_field, save_dialog
from app.ui.text import _, moment_text, time_left_text

CHANGED = Changes(incidents=True)


def _text_box(height: int = 70) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setMaximumHeight(height)
    return box


def _local_now(context: AppContext) -> datetime:
    """Now on the practice's clock, as the fields show it (the laptop may be set elsewhere)."""
    return context.now().astimezone(context.zone).replace(tzinfo=None)


def _picked(field, context: AppContext) -> datetime:
    return field.dateTime().toPython().replace(tzinfo=context.zone)


class _SavingDialog(QDialog):
    def __init__(self, context: AppContext, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self._context = context
        self.result_: IncidentRow | None = None
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.form = FieldForm()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self, *above: QWidget) -> None:
        layout = QVBoxLayout(self)
        for widget in above:
            layout.addWidget(widget)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)

    def save(self) -> None:
        raise NotImplementedError

    def _submit(self, work, message: str) -> None:
        save_dialog(
            self,
            self._context,
            work,
            lambda row: setattr(self, "result_", row),
            changes=CHANGED,
            message=message,
            buttons=self.buttons,
        )

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, *args) -> IncidentRow | None:
        dialog = cls(context, parent, *args)
        dialog.exec()
        return dialog.result_


class LogIncidentDialog(_SavingDialog):
    """What happened and when the practice became aware (the clock starts there)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, _("Log incident"), parent)
        now = _local_now(context)
        self.kind = self.form.add_field("kind", _("&What happened"), QComboBox())
        for kind in IncidentKind:
            self.kind.addItem(_(KIND_LABELS[kind]), kind.value)
        self.summary = self.form.add_field("summary", _("&Summary"), _text_box())
        self.aware = self.form.add_field(
            "aware_at", _("&Aware since"), moment_field(now, latest=now)
        )
        self.happened_known = QCheckBox(_("&Known when it happened"))
        self.happened = moment_field(now, latest=now)
        self.happened.setEnabled(False)
        self.happened_known.toggled.connect(self.happened.setEnabled)
        self.form.add_field("happened_known", "", self.happened_known)
        self.form.add_field("happened_at", _("&Happened"), self.happened)
        self.vendor = self.form.add_field("vendor_id", _("&Vendor"), QComboBox())
        self.vendor.addItem(_("None"), None)
        for vendor in context.fetch(vendors.list_vendors):
            self.vendor.addItem(vendor.name.replace("&", "&&"), vendor.id)
        self.vendor.currentIndexChanged.connect(self._on_vendor_current_index_changed)
        self.encrypted = self.form.add_field("encrypted", _("&Encrypted"), QComboBox())
        for value, text in (("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))):
            self.encrypted.addItem(text, value)
        hint = QLabel(
            _(
                "Awareness starts the clock. With a vendor, the affected clients are every "
                "client whose data that vendor received."
            )
        )
        hint.setWordWrap(True)
        self._lay_out(hint)

    def _on_vendor_current_index_changed(self, _index: int) -> None:
        if self.vendor.currentData() is not None:
            self.kind.setCurrentIndex(self.kind.findData(IncidentKind.VENDOR_BREACH.value))

    def save(self) -> None:
        draft = incidents.IncidentDraft(
            summary=self.summary.toPlainText(),
            aware_at=_picked(self.aware, self._context),
            kind=IncidentKind(self.kind.currentData()),
            happened_at=(
                _picked(self.happened, self._context) if self.happened_known.isChecked() else None
            ),
            vendor_id=self.vendor.currentData(),
            encrypted=self.encrypted.currentData(),
        )
        actor, now = self._context.actor, self._context.now()
        self._submit(
            lambda store: incidents.log_incident(store, draft, actor=actor, now=now),
            _("Incident logged."),
        )


class AssessDialog(_SavingDialog):
    """The risk to the people, and why (GDPR Art. 33(1) and 34(1) turn on it)."""

    def __init__(self, context: AppContext, parent: QWidget | None, row: IncidentRow) -> None:
        super().__init__(context, _("Assess the risk"), parent)
        self._row = row
        self.risk = self.form.add_field("risk", _("&Risk to the people"), QComboBox())
        for risk in (Risk.UNLIKELY, Risk.RISK, Risk.HIGH):
            self.risk.addItem(_(RISK_LABELS[risk]), risk.value)
        if row.risk:
            self.risk.setCurrentIndex(self.risk.findData(row.risk))
        self.reasons = self.form.add_field("risk_reasons", _("&Why"), _text_box(110))
        self.reasons.setPlainText(row.risk_reasons)
        self._lay_out()

    def save(self) -> None:
        risk, reasons = Risk(self.risk.currentData()), self.reasons.toPlainText()
        incident_id, actor, now = self._row.id, self._context.actor, self._context.now()
        self._submit(
            lambda store: incidents.assess_incident(
                store, incident_id, risk=risk, reasons=reasons, actor=actor, now=now
            ),
            _("Risk assessed."),
        )


class NotifyDialog(_SavingDialog):
    """Told (when; why late, past the authority's deadline), or not told and why not."""

    def __init__(
        self, context: AppContext, parent: QWidget | None, row: IncidentRow, whom: str
    ) -> None:
        self._whom = whom  # "authority" or "clients"
        title = _("Tell the authority") if whom == "authority" else _("Tell the clients")
        super().__init__(context, title, parent)
        self._row = row
        now = _local_now(context)
        aware = row.aware_at.astimezone(context.zone).replace(tzinfo=None)
        self.told = QRadioButton(_("&Told them") if whom == "clients" else _("&Told the authority"))
        self.not_told = QRadioButton(_("&Not telling them, for the reason below"))
        self.told.setChecked(True)
        self.when = self.form.add_field(
            f"{whom}_notified_at", _("&When"), moment_field(now, latest=now, earliest=aware)
        )
        self.reason = self.form.add_field(f"{whom}_reason", _("&Reason or note"), _text_box())
        self.delay = _text_box()
        above: list[QWidget] = [self.told, self.not_told]
        if whom == "authority":
            self.form.add_field("authority_delay_reason", _("Reason for the &delay"), self.delay)
            if row.authority_due_at is not None:
                deadline = QLabel(
                    _("Deadline: {moment} ({left}). Told later, say why it took longer.").format(
                        moment=moment_text(row.authority_due_at),
                        left=time_left_text(row.authority_due_at, context.now()),
                    )
                )
                deadline.setWordWrap(True)
                above.insert(0, deadline)
        self.not_told.toggled.connect(lambda off: self.when.setEnabled(not off))
        self._lay_out(*above)

    def save(self) -> None:
        notify = self.told.isChecked()
        moment = _picked(self.when, self._context) if notify else None
        reason, delay = self.reason.toPlainText(), self.delay.toPlainText()
        incident_id, actor, now = self._row.id, self._context.actor, self._context.now()
        if self._whom == "authority":

            def work(store):
                return incidents.record_authority(
                    store, incident_id, notify=notify, notified_at=moment, reason=reason,
                    delay_reason=delay, actor=actor, now=now,
                )  # fmt: skip
        else:

            def work(store):
                return incidents.record_clients(
                    store, incident_id, notify=notify, notified_at=moment, reason=reason,
                    actor=actor, now=now,
                )  # fmt: skip

        self._submit(work, _("Recorded."))
