"""Story 1 and the client search a coach relies on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.domain.enums import ClientStatus
from app.domain.errors import ReferenceCodeError
from app.domain.refcodes import format_reference, parse_reference
from app.services import clients
from app.services.errors import InvalidInput, NotFound
from app.services.rows import ClientDraft
from tests.helpers.factories import ACTOR, NOW, make_client
from tests.helpers.practice import everything_in, raw_connection


def test_a_new_client_gets_a_valid_reference_code_and_is_active(store):
    row = make_client(store, "Zoë", "Ångström", email="zoe@example.org", phone="020 7946 0123")
    assert parse_reference(row.ref) == row.ref
    assert row.status == ClientStatus.ACTIVE
    assert row.name == "Zoë Ångström"
    detail = clients.get_client(store, format_reference(row.ref))
    assert detail.row.email == "zoe@example.org"
    assert detail.phone_e164 == "+442079460123"
    assert detail.row.phone == "020 7946 0123"  # kept as entered


def test_a_real_mobile_the_phone_data_lacks_is_kept_with_a_warning_said_once(store):
    row = make_client(store, "Ada", "Lovelace", phone="+44 7911 654321")
    [warning] = row.warnings
    assert "'+44 7911 654321'" in warning.text()
    assert clients.get_client(store, row.ref).phone_e164 == "+447911654321"
    same = ClientDraft(given_name="Ada", family_name="Lovelace", phone="+44 7911 654321")
    renamed = clients.edit_client(store, row.ref, replace(same, family_name="King"), actor=ACTOR)
    assert renamed.warnings == ()  # the number did not change: not said again
    moved = clients.edit_client(store, row.ref, replace(same, phone="07700 900123"), actor=ACTOR)
    assert len(moved.warnings) == 1
    assert clients.phone_warning(store, "07700 900123") is not None  # the practice's country
    assert clients.phone_warning(store, "020 7946 0958") is None
    assert clients.phone_warning(store, "12") is None  # refused on saving, not warned


def test_chinese_names_are_shown_family_name_first_without_a_space(store):
    assert make_client(store, "伟", "王", country_code="CN", language="zh").name == "王伟"


def test_bad_input_names_every_wrong_field_and_saves_nothing(store):
    with pytest.raises(InvalidInput) as caught:
        clients.add_client(
            store,
            ClientDraft(given_name="  ", email="not-an-email", phone="12", language="fr"),
            actor=ACTOR,
        )
    fields = {problem.field for problem in caught.value.problems}
    assert {"given_name", "email", "phone", "language"} <= fields
    assert clients.count_clients(store) == 0


def test_the_audit_log_names_fields_but_never_personal_values(store):
    make_client(store, "Hester", "Prynne", email="hester@example.org", notes="Knee injury")
    connection = raw_connection(store.paths.database)
    dump = everything_in(connection)
    audit = connection.execute("SELECT action, entity, fields FROM audit_log").fetchall()
    connection.close()
    assert audit == [("create", "client", "email,family_name,given_name,language,notes")]
    audit_rows = [line for line in dump.splitlines() if "audit_log" in line]
    assert not any("Hester" in line or "hester@" in line or "Knee" in line for line in audit_rows)


def test_editing_a_client_changes_search_and_records_which_fields_changed(store):
    row = make_client(store, "Anna", "Smith")
    clients.edit_client(
        store, row.ref, ClientDraft(given_name="Anna", family_name="Jones"), actor=ACTOR
    )
    assert [r.ref for r in clients.find_clients(store, "jones")] == [row.ref]
    assert clients.find_clients(store, "smith") == []


def test_an_archived_client_is_kept_and_still_found(store):
    row = make_client(store, "Old", "Member")
    clients.set_client_status(store, row.ref, ClientStatus.FORMER, actor=ACTOR, now=NOW)
    [found] = clients.find_clients(store, "member")
    assert found.status == ClientStatus.FORMER
    assert clients.find_clients(store, "member", include_former=False) == []


def test_a_mistyped_reference_is_caught_by_its_check_character(store):
    row = make_client(store)
    mistyped = row.ref[:2] + ("2" if row.ref[2] != "2" else "3") + row.ref[3:]
    with pytest.raises(ReferenceCodeError, match="mistyped"):
        clients.get_client(store, mistyped)


def test_an_unknown_but_well_formed_reference_is_not_found(store):
    with pytest.raises(NotFound):
        clients.get_client(store, "2222222" if parse_reference_ok("2222222") else "ABCDEFG")


def parse_reference_ok(code: str) -> bool:
    try:
        parse_reference(code)
    except ReferenceCodeError:
        return False
    return True


@pytest.fixture
def practice_of_many(store):
    people = [
        ("Zoë", "Ångström", {"email": "zoe@example.org", "phone": "+44 20 7946 0958"}),
        ("伟", "王", {"country_code": "CN", "phone": "+86 138 0013 8000"}),
        ("娜娜", "欧阳", {}),
        ("Seán", "O'Brien", {"email": "sean_obrien@example.ie"}),
        ("Tom", "& <Jerry>", {}),
        ("Percy", "100% Effort", {}),
        ("Ελένη", "Παπαδοπούλου", {}),
    ]
    return {
        f"{given} {family}": make_client(store, given, family, **fields)
        for given, family, fields in people
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("ZOË", "Zoë Ångström"),
        ("zoë", "Zoë Ångström"),
        ("ångs", "Zoë Ångström"),
        ("ZOE@EXAMPLE", "Zoë Ångström"),
        ("020 7946 0958", "Zoë Ångström"),
        ("(020) 7946-0958", "Zoë Ångström"),
        ("7946", "Zoë Ångström"),
        ("+44 20 7946", "Zoë Ångström"),
        ("王伟", "伟 王"),
        ("王", "伟 王"),
        ("欧阳娜娜", "娜娜 欧阳"),
        ("欧阳", "娜娜 欧阳"),
        ("138 0013 8000", "伟 王"),
        ("o'brien", "Seán O'Brien"),
        ("sean_", "Seán O'Brien"),
        ("& <jer", "Tom & <Jerry>"),
        ("100%", "Percy 100% Effort"),
        ("ΕΛΈΝΗ", "Ελένη Παπαδοπούλου"),
    ],
)
def test_search_finds_clients_however_they_are_typed(store, practice_of_many, typed, expected):
    found = clients.find_clients(store, typed)
    assert [row.ref for row in found] == [practice_of_many[expected].ref]


def test_search_by_reference_code_with_or_without_the_hyphen(store, practice_of_many):
    target = practice_of_many["Ελένη Παπαδοπούλου"]
    for typed in (target.ref, format_reference(target.ref), format_reference(target.ref).lower()):
        assert [row.ref for row in clients.find_clients(store, typed)] == [target.ref]


@pytest.mark.parametrize("typed", ["%", "_", "'", '"', "<", "&", "\\", "*", "NEAR(", "a OR b", "-"])
def test_search_is_safe_with_any_characters(store, practice_of_many, typed):
    clients.find_clients(store, typed)  # must not raise


def test_search_results_come_sorted_by_family_name(store, practice_of_many):
    names = [row.name for row in clients.find_clients(store, "")]
    assert names[0] == "Tom & <Jerry>"  # '&' sorts before letters
    assert len(names) == len(practice_of_many)
