"""Form rows that show a problem right under the field it concerns."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QDateTime, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSizePolicy,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import DomainError, ValidationError
from app.services.errors import InvalidInput
from app.ui.text import date_field_format, error_text, moment_field_format

if TYPE_CHECKING:
    from app.persistence.store import Store
    from app.ui.changes import Changes
    from app.ui.context import AppContext, Message

ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "color: #7a5200;"  # a warning that does not stop the save: amber, not red


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def date_field(day: date | None = None, *, latest: date | None = None) -> QDateEdit:
    """A date field that reads like the dates on the pages, with a calendar to pick from."""
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(date_field_format())
    if day is not None:
        edit.setDate(qdate(day))
    if latest is not None:
        edit.setMaximumDate(qdate(latest))
    return edit


def moment_field(
    moment: datetime, *, latest: datetime | None = None, earliest: datetime | None = None
) -> QDateTimeEdit:
    """A date-and-time field showing ``moment`` on the clock it comes in."""
    edit = QDateTimeEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(moment_field_format())
    edit.setDateTime(QDateTime(moment))
    if latest is not None:
        edit.setMaximumDateTime(QDateTime(latest))
    if earliest is not None:
        edit.setMinimumDateTime(QDateTime(earliest))
    return edit


class _FieldHolder(QWidget):
    """A field with its error line under it, never less tall than the two need together.

    WORKAROUND: a form short of height squeezed a row below its minimum, since the minimum
    ignores the wrapped error's height-for-width; a fixed-height box (a street, a note) then
    kept its height and its error was drawn inside it. A minimum that counts the error makes
    the window grow (or scroll) instead.
    """

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        layout = self.layout()
        if layout is not None and layout.hasHeightForWidth() and self.width() > 0:
            hint.setHeight(max(hint.height(), layout.totalHeightForWidth(self.width())))
        return hint


class FieldForm(QFormLayout):
    """A QFormLayout whose rows have a key, an accessible name and an error line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors: dict[str, QLabel] = {}
        self._notes: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

    def add_field(self, key: str, label: str, widget: QWidget) -> QWidget:
        holder = _FieldHolder()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        # The row spans the form's width so the error under a narrow field (a date, a number)
        # has room to be read; the field itself keeps its natural width unless it grows.
        holder.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column.addWidget(
            widget, 0, Qt.AlignmentFlag(0) if _grows(widget) else Qt.AlignmentFlag.AlignLeft
        )
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setVisible(False)
        error.setObjectName(f"error_{key}")
        column.addWidget(error)
        note = QLabel()
        note.setStyleSheet(NOTE_STYLE)
        note.setWordWrap(True)
        note.setVisible(False)
        note.setObjectName(f"note_{key}")
        column.addWidget(note)
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", ""))
        widget.setObjectName(key)
        self.addRow(caption, holder)
        self._errors[key] = error
        self._notes[key] = note
        self._widgets[key] = widget
        for editor in (widget, *widget.findChildren(QWidget)):
            _on_edit(editor, lambda *_args, key=key: self.clear_error(key))
        return widget

    def clear_errors(self) -> None:
        for key in self._errors:
            self.clear_error(key)

    def clear_error(self, key: str) -> None:
        """The answer was changed: its refusal no longer applies (the next save may say again)."""
        label = self._errors[key]
        label.clear()
        label.setVisible(False)

    def show_errors(self, problems: InvalidInput, *, fallback: str | None = None) -> list[str]:
        """Put each problem under its field; returns the messages that had no field here."""
        self.clear_errors()
        unplaced = []
        first: QWidget | None = None
        for problem in problems.problems:
            key = problem.field if problem.field in self._errors else fallback
            if key is None:
                unplaced.append(error_text(problem))
                continue
            label = self._errors[key]
            message = error_text(problem)
            label.setText((label.text() + "\n" if label.text() else "") + message)
            label.setVisible(True)
            first = first or self._widgets[key]
        if first is not None:
            first.setFocus()
        owner = self.parentWidget()
        window = owner.window() if owner is not None else None
        # A dialog grows; a page (the practice profile) scrolls in its window, which stays put.
        if isinstance(window, QDialog) and window.isVisible():
            grow_to_fit(window)
        return unplaced

    def error_text(self, key: str) -> str:
        return self._errors[key].text()

    def show_note(self, key: str, text: str) -> None:
        """A warning under a field that does not stop the save; "" takes it away."""
        note = self._notes[key]
        note.setText(text)
        note.setVisible(bool(text))
        owner = self.parentWidget()
        window = owner.window() if owner is not None else None
        if text and isinstance(window, QDialog) and window.isVisible():
            grow_to_fit(window)

    def note_text(self, key: str) -> str:
        return self._notes[key].text()


