"""The Requests page's "Export PDF…": the register with the filters shown, written on the
worker, whole, and recorded; a folder that cannot be written is said in a sentence."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.services import requests
from app.ui.pages.requests import RequestsPage
from tests.helpers.factories import ACTOR, NOW, make_client
from tests.unit.documents import pdfcheck


def _recorded(store) -> list[str]:
    with unit_of_work(store.engine) as session:
        return list(session.scalars(select(GeneratedDocument.kind)))


def test_export_pdf_prints_the_register_as_filtered_on_the_page(
    qtbot, context, store, settle, tmp_path, monkeypatch
):
    ada = make_client(store, "Ada", "Lovelace")
    for kind, note in (("access", "Wants a copy"), ("complaint", "About the newsletter")):
        requests.log_request(
            store,
            requests.RequestDraft(kind=kind, channel="phone", received_at=NOW,
                                  client_ref=ada.ref, note=note),
            actor=ACTOR,
            now=NOW,
        )  # fmt: skip
    page = RequestsPage(context)
    qtbot.addWidget(page)
    settle()
    assert page.export_pdf_button.isEnabled()
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("complaint"))
    settle()

    page.export_pdf(str(tmp_path / "complaints"))  # the suffix is added
    target = tmp_path / "complaints.pdf"
    qtbot.waitUntil(target.exists, timeout=10_000)
    settle()
    said = pdfcheck.text_of(target.read_bytes())
    assert "Open requests · Complaint" in said and "About the newsletter" in said
    assert "Wants a copy" not in said
    assert _recorded(store) == ["request_register"]

    warned: list[str] = []
    warn = staticmethod(lambda _parent, _title, text: warned.append(text))
    monkeypatch.setattr(QMessageBox, "warning", warn)
    page.export_pdf(str(tmp_path / "missing" / "register.pdf"))
    qtbot.waitUntil(lambda: warned != [], timeout=10_000)
    assert warned[0].startswith("Cannot write into ") and "were not written" in warned[0]
    assert _recorded(store) == ["request_register"]
