"""Stories 2, 3 and 4 through the window: log an opt-out, see what to say, tell vendors."""

from __future__ import annotations

from datetime import timedelta

from pypdf import PdfReader

from app.domain.enums import Channel, ConsentState
from app.domain.optout import SendMethod
from app.domain.refcodes import format_reference
from app.services import optouts
from app.services.consents import record_consent_answers
from app.services.vendors import CLAUSE_KEYS
from app.ui.dialogs.optout_dialog import LogOptOutDialog
from app.ui.pages.optouts import OptOutsPage
from tests.helpers.dialogs import when_modal
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor


def coaching_client(store):
    client = make_client(store, "Ada", "Lovelace", phone="020 7946 0123")
    # Every clause on file: a contract gap would put a line of its own on Today.
    app = make_sharing(store, make_vendor(store, "TrainLoop", clauses=CLAUSE_KEYS),
                       categories=("health",))  # fmt: skip
    news = make_sharing(store, make_vendor(store, "LetterBox", clauses=CLAUSE_KEYS),
                        "newsletter", ("contact",))  # fmt: skip
    make_sharing(store, make_vendor(store, "PayFast", clauses=CLAUSE_KEYS), "payments",
                 ("payment",))  # fmt: skip
    record_consent_answers(
        store,
        client.ref,
        {app.id: ConsentState.GIVEN, news.id: ConsentState.GIVEN},
        channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW - timedelta(days=60),
        actor=ACTOR,
        now=NOW - timedelta(days=60),
    )
    return client


def make_register(qtbot, context, settle) -> OptOutsPage:
    page = OptOutsPage(context)
    qtbot.addWidget(page)
    settle()  # the register and the vendors to tell are in
    return page


def test_telling_vendors_from_the_register_closes_the_request(qtbot, context, store, settle):
    client = coaching_client(store)
    result = optouts.log_optout(
        store,
        client_ref=client.ref,
        channel=Channel.PHONE,
        scope="all",
        received_at=NOW - timedelta(hours=1),
        actor=ACTOR,
        now=NOW,
    )
    page = make_register(qtbot, context, settle)
    page.open_request(result.request_id)
    qtbot.waitUntil(lambda: "TrainLoop" in page.timeline.toPlainText())
    telling = page.telling
    assert telling.pending.rowCount() == 2
    for _ in range(2):
        telling.pending_view.selectRow(0)
        qtbot.waitUntil(lambda: client.name in telling.email_text.toPlainText())
        telling.mark_notification_sent(telling.selected_pending(), "email", NOW.date())
        settle()  # marked, and the page reloaded by the change it published
    assert telling.pending.rowCount() == 0 and telling.awaiting.rowCount() == 2
    for _ in range(2):
        telling.record_vendor_confirmation(telling.awaiting.row_at(0), NOW.date(), "done")
        settle()
    [row] = optouts.list_optouts(store, now=NOW)
    assert row.status in ("vendors_confirmed", "closed") and row.completed_at is not None


def test_the_register_exports_csv_and_pdf(qtbot, context, store, tmp_path, settle):
    client = coaching_client(store)
    optouts.log_optout(
        store,
        client_ref=client.ref,
        channel=Channel.POST,
        scope="marketing",
        received_at=NOW - timedelta(days=1),
        actor=ACTOR,
        now=NOW,
    )
    page = make_register(qtbot, context, settle)
    csv_file = page.export_csv(str(tmp_path / "register.csv"))
    assert "Ada Lovelace" in csv_file.read_text(encoding="utf-8-sig")
    pdf_file = page.export_pdf(str(tmp_path / "register.pdf"))
    assert pdf_file.read_bytes().startswith(b"%PDF")


def test_the_register_pdf_prints_every_name_in_the_bundled_fonts(
    qtbot, context, store, tmp_path, settle
):
    # The suite runs on a DejaVu-only fontconfig (tests/conftest.py): Chinese and emoji come
    # from the fonts the app ships, or they print as glyph 0.
    for given, family in (("伟", "王"), ("Tom &", "<Jerry>"), ("Emoji", "💪")):
        client = make_client(store, given, family)
        optouts.log_optout(
            store,
            client_ref=client.ref,
            channel=Channel.PHONE,
            scope="all",
            received_at=NOW - timedelta(days=1),
            actor=ACTOR,
            now=NOW,
        )
    page = make_register(qtbot, context, settle)

    pdf_file = page.export_pdf(str(tmp_path / "register.pdf"))

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf_file).pages).split())
    assert "王伟" in text and "Tom & <Jerry>" in text
    # Qt prints the emoji with the bundled Symbola (seen in a render) but writes no ToUnicode
    # entry for it: it cannot be extracted. Glyph 0 (\x00) would be a missing font.
    assert "Emoji" in text and "\x00" not in text


