"""What an empty page says: what belongs there and the action that puts it there, in place
of empty tables (the page's content comes back with its first record)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.icons import set_icon
from app.ui.text import N_, _

# Wide enough for two or three lines of text at the window's smallest size.
TEXT_WIDTH = 520

# What each page says while it has nothing: its title, what belongs there, its action.
PAGE_TEXT: dict[str, tuple[str, str, str]] = {
    "clients": (
        N_("No clients yet"),
        N_(
            "Everyone you train belongs here: their contact details, what they agreed to "
            "share with each vendor, the notices they received and their requests."
        ),
        N_("&Add a client…"),
    ),
    "vendors": (
        N_("No vendors yet"),
        N_(
            "The services that receive your clients' data belong here: a training app, "
            "booking, payments, a newsletter, cloud backup. Start from a template, name the "
            "company and check the facts."
        ),
        N_("&Add a vendor…"),
    ),
    "optouts": (
        N_("No opt-outs yet"),
        N_(
            "When a client asks to stop sharing or marketing, by phone, post, email or in "
            "person, log it here: consents are withdrawn at once and each vendor to tell is "
            "listed with its due date."
        ),
        N_("&Log an opt-out…"),
    ),
    "incidents": (
        N_("No incidents on record"),
        N_(
            "When client data is lost, sent to the wrong person or a vendor reports a breach, "
            "log it here straight away: the clock to tell the authority starts when you became "
            "aware, and the clients affected are found from what the vendor received."
        ),
        N_("&Log an incident…"),
    ),
}
# The icon of each empty page's action: the same as the toolbar's for that action.
PAGE_ICONS = {
    "clients": "add-client",
    "vendors": "add-vendor",
    "optouts": "optouts",
    "incidents": "incidents",
}


class EmptyState(QWidget):
    def __init__(
        self,
        title: str,
        text: str,
        action_text: str = "",
        on_action: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addStretch(2)
        self.title = QLabel("<h3>" + title + "</h3>")
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setFixedWidth(TEXT_WIDTH)
        # Centred by the layout, a wrapped label is given one line's height: ask for all.
        self.text.setMinimumHeight(self.text.heightForWidth(TEXT_WIDTH))
        for label in (self.title, self.text):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self.button: QPushButton | None = None
        if action_text and on_action is not None:
            self.button = QPushButton(action_text)
            self.button.setDefault(True)
            self.button.clicked.connect(on_action)
        self.buttons = QHBoxLayout()  # another feature adds its way in (add_button)
        self.buttons.addStretch(1)
        if self.button is not None:
            self.buttons.addWidget(self.button)
        self.buttons.addStretch(1)
        layout.addSpacing(4)
        layout.addLayout(self.buttons)
        layout.addStretch(3)

    def add_button(self, text: str, on_click: Callable[[], None]) -> QPushButton:
        """Another action beside the first (importing clients beside "Add a client")."""
        button = QPushButton(text)
        button.clicked.connect(on_click)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        return button


class EmptyOr(QStackedWidget):
    """A page's content, or its empty state while there is nothing to show."""

    def __init__(self, content: QWidget, empty: EmptyState, parent: QWidget | None = None):
        super().__init__(parent)
        self.content = content
        self.empty = empty
        self.addWidget(content)
        self.addWidget(empty)

    @property
    def is_empty(self) -> bool:
        return self.currentWidget() is self.empty

    def set_empty(self, empty: bool) -> None:
        self.setCurrentWidget(self.empty if empty else self.content)


def empty_page(kind: str, content: QWidget, on_action: Callable[[], None]) -> EmptyOr:
    """`content`, or the empty state of the page `kind` names (PAGE_TEXT)."""
    title, text, action = PAGE_TEXT[kind]
    empty = EmptyState(_(title), _(text), _(action), on_action)
    if empty.button is not None and kind in PAGE_ICONS:
        set_icon(empty.button, PAGE_ICONS[kind])
    return EmptyOr(content, empty)
