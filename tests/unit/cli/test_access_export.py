"""`privacy-desk export access --client REF --out FILE.zip` (issue 13): the client's package,
written whole; a bad client or place says so and writes nothing."""

from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import select

from app.domain.refcodes import format_reference
from app.persistence.database import unit_of_work
from app.persistence.models import GeneratedDocument
from app.persistence.store import Store
from tests.helpers.cli import run_command as run
from tests.helpers.factories import make_client
from tests.unit.documents import pdfcheck


@pytest.fixture
def wei(data_paths) -> tuple[str, str]:
    with Store.open(data_paths) as store:
        client = make_client(store, "伟", "王", language="zh", country_code="CN")
    return str(data_paths.home), format_reference(client.ref)


def _kinds(home: str, data_paths) -> list[str]:
    with Store.open(data_paths) as store, unit_of_work(store.engine) as session:
        return list(session.scalars(select(GeneratedDocument.kind)))


def test_export_access_writes_the_package_and_records_it(wei, data_paths, tmp_path):
    home, ref = wei
    target = tmp_path / "wei.zip"
    code, out, err = run("export", "access", "--client", ref, "--out", str(target),
                         "--data-dir", home)  # fmt: skip
    assert (code, err) == (0, "")
    assert out.startswith(f"Wrote the access package of {ref} (") and str(target) in out
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        [report] = [name for name in names if name.endswith(f"access-report-{ref}-zh.pdf")]
        assert "王伟" in pdfcheck.text_of(archive.read(report))
    assert any(name.endswith("/MANIFEST.sha256") for name in names)
    assert _kinds(home, data_paths) == ["access_package"]

    english = tmp_path / "wei-en.zip"
    code, _out, err = run("export", "access", "--client", ref, "--out", str(english),
                          "--lang", "en", "--data-dir", home)  # fmt: skip
    assert (code, err) == (0, "")
    with zipfile.ZipFile(english) as archive:
        assert any(name.endswith(f"access-report-{ref}-en.pdf") for name in archive.namelist())


def test_an_unknown_client_or_a_folder_says_so_and_writes_nothing(wei, data_paths, tmp_path):
    home, _ref = wei
    target = tmp_path / "x.zip"
    code, out, err = run("export", "access", "--client", "K7M-Q2RX", "--out", str(target),
                         "--data-dir", home)  # fmt: skip
    assert code != 0 and out == ""
    assert "K7M-Q2RX" in err
    code, out, err = run("export", "access", "--client", wei[1], "--out", f"{tmp_path}/",
                         "--data-dir", home)  # fmt: skip
    assert code != 0 and out == ""
    assert "is a folder; name the zip file to write." in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["practice"]
    assert _kinds(home, data_paths) == []