def test_register_models_pass_the_model_tester_with_rows_in_each(
    qtmodeltester, qtbot, context, store, settle
):
    client = coaching_client(store)
    result = optouts.log_optout(
        store, client_ref=client.ref, channel=Channel.PHONE, scope="all",
        received_at=NOW - timedelta(hours=1), actor=ACTOR, now=NOW,
    )  # fmt: skip
    told = result.vendors[0]
    optouts.mark_notification_sent(
        store, told.notification_id, method=SendMethod.EMAIL, sent_at=NOW, actor=ACTOR, now=NOW
    )
    page = make_register(qtbot, context, settle)
    models = (page.register, page.telling.pending, page.telling.awaiting)
    assert [model.rowCount() for model in models] == [1, 1, 1]  # never an empty model
    for model in models:
        qtmodeltester.check(model)


def test_the_phone_story_from_the_shortcut_to_the_letter_and_the_vendor_tasks(
    qtbot, context, preferences, store, tmp_path, settle
):
    """Story 2 through the real window: Ctrl+Shift+O, find by phone, record, letter, tasks."""
    from pypdf import PdfReader

    from app.ui.actions import ActionId
    from app.ui.main_window import PAGE_OPTOUTS, MainWindow

    client = coaching_client(store)
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    seen = {}

    letter = tmp_path / "letter.pdf"

    def drive_the_dialog(dialog) -> None:
        assert isinstance(dialog, LogOptOutDialog)
        qtbot.keyClicks(dialog.search, "020 7946 0123")
        qtbot.waitUntil(lambda: dialog.selected_client() is not None)
        dialog.record()
        qtbot.waitUntil(lambda: dialog.result_ is not None)
        seen["result"] = dialog.result_
        dialog.save_confirmation_letter(str(letter))
        qtbot.waitUntil(letter.exists)
        dialog.accept()

    when_modal(drive_the_dialog)
    assert window.actions[ActionId.LOG_OPTOUT].shortcut().toString() == "Ctrl+Shift+O"
    window.actions[ActionId.LOG_OPTOUT].trigger()
    result = seen["result"]
    assert result is not None and result.client_ref == format_reference(client.ref)
    letter_text = "".join(page.extract_text() for page in PdfReader(letter).pages)
    assert "Ada Lovelace" in letter_text and "TrainLoop" in letter_text
    assert window.pages.currentIndex() == PAGE_OPTOUTS  # the new request is shown
    page = window.optouts_page
    qtbot.waitUntil(lambda: page.selected_request() is not None)
    assert page.selected_request().id == result.request_id
    settle()
    pending = page.telling.pending
    assert {pending.row_at(n).vendor for n in range(pending.rowCount())} == {
        "TrainLoop",
        "LetterBox",
    }
    page.telling.save_vendor_letters(str(tmp_path))
    settle()
    letters = sorted(path for path in tmp_path.glob("*.pdf") if path != letter)
    assert len(letters) == 2 and all(path.with_suffix(".txt").exists() for path in letters)


def test_hovering_the_register_shows_who_and_the_status_whole(qtbot, context, store, settle):
    """Narrow columns elide a name with its reference; the tooltip keeps it readable."""
    from PySide6.QtCore import Qt

    client = coaching_client(store)
    optouts.log_optout(
        store, client_ref=client.ref, channel=Channel.PHONE, scope="all",
        received_at=NOW - timedelta(hours=1), actor=ACTOR, now=NOW,
    )  # fmt: skip
    page = make_register(qtbot, context, settle)
    model = page.register
    titles = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    for title in ("Who", "Status"):
        index = model.index(0, titles.index(title))
        shown = model.data(index, Qt.ItemDataRole.DisplayRole)
        assert shown and model.data(index, Qt.ItemDataRole.ToolTipRole) == shown
    who = model.index(0, titles.index("Who"))
    assert client.name in model.data(who, Qt.ItemDataRole.ToolTipRole)


