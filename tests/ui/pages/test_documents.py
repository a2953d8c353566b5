"""Story 1 and 5 in the window: print a client's notice, publish a new version, batch letters."""

from __future__ import annotations

import io
import os
import threading

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QDialog

from app.domain.refcodes import format_reference
from app.services import notices
from app.ui.changes import Changes
from app.ui.pages.documents import DocumentsPage, PublishDialog
from tests.helpers.factories import NOW, make_client, make_sharing, make_vendor
from tests.unit.services.test_document_kinds import TRAINING_PLAN, training_plan  # noqa: F401


def make_page(qtbot, context) -> DocumentsPage:
    page = DocumentsPage(context)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.version_label.text() != "")  # the draft is compared
    return page


def publish_with(qtbot, summary: str):
    """A PublishDialog.exec that types the summary and presses OK, as the coach would."""

    def accept(dialog):
        dialog.summary.setText(summary)
        dialog.publish()
        qtbot.waitUntil(lambda: dialog.published is not None)
        return QDialog.DialogCode.Accepted

    return accept


def finish(qtbot, task) -> None:
    """Wait until the task ended and the page handled its result (never misses a fast task)."""
    assert task is not None
    page = task.parent()
    qtbot.waitUntil(lambda: page._task is None, timeout=60_000)


def test_a_clients_notice_is_previewed_inside_the_window(qtbot, context, store):
    make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    client = make_client(store, "Tom", "& <Jerry>")
    page = make_page(qtbot, context)
    page.prepare_for_client(client.ref)
    finish(qtbot, page.make("preview"))
    assert page.preview.page_labels and not page.preview.page_labels[0].pixmap().isNull()
    assert page.last[0].client_refs == (format_reference(client.ref),)


def test_a_consent_form_is_saved_with_the_clients_name_in_it(qtbot, context, store, tmp_path):
    make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    client = make_client(store, "伟", "王", country_code="CN", language="zh")
    page = make_page(qtbot, context)
    page.prepare_for_client(client.ref)
    page.kind.setCurrentIndex(1)  # consent form
    finish(qtbot, page.make("none"))
    [written] = page.save(page.last, str(tmp_path / "form.pdf"))
    text = "".join(p.extract_text() for p in PdfReader(written).pages)
    assert "王伟" in text.replace(" ", "")


def test_a_batch_for_every_active_client_writes_one_file_each(qtbot, context, store, tmp_path):
    for number in range(3):
        make_client(store, f"Batch{number}", "Client")
    page = make_page(qtbot, context)
    page.for_all.setChecked(True)
    page.kind.setCurrentIndex(2)  # postal opt-out form
    page.one_file_each.setChecked(True)
    finish(qtbot, page.make("none"))
    written = page.save(page.last, str(tmp_path))
    assert len(written) == 3 and all(path.read_bytes().startswith(b"%PDF") for path in written)


def test_cancelling_a_batch_keeps_nothing(qtbot, context, store):
    from sqlalchemy import func, select

    from app.persistence.models import GeneratedDocument

    for number in range(40):
        make_client(store, f"Many{number}", "Client")
    page = make_page(qtbot, context)
    page.for_all.setChecked(True)
    ahead = threading.Event()
    context.worker.submit(lambda: ahead.wait(10))  # the worker is busy: the batch waits
    task = page.make("none")
    task.cancel()  # before it laid out a page
    ahead.set()
    finish(qtbot, task)
    assert "Cancelled" in page.status.text()
    assert page.last == []
    with store.engine.connect() as connection:  # nothing recorded as generated either
        assert connection.execute(select(func.count(GeneratedDocument.id))).scalar() == 0