def grow_to_fit(dialog: QWidget) -> None:
    """Grow a shown window to fit wrapped lines that appeared (errors, hints); never shrink it.

    WORKAROUND: a top-level window's minimum size ignores height-for-width, so word-wrapped
    labels shown after the first layout would be squeezed into one clipped line.
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = (
        layout.totalHeightForWidth(width)
        if layout.hasHeightForWidth()
        else layout.totalSizeHint().height()
    )
    screen = dialog.screen().availableGeometry() if dialog.screen() else None
    if screen is not None:
        needed = min(needed, screen.height())
    if needed > dialog.height():
        dialog.resize(width, needed)


def _on_edit(widget: QWidget, clear) -> None:
    """Connect what a person changing `widget` emits (the user's own signal where Qt has one)."""
    if isinstance(widget, QLineEdit):
        widget.textEdited.connect(clear)
    elif isinstance(widget, QPlainTextEdit | QTextEdit):
        widget.textChanged.connect(clear)
    elif isinstance(widget, QComboBox):
        widget.activated.connect(clear)
    elif isinstance(widget, QDateTimeEdit):
        widget.dateTimeChanged.connect(clear)
    elif isinstance(widget, QAbstractSpinBox) and hasattr(widget, "valueChanged"):
        widget.valueChanged.connect(clear)
    elif isinstance(widget, QAbstractButton):
        widget.clicked.connect(clear)


def _grows(widget: QWidget) -> bool:
    """Whether a field wants the whole width: a text box does, a date or a number does not."""
    horizontal = Qt.Orientation.Horizontal
    if widget.sizePolicy().expandingDirections() & horizontal:
        return True
    layout = widget.layout()  # a row of several controls grows when one of them does
    return layout is not None and bool(layout.expandingDirections() & horizontal)


def show_refusal(window: QWidget, form: FieldForm, error: DomainError) -> None:
    """A service said no: each problem under its field, anything else in a message box."""
    if isinstance(error, ValidationError):  # one problem, named by its field
        error = InvalidInput([error])
    if isinstance(error, InvalidInput):
        unplaced = form.show_errors(error)
        if unplaced:
            QMessageBox.warning(window, window.windowTitle(), "\n".join(unplaced))
    else:
        form.clear_errors()  # what was said under the fields is not what is wrong now
        QMessageBox.warning(window, window.windowTitle(), error_text(error))


def save_dialog(
    dialog: QDialog,
    context: AppContext,
    work: Callable[[Store], Any],
    saved: Callable[[Any], None],
    *,
    changes: Changes,
    message: Message = "",
    buttons: QWidget | None = None,
    refused: Callable[[DomainError], None] | None = None,
) -> None:
    """A dialog's save as one operation on the database worker.

    Its buttons wait meanwhile (no second save). Saved: `saved(result)`, the dialog closes,
    then `changes` are published. Refused: the dialog stays open with the problems shown by
    `refused` (default: under their fields of `dialog.form`); a bug: the crash dialog.
    """
    if buttons is not None:
        buttons.setEnabled(False)

    def done(result: Any) -> None:
        if buttons is not None:
            buttons.setEnabled(True)
        saved(result)
        dialog.accept()

    def failed(error: BaseException) -> None:
        if buttons is not None:
            buttons.setEnabled(True)
        if not isinstance(error, DomainError):
            context.show_error(error, dialog)
        elif refused is not None:
            refused(error)
        else:
            show_refusal(dialog, dialog.form, error)

    context.run(work, done, changes=changes, message=message, on_error=failed)
