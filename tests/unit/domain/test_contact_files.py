"""Contacts files as phones, Google, Outlook and Excel write them, read into one table."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.contact_files import (
    FileFormat,
    UnreadableFile,
    format_of,
    guess_encoding,
    read_contacts,
    read_csv,
)
from app.domain.import_mapping import (
    Target,
    country_code,
    guess_mapping,
    language_code,
    mapped_fields,
    split_full_name,
    target_named,
)

CONTACTS = Path(__file__).parent / "contacts"


def _read(name: str, encoding: str | None = None):
    data = (CONTACTS / name).read_bytes()
    return read_contacts(data, format_of(name, data), encoding)


def _people(table) -> list[dict[str, str]]:
    mapping = guess_mapping(table.columns)
    return [mapped_fields(row, mapping, default_language="en") for row in table.rows]


def test_a_google_contacts_export_with_the_newer_headers_and_several_values_in_a_cell():
    table = _read("google-contacts.csv")
    assert table.encoding == "utf-8-sig"  # the BOM is not part of the first header
    assert table.columns[0] == "First Name"
    anna = _people(table)[0]
    assert (anna["given_name"], anna["family_name"]) == ("Anna", "Smith")
    assert anna["email"] == "anna.smith@example.com"  # "E-mail 1 - Value", not the label
    assert anna["phone"] == "+44 7700 900123"  # the first of " ::: "
    assert (anna["street"], anna["postal_code"], anna["country_code"]) == (
        "10 Downing Street",
        "SW1A 2AA",
        "GB",
    )


def test_a_google_contacts_export_with_the_older_headers():
    [kari] = _people(_read("google-contacts-old.csv"))
    assert (kari["given_name"], kari["family_name"]) == ("Kari", "Ødegård")
    assert kari["email"] == "kari@example.no"


def test_an_iphone_vcard_with_a_chinese_name_written_quoted_printable():
    table = _read("iphone.vcf")
    assert table.file_format is FileFormat.VCARD
    wang, kari, anna = _people(table)
    assert (wang["family_name"], wang["given_name"]) == ("王", "伟")
    assert wang["email"] == "wang.wei@example.cn"  # the first of two EMAIL lines
    assert wang["phone"] == "+86 139 1234 5678"
    assert wang["notes"] == "膝盖旧伤，每周两次"  # a soft line break in the middle of a character
    assert (kari["city"], kari["postal_code"], kari["country_code"]) == ("Oslo", "0155", "NO")
    assert anna["phone"] == "not a number"  # the client rules judge it, not the reader
    assert "Phone 2" in table.columns and table.rows[0][table.columns.index("Phone 2")]


def test_vcards_2_1_and_4_0():
    li, jurgen = _people(_read("android-21-and-40.vcf"))
    assert (li["family_name"], li["given_name"], li["phone"]) == ("李", "娜", "13812345678")
    assert jurgen["phone"] == "+49-151-2345-6789"  # 4.0's tel: URI
    assert jurgen["language"] == "en"


def test_a_windows_1252_csv_is_read_as_windows_1252_and_its_semicolons_found():
    table = _read("windows-1252.csv")
    assert table.encoding == "cp1252"
    kari, jurgen = _people(table)
    assert kari["family_name"] == "Ødegård"
    assert (jurgen["family_name"], jurgen["country_code"]) == ("Müller", "DE")


def test_a_misread_encoding_is_corrected_by_reading_again_in_the_one_chosen():
    data = "Vorname;Nachname\nJürgen;Ødegård\n".encode("cp1252")
    assert read_contacts(data, FileFormat.CSV, "cp1250").rows[0][1] == "Řdegĺrd"  # PITFALLS
    assert read_contacts(data, FileFormat.CSV, "cp1252").rows[0][1] == "Ødegård"


def test_an_encoding_the_bytes_are_not_is_refused_in_words():
    with pytest.raises(UnreadableFile, match="not utf-8 text"):
        read_contacts("Zoë".encode("cp1252"), FileFormat.CSV, "utf-8")
    with pytest.raises(UnreadableFile, match="not an encoding"):
        read_contacts(b"a,b", FileFormat.CSV, "klingon")


def test_a_gb18030_csv_from_a_chinese_excel():
    table = _read("gb18030.csv")
    assert table.encoding == "gb18030"
    wang = _people(table)[0]
    assert (wang["family_name"], wang["given_name"], wang["notes"]) == ("王", "伟", "膝盖旧伤")
    assert wang["phone"] == "13912345678"


def test_an_outlook_csv_takes_the_first_phone_column_with_a_number():
    john, mary = _people(_read("outlook.csv"))
    assert (john["phone"], john["region"], john["country_code"]) == ("(415) 555-0132", "CA", "US")
    assert mary["phone"] == "020 7946 0000"  # "Home Phone": her "Mobile Phone" is empty


def test_utf_16_text_with_tabs_as_excel_saves_unicode_text():
    table = _read("utf-16.txt")
    assert table.encoding == "utf-16"
    [zoe] = _people(table)
    assert (zoe["given_name"], zoe["family_name"]) == ("Zoë", "Brontë")


def test_an_xlsx_spreadsheet_with_numbers_and_dates_in_its_cells():
    from datetime import date

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Name", "Mobile", "Email", "Joined"])
    sheet.append(["Zoë Brontë", 447700900123, "zoe@example.com", date(2024, 3, 1)])
    sheet.append([None, None, None, None])
    sheet.append(["王伟", "13912345678", "wang@example.cn", None])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert format_of("clients.bin", data) is FileFormat.XLSX  # told by its first bytes
    table = read_contacts(data, FileFormat.XLSX)
    assert table.rows[0] == ("Zoë Brontë", "447700900123", "zoe@example.com", "2024-03-01")
    assert len(table.rows) == 2  # the empty row is dropped
    assert guess_mapping(table.columns)[:3] == (Target.FULL_NAME, Target.PHONE, Target.EMAIL)


def test_a_file_that_is_no_spreadsheet_is_refused_in_words():
    with pytest.raises(UnreadableFile, match="spreadsheet"):
        read_contacts(b"PK\x03\x04 not really", FileFormat.XLSX)
    with pytest.raises(UnreadableFile, match="no contacts"):
        read_contacts(b"BEGIN:VCALENDAR\nEND:VCALENDAR\n", FileFormat.VCARD)


def test_the_encoding_guess_prefers_the_common_one_among_equals():
    assert guess_encoding("Jon Ødegård,jon@example.no\n".encode("cp1252")) == "cp1252"
    assert (
        guess_encoding("王伟,wang@example.cn\n李娜,li@example.cn\n".encode("gb18030")) == "gb18030"
    )
    assert guess_encoding("Zoë".encode()) == "utf-8"


def test_a_delimiter_the_sniffer_gives_up_on_is_taken_from_the_header_line():
    table = read_csv('Name|Notes\n"Zoë"|"line one\nline two"\n')
    assert table.columns == ("Name", "Notes")
    assert table.rows[0][1] == "line one\nline two"


def test_full_names_are_split_the_way_each_script_writes_them():
    assert split_full_name("Anna Maria Smith") == ("Anna Maria", "Smith")
    assert split_full_name("Smith, Anna") == ("Anna", "Smith")
    assert split_full_name("王伟") == ("伟", "王")
    assert split_full_name("Cher") == ("Cher", "")


def test_languages_and_countries_in_words_become_codes():
    assert language_code("中文", "en") == "zh"
    assert language_code("", "zh") == "zh"
    assert language_code("Klingon", "en") == "Klingon"  # the client rules refuse it in words
    assert country_code("United Kingdom") == "GB"
    assert country_code("中国") == "CN"
    assert country_code("gb") == "GB"
    assert target_named("Given name") is Target.GIVEN_NAME
    assert target_named("phone") is Target.PHONE
    with pytest.raises(ValueError):
        target_named("shoe size")


@given(st.text(max_size=300))
def test_any_text_is_read_as_a_table_or_refused_in_words(text):
    try:
        table = read_csv(text)
    except UnreadableFile:
        return
    assert all(len(row) == len(table.columns) for row in table.rows)
