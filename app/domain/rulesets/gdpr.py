"""EU and UK GDPR: the notice of Article 13, a month to answer, 72 hours to report a breach."""

from __future__ import annotations

from app.domain.enums import Jurisdiction
from app.domain.errors import N_
from app.domain.rulesets.authorities import gdpr_authority
from app.domain.rulesets.model import (
    WITHOUT_UNDUE_DELAY,
    BreachItem,
    Deadline,
    DeadlineKind,
    Hours,
    Months,
    RuleSet,
    notice_items,
)
from app.domain.rulesets.model import Topic as T
from app.domain.transfers import EEA

GDPR_ITEMS = notice_items(
    Jurisdiction.GDPR,
    (T.CONTROLLER, "Art. 13(1)(a)", "identity and contact details of the controller"),
    (T.DPO, "Art. 13(1)(b)", "contact of the data protection officer, or that there is none"),
    (T.PURPOSES, "Art. 13(1)(c), (d)", "purposes, legal basis, legitimate interests pursued"),
    (T.RECIPIENTS, "Art. 13(1)(e)", "the recipients"),
    (T.TRANSFERS, "Art. 13(1)(f)", "transfers abroad and the adequacy decision or safeguard"),
    (T.SAFEGUARD_COPY, "Art. 13(1)(f)", "how to obtain a copy of the safeguards"),
    (T.RETENTION, "Art. 13(2)(a)", "how long each category is kept, or the criteria"),
    (T.ACCESS, "Art. 13(2)(b), 15", "the right of access"),
    (T.CORRECTION, "Art. 13(2)(b), 16", "the right to rectification"),
    (T.DELETION, "Art. 13(2)(b), 17", "the right to erasure"),
    (T.RESTRICTION, "Art. 13(2)(b), 18", "the right to restriction of processing"),
    (T.OBJECTION, "Art. 13(2)(b), 21", "the right to object"),
    (T.PORTABILITY, "Art. 13(2)(b), 20", "the right to data portability"),
    (T.WITHDRAWAL, "Art. 13(2)(c)", "the right to withdraw consent at any time"),
    (T.COMPLAINT, "Art. 13(2)(d), 77", "the right to complain to a supervisory authority"),
    (
        T.REQUIREMENT,
        "Art. 13(2)(e)",
        "whether giving the data is a statutory or contractual requirement, and what "
        "happens if it is not given",
    ),
    (T.AUTOMATED_DECISIONS, "Art. 13(2)(f), 22", "automated decision-making: none, or what"),
)

GDPR = RuleSet(
    key=Jurisdiction.GDPR,
    title=N_("EU / UK GDPR"),
    short_name=N_("GDPR"),
    local_names={"GB": N_("UK GDPR")},
    processing_record="Art. 30(1)",
    notice_items=GDPR_ITEMS,
    authority=gdpr_authority,
    home=lambda country: country.strip().upper() in EEA | {"GB"},
    suggested_in=EEA | {"GB"},
    deadlines={
        # A withdrawal must be as easy as giving consent and takes effect at once; the app
        # withdraws it the moment the request is recorded, so it sets no day count to tell
        # vendors by (Art. 7(3)).
        # Art. 12(3): one month, extended by two further months with reasons given inside
        # the first; the month ends as Regulation 1182/71 says.
        DeadlineKind.ANSWER: Deadline(Months(1), extended=Months(3)),
        DeadlineKind.EXTENSION: Deadline(Months(1), article="Art. 12(3)"),
        # Art. 33(1): "without undue delay and, where feasible, not later than 72 hours
        # after having become aware"; later, with the reasons for the delay.
        DeadlineKind.BREACH: Deadline(Hours(72), article="Art. 33(1)"),
        # Art. 34(1): the people themselves, without undue delay, where the risk is high.
        DeadlineKind.BREACH_PERSONS: Deadline(
            WITHOUT_UNDUE_DELAY, high_risk_only=True, article="Art. 34(1)"
        ),
    },
    # Art. 33(3): what the notification describes at least; 33(1) the reasons of a delay.
    breach_report={
        BreachItem.NATURE: "Art. 33(3)(a)",
        BreachItem.CATEGORIES: "Art. 33(3)(a)",
        BreachItem.NUMBERS: "Art. 33(3)(a)",
        BreachItem.CONTACT: "Art. 33(3)(b)",
        BreachItem.CONSEQUENCES: "Art. 33(3)(c)",
        BreachItem.MEASURES: "Art. 33(3)(d)",
        BreachItem.TIMES: "Art. 33(1)",
    },
)
