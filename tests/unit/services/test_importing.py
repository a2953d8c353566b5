"""A coach brings their clients in from a phone or a spreadsheet, sees what would happen
first, and can take a whole import back while nothing else was recorded about those clients."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import text

from app.domain.contact_files import FileFormat, read_contacts
from app.domain.enums import Channel, ConsentState
from app.domain.import_mapping import Target, guess_mapping
from app.persistence import search
from app.services import clients, importing, integrity, practice
from app.services.consents import record_consent_answers
from app.services.errors import InvalidInput, NotFound
from app.services.rows import ClientDraft
from tests.helpers.factories import ACTOR, NOW, make_client, make_sharing, make_vendor

CONTACTS = Path(__file__).parents[1] / "domain" / "contacts"


def _table(name: str, file_format: FileFormat = FileFormat.CSV, encoding: str | None = None):
    return read_contacts((CONTACTS / name).read_bytes(), file_format, encoding)


def _import(store, table, mapping=None, **options):
    return importing.import_clients(
        store,
        table,
        mapping or guess_mapping(table.columns),
        actor=ACTOR,
        now=NOW,
        random_int=random.Random(7).randrange,
        **options,
    )


def _client_count(store) -> int:
    return clients.count_clients(store)


def test_the_report_names_new_rows_duplicates_and_problems_before_anything_is_written(store):
    make_client(store, "Zoë", "Brontë", email="zoe@example.com")
    table = _table("google-contacts.csv")
    report = importing.check_import(store, table, guess_mapping(table.columns))
    assert report.rows == 5
    assert report.new == (2, 4)  # Anna Smith, 王伟 (spreadsheet rows: the header is row 1)
    zoe, tom = report.duplicates
    assert (zoe.row, zoe.by, zoe.of_row) == (3, "email", None)
    assert zoe.of_ref  # the client already on record
    assert "the same email as client" in importing.duplicate_text(zoe)
    assert (tom.row, tom.by, tom.of_row, tom.name) == (5, "email", 2, "Tom Jones")
    assert "the same email as row 2" in importing.duplicate_text(tom)
    [problem] = report.problems
    assert problem.row == 6
    assert "given name" in problem.text().lower()
    assert _client_count(store) == 1  # a report writes nothing


def _in_china(store) -> None:
    practice.update_practice(store, {"country_code": "CN", "holiday_country": "CN"}, actor=ACTOR)


def test_rows_are_checked_by_the_client_dialogs_own_rules(store):
    _in_china(store)  # the numbers have no +86: the practice's country reads them
    table = _table("gb18030.csv")
    report = importing.check_import(store, table, guess_mapping(table.columns))
    assert report.new == (2, 3)
    [problem] = report.problems
    # The same sentence the client dialog shows for that email.
    with pytest.raises(InvalidInput) as refused:
        clients.validated_fields(ClientDraft("敏", "张", email="zhang@example"), "CN")
    assert problem.row == 4
    assert refused.value.problems[0].message in problem.text()


def test_an_import_writes_every_new_client_with_its_audit_entry_and_search_entry(store):
    table = _table("google-contacts.csv")
    result = _import(store, table, skip_problems=True)
    assert result.added == 3  # Anna, Zoë, 王伟; Tom repeats Anna's email, row 6 has no name
    found = clients.find_clients(store, "王伟")
    assert [row.name for row in found] == ["王伟"]
    anna = clients.get_client(store, clients.find_clients(store, "anna")[0].ref)
    assert anna.row.phone == "+44 7700 900123"  # the first of Google's " ::: " values
    assert (anna.city, anna.row.country_code, anna.notes) == ("London", "GB", "Knee surgery 2023")
    report = integrity.check(store)
    assert report.ok, report.problems
    # Each client's version is on record, as for one added by hand: none is "not judged".
    assert not [note for note in report.notes if "client" in note], report.notes
    assert importing.list_imports(store)[0].client_count == 3


def test_rows_with_problems_refuse_the_import_unless_they_are_left_out(store):
    table = _table("google-contacts.csv")
    with pytest.raises(importing.ImportRefused, match="row 6"):
        _import(store, table)
    assert _client_count(store) == 0


def test_a_failure_in_the_middle_of_writing_leaves_nothing_written(store, monkeypatch):
    table = _table("outlook.csv")

    def broken_index(connection, rows):
        raise RuntimeError("disk trouble while indexing")

    monkeypatch.setattr(search, "index_clients", broken_index)
    with pytest.raises(RuntimeError):
        _import(store, table)
    monkeypatch.undo()
    assert _client_count(store) == 0
    assert importing.list_imports(store) == []
    with store.reader.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM audit_log")).scalar() == 0


def test_a_bad_row_in_the_middle_writes_nothing_of_the_rows_around_it(store):
    _in_china(store)
    table = _table("gb18030.csv")  # row 4 of 4 has a broken email: move it to the middle
    middle = type(table)(
        table.file_format, table.columns, (table.rows[0], table.rows[2], table.rows[1])
    )
    with pytest.raises(importing.ImportRefused, match="row 3"):
        _import(store, middle)
    assert _client_count(store) == 0


def test_an_import_can_be_undone_as_a_whole(store):
    before = make_client(store, "Ada", "Lovelace")
    result = _import(store, _table("outlook.csv"))
    assert _client_count(store) == 3
    assert importing.undo_import(store, result.batch_id, actor=ACTOR, now=NOW) == 2
    assert [row.ref for row in clients.find_clients(store)] == [before.ref]
    assert clients.find_clients(store, "john") == []  # gone from the search index too
    assert importing.list_imports(store)[0].undone_at is not None
    assert integrity.check(store).ok
    with pytest.raises(importing.ImportRefused, match="already undone"):
        importing.undo_import(store, result.batch_id, actor=ACTOR)
    with pytest.raises(NotFound):
        importing.undo_import(store, 99, actor=ACTOR)


def test_an_import_whose_client_has_a_consent_on_record_is_not_undone(store):
    result = _import(store, _table("outlook.csv"))
    sharing = make_sharing(store, make_vendor(store))
    john = clients.find_clients(store, "john")[0]
    record_consent_answers(
        store, john.ref, {sharing.id: ConsentState.GIVEN}, channel=Channel.PAPER_IN_PERSON,
        occurred_at=NOW, actor=ACTOR, now=NOW,
    )  # fmt: skip
    with pytest.raises(importing.ImportRefused, match="1 of its clients"):
        importing.undo_import(store, result.batch_id, actor=ACTOR)
    assert _client_count(store) == 2


def test_an_import_whose_client_was_edited_is_not_undone(store):
    result = _import(store, _table("outlook.csv"))
    mary = clients.get_client(store, clients.find_clients(store, "mary")[0].ref)
    draft = ClientDraft(mary.given_name, "Major-Smith", country_code="GB")
    clients.edit_client(store, mary.row.ref, draft, actor=ACTOR)
    with pytest.raises(importing.ImportRefused, match="cannot be undone"):
        importing.undo_import(store, result.batch_id, actor=ACTOR)


def test_suppressed_people_are_asked_about_and_left_out(store, monkeypatch):
    asked = []

    def suppressed(session, fields):
        asked.append(fields["email"])
        return fields["email"] == "mary@example.com"

    monkeypatch.setattr(importing, "is_suppressed", suppressed)
    report = importing.check_import(
        store, _table("outlook.csv"), guess_mapping(_table("outlook.csv").columns)
    )
    assert asked == ["john.doe@example.com", "mary@example.com"]
    assert (report.new, report.suppressed) == ((2,), (3,))


def test_an_erased_person_in_an_import_file_is_left_out_and_counted(store):
    from app.services import erasure, requests
    from app.services.requests import RequestDraft

    with store.reader.connect() as connection:
        assert importing.is_suppressed(connection, {"email": "x@example.com"}) is False
    table = _table("outlook.csv")
    first = importing.check_import(store, table, guess_mapping(table.columns))
    _import(store, table)
    john = clients.find_clients(store, "john")[0]
    request = requests.log_request(
        store,
        RequestDraft(kind="deletion", channel="phone", client_ref=john.ref, received_at=NOW),
        actor=ACTOR,
        now=NOW,
    )
    requests.verify_identity(store, request.id, method="Called back", actor=ACTOR, now=NOW)
    erasure.erase_client(store, john.ref, request.id, actor=ACTOR, now=NOW)
    again = importing.check_import(store, table, guess_mapping(table.columns))
    assert len(again.suppressed) == 1 and first.suppressed == ()
    (row,) = again.suppressed
    assert row not in again.new and row in first.new


def test_a_mapping_chosen_by_hand_is_the_one_used(store):
    table = _table("outlook.csv")
    mapping = [Target.IGNORE if t is Target.NOTES else t for t in guess_mapping(table.columns)]
    _import(store, table, mapping)
    john = clients.get_client(store, clients.find_clients(store, "john")[0].ref)
    assert john.notes == ""
