"""The practice as opt-outs see it: its rules, zone, calendar and promise, read once a use case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from functools import cached_property

from sqlmodel import Session

from app.dates import format_day
from app.domain.deadlines import BusinessCalendar
from app.domain.optout import local_date
from app.domain.rulesets import DeadlineKind, due
from app.persistence.database import unit_of_work
from app.persistence.store import Store
from app.services.practice import calendar_of, load_practice, profile_of, zone_of
from app.services.rows import PracticeProfile


@dataclass
class OptOutContext:
    """What a use case reads once: the practice, its zone, the rule sets it ticked and their
    settings; the holiday calendar only when a deadline is counted."""

    profile: PracticeProfile
    zone: tzinfo

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        """The rule sets the practice ticked (keys of domain.rulesets.RULE_SETS)."""
        return self.profile.jurisdictions

    @cached_property
    def calendar(self) -> BusinessCalendar:
        """Built when a deadline is counted: the first holiday calendar takes 0.15 s to load."""
        return calendar_of(self.profile)

    def today(self, now: datetime) -> date:
        return local_date(now, self.zone)

    def day_text(self, day: date, language: str) -> str:
        return format_day(day, language, self.profile.country_code)

    def optout_due(self, received_on: date) -> date:
        """When every vendor must have been told: the strictest of the ticked rule sets."""
        return self._due(DeadlineKind.OPT_OUT, received_on)

    def answer_due(self, received_on: date) -> date:
        """When an objection must be answered: as any request other than an opt-out."""
        return self._due(DeadlineKind.ANSWER, received_on)

    def _due(self, kind: DeadlineKind, received_on: date) -> date:
        day = due(kind, received_on, self.jurisdictions, self.calendar, self.profile.rule_settings)
        assert day is not None  # the practice's promise, always on, sets every one
        return day


def optout_context(session: Session) -> OptOutContext:
    profile = profile_of(load_practice(session))
    return OptOutContext(profile=profile, zone=zone_of(profile))


def practice_zone(store: Store) -> tzinfo:
    """The zone the practice's days are counted in (for reading a time typed without one)."""
    return practice_place(store)[0]


def practice_place(store: Store) -> tuple[tzinfo, str]:
    """The practice's time zone and country: how its days are counted and its dates written."""
    with unit_of_work(store.reader) as session:
        # Only these: building the whole context would load the holiday calendar.
        profile = profile_of(load_practice(session))
        zone = zone_of(profile)
        return zone, profile.country_code


def prepare_calendar(store: Store) -> None:
    """Load the practice's holiday calendar now: the first load takes a fifth of a second
    (every country's rules are imported), which a background thread can pay ahead of time."""
    with unit_of_work(store.reader) as session:
        optout_context(session).calendar  # noqa: B018 - built for its cached side effect


def practice_today(store: Store, now: datetime | None = None) -> date:
    with unit_of_work(store.engine) as session:
        return optout_context(session).today(now or datetime.now(UTC))
