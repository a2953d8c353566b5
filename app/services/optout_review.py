"""The opt-out path reviewed (issue 14): the facts a review is judged on, the review recorded,
and its line on Today when the next one falls due.

The facts come from the records as they are: the ways the practice offers, the ways its
newest published notice names, each vendor's contract clauses, and a rehearsal: an opt-out of
everything for a client who said yes to everything, run through the real opt-out steps and
rolled back, so it proves which vendors a real one reaches and leaves no client, request,
ledger entry or task behind (persistence.database.rehearsal).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlmodel import Session

from app.domain.deadlines import is_overdue
from app.domain.enums import Channel, ConsentState, OptOutScope, SharingForm, VendorStatus
from app.domain.errors import N_, ValidationError
from app.domain.optout import SharingFacts, can_be_stopped
from app.domain.optout_review import (
    ChannelTest,
    Finding,
    FindingKind,
    next_review_on,
    offered_channels,
    review_due_on,
    review_findings,
)
from app.i18n import translator
from app.persistence import ledgers
from app.persistence.database import rehearsal, unit_of_work
from app.persistence.models import (
    Client,
    NoticeVersion,
    NotificationRequest,
    OptOutReview,
    Vendor,
    VendorNotification,
)
from app.persistence.store import Store
from app.services.clients import unused_reference
from app.services.errors import InvalidInput
from app.services.notices import current_version
from app.services.optouts.applying import apply_request
from app.services.optouts.context import optout_context
from app.services.optouts.facts import sharing_facts
from app.services.optouts.intake import record_request
from app.services.places import OPTOUT_REVIEW, Opens
from app.services.practice import load_practice
from app.services.rows import DueItem

REVIEWER = "opt-out review"  # who the rehearsal's rolled-back steps are recorded by
LABEL = N_("Review the opt-out path")


@dataclass(frozen=True)
class ReviewFacts:
    """What a review is judged on, read from the records now."""

    offered: tuple[Channel, ...]
    notice_channels: tuple[Channel, ...] | None  # None: no notice published yet
    notice_number: int | None
    reached: tuple[str, ...]  # vendors the rehearsed opt-out gave a task, by name
    not_reached: tuple[str, ...]  # vendors it should have reached and did not
    without_clause: tuple[str, ...]  # active vendors whose contract lacks opt-out handling
    last_reviewed_on: date | None
    next_due_on: date | None


@dataclass(frozen=True)
class ReviewDraft:
    reviewed_on: date
    reviewer: str
    tests: tuple[ChannelTest, ...]
    actions: str = ""
    next_due_on: date | None = None  # None: a year after reviewed_on


@dataclass(frozen=True)
class ReviewRow:
    id: int
    reviewed_on: date
    reviewer: str
    tests: tuple[ChannelTest, ...]
    findings: tuple[Finding, ...]
    outcome: str  # "passed" or "actions_needed"
    actions: str
    next_due_on: date


def prepare_review(store: Store, *, now: datetime | None = None) -> ReviewFacts:
    """The facts of a review now; the rehearsal writes nothing that stays."""
    now = now or datetime.now(UTC)
    with rehearsal(store.engine) as session:
        return _facts(session, now)


def record_review(
    store: Store, draft: ReviewDraft, *, actor: str, now: datetime | None = None
) -> ReviewRow:
    """Keep a review: the findings are judged again on the records at this moment.

    Raises:
        InvalidInput: a date in the future, a next review not after this one, a test dated
            outside the review's year, or findings with no action written.
    """
    now = now or datetime.now(UTC)
    with rehearsal(store.engine) as session:
        facts = _facts(session, now)
        today = optout_context(session).today(now)
    findings = _findings(facts, draft.tests)
    next_due_on = draft.next_due_on or next_review_on(draft.reviewed_on)
    _check(draft, findings, next_due_on, today=today)
    with unit_of_work(store.engine) as session:
        review = OptOutReview(
            reviewed_on=draft.reviewed_on,
            reviewer=draft.reviewer.strip(),
            tests_json=json.dumps([_test_json(test) for test in draft.tests]),
            findings_json=json.dumps(
                [{"kind": f.kind.value, "subject": f.subject} for f in findings]
            ),
            outcome="actions_needed" if findings else "passed",
            actions=draft.actions.strip(),
            next_due_on=next_due_on,
            recorded_at=now,
        )
        session.add(review)
        session.flush()
        ledgers.append_audit(
            session,
            at=now,
            actor=actor,
            action="create",
            entity="optout_review",
            entity_id=review.id,
            fields=["tests", "findings", "outcome", *(["actions"] if review.actions else [])],
        )
        return _row(review)


def latest_review(store: Store) -> ReviewRow | None:
    with unit_of_work(store.engine) as session:
        review = _latest(session)
        return _row(review) if review is not None else None


def review_due(store: Store, today: date, language: str) -> list[DueItem]:
    """Today's line when the next review is due (or, before the first, once a notice is out)."""
    _ = translator(language)
    with unit_of_work(store.engine) as session:
        review = _latest(session)
        first = session.execute(select(func.min(NoticeVersion.published_at))).scalar_one()
        zone = optout_context(session).zone
    due = review_due_on(
        next_due_on=review.next_due_on if review is not None else None,
        first_published_on=first.astimezone(zone).date() if first is not None else None,
    )
    if due is None or due > today:
        return []
    subject = (
        _("Test every way clients can opt out, and check the notice and the vendors' contracts")
        if review is None
        else _("Yearly review of the opt-out path (last one {date})").format(
            date=review.reviewed_on.isoformat()
        )
    )
    return [
        DueItem(
            kind="optout_review",
            subject=subject,
            due=due,
            overdue=is_overdue(due, today),
            label=_(LABEL),
            opens=Opens(OPTOUT_REVIEW),
        )
    ]


