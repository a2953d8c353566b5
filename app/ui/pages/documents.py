"""Documents: notice versions, and making notices, forms and letters for one or many clients.

Everything slow (laying out a batch, rendering preview pages) runs off the GUI thread with
a progress dialog that can cancel; the window stays usable throughout.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError, ValidationError
from app.domain.refcodes import format_reference
from app.services import document_files, document_kinds, documents, notices
from app.services.documents import BatchCancelled
from app.services.errors import InvalidInput
from app.services.rows import NoticeVersionRow, RenderedDocument
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.dialogs.practice_record_dialog import PracticeRecordDialog
from app.ui.empty_state import EmptyOr, EmptyState
from app.ui.forms import FieldForm, date_field, save_dialog
from app.ui.icons import set_icon
from app.ui.pdf_view import PdfPreview, print_pdf, render_pages
from app.ui.preferences import Preferences
from app.ui.text import N_, _, day_text, error_text, language, ngettext
from app.ui.worker import LongTask, TaskCancelled

PREVIEW_PAGES = 12
# The notice draft is computed from these: what changed since the published version.
SHOWN = Changes(vendors=True, sharings=True, practice=True, notices=True)
FOR_CLIENT, FOR_NOBODY, FOR_ALL = range(3)


# What the empty preview says: before the first notice is published, that it comes first.
MADE_HERE_TEXT = N_(
    "Privacy notices, consent forms, opt-out forms and letters are made here from your "
    "records: preview them, then print or save them."
)
FIRST_NOTICE_TEXT = N_(
    "Privacy notices, consent forms, opt-out forms and letters are made here "
    "from your records: preview them, then print or save them. Clients receive "
    "a published notice version, so publish the first one before you print."
)


class PublishDialog(QDialog):
    """A change summary in the coach's words, and the date the new notice takes effect."""

    def __init__(
        self, context: AppContext, changes: tuple[str, ...], today: date, parent=None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.published: NoticeVersionRow | None = None
        self.setWindowTitle(_("Publish a new notice version"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("What changed since the current version:")))
        found = QPlainTextEdit("\n".join(f"• {line}" for line in changes))
        found.setReadOnly(True)
        found.setAccessibleName(_("Changes found"))
        layout.addWidget(found)
        self.form = FieldForm()
        self.summary = self.form.add_field("summary", _("&Summary for clients"), QLineEdit())
        self.effective = self.form.add_field("effective", _("&Effective from"), date_field(today))
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.publish)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def publish(self) -> None:
        """Published on the database worker; refused, the problem shows under its field."""
        context, summary = self._context, self.summary.text()
        effective, actor, now = self.effective.date().toPython(), context.actor, context.now()
        save_dialog(
            self,
            context,
            lambda store: notices.publish_notice(
                store, summary, effective=effective, actor=actor, now=now
            ),
            lambda version: setattr(self, "published", version),
            changes=Changes(notices=True),
            message=lambda version: _("Notice version {number} published.").format(
                number=version.number
            ),
            buttons=self.buttons,
            refused=self._refused,
        )

    def _refused(self, error: DomainError) -> None:
        if isinstance(error, InvalidInput):
            self.form.show_errors(error, fallback="summary")
        elif isinstance(error, ValidationError):
            self.form.show_errors(InvalidInput([error]), fallback="effective")
        else:
            QMessageBox.warning(self.parentWidget(), self.windowTitle(), error_text(error))
            self.reject()

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext) -> NoticeVersionRow | None:
        """Publish the draft as the next version (from here or any page); None if not."""
        today, lang = context.today(), language()
        draft = context.fetch(lambda store: notices.draft_changes(store, today=today, lang=lang))
        dialog = cls(context, draft.changes, today, parent)
        dialog.exec()
        return dialog.published


DRAFT_PUBLISH, DRAFT_ANYWAY = "publish", "anyway"


