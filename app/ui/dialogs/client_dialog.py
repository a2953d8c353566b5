"""Add or edit a client, with every problem shown next to its field."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from babel import Locale
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import join_sentences
from app.domain.refcodes import format_reference
from app.services import clients, erasure
from app.services.rows import ClientDetail, ClientDraft, ClientRow
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.forms import FieldForm, save_dialog
from app.ui.text import _, language

if TYPE_CHECKING:
    from app.persistence.store import Store


def country_choices() -> list[tuple[str, str]]:
    """(code, "GB — United Kingdom") for every country, named in the window language."""
    names = Locale.parse("zh_Hans" if language() == "zh" else "en").territories
    return sorted(
        ((code, f"{code} — {name}") for code, name in names.items() if len(code) == 2),
        key=lambda item: item[1],
    )


def country_combo(current: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setEditable(False)
    combo.addItem(_("(not given)"), "")
    for code, label in country_choices():
        combo.addItem(label, code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


def saved_message(said: str, row: ClientRow) -> str:
    """ "Client K7M-Q2RX added." and what was kept though doubtful (a phone number)."""
    message = said.format(ref=format_reference(row.ref))
    return join_sentences([message, *(warning.text(_) for warning in row.warnings)])


class ClientDialog(QDialog):
    def __init__(
        self, context: AppContext, existing: ClientDetail | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._existing = existing
        self.saved: ClientRow | None = None
        self.setWindowTitle(_("Edit client") if existing else _("New client"))
        self.setMinimumWidth(520)
        self.form = FieldForm()
        self.given = self.form.add_field("given_name", _("&Given name"), QLineEdit())
        self.family = self.form.add_field("family_name", _("&Family name"), QLineEdit())
        self.email = self.form.add_field("email", _("&Email"), QLineEdit())
        self.email.editingFinished.connect(self._check_email)
        self.phone = self.form.add_field("phone", _("&Phone"), QLineEdit())
        self.phone.editingFinished.connect(self._check_phone)
        self.street = self.form.add_field("street", _("&Street"), QPlainTextEdit())
        self.street.setTabChangesFocus(True)
        self.street.setFixedHeight(56)
        self.city = self.form.add_field("city", _("&Town or city"), QLineEdit())
        self.postal_code = self.form.add_field("postal_code", _("P&ostal code"), QLineEdit())
        self.region = self.form.add_field("region", _("&Region or state"), QLineEdit())
        self.country = self.form.add_field("country_code", _("&Country"), country_combo())
        self.country.activated.connect(lambda _index: self._check_phone())
        self.language = self.form.add_field("language", _("&Language"), QComboBox())
        self.language.addItem(_("English"), "en")
        self.language.addItem(_("Simplified Chinese"), "zh")
        self.notes = self.form.add_field("notes", _("&Notes"), QPlainTextEdit())
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(70)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        if existing:
            self._load(existing)
        else:
            self.language.setCurrentIndex(self.language.findData(language()))

    def _load(self, detail: ClientDetail) -> None:
        self.given.setText(detail.given_name)
        self.family.setText(detail.family_name)
        self.email.setText(detail.row.email)
        self.phone.setText(detail.row.phone)
        self.street.setPlainText(detail.street)
        self.city.setText(detail.city)
        self.postal_code.setText(detail.postal_code)
        self.region.setText(detail.region)
        self.country.setCurrentIndex(max(0, self.country.findData(detail.row.country_code)))
        self.language.setCurrentIndex(max(0, self.language.findData(detail.row.language)))
        self.notes.setPlainText(detail.notes)

    def _check_phone(self) -> None:
        """Say at once when a number will be kept though the phone data does not know it."""
        phone, country = self.phone.text(), self.country.currentData() or ""
        self._context.run(
            lambda store: [
                clients.phone_warning(store, phone, country),
                erasure.erased_person_warning(store, phone=phone, region=country),
            ],
            lambda warnings: self._show_phone_note(phone, country, warnings),
            parent=self,
        )

    def _show_phone_note(self, phone: str, country: str, warnings) -> None:
        if (phone, country) == (self.phone.text(), self.country.currentData() or ""):
            said = [warning.text(_) for warning in warnings if warning is not None]
            self.form.show_note("phone", join_sentences(said))

    def _check_email(self) -> None:
        """Say at once when this address belongs to someone who asked to be erased."""
        email = self.email.text()
        self._context.run(
            lambda store: erasure.erased_person_warning(store, email=email),
            lambda warning: (
                email == self.email.text()
                and self.form.show_note("email", warning.text(_) if warning else "")
            ),
            parent=self,
        )

    def draft(self) -> ClientDraft:
        return ClientDraft(
            given_name=self.given.text(),
            family_name=self.family.text(),
            email=self.email.text(),
            phone=self.phone.text(),
            street=self.street.toPlainText(),
            city=self.city.text(),
            postal_code=self.postal_code.text(),
            region=self.region.text(),
            country_code=self.country.currentData() or "",
            language=self.language.currentData(),
            notes=self.notes.toPlainText(),
        )

    # What a save changes, for the pages to reload (a correction changes more).
    changes = Changes(clients=True)

    def save_work(self, draft: ClientDraft, actor: str, now) -> Callable[[Store], Any]:
        """The operation Save runs on the database worker (a correction saves otherwise)."""
        existing = self._existing.row.ref if self._existing else None

        def save(store) -> ClientRow:
            if existing is None:
                return clients.add_client(store, draft, actor=actor, now=now)
            return clients.edit_client(store, existing, draft, actor=actor, now=now)

        return save

    def saved_text(self, result: Any) -> str:
        said = _("Client {ref} added.") if self._existing is None else _("Client {ref} saved.")
        return saved_message(said, result)

    def save(self) -> None:
        draft, actor, now = self.draft(), self._context.actor, self._context.now()
        save_dialog(
            self,
            self._context,
            self.save_work(draft, actor, now),
            lambda result: setattr(self, "saved", result),
            changes=self.changes,
            message=self.saved_text,
            buttons=self.buttons,
        )

    @classmethod
    def ask(
        cls, parent: QWidget, context: AppContext, existing: ClientDetail | None = None
    ) -> ClientRow | None:
        dialog = cls(context, existing, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
