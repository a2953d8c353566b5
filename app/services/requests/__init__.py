"""Rights requests other than opt-outs (issue 13): the log, its clock, the steps, Today.

Decisions a reader should know:
- The clock (answer, confirmation, the last day to extend, the extended answer) is fixed
  when the request is logged, from the rule sets ticked then (domain.requests.request_clock),
  as an incident's is: a deadline does not move afterwards.
- An extension is refused once the day to tell it has passed, or when no rule that applies
  allows one; a request carried out needs the identity checked first (a complaint needs none).
- Requests are never deleted (a trigger); every change is audited with the record's
  version, as clients, opt-out requests and incidents are.

- A restriction or objection pauses sharings (pausing): no consent event, a kept pause row
  per request x sharing; it completes once every pause is lifted or the reason sent says why
  one stays (domain.requests.outcome_problem).

The modules: facts (records judged on), intake (logging), steps (verify, acknowledge,
extend, complete), pausing (pause, lift), correcting (a correction carried out, GDPR
Art. 16), correction_tasks (what vendors are asked to correct, Art. 19), register
(reading back), due (Today).
"""

from app.services.requests.correcting import (
    CorrectionPlan,
    CorrectionResult,
    correct_record,
    correction_draft,
    plan_correction,
)
from app.services.requests.intake import RequestDraft, log_request, match_request
from app.services.requests.pausing import lift_pauses, pausable_sharings, pause_sharings
from app.services.requests.register import (
    client_requests,
    get_request,
    list_requests,
    open_requests,
)
from app.services.requests.steps import (
    acknowledge_request,
    complete_request,
    extend_request,
    verify_identity,
)

__all__ = [
    "CorrectionPlan",
    "CorrectionResult",
    "RequestDraft",
    "acknowledge_request",
    "client_requests",
    "complete_request",
    "correct_record",
    "correction_draft",
    "extend_request",
    "get_request",
    "lift_pauses",
    "list_requests",
    "log_request",
    "match_request",
    "open_requests",
    "pausable_sharings",
    "pause_sharings",
    "plan_correction",
    "verify_identity",
]
