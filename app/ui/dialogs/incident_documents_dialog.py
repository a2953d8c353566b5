"""An incident's documents in the window: the report for the authority or the letters to the
clients it affects, previewed, then saved (and only then recorded as generated).

Both are laid out as a LongTask on the database worker, with progress and a cancel, so the
window never waits; the preview records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import document_kinds, documents
from app.services.document_kinds import DocumentKind
from app.services.documents import BatchCancelled
from app.services.rows import IncidentRow, RenderedDocument
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.icons import set_icon
from app.ui.pdf_view import PdfPreview, render_pages
from app.ui.text import _, ngettext
from app.ui.worker import LongTask, TaskCancelled

PREVIEW_PAGES = 12


class IncidentDocumentsDialog(QDialog):
    """Preview and save one kind of an incident's documents."""

    def __init__(
        self, context: AppContext, row: IncidentRow, kind: DocumentKind, parent=None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._row = row
        self._kind = kind
        self._task: LongTask | None = None
        self.saved: list[RenderedDocument] = []
        self.setWindowTitle(f"{_(kind.label)} · " + _("Incident {number}").format(number=row.id))
        self.resize(760, 640)
        self.preview = PdfPreview()
        self.preview.setAccessibleName(_("Preview"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.one_file_each = QCheckBox(_("One file per client (batch)"))
        self._batch = bool(kind.command and kind.command.batch)  # several letters
        self.one_file_each.setVisible(self._batch)
        self.save_button = QPushButton(_("&Save…"))
        set_icon(self.save_button, "save")
        self.save_button.clicked.connect(lambda: self.save())
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.one_file_each)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _start(self, save_to: Path | None) -> LongTask | None:
        if self._task is not None:
            return None
        store, kind, incident = self._context.store, self._kind, self._row.id
        now, one_each = self._context.now(), save_to is not None and self.one_file_each.isChecked()

        def work(progress):
            try:
                made = documents.render_about(
                    store, kind, incident, one_file_each=one_each, now=now, progress=progress,
                    cancelled=progress.cancelled, save_to=save_to,
                )  # fmt: skip
            except BatchCancelled:
                raise TaskCancelled() from None
            pages = render_pages(made[0].data, limit=PREVIEW_PAGES) if save_to is None else []
            return made, pages

        dialog = QProgressDialog(_("Laying out documents…"), _("Cancel"), 0, 0, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        task = LongTask(work, self, worker=self._context.worker)
        task.progressed.connect(
            lambda done, total: (dialog.setMaximum(total), dialog.setValue(done))
        )
        dialog.canceled.connect(task.cancel)
        task.succeeded.connect(
            self._answered(lambda result: self._finish(*result, saved=save_to is not None))
        )
        task.failed.connect(self._answered(lambda error: self._failed(error)))
        task.cancelled.connect(
            self._answered(lambda: self.status.setText(_("Cancelled: nothing was recorded.")))
        )
        task.finished.connect(dialog.reset)
        self._task = task
        self.status.setText(_("Working…"))
        task.start()
        return task

    def preview_now(self) -> LongTask | None:
        return self._start(None)

    def save(self, target: Path | None = None) -> LongTask | None:
        """Asked where first; written whole, then recorded (a cancel records nothing)."""
        if target is None:
            target = self._ask_where()
            if target is None:
                return None
        return self._start(target)

    def _ask_where(self) -> Path | None:
        if self._batch and self.one_file_each.isChecked():
            folder = QFileDialog.getExistingDirectory(self, _("Save documents into"))
            return Path(folder) if folder else None
        suggested = f"{self._kind.file_stem}-{self._row.id}.pdf"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save document"), suggested, _("PDF files (*.pdf)")
        )
        return Path(path) if path else None

    @property
    def task(self) -> LongTask | None:
        """The preview or save being laid out, if any."""
        return self._task

    def _answered(self, handler: Callable[..., None]) -> Callable[..., None]:
        """`handler` for the task's answer, the page free for the next action first, in the
        same call: each slot of a signal from the worker is an event of its own, so a flag
        cleared by another slot (or by `finished`) leaves a moment where a click does nothing."""

        def handle(*answer) -> None:
            self._task = None
            handler(*answer)

        return handle

    def _failed(self, error: BaseException) -> None:
        self.status.setText("")
        self._context.show_error(error, self)

    def _finish(self, made: list[RenderedDocument], pages, *, saved: bool) -> None:
        count = sum(document.pages for document in made)
        pages_words = ngettext("{count} page", "{count} pages", count).format(count=count)
        if not saved:
            self.preview.show_pages(pages)
            self.status.setText(_("Preview: {pages}; nothing recorded yet.").format(
                pages=pages_words))  # fmt: skip
            return
        self.saved = made
        files = ngettext("{count} file", "{count} files", len(made)).format(count=len(made))
        self.status.setText(
            _("{files}, {pages}, recorded as generated documents.").format(
                files=files, pages=pages_words
            )
        )
        self._context.publish(Changes(documents=True))

    @classmethod
    def ask(
        cls, parent: QWidget, context: AppContext, row: IncidentRow, kind_name: str
    ) -> IncidentDocumentsDialog:
        dialog = cls(context, row, document_kinds.kind_named(kind_name), parent)
        dialog.preview_now()
        dialog.open()  # not exec(): the page stays usable while it lays out
        return dialog