def ask_about_draft(parent: QWidget, purpose: str) -> str | None:
    """No notice is published: print or save the draft anyway, publish first, or neither."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Documents"))
    box.setText(_("No privacy notice has been published yet: this notice is a draft."))
    box.setInformativeText(
        _(
            "A draft is marked DRAFT on every page and is not a version you can record as "
            "given to a client. Publish it first to hand out the notice itself."
        )
    )
    publish = box.addButton(_("&Publish first…"), QMessageBox.ButtonRole.AcceptRole)
    anyway = box.addButton(
        _("Print the &draft") if purpose == "print" else _("Save the &draft"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(publish)
    box.exec()
    clicked = box.clickedButton()
    return DRAFT_PUBLISH if clicked is publish else DRAFT_ANYWAY if clicked is anyway else None


class DocumentsPage(QWidget):
    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        preferences: Preferences | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._preferences = preferences
        self._task: LongTask | None = None
        self.last: list[RenderedDocument] = []
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self._versions_box())
        column.addWidget(self._maker_box())
        column.addWidget(self._records_box())
        column.addStretch(1)
        self.preview = PdfPreview()
        self.preview.setAccessibleName(_("Preview"))
        splitter = QSplitter()
        splitter.addWidget(left)
        # Until a first document is made: what is made here, and the first notice to publish.
        self.empty = EmptyOr(
            self.preview,
            EmptyState(
                _("No document shown yet"),
                _(FIRST_NOTICE_TEXT),
                _("&Publish the first notice…"),
                self.publish,
            ),
        )
        self.empty.set_empty(True)
        splitter.addWidget(self.empty)
        splitter.setSizes([520, 700])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + _("Documents") + "</h2>"))
        layout.addWidget(splitter, 1)
        self._draft = None  # the notice as the records would print it, once loaded
        context.subscribe(self, SHOWN, lambda _changes: self.refresh_versions())
        self.refresh_versions()

    # --- notice versions ---------------------------------------------------------------------

    def _versions_box(self) -> QGroupBox:
        box = QGroupBox(_("Privacy notice versions"))
        layout = QVBoxLayout(box)
        self.version_label = QLabel()
        self.version_label.setWordWrap(True)
        layout.addWidget(self.version_label)
        self.changes = QPlainTextEdit()
        self.changes.setReadOnly(True)
        self.changes.setAccessibleName(_("What the draft would change"))
        self.changes.setMaximumHeight(110)
        layout.addWidget(self.changes)
        row = QHBoxLayout()
        self.publish_button = QPushButton(_("&Publish new version…"))
        self.publish_button.clicked.connect(self.publish)
        row.addStretch(1)
        row.addWidget(self.publish_button)
        layout.addLayout(row)
        return box

    def _records_box(self) -> QGroupBox:
        """The practice's own records: the record of processing (GDPR Art. 30, PIPL Art. 56)."""
        box = QGroupBox(_("The practice's records"))
        row = QHBoxLayout(box)
        row.addWidget(QLabel(_("What the practice does with personal data, for the authority.")),
                      1)  # fmt: skip
        self.ropa_button = QPushButton(_("Record &of processing…"))
        self.ropa_button.clicked.connect(lambda: self.record_of_processing())
        row.addWidget(self.ropa_button)
        return box

    def record_of_processing(self) -> PracticeRecordDialog:
        folder = self._preferences.backup_folder if self._preferences is not None else None
        return PracticeRecordDialog.ask(
            self, self._context, document_kinds.RECORD_OF_PROCESSING.name, folder
        )

    def refresh_versions(self) -> None:
        today, lang = self._context.today(), language()
        self._context.run(
            lambda store: notices.draft_changes(store, today=today, lang=lang),
            self._show_versions,
            parent=self,
        )

    def _show_versions(self, draft) -> None:
        if draft.current is None:
            self.version_label.setText(
                _("No notice has been published yet; documents print the draft.")
            )
        else:
            self.version_label.setText(
                _("Current: version {number}, effective {date}.").format(
                    number=draft.current.number, date=day_text(draft.current.effective_on)
                )
            )
        self.changes.setPlainText(
            "\n".join(f"• {line}" for line in draft.changes)
            if draft.changed
            else _("The notice matches the records: nothing to publish.")
        )
        self.publish_button.setEnabled(draft.changed)
        self.empty.empty.button.setVisible(draft.current is None)
        self.empty.empty.text.setText(
            _(FIRST_NOTICE_TEXT if draft.current is None else MADE_HERE_TEXT)
        )
        self._draft = draft

    def publish(self) -> NoticeVersionRow | None:
        return PublishDialog.ask(self, self._context)

    # --- making documents ----------------------------------------------------------------------

    def _maker_box(self) -> QGroupBox:
        box = QGroupBox(_("Make a document"))
        self.form = FieldForm()
        self.kind = self.form.add_field("kind", _("&Document"), QComboBox())
        for kind in document_kinds.kinds_for_clients():
            self.kind.addItem(_(kind.label), kind.name)
        who = QWidget()
        who_layout = QVBoxLayout(who)
        who_layout.setContentsMargins(0, 0, 0, 0)
        self.audience = QButtonGroup(self)
        self.for_client = QRadioButton(_("One &client, reference:"))
        self.client_ref = QLineEdit()
        self.client_ref.setPlaceholderText("K7M-Q2RX")
        self.client_ref.setAccessibleName(_("Client reference"))
        client_row = QHBoxLayout()
        client_row.addWidget(self.for_client)
        client_row.addWidget(self.client_ref, 1)
        who_layout.addLayout(client_row)
        self.for_nobody = QRadioButton(_("&Generic notice / blank form"))
        self.for_all = QRadioButton(_("Every &active client"))
        who_layout.addWidget(self.for_nobody)
        who_layout.addWidget(self.for_all)
        for number, button in enumerate((self.for_client, self.for_nobody, self.for_all)):
            self.audience.addButton(button, number)
        self.for_nobody.setChecked(True)
        self.form.add_field("client", _("&For"), who)
        self.language = self.form.add_field("lang", _("&Language"), QComboBox())
        self.language.addItem(_("Each client's own language"), "")
        self.language.addItem(_("English"), "en")
        self.language.addItem(_("Simplified Chinese"), "zh")
        self.one_file_each = self.form.add_field(
            "one_file_each", _("&Files"), QCheckBox(_("One file per client (batch)"))
        )
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(_("Pre&view"))
        self.print_button = QPushButton(_("P&rint…"))
        self.save_button = QPushButton(_("&Save…"))
        set_icon(self.print_button, "print")
        set_icon(self.save_button, "save")
        for button in (self.preview_button, self.print_button, self.save_button):
            buttons.addWidget(button)
        self.preview_button.clicked.connect(lambda: self.make("preview"))
        self.print_button.clicked.connect(lambda: self.make("print"))
        self.save_button.clicked.connect(lambda: self.make("save"))
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        return box

    def prepare_for_client(self, ref: str, kind: str = document_kinds.NOTICE.name) -> None:
        self.client_ref.setText(format_reference(ref))
        self.for_client.setChecked(True)
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def _work(self, purpose: str, save_to: Path | None = None):
        """The job for the current choices: documents, and preview pictures when asked.

        With `save_to` they are written there before they are recorded (documents.save_to).
        """
        store = self._context.store
        kind = document_kinds.kind_named(self.kind.currentData())
        lang = self.language.currentData() or None
        now = self._context.now()
        audience = self.audience.checkedId()
        ref = self.client_ref.text().strip()
        one_file_each = self.one_file_each.isChecked()

        def render(progress) -> list[RenderedDocument]:
            if audience == FOR_ALL:
                try:
                    return documents.render_batch(
                        store,
                        kind,
                        one_file_per_client=one_file_each,
                        with_enclosures=True,  # what the kind declares (an update letter's)
                        lang=lang,
                        now=now,
                        progress=progress,
                        cancelled=progress.cancelled,
                        save_to=save_to,
                    )
                except BatchCancelled:
                    raise TaskCancelled() from None
            client_ref = ref if audience == FOR_CLIENT else None
            return [
                documents.render_document(
                    store, kind, client_ref, lang=lang, now=now, save_to=save_to
                )
            ]

        def work(progress):
            rendered = render(progress)
            pages = (
                render_pages(rendered[0].data, limit=PREVIEW_PAGES) if purpose == "preview" else []
            )
            return rendered, pages

        return work

    def make(self, purpose: str) -> LongTask | None:
        """Lay the documents out in the background, then preview, print or save them."""
        if self._task is not None:
            return None
        if self.audience.checkedId() == FOR_CLIENT and not self.client_ref.text().strip():
            QMessageBox.information(self, _("Documents"), _("Type the client's reference code."))
            self.client_ref.setFocus()
            return None
        if not self._draft_may_go_out(purpose):
            return None
        save_to = self._ask_where_to_save() if purpose == "save" else None
        if purpose == "save" and save_to is None:
            return None
        dialog = QProgressDialog(_("Laying out documents…"), _("Cancel"), 0, 0, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        # It records what it made: on the database worker, in order with every other write.
        task = LongTask(self._work(purpose, save_to), self, worker=self._context.worker)
        task.progressed.connect(
            lambda done, total: (dialog.setMaximum(total), dialog.setValue(done))
        )
        dialog.canceled.connect(task.cancel)
        task.succeeded.connect(self._answered(lambda result: self._finish(*result, purpose)))
        task.failed.connect(self._answered(lambda error: self._context.show_error(error, self)))
        task.cancelled.connect(
            self._answered(lambda: self.status.setText(_("Cancelled: nothing was recorded.")))
        )
        task.finished.connect(dialog.reset)
        self._task = task
        self.status.setText(_("Working…"))
        task.start()
        return task

    def _draft_may_go_out(self, purpose: str) -> bool:
        """A notice printed or saved while none is published is a draft: say so first."""
        if purpose not in ("print", "save"):
            return True
        if not document_kinds.kind_named(self.kind.currentData()).warns_as_draft:
            return True
        if self._draft is None:  # asked before the page's first load came in
            today, lang = self._context.today(), language()
            self._draft = self._context.fetch(
                lambda store: notices.draft_changes(store, today=today, lang=lang)
            )
        if self._draft.current is not None:
            return True
        choice = ask_about_draft(self, purpose)
        if choice == DRAFT_PUBLISH:
            return self.publish() is not None
        return choice == DRAFT_ANYWAY

    def _answered(self, handler: Callable[..., None]) -> Callable[..., None]:
        """`handler` for the task's answer, the page free for the next action first, in the
        same call: each slot of a signal from the worker is an event of its own, so a flag
        cleared by another slot (or by `finished`) leaves a moment where a click does nothing."""

        def handle(*answer) -> None:
            self._task = None
            handler(*answer)

        return handle

    def _finish(self, rendered: list[RenderedDocument], pages_shown, purpose: str) -> None:
        self.last = rendered
        pages = sum(document.pages for document in rendered)
        self.status.setText(
            _("{files}, {pages}, recorded as generated documents.").format(
                files=ngettext("{count} file", "{count} files", len(rendered)).format(
                    count=len(rendered)
                ),
                pages=ngettext("{count} page", "{count} pages", pages).format(count=pages),
            )
        )
        self._context.publish(Changes(documents=True))
        if purpose == "preview":
            self.empty.set_empty(False)
            self.preview.show_pages(pages_shown)
        elif purpose == "print":
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
                for document in rendered:
                    print_pdf(document.data, printer)
        elif purpose == "save":  # written before they were recorded: say where
            self._context.status_message.emit(
                ngettext("Saved {count} file.", "Saved {count} files.", len(rendered)).format(
                    count=len(rendered)
                )
            )

    def _ask_where_to_save(self) -> Path | None:
        """The file (or, for one file per client, the folder), asked before anything is made:
        a document is recorded only once its file is written."""
        if self.audience.checkedId() == FOR_ALL and self.one_file_each.isChecked():
            folder = QFileDialog.getExistingDirectory(self, _("Save documents into"))
            return Path(folder) if folder else None
        kind = document_kinds.kind_named(self.kind.currentData())
        if self.audience.checkedId() == FOR_ALL:
            about = "all"
        elif self.audience.checkedId() == FOR_CLIENT:
            about = self.client_ref.text().strip().upper()
        else:
            about = kind.nobody
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save document"), f"{kind.file_stem}-{about}.pdf", _("PDF files (*.pdf)")
        )
        return Path(path) if path else None

    def save(self, rendered: list[RenderedDocument], target: str | None = None) -> list[Path]:
        """Documents already made and recorded (after a preview) written to files, whole."""
        if len(rendered) == 1:
            path = (
                target
                or QFileDialog.getSaveFileName(
                    self, _("Save document"), rendered[0].file_name, _("PDF files (*.pdf)")
                )[0]
            )
            if not path:
                return []
            files = [(Path(path), rendered[0].data)]
        else:
            folder = target or QFileDialog.getExistingDirectory(self, _("Save documents into"))
            if not folder:
                return []
            files = [(Path(folder) / document.file_name, document.data) for document in rendered]
        try:
            written = document_files.write_all_whole(files)
        except DomainError as error:
            self._context.show_error(error, self)
            return []
        self._context.status_message.emit(
            ngettext("Saved {count} file.", "Saved {count} files.", len(written)).format(
                count=len(written)
            )
        )
        return written
