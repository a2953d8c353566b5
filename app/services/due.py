"""What is due, for the Today page and the `due` command: one registry of sources.

Each feature contributes its due lines through one function, a `DueSource`: given the store,
the practice's today and a language, it returns `DueItem` rows that carry their own label,
subject, due date, overdue flag and what they open. Today and `due` render whatever the
sources return and know no kind by name, so a new record on Today (a breach, a rights
request) is one source added to `SOURCES`, and one opener in the window for its place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from app.i18n import N_, translator
from app.services.places import OPTOUT_REQUEST, VENDORS_TO_TELL, Opens
from app.services.rows import DueItem

if TYPE_CHECKING:
    from app.persistence.store import Store

# Each source imports its feature's services when it first runs, on the database worker, so
# the window's first paint loads none of them.
DueSource = Callable[["Store", date, str], Sequence[DueItem]]


_OPTOUT_LABELS = {
    "vendor_notification": N_("Tell vendor"),
    "vendor_confirmation": N_("Chase vendor confirmation"),
    "optout_request": N_("Opt-out request open"),
    "objection": N_("Objection to answer"),
}


def optout_due(store: Store, today: date, language: str) -> list[DueItem]:
    """Vendors to tell or to chase, opt-out requests still open, objections to answer."""
    from app.services import optouts

    label = translator(language)
    items = []
    for item in optouts.due_items(store, today, language=language):
        if item.kind in ("optout_request", "objection"):  # both open on their request
            opens = Opens(OPTOUT_REQUEST, item.target_id)
        else:  # a vendor to tell or to chase: the list of them
            opens = Opens(VENDORS_TO_TELL)
        text = _OPTOUT_LABELS.get(item.kind)
        items.append(replace(item, label=label(text) if text else item.kind, opens=opens))
    return items


def incident_due(store: Store, today: date, language: str) -> list[DueItem]:
    """Every open incident, marked urgent: Today shows it above everything else."""
    from app.services.incidents.due import incident_due as due_lines

    return due_lines(store, today, language)


def optout_review_due(store: Store, today: date, language: str) -> list[DueItem]:
    """The opt-out path's review, once a year (issue 14)."""
    from app.services.optout_review import review_due

    return review_due(store, today, language)


def request_due(store: Store, today: date, language: str) -> list[DueItem]:
    """Every open rights request, and its receipt to confirm where a rule set asks it."""
    from app.services.requests.due import request_due as due_lines

    return due_lines(store, today, language)


def vendor_compliance_due(store: Store, today: date, language: str) -> list[DueItem]:
    """Vendors whose contract lacks the breach-notice or deletion clause."""
    from app.services.vendor_compliance import compliance_due

    return compliance_due(store, today, language)


def retention_due(store: Store, today: date, language: str) -> list[DueItem]:
    """Former clients held past what the notice promises (issue 13), as one line."""
    from app.services.retention import retention_due as due_lines

    return due_lines(store, today, language)


# Every feature's source, in no particular order: the lines are sorted by when they are due.
SOURCES: tuple[DueSource, ...] = (
    optout_due,
    incident_due,
    request_due,
    optout_review_due,
    vendor_compliance_due,
    retention_due,
)


def due_items(
    store: Store,
    today: date,
    *,
    language: str = "en",
    sources: Iterable[DueSource] = SOURCES,
) -> list[DueItem]:
    """Every source's lines, the soonest due first (then by kind and record, so stable)."""
    items = [item for source in sources for item in source(store, today, language)]
    return sorted(items, key=lambda item: (item.due, item.kind, item.target_id or 0))
