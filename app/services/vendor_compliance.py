"""Which vendors fall short of what the practice must be able to show: a review overdue (the
rule of services/reviews.py) or a contract without the breach-notice or deletion clause. The
record of processing prints the flags; Today lists the clause gaps (an overdue review is on
Today already, in its reviews list)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import select
from sqlmodel import Session

from app.dates import DateStyle, format_day
from app.domain.enums import VendorStatus
from app.i18n import N_, translator
from app.persistence.database import unit_of_work
from app.persistence.models import Vendor
from app.persistence.store import Store
from app.services.places import VENDOR, Opens
from app.services.reviews import next_reviews
from app.services.rows import DueItem
from app.services.vendors import BREACH_NOTICE, DELETION_AT_END


class Flag(StrEnum):
    REVIEW_OVERDUE = "review_overdue"
    NO_BREACH_CLAUSE = "no_breach_clause"
    NO_DELETION_CLAUSE = "no_deletion_clause"


FLAG_LABELS = {
    Flag.REVIEW_OVERDUE: N_("review overdue since {date}"),
    Flag.NO_BREACH_CLAUSE: N_("contract lacks the breach-notice clause"),
    Flag.NO_DELETION_CLAUSE: N_("contract lacks the deletion clause"),
}
# The clauses a contract must have on file, and the flag its absence raises.
REQUIRED_CLAUSES = {BREACH_NOTICE: Flag.NO_BREACH_CLAUSE, DELETION_AT_END: Flag.NO_DELETION_CLAUSE}
DUE_LABEL = N_("Vendor contract incomplete")


@dataclass(frozen=True)
class VendorCompliance:
    """One vendor that has not ended, with what it lacks (nothing: `flags` is empty)."""

    vendor_id: int
    vendor: str
    review_due_on: date
    flags: tuple[Flag, ...]
    clauses: frozenset[str]

    @property
    def has_breach_clause(self) -> bool:
        return BREACH_NOTICE in self.clauses

    def words(self, language: str, country: str = "") -> tuple[str, ...]:
        """Each flag in words, in `language` (dates written as in `country`)."""
        _ = translator(language)
        due = format_day(self.review_due_on, language, country, DateStyle.MEDIUM)
        return tuple(_(FLAG_LABELS[flag]).format(date=due) for flag in self.flags)


def vendor_compliance(session: Session, today: date) -> dict[int, VendorCompliance]:
    """Every vendor that has not ended, by id, with its flags."""
    reviews = {item.vendor_id: item for item in next_reviews(session, today=today,
                                                              within_days=100_000)}  # fmt: skip
    found = {}
    vendors = session.execute(
        select(Vendor).where(Vendor.status != VendorStatus.ENDED.value).order_by(Vendor.name)
    ).scalars()
    for vendor in vendors:
        review = reviews[vendor.id]
        clauses = frozenset(filter(None, vendor.clauses.split(",")))
        flags = [Flag.REVIEW_OVERDUE] if review.overdue else []
        flags += [flag for clause, flag in REQUIRED_CLAUSES.items() if clause not in clauses]
        found[vendor.id] = VendorCompliance(
            vendor.id, vendor.name, review.due_on, tuple(flags), clauses
        )
    return found


def compliance_due(store: Store, today: date, language: str) -> list[DueItem]:
    """Today's lines: one per vendor whose contract lacks a clause it must have. Undated, so
    listed under today until the clause is on file."""
    _ = translator(language)
    with unit_of_work(store.reader) as session:
        found = vendor_compliance(session, today)
    items = []
    for entry in found.values():
        gaps = [flag for flag in entry.flags if flag is not Flag.REVIEW_OVERDUE]
        if not gaps:
            continue
        items.append(
            DueItem(
                kind="vendor_compliance",
                subject=_("{vendor}: {gaps}").format(
                    vendor=entry.vendor, gaps="; ".join(_(FLAG_LABELS[flag]) for flag in gaps)
                ),
                due=today,
                overdue=False,
                target_id=entry.vendor_id,
                label=_(DUE_LABEL),
                opens=Opens(VENDOR, entry.vendor_id),
            )
        )
    return items