def test_mark_sent_asks_how_and_when_and_a_confirmation_when_and_a_note(
    qtbot, context, store, monkeypatch, settle
):
    """Each dialog shows only rows it has a field for: no "Note" to send, no "How" to confirm."""
    from PySide6.QtWidgets import QDialog, QFormLayout

    from app.ui.dialogs.step_dialogs import DateAndNoteDialog

    client = coaching_client(store)
    optouts.log_optout(
        store,
        client_ref=client.ref,
        channel=Channel.PHONE,
        scope="all",
        received_at=NOW - timedelta(hours=1),
        actor=ACTOR,
        now=NOW,
    )
    rows_shown = []

    def answer(dialog):
        form = dialog.form
        rows_shown.append(
            [
                form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().text().replace("&", "")
                for row in range(form.rowCount())
            ]
        )
        dialog.note.setText("Confirmed by their privacy team")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DateAndNoteDialog, "exec", answer)
    page = make_register(qtbot, context, settle)
    page.tabs.setCurrentIndex(1)
    page.telling.pending_view.selectRow(0)
    page.telling.mark_sent()
    settle()
    assert page.telling.awaiting.rowCount() == 1
    page.telling.awaiting_view.selectRow(0)
    page.telling.record_confirmation()
    settle()
    assert rows_shown == [["How", "When"], ["When", "Note"]]
    confirmed = [v for row in optouts.list_optouts(store, now=NOW) for v in row.vendors]
    assert [v.confirmed_at is not None for v in confirmed].count(True) == 1


def test_matching_a_caller_updates_the_clients_and_vendors_pages(qtbot, context, store, settle):
    from PySide6.QtWidgets import QInputDialog, QWidget

    from app.ui.actions import ActionRegistry
    from app.ui.pages.clients import ClientsPage
    from app.ui.pages.vendors import DO_NOT_SHARE_TAB, VendorsPage

    client = coaching_client(store)
    optouts.log_optout(
        store,
        client_ref=None,
        caller_details="Ada, 020 7946 0123",
        channel=Channel.PHONE,
        scope="all",
        received_at=NOW - timedelta(hours=1),
        actor=ACTOR,
        now=NOW,
    )
    host = QWidget()
    qtbot.addWidget(host)
    actions = ActionRegistry(host)
    clients_page = ClientsPage(context, actions, host)
    clients_page.open_client(client.ref)
    qtbot.waitUntil(lambda: clients_page.detail.detail is not None)
    states = {line.vendor: line.state for line in clients_page.detail.detail.consents}
    assert states["TrainLoop"] == ConsentState.GIVEN
    vendors_page = VendorsPage(context, actions)
    qtbot.addWidget(vendors_page)
    vendors_page.show()
    settle()
    [trainloop] = [
        line.vendor.id for line in vendors_page.register.rows() if line.vendor.name == "TrainLoop"
    ]
    vendors_page.open_vendor(trainloop)
    qtbot.waitUntil(lambda: vendors_page.vendor is not None)
    vendors_page.tabs.setCurrentIndex(DO_NOT_SHARE_TAB)
    settle()
    assert vendors_page.dns.loaded_for == trainloop
    assert vendors_page.dns.model.rowCount() == 0
    register = make_register(qtbot, context, settle)
    register.register_view.selectRow(0)
    original = QInputDialog.getText
    QInputDialog.getText = staticmethod(lambda *_args: (client.ref, True))
    try:
        register.match_client()
    finally:
        QInputDialog.getText = original

    qtbot.waitUntil(
        lambda: (
            {line.vendor: line.state for line in clients_page.detail.detail.consents}["TrainLoop"]
            == ConsentState.WITHDRAWN
        )
    )
    qtbot.waitUntil(lambda: vendors_page.dns.model.rowCount() == 1, timeout=10_000)


