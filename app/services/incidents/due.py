"""What incidents put on Today: every open one, above everything else, with its clock."""

from __future__ import annotations

from datetime import date

from app.domain.deadlines import is_overdue
from app.domain.incidents import STEP_LABELS, Step, deadline_day
from app.i18n import N_, translator
from app.persistence.store import Store
from app.services.incidents.register import open_incidents
from app.services.places import INCIDENT, Opens
from app.services.rows import DueItem

LABEL = N_("Incident open")


def incident_due(store: Store, today: date, language: str) -> list[DueItem]:
    """One line per open incident. While the authority is still to be told it carries that
    deadline (`due_at`, listed under its local day); after that, the day it became known.
    """
    _ = translator(language)
    zone, rows = open_incidents(store)
    items = []
    for row in rows:
        step = Step(row.step)
        clocked = row.authority_due_at if step in (Step.ASSESS, Step.AUTHORITY) else None
        day = deadline_day(clocked or row.aware_at, zone)
        items.append(
            DueItem(
                kind="incident",
                subject=_("Incident {number}: {summary} — {step}").format(
                    number=row.id, summary=_short(row.summary), step=_(STEP_LABELS[step])
                ),
                due=day,
                overdue=clocked is not None and is_overdue(day, today),
                target_id=row.id,
                label=_(LABEL),
                opens=Opens(INCIDENT, row.id),
                due_at=clocked,
                urgent=True,
            )
        )
    return items


def _short(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
