"""DESIGN.md story 9 through the real window: an empty practice follows the guide on Today to
a published notice and a first client, each step's button leading to what does it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox

from app.services import clients, notices, practice, vendors
from app.ui.dialogs.client_dialog import ClientDialog
from app.ui.dialogs.laws_dialog import LawsDialog
from app.ui.dialogs.sharing_dialog import SharingDialog
from app.ui.dialogs.vendor_dialog import VendorDialog
from app.ui.main_window import PAGE_SETTINGS, PAGE_TODAY, MainWindow
from app.ui.pages.documents import PublishDialog
from tests.helpers.dialogs import when_modal


def marks(panel) -> dict[str, bool]:
    return {step: row.done for step, row in panel.rows.items()}


def when_a_dialog_opens(kind, fill) -> list:
    """Fill the next modal dialog of `kind` once it is up; the list holds it once seen."""
    seen = []

    def act(dialog) -> None:
        if not isinstance(dialog, kind):  # the one before it, still closing
            QTimer.singleShot(5, lambda: when_modal(act))
            return
        seen.append(dialog)
        fill(dialog)

    when_modal(act)
    return seen


def save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def test_an_empty_practice_follows_the_guide_to_a_notice_and_a_first_client(
    qtbot, context, preferences, store, settle
):
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    today = window.today_page
    panel = today.first_steps
    qtbot.waitUntil(lambda: panel.steps is not None and today.optouts.rowCount() == 0)
    settle()
    assert window.pages.currentIndex() == PAGE_TODAY
    assert panel.isVisible()
    # A British practice starts on the GDPR its country suggests; nothing else is done.
    assert marks(panel) == {
        "profile": False,
        "laws": True,
        "vendors": False,
        "sharings": False,
        "notice": False,
        "client": False,
    }
    assert "UK GDPR" in panel.rows["laws"].extra.text()
    assert panel.progress.text() == "1 of 6 done"
    # No empty tables under the guide.
    assert not today.optout_view.isVisible() and not today.review_view.isVisible()
    assert not today.summary_label.isVisible()
    assert panel.rows["profile"].button.isDefault()  # the next step is the default button

    # 1. The practice profile: the Settings page, at the name.
    panel.rows["profile"].button.click()
    assert window.pages.currentIndex() == PAGE_SETTINGS
    settings = window.settings_page
    qtbot.waitUntil(lambda: settings.fields["name"].hasFocus())
    settle()
    settings.fields["name"].setText("Studio Nord")
    settings.fields["email"].setText("hello@studio-nord.example")
    outcome = []
    settings.save(then=outcome.append)
    qtbot.waitUntil(lambda: outcome == [True])
    qtbot.waitUntil(lambda: marks(panel)["profile"])

    # 2. The laws: offered as the country suggests, confirmed as they are.
    def laws(dialog: LawsDialog) -> None:
        assert dialog.boxes["gdpr"].isChecked() and not dialog.boxes["pipl"].isChecked()
        assert "suggested" in dialog.boxes["gdpr"].text()
        save(dialog)

    seen = when_a_dialog_opens(LawsDialog, laws)
    window.show_page(PAGE_TODAY)
    panel.rows["laws"].button.click()
    assert seen and practice.get_practice(store).jurisdictions == ("gdpr",)

    # 3. A vendor, from a template: the coach names the company; what such a service
    # receives comes next, filled in from the template, to check and save.
    def vendor(dialog: VendorDialog) -> None:
        dialog.templates.setCurrentIndex(dialog.templates.findData("training_app"))
        assert dialog.description.text() == "Online training app"
        assert "encrypted" in dialog.questions.text()
        dialog.name.setText("TrainLoop")
        dialog.countries.setText("GB")
        sharing_seen.append(when_a_dialog_opens(SharingDialog, shared))
        save(dialog)

    def shared(dialog: SharingDialog) -> None:
        assert dialog.purpose.currentData() == "training_delivery"
        assert dialog.chosen_categories() == ("contact", "health", "training")
        assert "injuries" in dialog.necessity.toPlainText()
        assert dialog.necessity_zh.toPlainText()
        save(dialog)

    sharing_seen: list[list] = []
    seen = when_a_dialog_opens(VendorDialog, vendor)
    window.show_page(PAGE_TODAY)
    panel.rows["vendors"].button.click()
    qtbot.waitUntil(lambda: bool(sharing_seen and sharing_seen[0]), timeout=10_000)
    qtbot.waitUntil(lambda: marks(panel)["sharings"])
    assert marks(panel)["vendors"]

    # 4. A second vendor, blank; "what is shared" leads to it, the one receiving nothing.
    def blank(dialog: VendorDialog) -> None:
        dialog.name.setText("LetterBox")
        dialog.description.setText("Newsletter")
        dialog.countries.setText("GB")
        save(dialog)

    def sharing(dialog: SharingDialog) -> None:
        assert "LetterBox" in dialog.windowTitle()
        dialog.purpose.setCurrentIndex(dialog.purpose.findData("newsletter"))
        dialog.categories["contact"].setChecked(True)
        dialog.necessity.setPlainText("The newsletter tool needs the email address.")
        save(dialog)

    seen = when_a_dialog_opens(VendorDialog, blank)
    window.show_page(PAGE_TODAY)
    panel.rows["vendors"].button.click()
    assert seen
    qtbot.waitUntil(lambda: not marks(panel)["sharings"])
    seen = when_a_dialog_opens(SharingDialog, sharing)
    window.show_page(PAGE_TODAY)
    panel.rows["sharings"].button.click()
    qtbot.waitUntil(lambda: bool(seen) and marks(panel)["sharings"], timeout=10_000)
    shared_now = {row.name: row.sharings for row in vendors.list_vendors(store)}
    assert [s.category_keys for s in shared_now["LetterBox"]] == [("contact",)]
    assert [s.necessity for s in shared_now["TrainLoop"]] == [
        "The app shows each client their programme and adapts the exercises to the injuries "
        "and limits they told us about."
    ]

    # 5. The first notice.
    def publish(dialog: PublishDialog) -> None:
        dialog.summary.setText("Our first privacy notice")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    seen = when_a_dialog_opens(PublishDialog, publish)
    window.show_page(PAGE_TODAY)
    panel.rows["notice"].button.click()
    assert seen and notices.get_current_version(store).number == 1
    qtbot.waitUntil(lambda: marks(panel)["notice"])

    # 6. The first client; then the guide has done its work and Today shows its lists.
    def client(dialog: ClientDialog) -> None:
        dialog.given.setText("Zoë")
        dialog.family.setText("Ångström")
        dialog.email.setText("zoe@example.org")
        save(dialog)

    seen = when_a_dialog_opens(ClientDialog, client)
    window.show_page(PAGE_TODAY)
    panel.rows["client"].button.click()
    assert seen and [row.name for row in clients.find_clients(store, "zoë")] == ["Zoë Ångström"]
    qtbot.waitUntil(lambda: panel.complete and not panel.isVisible())
    window.show_page(PAGE_TODAY)
    qtbot.waitUntil(lambda: today.optout_view.isVisible() and today.summary_label.isVisible())
