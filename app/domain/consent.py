"""Consent rules: the current state from the event ledger, and when consent is required."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from app.domain import rulesets
from app.domain.enums import ConsentState, Jurisdiction, LegalBasis
from app.domain.rulesets import ConsentReason
from app.domain.transfers import countries_abroad


@dataclass(frozen=True)
class ConsentFact:
    """One consent event as the rules need it; ``sequence`` is the ledger id and breaks ties."""

    sharing_id: int
    state: ConsentState
    occurred_at: datetime
    sequence: int

    def __post_init__(self) -> None:
        if self.state == ConsentState.NONE:
            raise ValueError("NONE means 'never recorded' and is never an event")


def current_consents(events: Iterable[ConsentFact]) -> dict[int, ConsentFact]:
    """The latest event per sharing, by when it happened, then by ledger order.

    Ordering by ``occurred_at`` lets a paper form signed last week and typed in today sit
    where it belongs; two events at the same moment keep the order they were recorded in.
    """
    latest: dict[int, ConsentFact] = {}
    for event in events:
        current = latest.get(event.sharing_id)
        if current is None or _order(event) > _order(current):
            latest[event.sharing_id] = event
    return latest


def current_state(events: Iterable[ConsentFact], sharing_id: int) -> ConsentState:
    relevant = (event for event in events if event.sharing_id == sharing_id)
    latest = current_consents(relevant).get(sharing_id)
    return ConsentState.NONE if latest is None else latest.state


def ends_given_consent(
    events: Iterable[ConsentFact], sharing_id: int, state: ConsentState, occurred_at: datetime
) -> bool:
    """Whether an answer of `state` at `occurred_at` would end a consent that stands now.

    Ending a consent is a withdrawal: the vendor already has the data and must be told, which
    only an opt-out does. A refusal dated before a later "given" changes nothing.
    """
    if state not in (ConsentState.REFUSED, ConsentState.WITHDRAWN):
        return False
    latest = current_consents(e for e in events if e.sharing_id == sharing_id).get(sharing_id)
    return (
        latest is not None
        and latest.state == ConsentState.GIVEN
        and occurred_at >= latest.occurred_at
    )


def consent_reasons(
    *,
    legal_basis: LegalBasis,
    has_sensitive_category: bool,
    sends_abroad: bool,
    jurisdictions: Iterable[Jurisdiction | str],
) -> tuple[ConsentReason, ...]:
    """Every reason a sharing needs consent (DESIGN.md 3); none when it does not.

    The one rule: the register, the notice, the consent form and the sharing dialog ask it.
    Each rule set declares its own triggers (`app.domain.rulesets`); the practice's promise
    asks for consent-based and sensitive sharings, PIPL for transfers abroad.
    """
    return rulesets.consent_reasons(
        legal_basis=legal_basis,
        has_sensitive_category=has_sensitive_category,
        sends_abroad=sends_abroad,
        jurisdictions=jurisdictions,
    )


def consent_required(
    *,
    legal_basis: LegalBasis,
    has_sensitive_category: bool,
    sends_abroad: bool,
    jurisdictions: Iterable[Jurisdiction | str],
) -> bool:
    """Whether any rule that applies asks consent for the sharing (see consent_reasons)."""
    return bool(
        consent_reasons(
            legal_basis=legal_basis,
            has_sensitive_category=has_sensitive_category,
            sends_abroad=sends_abroad,
            jurisdictions=jurisdictions,
        )
    )


def sends_abroad(storage_countries: Iterable[str], practice_country: str) -> bool:
    """True when any country where the vendor stores or processes data lies outside the
    practice's own legal area: the EEA for an EU practice, the UK, mainland China (see
    `app.domain.transfers`)."""
    return bool(countries_abroad(storage_countries, practice_country))


def may_share(state: ConsentState, required: bool) -> bool:
    """A sharing that needs consent goes ahead only with consent given; others go ahead
    unless the person said no to them (an objection upheld, marketing stopped on request)."""
    if required:
        return state == ConsentState.GIVEN
    return state not in (ConsentState.REFUSED, ConsentState.WITHDRAWN)


def _order(event: ConsentFact) -> tuple[datetime, int]:
    return (event.occurred_at, event.sequence)
