"""Form rows that show a problem right under the field it concerns."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from app.domain.errors import DomainError
from app.services.errors import InvalidInput
from app.ui.text import error_text

ERROR_STYLE = "color: #b00020;"


class FieldForm(QFormLayout):
    """A QFormLayout whose rows have a key, an accessible name and an error line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._errors: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)

    def add_field(self, key: str, label: str, widget: QWidget) -> QWidget:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.setVisible(False)
        error.setObjectName(f"error_{key}")
        column.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        widget.setAccessibleName(label.replace("&", ""))
        widget.setObjectName(key)
        self.addRow(caption, holder)
        self._errors[key] = error
        self._widgets[key] = widget
        return widget

    def clear_errors(self) -> None:
        for label in self._errors.values():
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
        return unplaced

    def error_text(self, key: str) -> str:
        return self._errors[key].text()


def show_refusal(window: QWidget, form: FieldForm, error: DomainError) -> None:
    """A service said no: each problem under its field, anything else in a message box."""
    if isinstance(error, InvalidInput):
        unplaced = form.show_errors(error)
        if unplaced:
            QMessageBox.warning(window, window.windowTitle(), "\n".join(unplaced))
    else:
        QMessageBox.warning(window, window.windowTitle(), error_text(error))
