"""The Vendors page: register, dialogs, sharings, do-not-share list (CSV, print), reviews."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt, QThread
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
from app.services import integrity, reviews, vendors
from app.services.consents import record_consent_answers
from app.ui.actions import ActionRegistry
from app.ui.dialogs.review_dialog import ReviewDialog
from app.ui.dialogs.vendor_dialog import VendorDialog
from app.ui.pages import do_not_share
from app.ui.pages import vendors as vendors_page
from app.ui.pages.vendors import DO_NOT_SHARE_TAB, REVIEWS_TAB, SHARINGS_TAB, VendorsPage
from tests.helpers.dialogs import when_modal
from tests.helpers.factories import (
    ACTOR,
    NOW,
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

    def run(dialog: QDialog) -> None:
        try:
            fill(dialog)
        except BaseException as error:  # reported after the dialog is closed
            seen["error"] = error
        finally:
            if dialog.isVisible():
                dialog.reject()

    when_modal(run)
    seen["result"] = start()
    if "error" in seen:
        raise seen["error"]
    return seen["result"]


def click_save(qtbot, dialog: QDialog) -> None:
    """Save, and wait for the worker's answer: the dialog closed, or it shows the refusal."""
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled() or not dialog.isVisible())


def open_vendor(qtbot, page: VendorsPage, vendor_id: int) -> None:
    page.open_vendor(vendor_id)
    qtbot.waitUntil(lambda: page.vendor is not None and page.vendor.row.id == vendor_id)


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
        click_save(qtbot, dialog)
        seen["error"] = dialog.who.error_text("email")
        seen["error_shown"] = dialog.findChild(QWidget, "error_email").isVisible()
        seen["open"] = dialog.isVisible()
        seen["saved"] = vendors.list_vendors(store)
        dialog.email.clear()
        qtbot.keyClicks(dialog.email, "privacy@trainloop.example")
        click_save(qtbot, dialog)

    drive_dialog(qtbot, page.new_vendor, fill)

    assert "not a valid email address" in seen["error"]
    assert seen["error_shown"] and seen["open"]
    assert seen["saved"] == []
    qtbot.waitUntil(lambda: register_names(page) == ["TrainLoop"] and page.vendor is not None)
    assert page.vendor is not None and page.vendor.draft.privacy_email == (
        "privacy@trainloop.example"
    )
    assert page.details["privacy_email"].text() == "privacy@trainloop.example"


def test_pause_end_and_reactivate_change_the_status_shown(qtbot, page, store, monkeypatch):
    row = make_vendor(store, "TrainLoop")
    open_vendor(qtbot, page, row.id)
    monkeypatch.setattr(
        vendors_page.QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes
    )

    qtbot.mouseClick(page.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.details["status"].text() == "Paused")
    assert page.reactivate_button.isVisible() and not page.pause_button.isVisible()

    qtbot.mouseClick(page.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.details["status"].text() == "Ended")
    assert not page.reviews_tab.review_button.isEnabled()
    assert cell(page.register, 0, "Next review") == "—"  # an ended vendor is not reviewed

    qtbot.mouseClick(page.reactivate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.details["status"].text() == "Active")


# --- sharings ---------------------------------------------------------------------------------


def test_sharing_health_data_needs_consent_even_for_a_contract_purpose(
    qtbot, page, store, monkeypatch, qtmodeltester
):
    row = make_vendor(store, "PayFast")
    open_vendor(qtbot, page, row.id)
    page.tabs.setCurrentIndex(SHARINGS_TAB)
    seen = {}

    def fill(dialog) -> None:
        dialog.purpose.setCurrentIndex(dialog.purpose.findData("payments"))
        seen["before"] = dialog.consent_hint.text()
        qtbot.mouseClick(dialog.categories["health"], Qt.MouseButton.LeftButton)
        seen["after"] = dialog.consent_hint.text()
        click_save(qtbot, dialog)
        seen["necessity_error"] = dialog.form.error_text("necessity")
        qtbot.keyClicks(dialog.necessity, "The processor needs the assessment to set the fee.")
        click_save(qtbot, dialog)

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
    open_vendor(qtbot, page, row.id)
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
        click_save(qtbot, dialog)

    drive_dialog(qtbot, page.change_sharing_wording, fill)

    assert seen["locked"] and seen["before"] == "The app needs this to deliver the programme."
    [sharing] = vendors.get_vendor(store, row.id).row.sharings
    assert (sharing.necessity, sharing.necessity_zh) == (
        "The app needs this to deliver the programme.",
        "该应用需要这些信息来提供训练计划。",
    )


