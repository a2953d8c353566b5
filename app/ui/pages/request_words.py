"""How the window words a rights request: its kind, channel and status (the register, the
client page and the dialogs say them alike)."""

from __future__ import annotations

from app.domain.enums import Channel, RequestKind
from app.domain.requests import KIND_LABELS, OUTCOME_LABELS, STATUS_LABELS, Outcome, RequestStatus
from app.ui.text import N_, _

REQUEST_CHANNELS = (
    (Channel.PHONE, N_("Phone")),
    (Channel.POST, N_("Post")),
    (Channel.EMAIL, N_("Email")),
    (Channel.VERBAL_IN_PERSON, N_("In person")),
    (Channel.ONLINE, N_("Online")),
)
CHANNEL_WORDS = {channel.value: text for channel, text in REQUEST_CHANNELS}
# Short names for lists; the dialogs offer domain.requests.KIND_LABELS, which explain.
KIND_SHORT = {
    RequestKind.ACCESS: N_("Access"),
    RequestKind.PORTABILITY: N_("Portability"),
    RequestKind.CORRECTION: N_("Correction"),
    RequestKind.DELETION: N_("Deletion"),
    RequestKind.RESTRICTION: N_("Restriction"),
    RequestKind.OBJECTION: N_("Objection"),
    RequestKind.COMPLAINT: N_("Complaint"),
}


def channel_text(value: str) -> str:
    text = CHANNEL_WORDS.get(value)
    return _(text) if text else value


def kind_text(value: str, *, explained: bool = False) -> str:
    """The kind's short name ("Access"), or with `explained` the words that explain it."""
    try:
        kind = RequestKind(value)
    except ValueError:
        return value
    return _((KIND_LABELS if explained else KIND_SHORT).get(kind, value))


def status_text(row) -> str:
    """The status, and the outcome once completed ("Completed: Refused")."""
    status = _(STATUS_LABELS[RequestStatus(row.status)])
    if row.outcome:
        return f"{status}: {_(OUTCOME_LABELS[Outcome(row.outcome)])}"
    return status
