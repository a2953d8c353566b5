"""The rule sets a practice ticks, and its own promise that is always on, each one object (built
in gdpr.py, ccpa.py, pipl.py and promise.py from the pieces in model.py); and the rules read
over them: the strictest deadline (DESIGN.md 5), why a sharing needs consent (DESIGN.md 3),
what a notice must say, whom to complain to, which settings a practice can change.

No module outside this package names a rule set: a new one is a module building a `RuleSet`
and its place in RULE_SETS (a test calls `register`). The notice renderer asks which topics
the ticked rule sets require and prints a section or a line for each; the tests hold, per
item, the words that prove the notice says it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from app.domain.business_days import BusinessCalendar
from app.domain.enums import LegalBasis
from app.domain.rulesets.authorities import (
    CCPA_AUTHORITY,
    GDPR_AUTHORITIES,
    GDPR_ELSEWHERE,
    GERMAN_LAND_AUTHORITIES,
    GERMAN_LAND_UNKNOWN,
    PIPL_AUTHORITY,
    authority_part,
    gdpr_authority,
)
from app.domain.rulesets.ccpa import CCPA, CCPA_ITEMS
from app.domain.rulesets.gdpr import GDPR, GDPR_ITEMS
from app.domain.rulesets.model import (
    Authority,
    BreachItem,
    ConsentReason,
    ConsentTrigger,
    Deadline,
    DeadlineKind,
    NoticeItem,
    RuleSet,
    RuleSettings,
    Setting,
    SharingFacts,
    Topic,
)
from app.domain.rulesets.pipl import PIPL, PIPL_ITEMS
from app.domain.rulesets.promise import PROMISE, PROMISE_KEY

__all__ = [
    "BASE_TOPICS",
    "CCPA",
    "CCPA_AUTHORITY",
    "CCPA_ITEMS",
    "GDPR",
    "GDPR_AUTHORITIES",
    "GDPR_ELSEWHERE",
    "GDPR_ITEMS",
    "GERMAN_LAND_AUTHORITIES",
    "GERMAN_LAND_UNKNOWN",
    "PIPL",
    "PIPL_AUTHORITY",
    "PIPL_ITEMS",
    "PROMISE",
    "RULE_SETS",
    "Authority",
    "BreachItem",
    "ConsentReason",
    "ConsentTrigger",
    "Deadline",
    "DeadlineKind",
    "NoticeItem",
    "RuleSet",
    "RuleSettings",
    "Setting",
    "SharingFacts",
    "Topic",
    "applying",
    "asking_consent",
    "authorities",
    "authority_part",
    "consent_reasons",
    "due",
    "due_at",
    "every_rule_set",
    "gdpr_authority",
    "home_rule_set",
    "law_name",
    "notice_checklist",
    "notice_topics",
    "register",
    "rule_sets",
    "setting_fields",
    "suggested_rule_sets",
    "unregister",
]

# The rule sets a practice can tick, in the order the window, the notice and every list use.
RULE_SETS: dict[str, RuleSet] = {rule.key: rule for rule in (GDPR, CCPA, PIPL)}

# What every notice says whatever the rule sets: the promise's own checklist.
BASE_TOPICS = PROMISE.topics


def register(rule: RuleSet) -> RuleSet:
    """Add a rule set practices can tick (after the built-in ones)."""
    if rule.key in RULE_SETS or rule.key == PROMISE_KEY:
        raise ValueError(f"a rule set {rule.key!r} is already registered")
    taken = setting_fields()
    clash = [setting.field for setting in rule.settings if setting.field in taken]
    if clash:
        raise ValueError(f"settings named {clash} already belong to another rule set")
    RULE_SETS[rule.key] = rule
    return rule


def unregister(key: str) -> None:
    RULE_SETS.pop(key, None)


def rule_sets(jurisdictions: Iterable[str]) -> tuple[RuleSet, ...]:
    """The ticked rule sets in a fixed order (GDPR, CCPA, PIPL); unknown values are skipped."""
    ticked = {value.strip().lower() for value in jurisdictions}
    return tuple(rule for key, rule in RULE_SETS.items() if key in ticked)


def applying(jurisdictions: Iterable[str]) -> tuple[RuleSet, ...]:
    """The practice's promise and the ticked rule sets: every rule a practice keeps."""
    return (PROMISE, *rule_sets(jurisdictions))


def every_rule_set() -> tuple[RuleSet, ...]:
    """The promise and every rule set a practice could tick (for settings and choices)."""
    return (PROMISE, *RULE_SETS.values())


# -- deadlines (DESIGN.md 5) -----------------------------------------------------------------


