"""Telling vendors (story 4): the letters and email text for each vendor to tell, marking
them sent, and recording each vendor's confirmation."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.optout import SendMethod
from app.services import optout_documents, optouts
from app.services.rows import PendingNotification, VendorProgress
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.dialogs.step_dialogs import DateAndNoteDialog, picked_moment
from app.ui.pages.optout_timeline import AWAITING_COLUMNS, PENDING_COLUMNS
from app.ui.pages.today import DueModel
from app.ui.table_model import RowTableModel, make_table
from app.ui.text import _, ngettext


def load_vendors_to_tell(
    store, now: datetime
) -> tuple[list[PendingNotification], list[VendorProgress]]:
    """On the database worker: vendors to tell, and those told who have not confirmed
    (whatever their letter asked: opt-outs, deletions, corrections)."""
    return optouts.pending_notifications(store, now=now), optouts.awaiting_confirmation(store)


def write_vendor_letters(store, folder: Path, now: datetime) -> list[Path]:
    """On the database worker: document 5 for every vendor to tell, the email text beside,
    written whole before they are recorded."""
    letters = optout_documents.render_vendor_letters(store, now=now, save_to=folder)
    return [folder / letter.file_name for _notification, letter in letters]


class TellingVendorsTab(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._email_token = 0  # the latest vendor chosen: an older email text is dropped
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>" + _("Vendors to tell") + "</b>"))
        self.pending = DueModel(PENDING_COLUMNS, self)
        self.pending_view = make_table(self.pending, stretch=1)
        self.pending_view.setAccessibleName(_("Vendors to tell"))
        layout.addWidget(self.pending_view, 1)
        self.email_text = QPlainTextEdit()
        self.email_text.setReadOnly(True)
        self.email_text.setAccessibleName(_("Email text to paste"))
        layout.addWidget(QLabel(_("Email text to paste (only the identifiers this vendor needs):")))
        layout.addWidget(self.email_text, 1)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton(_("&Copy email text"))
        self.copy_button.clicked.connect(self._copy_email_text)
        self.letters_button = QPushButton(_("Save &letters…"))
        self.letters_button.clicked.connect(lambda: self.save_vendor_letters())
        self.sent_button = QPushButton(_("Mark &sent…"))
        self.sent_button.clicked.connect(self.mark_sent)
        for button in (self.copy_button, self.letters_button, self.sent_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("<b>" + _("Awaiting the vendor's confirmation") + "</b>"))
        self.awaiting = RowTableModel(AWAITING_COLUMNS, self)
        self.awaiting_view = make_table(self.awaiting, stretch=1)
        self.awaiting_view.setAccessibleName(_("Awaiting confirmation"))
        layout.addWidget(self.awaiting_view, 1)
        confirm = QHBoxLayout()
        self.confirm_button = QPushButton(_("Record &confirmation…"))
        self.confirm_button.clicked.connect(self.record_confirmation)
        confirm.addWidget(self.confirm_button)
        confirm.addStretch(1)
        layout.addLayout(confirm)
        self.pending_view.selectionModel().selectionChanged.connect(
            lambda *_a: self._show_pending()
        )

    def refresh(self) -> None:
        now = self._context.now()
        self._context.run(lambda store: load_vendors_to_tell(store, now), self._show, parent=self)

    def _show(self, loaded: tuple[list[PendingNotification], list[VendorProgress]]) -> None:
        pending, awaiting = loaded
        self.pending.set_rows(pending)
        self.awaiting.set_rows(awaiting)
        self._show_pending()

    def selected_pending(self) -> PendingNotification | None:
        rows = self.pending_view.selectionModel().selectedRows()
        return self.pending.row_at(rows[0].row()) if rows else None

    def _show_pending(self) -> None:
        notification = self.selected_pending()
        self._email_token += 1
        if notification is None:
            self.email_text.clear()
        else:
            token, now = self._email_token, self._context.now()
            self._context.run(
                lambda store: optout_documents.vendor_email_text(store, notification, now=now),
                lambda text: token == self._email_token and self.email_text.setPlainText(text),
                parent=self,
            )
        for button in (self.copy_button, self.sent_button):
            button.setEnabled(notification is not None)
        self.letters_button.setEnabled(self.pending.rowCount() > 0)
        self.confirm_button.setEnabled(self.awaiting.rowCount() > 0)

    def save_vendor_letters(self, folder: str | None = None) -> None:
        """Document 5 for every vendor to tell, with the email text beside each letter."""
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, _("Save the vendor letters into"))
            if not folder:
                return
        target, now = Path(folder), self._context.now()

        self._context.run(
            lambda store: write_vendor_letters(store, target, now),
            changes=Changes(documents=True),
            message=lambda written: ngettext(
                "{count} vendor letter saved; mark it sent when it has gone.",
                "{count} vendor letters saved; mark each one sent when it has gone.",
                len(written),
            ).format(count=len(written)),
            on_error=self._context.refusal_in(self, _("Vendor letters")),
        )

    def _copy_email_text(self) -> None:
        QApplication.clipboard().setText(self.email_text.toPlainText())
        self._context.status_message.emit(_("Email text copied."))

    def mark_sent(self) -> None:
        notification = self.selected_pending()
        if notification is None:
            return
        today = self._context.today()
        dialog = DateAndNoteDialog(
            _("Mark sent — {vendor}").format(vendor=notification.vendor),
            [
                (SendMethod.EMAIL.value, _("Email")),
                (SendMethod.POST.value, _("Post")),
                (SendMethod.ONLINE.value, _("The vendor's online form")),
            ],
            self,
            today,
            with_note=False,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.mark_notification_sent(
            notification, dialog.method.currentData(), dialog.date.date().toPython()
        )

    def mark_notification_sent(
        self, notification: PendingNotification, method: str, day: date
    ) -> None:
        context = self._context
        sent_at = picked_moment(day, context.zone, context.now())
        actor, now = context.actor, context.now()
        context.run(
            lambda store: optouts.mark_notification_sent(
                store,
                notification.notification_id,
                method=SendMethod(method),
                sent_at=sent_at,
                actor=actor,
                now=now,
            ),
            changes=Changes(optouts=True),
            message=_("{vendor} marked as told.").format(vendor=notification.vendor),
            on_error=context.refusal_in(self, _("Mark sent")),
        )

    def record_confirmation(self) -> None:
        rows = self.awaiting_view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(
                self, _("Record confirmation"), _("Choose the vendor in the list first.")
            )
            return
        progress = self.awaiting.row_at(rows[0].row())
        today = self._context.today()
        dialog = DateAndNoteDialog(
            _("Confirmation from {vendor}").format(vendor=progress.vendor), [], self, today
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.record_vendor_confirmation(progress, dialog.date.date().toPython(), dialog.note.text())

    def record_vendor_confirmation(self, progress: VendorProgress, day: date, note: str) -> None:
        context = self._context
        confirmed_at = picked_moment(day, context.zone, context.now())
        actor, now = context.actor, context.now()
        context.run(
            lambda store: optouts.record_vendor_confirmation(
                store,
                progress.notification_id,
                confirmed_at=confirmed_at,
                note=note,
                actor=actor,
                now=now,
            ),
            changes=Changes(optouts=True),
            message=_("Confirmation from {vendor} recorded.").format(vendor=progress.vendor),
            on_error=context.refusal_in(self, _("Record confirmation")),
        )
