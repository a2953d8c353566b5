"""Settings: the practice profile, automatic backups with back up and restore, the language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError
from app.domain.holiday_parts import holiday_part, part_names
from app.domain.rulesets import RULE_SETS, RuleSet, every_rule_set
from app.services import backups, practice
from app.services.errors import InvalidInput
from app.services.rows import PracticeProfile
from app.ui.changes import EVERYTHING, Changes
from app.ui.context import AppContext
from app.ui.dialogs.client_dialog import country_combo
from app.ui.dialogs.vendor_dialog import country_names
from app.ui.forms import ERROR_STYLE, FieldForm
from app.ui.icons import set_icon
from app.ui.pages import carried_backups
from app.ui.pages.settings_security import SecuritySection
from app.ui.preferences import Preferences
from app.ui.text import N_, _, error_text, language, moment_text
from app.ui.worker import LongTask

TEXT_FIELDS = (
    ("name", N_("Practice &name")),
    ("email", N_("&Email")),
    ("phone", N_("&Phone")),
    ("website", N_("&Website")),
    ("online_optout_url", N_("&Online opt-out address")),
    ("privacy_contact", N_("Privacy &contact")),
    ("supervisory_authority", N_("Supervisory &authority")),
    ("city", N_("&Town or city")),
    ("postal_code", N_("P&ostal code")),
    ("region", N_("&Region or state")),
)


def restore_question(path: str, preview: backups.RestorePreview) -> str:
    """The restore question: the backup's date, and what recorded since then would be lost."""
    lines = [_("Replace all current data with the backup {name}?").format(name=path)]
    if preview.made_at is not None:
        lines.append(
            _("The backup was made on {moment}.").format(moment=moment_text(preview.made_at))
        )
    else:
        lines.append(_("The backup holds no records, so it has no date."))
    now, then = preview.current_newest_change, preview.backup_newest_change
    if now is not None and (then is None or now > then):
        lines.append(
            _(
                "Lost by restoring, recorded since then: clients added: {clients}; consent "
                "answers: {consents}; opt-out requests: {optouts}. The newest change in the "
                "current data is from {moment}."
            ).format(
                clients=preview.clients_added,
                consents=preview.consent_answers_recorded,
                optouts=preview.optouts_logged,
                moment=moment_text(now),
            )
        )
    else:
        lines.append(_("Nothing in the current data is newer than the backup."))
    lines.append(_("The current data is kept as a copy in the backups folder first."))
    return "\n\n".join(lines)


