"""The client page's "Copy of their data…": where to save the client's access package, then the
package made on the database worker with progress and a cancel, like an incident's letters.

It is written whole and only then recorded as generated; a cancel or a failure leaves no
file and no record.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QPushButton, QWidget

from app.services.rows import ClientDetail
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.text import _, ngettext
from app.ui.worker import LongTask, TaskCancelled

if TYPE_CHECKING:  # ReportLab comes with it (0.3-0.5 s): loaded when a package is made
    from app.services.access_export import AccessPackage


class AccessPackageSave(QObject):
    """One save of one client's package; `ended` says how it ended, in words."""

    ended = Signal(str)  # what the status line says: written, cancelled, or ""

    def __init__(self, context: AppContext, parent: QWidget, ref: str, name: str) -> None:
        super().__init__(parent)
        self._context = context
        self._parent = parent
        self.ref = ref
        self.name = name
        self.task: LongTask | None = None
        self.made: AccessPackage | None = None

    def ask_where(self) -> Path | None:
        from app.services.access_export import package_name

        suggested = f"{package_name(self.ref, self._context.today())}.zip"
        path, _filter = QFileDialog.getSaveFileName(
            self._parent,
            _("Save a copy of {name}'s data").format(name=self.name),
            suggested,
            _("Zip files (*.zip)"),
        )
        return Path(path) if path else None

    def start(self, target: Path) -> LongTask:
        store, ref, now = self._context.store, self.ref, self._context.now()

        def work(progress):
            from app.services.access_export import export_access_package
            from app.services.documents import BatchCancelled

            try:
                return export_access_package(
                    store, ref, save_to=target, now=now, progress=progress,
                    cancelled=progress.cancelled,
                )  # fmt: skip
            except BatchCancelled:
                raise TaskCancelled() from None

        dialog = QProgressDialog(
            _("Gathering the data of {name}…").format(name=self.name), _("Cancel"), 0, 0,
            self._parent,
        )  # fmt: skip
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        task = LongTask(work, self, worker=self._context.worker)
        task.progressed.connect(
            lambda done, total: (dialog.setMaximum(total), dialog.setValue(done))
        )
        dialog.canceled.connect(task.cancel)
        task.succeeded.connect(lambda made: self._succeeded(made, target))
        task.failed.connect(self._failed)
        task.cancelled.connect(
            lambda: self.ended.emit(_("Cancelled: no package was made or recorded."))
        )
        task.finished.connect(dialog.reset)
        self.task = task
        task.start()
        return task

    def _succeeded(self, made: AccessPackage, target: Path) -> None:
        self.made = made
        files = ngettext("{count} file", "{count} files", len(made.files)).format(
            count=len(made.files)
        )
        message = _("The copy of {name}'s data ({files}) was saved to {path}.").format(
            name=self.name, files=files, path=str(target)
        )
        self._context.publish(Changes(documents=True), message)
        self.ended.emit(message)

    def _failed(self, error: BaseException) -> None:
        self.ended.emit("")
        self._context.show_error(error, self._parent)


def save_copy_of_data(
    parent: QWidget, context: AppContext, ref: str, name: str, target: Path | None = None
) -> AccessPackageSave | None:
    """Ask where (unless `target` is given), then make and save the package; None when the
    person chose no file."""
    save = AccessPackageSave(context, parent, ref, name)
    target = target or save.ask_where()
    if target is None:
        save.deleteLater()
        return None
    if target.suffix.lower() != ".zip":
        target = target.with_name(target.name + ".zip")
    save.start(target)
    return save


class CopyOfDataButton(QPushButton):
    """The client page's "Copy of their data…", for the client it shows (none: disabled)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Copy of their da&ta…"), parent)
        self._context = context
        self.client: ClientDetail | None = None
        self.saved: AccessPackageSave | None = None  # the latest save, for its answer
        self.setToolTip(
            _("Everything held about this client, for their access or portability request")
        )
        self.clicked.connect(lambda: self.save_to())
        self.show_client(None)

    def show_client(self, detail: ClientDetail | None) -> None:
        self.client = detail
        self.setEnabled(detail is not None)

    def save_to(self, target: Path | None = None) -> AccessPackageSave | None:
        """Asked where (unless `target`), then made on the database worker."""
        if self.client is None:
            return None
        row = self.client.row
        self.saved = save_copy_of_data(self.window(), self._context, row.ref, row.name, target)
        return self.saved