def due(
    kind: DeadlineKind,
    received: date,
    jurisdictions: Iterable[str],
    calendar: BusinessCalendar,
    settings: RuleSettings | None = None,
    *,
    extended: bool = False,
) -> date | None:
    """The strictest rule: the earliest day any rule set that applies wants a step of `kind`
    done by; None when none of them sets a day count for it.

    With `extended`, each rule set's extended period where it allows one (given with reasons
    inside the first period); the promise allows none, so it still caps the answer.
    """
    settings = settings or RuleSettings()
    days = [
        day
        for rule in applying(jurisdictions)
        if (day := rule.due(kind, received, calendar, settings, extended=extended)) is not None
    ]
    return min(days, default=None)


def due_at(kind: DeadlineKind, start: datetime, jurisdictions: Iterable[str]) -> datetime | None:
    """The strictest rule for a step counted in hours from a moment (a breach notice)."""
    moments = [
        moment
        for rule in applying(jurisdictions)
        if (moment := rule.due_at(kind, start)) is not None
    ]
    return min(moments, default=None)


# -- consent (DESIGN.md 3) -------------------------------------------------------------------


def consent_reasons(
    *,
    legal_basis: LegalBasis,
    has_sensitive_category: bool,
    sends_abroad: bool,
    jurisdictions: Iterable[str],
) -> tuple[ConsentReason, ...]:
    """Every reason the rules that apply give for asking consent to a sharing, each once."""
    facts = SharingFacts(LegalBasis(legal_basis), has_sensitive_category, sends_abroad)
    reasons: dict[ConsentReason, None] = {}
    for rule in applying(jurisdictions):
        reasons.update(dict.fromkeys(rule.asks_consent(facts)))
    return tuple(reasons)


def asking_consent(reason: ConsentReason, jurisdictions: Iterable[str]) -> tuple[RuleSet, ...]:
    """The ticked rule sets that ask consent for `reason` (the promise is not among them: it
    is the practice's own rule, not a law to name)."""
    return tuple(
        rule
        for rule in rule_sets(jurisdictions)
        if any(trigger.reason == reason for trigger in rule.consent_triggers)
    )


# -- the notice ------------------------------------------------------------------------------


def notice_checklist(jurisdictions: Iterable[str]) -> tuple[NoticeItem, ...]:
    """Every item the ticked rule sets require a privacy notice to say."""
    return tuple(item for rule in rule_sets(jurisdictions) for item in rule.notice_items)


def notice_topics(jurisdictions: Iterable[str]) -> frozenset[Topic]:
    """What a notice must say for the ticked rule sets: the union of their topics."""
    return frozenset(item.topic for item in notice_checklist(jurisdictions))


def law_name(key: str, country: str) -> str:
    """How documents name a rule set's law (marked N_: translate it); the key when unknown."""
    rule = RULE_SETS.get(key)
    return rule.law_name(country) if rule is not None else key


def suggested_rule_sets(country: str) -> tuple[RuleSet, ...]:
    """The rule sets a practice in `country` is offered ticked when it sets up (each rule
    set's `suggested_in`); none for a country no rule set names."""
    code = country.strip().upper()
    return tuple(rule for rule in RULE_SETS.values() if code in rule.suggested_in)


def home_rule_set(country: str, jurisdictions: Iterable[str]) -> RuleSet | None:
    """The ticked rule set of the practice's own country, else the first ticked one."""
    ticked = rule_sets(jurisdictions)
    return next((rule for rule in ticked if rule.home(country)), ticked[0] if ticked else None)


def records_language(country: str, jurisdictions: Iterable[str]) -> str:
    """The language the record of processing is kept in when the practice is at home under a
    rule set that says one (PIPL: Chinese); "" for the practice's own."""
    home = home_rule_set(country, jurisdictions)
    return home.record_language if home is not None and home.home(country) else ""


def processing_record_citations(
    jurisdictions: Iterable[str], country: str
) -> tuple[tuple[str, str], ...]:
    """(law marked N_, article) of each ticked rule set that asks a record of processing."""
    return tuple(
        (rule.law_name(country), rule.processing_record)
        for rule in rule_sets(jurisdictions)
        if rule.processing_record
    )


def authorities(
    country: str, subdivision: str, jurisdictions: Iterable[str], override: str = ""
) -> tuple[tuple[str, Authority], ...]:
    """The authority of each ticked rule set. The practice's own name for its authority
    (`override`, as typed in the profile) replaces the default of its home rule set."""
    ticked = rule_sets(jurisdictions)
    home = home_rule_set(country, jurisdictions)
    named = override.strip()
    result = []
    for rule in ticked:
        if rule.authority is None:
            continue
        authority = rule.authority(country, subdivision)
        if named and rule is home:
            authority = Authority(named, named)
        result.append((rule.key, authority))
    return tuple(result)


# -- settings --------------------------------------------------------------------------------


def setting_fields() -> dict[str, tuple[RuleSet, Setting]]:
    """Every setting of every rule set by its public name ("pipl_request_days")."""
    return {
        setting.field: (rule, setting) for rule in every_rule_set() for setting in rule.settings
    }
