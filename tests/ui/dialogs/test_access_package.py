"""The client page's "Copy of their data…" through the real window (issue 13): a client phones
asking for everything held about them; the coach saves the package, the window free meanwhile,
and it is recorded only once written; a cancel leaves nothing."""

from __future__ import annotations

import zipfile
from datetime import timedelta

from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from app.domain.enums import Channel, ConsentState
from app.domain.refcodes import format_reference
from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.services.consents import record_consent_answers
from app.ui.main_window import PAGE_CLIENTS, MainWindow
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor
from tests.unit.documents import pdfcheck


def _recorded(store) -> list[tuple[str, int | None]]:
    with unit_of_work(store.engine) as session:
        return [(d.kind, d.client_id) for d in session.scalars(select(GeneratedDocument))]


def test_a_phone_access_request_is_answered_with_the_package(
    qtbot, context, preferences, store, tmp_path, monkeypatch
):
    trainloop = make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    wei = make_client(store, "伟", "王", language="zh", country_code="CN", email="wei@example.cn")
    make_client(store, "Ada", "Lovelace", email="ada@example.org")
    record_consent_answers(
        store, wei.ref, {trainloop.id: ConsentState.GIVEN}, channel=Channel.PHONE,
        occurred_at=NOW - timedelta(days=1), actor=ACTOR, now=NOW,
    )  # fmt: skip
    window = MainWindow(context, preferences)
    qtbot.addWidget(window)
    window.show()
    window.open_client(wei.ref)
    assert window.pages.currentIndex() == PAGE_CLIENTS
    page = window.clients_page
    qtbot.waitUntil(lambda: page.detail.detail is not None and page.detail.copy_button.isEnabled())

    # The coach asks where to save it: the dialog offers the package's own name.
    target = tmp_path / "wei"  # typed without ".zip": it is added
    offered = []

    def save_as(parent, title, suggested, filter_):
        offered.append((title, suggested, filter_))
        return str(target), filter_

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    messages = []
    context.status_message.connect(messages.append)
    page.detail.copy_button.click()
    save = page.detail.copy_button.saved
    assert save is not None and save.task is not None
    with qtbot.waitSignal(save.ended, timeout=20_000) as ended:
        pass
    [(title, suggested, _filter)] = offered
    assert "王伟" in title
    assert suggested.startswith(f"access-package-{format_reference(wei.ref)}-")
    written = tmp_path / "wei.zip"
    assert str(written) in ended.args[0] and messages == [ended.args[0]]
    with zipfile.ZipFile(written) as archive:
        names = archive.namelist()
        [report] = [n for n in names if n.endswith("-zh.pdf")]
        text = pdfcheck.text_of(archive.read(report))
    assert "王伟" in text and "TrainLoop" in text and "Lovelace" not in text
    assert any(name.endswith("/data.json") for name in names)
    assert _recorded(store) == [("access_package", wei.id)]


def test_a_cancelled_copy_leaves_no_file_and_no_record(qtbot, context, store, tmp_path):
    from tests.ui.pages.test_clients import make_page, open_client

    zoe = make_client(store)
    page = make_page(qtbot, context)
    open_client(qtbot, page, zoe.ref)
    save = page.detail.copy_button.save_to(tmp_path / "zoe.zip")
    save.task.cancel()  # polled between its steps, the last before anything is written
    with qtbot.waitSignal(save.ended, timeout=20_000) as ended:
        pass
    assert ended.args == ["Cancelled: no package was made or recorded."]
    assert list(tmp_path.iterdir()) == [tmp_path / "practice"]
    assert _recorded(store) == []
