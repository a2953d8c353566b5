"""`privacy-desk export incident-report|incident-letters --incident ID --out ...` (issue 14)."""

from __future__ import annotations

import pytest

from app.persistence.store import Store
from tests.helpers.cli import run_command as run
from tests.unit.documents import pdfcheck
from tests.unit.services.test_incident_documents import a_breach_at_trainloop


@pytest.fixture
def breach(data_paths) -> tuple[str, int]:
    with Store.open(data_paths) as store:
        row, _people = a_breach_at_trainloop(store)
    return str(data_paths.home), row.id


def test_export_incident_report_and_letters(breach, tmp_path):
    home, incident = breach
    report = tmp_path / "report.pdf"
    code, out, err = run(
        "export", "incident-report", "--incident", str(incident), "--out", str(report),
        "--data-dir", home,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("Wrote ") and str(report) in out
    assert "Nature of the breach" in pdfcheck.text_of(report.read_bytes())
    folder = tmp_path / "letters"
    code, out, err = run(
        "export", "incident-letters", "--incident", str(incident), "--out", f"{folder}/",
        "--data-dir", home,
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith("Wrote 3 files,")
    assert len(list(folder.iterdir())) == 3
    one = tmp_path / "all.pdf"
    code, _out, err = run(
        "export", "incident-letters", "--incident", str(incident), "--out", str(one),
        "--lang", "en", "--data-dir", home,
    )  # fmt: skip
    assert (code, err) == (0, "")
    forced = pdfcheck.text_of(one.read_bytes())
    assert "Dear 王伟," in forced and "您" not in forced  # every letter in English


def test_export_of_an_unknown_incident_says_so_and_writes_nothing(breach, tmp_path):
    target = tmp_path / "report.pdf"
    code, out, err = run(
        "export", "incident-report", "--incident", "99", "--out", str(target),
        "--data-dir", breach[0],
    )  # fmt: skip
    assert code != 0 and out == ""
    assert "There is no incident 99." in err
    assert not target.exists()


def test_the_report_is_one_file_not_a_folder(breach, tmp_path):
    code, out, err = run(
        "export", "incident-report", "--incident", str(breach[1]), "--out", f"{tmp_path}/x/",
        "--data-dir", breach[0],
    )  # fmt: skip
    assert code != 0 and out == ""
    assert 'A folder (ending in "/") is only for several letters.' in err
    assert not (tmp_path / "x").exists()
