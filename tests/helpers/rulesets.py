"""A fourth rule set, made up, that tests register to show that adding one touches no module
outside its own declaration: deadlines, consent, the notice checklist and the settings follow."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app.domain import rulesets
from app.domain.rulesets import (
    Authority,
    ConsentReason,
    ConsentTrigger,
    Deadline,
    DeadlineKind,
    RuleSet,
    Setting,
    Topic,
)
from app.domain.rulesets.model import BusinessDays, CalendarDays, Hours, notice_items

ATLANTIS_AUTHORITY = Authority("the Atlantis Data Office", "亚特兰蒂斯数据办公室")

# Stricter than every built-in rule where it sets a day count, so each one shows.
ATLANTIS = RuleSet(
    key="atlantis",
    title="Atlantis Data Act",
    short_name="ADA",
    notice_items=notice_items(
        "atlantis",
        (Topic.DPO, "s. 4", "the data officer"),
        (Topic.EXPLANATION, "s. 9", "the right to an explanation"),
        (Topic.COMPLAINT, "s. 12", "the Atlantis Data Office"),
    ),
    authority=lambda _country, _part: ATLANTIS_AUTHORITY,
    home=lambda country: country == "AQ",
    deadlines={
        DeadlineKind.OPT_OUT: Deadline(BusinessDays(3)),
        DeadlineKind.ANSWER: Deadline(CalendarDays("answer_days"), extended=CalendarDays(28)),
        DeadlineKind.CONFIRMATION: Deadline(BusinessDays(2)),
        DeadlineKind.BREACH: Deadline(Hours(24)),
    },
    consent_triggers=(
        ConsentTrigger(ConsentReason.TRANSFER_ABROAD, lambda sharing: sharing.sends_abroad),
    ),
    settings=(
        Setting(
            "answer_days",
            field="atlantis_answer_days",
            label="Atlantis: we answer within (days)",
            default=7,
            low=2,
            high=14,
        ),
    ),
)


@contextmanager
def registered(rule: RuleSet) -> Iterator[RuleSet]:
    """A rule set practices can tick while the block runs (a test's fixture)."""
    rulesets.register(rule)
    try:
        yield rule
    finally:
        rulesets.unregister(rule.key)