class SettingsPage(QWidget):
    restore_finished = Signal()

    def __init__(
        self, context: AppContext, preferences: Preferences, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._preferences = preferences
        self._task: LongTask | None = None
        self._sized = False  # the part of the country's box, once the profile is in
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self._profile_box())
        column.addWidget(self._backup_box())
        column.addWidget(self._language_box())
        self.security = SecuritySection(context)
        column.addWidget(self.security)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + _("Settings") + "</h2>"))
        layout.addWidget(scroll, 1)
        self.load()

    # --- the practice profile -------------------------------------------------------------

    def _profile_box(self) -> QGroupBox:
        box = QGroupBox(_("Practice profile"))
        self.form = FieldForm()
        self.fields: dict[str, QLineEdit] = {}
        for key, label in TEXT_FIELDS[:7]:
            self.fields[key] = self.form.add_field(key, _(label), QLineEdit())
        self.street = self.form.add_field("street", _("&Street"), QPlainTextEdit())
        self.street.setTabChangesFocus(True)
        self.street.setFixedHeight(52)
        for key, label in TEXT_FIELDS[7:]:
            self.fields[key] = self.form.add_field(key, _(label), QLineEdit())
        self.country = self.form.add_field("country_code", _("Co&untry"), country_combo())
        rules = QWidget()
        rules_row = QHBoxLayout(rules)
        rules_row.setContentsMargins(0, 0, 0, 0)
        # One box per rule set a practice can tick, named as the rule set names itself.
        self.jurisdictions: dict[str, QCheckBox] = {}
        for rule in RULE_SETS.values():
            box_ = QCheckBox(_(rule.title))
            self.jurisdictions[rule.key] = box_
            box_.toggled.connect(lambda _on: self._show_rule_settings())
            rules_row.addWidget(box_)
        rules_row.addStretch(1)
        self.form.add_field("jurisdictions", _("Rules that &apply"), rules)
        self.holiday_country = self.form.add_field(
            "holiday_country", _("Public &holidays of"), country_combo()
        )
        # Where a country's parts keep different holidays (England and Scotland, the German
        # Länder, US states), which part's count; told from the address where it is certain.
        self.holiday_part = self.form.add_field(
            "holiday_subdivision", _("Part of the countr&y"), QComboBox()
        )
        self.calendar_in_use = QLabel()
        self.calendar_in_use.setWordWrap(True)
        self.calendar_in_use.setAccessibleName(_("Holidays counted"))
        self.form.addRow("", self.calendar_in_use)
        self.closed_days = self.form.add_field("closed_days", _("E&xtra closed days"), QLineEdit())
        self.closed_days.setPlaceholderText(_("YYYY-MM-DD, separated by commas"))
        # The settings each rule set declares (the promise's first: it is always on), with
        # its labels and bounds; a ticked rule set's show while it is ticked.
        self.rule_settings: dict[str, tuple[RuleSet, QSpinBox]] = {}
        for rule in every_rule_set():
            for setting in rule.settings:
                spin = self.form.add_field(setting.field, _(setting.label), QSpinBox())
                spin.setRange(setting.low, setting.high)
                self.rule_settings[setting.field] = (rule, spin)
        self.default_language = self.form.add_field(
            "default_language", _("&Default language for clients"), QComboBox()
        )
        self.default_language.addItem(_("English"), "en")
        self.default_language.addItem(_("Simplified Chinese"), "zh")
        self.paper_size = self.form.add_field("paper_size", _("Pa&per size"), QComboBox())
        self.paper_size.addItem("A4", "A4")
        self.paper_size.addItem(_("US Letter"), "Letter")
        self.save_button = QPushButton(_("&Save profile"))
        self.save_button.clicked.connect(self.save)
        set_icon(self.save_button, "save")
        self.revert_button = QPushButton(_("Re&vert"))
        self.revert_button.clicked.connect(self.load)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(box)
        layout.addLayout(self.form)
        layout.addLayout(buttons)
        self.holiday_part.currentIndexChanged.connect(lambda _i: self._show_calendar_in_use())
        for combo in (self.holiday_country, self.country):
            combo.currentIndexChanged.connect(lambda _i: self._update_holiday_parts())
        for key in ("region", "postal_code", "city"):
            self.fields[key].textChanged.connect(lambda _t: self._update_holiday_parts())
        return box

    def load(self, then: Callable[[], None] | None = None) -> None:
        """Read the profile on the database worker, then show it; `then()` after that."""

        def show(profile: PracticeProfile) -> None:
            self._show_profile(profile)
            if then is not None:
                then()

        self._context.run(practice.get_practice, show, parent=self)

    def _show_profile(self, profile: PracticeProfile) -> None:
        for key, widget in self.fields.items():
            widget.setText(getattr(profile, key))
        default = practice.default_authority(profile, language())
        self.fields["supervisory_authority"].setPlaceholderText(
            _("Empty: {authority}").format(authority=default) if default else ""
        )
        self.street.setPlainText(profile.street)
        self.country.setCurrentIndex(max(0, self.country.findData(profile.country_code)))
        for key, box in self.jurisdictions.items():
            box.setChecked(key in profile.jurisdictions)
        self.holiday_country.setCurrentIndex(
            max(0, self.holiday_country.findData(profile.holiday_country))
        )
        self._update_holiday_parts(profile.holiday_subdivision)
        if not self._sized:
            self._size_part_to_first_profile()
        self.closed_days.setText(", ".join(day.isoformat() for day in profile.closed_days))
        for field, (_rule, spin) in self.rule_settings.items():
            spin.setValue(profile.setting(field))
        self._show_rule_settings()
        self.default_language.setCurrentIndex(
            max(0, self.default_language.findData(profile.default_language))
        )
        self.paper_size.setCurrentIndex(max(0, self.paper_size.findData(profile.paper_size)))
        self.form.clear_errors()

    def changes(self) -> dict[str, object]:
        values: dict[str, object] = {key: widget.text() for key, widget in self.fields.items()}
        values.update(
            street=self.street.toPlainText(),
            country_code=self.country.currentData() or "",
            jurisdictions=",".join(
                key for key, box in self.jurisdictions.items() if box.isChecked()
            ),
            holiday_country=self.holiday_country.currentData() or "",
            holiday_subdivision=self.holiday_part.currentData() or "",
            closed_days=self.closed_days.text(),
            **{field: spin.value() for field, (_rule, spin) in self.rule_settings.items()},
            default_language=self.default_language.currentData(),
            paper_size=self.paper_size.currentData(),
        )
        return values

    def _show_rule_settings(self) -> None:
        """A rule set's settings while it is ticked; the promise's always."""
        for rule, spin in self.rule_settings.values():
            box = self.jurisdictions.get(rule.key)
            # The row is the field's holder (FieldForm wraps each field with its error line).
            self.form.setRowVisible(spin.parentWidget(), box is None or box.isChecked())

    def _size_part_to_first_profile(self) -> None:
        """The part's box as wide as its items for the profile first shown, then fixed there
        as Qt fixes a box at its first showing: the profile comes from the worker after the
        page may already be on screen, sized for the empty box."""
        self._sized = True
        box = self.holiday_part
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        box.sizeHint()  # measured now, and kept
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContentsOnFirstShow)
        box.updateGeometry()

    def _update_holiday_parts(self, chosen: str | None = None) -> None:
        """The parts of the holiday country, and in words whose holidays deadlines skip."""
        if chosen is None:
            chosen = self.holiday_part.currentData() or ""
        holiday_country = self.holiday_country.currentData() or ""
        parts = sorted(part_names(holiday_country).items(), key=lambda item: item[1])
        from_address = self._part_from_address()
        names = dict(parts)
        self.holiday_part.blockSignals(True)
        self.holiday_part.clear()
        if from_address:
            first = _("{part}, from the address").format(part=names.get(from_address))
        else:
            first = _("Choose the part whose holidays apply") if parts else _("The whole country")
        self.holiday_part.addItem(first, "")
        for code, name in parts:
            self.holiday_part.addItem(name, code)
        self.holiday_part.setCurrentIndex(max(0, self.holiday_part.findData(chosen)))
        self.holiday_part.setEnabled(bool(parts))
        self.holiday_part.blockSignals(False)
        self._show_calendar_in_use()

    def _part_from_address(self) -> str:
        """The part of the country the address typed in is certainly in ("" when unsure)."""
        return holiday_part(
            self.holiday_country.currentData() or "",
            "",
            country=self.country.currentData() or "",
            region=self.fields["region"].text(),
            postal_code=self.fields["postal_code"].text(),
            city=self.fields["city"].text(),
        )

    def _show_calendar_in_use(self) -> None:
        holiday_country = self.holiday_country.currentData() or ""
        names = part_names(holiday_country)
        part = self.holiday_part.currentData() or self._part_from_address()
        place = names.get(part) or country_names([holiday_country]) if holiday_country else "—"
        text = _("Deadlines skip weekends and the public holidays of {place}.").format(place=place)
        needs_choice = bool(names) and not part
        if needs_choice:
            text += " " + _(
                "Its parts keep different holidays: choose yours, or only the holidays common "
                "to the whole country are skipped."
            )
        self.calendar_in_use.setText(text)
        self.calendar_in_use.setStyleSheet(ERROR_STYLE if needs_choice else "")

    def save(self, then: Callable[[bool], None] | None = None) -> None:
        """Save on the database worker; `then(saved)` once it is known (tests wait on it)."""
        changes, actor, now = self.changes(), self._context.actor, self._context.now()
        finish = then or (lambda _saved: None)
        self.save_button.setEnabled(False)

        def refused(error: BaseException) -> None:
            self.save_button.setEnabled(True)
            if isinstance(error, InvalidInput):
                unplaced = self.form.show_errors(error, fallback="street")
                if unplaced:
                    QMessageBox.warning(self, _("Practice profile"), "\n".join(unplaced))
            elif isinstance(error, DomainError):
                self.form.clear_errors()
                QMessageBox.warning(self, _("Practice profile"), error_text(error))
            else:
                self._context.show_error(error, self)
            finish(False)

        def saved(_result) -> None:
            self.save_button.setEnabled(True)
            # As stored: a web address with its https://, tidied lines, no errors.
            self.load(then=lambda: finish(True))

        self._context.run(
            lambda store: practice.update_practice(store, changes, actor=actor, now=now),
            saved,
            changes=Changes(practice=True),
            message=_("Practice profile saved."),
            on_error=refused,
        )

    # --- backups --------------------------------------------------------------------------

    def _backup_box(self) -> QGroupBox:
        box = QGroupBox(_("Backups"))
        form = FieldForm()
        self.automatic = form.add_field(
            "automatic",
            _("Back up &automatically"),
            QCheckBox(_("once a day, when the window opens")),
        )
        folder_row = QWidget()
        folder_layout = QHBoxLayout(folder_row)
        folder_layout.setContentsMargins(0, 0, 0, 0)
        self.backup_folder = QLineEdit()
        self.backup_folder.setAccessibleName(_("Backup folder"))
        browse = QPushButton(_("&Browse…"))
        browse.clicked.connect(self._choose_backup_folder)
        folder_layout.addWidget(self.backup_folder, 1)
        folder_layout.addWidget(browse)
        form.add_field("backup_folder", _("Backup &folder"), folder_row)
        self.backup_folder.setAccessibleName(_("Backup folder"))
        self.backups_kept = form.add_field("backups_kept", _("Backups &kept"), QSpinBox())
        self.backups_kept.setRange(1, 365)
        self.backup_status = QLabel()
        self.backup_status.setWordWrap(True)
        self.backup_button = QPushButton(_("&Back up now"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(_("&Restore from a backup…"))
        self.restore_button.clicked.connect(self.restore)
        self.open_folder_button = QPushButton(_("Open the backup folder"))
        self.open_folder_button.clicked.connect(self.open_backup_folder)
        self.export_button = QPushButton(_("E&xport for another computer…"))
        self.export_button.clicked.connect(lambda: self.export_for_another_computer())
        set_icon(self.export_button, "export")
        self._last_backup: Path | None = None
        save = QPushButton(_("Save backup settings"))
        save.clicked.connect(self.save_backup_settings)
        set_icon(save, "save")
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.open_folder_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(save)
        layout = QVBoxLayout(box)
        layout.addLayout(form)
        layout.addWidget(self.backup_status)
        layout.addLayout(buttons)
        self.automatic.setChecked(self._preferences.automatic_backups)
        self.backup_folder.setText(str(self._preferences.backup_folder))
        self.backups_kept.setValue(self._preferences.backups_kept)
        return box

    def _choose_backup_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, _("Backup folder"), self.backup_folder.text()
        )
        if folder:
            self.backup_folder.setText(folder)

    def save_backup_settings(self) -> None:
        self._preferences.automatic_backups = self.automatic.isChecked()
        self._preferences.backup_folder = self.backup_folder.text().strip() or str(
            self._context.store.paths.backups
        )
        self._preferences.backups_kept = self.backups_kept.value()
        self._preferences.sync()
        self._context.status_message.emit(_("Backup settings saved."))

    def back_up_now(self) -> LongTask:
        """Copies the database off the GUI thread; the window stays usable meanwhile."""
        self.save_backup_settings()
        folder = self._preferences.backup_folder
        keep = self._preferences.backups_kept
        store = self._context.store
        self.backup_button.setEnabled(False)
        self.backup_status.setText(_("Backing up…"))
        # Read on the database worker, in order with the writes: a backup is one moment's file.
        task = LongTask(
            lambda _progress: backups.automatic_backup(store, folder=folder, keep=keep),
            worker=self._context.worker,
        )
        task.succeeded.connect(self._on_backup_succeeded)
        task.failed.connect(self._on_backup_failed)
        task.finished.connect(lambda: self.backup_button.setEnabled(True))
        self._task = task
        task.start()
        return task

    def _on_backup_succeeded(self, path: Path) -> None:
        # Said where it is read: here, and in the status bar when the toolbar started it.
        self._last_backup = path
        self.backup_status.setText(_("Backed up to {path}").format(path=path))
        self._context.status_message.emit(_("Backed up to {path}").format(path=path))

    def open_backup_folder(self) -> None:
        """The folder of the last backup made here, or the folder backups go to."""
        folder = self._last_backup.parent if self._last_backup else Path(self.backup_folder.text())
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _on_backup_failed(self, error: BaseException) -> None:
        self.backup_status.setText(_("The backup failed."))
        self._context.show_error(error, self)

    def export_for_another_computer(self, target: Path | None = None) -> LongTask | None:
        """The encrypted backup and its key file, written on the database worker."""
        target = target or carried_backups.ask_export_target(self, self._context.today())
        if target is None:
            return None
        store = self._context.store
        self.export_button.setEnabled(False)
        self.backup_status.setText(_("Exporting…"))
        task = LongTask(
            lambda _progress: backups.export_for_another_computer(store, target),
            worker=self._context.worker,
        )
        task.succeeded.connect(self._on_exported)
        task.failed.connect(self._on_export_failed)
        task.finished.connect(lambda: self.export_button.setEnabled(True))
        self._task = task
        task.start()
        return task

    def _on_exported(self, carried: backups.CarriedBackup) -> None:
        self._last_backup = carried.backup
        self.backup_status.setText(carried_backups.what_to_carry(carried))
        self._context.status_message.emit(carried_backups.what_to_carry(carried))

    def _on_export_failed(self, error: BaseException) -> None:
        self.backup_status.setText(_("The backup for another computer was not made."))
        self._context.refusal_in(self, _("Export for another computer"))(error)

    def restore(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Restore from a backup"),
            str(self._preferences.backup_folder),
            _("Privacy Desk backups (*.sqlite3)"),
        )
        if path:
            self.restore_from(path, confirm=True)

    def restore_from(self, path: str, *, confirm: bool, passphrase: str | None = None) -> bool:
        """Replace the records with the backup's, on the database worker; False if it did
        not start. `restore_finished` says when it is done (the pages then reload).

        A backup carried from another computer asks that practice's recovery passphrase
        (`passphrase`, once given) before anything is replaced."""
        if self._context.worker.busy or LongTask.running:
            # Work already under way would write into the restored file with stale ids.
            QMessageBox.information(
                self,
                _("Restore from a backup"),
                _("Wait until the work in progress (a backup, a batch of documents) has finished."),
            )
            return False
        if confirm:
            try:
                preview = self._context.fetch(
                    lambda store: backups.restore_preview(store, Path(path), passphrase=passphrase)
                )
            except DomainError as error:
                problem = carried_backups.passphrase_problem(error, passphrase)
                if problem is None:
                    QMessageBox.warning(self, _("Restore from a backup"), error_text(error))
                    return False
                typed = carried_backups.ask_backup_passphrase(self, Path(path), problem)
                return typed is not None and self.restore_from(path, confirm=True, passphrase=typed)
            answer = QMessageBox.question(
                self,
                _("Restore from a backup"),
                restore_question(path, preview),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,  # replacing everything is never the default
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False

        def restored(safety: Path) -> None:
            self.backup_status.setText(
                _("Restored. The data it replaced is kept in {path}").format(path=safety)
            )
            self.load()
            QTimer.singleShot(0, self.restore_finished.emit)  # after the change is published

        def refused(error: BaseException) -> None:
            problem = carried_backups.passphrase_problem(error, passphrase)
            if problem is None:
                self._context.refusal_in(self, _("Restore from a backup"))(error)
                return
            typed = carried_backups.ask_backup_passphrase(self, Path(path), problem)
            if typed is not None:  # once this operation has left the worker
                QTimer.singleShot(
                    0, lambda: self.restore_from(path, confirm=False, passphrase=typed)
                )

        self._context.run(
            lambda store: backups.restore(store, Path(path), passphrase=passphrase),
            restored,
            changes=EVERYTHING,
            message=_("Restored from the backup."),
            on_error=refused,
        )
        return True

    # --- language ---------------------------------------------------------------------------

    def _language_box(self) -> QGroupBox:
        box = QGroupBox(_("Window language"))
        row = QHBoxLayout(box)
        self.window_language = QComboBox()
        self.window_language.setAccessibleName(_("Window language"))
        self.window_language.addItem("English", "en")
        self.window_language.addItem("简体中文", "zh")
        current = self._preferences.language or "en"
        self.window_language.setCurrentIndex(max(0, self.window_language.findData(current)))
        self.window_language.currentIndexChanged.connect(self._on_window_language_changed)
        row.addWidget(self.window_language)
        note = QLabel(_("Takes effect the next time Privacy Desk opens."))
        row.addWidget(note, 1)
        return box

    def _on_window_language_changed(self, _index: int) -> None:
        self._preferences.language = self.window_language.currentData()
        self._preferences.sync()
