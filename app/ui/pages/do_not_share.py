"""A vendor's do-not-share list: who refused or withdrew consent, loaded, exported, printed.

The list is loaded on the database worker (at 50,000 clients it takes about half a second),
only while its tab is in view, and dropped if another vendor was chosen meanwhile.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.pauses import PAUSED
from app.services import vendors
from app.services.integrity import ledger_heads
from app.services.rows import LedgerHeads
from app.services.vendors import DoNotShareEntry
from app.ui.context import AppContext
from app.ui.csv_export import write_csv
from app.ui.fonts import bundled_families
from app.ui.icons import set_icon
from app.ui.pages.vendor_columns import do_not_share_columns, vendor_table
from app.ui.table_model import RowTableModel
from app.ui.table_print import PrintedTable, print_table, show_progress
from app.ui.text import _, day_text, ngettext
from app.ui.worker import LongTask

PRINT_WIDTHS = (20, 11, 29, 18, 10, 12)
_UNSAFE_FILE_CHARACTERS = re.compile(r"[^\w\-]+")


class DoNotShareTab(QWidget):
    def __init__(
        self,
        context: AppContext,
        purpose_label: Callable[[str], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._vendor: tuple[int, str] | None = None  # id and name of the vendor chosen
        self.loaded_for: int | None = None  # the vendor whose list the model holds, if current
        self._token = 0
        self._heads: LedgerHeads | None = None  # read with the list, printed with it
        self._print_task: LongTask | None = None
        self._printer: QPrinter | None = None
        layout = QVBoxLayout(self)
        buttons = QHBoxLayout()
        self.export_button = QPushButton(_("E&xport CSV…"))
        self.print_button = QPushButton(_("&Print…"))
        set_icon(self.export_button, "export")
        set_icon(self.print_button, "print")
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.model = RowTableModel(do_not_share_columns(purpose_label, lambda: context.zone), self)
        self.view = vendor_table(self.model, stretch=0, name=_("Do-not-share list"))
        self.view.horizontalHeader().setResizeContentsPrecision(200)  # not all 12,000 rows
        layout.addWidget(self.view, 1)
        self.export_button.clicked.connect(self.export)
        self.print_button.clicked.connect(self.print_with_dialog)

    def choose(self, vendor_id: int | None, name: str = "") -> None:
        """The vendor shown changed (or None): the list held is no longer theirs."""
        if vendor_id is None:
            self._vendor = None
        else:
            self._vendor = (vendor_id, name)
        if self.loaded_for != vendor_id:
            self.loaded_for = None
            self.model.set_rows([])

    def forget(self) -> None:
        """The records changed: load again when next in view."""
        self.loaded_for = None

    def load_if_needed(self) -> None:
        if self._vendor is not None and self.loaded_for != self._vendor[0]:
            self.load()

    def load(self) -> None:
        """Fetch on the database worker; an answer for a vendor no longer chosen is dropped."""
        self._token += 1
        if self._vendor is None:
            self.model.set_rows([])
            self.status.clear()
            return
        token, (vendor_id, _name) = self._token, self._vendor
        self.loaded_for = vendor_id
        self.status.setText(_("Loading the do-not-share list…"))
        self.export_button.setEnabled(False)
        self.print_button.setEnabled(False)
        now = self._context.now()  # the window's clock decides which pauses hold
        self._context.run(
            lambda store: (
                vendors.do_not_share_list(store, vendor_id, now=now),
                ledger_heads(store),
            ),
            lambda loaded: self._on_loaded(token, *loaded),
            parent=self,
        )

    def _on_loaded(self, token: int, rows: list[DoNotShareEntry], heads: LedgerHeads) -> None:
        if token != self._token:
            return  # another vendor was chosen meanwhile
        self._heads = heads
        self.model.set_rows(rows)
        if rows:
            self.view.resizeColumnsToContents()
        name = self._vendor[1] if self._vendor else ""
        paused = sum(1 for row in rows if row.state == PAUSED)
        said_no = len(rows) - paused
        lines = []
        if said_no:
            lines.append(
                ngettext(
                    "{count} client refused or withdrew consent: remove them from {vendor}'s "
                    "own system, or make sure it holds nothing about them.",
                    "{count} clients refused or withdrew consent: remove them from {vendor}'s "
                    "own system, or make sure it holds nothing about them.",
                    said_no,
                ).format(count=f"{said_no:,}", vendor=name)
            )
        if paused:
            # A restriction or objection pauses a sharing: nothing new goes, nothing is erased.
            lines.append(
                ngettext(
                    "{count} sharing is paused by the client's request: send {vendor} nothing "
                    "new about them until the pause is lifted.",
                    "{count} sharings are paused by the clients' requests: send {vendor} "
                    "nothing new about them until the pauses are lifted.",
                    paused,
                ).format(count=f"{paused:,}", vendor=name)
            )
        self.status.setText(
            " ".join(lines)
            if rows
            else _("No client refused or withdrew consent for {vendor}.").format(vendor=name)
        )
        self.export_button.setEnabled(bool(rows))
        self.print_button.setEnabled(bool(rows))

    def _header(self) -> list[str]:
        return [_(column.title) for column in self.model.columns]

    def _lines(self, rows: Sequence[DoNotShareEntry]) -> list[list[str]]:
        columns = self.model.columns
        return [[str(column.value(entry) or "") for column in columns] for entry in rows]

    def file_stem(self) -> str:
        name = _UNSAFE_FILE_CHARACTERS.sub("-", self._vendor[1] if self._vendor else "")
        return f"do-not-share-{name.strip('-') or 'vendor'}-{self._context.today().isoformat()}"

    def export(self) -> None:
        """The list as shown, to a CSV file; written on the database worker, in order with the
        rest (a file write would otherwise stall the window on a slow disk)."""
        if self._vendor is None or self.loaded_for != self._vendor[0]:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = QFileDialog.getSaveFileName(
            self,
            _("Export the do-not-share list"),
            str(Path(folder) / f"{self.file_stem()}.csv"),
            _("CSV files (*.csv)"),
        )
        if not path:
            return
        target = Path(path if path.lower().endswith(".csv") else f"{path}.csv")
        header, lines = self._header(), self._lines(self.model.rows())
        self.export_button.setEnabled(False)

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            self._context.show_error(error, self)

        self._context.run(
            lambda _store: write_csv(target, header, lines),
            lambda _count: self.export_button.setEnabled(True),
            message=lambda count: ngettext(
                "Exported {count} row to {path}.", "Exported {count} rows to {path}.", count
            ).format(count=f"{count:,}", path=target),
            on_error=failed,
        )

    def _printed_table(self) -> PrintedTable:
        vendor = self._vendor[1] if self._vendor else ""
        rows = self.model.rows()
        return PrintedTable(
            title=_("Do-not-share list — {vendor}").format(vendor=vendor),
            subtitle=_(
                "Clients who refused or withdrew consent, or whose sharing is paused by their "
                "request, as of {date}: {count}. Do not send their data to {vendor}; remove "
                "what it holds about those who said no."
            ).format(date=day_text(self._context.today()), count=f"{len(rows):,}", vendor=vendor),
            header=tuple(self._header()),
            lines=self._lines(rows),
            widths=PRINT_WIDTHS,
            footer=_("Page {page} of {pages}"),
            proof=self._proof(),
        )

    def _proof(self) -> str:
        """The ledgers' ends when the list was read: a later cut or rewrite shows against it."""
        heads = self._heads
        if heads is None:
            return ""
        return _(
            "Records as printed: consent ledger {events} entries, ending {consent}; "
            "audit log {entries} entries, ending {audit}."
        ).format(
            events=f"{heads.consent_events:,}",
            consent=heads.consent_last_hash[:16] or "—",
            entries=f"{heads.audit_entries:,}",
            audit=heads.audit_last_hash[:16] or "—",
        )

    def print_list(self, printer: QPrinter) -> int:
        """Print the list as shown, here and now (no dialog); returns the number of pages."""
        printer.setDocName(self.file_stem())
        return print_table(printer, self._printed_table())

    def start_printing(self, printer: QPrinter) -> LongTask:
        """Print off the GUI thread with progress and a cancel button (thousands of rows).

        Its own thread, not the database worker's: it prints rows already loaded."""
        printer.setDocName(self.file_stem())
        table = self._printed_table()
        bundled_families()  # registered here, on the GUI thread, before the task prints
        task = LongTask(lambda progress: print_table(printer, table, progress))
        dialog = QProgressDialog(_("Printing the do-not-share list…"), _("Cancel"), 0, 0, self)
        dialog.setWindowTitle(_("Printing"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        task.progressed.connect(lambda done, total: show_progress(dialog, done, total))
        dialog.canceled.connect(task.cancel)
        task.succeeded.connect(
            lambda pages: self._context.status_message.emit(
                ngettext(
                    "Printed the do-not-share list ({pages} page).",
                    "Printed the do-not-share list ({pages} pages).",
                    pages,
                ).format(pages=pages)
            )
        )
        task.failed.connect(lambda error: self._context.show_error(error, self))
        task.cancelled.connect(lambda: self._context.status_message.emit(_("Printing cancelled.")))
        task.finished.connect(dialog.reset)
        task.finished.connect(dialog.deleteLater)
        task.finished.connect(lambda: self.print_button.setEnabled(True))
        task.finished.connect(lambda: setattr(self, "_printer", None))
        self._printer = printer  # kept alive until the task is done
        self._print_task = task
        self.print_button.setEnabled(False)
        task.start()
        return task

    def print_with_dialog(self) -> None:
        if self._vendor is None or not self.model.rowCount():
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the do-not-share list"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start_printing(printer)
