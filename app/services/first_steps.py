"""How far the practice has come through the first-start guide, read from its records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import exists, func, or_, select

from app.domain.enums import VendorStatus
from app.domain.errors import N_, Phrase, ValidationError
from app.domain.first_steps import SetupFacts, Step, StepState, complete, step_states
from app.domain.rulesets import RULE_SETS, suggested_rule_sets
from app.persistence.database import unit_of_work
from app.persistence.ledgers import append_audit
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
    """Whether the practice ever changed or confirmed its rule sets (the audit log names the
    fields an entry is about)."""
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


def confirm_laws(
    store: Store, keys: Iterable[str], *, actor: str, now: datetime | None = None
) -> tuple[str, ...]:
    """The rule sets the practice says apply, ticked; audited even when they are the ones
    ticked already ("confirm"), so the guide knows the choice was made. Returns them."""
    now = now or datetime.now(UTC)
    wanted = {key.strip().lower() for key in keys if key.strip()}
    unknown = sorted(wanted - set(RULE_SETS))
    if unknown:
        raise ValidationError(
            "jurisdictions",
            N_("{field} must be one of {choices}, not {value}."),
            field=Phrase("jurisdictions"),
            choices=", ".join(RULE_SETS),
            value=f"'{unknown[0]}'",
        )
    chosen = tuple(key for key in RULE_SETS if key in wanted)
    with unit_of_work(store.engine) as session:
        practice = load_practice(session)
        value = ",".join(chosen)
        changed = practice.jurisdictions != value
        if changed:
            practice.jurisdictions = value
            practice.updated_at = now
            session.add(practice)
        append_audit(
            session,
            at=now,
            actor=actor,
            action="update" if changed else "confirm",
            entity="practice",
            entity_id=PRACTICE_ID,
            fields=["jurisdictions"],
        )
    return chosen
