"""Correct the record (GDPR Art. 16): the client dialog, prefilled, whose Save corrects the
client on their request and gives the vendors that received a corrected field a task."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QWidget

from app.domain.correction import ITEM_LABELS, corrected_items
from app.domain.refcodes import format_reference
from app.services import requests
from app.services.rows import ClientDetail, ClientDraft
from app.ui.changes import Changes
from app.ui.context import AppContext
from app.ui.dialogs.client_dialog import ClientDialog, saved_message
from app.ui.text import _

if TYPE_CHECKING:
    from app.services.requests import CorrectionResult


def items_text(fields: tuple[str, ...]) -> str:
    """The corrected fields in words: "email address, postal address"."""
    return ", ".join(_(ITEM_LABELS[item]) for item in corrected_items(fields))


def corrected_text(result: CorrectionResult) -> str:
    """ "Client K7M-Q2RX corrected (email). Vendors to tell: 1." and any phone warning."""
    said = _("Client {ref} corrected ({fields}). Vendors to tell: {count}.").format(
        ref=format_reference(result.client.ref),
        fields=items_text(result.fields),
        count=len(result.vendors),
    )
    return saved_message(said.replace("{", "{{").replace("}", "}}"), result.client)


class CorrectionDialog(ClientDialog):
    changes = Changes(clients=True, requests=True, optouts=True)

    def __init__(
        self,
        context: AppContext,
        existing: ClientDetail,
        request_id: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, existing, parent)
        self.request_id = request_id
        self.setWindowTitle(_("Correct the record (request {number})").format(number=request_id))

    def save_work(self, draft: ClientDraft, actor: str, now) -> Any:
        request_id = self.request_id
        return lambda store: requests.correct_record(store, request_id, draft, actor=actor, now=now)

    def saved_text(self, result: Any) -> str:
        return corrected_text(result)

    @classmethod
    def ask_correction(
        cls, parent: QWidget, context: AppContext, existing: ClientDetail, request_id: int
    ) -> CorrectionResult | None:
        dialog = cls(context, existing, request_id, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
