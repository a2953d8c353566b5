"""Story 1 through the window: add a client, find them, record the signed form's answers."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget

from app.domain.enums import ConsentState
from app.services import clients
from app.ui.actions import ActionRegistry
from app.ui.client_model import ClientListModel
from app.ui.dialogs.client_dialog import ClientDialog
from app.ui.dialogs.consent_dialog import ConsentAnswersDialog
from app.ui.pages.clients import ClientsPage
from tests.helpers.factories import make_client, make_sharing, make_vendor


def make_page(qtbot, context) -> ClientsPage:
    host = QWidget()
    page = ClientsPage(context, ActionRegistry(host), host)
    qtbot.addWidget(host)
    page.host = host  # keep the window holding the actions alive as long as the page
    return page


def test_the_client_list_model_passes_the_model_tester(qtmodeltester, store):
    for number in range(5):
        make_client(store, f"Client{number}", "Tester")
    model = ClientListModel(
        lambda query, offset, limit, order, descending: clients.find_clients(
            store, query, offset=offset, limit=limit, order=order, descending=descending
        )
    )
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == 5


def test_the_list_loads_page_by_page_as_the_coach_scrolls(qtbot, context, store):
    for number in range(205):
        make_client(store, f"Person{number:03d}", "Paged")
    page = make_page(qtbot, context)
    assert page.model.rowCount() == 200 and page.model.canFetchMore()
    page.model.fetchMore()
    assert page.model.rowCount() == 205 and not page.model.canFetchMore()


def test_typing_in_search_narrows_the_list_in_every_script(qtbot, context, store):
    make_client(store, "Zoë", "Ångström")
    make_client(store, "伟", "王", country_code="CN")
    make_client(store, "Bob", "Jones")
    page = make_page(qtbot, context)
    assert page.model.rowCount() == 3
    qtbot.keyClicks(page.search, "jon")  # typed key by key
    assert [row.name for row in page.model.rows()] == ["Bob Jones"]
    page.search.clear()
    # WORKAROUND: QTest.keyClicks aborts on characters outside Latin-1; an input method
    # delivers such text whole, as insert() does.
    page.search.insert("ZOË")
    assert [row.name for row in page.model.rows()] == ["Zoë Ångström"]
    page.search.clear()
    page.search.insert("王伟")
    assert [row.name for row in page.model.rows()] == ["王伟"]


def test_sorting_by_a_column_is_done_by_the_database(qtbot, context, store):
    make_client(store, "Amy", "Zed", email="b@example.org")
    make_client(store, "Zara", "Able", email="a@example.org")
    page = make_page(qtbot, context)
    assert [row.name for row in page.model.rows()] == ["Zara Able", "Amy Zed"]
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # email, descending
    assert [row.email for row in page.model.rows()] == ["b@example.org", "a@example.org"]


def test_a_bad_email_is_shown_under_its_field_and_nothing_is_saved(qtbot, context, store):
    dialog = ClientDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.given.setText("Ada")
    dialog.family.setText("Lovelace")
    dialog.email.setText("ada@@example")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "not a valid email" in dialog.form.error_text("email")
    assert dialog.isVisible() or dialog.result() == 0
    assert clients.count_clients(store) == 0
    dialog.email.setText("ada@example.org")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.saved is not None and clients.count_clients(store) == 1


def test_adding_a_client_from_the_page_selects_them(qtbot, context, store, monkeypatch):
    page = make_page(qtbot, context)
    row = make_client(store, "Tom", "& <Jerry>")
    monkeypatch.setattr(ClientDialog, "ask", classmethod(lambda cls, *a, **k: row))
    with qtbot.waitSignal(context.data_changed):
        page.new_client()
    assert page.detail.detail is not None and page.detail.detail.row.ref == row.ref
    assert "Tom &amp; &lt;Jerry&gt;" in page.detail.heading.text()  # shown, not interpreted


def test_recording_the_signed_form_updates_the_client_page(qtbot, context, store, tmp_path):
    client = make_client(store, "Ada", "Lovelace")
    app = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    letters = make_sharing(store, make_vendor(store, "LetterBox"), "newsletter", ("contact",))
    page = make_page(qtbot, context)
    page.open_client(client.ref)
    dialog = ConsentAnswersDialog(context, page.detail.detail)
    qtbot.addWidget(dialog)
    scan = tmp_path / "form.pdf"
    scan.write_bytes(b"%PDF-1.4 scan")
    dialog.choices[app.id].button(1).setChecked(True)  # given
    dialog.choices[letters.id].button(2).setChecked(True)  # refused
    dialog.scan.setText(str(scan))
    dialog.note.setText("Signed at the first session")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.recorded
    context.changed("consents")
    qtbot.waitUntil(lambda: page.detail.history.rowCount() == 2)
    states = {line.vendor: line.state for line in page.detail.detail.consents}
    assert states == {"LetterBox": ConsentState.REFUSED, "TrainLoop": ConsentState.GIVEN}
    page.detail.history_view.selectRow(0)
    assert page.detail.evidence_button.isEnabled()


def test_archiving_asks_first_and_keeps_the_client(qtbot, context, store, monkeypatch):
    client = make_client(store, "Old", "Member")
    page = make_page(qtbot, context)
    page.open_client(client.ref)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    )
    page.toggle_archive()
    qtbot.waitUntil(
        lambda: page.detail.detail is not None and page.detail.detail.row.status == "former"
    )
    assert page.detail.archive_button.text() == "Re&activate"


def test_keyboard_only_the_search_then_the_list_then_the_details(qtbot, context, store):
    make_client(store, "Key", "Board")
    page = make_page(qtbot, context)
    page.show()
    page.focus_search()
    QTimer.singleShot(0, lambda: None)
    assert page.search.hasFocus() or not page.isActiveWindow()
    for widget in (page.search, page.table, page.detail.consent_view, page.detail.history_view):
        assert widget.accessibleName()


def test_a_note_with_markup_is_shown_as_the_text_that_was_typed(qtbot, context, store):
    client = make_client(store, "Mark", "Up", notes="<b>knee</b> & <img src=x>")
    page = make_page(qtbot, context)
    page.open_client(client.ref)
    label = page.detail.contact_labels["notes"]
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "<b>knee</b> & <img src=x>"


def test_notice_given_before_any_notice_is_published_offers_to_publish_it_there(
    qtbot, context, store, monkeypatch
):
    from PySide6.QtWidgets import QDialog

    from app.services import notices
    from app.ui.pages.documents import PublishDialog

    make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    client = make_client(store, "Ada", "Lovelace")
    page = make_page(qtbot, context)
    page.open_client(client.ref)
    asked = []

    def yes(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))

    def publish(dialog):
        dialog.summary.setText("Our first privacy notice.")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PublishDialog, "exec", publish)
    assert page.record_notice_given("in-person")
    assert "published" in asked[0]
    assert notices.get_current_version(store).number == 1
    [delivery] = notices.client_deliveries(store, client.ref)
    assert (delivery.notice_version, delivery.method) == (1, "in-person")


def test_declining_to_publish_records_no_notice_given(qtbot, context, store, monkeypatch):
    from app.services import notices

    client = make_client(store, "Ada", "Lovelace")
    page = make_page(qtbot, context)
    page.open_client(client.ref)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_args: QMessageBox.StandardButton.No)
    )
    assert not page.record_notice_given("in-person")
    assert notices.get_current_version(store) is None
    assert notices.client_deliveries(store, client.ref) == []


def test_a_real_mobile_the_phone_data_lacks_is_noted_under_the_field_and_saved(
    qtbot, context, store, monkeypatch
):
    page = make_page(qtbot, context)
    said = []
    context.status_message.connect(said.append)

    def fill(dialog: ClientDialog) -> None:
        dialog.given.setText("Ada")
        dialog.family.setText("Lovelace")
        qtbot.keyClicks(dialog.phone, "+44 7911 654321")
        dialog.phone.editingFinished.emit()  # what leaving the field sends (no focus offscreen)
        seen.append(dialog.form.note_text("phone"))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    seen: list[str] = []
    QTimer.singleShot(0, lambda: fill(QApplication.activeModalWidget()))
    page.new_client()
    assert seen and "'+44 7911 654321'" in seen[0]  # under the field, before saving
    [row] = clients.find_clients(store, "Lovelace")
    assert clients.get_client(store, row.ref).phone_e164 == "+447911654321"
    assert any("'+44 7911 654321'" in message for message in said)  # and after, in the status


def test_one_client_is_counted_as_one_client(qtbot, context, store):
    make_client(store, "Only", "Client")
    page = make_page(qtbot, context)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.count_label.text() == "1 client shown"
    make_client(store, "Second", "Client")
    page.refresh()
    qtbot.waitUntil(lambda: page.count_label.text() == "2 clients shown")
