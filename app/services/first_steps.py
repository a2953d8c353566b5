"""How far the practice has come through the first-start guide, read from its records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import exists, func, or_, select

from app.domain.enums import VendorStatus
from app.domain.first_steps import SetupFacts, Step, StepState, complete, step_states
from app.domain.rulesets import suggested_rule_sets
from app.persistence.database import unit_of_work
from app.persistence.models import AuditEntry, Client, NoticeVersion, Sharing, Vendor
from app.persistence.store import Store
from app.services.practice import PRACTICE_ID, load_practice


@dataclass(frozen=True)
class FirstSteps:
    steps: tuple[StepState, ...]
    country: str  # the practice's country, which the laws are suggested from
    ticked: tuple[str, ...]  # the rule sets ticked now
    suggested: tuple[str, ...]  # the rule sets its country suggests, in RULE_SETS order
    # The first active vendor (by name) that receives nothing yet: where "what is shared"
    # leads; None when every vendor has a sharing.
    vendor_without_sharing: int | None

    @property
    def complete(self) -> bool:
        return complete(self.steps)

    def done(self, step: Step) -> bool:
        return next(state.done for state in self.steps if state.step == step)


def _laws_chosen(session) -> bool:
    """Whether a save of the profile ever changed the ticked rule sets (the audit log names
    the fields a change touched)."""
    entries = session.execute(
        select(AuditEntry.fields).where(
            AuditEntry.entity == "practice",
            AuditEntry.entity_id == PRACTICE_ID,
            AuditEntry.fields.contains("jurisdictions"),
        )
    ).scalars()
    return any("jurisdictions" in fields.split(",") for fields in entries)


def first_steps(store: Store, *, today: date) -> FirstSteps:
    """Each step of the guide, done or not, in one read of the records."""
    with unit_of_work(store.reader) as session:
        practice = load_practice(session)
        ticked = tuple(filter(None, practice.jurisdictions.split(",")))
        active = list(
            session.execute(
                select(Vendor.id)
                .where(Vendor.status == VendorStatus.ACTIVE.value)
                .order_by(Vendor.name)
            ).scalars()
        )
        receiving = set(
            session.execute(
                select(Sharing.vendor_id).where(
                    or_(Sharing.ends_on.is_(None), Sharing.ends_on >= today)
                )
            ).scalars()
        )
        without = [vendor_id for vendor_id in active if vendor_id not in receiving]
        suggested = tuple(str(rule.key) for rule in suggested_rule_sets(practice.country_code))
        # The audit log is only read when the ticked rule sets are not the suggested ones.
        chosen = not (suggested and set(suggested) <= set(ticked)) and _laws_chosen(session)
        facts = SetupFacts(
            practice_name=practice.name,
            practice_email=practice.email,
            practice_phone=practice.phone,
            country=practice.country_code,
            ticked=ticked,
            laws_chosen=chosen,
            active_vendors=len(active),
            vendors_without_sharing=len(without),
            notice_published=session.execute(
                select(exists().where(NoticeVersion.id.is_not(None)))
            ).scalar_one(),
            clients=session.execute(
                select(func.count()).select_from(select(Client.id).limit(1).subquery())
            ).scalar_one(),
        )
        return FirstSteps(
            steps=step_states(facts),
            country=practice.country_code,
            ticked=ticked,
            suggested=suggested,
            vendor_without_sharing=without[0] if without else None,
        )
