"""Vendor reviews (story 6): the security checklist, its outcome, actions and next due date."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.deadlines import add_calendar_months, is_overdue
from app.domain.errors import ValidationError
from app.i18n import N_
from app.persistence.database import unit_of_work
from app.persistence.ledgers import append_audit
from app.persistence.models import Practice, Vendor, VendorReview
from app.persistence.store import Store
from app.services.errors import InvalidInput, NotFound
from app.services.practice import PRACTICE_ID

# The checklist of DESIGN.md story 6, in the order the dialog asks it.
CHECKLIST: tuple[tuple[str, str], ...] = (
    ("encryption_at_rest", N_("Data is encrypted at rest")),
    ("encryption_in_transit", N_("Data is encrypted in transit")),
    ("access_control", N_("Access to client data is controlled and logged")),
    ("audit_seen", N_("A security audit or certification was seen")),
    ("data_location", N_("Data location and transfer safeguard are confirmed")),
    ("clause_responsibility", N_("Contract clause on file: responsibility for the data")),
    ("clause_optout", N_("Contract clause on file: handling opt-outs")),
    ("clause_breach", N_("Contract clause on file: breach notice")),
    ("clause_deletion", N_("Contract clause on file: deletion at the end")),
)
OUTCOMES: tuple[tuple[str, str], ...] = (
    ("satisfactory", N_("Satisfactory")),
    ("actions_needed", N_("Satisfactory once the actions are done")),
    ("unsatisfactory", N_("Unsatisfactory: stop or pause sharing")),
)


# The contract clauses the vendor register records (vendors.CLAUSE_KEYS), and the checklist
# question that asks about each.
CLAUSE_QUESTIONS: dict[str, str] = {
    "responsibility": "clause_responsibility",
    "optout_handling": "clause_optout",
    "breach_notice": "clause_breach",
    "deletion_at_end": "clause_deletion",
}


@dataclass(frozen=True)
class ChecklistAnswer:
    key: str
    passed: bool
    note: str = ""


@dataclass(frozen=True)
class ReviewAction:
    text: str
    due_on: date


@dataclass(frozen=True)
class ReviewRow:
    id: int
    vendor_id: int
    reviewed_on: date
    reviewer: str
    answers: tuple[ChecklistAnswer, ...]
    outcome: str
    actions: tuple[ReviewAction, ...]
    next_due_on: date


@dataclass(frozen=True)
class ReviewDue:
    vendor_id: int
    vendor: str
    due_on: date
    overdue: bool
    last_reviewed_on: date | None


@dataclass(frozen=True)
class ReviewStart:
    """What a new review starts from; the reviewer confirms or changes each of it."""

    reviewer: str  # the practice's privacy contact, "" when the profile names none
    answers: tuple[ChecklistAnswer, ...]  # the clause questions, as the register records them


def review_start(store: Store, vendor_id: int) -> ReviewStart:
    """The privacy contact as reviewer, and the contract clauses already on the register."""
    with unit_of_work(store.reader) as session:
        vendor = session.get(Vendor, vendor_id)
        if vendor is None:
            raise NotFound(N_("That vendor is not on the register."))
        practice = session.get(Practice, PRACTICE_ID)
        on_file = set(filter(None, vendor.clauses.split(",")))
        return ReviewStart(
            reviewer=practice.privacy_contact.strip() if practice is not None else "",
            answers=tuple(
                ChecklistAnswer(question, clause in on_file)
                for clause, question in CLAUSE_QUESTIONS.items()
            ),
        )


def suggested_next_due(reviewed_on: date, interval_months: int) -> date:
    return add_calendar_months(reviewed_on, interval_months)


def _validate(
    answers: tuple[ChecklistAnswer, ...],
    outcome: str,
    actions: tuple[ReviewAction, ...],
    reviewed_on: date,
    next_due_on: date,
    today: date,
) -> None:
    problems = []
    known = {key for key, _ in CHECKLIST}
    if {answer.key for answer in answers} != known:
        problems.append(ValidationError("answers", N_("Answer every question of the checklist.")))
    if outcome not in {key for key, _ in OUTCOMES}:
        problems.append(ValidationError("outcome", N_("Choose the outcome of the review.")))
    if reviewed_on > today:
        problems.append(
            ValidationError("reviewed_on", N_("A review cannot be dated in the future."))
        )
    if next_due_on <= reviewed_on:
        problems.append(
            ValidationError("next_due_on", N_("The next review must fall after this one."))
        )
    if outcome == "actions_needed" and not actions:
        problems.append(ValidationError("actions", N_("List the actions that are needed.")))
    if any(not action.text.strip() for action in actions):
        problems.append(ValidationError("actions", N_("Every action needs a description.")))
    if problems:
        raise InvalidInput(problems)


def record_review(
    store: Store,
    vendor_id: int,
    *,
    reviewed_on: date,
    reviewer: str,
    answers: tuple[ChecklistAnswer, ...],
    outcome: str,
    actions: tuple[ReviewAction, ...] = (),
    next_due_on: date,
    today: date,
    now: datetime | None = None,
) -> ReviewRow:
    now = now or datetime.now(UTC)
    _validate(answers, outcome, actions, reviewed_on, next_due_on, today)
    with unit_of_work(store.engine) as session:
        if session.get(Vendor, vendor_id) is None:
            raise NotFound(N_("That vendor is not on the register."))
        review = VendorReview(
            vendor_id=vendor_id,
            reviewed_on=reviewed_on,
            reviewer=reviewer.strip() or "unknown",
            answers_json=json.dumps(
                {a.key: {"passed": a.passed, "note": a.note.strip()} for a in answers},
                ensure_ascii=False,
            ),
            outcome=outcome,
            actions_json=json.dumps(
                [{"text": a.text.strip(), "due_on": a.due_on.isoformat()} for a in actions],
                ensure_ascii=False,
            ),
            next_due_on=next_due_on,
        )
        session.add(review)
        session.flush()
        append_audit(
            session,
            at=now,
            actor=reviewer,
            action="review",
            entity="vendor",
            entity_id=vendor_id,
            fields=["review"],
        )
        return _row(review)


def _row(review: VendorReview) -> ReviewRow:
    answers = json.loads(review.answers_json)
    return ReviewRow(
        id=review.id,
        vendor_id=review.vendor_id,
        reviewed_on=review.reviewed_on,
        reviewer=review.reviewer,
        answers=tuple(
            ChecklistAnswer(key, answers[key]["passed"], answers[key]["note"])
            for key, _ in CHECKLIST
            if key in answers
        ),
        outcome=review.outcome,
        actions=tuple(
            ReviewAction(item["text"], date.fromisoformat(item["due_on"]))
            for item in json.loads(review.actions_json)
        ),
        next_due_on=review.next_due_on,
    )


def list_reviews(store: Store, vendor_id: int) -> list[ReviewRow]:
    with unit_of_work(store.reader) as session:
        statement = (
            select(VendorReview)
            .where(VendorReview.vendor_id == vendor_id)
            .order_by(VendorReview.reviewed_on.desc(), VendorReview.id.desc())
        )
        return [_row(review) for review in session.execute(statement).scalars()]


def reviews_due(store: Store, *, today: date, within_days: int = 30) -> list[ReviewDue]:
    """Active vendors whose next review falls within `within_days` (or is overdue)."""
    with unit_of_work(store.reader) as session:
        return next_reviews(session, today=today, within_days=within_days)


def next_reviews(session: Session, *, today: date, within_days: int = 30) -> list[ReviewDue]:
    """`reviews_due` inside a caller's transaction (the record of processing flags from it).

    A vendor never reviewed is due one interval after its contract was signed (or it was
    added to the register).
    """
    latest = (
        select(
            VendorReview.vendor_id,
            func.max(VendorReview.reviewed_on).label("reviewed_on"),
            func.max(VendorReview.next_due_on).label("next_due_on"),
        )
        .group_by(VendorReview.vendor_id)
        .subquery()
    )
    rows = session.execute(
        select(Vendor, latest.c.reviewed_on, latest.c.next_due_on)
        .outerjoin(latest, latest.c.vendor_id == Vendor.id)
        .where(Vendor.status != "ended")
        .order_by(Vendor.name)
    ).all()
    due = []
    for vendor, reviewed_on, next_due_on in rows:
        if next_due_on is None:
            start = vendor.contract_signed_on or vendor.created_at.date()
            next_due_on = add_calendar_months(start, vendor.review_interval_months)
        if (next_due_on - today).days <= within_days:
            due.append(
                ReviewDue(
                    vendor.id, vendor.name, next_due_on, is_overdue(next_due_on, today), reviewed_on
                )
            )
    return sorted(due, key=lambda item: item.due_on)
