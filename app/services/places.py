"""Where a line on Today leads: a place in the window, named by its feature, and the record.

Light on purpose: the window imports it before it first paints, before the database
libraries and the rule sets load (app.services.rows brings both).
"""

from __future__ import annotations

from dataclasses import dataclass

# The places the opt-out feature's lines open; the window registers an opener for each.
OPTOUT_REQUEST = "optout_request"
VENDORS_TO_TELL = "vendors_to_tell"
# Where an open incident's line opens: its page, the incident chosen (key: its id).
INCIDENT = "incident"
# Where the opt-out path review's line opens: its dialog (no key).
OPTOUT_REVIEW = "optout_review"
# Where a rights request's line opens: the Requests page, the request chosen (key: its id).
RIGHTS_REQUEST = "rights_request"
# Where a vendor's compliance line opens: the vendor's page (key: its id).
VENDOR = "vendor"
# Where the line of former clients held past the notice's promise opens: the dialog listing
# them (no key).
RETENTION_PAST = "retention_past"


@dataclass(frozen=True)
class Opens:
    """The window keeps one opener per place (app/ui/openers.py); Today knows no place by name."""

    place: str  # "optout_request", "vendors_to_tell", ...
    key: int | str | None = None  # the record there: a request id, a reference code
