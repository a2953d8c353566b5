"""How the window names an opt-out's status and scope, on the register and the client page."""

from __future__ import annotations

from app.ui.text import N_

STATUS_TEXT = {
    "received": N_("Received, not matched"),
    "applied": N_("Applied, vendors to tell"),
    "vendors_notified": N_("Vendors told, awaiting confirmation"),
    "objection_open": N_("Objection to answer"),
    "vendors_confirmed": N_("Vendors confirmed"),
    "closed": N_("Closed"),
}
SCOPE_TEXT = {"all": N_("Everything"), "marketing": N_("Marketing only"), "chosen": N_("Chosen")}
DECISION_TEXT = {"": N_("to answer"), "upheld": N_("upheld"), "declined": N_("declined")}