def _facts(session: Session, now: datetime) -> ReviewFacts:
    practice = load_practice(session)
    offered = offered_channels(
        online_url=practice.online_optout_url, email=practice.email, phone=practice.phone
    )
    notice = current_version(session)
    notice_channels = None
    if notice is not None:
        published = json.loads(notice.snapshot_json).get("practice", {})
        notice_channels = offered_channels(
            online_url=published.get("online_optout_url", ""),
            email=published.get("email", ""),
            phone=published.get("phone", ""),
        )
    context = optout_context(session)
    today = context.today(now)
    sharings = sharing_facts(session, "en", on=today)
    vendors = {
        vendor.id: vendor
        for vendor in session.execute(select(Vendor)).scalars()
        if vendor.status != VendorStatus.ENDED.value
    }
    # What the notice promises: every sharing an opt-out stops, of data that names the person.
    expected = {
        s.vendor_id
        for s in sharings
        if s.vendor_id in vendors and can_be_stopped(s) and s.form is not SharingForm.ANONYMISED
    }
    reached = _rehearse(session, context, [s for s in sharings if s.vendor_id in vendors], now)
    last = _latest(session)
    return ReviewFacts(
        offered=offered,
        notice_channels=notice_channels,
        notice_number=notice.number if notice is not None else None,
        reached=_names(vendors, reached),
        not_reached=_names(vendors, expected - reached),
        without_clause=_names(
            vendors,
            {
                vendor_id
                for vendor_id in expected
                if "optout_handling" not in vendors[vendor_id].clauses.split(",")
            },
        ),
        last_reviewed_on=last.reviewed_on if last is not None else None,
        next_due_on=last.next_due_on if last is not None else None,
    )


