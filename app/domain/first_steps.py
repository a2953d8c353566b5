"""The first-start guide's steps, in order, and when each is done: one rule over the facts
the services read from the records (app/services/first_steps.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.domain.rulesets import suggested_rule_sets


class Step(StrEnum):
    PROFILE = "profile"  # who the practice is and how clients reach it
    LAWS = "laws"  # which rule sets apply
    VENDORS = "vendors"  # the service providers that receive client data
    SHARINGS = "sharings"  # what each of them receives, and why
    NOTICE = "notice"  # the first published privacy notice
    CLIENT = "client"  # the first client (typed, or imported)


STEPS = tuple(Step)


@dataclass(frozen=True)
class SetupFacts:
    """What the records say about how far the practice has come."""

    practice_name: str
    practice_email: str
    practice_phone: str
    country: str
    ticked: tuple[str, ...]  # the rule sets ticked
    laws_chosen: bool  # the practice has saved or confirmed its rule sets at least once
    active_vendors: int
    vendors_without_sharing: int  # active vendors that receive nothing yet
    notice_published: bool
    clients: int


@dataclass(frozen=True)
class StepState:
    step: Step
    done: bool


def laws_settled(country: str, ticked: Iterable[str], *, chosen: bool) -> bool:
    """The practice chose its rule sets (even none: its own promise always applies), or it
    has every one its country suggests ticked (a British practice keeps the GDPR it starts
    with without saving again)."""
    ticked = {key.strip().lower() for key in ticked if key.strip()}
    suggested = {str(rule.key) for rule in suggested_rule_sets(country)}
    return chosen or (bool(suggested) and suggested <= ticked)


def step_states(facts: SetupFacts) -> tuple[StepState, ...]:
    """Every step with whether it is done; each is judged on its own, so a step done out of
    order (a client typed before the notice) shows as done."""
    done = {
        # Every notice and letter is headed with the name and says how to reach the practice.
        Step.PROFILE: bool(facts.practice_name.strip())
        and bool(facts.practice_email.strip() or facts.practice_phone.strip()),
        Step.LAWS: laws_settled(facts.country, facts.ticked, chosen=facts.laws_chosen),
        Step.VENDORS: facts.active_vendors > 0,
        Step.SHARINGS: facts.active_vendors > 0 and facts.vendors_without_sharing == 0,
        Step.NOTICE: facts.notice_published,
        Step.CLIENT: facts.clients > 0,
    }
    return tuple(StepState(step, done[step]) for step in STEPS)


def complete(states: Iterable[StepState]) -> bool:
    return all(state.done for state in states)
