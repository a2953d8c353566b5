"""What a rule set is made of: its deadlines per request kind, its consent triggers, its
notice checklist, its authority and the settings a practice can change for it.

Each rule set is one `RuleSet` object (gdpr.py, ccpa.py, pipl.py, promise.py) built from
these pieces; the functions in `app.domain.rulesets` read them over the ticked rule sets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from app.domain.business_days import BusinessCalendar, period_end
from app.domain.enums import LegalBasis
from app.domain.errors import N_, Phrase, ValidationError


class Topic(StrEnum):
    """Something a privacy notice says; one vocabulary for every rule set."""

    CONTROLLER = "controller"  # who is responsible, and how to reach them
    DPO = "dpo"  # the data protection officer, or that there is none
    PURPOSES = "purposes"  # the purposes and the legal basis of each
    CATEGORIES = "categories"  # the categories of information collected
    REQUIREMENT = "requirement"  # statutory or contractual requirement, and if not given
    AUTOMATED_DECISIONS = "automated_decisions"  # none, or what and why
    RECIPIENTS = "recipients"  # who receives the information
    PROCESSING_METHODS = "processing_methods"  # how each recipient handles it
    TRANSFERS = "transfers"  # which information leaves the practice's area, and the safeguard
    SAFEGUARD_COPY = "safeguard_copy"  # how to get a copy of the safeguards
    FOREIGN_RECIPIENTS = "foreign_recipients"  # a recipient abroad: contact, rights against it
    SENSITIVE = "sensitive"  # sensitive information: why it is necessary, the impact
    SALE_AND_SHARING = "sale_and_sharing"  # whether personal information is sold or shared
    DO_NOT_SELL = "do_not_sell"  # "Do Not Sell or Share My Personal Information"
    LIMIT_SENSITIVE = "limit_sensitive"  # "Limit the Use of My Sensitive Personal Information"
    RETENTION = "retention"  # how long, for every category
    ACCESS = "access"  # see it and get a copy
    KNOW = "know"  # know what is collected, used and disclosed
    CORRECTION = "correction"
    DELETION = "deletion"
    RESTRICTION = "restriction"
    OBJECTION = "objection"  # object to, or refuse, a use
    PORTABILITY = "portability"  # receive it, or have it sent to another provider
    EXPLANATION = "explanation"  # ask for an explanation of the handling
    WITHDRAWAL = "withdrawal"  # withdraw consent, as easily as it was given
    NON_DISCRIMINATION = "non_discrimination"
    REQUESTS = "requests"  # how to make a request: verification, an authorised agent
    COMPLAINT = "complaint"  # the right to complain, and to whom


@dataclass(frozen=True)
class NoticeItem:
    """One thing a rule set requires a privacy notice to say."""

    rule_set: str  # the key of the rule set (a Jurisdiction value for the built-in ones)
    topic: Topic
    article: str  # where the law says so
    says: str  # what the notice must say, for a maintainer

    @property
    def key(self) -> str:
        return f"{self.rule_set}.{self.topic}"


def notice_items(rule_set: str, *rows: tuple[Topic, str, str]) -> tuple[NoticeItem, ...]:
    """A checklist written as (topic, article, what the notice says) rows."""
    return tuple(NoticeItem(rule_set, topic, article, says) for topic, article, says in rows)


@dataclass(frozen=True)
class Authority:
    """The body that hears complaints, named in both languages of the documents."""

    name_en: str
    name_zh: str
    # Where it takes breach reports, when known; the incident plan prints it (else a line to
    # fill in by hand, once, before it is needed).
    website: str = ""

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


# -- consent ---------------------------------------------------------------------------------


class ConsentReason(StrEnum):
    """Why a sharing needs the client's consent; documents and dialogs word each one."""

    CONSENT_BASIS = "consent_basis"  # the purpose rests on consent
    SENSITIVE = "sensitive"  # a sensitive category (health, body) is sent
    TRANSFER_ABROAD = "transfer_abroad"  # PIPL asks separate consent to send data abroad


@dataclass(frozen=True)
class SharingFacts:
    """What the consent triggers look at in a sharing."""

    legal_basis: LegalBasis
    has_sensitive_category: bool
    sends_abroad: bool


@dataclass(frozen=True)
class ConsentTrigger:
    """A rule set asks consent, for `reason`, of every sharing `applies` holds for."""

    reason: ConsentReason
    applies: Callable[[SharingFacts], bool]


# -- deadlines -------------------------------------------------------------------------------


