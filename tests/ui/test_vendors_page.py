"""The Vendors page: register, dialogs, sharings, do-not-share list (CSV, print), reviews."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Channel, ConsentState
from app.services import practice, reviews, vendors
from app.services.consents import record_consent_answers
from app.ui.actions import ActionRegistry
from app.ui.dialogs.review_dialog import ReviewDialog
from app.ui.dialogs.vendor_dialog import VendorDialog
from app.ui.pages import vendors as vendors_page
from app.ui.pages.vendors import DO_NOT_SHARE_TAB, REVIEWS_TAB, SHARINGS_TAB, VendorsPage
from tests.helpers.factories import (
    ACTOR,
    NOW,
    TODAY,
    make_client,
    make_sharing,
    make_vendor,
    withdraw_by_optout,
)


@pytest.fixture
def page(qtbot, context):
    host = QWidget()  # held here: qtbot keeps only a weak reference
    qtbot.addWidget(host)
    actions = ActionRegistry(host)
    page = VendorsPage(context, actions, host)
    QVBoxLayout(host).addWidget(page)
    host.resize(1200, 700)
    host.show()
    qtbot.waitExposed(host)
    yield page


def drive_dialog(qtbot, start: Callable[[], object], fill: Callable[[QDialog], None]):
    """Open a modal dialog with its `ask()`, fill it through its widgets, never let it block."""
    seen: dict[str, object] = {}

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            fill(dialog)
        except BaseException as error:  # reported after the dialog is closed
            seen["error"] = error
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, run)
    seen["result"] = start()
    if "error" in seen:
        raise seen["error"]
    return seen["result"]


def click_save(dialog: QDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def register_names(page: VendorsPage) -> list[str]:
    return [line.vendor.name for line in page.register.rows()]


def pdf_text(path: Path) -> str:
    """The words of a PDF, single-spaced (Qt positions each word; pypdf reads gaps as tabs)."""
    return " ".join("".join(page.extract_text() for page in PdfReader(path).pages).split())


def cell(model, row: int, title: str) -> str:
    column = next(n for n, c in enumerate(model.columns) if c.title == title)
    return model.data(model.index(row, column))


def withdraw(store, client, sharing) -> None:
    record_consent_answers(
        store,
        client.ref,
        {sharing.id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW - timedelta(days=40),
        actor=ACTOR,
        now=NOW - timedelta(days=40),
    )
    withdraw_by_optout(store, client, sharing.id, at=NOW)


# --- the register and the vendor dialog -------------------------------------------------------


def test_a_bad_privacy_email_is_shown_under_its_field_and_nothing_saved_until_fixed(
    qtbot, page, store
):
    seen = {}

    def fill(dialog: VendorDialog) -> None:
        qtbot.keyClicks(dialog.name, "TrainLoop")
        qtbot.keyClicks(dialog.description, "Online training app")
        qtbot.keyClicks(dialog.countries, "gb")
        qtbot.keyClicks(dialog.email, "privacy at trainloop")
        click_save(dialog)
        seen["error"] = dialog.who.error_text("email")
        seen["error_shown"] = dialog.findChild(QWidget, "error_email").isVisible()
        seen["open"] = dialog.isVisible()
        seen["saved"] = vendors.list_vendors(store)
        dialog.email.clear()
        qtbot.keyClicks(dialog.email, "privacy@trainloop.example")
        click_save(dialog)

    drive_dialog(qtbot, page.new_vendor, fill)

    assert "not a valid email address" in seen["error"]
    assert seen["error_shown"] and seen["open"]
    assert seen["saved"] == []
    qtbot.waitUntil(lambda: register_names(page) == ["TrainLoop"])
    assert page.vendor is not None and page.vendor.draft.privacy_email == (
        "privacy@trainloop.example"
    )
    assert page.details["privacy_email"].text() == "privacy@trainloop.example"


def test_a_vendor_keeping_data_abroad_needs_a_transfer_safeguard(qtbot, context, store):
    dialog = VendorDialog(context, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "CloudVault")
    qtbot.keyClicks(dialog.countries, "GB, US")

    assert not dialog.save()
    assert "transfer safeguard" in dialog.data.error_text("transfer_safeguard")
    assert vendors.list_vendors(store) == []

    qtbot.keyClicks(dialog.safeguard, "Standard contractual clauses (2021)")
    dialog.clauses["breach_notice"].setChecked(True)
    assert dialog.save()
    detail = vendors.get_vendor(store, dialog.saved.id)
    assert detail.draft.storage_countries == ("GB", "US")
    assert detail.draft.clauses == ("breach_notice",)


def test_a_name_already_on_the_register_is_refused_under_the_name(qtbot, context, store):
    make_vendor(store, "TrainLoop")
    dialog = VendorDialog(context, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "TrainLoop")

    assert not dialog.save()
    assert "already on the register" in dialog.who.error_text("name")
    assert len(vendors.list_vendors(store)) == 1


def test_editing_a_vendor_starts_from_everything_on_the_register(qtbot, context, store):
    row = make_vendor(
        store,
        "Tom & <Jerry> Ltd",
        countries=("DE",),
        service_description_zh="在线训练应用",
        contract_signed_on=date(2025, 1, 8),
        clauses=("responsibility", "deletion_at_end"),
        review_interval_months=6,
    )
    dialog = VendorDialog(context, vendors.get_vendor(store, row.id))
    qtbot.addWidget(dialog)

    assert dialog.draft() == vendors.get_vendor(store, row.id).draft
    dialog.interval.setValue(9)
    assert dialog.save()
    assert vendors.get_vendor(store, row.id).draft.review_interval_months == 9


def test_the_vendors_texts_are_kept_in_chinese_beside_the_english(qtbot, context, store):
    row = make_vendor(
        store,
        "Vaultwise",
        countries=("US",),
        transfer_safeguard_zh="英国国际数据传输附录",
        security_measures="Encrypted before upload.",
        security_measures_zh="上传前加密。",
    )
    dialog = VendorDialog(context, vendors.get_vendor(store, row.id))
    qtbot.addWidget(dialog)
    assert (dialog.safeguard_zh.text(), dialog.security_zh.toPlainText()) == (
        "英国国际数据传输附录",
        "上传前加密。",
    )
    dialog.security_zh.setPlainText("文件在上传前已加密。")
    assert dialog.save()
    draft = vendors.get_vendor(store, row.id).draft
    assert (draft.security_measures, draft.security_measures_zh) == (
        "Encrypted before upload.",
        "文件在上传前已加密。",
    )


def test_abroad_is_judged_by_the_practices_law_and_the_usual_safeguard_is_offered(
    qtbot, context, store
):
    practice.update_practice(store, {"country_code": "DE"}, actor=ACTOR, now=NOW)
    dialog = VendorDialog(context, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.name, "Postbird")
    qtbot.keyClicks(dialog.countries, "DE, IE")
    assert "abroad" not in dialog.countries_hint.text()  # the EEA is home for a German practice
    assert dialog.safeguard.placeholderText() == ""
    assert dialog.save()  # no safeguard asked for

    dialog = VendorDialog(context, None)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.countries, "GB, US")
    assert dialog.safeguard.placeholderText() == (
        "e.g. Adequacy decision of the European Commission; EU Standard Contractual Clauses (2021)"
    )


def test_a_hint_that_wraps_while_typing_grows_the_dialog_instead_of_being_clipped(
    qtbot, context, store
):
    practice.update_practice(store, {"country_code": "DE"}, actor=ACTOR, now=NOW)
    dialog = VendorDialog(context, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.countries, "GB, US, IE")
    assert "abroad for this practice: United Kingdom, United States;" in (
        dialog.countries_hint.text()
    )
    hint = dialog.countries_hint
    qtbot.waitUntil(lambda: hint.height() >= hint.heightForWidth(hint.width()) > 30)


def test_pause_end_and_reactivate_change_the_status_shown(qtbot, page, store, monkeypatch):
    row = make_vendor(store, "TrainLoop")
    page.refresh()
    page.open_vendor(row.id)
    monkeypatch.setattr(
        vendors_page.QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes
    )

    qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.details["status"].text() == "Paused")
    assert page.reactivate_button.isVisible() and not page.pause_button.isVisible()

    qtbot.mouseClick(page.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.details["status"].text() == "Ended")
    assert not page.review_button.isEnabled()
    assert cell(page.register, 0, "Next review") == "—"  # an ended vendor is not reviewed

    qtbot.mouseClick(page.reactivate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.details["status"].text() == "Active")


# --- sharings ---------------------------------------------------------------------------------


def test_sharing_health_data_needs_consent_even_for_a_contract_purpose(
    qtbot, page, store, monkeypatch, qtmodeltester
):
    row = make_vendor(store, "PayFast")
    page.refresh()
    page.open_vendor(row.id)
    page.tabs.setCurrentIndex(SHARINGS_TAB)
    seen = {}

    def fill(dialog) -> None:
        dialog.purpose.setCurrentIndex(dialog.purpose.findData("payments"))
        seen["before"] = dialog.consent_hint.text()
        qtbot.mouseClick(dialog.categories["health"], Qt.MouseButton.LeftButton)
        seen["after"] = dialog.consent_hint.text()
        click_save(dialog)
        seen["necessity_error"] = dialog.form.error_text("necessity")
        qtbot.keyClicks(dialog.necessity, "The processor needs the assessment to set the fee.")
        click_save(dialog)

    drive_dialog(qtbot, page.add_sharing, fill)

    assert seen["before"].endswith("No.")
    assert "sensitive" in seen["after"]
    assert "necessity" in seen["necessity_error"]
    qtbot.waitUntil(lambda: page.sharings.rowCount() == 1)
    assert cell(page.sharings, 0, "Needs consent") == "Yes"
    assert cell(page.sharings, 0, "Data categories") == "Health and fitness assessments"
    qtmodeltester.check(page.sharings)

    page.sharing_view.selectRow(0)
    monkeypatch.setattr(
        vendors_page.QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes
    )
    qtbot.mouseClick(page.end_sharing_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: cell(page.sharings, 0, "Period").endswith("to 20 Nov 2026"))


def test_why_a_sharing_is_needed_can_be_said_again_in_english_and_chinese(qtbot, page, store):
    row = make_vendor(store, "TrainLoop")
    make_sharing(store, row)
    page.refresh()
    page.open_vendor(row.id)
    page.tabs.setCurrentIndex(SHARINGS_TAB)
    qtbot.waitUntil(lambda: page.sharings.rowCount() == 1)
    page.sharing_view.selectRow(0)
    assert page.wording_button.isEnabled()
    seen = {}

    def fill(dialog) -> None:
        seen["locked"] = (
            not dialog.purpose.isEnabled() and not dialog.categories["contact"].isEnabled()
        )
        seen["before"] = dialog.necessity.toPlainText()
        dialog.necessity_zh.setPlainText("该应用需要这些信息来提供训练计划。")  # no CJK key events
        click_save(dialog)

    drive_dialog(qtbot, page.change_sharing_wording, fill)

    assert seen["locked"] and seen["before"] == "The app needs this to deliver the programme."
    [sharing] = vendors.get_vendor(store, row.id).row.sharings
    assert (sharing.necessity, sharing.necessity_zh) == (
        "The app needs this to deliver the programme.",
        "该应用需要这些信息来提供训练计划。",
    )


def test_a_new_sharing_keeps_its_chinese_necessity(qtbot, page, store):
    row = make_vendor(store, "Calendo")
    page.refresh()
    page.open_vendor(row.id)
    page.tabs.setCurrentIndex(SHARINGS_TAB)

    def fill(dialog) -> None:
        dialog.purpose.setCurrentIndex(dialog.purpose.findData("scheduling"))
        qtbot.mouseClick(dialog.categories["contact"], Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.necessity, "Your name holds your booking.")
        dialog.necessity_zh.setPlainText("预约需要您的姓名。")
        click_save(dialog)

    drive_dialog(qtbot, page.add_sharing, fill)

    [sharing] = vendors.get_vendor(store, row.id).row.sharings
    assert sharing.necessity_zh == "预约需要您的姓名。"


# --- reviews ----------------------------------------------------------------------------------


def test_recording_a_review_lists_it_and_moves_the_next_review(qtbot, page, store, qtmodeltester):
    row = make_vendor(store, "TrainLoop", review_interval_months=6)
    page.refresh()
    page.open_vendor(row.id)
    page.tabs.setCurrentIndex(REVIEWS_TAB)
    assert cell(page.register, 0, "Next review") == "20 May 2027"  # six months after it was added

    def fill(dialog: ReviewDialog) -> None:
        dialog.reviewed_on.setDate(QDate(2026, 10, 1))
        assert dialog.next_due.date().toPython() == date(2027, 4, 1)
        for key, _question in reviews.CHECKLIST:
            dialog.answer(key, passed=key != "clause_breach", note="")
        dialog.notes["clause_breach"].setText("No breach clause in the 2023 contract")
        dialog.outcome_buttons["actions_needed"].click()
        click_save(dialog)
        assert "actions" in dialog.form.error_text("actions")
        qtbot.mouseClick(dialog.add_action_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.actions[0].text, "Get a signed breach clause")
        click_save(dialog)

    drive_dialog(qtbot, page.record_review, fill)

    qtbot.waitUntil(lambda: page.reviews.rowCount() == 1)
    assert cell(page.reviews, 0, "Reviewed on") == "1 Oct 2026"
    assert cell(page.reviews, 0, "Checklist") == "8 of 9 passed"
    assert cell(page.reviews, 0, "Next due") == "1 Apr 2027"
    assert cell(page.register, 0, "Next review") == "1 Apr 2027"
    assert "Get a signed breach clause" in page.review_text.toPlainText()
    [review] = reviews.list_reviews(store, row.id)
    assert review.actions[0].due_on == date(2026, 10, 31)
    qtmodeltester.check(page.reviews)
    qtmodeltester.check(page.register)


def test_the_next_due_date_follows_the_review_date_until_chosen_by_hand(qtbot, context, store):
    row = make_vendor(store, "TrainLoop", review_interval_months=12)
    dialog = ReviewDialog(context, row)
    qtbot.addWidget(dialog)
    assert dialog.reviewer.text() == ACTOR
    assert dialog.reviewed_on.maximumDate().toPython() == TODAY

    dialog.reviewed_on.setDate(QDate(2026, 3, 31))
    assert dialog.next_due.date().toPython() == date(2027, 3, 31)
    dialog.next_due.setDate(QDate(2027, 1, 15))
    dialog.reviewed_on.setDate(QDate(2026, 4, 30))
    assert dialog.next_due.date().toPython() == date(2027, 1, 15)


def test_removing_an_action_row_keeps_the_others_in_tab_order(qtbot, context, store):
    dialog = ReviewDialog(context, make_vendor(store, "TrainLoop"))
    qtbot.addWidget(dialog)
    first, second, third = (dialog.add_action(f"action {n}") for n in (1, 2, 3))
    dialog.remove_action(second)

    assert [action.text.text() for action in dialog.actions] == ["action 1", "action 3"]
    assert first.remove.nextInFocusChain() is third.text
    assert third.remove.nextInFocusChain() is dialog.add_action_button
    assert third.text.accessibleName() == "Action 2"


# --- the do-not-share list --------------------------------------------------------------------


@pytest.fixture
def withdrawn(store):
    """A vendor and two clients who withdrew consent for it; one who gave it."""
    vendor = make_vendor(store, "TrainLoop")
    sharing = make_sharing(store, vendor, categories=("health", "training"))
    tom = make_client(store, "Tom &", "<Jerry>", email="tom@example.com")
    wang = make_client(store, "伟", "王")
    given = make_client(store, "Ada", "Lovelace")
    withdraw(store, tom, sharing)
    withdraw(store, wang, sharing)
    record_consent_answers(
        store,
        given.ref,
        {sharing.id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW,
        actor=ACTOR,
        now=NOW,
    )
    return vendor


def show_do_not_share(qtbot, page, vendor) -> None:
    page.refresh()
    page.open_vendor(vendor.id)
    page.tabs.setCurrentIndex(DO_NOT_SHARE_TAB)
    qtbot.waitUntil(lambda: page.do_not_share.rowCount() == 2 and page.export_button.isEnabled())


def test_the_do_not_share_list_is_fetched_only_when_its_tab_is_shown(
    qtbot, page, withdrawn, qtmodeltester
):
    page.refresh()
    page.open_vendor(withdrawn.id)
    qtbot.wait(50)
    assert page.do_not_share.rowCount() == 0  # the Details tab is showing: nothing fetched

    page.tabs.setCurrentIndex(DO_NOT_SHARE_TAB)
    qtbot.waitUntil(lambda: page.do_not_share.rowCount() == 2)
    names = [cell(page.do_not_share, row, "Name") for row in range(2)]
    assert sorted(names) == sorted(["Tom & <Jerry>", "王伟"])
    assert {cell(page.do_not_share, row, "Answer") for row in range(2)} == {"Withdrawn"}
    assert cell(page.do_not_share, 0, "Reference").count("-") == 1  # shown as ABC-DEFG
    assert "2 clients" in page.dns_status.text()
    qtmodeltester.check(page.do_not_share)


def test_the_do_not_share_csv_keeps_names_verbatim_for_excel(
    qtbot, page, context, withdrawn, tmp_path, monkeypatch
):
    show_do_not_share(qtbot, page, withdrawn)
    target = tmp_path / "list"  # the page adds .csv
    monkeypatch.setattr(
        vendors_page.QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "")
    )

    with qtbot.waitSignal(context.worker.idle, timeout=5000):
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)

    data = (tmp_path / "list.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Reference", "Email", "Purpose", "Answer", "Since"]
    assert sorted(row[0] for row in rows[1:]) == sorted(["Tom & <Jerry>", "王伟"])
    assert [row[2] for row in rows[1:] if row[0] == "Tom & <Jerry>"] == ["tom@example.com"]


def test_a_cell_that_looks_like_a_formula_is_not_run_by_a_spreadsheet():
    assert vendors_page.spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert vendors_page.spreadsheet_safe("王伟") == "王伟"
    assert vendors_page.spreadsheet_safe("") == ""


def test_printing_the_do_not_share_list_to_pdf_keeps_the_names(qtbot, page, withdrawn, tmp_path):
    show_do_not_share(qtbot, page, withdrawn)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "list.pdf"))

    assert page.print_do_not_share(printer) == 1

    text = pdf_text(tmp_path / "list.pdf")
    assert "Tom & <Jerry>" in text and "王伟" in text
    assert "Do-not-share list — TrainLoop" in text
    assert "Page 1 of 1" in text


def test_printing_runs_off_the_gui_thread_and_reports_the_pages(
    qtbot, page, context, withdrawn, tmp_path
):
    show_do_not_share(qtbot, page, withdrawn)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "threaded.pdf"))

    with qtbot.waitSignal(context.status_message, timeout=10_000) as message:
        task = page.start_printing(printer)
    task.wait(5000)

    assert message.args == ["Printed the do-not-share list (1 page)."]
    assert "Tom & <Jerry>" in pdf_text(tmp_path / "threaded.pdf")
    qtbot.waitUntil(page.print_button.isEnabled)


# --- keyboard ---------------------------------------------------------------------------------


def test_tab_walks_the_page_in_reading_order(qtbot, page, store):
    make_vendor(store, "TrainLoop")
    page.refresh()
    page.open_vendor(vendors.list_vendors(store)[0].id)
    page.window().activateWindow()
    page.new_button.setFocus()
    visited = [page.new_button]
    for _step in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())

    assert visited == [
        page.new_button,
        page.register_view,
        page.tabs.tabBar(),
        page.edit_button,
        page.pause_button,
        page.end_button,
    ]
    for widget in (page.register_view, page.sharing_view, page.dns_view, page.review_view):
        assert widget.accessibleName()
    for button in (page.new_button, page.edit_button, page.export_button, page.print_button):
        assert "&" in button.text()


def test_a_review_is_by_the_privacy_contact_and_starts_from_the_clauses_on_file(
    qtbot, context, store
):
    from app.services import practice

    practice.update_practice(store, {"privacy_contact": "Jordan Hale, owner"}, actor=ACTOR)
    row = make_vendor(store, "TrainLoop", clauses=("optout_handling", "deletion_at_end"))
    dialog = ReviewDialog(context, row)
    qtbot.addWidget(dialog)
    assert dialog.reviewer.text() == "Jordan Hale, owner"  # not the computer's account
    answered = {answer.key: answer.passed for answer in dialog.checklist_answers()}
    assert answered == {
        "clause_responsibility": False,
        "clause_optout": True,
        "clause_breach": False,
        "clause_deletion": True,
    }  # the security questions are left for the reviewer


def test_a_website_that_is_no_web_address_is_refused_under_it(qtbot, page, store):
    seen = {}

    def fill(dialog: VendorDialog) -> None:
        qtbot.keyClicks(dialog.name, "TrainLoop")
        qtbot.keyClicks(dialog.countries, "gb")
        qtbot.keyClicks(dialog.website, "not a url")
        qtbot.keyClicks(dialog.policy, "trainloop.example/privacy")
        click_save(dialog)
        seen["error"] = dialog.who.error_text("website")
        seen["policy error"] = dialog.who.error_text("privacy_policy_url")
        seen["saved"] = vendors.list_vendors(store)
        dialog.website.clear()
        qtbot.keyClicks(dialog.website, "trainloop.example")
        click_save(dialog)

    drive_dialog(qtbot, page.new_vendor, fill)

    assert "not a web address" in seen["error"] and seen["policy error"] == ""
    assert seen["saved"] == []
    qtbot.waitUntil(lambda: register_names(page) == ["TrainLoop"])
    assert page.vendor.draft.website == "https://trainloop.example"
    assert page.vendor.draft.privacy_policy_url == "https://trainloop.example/privacy"
