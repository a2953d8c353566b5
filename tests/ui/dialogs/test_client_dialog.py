"""Adding or editing a client: problems under their fields, nothing half saved."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QWidget

from app.services import clients
from app.ui.actions import ActionRegistry
from app.ui.dialogs.client_dialog import ClientDialog
from app.ui.pages.clients import ClientsPage


def save(dialog: ClientDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_a_bad_email_is_shown_under_its_field_and_nothing_is_saved(qtbot, context, store):
    dialog = ClientDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.given.setText("Ada")
    dialog.family.setText("Lovelace")
    dialog.email.setText("ada@@example")
    save(dialog)
    qtbot.waitUntil(lambda: "not a valid email" in dialog.form.error_text("email"))
    assert dialog.isVisible()  # still open, to put it right
    assert dialog.saved is None and clients.count_clients(store) == 0
    dialog.email.setText("ada@example.org")
    save(dialog)
    qtbot.waitUntil(lambda: dialog.saved is not None)
    assert not dialog.isVisible()  # saved: it closed
    assert clients.count_clients(store) == 1


def test_a_real_mobile_the_phone_data_lacks_is_noted_under_the_field_and_saved(
    qtbot, context, store
):
    host = QWidget()
    qtbot.addWidget(host)
    page = ClientsPage(context, ActionRegistry(host), host)
    said: list[str] = []
    seen: list[str] = []
    context.status_message.connect(said.append)

    def fill(dialog: ClientDialog) -> None:
        dialog.given.setText("Ada")
        dialog.family.setText("Lovelace")
        qtbot.keyClicks(dialog.phone, "+44 7911 654321")
        dialog.phone.editingFinished.emit()  # what leaving the field sends (no focus offscreen)
        qtbot.waitUntil(lambda: dialog.form.note_text("phone") != "")
        seen.append(dialog.form.note_text("phone"))
        save(dialog)

    QTimer.singleShot(0, lambda: fill(QApplication.activeModalWidget()))
    page.new_client()
    assert seen and "'+44 7911 654321'" in seen[0]  # under the field, before saving
    [row] = clients.find_clients(store, "Lovelace")
    assert clients.get_client(store, row.ref).phone_e164 == "+447911654321"
    assert any("'+44 7911 654321'" in message for message in said)  # and after, in the status