def test_a_new_sharing_keeps_its_chinese_necessity(qtbot, page, store):
    row = make_vendor(store, "Calendo")
    open_vendor(qtbot, page, row.id)
    page.tabs.setCurrentIndex(SHARINGS_TAB)

    def fill(dialog) -> None:
        dialog.purpose.setCurrentIndex(dialog.purpose.findData("scheduling"))
        qtbot.mouseClick(dialog.categories["contact"], Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.necessity, "Your name holds your booking.")
        dialog.necessity_zh.setPlainText("预约需要您的姓名。")
        click_save(qtbot, dialog)

    drive_dialog(qtbot, page.add_sharing, fill)

    [sharing] = vendors.get_vendor(store, row.id).row.sharings
    assert sharing.necessity_zh == "预约需要您的姓名。"


# --- reviews ----------------------------------------------------------------------------------


def test_recording_a_review_lists_it_and_moves_the_next_review(qtbot, page, store, qtmodeltester):
    row = make_vendor(store, "TrainLoop", review_interval_months=6)
    open_vendor(qtbot, page, row.id)
    page.tabs.setCurrentIndex(REVIEWS_TAB)
    assert cell(page.register, 0, "Next review") == "20 May 2027"  # six months after it was added

    def fill(dialog: ReviewDialog) -> None:
        dialog.reviewed_on.setDate(QDate(2026, 10, 1))
        assert dialog.next_due.date().toPython() == date(2027, 4, 1)
        for key, _question in reviews.CHECKLIST:
            dialog.answer(key, passed=key != "clause_breach", note="")
        dialog.notes["clause_breach"].setText("No breach clause in the 2023 contract")
        dialog.outcome_buttons["actions_needed"].click()
        click_save(qtbot, dialog)
        assert "actions" in dialog.form.error_text("actions")
        qtbot.mouseClick(dialog.add_action_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.actions[0].text, "Get a signed breach clause")
        click_save(qtbot, dialog)

    drive_dialog(qtbot, page.record_review, fill)

    qtbot.waitUntil(lambda: page.reviews_tab.reviews.rowCount() == 1)
    assert cell(page.reviews_tab.reviews, 0, "Reviewed on") == "1 Oct 2026"
    assert cell(page.reviews_tab.reviews, 0, "Checklist") == "8 of 9 passed"
    assert cell(page.reviews_tab.reviews, 0, "Next due") == "1 Apr 2027"
    assert cell(page.register, 0, "Next review") == "1 Apr 2027"
    assert "Get a signed breach clause" in page.reviews_tab.review_text.toPlainText()
    [review] = reviews.list_reviews(store, row.id)
    assert review.actions[0].due_on == date(2026, 10, 31)
    qtmodeltester.check(page.reviews_tab.reviews)
    qtmodeltester.check(page.register)


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
    open_vendor(qtbot, page, vendor.id)
    page.tabs.setCurrentIndex(DO_NOT_SHARE_TAB)
    qtbot.waitUntil(lambda: page.dns.model.rowCount() == 2 and page.dns.export_button.isEnabled())


def test_the_do_not_share_list_is_fetched_only_when_its_tab_is_shown(
    qtbot, page, withdrawn, qtmodeltester, settle, monkeypatch
):
    asked = []
    fetch = vendors.do_not_share_list
    monkeypatch.setattr(
        vendors,
        "do_not_share_list",
        lambda *args, **kwargs: asked.append(args[1]) or fetch(*args, **kwargs),
    )
    open_vendor(qtbot, page, withdrawn.id)
    settle()  # every load the page asked for has been answered
    assert asked == [] and page.dns.model.rowCount() == 0  # Details showing: not fetched

    page.tabs.setCurrentIndex(DO_NOT_SHARE_TAB)
    qtbot.waitUntil(lambda: page.dns.model.rowCount() == 2)
    assert asked == [withdrawn.id]
    names = [cell(page.dns.model, row, "Name") for row in range(2)]
    assert sorted(names) == sorted(["Tom & <Jerry>", "王伟"])
    assert {cell(page.dns.model, row, "Answer") for row in range(2)} == {"Withdrawn"}
    assert cell(page.dns.model, 0, "Reference").count("-") == 1  # shown as ABC-DEFG
    assert "2 clients" in page.dns.status.text()
    qtmodeltester.check(page.dns.model)


