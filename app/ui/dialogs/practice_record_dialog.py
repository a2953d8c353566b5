"""One of the practice's own records in the window (the record of processing, the incident
response plan): previewed, then saved as the format chosen (PDF, or CSV or XLSX where the
kind makes spreadsheets), and only then recorded as generated.

Laid out as a LongTask on the database worker, so the window never waits; the preview
records nothing.
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

from app.paths import backup_folder_setting
from app.services import document_kinds, practice_documents
from app.services.document_kinds import DocumentKind
from app.services.practice_documents import Format
from app.services.rows import RenderedDocument
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.icons import set_icon
from app.ui.pdf_view import PdfPreview, render_pages
from app.ui.text import N_, _, ngettext
from app.ui.worker import LongTask

PREVIEW_PAGES = 12
FORMAT_LABELS = {
    Format.PDF: N_("PDF document (*.pdf)"),
    Format.CSV: N_("CSV spreadsheet, UTF-8 (*.csv)"),
    Format.XLSX: N_("Excel workbook (*.xlsx)"),
}
LANGUAGES = ((None, N_("The practice's language")), ("en", N_("English")), ("zh", N_("Chinese")))


class PracticeRecordDialog(QDialog):
    def __init__(
        self, context: AppContext, kind: DocumentKind, backup_folder: Path, parent=None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._kind = kind
        self._backup_folder = backup_folder
        self._task: LongTask | None = None
        self._preview_again = False  # the language changed while a layout ran
        self.saved: RenderedDocument | None = None
        self.setWindowTitle(_(kind.label))
        self.resize(900, 640)
        self.preview = PdfPreview()
        self.preview.setAccessibleName(_("Preview"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        for value, label in LANGUAGES:
            self.language.addItem(_(label), value)
        # Connected once filled: the first item added would lay out a preview of its own.
        self.language.currentIndexChanged.connect(lambda _index: self.preview_now())
        self.format = QComboBox()
        self.format.setAccessibleName(_("Format"))
        for fmt in practice_documents.formats_of(kind):
            self.format.addItem(_(FORMAT_LABELS[fmt]), fmt.value)
        self.format.setVisible(self.format.count() > 1)
        self.save_button = QPushButton(_("&Save…"))
        set_icon(self.save_button, "save")
        self.save_button.clicked.connect(lambda: self.save())
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.language)
        buttons.addWidget(self.format)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    @property
    def busy(self) -> bool:
        """A preview or a save is being laid out (another waits for it to end)."""
        return self._task is not None

    def chosen_format(self) -> Format:
        return Format(self.format.currentData())

    def _start(self, save_to: Path | None, fmt: Format) -> LongTask | None:
        if self._task is not None:
            return None
        store, kind, now = self._context.store, self._kind, self._context.now()
        lang, folder = self.language.currentData(), self._backup_folder

        def work(_progress):
            made = practice_documents.make_practice_document(
                store, kind, fmt=fmt, lang=lang, backup_folder=folder, now=now, save_to=save_to
            )
            pages = render_pages(made.data, limit=PREVIEW_PAGES) if save_to is None else []
            return made, pages

        task = LongTask(work, self, worker=self._context.worker)
        # Released first, before the answer is shown: a Save clicked the moment the preview
        # appears comes before this task's `finished`, and must start, not be ignored.
        for outcome in (task.succeeded, task.failed):
            outcome.connect(lambda *_args, task=task: self._release(task))
        task.succeeded.connect(lambda result: self._finish(*result, saved_to=save_to))
        task.failed.connect(self._failed)
        task.finished.connect(lambda task=task: self._release(task))
        self._task = task
        self.status.setText(_("Working…"))
        task.start()
        return task

    def preview_now(self) -> LongTask | None:
        if self._task is not None:
            self._preview_again = True
            return None
        return self._start(None, Format.PDF)

    def save(self, target: Path | None = None) -> LongTask | None:
        """Asked where first (in the format chosen); written whole, then recorded."""
        fmt = self.chosen_format()
        if target is None:
            target = self._ask_where(fmt)
            if target is None:
                return None
        if target.suffix.lower() != f".{fmt.value}":
            target = target.with_name(f"{target.name}.{fmt.value}")
        return self._start(target, fmt)

    def _ask_where(self, fmt: Format) -> Path | None:
        suggested = f"{self._kind.file_stem}.{fmt.value}"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save document"), suggested, _(FORMAT_LABELS[fmt])
        )
        return Path(path) if path else None

    @property
    def task(self) -> LongTask | None:
        """The preview or save being laid out, if any."""
        return self._task

    def _release(self, task: LongTask) -> None:
        if self._task is not task:
            return
        self._task = None
        if self._preview_again:
            self._preview_again = False
            self.preview_now()

    def _failed(self, error: BaseException) -> None:
        self.status.setText("")
        self._context.show_error(error, self)

    def _finish(self, made: RenderedDocument, pages, *, saved_to: Path | None) -> None:
        count = ngettext("{count} page", "{count} pages", made.pages).format(count=made.pages)
        if saved_to is None:
            self.preview.show_pages(pages)
            self.status.setText(_("Preview: {pages}; nothing recorded yet.").format(pages=count))
            return
        self.saved = made
        self.status.setText(_("Saved as {file} and recorded as a generated document.").format(
            file=saved_to))  # fmt: skip
        self._context.publish(Changes(documents=True))

    @classmethod
    def ask(
        cls,
        parent: QWidget,
        context: AppContext,
        kind_name: str,
        backup_folder: Path | None = None,
    ) -> PracticeRecordDialog:
        """`backup_folder`: the window's setting; None reads what Settings last saved."""
        folder = backup_folder or backup_folder_setting(context.store.paths)
        dialog = cls(context, document_kinds.kind_named(kind_name), folder, parent)
        dialog.preview_now()
        dialog.open()  # not exec(): the page stays usable while it lays out
        return dialog
