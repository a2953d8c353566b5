"""How the window names an opt-out's status and scope, on the register and the client page."""

from __future__ import annotations

from app.ui.text import N_

STATUS_TEXT = {
    "received": N_("Received, not matched"),
    "applied": N_("Applied, vendors to tell"),
    "vendors_notified": N_("Vendors told, awaiting confirmation"),
    "vendors_confirmed": N_("Vendors confirmed"),
    "closed": N_("Closed"),
}
SCOPE_TEXT = {"all": N_("Everything"), "marketing": N_("Marketing only"), "chosen": N_("Chosen")}
