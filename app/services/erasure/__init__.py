"""Erasure (issue 13): a client's personal data scrubbed on a deletion request, their
evidence files destroyed, a suppression record kept, every vendor given a deletion task.

Decisions a reader should know:
- The reference code stays and the consent ledger is untouched (append-only): the records
  that point at the client still hold together, and `check` stays clean.
- Files go after the commit (a file cannot be rolled back); `erased_evidence` names them,
  so `check` knows they went on purpose, and an erasure killed half way is finished at the
  next start (files.destroy_erased_files, asked by unlocking.open_practice).
- The suppression record holds HMAC-SHA256 hashes under a per-practice random salt:
  matching, not readable.

An erasure without a request (reason "retention") is for a former client whose retention
ran out (services/retention.py); its vendor deletion tasks link the erasure itself.

The modules: erasing (the use case), files (after the commit), suppression (the hashes).
"""

from app.services.erasure.erasing import (
    ErasurePlan,
    ErasureResult,
    erase_client,
    erase_for_retention,
    erase_past_promise,
    kept_after_erasure,
    plan_erasure,
    plan_retention_erasure,
)
from app.services.erasure.files import destroy_erased_files
from app.services.erasure.suppression import erased_person_warning

__all__ = [
    "ErasurePlan",
    "ErasureResult",
    "destroy_erased_files",
    "erase_client",
    "erase_for_retention",
    "erase_past_promise",
    "erased_person_warning",
    "kept_after_erasure",
    "plan_erasure",
    "plan_retention_erasure",
]
