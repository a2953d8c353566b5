"""The program's version is written once, in pyproject.toml, and read everywhere it shows."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pypdf

import app
from app.documents.notice import PrivacyNotice
from app.documents.rendering import render_pdf
from tests.helpers.cli import run_command
from tests.unit.documents import samples

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT_VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_the_program_reports_the_version_pyproject_sets():
    assert app.version() == PYPROJECT_VERSION


def test_no_module_writes_the_version_a_second_time():
    literal = f'"{PYPROJECT_VERSION}"'
    writers = [
        path.relative_to(ROOT)
        for path in (ROOT / "app").rglob("*.py")
        if literal in path.read_text(encoding="utf-8")
    ]
    assert writers == []


def test_every_pdf_names_the_program_and_its_version_in_its_metadata():
    pdf = render_pdf([PrivacyNotice(samples.notice(), paper="A4")])
    opened = pypdf.PdfReader(io.BytesIO(pdf.data))
    assert opened.metadata.creator == f"Privacy Desk {PYPROJECT_VERSION}"


def test_the_command_line_says_its_version_without_opening_a_practice(tmp_path, monkeypatch):
    monkeypatch.setenv("PRIVACY_DESK_HOME", str(tmp_path / "never-made"))
    code, out, err = run_command("--version")
    assert (code, out.strip(), err) == (0, f"privacy-desk {PYPROJECT_VERSION}", "")
    assert not (tmp_path / "never-made").exists()
