"""`privacy-desk import`: the report contract of --dry-run --json, the import, its undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.cli import run_command as run

CONTACTS = Path(__file__).parents[1] / "domain" / "contacts"


@pytest.fixture
def folder(data_paths):
    return str(data_paths.home)


def test_a_dry_run_prints_the_report_contract_and_writes_nothing(folder):
    google = str(CONTACTS / "google-contacts.csv")
    code, out, err = run("import", "clients", google, "--dry-run", "--json", "--data-dir", folder)
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["new"] == 3
    assert [(d["row"], d["by"], d["of"]) for d in report["duplicates"]] == [(5, "email", "row 2")]
    [problem] = report["problems"]
    assert set(problem) == {"row", "reason"}
    assert problem["row"] == 6 and "given name" in problem["reason"]
    code, out, _ = run("clients", "list", "--json", "--data-dir", folder)
    assert json.loads(out) == []


def test_rows_with_problems_refuse_the_import_in_one_sentence_unless_skipped(folder):
    google = str(CONTACTS / "google-contacts.csv")
    code, out, err = run("import", "clients", google, "--data-dir", folder)
    assert code == 1
    assert err.count("\n") == 1 and "row 6" in err and "nothing was imported" in err
    code, out, err = run(
        "import", "clients", google, "--skip-problems", "--json", "--data-dir", folder
    )
    assert code == 0, err
    assert json.loads(out)["added"] == 3


def test_an_import_and_its_undo(folder):
    vcard = str(CONTACTS / "iphone.vcf")
    code, out, err = run("import", "clients", vcard, "--skip-problems", "--data-dir", folder)
    assert code == 0, err
    assert "Imported 2 clients as import 1" in out
    code, out, _ = run("clients", "list", "--search", "王伟", "--data-dir", folder)
    assert "王伟" in out
    code, out, _ = run("import", "list", "--data-dir", folder)
    assert "2 clients" in out
    code, out, err = run("import", "undo", "1", "--data-dir", folder)
    assert (code, out.strip()) == (0, "Import 1 undone: 2 clients removed.")
    code, out, err = run("import", "undo", "1", "--data-dir", folder)
    assert code == 1 and "already undone" in err


def test_the_encoding_and_the_mapping_can_be_given(folder):
    cp1252 = str(CONTACTS / "windows-1252.csv")
    code, out, _ = run(
        "import", "clients", cp1252, "--encoding", "cp1250", "--map", "Telefon=ignore",
        "--dry-run", "--json", "--data-dir", folder,
    )  # fmt: skip
    assert code == 0
    code, out, err = run(
        "import", "clients", cp1252, "--encoding", "cp1252", "--map", "Land=notes",
        "--data-dir", folder,
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run("clients", "list", "--json", "--data-dir", folder)
    assert "Kari Ødegård" in [client["name"] for client in json.loads(out)]


def test_a_mapping_or_file_that_makes_no_sense_is_refused_in_one_sentence(folder):
    outlook = str(CONTACTS / "outlook.csv")
    for argv, words in (
        (("--map", "Shoe=email"), "has no column 'Shoe'"),
        (("--map", "Notes=shoe size"), "'shoe size' is not a client field"),
        (("--encoding", "klingon"), "klingon is not an encoding"),
        (("--format", "xlsx"), "not a spreadsheet"),
    ):
        code, _out, err = run("import", "clients", outlook, *argv, "--data-dir", folder)
        assert code == 1 and words in err and err.count("\n") == 1, (argv, err)
    code, _out, err = run("import", "clients", "/no/such/file.csv", "--data-dir", folder)
    assert code == 1 and "cannot be read" in err
