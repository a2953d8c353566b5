"""An erasure killed with SIGKILL between its commit and the removal of its files: `check`
says so plainly, and the next start (unlocking.open_practice) finishes the job."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from app.domain.enums import Channel, RequestKind
from app.persistence.store import Store
from app.services import erasure, integrity, requests, unlocking
from app.services.requests import RequestDraft
from tests.helpers.factories import ACTOR, NOW, make_client

ROOT = Path(__file__).resolve().parents[2]
EMAIL = b"From: Ada <ada@example.com>\r\nSubject: erase me\r\n\r\nPlease delete my data.\r\n"

# The child erases, then dies by SIGKILL exactly where the files were to be removed.
CHILD = """
import os, signal, sys
from datetime import datetime
from app.paths import DataPaths
from app.persistence.store import Store
from app.services import erasure
from app.services.erasure import erasing

erasing.destroy_erased_files = lambda store: os.kill(os.getpid(), signal.SIGKILL)
from pathlib import Path
with Store.open(DataPaths(Path(sys.argv[1]))) as store:
    erasure.erase_client(store, sys.argv[2], int(sys.argv[3]), actor="coach",
                         now=datetime.fromisoformat(sys.argv[4]))
"""


def test_a_kill_after_the_commit_is_reported_by_check_and_finished_at_the_next_start(
    data_paths,
):
    with Store.open(data_paths) as store:
        ada = make_client(store, "Ada", "Lovelace", email="ada@example.com")
        row = requests.log_request(
            store,
            RequestDraft(
                kind=RequestKind.DELETION, channel=Channel.EMAIL, client_ref=ada.ref,
                received_at=NOW - timedelta(hours=1), email_evidence=(EMAIL, ".eml"),
            ),
            actor=ACTOR, now=NOW,
        )  # fmt: skip
        requests.verify_identity(store, row.id, method="Replied", actor=ACTOR, now=NOW)
    evidence = data_paths.evidence / row.evidence_file
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(data_paths.home), ada.ref, str(row.id), NOW.isoformat()],
        cwd=ROOT, env=os.environ.copy(), capture_output=True, timeout=120,
    )  # fmt: skip
    assert child.returncode == -9, child.stderr.decode()
    assert evidence.exists()  # the erasure committed; the file outlived the kill

    with Store.open(data_paths) as store:
        assert erasure.plan_erasure(store, ada.ref, row.id).refusal is not None  # erased
        report = integrity.check(store)
    assert not report.ok
    [said] = [problem for problem in report.problems if problem.startswith("Erasure")]
    assert "stopped before destroying its 1 evidence file" in said and ada.ref in said

    with unlocking.open_practice(data_paths) as store:  # the next start
        report = integrity.check(store)
    assert not evidence.exists()
    assert report.ok, report.problems