def _rehearse(
    session: Session, context, sharings: Sequence[SharingFacts], now: datetime
) -> set[int]:
    """The vendors a real opt-out of everything gives a task: a client who said yes to every
    sharing, then an opt-out by phone, through the same steps the window's would take. The
    caller's rehearsal rolls all of it back."""
    client = Client(
        ref=unused_reference(session, secrets.randbelow),
        given_name="Opt-out rehearsal",
        status="active",
        created_at=now,
        updated_at=now,
    )
    session.add(client)
    session.flush()
    said_yes_at = now - timedelta(hours=1)
    ledgers.append(
        session,
        "consent_event",
        [
            {
                "client_id": client.id,
                "sharing_id": sharing.sharing_id,
                "state": ConsentState.GIVEN.value,
                "channel": Channel.PAPER_IN_PERSON.value,
                "occurred_at": said_yes_at,
                "recorded_at": said_yes_at,
                "recorded_by": REVIEWER,
                "notice_version_id": None,
                "evidence_note": "",
                "evidence_file": "",
                "evidence_sha256": "",
                "optout_request_id": None,
            }
            for sharing in sharings
            if sharing.consent_required
        ],
    )
    request = record_request(
        session,
        context,
        client_id=client.id,
        channel=Channel.PHONE,
        scope=OptOutScope.ALL,
        received_at=now,
        actor=REVIEWER,
        now=now,
    )
    apply_request(session, request, client.id, context, now=now, actor=REVIEWER)
    told = session.execute(
        select(VendorNotification.vendor_id)
        .join(NotificationRequest, NotificationRequest.notification_id == VendorNotification.id)
        .where(NotificationRequest.request_id == request.id)
    ).scalars()
    return set(told)


def _findings(facts: ReviewFacts, tests: Sequence[ChannelTest]) -> tuple[Finding, ...]:
    return review_findings(
        offered=facts.offered,
        notice_channels=facts.notice_channels,
        tests=tests,
        vendors_not_reached=facts.not_reached,
        vendors_without_clause=facts.without_clause,
    )


def _check(draft: ReviewDraft, findings, next_due_on: date, *, today: date) -> None:
    problems = []
    if draft.reviewed_on > today:
        problems.append(
            ValidationError("reviewed_on", N_("The review cannot be dated in the future."))
        )
    if not draft.reviewer.strip():
        problems.append(ValidationError("reviewer", N_("Say who made the review.")))
    if next_due_on <= draft.reviewed_on:
        problems.append(ValidationError("next_due_on", N_("The next review falls after this one.")))
    if any(t.tested_on is not None and t.tested_on > draft.reviewed_on for t in draft.tests):
        problems.append(
            ValidationError("tests", N_("A test request cannot be dated after the review."))
        )
    if findings and not draft.actions.strip():
        problems.append(
            ValidationError("actions", N_("Say what will be done about what the review found."))
        )
    if problems:
        raise InvalidInput(problems)


def _latest(session: Session) -> OptOutReview | None:
    return (
        session.execute(
            select(OptOutReview).order_by(OptOutReview.reviewed_on.desc(), OptOutReview.id.desc())
        )
        .scalars()
        .first()
    )


def _names(vendors: dict[int, Vendor], ids: set[int]) -> tuple[str, ...]:
    return tuple(sorted(vendors[vendor_id].name for vendor_id in ids))


def _test_json(test: ChannelTest) -> dict:
    return {
        "channel": test.channel.value,
        "tested_on": test.tested_on.isoformat() if test.tested_on else None,
        "arrived": test.arrived,
        "confirmed": test.confirmed,
    }


def _row(review: OptOutReview) -> ReviewRow:
    tests = tuple(
        ChannelTest(
            channel=Channel(item["channel"]),
            tested_on=date.fromisoformat(item["tested_on"]) if item["tested_on"] else None,
            arrived=item["arrived"],
            confirmed=item["confirmed"],
        )
        for item in json.loads(review.tests_json)
    )
    findings = tuple(
        Finding(FindingKind(item["kind"]), item["subject"])
        for item in json.loads(review.findings_json)
    )
    assert review.id is not None
    return ReviewRow(
        id=review.id,
        reviewed_on=review.reviewed_on,
        reviewer=review.reviewer,
        tests=tests,
        findings=findings,
        outcome=review.outcome,
        actions=review.actions,
        next_due_on=review.next_due_on,
    )
