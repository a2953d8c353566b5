"""Opt-outs (stories 2-4): logging and applying them, telling vendors, and what is due.

Decisions a reader should know:
- A request applies at once: a withdrawal event for every sharing it stops whose consent
  is given or was never recorded (see domain.optout.needs_withdrawal), one task per vendor
  that may hold the person's data (domain.optout.vendor_must_be_told).
- A caller not yet matched to a client is recorded with the details given; nothing is
  applied until `match_caller`, but the due date runs from receipt.
- A named sharing that rests on legitimate interests is an objection, answered later.
- Dates are the practice's local days (practice.zone_of).

The modules, in the order a request meets them: checks (what must be said), facts (the
records judged on), intake (logging, matching), applying (the session-level steps the use
cases and the demo compose), progress (where a request stands), register (reading it back),
objections, telling (vendors), due (Today), context (the practice as opt-outs see it),
emails (a request that arrived by email: read, matched, its evidence).
"""

from app.services.optouts.checks import DuplicateOptOut
from app.services.optouts.context import (
    practice_place,
    practice_today,
    practice_zone,
    prepare_calendar,
)
from app.services.optouts.due import due_items
from app.services.optouts.emails import load_email, match_email, read_emailed_optout
from app.services.optouts.intake import CALLER_SEARCH_LIMIT, find_callers, log_optout, match_caller
from app.services.optouts.objections import answer_objection
from app.services.optouts.progress import confirmation_due
from app.services.optouts.register import get_optout, list_optouts, record_acknowledgement
from app.services.optouts.telling import (
    awaiting_confirmation,
    mark_notification_sent,
    pending_notifications,
    record_vendor_confirmation,
)

__all__ = [
    "CALLER_SEARCH_LIMIT",
    "DuplicateOptOut",
    "answer_objection",
    "awaiting_confirmation",
    "confirmation_due",
    "due_items",
    "find_callers",
    "get_optout",
    "list_optouts",
    "load_email",
    "log_optout",
    "mark_notification_sent",
    "match_caller",
    "match_email",
    "pending_notifications",
    "practice_place",
    "practice_today",
    "practice_zone",
    "prepare_calendar",
    "read_emailed_optout",
    "record_acknowledgement",
    "record_vendor_confirmation",
]
