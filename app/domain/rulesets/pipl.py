"""China PIPL: the notice of Articles 17 and 23, separate consent for a transfer abroad, a
practice-chosen count of working days to answer, a breach reported at once."""

from __future__ import annotations

from app.domain.enums import Jurisdiction
from app.domain.errors import N_
from app.domain.rulesets.authorities import PIPL_AUTHORITY
from app.domain.rulesets.model import (
    IMMEDIATELY,
    BreachItem,
    BusinessDays,
    ConsentReason,
    ConsentTrigger,
    Deadline,
    DeadlineKind,
    RuleSet,
    Setting,
    notice_items,
)
from app.domain.rulesets.model import Topic as T

PIPL_ITEMS = notice_items(
    Jurisdiction.PIPL,
    (T.CONTROLLER, "Art. 17(1)", "name and contact of the personal information handler"),
    (T.PURPOSES, "Art. 17(2)", "purposes of the handling"),
    (T.PROCESSING_METHODS, "Art. 17(2), 23", "the handling methods, for each recipient"),
    (T.RECIPIENTS, "Art. 23", "each recipient's name, contact and the categories it gets"),
    (T.RETENTION, "Art. 17(2)", "how long each category is kept"),
    (T.SENSITIVE, "Art. 30", "for sensitive information, its necessity and the impact"),
    (T.TRANSFERS, "Art. 38, 39", "what leaves mainland China, and the safeguard"),
    (
        T.FOREIGN_RECIPIENTS,
        "Art. 39",
        "a recipient abroad: name, contact, handling, how to exercise rights against it",
    ),
    (T.RESTRICTION, "Art. 44", "the right to restrict the handling"),
    (T.OBJECTION, "Art. 44", "the right to refuse the handling"),
    (T.ACCESS, "Art. 45", "the right to consult and copy"),
    (T.PORTABILITY, "Art. 45", "the right to have it transferred to another handler"),
    (T.CORRECTION, "Art. 46", "the right to correct and complete"),
    (T.DELETION, "Art. 47", "the right to deletion"),
    (T.EXPLANATION, "Art. 48", "the right to ask for an explanation"),
    (T.WITHDRAWAL, "Art. 15", "the right to withdraw consent"),
    (T.COMPLAINT, "Art. 65", "the right to complain to the departments in charge"),
)

PIPL = RuleSet(
    key=Jurisdiction.PIPL,
    title=N_("China PIPL"),
    short_name=N_("PIPL"),
    notice_items=PIPL_ITEMS,
    authority=lambda _country, _subdivision: PIPL_AUTHORITY,
    home=lambda country: country.strip().upper() == "CN",
    suggested_in=frozenset({"CN"}),
    # Art. 56: the assessment and the record of handling, kept at least three years, in the
    # language the departments in charge read.
    processing_record="Art. 56",
    record_language="zh",
    deadlines={
        # A withdrawal takes effect at once (Art. 15), which the app does on recording it.
        # The law sets no day count to answer a request (Art. 50: "in time"); the practice
        # chooses one, counted in working days.
        DeadlineKind.ANSWER: Deadline(BusinessDays("request_days")),
        # Art. 57: remedial measures, and the departments and the people told, at once.
        DeadlineKind.BREACH: Deadline(IMMEDIATELY, article="Art. 57"),
        DeadlineKind.BREACH_PERSONS: Deadline(IMMEDIATELY, article="Art. 57"),
    },
    # Art. 57: the information involved, the cause and the possible harm (1); the remedial
    # measures and what the people can do to reduce the harm (2); the contact (3).
    breach_report={
        BreachItem.CATEGORIES: "Art. 57(1)",
        BreachItem.NATURE: "Art. 57(1)",
        BreachItem.CONSEQUENCES: "Art. 57(1)",
        BreachItem.MEASURES: "Art. 57(2)",
        BreachItem.SELF_HELP: "Art. 57(2)",
        BreachItem.CONTACT: "Art. 57(3)",
    },
    # Art. 39: separate consent before personal information leaves the country.
    consent_triggers=(
        ConsentTrigger(ConsentReason.TRANSFER_ABROAD, lambda sharing: sharing.sends_abroad),
    ),
    settings=(
        Setting(
            "request_days",
            field=N_("pipl_request_days"),
            label=N_("PIPL: we answer requests within (wor&king days)"),
            default=15,
            low=1,
            high=90,
        ),
    ),
)