def test_publishing_a_new_version_after_adding_a_vendor(qtbot, context, store, monkeypatch):
    make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    notices.publish_notice(store, "First notice", actor="coach", now=NOW)
    page = make_page(qtbot, context)
    assert not page.publish_button.isEnabled()  # the notice matches the records
    make_sharing(store, make_vendor(store, "PulseSync"), "activity_tracking", ("wearable",))
    context.publish(Changes(sharings=True))  # as the sharing dialog's save does
    qtbot.waitUntil(page.publish_button.isEnabled)
    assert "PulseSync" in page.changes.toPlainText()

    monkeypatch.setattr(
        PublishDialog, "exec", publish_with(qtbot, "We now use TrainLoop for your programme.")
    )
    page.publish()
    current = notices.get_current_version(store)
    assert current is not None and current.number == 2
    qtbot.waitUntil(lambda: not page.publish_button.isEnabled())  # the page saw it published


def test_saving_a_notice_while_none_is_published_warns_that_it_is_a_draft(
    qtbot, context, store, monkeypatch
):
    from app.ui.pages import documents as documents_page

    make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    page = make_page(qtbot, context)  # generic notice: the default choice
    asked = []

    def cancel(_parent, purpose):
        asked.append(purpose)
        return None

    monkeypatch.setattr(documents_page, "ask_about_draft", cancel)
    assert page.make("save") is None  # nothing laid out, nothing recorded
    assert asked == ["save"]
    monkeypatch.setattr(
        documents_page, "ask_about_draft", lambda *_args: documents_page.DRAFT_ANYWAY
    )
    task = page.make("none")  # a preview-less make asks nothing
    finish(qtbot, task)
    assert asked == ["save"]


def test_publishing_first_from_the_draft_warning_prints_the_published_version(
    qtbot, context, store, monkeypatch, tmp_path
):
    from PySide6.QtWidgets import QFileDialog

    from app.ui.pages import documents as documents_page

    make_sharing(store, make_vendor(store, "TrainLoop"), categories=("health",))
    page = make_page(qtbot, context)
    monkeypatch.setattr(
        documents_page, "ask_about_draft", lambda *_args: documents_page.DRAFT_PUBLISH
    )

    monkeypatch.setattr(PublishDialog, "exec", publish_with(qtbot, "Our first privacy notice."))
    target = tmp_path / "notice.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_args: (str(target), ""))
    )
    finish(qtbot, page.make("save"))
    assert notices.get_current_version(store).number == 1
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    assert "Version 1" in text and "DRAFT" not in text


@pytest.mark.usefixtures("training_plan")  # registers the kind for this test only
def test_a_kind_declared_once_is_offered_and_made_by_the_page(qtbot, context, store):
    client = make_client(store, "Ada", "Lovelace")
    page = make_page(qtbot, context)
    offered = [page.kind.itemText(index) for index in range(page.kind.count())]
    assert offered[-1] == "Training plan"
    page.prepare_for_client(client.ref, TRAINING_PLAN.name)
    finish(qtbot, page.make("none"))
    [made] = page.last
    assert made.kind == "training_plan" and made.client_refs == (format_reference(client.ref),)
    assert "Plan for Ada Lovelace" in "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(made.data)).pages
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_saving_onto_a_full_disk_says_so_and_records_nothing(
    qtbot, context, store, monkeypatch, tmp_path
):
    """The file is asked for first and written before the record: a full disk keeps neither."""
    import tempfile

    from PySide6.QtWidgets import QFileDialog, QMessageBox
    from sqlalchemy import func, select

    from app.persistence.models import GeneratedDocument

    client = make_client(store, "Ada", "Lovelace")
    page = make_page(qtbot, context)
    page.prepare_for_client(client.ref)
    page.kind.setCurrentIndex(1)  # consent form: no draft question
    target = tmp_path / "form.pdf"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_args: (str(target), ""))
    )
    made = tempfile.mkstemp

    def on_a_full_disk(*args, **kwargs):
        descriptor, name = made(*args, **kwargs)
        os.close(descriptor)
        os.unlink(name)
        return os.open("/dev/full", os.O_WRONLY), name  # every write: ENOSPC

    monkeypatch.setattr(tempfile, "mkstemp", on_a_full_disk)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    finish(qtbot, page.make("save"))
    assert said and said[0].startswith("The disk is full")
    assert list(tmp_path.iterdir()) == [store.paths.home]
    with store.engine.connect() as connection:
        assert connection.execute(select(func.count(GeneratedDocument.id))).scalar() == 0
