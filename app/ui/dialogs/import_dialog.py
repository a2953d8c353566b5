"""Import clients from a contacts file: the file, how it is read, which column fills which
field, the report, then the import in the background; and undoing an earlier import."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.contact_files import ENCODINGS, ContactTable, FileFormat, format_of, read_contacts
from app.domain.import_mapping import TARGET_LABELS, Target, guess_mapping
from app.services import importing
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.icons import set_icon
from app.ui.table_model import Column, RowTableModel, make_table
from app.ui.text import N_, _, error_text, moment_text, ngettext
from app.ui.worker import LongTask, TaskCancelled

PREVIEW_ROWS = 8
FORMAT_TEXT = {
    None: N_("Find out from the file"),
    FileFormat.CSV: N_("CSV or text"),
    FileFormat.XLSX: N_("Excel spreadsheet (XLSX)"),
    FileFormat.VCARD: N_("vCard (phone contacts)"),
}


@dataclass(frozen=True)
class ReportLine:
    row: int
    name: str
    why: str


REPORT_COLUMNS = (
    Column(N_("Row"), lambda line: line.row, fits=True),
    Column(N_("Name"), lambda line: line.name),
    Column(N_("Left out because"), lambda line: line.why),
)


class PreviewModel(QAbstractTableModel):
    """The first rows of the file under its own headers, as read (never translated)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table: ContactTable | None = None

    def set_table(self, table: ContactTable | None) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return min(PREVIEW_ROWS, len(self.table.rows))

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid() or self.table is None:
            return None
        return self.table.rows[index.row()][index.column()].replace("\n", " ⏎ ")

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or self.table is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.table.columns[section]
        return str(importing.row_number(self.table, section))


def file_bytes(path: Path, note: QLabel) -> bytes | None:
    """The chosen file's bytes, or None with the reason in `note` (the dialog stays open)."""
    try:
        return path.read_bytes()
    except OSError as error:
        note.setText(
            _("{file} cannot be read ({reason}).").format(file=path.name, reason=error.strerror)
        )
        return None


def preview_table(parent: QWidget) -> tuple[PreviewModel, QTableView]:
    """The file's first rows under its own headers, numbered as in the file."""
    model = PreviewModel(parent)
    view = make_table(model)
    view.verticalHeader().setVisible(True)
    view.setAccessibleName(_("The file's first rows"))
    return model, view


def mapping_box(title: str) -> tuple[QGroupBox, QFormLayout]:
    """A box for one row per column of the file, scrolled when the file has many columns."""
    box = QGroupBox(title)
    form = QFormLayout()
    holder = QWidget()
    holder.setLayout(form)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    # Long headers wrap rather than push the field lists out of sight.
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(holder)
    QVBoxLayout(box).addWidget(scroll)
    return box, form


def ask_for_file(parent: QWidget, title: str, filters: str) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(parent, title, "", filters)
    return Path(path) if path else None


