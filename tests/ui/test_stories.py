"""DESIGN.md story 1 through the real window, against a temporary database."""

from __future__ import annotations

from pypdf import PdfReader
from PySide6.QtWidgets import QDialogButtonBox

from app.domain.enums import ConsentState
from app.services import clients, notices
from app.ui.actions import ActionId
from app.ui.dialogs.client_dialog import ClientDialog
from app.ui.dialogs.consent_dialog import ConsentAnswersDialog
from app.ui.main_window import PAGE_CLIENTS, PAGE_DOCUMENTS, MainWindow
from tests.helpers.dialogs import when_modal
from tests.helpers.factories import NOW, make_sharing, make_vendor


def when_a_dialog_opens(qtbot, kind, fill) -> None:
    """Fill the next modal dialog of `kind` as a person would, once it is shown."""

    def act(dialog) -> None:
        assert isinstance(dialog, kind), dialog
        fill(dialog)

    when_modal(act)


def test_new_client_signed_form_notice_and_consent_form(
    qtbot, context, preferences, store, tmp_path
):
    app = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    letters = make_sharing(store, make_vendor(store, "LetterBox"), "newsletter", ("contact",))
    notices.publish_notice(store, "First notice", actor="coach", now=NOW)
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()

    # Add the client.
    def add(dialog: ClientDialog) -> None:
        dialog.given.setText("Zoë")
        dialog.family.setText("O'Brien & <Co>")
        dialog.email.setText("zoe@example.org")
        dialog.phone.setText("020 7946 0123")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    when_a_dialog_opens(qtbot, ClientDialog, add)
    window.actions[ActionId.NEW_CLIENT].trigger()
    assert window.pages.currentIndex() == PAGE_CLIENTS
    [row] = clients.find_clients(store, "zoë")
    qtbot.waitUntil(lambda: window.clients_page.detail.detail is not None)
    assert window.clients_page.detail.detail.row.ref == row.ref

    # Record the answers from the signed form.
    def answer(dialog: ConsentAnswersDialog) -> None:
        dialog.choices[app.id].button(1).setChecked(True)  # yes
        dialog.choices[letters.id].button(2).setChecked(True)  # no
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    when_a_dialog_opens(qtbot, ConsentAnswersDialog, answer)
    window.actions[ActionId.RECORD_CONSENT].trigger()  # returns once the save closed it
    states = {line.vendor: line.state for line in clients.get_client(store, row.ref).consents}
    assert states == {"LetterBox": ConsentState.REFUSED, "TrainLoop": ConsentState.GIVEN}
    qtbot.waitUntil(lambda: window.clients_page.detail.history.rowCount() == 2)

    # The notice was handed over.
    given = []
    window.clients_page.record_notice_given("in-person", then=given.append)
    qtbot.waitUntil(lambda: given == [True])
    [delivery] = notices.client_deliveries(store, row.ref)
    assert (delivery.notice_version, delivery.method) == (1, "in-person")

    # Print the personalised notice from the client's page.
    window.clients_page.detail.documents_button.click()
    assert window.pages.currentIndex() == PAGE_DOCUMENTS
    page = window.documents_page
    assert page.make("none") is not None
    qtbot.waitUntil(lambda: page._task is None, timeout=60_000)
    [saved] = page.save(page.last, str(tmp_path / "notice.pdf"))
    text = " ".join(p.extract_text() for p in PdfReader(saved).pages)
    assert "Zoë O'Brien & <Co>" in text
