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


def channel_text(value: str) -> str:
    text = CHANNEL_WORDS.get(value)
    return _(text) if text else value


def kind_text(value: str) -> str:
    try:
        return _(KIND_LABELS[RequestKind(value)])
    except (ValueError, KeyError):
        return value


def status_text(row) -> str:
    """The status, and the outcome once completed ("Completed: Refused")."""
    status = _(STATUS_LABELS[RequestStatus(row.status)])
    if row.outcome:
        return f"{status}: {_(OUTCOME_LABELS[Outcome(row.outcome)])}"
    return status
