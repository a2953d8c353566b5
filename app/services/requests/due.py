"""What rights requests put on Today: every open one with the day its answer is owed, and,
while receipt is still to be confirmed, the day a rule set wants that by."""

from __future__ import annotations

from datetime import date

from app.domain.deadlines import is_overdue
from app.domain.enums import RequestKind
from app.domain.requests import KIND_LABELS
from app.i18n import N_, translator
from app.persistence.store import Store
from app.services.places import RIGHTS_REQUEST, Opens
from app.services.requests.register import open_requests
from app.services.rows import DueItem

ANSWER_LABEL = N_("Request to answer")
CONFIRM_LABEL = N_("Confirm receipt of a request")


def request_due(store: Store, today: date, language: str) -> list[DueItem]:
    """One line per open request; a second while its receipt is still to be confirmed."""
    _ = translator(language)
    items = []
    for row in open_requests(store):
        subject = _("Request {number}: {kind} — {who}").format(
            number=row.id, kind=_(KIND_LABELS[RequestKind(row.kind)]), who=row.who
        )
        items.append(
            DueItem(
                kind="request",
                subject=subject,
                due=row.due,
                overdue=is_overdue(row.due, today),
                target_id=row.id,
                label=_(ANSWER_LABEL),
                opens=Opens(RIGHTS_REQUEST, row.id),
            )
        )
        if row.confirm_due_on is not None and row.acknowledged_at is None:
            items.append(
                DueItem(
                    kind="request_confirmation",
                    subject=subject,
                    due=row.confirm_due_on,
                    overdue=is_overdue(row.confirm_due_on, today),
                    target_id=row.id,
                    label=_(CONFIRM_LABEL),
                    opens=Opens(RIGHTS_REQUEST, row.id),
                )
            )
    return items
