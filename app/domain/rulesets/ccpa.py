"""California CCPA / CPRA: the notice at collection, 15 business days to honour an opt-out,
10 to confirm a request and 45 days (+45) to answer it."""

from __future__ import annotations

from app.domain.enums import Jurisdiction
from app.domain.errors import N_
from app.domain.rulesets.authorities import CCPA_AUTHORITY
from app.domain.rulesets.model import (
    BusinessDays,
    CalendarDays,
    Deadline,
    DeadlineKind,
    RuleSet,
    notice_items,
)
from app.domain.rulesets.model import Topic as T

CCPA_ITEMS = notice_items(
    Jurisdiction.CCPA,
    (T.CATEGORIES, "1798.100(a)(1), 1798.110", "categories of personal information collected"),
    (T.PURPOSES, "1798.100(a)(1)", "the purposes for which each category is used"),
    (T.SALE_AND_SHARING, "1798.100(a)(1), 1798.115", "whether it is sold or shared"),
    (T.DO_NOT_SELL, "1798.120, 1798.135", "how to opt out of sale or sharing"),
    (T.LIMIT_SENSITIVE, "1798.121", "the right to limit the use of sensitive information"),
    (T.RETENTION, "1798.100(a)(3)", "how long each category is kept, or the criteria"),
    (T.KNOW, "1798.110", "the right to know"),
    (T.DELETION, "1798.105", "the right to delete"),
    (T.CORRECTION, "1798.106", "the right to correct"),
    (T.NON_DISCRIMINATION, "1798.125", "no discrimination for using a right"),
    (T.REQUESTS, "1798.130; Regs. 7011(c)", "how to make a request, verification, an agent"),
    (T.COMPLAINT, "1798.199.40", "the California Privacy Protection Agency"),
)

CCPA = RuleSet(
    key=Jurisdiction.CCPA,
    title=N_("California CCPA / CPRA"),
    short_name=N_("CCPA"),
    notice_items=CCPA_ITEMS,
    authority=lambda _country, _subdivision: CCPA_AUTHORITY,
    home=lambda country: country.strip().upper() == "US",
    # Canada as issue 15 asks. None of the rule sets is Canada's own law (PIPEDA): the guide
    # only offers it ticked, and the coach confirms or changes it.
    suggested_in=frozenset({"US", "CA"}),
    deadlines={
        # Regs. 7026(f): stop within 15 business days and tell the third parties.
        DeadlineKind.OPT_OUT: Deadline(BusinessDays(15)),
        # Regs. 7021(b) and 1798.130(a)(2): 45 calendar days, +45 with notice; no roll-forward
        # rule, so a Sunday stays a Sunday.
        DeadlineKind.ANSWER: Deadline(CalendarDays(45), extended=CalendarDays(90)),
        DeadlineKind.CONFIRMATION: Deadline(BusinessDays(10)),  # Regs. 7021(a)
        # 1798.130(a)(2)(A): the consumer told of the extension within the first 45 days.
        DeadlineKind.EXTENSION: Deadline(CalendarDays(45), article="1798.130(a)(2)(A)"),
    },
    # No breach clock is invented here: the CCPA gives people a right to sue over a breach
    # (1798.150) but no deadline to tell an authority; the breach notice laws of the states
    # (California's Civil Code 1798.82 among them) differ from one another.
    breach_note=N_(
        "The CCPA sets no deadline to tell an authority of a breach; state breach laws "
        "(California's Civil Code 1798.82 among them) differ: check those of the states "
        "where the affected clients live."
    ),
)
