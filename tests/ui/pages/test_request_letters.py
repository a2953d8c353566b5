"""The Requests page's "Letter…": the letter the request's step calls for, previewed with
nothing recorded, saved and only then recorded; the extension notice once extended, the
answer once completed, and a letter the record does not support refused in words."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.services import practice, requests
from app.ui.dialogs.request_letter_dialog import RequestLetterDialog
from app.ui.pages.requests import RequestsPage
from tests.helpers.factories import ACTOR, NOW, make_client
from tests.unit.documents import pdfcheck


def _recorded(store) -> list[str]:
    with unit_of_work(store.engine) as session:
        return list(session.scalars(select(GeneratedDocument.kind).order_by(GeneratedDocument.id)))


def _open_letter(qtbot, page: RequestsPage) -> RequestLetterDialog:
    page.letter_button.click()
    [dialog] = [d for d in page.findChildren(RequestLetterDialog) if d.isVisible()]
    qtbot.waitUntil(lambda: dialog.save_button.isEnabled() or "Request" in dialog.status.text(),
                    timeout=10_000)  # fmt: skip
    return dialog


def _saved(qtbot, dialog: RequestLetterDialog, target) -> str:
    task = dialog.save(target)
    with qtbot.waitSignal(task.finished, timeout=10_000):
        pass
    return pdfcheck.text_of(target.read_bytes())


def test_each_step_of_a_request_gets_its_letter_from_the_requests_page(
    qtbot, context, store, settle, tmp_path
):
    practice.update_practice(
        store, {"jurisdictions": ("gdpr",), "promise_request_days": 90}, actor=ACTOR, now=NOW
    )
    wang = make_client(store, "伟", "王", language="zh", country_code="CN")
    row = requests.log_request(
        store,
        requests.RequestDraft(kind="access", channel="phone", client_ref=wang.ref,
                              received_at=NOW - timedelta(hours=1)),
        actor=ACTOR,
        now=NOW,
    )  # fmt: skip
    page = RequestsPage(context)
    qtbot.addWidget(page)
    settle()
    assert page.selected().id == row.id and page.letter_button.isEnabled()

    # Logged: the acknowledgement, in the client's Chinese, previewed and nothing recorded.
    dialog = _open_letter(qtbot, page)
    assert dialog.chosen() == "acknowledgement"
    assert len(dialog.preview.page_labels) == 1 and "nothing recorded" in dialog.status.text()
    assert _recorded(store) == []
    printed = _saved(qtbot, dialog, tmp_path / "ack.pdf")
    assert "我们已收到您的请求" in printed and "尊敬的王伟" in printed
    assert _recorded(store) == ["request_acknowledgement"]
    assert "recorded" in dialog.status.text()

    # The answer is asked for before there is one: refused in words, nothing to save.
    dialog.letter.setCurrentIndex(dialog.letter.findData("answer"))
    qtbot.waitUntil(lambda: "not completed yet" in dialog.status.text(), timeout=10_000)
    assert not dialog.save_button.isEnabled() and dialog.preview.page_labels == []
    dialog.close()

    # Extended: the extension notice.
    requests.extend_request(store, row.id, reason="两个档案", actor=ACTOR, now=NOW)
    page.refresh()
    settle()
    dialog = _open_letter(qtbot, page)
    assert dialog.chosen() == "extension"
    assert "两个档案" in _saved(qtbot, dialog, tmp_path / "extension.pdf")
    dialog.close()

    # Completed: the answer.
    requests.verify_identity(store, row.id, method="Called back", actor=ACTOR, now=NOW)
    requests.complete_request(store, row.id, outcome="done", actor=ACTOR, now=NOW)
    page.filter.setCurrentIndex(1)  # every request: a completed one is no longer open
    settle()
    page.select(row.id)
    dialog = _open_letter(qtbot, page)
    assert dialog.chosen() == "answer"
    assert "您的请求已办理完毕" in _saved(qtbot, dialog, tmp_path / "answer.pdf")
    assert _recorded(store) == ["request_acknowledgement", "request_extension", "request_answer"]


def test_a_caller_not_yet_matched_has_no_letter_to_print(qtbot, context, store, settle):
    requests.log_request(
        store,
        requests.RequestDraft(kind="deletion", channel="post", received_at=NOW,
                              caller_details="A. Lovelace"),
        actor=ACTOR,
        now=NOW,
    )  # fmt: skip
    page = RequestsPage(context)
    qtbot.addWidget(page)
    settle()
    assert page.selected() is not None and not page.letter_button.isEnabled()
