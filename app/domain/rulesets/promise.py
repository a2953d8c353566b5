"""The practice's own promise to its clients, always on and never looser than the law: what
every notice says, consent for consent-based and sensitive sharings, vendors told within 10
business days, requests answered within 30 days (both editable)."""

from __future__ import annotations

from app.domain.enums import LegalBasis
from app.domain.errors import N_
from app.domain.rulesets.model import (
    BusinessDays,
    CalendarDays,
    ConsentReason,
    ConsentTrigger,
    Deadline,
    DeadlineKind,
    RuleSet,
    Setting,
    notice_items,
)
from app.domain.rulesets.model import Topic as T

PROMISE_KEY = "promise"

# What every notice says whatever the rule sets (DESIGN.md 6.1): the rights to see, correct
# and delete, to object and say no to marketing, to withdraw a consent, and where to complain.
PROMISE_ITEMS = notice_items(
    PROMISE_KEY,
    (T.ACCESS, "DESIGN.md 6.1", "see the information held and get a copy"),
    (T.CORRECTION, "DESIGN.md 6.1", "have it corrected"),
    (T.DELETION, "DESIGN.md 6.1", "have it deleted"),
    (T.OBJECTION, "DESIGN.md 6.1", "object to a use, say no to marketing"),
    (T.WITHDRAWAL, "DESIGN.md 6.1", "withdraw a consent"),
    (T.COMPLAINT, "DESIGN.md 6.1", "where to complain"),
)

PROMISE = RuleSet(
    key=PROMISE_KEY,
    title=N_("Our own promise"),
    short_name=N_("Our own promise"),
    notice_items=PROMISE_ITEMS,
    deadlines={
        # Consent is withdrawn at once, when the request is recorded; vendors are told in
        # business days, requests answered in plain calendar days, as the practice words it
        # to its clients.
        DeadlineKind.OPT_OUT: Deadline(BusinessDays("vendor_days")),
        DeadlineKind.ANSWER: Deadline(CalendarDays("request_days")),
        # A complaint or feedback is answered as the practice promises a request; no law
        # counts days for it.
        DeadlineKind.COMPLAINT: Deadline(CalendarDays("request_days")),
    },
    # DESIGN.md 3: consent is required when the purpose rests on it and when a sensitive
    # category is sent, under every rule set.
    consent_triggers=(
        ConsentTrigger(
            ConsentReason.CONSENT_BASIS,
            lambda sharing: sharing.legal_basis == LegalBasis.CONSENT,
        ),
        ConsentTrigger(ConsentReason.SENSITIVE, lambda sharing: sharing.has_sensitive_category),
    ),
    settings=(
        Setting(
            "vendor_days",
            field=N_("promise_vendor_days"),
            label=N_("We tell &vendors within (business days)"),
            default=10,
            low=1,
            high=60,
        ),
        Setting(
            "request_days",
            field=N_("promise_request_days"),
            label=N_("We answer &requests within (days)"),
            default=30,
            low=1,
            high=90,
        ),
    ),
)
