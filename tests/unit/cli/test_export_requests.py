"""`privacy-desk export requests --out FILE.pdf|FILE.csv [--open] [--kind K] [--lang en|zh]`
(issue 13): the register of rights requests with the page's filters; a bad name writes nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.enums import Channel, RequestKind
from app.persistence.store import Store
from app.services import requests
from app.services.requests import RequestDraft
from tests.helpers.cli import run_command as run
from tests.helpers.factories import ACTOR, NOW, make_client
from tests.unit.documents import pdfcheck


@pytest.fixture
def home(data_paths) -> str:
    with Store.open(data_paths) as store:
        ada = make_client(store, "Ada", "Lovelace")
        for kind, client, caller in (
            (RequestKind.ACCESS, ada.ref, ""),
            (RequestKind.OBJECTION, "", "B. Byron, by phone"),
        ):
            draft = RequestDraft(
                kind=kind, channel=Channel.PHONE, client_ref=client, caller_details=caller,
                received_at=NOW - timedelta(hours=2),
            )  # fmt: skip
            requests.log_request(store, draft, actor=ACTOR, now=NOW)
    return str(data_paths.home)


def test_export_requests_writes_the_filtered_register_as_pdf_or_csv(home, tmp_path):
    target = tmp_path / "objections.pdf"
    code, out, err = run("export", "requests", "--open", "--kind", "objection", "--lang", "en",
                         "--out", str(target), "--data-dir", home)  # fmt: skip
    assert (code, err) == (0, "") and out == f"Wrote 1 page to {target}\n"
    said = pdfcheck.text_of(target.read_bytes())
    assert "Open requests · Objection" in said and "B. Byron" in said and "Lovelace" not in said

    table = tmp_path / "all.csv"
    code, out, err = run("export", "requests", "--out", str(table), "--data-dir", home)
    assert (code, err, out) == (0, "", f"Wrote {table}\n")
    assert table.read_bytes().startswith(b"\xef\xbb\xbf")
    assert "Ada Lovelace" in table.read_text("utf-8-sig")

    chinese = tmp_path / "zh.pdf"
    code, _out, err = run("export", "requests", "--lang", "zh", "--out", str(chinese),
                          "--data-dir", home)  # fmt: skip
    assert (code, err) == (0, "") and "权利请求登记册" in pdfcheck.text_of(chinese.read_bytes())


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (("--out", "{tmp}/register.xlsx"), "ending in .pdf, .csv, not 'register.xlsx'."),
        (("--out", "{tmp}/missing/register.pdf"), "does not exist"),
    ],
)
def test_export_requests_refuses_a_bad_place_in_one_sentence(home, tmp_path, argv, said):
    argv = tuple(arg.format(tmp=tmp_path) for arg in argv)
    code, out, err = run("export", "requests", *argv, "--data-dir", home)
    assert code != 0 and out == "" and said in err
    assert [path.name for path in tmp_path.iterdir()] == ["practice"]  # nothing written


def test_export_requests_names_only_the_kinds_there_are(home, capsys):
    with pytest.raises(SystemExit):
        run("export", "requests", "--kind", "opt-out", "--out", "x.pdf", "--data-dir", home)
    assert "invalid choice" in capsys.readouterr().err
