"""Consents collected on paper, brought in from a list: the file, which column holds what,
the report row by row, then every answer recorded at once. Nothing is written before Record
is pressed, and the answers then join the consent history for good (it is append-only)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.contact_files import ENCODINGS, ContactTable, FileFormat, format_of, read_contacts
from app.domain.paper_consents import COLUMN_LABELS, ConsentColumn, guess_columns
from app.services import paper_consents
from app.services.errors import InvalidInput
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.dialogs.import_dialog import (
    ReportLine,
    ask_for_file,
    file_bytes,
    mapping_box,
    preview_table,
)
from app.ui.table_model import Column, RowTableModel, make_table
from app.ui.text import N_, _, error_text, ngettext

# A row names no one by name (a code or an email), so the report shows the row and why.
PROBLEM_COLUMNS = (
    Column(N_("Row"), lambda line: line.row, fits=True),
    Column(N_("Left out because"), lambda line: line.why, tooltip=lambda line: line.why),
)


class PaperConsentDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._data: bytes | None = None
        self._path: Path | None = None
        self._checking = 0  # the newest check asked for; older answers are dropped
        self.table: ContactTable | None = None
        self.report: paper_consents.PaperConsentReport | None = None
        self.result: paper_consents.PaperConsentResult | None = None
        self.setWindowTitle(_("Import consents collected on paper"))
        self.resize(900, 640)

        explanation = QLabel(
            _(
                "A list with one row per answer: the client (reference code or email), the "
                "vendor, the purpose where the vendor has several, the date the form was signed "
                "and the answer (yes or no). Keep the signed forms: the list is kept as the "
                "evidence of each answer."
            )
        )
        explanation.setWordWrap(True)
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        self.file.setPlaceholderText(_("A CSV or Excel list"))
        choose = QPushButton(_("&Choose file…"))
        choose.clicked.connect(lambda: self.choose_file())
        self.encoding = QComboBox()
        self.encoding.addItem(_("Find out from the file"), None)
        for encoding in ENCODINGS:
            self.encoding.addItem(encoding, encoding)
        self.encoding.activated.connect(lambda _index: self.read_again())
        source = QHBoxLayout()
        source.addWidget(QLabel(_("File")))
        source.addWidget(self.file, 1)
        source.addWidget(choose)
        source.addWidget(QLabel(_("Encoding")))
        source.addWidget(self.encoding)
        self.read_note = QLabel()
        self.read_note.setWordWrap(True)
        self.preview, self.preview_view = preview_table(self)
        self.mapping_box, self.mapping_form = mapping_box(_("Which column holds what"))
        self.mapping_combos: list[QComboBox] = []
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = RowTableModel(PROBLEM_COLUMNS, self)
        self.problems_view = make_table(self.problems, stretch=1)
        self.problems_view.setAccessibleName(_("Rows with problems"))
        self.skip_problems = QCheckBox(_("Leave out the rows with problems and record the rest"))
        self.skip_problems.toggled.connect(lambda _on: self._update_buttons())
        report_box = QGroupBox(_("What would be recorded"))
        report_layout = QVBoxLayout(report_box)
        report_layout.addWidget(self.summary)
        report_layout.addWidget(self.problems_view, 1)
        report_layout.addWidget(self.skip_problems)
        middle = QHBoxLayout()
        middle.addWidget(self.mapping_box, 1)
        middle.addWidget(report_box, 2)

        self.outcome = QLabel(_("Recorded answers join the consent history for good: check first."))
        self.outcome.setWordWrap(True)
        self.record_button = QPushButton(_("&Record the answers"))
        self.record_button.setDefault(True)
        self.record_button.clicked.connect(lambda: self.record())
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.outcome, 1)
        buttons.addWidget(self.record_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addLayout(source)
        layout.addWidget(self.read_note)
        layout.addWidget(self.preview_view, 2)
        layout.addLayout(middle, 3)
        layout.addLayout(buttons)
        self._update_buttons()

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext) -> None:
        cls(context, parent).exec()

    def choose_file(self) -> None:
        path = ask_for_file(
            self,
            _("Import consents collected on paper"),
            _("Lists (*.csv *.txt *.tsv *.xlsx);;All files (*)"),
        )
        if path:
            self.open_file(path)

    def open_file(self, path: Path) -> None:
        self._data = file_bytes(path, self.read_note)
        if self._data is None:
            return
        self._path = path
        self.file.setText(str(path))
        self.encoding.setCurrentIndex(0)
        self.result = None
        self.read_again()

    def read_again(self, mapping: tuple[ConsentColumn, ...] | None = None) -> None:
        """Read the list, then check every row against the records: on the worker."""
        if self._data is None or self._path is None:
            return
        data, name, encoding = self._data, self._path.name, self.encoding.currentData()
        now = self._context.now()
        self._checking += 1
        token = self._checking

        def work(store):
            file_format = format_of(name, data)
            if file_format is FileFormat.VCARD:
                file_format = FileFormat.CSV  # a list is a table; a vCard is read as text
            table = read_contacts(data, file_format, encoding)
            used = mapping if mapping is not None else guess_columns(table.columns)
            try:
                report = paper_consents.check_paper_consents(store, table, used, now=now)
            except InvalidInput as missing:  # a column to choose: the list is still shown
                return table, used, None, missing
            return table, used, report, None

        def failed(error: BaseException) -> None:
            if token == self._checking:
                self._show(None, (), None, error)

        self.summary.setText(_("Reading the file…"))
        self._context.run(
            work,
            lambda found: token == self._checking and self._show(*found),
            on_error=failed,
            parent=self,
        )

    def _show(self, table, mapping, report, problem: BaseException | None) -> None:
        if table is not self.table:
            self.table = table
            self.preview.set_table(table)
            self.preview_view.resizeColumnsToContents()
            if table is not None:
                rows = ngettext("{count} row.", "{count} rows.", len(table.rows))
                self.read_note.setText(rows.format(count=f"{len(table.rows):,}"))
            self._fill_mapping(table, mapping)
        self.report = report
        self.problems.set_rows(
            [ReportLine(p.row, "", p.text(_)) for p in report.problems] if report else []
        )
        if report is not None:
            answers = ngettext("{count} answer", "{count} answers", len(report.answers))
            clients = ngettext("of {count} client", "of {count} clients", report.clients)
            wrong = ngettext(
                "{count} row with problems", "{count} rows with problems", len(report.problems)
            )
            parts = [
                answers.format(count=f"{len(report.answers):,}")
                + " "
                + clients.format(count=f"{report.clients:,}"),
                wrong.format(count=len(report.problems)),
            ]
            if report.already:
                parts.append(
                    ngettext(
                        "{count} already on record, left out",
                        "{count} already on record, left out",
                        len(report.already),
                    ).format(count=len(report.already))
                )
            self.summary.setText("<b>" + " · ".join(parts) + "</b>")
            self.skip_problems.setVisible(bool(report.problems))
        else:
            self.summary.setText(error_text(problem) if problem else "")
            self.skip_problems.setVisible(False)
        self._update_buttons()

    def _fill_mapping(self, table: ContactTable | None, mapping) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.mapping_combos = []
        for column, kind in zip(table.columns if table else (), mapping, strict=False):
            combo = QComboBox()
            # As wide as the box allows (the scroll area does not scroll sideways).
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            for choice, text in COLUMN_LABELS.items():
                combo.addItem(_(text), choice)
            combo.setCurrentIndex(combo.findData(kind))
            combo.activated.connect(lambda _index: self.read_again(self.mapping()))
            label = QLabel(column)
            label.setWordWrap(True)
            self.mapping_form.addRow(label, combo)
            self.mapping_combos.append(combo)

    def mapping(self) -> tuple[ConsentColumn, ...]:
        # Qt hands an enum stored in a combo back as its plain string value.
        return tuple(ConsentColumn(combo.currentData()) for combo in self.mapping_combos)

    def set_column(self, column: int, kind: ConsentColumn) -> None:
        """Choose what a column holds, as a person would in its list (tests use it)."""
        combo = self.mapping_combos[column]
        combo.setCurrentIndex(combo.findData(kind))
        combo.activated.emit(combo.currentIndex())

    def _update_buttons(self) -> None:
        report = self.report
        ready = (
            report is not None
            and bool(report.answers)
            and (not report.problems or self.skip_problems.isChecked())
        )
        self.record_button.setEnabled(ready and self.result is None)

    def record(self) -> None:
        if self.table is None or self._data is None or self._path is None:
            return
        table, mapping, data, suffix = self.table, self.mapping(), self._data, self._path.suffix
        actor, skip = self._context.actor, self.skip_problems.isChecked()
        self.record_button.setEnabled(False)

        def recorded(result: paper_consents.PaperConsentResult) -> None:
            self.result = result
            self.outcome.setText(
                ngettext(
                    "{count} answer recorded on the paper channel, with the list as evidence.",
                    "{count} answers recorded on the paper channel, with the list as evidence.",
                    result.recorded,
                ).format(count=f"{result.recorded:,}")
            )
            self._update_buttons()

        def refused(error: BaseException) -> None:
            self.outcome.setText(error_text(error))
            self._update_buttons()

        self._context.run(
            lambda store: paper_consents.record_paper_consents(
                store, table, mapping, data, suffix, actor=actor, skip_problems=skip
            ),
            recorded,
            changes=Changes(clients=True),
            on_error=refused,
            parent=self,
        )
