"""`privacy-desk export ropa --out FILE.pdf|FILE.csv|FILE.xlsx` and `export incident-plan --out
FILE.pdf` (issue 14): the format from the suffix, anything else refused in one sentence with
nothing written."""

from __future__ import annotations

import io

import pytest
from python_calamine import CalamineWorkbook

from app.persistence.store import Store
from tests.helpers.cli import run_command as run
from tests.unit.documents import pdfcheck
from tests.unit.services.test_practice_records import a_register


@pytest.fixture
def home(data_paths) -> str:
    with Store.open(data_paths) as store:
        a_register(store)
    return str(data_paths.home)


def test_export_ropa_as_pdf_csv_and_xlsx(home, tmp_path):
    pdf, csv, xlsx = (tmp_path / f"ropa.{suffix}" for suffix in ("pdf", "csv", "xlsx"))
    code, out, err = run("export", "ropa", "--out", str(pdf), "--data-dir", home)
    assert (code, err) == (0, "") and out.startswith("Wrote ")
    assert "Record of processing activities" in pdfcheck.text_of(pdf.read_bytes())
    assert run("export", "ropa", "--out", str(csv), "--data-dir", home)[:3:2] == (0, "")
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf") and "Postbird" in csv.read_text("utf-8")
    code, out, err = run("export", "ropa", "--lang", "zh", "--out", str(xlsx), "--data-dir", home)
    assert (code, out, err) == (0, f"Wrote {xlsx}\n", "")
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.read_bytes()))
    assert book.sheet_names[0] == "处理活动"


def test_another_suffix_is_refused_in_one_sentence_and_nothing_is_written(home, tmp_path):
    target = tmp_path / "ropa.txt"
    code, out, err = run("export", "ropa", "--out", str(target), "--data-dir", home)
    assert (code, out) == (1, "")
    assert err == "privacy-desk: Name a file ending in .pdf, .csv, .xlsx, not 'ropa.txt'.\n"
    assert not target.exists()
    code, _out, err = run("export", "incident-plan", "--out", str(tmp_path / "plan.xlsx"),
                          "--data-dir", home)  # fmt: skip
    assert code == 1 and "ending in .pdf," in err


def test_export_incident_plan_names_the_backup_folder_the_window_chose(home, tmp_path):
    chosen = tmp_path / "Backups, offsite"
    (tmp_path / "practice" / "window.ini").write_text(
        f'[backups]\nfolder="{chosen}"\n', encoding="utf-8"
    )
    plan = tmp_path / "plan.pdf"
    code, out, err = run("export", "incident-plan", "--out", str(plan), "--data-dir", home)
    assert (code, err) == (0, "") and out.startswith("Wrote ")
    text = pdfcheck.text_of(plan.read_bytes())
    assert "Incident response plan" in text and str(chosen) in text
