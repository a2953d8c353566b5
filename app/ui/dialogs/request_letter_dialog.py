"""A rights request's letter in the window: the one its step calls for (or another chosen),
previewed with nothing recorded, then saved and only then recorded as generated.

Both run as a LongTask on the database worker, so the window never waits; a letter the record
does not support yet (no extension, not completed) is refused in the status line.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.request_letters import RequestLetter
from app.services import request_letters
from app.services.rows import RenderedDocument, RequestRow
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.icons import set_icon
from app.ui.pdf_view import PdfPreview, render_pages
from app.ui.text import _, ngettext
from app.ui.worker import LongTask


class RequestLetterDialog(QDialog):
    """Preview and save one letter of one request."""

    def __init__(self, context: AppContext, row: RequestRow, parent: QWidget | None = None):
        super().__init__(parent)
        self._context = context
        self._row = row
        self._task: LongTask | None = None
        self._can_save = False  # the last preview or save made a letter
        self.saved: RenderedDocument | None = None
        self.setWindowTitle(_("Letter") + " · " + _("Request {number}").format(number=row.id))
        self.resize(760, 680)
        self.letter = QComboBox()
        self.letter.setAccessibleName(_("Letter"))
        for letter in RequestLetter:
            self.letter.addItem(_(request_letters.letter_kind(letter).label), letter.value)
        self.letter.setCurrentIndex(self.letter.findData(request_letters.letter_of_step(row).value))
        self.letter.currentIndexChanged.connect(lambda _i: self.preview_now())
        self.preview = PdfPreview()
        self.preview.setAccessibleName(_("Preview"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton(_("&Save…"))
        set_icon(self.save_button, "save")
        self.save_button.clicked.connect(lambda: self.save())
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Letter")))
        top.addWidget(self.letter, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def chosen(self) -> RequestLetter:
        return RequestLetter(self.letter.currentData())

    def _start(self, save_to: Path | None) -> LongTask | None:
        if self._task is not None:
            return None
        store, request_id, letter = self._context.store, self._row.id, self.chosen()
        now = self._context.now()

        def work(_progress):
            made = request_letters.render_request_letter(
                store, request_id, letter, now=now, save_to=save_to
            )
            return made, render_pages(made.data) if save_to is None else []

        task = LongTask(work, self, worker=self._context.worker)
        task.succeeded.connect(lambda result: self._finish(*result, saved=save_to is not None))
        task.failed.connect(lambda error: self._failed(error, saving=save_to is not None))
        task.finished.connect(self._task_finished)
        self._task = task
        self.save_button.setEnabled(False)
        self.letter.setEnabled(False)  # the letter shown is the one asked for
        self.status.setText(_("Working…"))
        task.start()
        return task

    def preview_now(self) -> LongTask | None:
        return self._start(None)

    def save(self, target: Path | None = None) -> LongTask | None:
        """Asked where first; written whole, then recorded (a cancelled choice records none)."""
        if target is None:
            suggested = f"{request_letters.letter_kind(self.chosen()).file_stem}-{self._row.id}.pdf"
            path, _filter = QFileDialog.getSaveFileName(
                self, _("Save the letter"), suggested, _("PDF files (*.pdf)")
            )
            if not path:
                return None
            target = Path(path)
        return self._start(target)

    def _task_finished(self) -> None:
        # Only now may another task start: the buttons come back once `_task` is cleared.
        self._task = None
        self.letter.setEnabled(True)
        self.save_button.setEnabled(self._can_save)

    def _failed(self, error: BaseException, *, saving: bool) -> None:
        if not saving:  # nothing to save: the record does not support this letter yet
            self.preview.clear()
        self._can_save = saving
        if isinstance(error, DomainError):
            self.status.setText(error.text(_))
            return
        self.status.setText("")
        self._context.show_error(error, self)

    def _finish(self, made: RenderedDocument, pages, *, saved: bool) -> None:
        self._can_save = True
        pages_words = ngettext("{count} page", "{count} pages", made.pages).format(count=made.pages)
        if not saved:
            self.preview.show_pages(pages)
            self.status.setText(
                _("Preview: {pages}; nothing recorded yet.").format(pages=pages_words)
            )
            return
        self.saved = made
        self.status.setText(_("Saved and recorded as a generated document."))
        self._context.publish(Changes(documents=True))

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext, row: RequestRow) -> RequestLetterDialog:
        dialog = cls(context, row, parent)
        dialog.preview_now()
        dialog.open()  # not exec(): the page stays usable while it lays out
        return dialog
