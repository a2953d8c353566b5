"""Incidents and breaches (story 8): the log, its clock, the steps, what Today shows.

Decisions a reader should know:
- Awareness starts the clock; the authority's deadline is fixed when the incident is
  logged, from the rule sets ticked then (domain.incidents.breach_clock).
- A vendor's breach with no clients chosen affects every client whose data that vendor may
  hold (facts.clients_of_vendor), and the categories it received.
- Incidents are never deleted (GDPR Art. 33(5)); every change is audited with the record's
  version, as clients and opt-out requests are.

The modules: facts (records judged on), intake (logging), steps (assess, tell, close),
register (reading back), due (Today).
"""

from app.services.incidents.intake import IncidentDraft, log_incident
from app.services.incidents.register import get_incident, list_incidents, open_incidents
from app.services.incidents.steps import (
    assess_incident,
    close_incident,
    record_authority,
    record_clients,
)

__all__ = [
    "IncidentDraft",
    "assess_incident",
    "close_incident",
    "get_incident",
    "list_incidents",
    "log_incident",
    "open_incidents",
    "record_authority",
    "record_clients",
]