def test_a_late_vendor_reply_is_marked_overdue_on_today_the_register_and_the_client_page(
    qtbot, context, store, settle
):
    """One rule, one look: the date and the whole word "overdue", wherever the request shows."""
    from datetime import datetime

    from PySide6.QtCore import Qt

    from app.domain.optout import SendMethod
    from app.ui.context import AppContext
    from app.ui.pages.today import TodayPage
    from tests.ui.pages.test_clients import make_page

    client = coaching_client(store)
    result = optouts.log_optout(
        store, client_ref=client.ref, channel=Channel.PHONE, scope="all",
        received_at=NOW - timedelta(hours=1), actor=ACTOR, now=NOW,
    )  # fmt: skip
    for vendor in result.vendors:  # told at once on Friday 20 November: replies due 27 November
        optouts.mark_notification_sent(
            store, vendor.notification_id, method=SendMethod.EMAIL, sent_at=NOW, actor=ACTOR,
            now=NOW,
        )  # fmt: skip
    later = datetime(2026, 12, 1, 10, tzinfo=NOW.tzinfo)
    december = AppContext(
        store, context.worker, actor=ACTOR, log_file=context.log_file, clock=lambda: later
    )
    shown = "27 Nov 2026 — overdue"

    def due_cell(view, model, row: int = 0) -> str:
        titles = [
            model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
        ]
        column = titles.index("Due")
        text = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
        # Shown whole: the column is at least as wide as its text.
        assert view.columnWidth(column) >= view.fontMetrics().horizontalAdvance(text)
        assert model.data(model.index(row, column), Qt.ItemDataRole.ForegroundRole) is not None
        return text

    register = OptOutsPage(december)
    qtbot.addWidget(register)
    register.resize(1100, 600)
    register.show()
    qtbot.waitUntil(lambda: register.register.rowCount() == 1)
    assert due_cell(register.register_view, register.register) == shown

    today = TodayPage(december)
    qtbot.addWidget(today)
    today.resize(1100, 600)
    today.show()
    today.refresh()
    qtbot.waitUntil(lambda: today.optouts.rowCount() == 3)
    kinds = [today.optouts.row_at(n).kind for n in range(3)]
    row = kinds.index("optout_request")
    assert due_cell(today.optout_view, today.optouts, row) == shown

    page = make_page(qtbot, december)
    page.host.resize(1300, 700)
    page.host.show()
    page.open_client(client.ref)
    detail = page.detail
    qtbot.waitUntil(lambda: detail.optouts.rowCount() == 1)
    assert detail.optout_view.isVisibleTo(page.host)
    assert due_cell(detail.optout_view, detail.optouts) == shown


def test_an_objection_is_answered_from_the_register(qtbot, context, store, settle):
    """Story: a client asks to stop the backups; the coach weighs it and declines, with why."""
    from app.domain.optout import ObjectionDecision
    from app.ui.dialogs.step_dialogs import ObjectionDialog

    client = coaching_client(store)
    cloud = make_vendor(store, "CloudVault")
    make_sharing(store, cloud, "backup", ("contact",))
    result = optouts.log_optout(
        store, client_ref=client.ref, channel=Channel.PHONE, scope="chosen",
        chosen_vendor_ids=[cloud.id], received_at=NOW, actor=ACTOR, now=NOW,
    )  # fmt: skip
    page = make_register(qtbot, context, settle)
    page.open_request(result.request_id)
    qtbot.waitUntil(page.objection_button.isEnabled)
    assert "to answer by" in page.timeline.toPlainText()

    dialog = ObjectionDialog(list(page.selected_request().objections), page)
    qtbot.addWidget(dialog)
    dialog.declined.setChecked(True)
    dialog._accept_if_complete()  # no reason yet: refused under its field, dialog stays
    assert "Say why" in dialog.form.error_text("reason")
    assert dialog.result() != dialog.DialogCode.Accepted
    dialog.reason.setPlainText("Backups let us restore your records after a fault.")
    objection, decision, reason = dialog.answer()
    assert decision == ObjectionDecision.DECLINED.value
    page.record_objection_answer(objection, decision, reason)
    qtbot.waitUntil(lambda: not page.objection_button.isEnabled())
    assert "declined" in page.timeline.toPlainText()


def test_the_register_gets_two_thirds_of_the_page_once_shown(qtbot, context, store, settle):
    """Its columns (who, due, status) need the room; the timeline's buttons must not take it."""
    client = coaching_client(store)  # an empty register shows what belongs there instead
    optouts.log_optout(
        store,
        client_ref=client.ref,
        channel=Channel.PHONE,
        scope="all",
        received_at=NOW - timedelta(hours=1),
        actor=ACTOR,
        now=NOW,
    )
    page = make_register(qtbot, context, settle)
    page.resize(1180, 700)
    page.show()
    qtbot.waitExposed(page)
    register, timeline = page.register_splitter.sizes()
    assert register >= 0.6 * (register + timeline)