class ImportDialog(QDialog):
    """Nothing is written before Import is pressed; the import is one transaction."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._data: bytes | None = None
        self._file_name = ""
        self.table: ContactTable | None = None
        self.report: importing.ImportReport | None = None
        self.result: importing.ImportResult | None = None
        self._task: LongTask | None = None
        self._checking = 0  # the newest check asked for; older answers are dropped
        self.setWindowTitle(_("Import clients"))
        self.resize(980, 700)

        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setPlaceholderText(_("A CSV, Excel or vCard file of your contacts"))
        choose = QPushButton(_("&Choose file…"))
        choose.clicked.connect(lambda: self.choose_file())
        self.format = QComboBox()
        for file_format, text in FORMAT_TEXT.items():
            self.format.addItem(_(text), file_format)
        self.encoding = QComboBox()
        self.encoding.addItem(_("Find out from the file"), None)
        for encoding in ENCODINGS:
            self.encoding.addItem(encoding, encoding)
        self.encoding.setToolTip(
            _("A short file is easily misread: if names look wrong, choose another encoding.")
        )
        self.format.activated.connect(lambda _index: self.read_again())
        self.encoding.activated.connect(lambda _index: self.read_again())
        source = QGridLayout()
        source.addWidget(QLabel(_("File")), 0, 0)
        source.addWidget(self.file, 0, 1, 1, 3)
        source.addWidget(choose, 0, 4)
        source.addWidget(QLabel(_("Format")), 1, 0)
        source.addWidget(self.format, 1, 1)
        source.addWidget(QLabel(_("Encoding")), 1, 2)
        source.addWidget(self.encoding, 1, 3)
        self.read_note = QLabel()
        self.read_note.setWordWrap(True)

        self.preview, self.preview_view = preview_table(self)
        self.mapping_box, self.mapping_form = mapping_box(_("Which column fills which field"))
        self.mapping_combos: list[QComboBox] = []

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.left_out = RowTableModel(REPORT_COLUMNS, self)
        self.left_out_view = make_table(self.left_out, stretch=2)
        self.left_out_view.setAccessibleName(_("Rows left out"))
        self.skip_problems = QCheckBox(_("Leave out the rows with problems and import the rest"))
        self.skip_problems.toggled.connect(lambda _on: self._update_buttons())
        report_box = QGroupBox(_("What the import would do"))
        report_layout = QVBoxLayout(report_box)
        report_layout.addWidget(self.summary)
        report_layout.addWidget(self.left_out_view, 1)
        report_layout.addWidget(self.skip_problems)

        middle = QHBoxLayout()
        middle.addWidget(self.mapping_box, 1)
        middle.addWidget(report_box, 1)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.import_button = QPushButton(_("&Import"))
        set_icon(self.import_button, "import")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(lambda: self.start_import())
        self.undo_button = QPushButton(_("&Undo an import…"))
        self.undo_button.clicked.connect(lambda: self.choose_undo())
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(source)
        layout.addWidget(self.read_note)
        layout.addWidget(self.preview_view, 2)
        layout.addLayout(middle, 3)
        layout.addWidget(self.progress)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self._update_buttons()

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext) -> importing.ImportResult | None:
        dialog = cls(context, parent)
        dialog.exec()
        return dialog.result

    # --- reading -----------------------------------------------------------------------

    def choose_file(self) -> None:
        path = ask_for_file(
            self,
            _("Import clients"),
            _("Contacts files (*.csv *.txt *.tsv *.xlsx *.vcf *.vcard);;All files (*)"),
        )
        if path:
            self.open_file(path)

    def open_file(self, path: Path) -> None:
        self._data = file_bytes(path, self.read_note)
        if self._data is None:
            return
        self._file_name = path.name
        self.file.setText(str(path))
        self.format.setCurrentIndex(0)
        self.encoding.setCurrentIndex(0)
        self.result = None
        self.outcome.clear()
        self.read_again()

    def read_again(self, mapping: tuple[Target, ...] | None = None) -> None:
        """Read the file as chosen (format, encoding), then report on it: on the worker."""
        if self._data is None:
            return
        data, name = self._data, self._file_name
        chosen_format = self.format.currentData() and FileFormat(self.format.currentData())
        chosen_encoding = self.encoding.currentData()
        self._checking += 1
        token = self._checking

        def work(store):
            table = read_contacts(data, chosen_format or format_of(name, data), chosen_encoding)
            used = mapping if mapping is not None else guess_mapping(table.columns)
            return table, used, importing.check_import(store, table, used)

        def failed(error: BaseException) -> None:
            if token != self._checking:
                return
            self._show_table(None, (), None)
            self.read_note.setText(error_text(error))

        self.summary.setText(_("Reading the file…"))
        self._context.run(
            work,
            lambda found: token == self._checking and self._show_table(*found),
            on_error=failed,
            parent=self,
        )

    def _show_table(self, table, mapping, report) -> None:
        self.table = table
        self.preview.set_table(table)
        if table is not None:
            self.preview_view.resizeColumnsToContents()
            self.format.setCurrentIndex(max(0, self.format.findData(table.file_format)))
            if table.file_format is FileFormat.XLSX:
                note = _("Read as a spreadsheet.")
            else:
                note = _("Read as {encoding}: if names look wrong, choose another encoding.")
            self.read_note.setText(
                note.format(encoding=table.encoding)
                + " "
                + ngettext("{count} row.", "{count} rows.", len(table.rows)).format(
                    count=f"{len(table.rows):,}"
                )
            )
        self._fill_mapping(table, mapping)
        self._show_report(report)

    def _fill_mapping(self, table: ContactTable | None, mapping) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.mapping_combos = []
        if table is None:
            return
        for number, (column, target) in enumerate(zip(table.columns, mapping, strict=True)):
            combo = QComboBox()
            for choice, text in TARGET_LABELS.items():
                combo.addItem(_(text), choice)
            combo.setCurrentIndex(combo.findData(target))
            combo.activated.connect(lambda _index: self.read_again(self.mapping()))
            sample = next((row[number] for row in table.rows if row[number]), "")
            label = QLabel()  # the file's words are text, never markup
            if sample:  # on a line of its own: a wrapped label is clipped by the form
                label.setTextFormat(Qt.TextFormat.RichText)
                label.setText(f"{escape(column)}<br><small><i>{escape(_short(sample))}</i></small>")
            else:
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setText(column)
            self.mapping_form.addRow(label, combo)
            self.mapping_combos.append(combo)

    def mapping(self) -> tuple[Target, ...]:
        # Qt hands an enum stored in a combo back as its plain string value.
        return tuple(Target(combo.currentData()) for combo in self.mapping_combos)

    def set_target(self, column: int, target: Target) -> None:
        """Choose a column's field, as a person would in its list (tests use it)."""
        combo = self.mapping_combos[column]
        combo.setCurrentIndex(combo.findData(target))
        combo.activated.emit(combo.currentIndex())

    # --- the report --------------------------------------------------------------------

    def _show_report(self, report: importing.ImportReport | None) -> None:
        self.report = report
        if report is None:
            self.summary.clear()
            self.left_out.set_rows([])
            self._update_buttons()
            return
        new, repeated, wrong = len(report.new), len(report.duplicates), len(report.problems)
        parts = [
            ngettext("{count} new client", "{count} new clients", new).format(count=f"{new:,}"),
            ngettext("{count} duplicate", "{count} duplicates", repeated).format(count=repeated),
            ngettext("{count} row with problems", "{count} rows with problems", wrong).format(
                count=wrong
            ),
        ]
        text = " · ".join(parts)
        if report.suppressed:
            text += " · " + ngettext(
                "{count} erased person left out", "{count} erased people left out",
                len(report.suppressed),
            ).format(count=len(report.suppressed))  # fmt: skip
        self.summary.setText("<b>" + text + "</b>")
        lines = [
            ReportLine(d.row, d.name, importing.duplicate_text(d, _)) for d in report.duplicates
        ] + [ReportLine(p.row, "", p.text(_)) for p in report.problems]
        self.left_out.set_rows(sorted(lines, key=lambda line: line.row))
        self.skip_problems.setVisible(bool(report.problems))
        self._update_buttons()

    def _update_buttons(self) -> None:
        report, busy = self.report, self._task is not None
        ready = (
            report is not None
            and bool(report.new)
            and (not report.problems or self.skip_problems.isChecked())
        )
        self.import_button.setEnabled(ready and not busy and self.result is None)
        self.undo_button.setEnabled(not busy)

    # --- importing ---------------------------------------------------------------------

    def start_import(self) -> LongTask | None:
        if self.table is None or self._task is not None:
            return None
        store, table, mapping = self._context.store, self.table, self.mapping()
        actor, now, skip = self._context.actor, self._context.now(), self.skip_problems.isChecked()

        def work(progress):
            try:
                return importing.import_clients(
                    store, table, mapping, actor=actor, now=now, skip_problems=skip,
                    report=progress, cancelled=progress.cancelled,
                )  # fmt: skip
            except importing.ImportCancelled:
                raise TaskCancelled() from None

        task = LongTask(work, self, worker=self._context.worker)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        task.progressed.connect(self._on_task_progressed)
        task.succeeded.connect(self._on_task_succeeded)
        task.failed.connect(lambda error: self.outcome.setText(error_text(error)))
        task.cancelled.connect(lambda: self.outcome.setText(_("Cancelled: nothing was imported.")))
        task.finished.connect(self._on_task_finished)
        self._task = task
        self.outcome.setText(_("Importing…"))
        self._update_buttons()
        task.start()
        return task

    def _on_task_progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_task_succeeded(self, result: importing.ImportResult) -> None:
        self.result = result
        self.outcome.setText(
            ngettext(
                "{count} client imported (import {batch}). You can undo this import while "
                "nothing else is recorded about them.",
                "{count} clients imported (import {batch}). You can undo this import while "
                "nothing else is recorded about them.",
                result.added,
            ).format(count=f"{result.added:,}", batch=result.batch_id)
        )
        self._context.publish(
            Changes(clients=True),
            ngettext("{count} client imported.", "{count} clients imported.", result.added).format(
                count=f"{result.added:,}"
            ),
        )

    def _on_task_finished(self) -> None:
        self._task = None
        self.progress.setVisible(False)
        self._update_buttons()

    # --- undoing -----------------------------------------------------------------------

    def choose_undo(self) -> None:
        imports = [row for row in self._context.fetch(importing.list_imports) if not row.undone_at]
        if not imports:
            QMessageBox.information(self, _("Undo an import"), _("There is no import to undo."))
            return
        labels = {
            ngettext(
                "Import {batch}, {when}: {count} client",
                "Import {batch}, {when}: {count} clients",
                row.client_count,
            ).format(batch=row.id, when=moment_text(row.imported_at), count=row.client_count): row
            for row in imports
        }
        choice, ok = QInputDialog.getItem(
            self, _("Undo an import"), _("Which import should be undone?"), list(labels), 0, False
        )
        if ok:
            self.undo(labels[choice].id)

    def undo(self, batch_id: int) -> None:
        actor = self._context.actor
        self._context.run(
            lambda store: importing.undo_import(store, batch_id, actor=actor),
            lambda removed: self.outcome.setText(
                ngettext(
                    "Import {batch} undone: {count} client removed.",
                    "Import {batch} undone: {count} clients removed.",
                    removed,
                ).format(batch=batch_id, count=removed)
            ),
            changes=Changes(clients=True),
            on_error=lambda error: self.outcome.setText(error_text(error)),
            parent=self,
        )


def _short(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
