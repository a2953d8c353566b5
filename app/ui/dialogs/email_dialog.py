"""From an email: paste it, or choose or drop a saved .eml file; the app reads who sent it,
when, their reference code and what they ask, and hands that back for the coach to check."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import RequestKind
from app.domain.errors import DomainError, join_sentences
from app.domain.refcodes import format_reference
from app.services import optouts
from app.services.rows import EmailedRequest
from app.ui.context import AppContext
from app.ui.text import N_, _, error_text, moment_text

KIND_WORDS = {
    RequestKind.OPT_OUT: N_("an opt-out"),
    RequestKind.ACCESS: N_("an access request (a copy of their data)"),
    RequestKind.PORTABILITY: N_("a portability request"),
    RequestKind.CORRECTION: N_("a correction request"),
    RequestKind.DELETION: N_("a deletion request"),
    RequestKind.RESTRICTION: N_("a restriction request"),
    RequestKind.OBJECTION: N_("an objection"),
    RequestKind.COMPLAINT: N_("a complaint"),
}
WARNING_STYLE = "color: #b00020;"


class PasteBox(QPlainTextEdit):
    """Takes pasted text, and a dropped file as a file (not as its address written out)."""

    file_dropped = Signal(str)

    def canInsertFromMimeData(self, source) -> bool:
        return source.hasUrls() or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source) -> None:
        files = [url.toLocalFile() for url in source.urls() if url.isLocalFile()]
        if files:
            self.file_dropped.emit(files[0])
        else:
            super().insertFromMimeData(source)


class ReadEmailDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.result_: EmailedRequest | None = None
        self.setWindowTitle(_("From an email"))
        self.setMinimumSize(620, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(_("Paste the email (its text, or its source), or choose or drop a .eml file."))
        )
        self.paste = PasteBox()
        self.paste.setAccessibleName(_("The email"))
        self.paste.setPlaceholderText(
            _("From: …\nSubject: …\n\nThe client's words, pasted from the mail program")
        )
        self.paste.file_dropped.connect(self.read_file)
        layout.addWidget(self.paste, 1)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(WARNING_STYLE)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        row = QHBoxLayout()
        choose = QPushButton(_("Choose a &file…"))
        choose.setAutoDefault(False)
        choose.clicked.connect(self._choose_file)
        row.addWidget(choose)
        row.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.read_button = self.buttons.addButton(
            _("&Read the pasted email"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.read_pasted)
        self.buttons.rejected.connect(self.reject)
        row.addWidget(self.buttons)
        layout.addLayout(row)
        self.paste.setFocus()

    def _choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the email"), "", _("Emails (*.eml);;All files (*)")
        )
        if path:
            self.read_file(path)

    def read_pasted(self) -> None:
        text = self.paste.toPlainText()
        self._read(lambda store, now: optouts.read_emailed_optout(store, text=text, now=now))

    def read_file(self, path: str) -> None:
        file = Path(path)
        self._read(
            lambda store, now: optouts.read_emailed_optout(
                store, data=optouts.load_email(file), now=now
            )
        )

    def _read(self, work) -> None:
        """Read on the database worker (a file, the client search); the answer closes this."""
        now = self._context.now()
        self.error.setVisible(False)
        self.read_button.setEnabled(False)
        self._context.run(
            lambda store: work(store, now), self._read_done, on_error=self._refused, parent=self
        )

    def _read_done(self, emailed: EmailedRequest) -> None:
        self.read_button.setEnabled(True)
        self.result_ = emailed
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.read_button.setEnabled(True)
        if not isinstance(error, DomainError):
            self._context.show_error(error, self)
            return
        self.error.setText(error_text(error))
        self.error.setVisible(True)

    @classmethod
    def ask(cls, parent: QWidget, context: AppContext) -> EmailedRequest | None:
        dialog = cls(context, parent)
        dialog.exec()
        return dialog.result_


def reading_summary(emailed: EmailedRequest) -> tuple[str, bool]:
    """What was read, as the coach checks it (HTML), and whether it needs a second look
    (it does not read as an opt-out)."""
    read = emailed.email
    sent = moment_text(read.sent_at) or _("not given")  # in the practice's time
    facts = [
        (_("Sender"), read.sender or _("not given")),
        (_("Sent"), sent),
        (_("Subject line"), read.subject or _("none")),
        (
            _("Reference"),
            ", ".join(format_reference(code) for code in read.references) or _("none"),
        ),
    ]
    # Two or three lines: the dialog under it must keep its height on a 768-pixel screen.
    lines = [
        "<b>"
        + escape(_("Read from the email"))
        + ":</b> "
        + " · ".join(f"{escape(label)}: {escape(value)}" for label, value in facts)
    ]
    doubtful = read.kind is not RequestKind.OPT_OUT
    if read.kind is None:
        kind = _("Its words do not say what it asks: check that it is an opt-out.")
    elif read.kind is RequestKind.OPT_OUT:
        kind = _("It asks to opt out.")
    else:
        kind = _("It reads as {kind}: log it with Log request… unless it is an opt-out.").format(
            kind=_(KIND_WORDS[read.kind])
        )
    also = [_(KIND_WORDS[other]) for other in read.also_asked if other is not read.kind]
    if also:
        kind = join_sentences([kind, _("It also asks for: {kinds}.").format(kinds=", ".join(also))])
    style = f' style="{WARNING_STYLE}"' if doubtful or also else ""
    # The sentences joined as the language joins them (no space after "。").
    why = emailed.why.text(_)
    gap = "" if why.endswith("。") else " "
    lines.append(escape(why) + gap + f"<span{style}>{escape(kind)}</span>")
    return "<br>".join(lines), doubtful