class DeadlineKind(StrEnum):
    """The clocks a request or an incident starts (DESIGN.md section 5)."""

    OPT_OUT = "opt_out"  # every vendor told of an opt-out or a withdrawal
    ANSWER = "answer"  # an access, correction or deletion request answered
    CONFIRMATION = "confirmation"  # receipt of a request confirmed to the person
    # The person told, with the reasons, that the answer takes longer: a rule set that allows
    # an extension (`Deadline.extended` of ANSWER) wants it told inside this period.
    EXTENSION = "extension"
    COMPLAINT = "complaint"  # a complaint or feedback answered (the practice's promise)
    BREACH = "breach"  # the authority told of a breach, counted from awareness
    BREACH_PERSONS = "breach_persons"  # the people whose data it was told, from awareness


class BreachItem(StrEnum):
    """What a report of a breach to the authority says; each rule set cites where it asks it."""

    NATURE = "nature"  # what happened, and its cause
    CATEGORIES = "categories"  # the kinds of data (PIPL: the information involved)
    NUMBERS = "numbers"  # approximate numbers of people and of records
    CONSEQUENCES = "consequences"  # the likely consequences (PIPL: the possible harm)
    MEASURES = "measures"  # taken or proposed, to mitigate too (PIPL: remedial measures)
    SELF_HELP = "self_help"  # what the people can do to reduce the harm
    CONTACT = "contact"  # who to contact for more information
    TIMES = "times"  # when it happened, became known, was reported; why late


# A period's length: a number, or the key of one of its rule set's settings.
Length = int | str


@dataclass(frozen=True)
class Period:
    length: Length

    def days(self, setting: Callable[[str], int]) -> int:
        return setting(self.length) if isinstance(self.length, str) else self.length

    def end(self, start: date, calendar: BusinessCalendar, setting: Callable[[str], int]) -> date:
        raise NotImplementedError


@dataclass(frozen=True)
class BusinessDays(Period):
    """Working days after the day of receipt (which is not counted)."""

    def end(self, start: date, calendar: BusinessCalendar, setting: Callable[[str], int]) -> date:
        return calendar.add_business_days(start, self.days(setting))


@dataclass(frozen=True)
class CalendarDays(Period):
    """Plain days; the end stays where it falls, a Sunday included."""

    def end(self, start: date, calendar: BusinessCalendar, setting: Callable[[str], int]) -> date:
        return start + timedelta(days=self.days(setting))


@dataclass(frozen=True)
class Months(Period):
    """Calendar months; one ending on a day off ends on the next working day (1182/71)."""

    def end(self, start: date, calendar: BusinessCalendar, setting: Callable[[str], int]) -> date:
        return period_end(start, self.days(setting), calendar)


@dataclass(frozen=True)
class Hours:
    """Elapsed hours from a moment: 0 is "immediately".

    Counted in UTC, so a clock change in between moves the local deadline by an hour. A naive
    datetime is taken as UTC, as stored.
    """

    hours: int

    def end_at(self, start: datetime) -> datetime:
        if start.tzinfo is None:
            return start + timedelta(hours=self.hours)
        return (start.astimezone(UTC) + timedelta(hours=self.hours)).astimezone(start.tzinfo)


IMMEDIATELY = Hours(0)


@dataclass(frozen=True)
class Promptly:
    """A step owed "without undue delay": the law counts no hours, so no clock runs; the
    record shows when it was done and the reasons."""


WITHOUT_UNDUE_DELAY = Promptly()


@dataclass(frozen=True)
class Deadline:
    """How long a rule set gives for one kind of step, and how long with an extension (given
    with reasons inside the first period), if it allows one.

    `high_risk_only`: the step is owed only where the risk to the people is high (GDPR Art. 34
    tells clients of a breach then); `article` is where the law says so, for the record.
    """

    period: Period | Hours | Promptly
    extended: Period | None = None
    high_risk_only: bool = False
    article: str = ""


# -- settings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Setting:
    """A number of days a practice chooses for a rule set, within bounds the rule set sets.

    `field` is its public name: the services, the command line and the messages use it, and
    the settings page names its field after it; it is marked for translation because error
    messages name it.
    """

    key: str  # inside the rule set's settings
    field: str
    label: str  # the settings page's label, with its accelerator
    default: int
    low: int
    high: int

    def checked(self, value: object) -> int:
        try:
            number = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            raise ValidationError(
                self.field, N_("{field} must be a whole number of days."), field=Phrase(self.field)
            ) from None
        if not self.low <= number <= self.high:
            raise ValidationError(
                self.field,
                N_("{field} must be between {low} and {high} days."),
                field=Phrase(self.field),
                low=self.low,
                high=self.high,
            )
        return number


