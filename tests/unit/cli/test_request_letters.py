"""`export request-letter --request ID --out FILE.pdf [--kind ...]`: the letter the request's
step calls for, or the one named; a letter the record does not support is one line on stderr
with no file and no record."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.cli import build_parser
from app.persistence.store import Store
from app.services import practice as practice_service
from app.services import requests
from app.services.requests import RequestDraft
from tests.helpers.cli import run_command as run
from tests.helpers.factories import ACTOR, make_client
from tests.unit.documents import pdfcheck


@pytest.fixture
def practice(data_paths) -> str:
    """A GDPR practice that promises 90 days; Ada phoned for a copy of her data (request 1)."""
    with Store.open(data_paths) as store:
        practice_service.update_practice(
            store, {"jurisdictions": ("gdpr",), "promise_request_days": 90}, actor=ACTOR
        )
        ada = make_client(store, "Ada", "Lovelace")
        requests.log_request(
            store,
            RequestDraft(
                kind="access",
                channel="phone",
                client_ref=ada.ref,
                received_at=datetime.now(UTC) - timedelta(hours=2),
            ),
            actor=ACTOR,
        )
    return str(data_paths.home)


def test_the_letter_of_the_step_and_the_one_named_are_written(practice, tmp_path):
    target = tmp_path / "letter.pdf"
    code, out, err = run(
        "export", "request-letter", "--request", "1", "--out", str(target), "--data-dir", practice
    )
    assert (code, err) == (0, "")
    assert out == f"Wrote 1 page (request_acknowledgement) to {target}\n"
    assert "We have received your request" in pdfcheck.text_of(target.read_bytes())
    run("request", "extend", "1", "--reason", "Records in two archives", "--data-dir", practice)
    chinese = tmp_path / "extension-zh.pdf"
    code, out, err = run(
        "export", "request-letter", "--request", "1", "--kind", "extension", "--lang", "zh",
        "--out", str(chinese), "--data-dir", practice,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "我们需要更多时间答复您的请求" in pdfcheck.text_of(chinese.read_bytes())


def test_an_answer_before_the_outcome_is_refused_in_one_line_and_nothing_written(
    practice, tmp_path
):
    target = tmp_path / "answer.pdf"
    code, out, err = run(
        "export", "request-letter", "--request", "1", "--kind", "answer", "--out", str(target),
        "--data-dir", practice,
    )  # fmt: skip
    assert code != 0 and out == ""
    assert err.strip().endswith(
        "Request 1 is not completed yet: record its outcome first, then print the answer."
    )
    assert len(err.strip().splitlines()) == 1 and not target.exists()


@pytest.mark.parametrize(
    ("argv", "accepted"),
    [
        (["--request", "1"], True),
        (["--request", "1", "--kind", "answer", "--lang", "zh"], True),
        (["--request", "1", "--kind", "refusal"], False),
        (["--request", "one"], False),
        (["--kind", "answer"], False),
    ],
)
def test_the_command_keeps_its_flags(argv, accepted, capsys):
    full = ["export", "request-letter", *argv, "--out", "x.pdf"]
    if accepted:
        assert build_parser().parse_args(full).request_id == 1
    else:
        with pytest.raises(SystemExit):
            build_parser().parse_args(full)
        assert "error:" in capsys.readouterr().err