def test_the_do_not_share_csv_keeps_names_verbatim_for_excel(
    qtbot, page, context, withdrawn, tmp_path, monkeypatch
):
    show_do_not_share(qtbot, page, withdrawn)
    target = tmp_path / "list"  # the page adds .csv
    monkeypatch.setattr(
        do_not_share.QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "")
    )

    with qtbot.waitSignal(context.worker.idle, timeout=5000):
        qtbot.mouseClick(page.dns.export_button, Qt.MouseButton.LeftButton)

    data = (tmp_path / "list.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Reference", "Email", "Purpose", "Answer", "Since"]
    assert sorted(row[0] for row in rows[1:]) == sorted(["Tom & <Jerry>", "王伟"])
    assert [row[2] for row in rows[1:] if row[0] == "Tom & <Jerry>"] == ["tom@example.com"]


def test_printing_the_do_not_share_list_to_pdf_keeps_the_names(qtbot, page, withdrawn, tmp_path):
    show_do_not_share(qtbot, page, withdrawn)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "list.pdf"))

    assert page.dns.print_list(printer) == 1

    text = pdf_text(tmp_path / "list.pdf")
    assert "Tom & <Jerry>" in text and "王伟" in text
    assert "Do-not-share list — TrainLoop" in text
    assert "Page 1 of 1" in text


def test_the_printed_list_says_where_the_ledgers_ended_when_it_was_read(
    qtbot, page, context, withdrawn, tmp_path
):
    """A cut or a rewrite made after printing shows against the paper (issue 12)."""
    show_do_not_share(qtbot, page, withdrawn)
    heads = integrity.ledger_heads(context.store)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "list.pdf"))
    page.dns.print_list(printer)

    text = " ".join(pdf_text(tmp_path / "list.pdf").split())
    assert f"consent ledger {heads.consent_events:,} entries, ending" in text
    assert heads.consent_last_hash[:16] in text and heads.audit_last_hash[:16] in text


def test_printing_runs_off_the_gui_thread_and_reports_the_pages(
    qtbot, page, context, withdrawn, tmp_path, monkeypatch
):
    show_do_not_share(qtbot, page, withdrawn)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "threaded.pdf"))
    threads = []
    paint = do_not_share.print_table

    def watched(*args):
        threads.append(QThread.currentThread())
        return paint(*args)

    monkeypatch.setattr(do_not_share, "print_table", watched)

    with qtbot.waitSignal(context.status_message, timeout=10_000) as message:
        task = page.dns.start_printing(printer)
    assert task.wait(5000)

    [thread] = threads
    assert thread is not QApplication.instance().thread()  # painted on the task's own thread
    assert thread is not context.worker.thread  # the database worker stays free meanwhile
    assert message.args == ["Printed the do-not-share list (1 page)."]
    assert "Tom & <Jerry>" in pdf_text(tmp_path / "threaded.pdf")
    qtbot.waitUntil(page.dns.print_button.isEnabled)


# --- keyboard ---------------------------------------------------------------------------------


def test_tab_walks_the_page_in_reading_order(qtbot, page, store):
    make_vendor(store, "TrainLoop")
    open_vendor(qtbot, page, vendors.list_vendors(store)[0].id)
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
    for widget in (page.register_view, page.sharing_view, page.dns.view, page.reviews_tab.view):
        assert widget.accessibleName()
    buttons = (page.new_button, page.edit_button, page.dns.export_button, page.dns.print_button)
    for button in buttons:
        assert "&" in button.text()


def test_a_website_that_is_no_web_address_is_refused_under_it(qtbot, page, store):
    seen = {}

    def fill(dialog: VendorDialog) -> None:
        qtbot.keyClicks(dialog.name, "TrainLoop")
        qtbot.keyClicks(dialog.countries, "gb")
        qtbot.keyClicks(dialog.website, "not a url")
        qtbot.keyClicks(dialog.policy, "trainloop.example/privacy")
        click_save(qtbot, dialog)
        seen["error"] = dialog.who.error_text("website")
        seen["policy error"] = dialog.who.error_text("privacy_policy_url")
        seen["saved"] = vendors.list_vendors(store)
        dialog.website.clear()
        qtbot.keyClicks(dialog.website, "trainloop.example")
        click_save(qtbot, dialog)

    drive_dialog(qtbot, page.new_vendor, fill)

    assert "not a web address" in seen["error"] and seen["policy error"] == ""
    assert seen["saved"] == []
    qtbot.waitUntil(lambda: register_names(page) == ["TrainLoop"] and page.vendor is not None)
    assert page.vendor.draft.website == "https://trainloop.example"
    assert page.vendor.draft.privacy_policy_url == "https://trainloop.example/privacy"