# -- the rule set ----------------------------------------------------------------------------


def _nowhere(_country: str) -> bool:
    return False


@dataclass(frozen=True, eq=False)  # one object per rule set: compared and hashed by identity
class RuleSet:
    key: str  # stored in the practice's ticked rule sets; a Jurisdiction value when built in
    title: str  # how the window names it, marked N_: "EU / UK GDPR"
    short_name: str  # how documents name the law, marked N_: "GDPR"
    notice_items: tuple[NoticeItem, ...] = ()
    # The authority for a practice in (country, subdivision); None: no one to complain to.
    authority: Callable[[str, str], Authority] | None = None
    home: Callable[[str], bool] = _nowhere  # whether a practice in this country is at home in it
    # The countries whose practices the first-start guide suggests ticking it for (ISO codes):
    # a suggestion the coach confirms, not a ruling on whether the law reaches them.
    suggested_in: frozenset[str] = frozenset()
    deadlines: Mapping[DeadlineKind, Deadline] = field(default_factory=dict)
    consent_triggers: tuple[ConsentTrigger, ...] = ()
    settings: tuple[Setting, ...] = ()
    # The law's name where a country calls it otherwise, marked N_: {"GB": "UK GDPR"}.
    local_names: Mapping[str, str] = field(default_factory=dict)
    # What the record says of a breach when the rule set sets no clock for it, marked N_.
    breach_note: str = ""
    # What a breach report to the authority must say, and where the law asks it.
    breach_report: Mapping[BreachItem, str] = field(default_factory=dict)
    # Where the law asks for a record of processing ("Art. 30(1)"), and the language a
    # practice at home under it keeps that record in ("" = the practice's own).
    processing_record: str = ""
    record_language: str = ""

    @property
    def jurisdiction(self) -> str:
        """The key, by its older name."""
        return self.key

    @property
    def topics(self) -> frozenset[Topic]:
        return frozenset(item.topic for item in self.notice_items)

    def law_name(self, country: str) -> str:
        """The law's name (marked N_, translate it) for a practice in `country`."""
        return self.local_names.get(country.strip().upper(), self.short_name)

    def setting(self, key: str) -> Setting:
        return next(setting for setting in self.settings if setting.key == key)

    def asks_consent(self, facts: SharingFacts) -> tuple[ConsentReason, ...]:
        return tuple(trigger.reason for trigger in self.consent_triggers if trigger.applies(facts))

    def due(
        self,
        kind: DeadlineKind,
        start: date,
        calendar: BusinessCalendar,
        settings: RuleSettings,
        *,
        extended: bool = False,
    ) -> date | None:
        """When this rule set wants a step of `kind` done; None when it sets no day count."""
        deadline = self.deadlines.get(kind)
        if deadline is None or not isinstance(deadline.period, Period):
            return None
        period = deadline.extended if extended and deadline.extended else deadline.period
        return period.end(start, calendar, lambda key: settings.value(self, key))

    def due_at(self, kind: DeadlineKind, start: datetime) -> datetime | None:
        """When this rule set wants a step counted in hours (a breach notice) done."""
        deadline = self.deadlines.get(kind)
        if deadline is None or not isinstance(deadline.period, Hours):
            return None
        return deadline.period.end_at(start)


@dataclass(frozen=True)
class RuleSettings:
    """What a practice chose for the settings its rule sets declare; each setting not chosen
    is the rule set's default. Stored as {rule set key: {setting key: days}}."""

    chosen: tuple[tuple[str, str, int], ...] = ()  # (rule set, setting, days), sorted

    @classmethod
    def from_mapping(cls, values: Mapping[str, Mapping[str, int]] | None) -> RuleSettings:
        return cls.of(
            (rule, key, days)
            for rule, settings in (values or {}).items()
            for key, days in settings.items()
        )

    @classmethod
    def of(cls, values: Iterable[tuple[str, str, int]]) -> RuleSettings:
        merged = {(rule, key): int(days) for rule, key, days in values}
        return cls(tuple(sorted((rule, key, days) for (rule, key), days in merged.items())))

    def value(self, rule: RuleSet, key: str) -> int:
        for rule_key, setting_key, days in self.chosen:
            if rule_key == rule.key and setting_key == key:
                return days
        return rule.setting(key).default

    def with_values(self, values: Iterable[tuple[str, str, int]]) -> RuleSettings:
        return RuleSettings.of((*self.chosen, *values))

    def as_mapping(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        for rule, key, days in self.chosen:
            result.setdefault(rule, {})[key] = days
        return result
