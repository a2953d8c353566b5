"""Contacts files read into one table: CSV in any delimiter and encoding, XLSX, vCard.

Pure: bytes in, a `ContactTable` out. The encoding of a CSV is guessed (a BOM, strict UTF-8,
then charset-normalizer), but a short file is easily misread (PITFALLS: `Ødegård` taken for
cp1250), so the caller may name the encoding and read again.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from app.domain.errors import N_, DomainError

# Offered when a person corrects the guess; any name Python knows is accepted as well.
ENCODINGS = (
    "utf-8",
    "utf-16",
    "gb18030",
    "big5",
    "shift_jis",
    "cp1252",
    "cp1250",
    "cp1251",
    "iso-8859-1",
)
_DELIMITERS = ",;\t|"
_SNIFF_SAMPLE = 64 * 1024
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
MULTI_VALUE = " ::: "  # Google Contacts: several values in one cell


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    VCARD = "vcard"


class UnreadableFile(DomainError):
    """The file is not what it was taken for (wrong format, wrong encoding, damaged)."""


@dataclass(frozen=True)
class ContactTable:
    """A file's contacts as rows of text under its own column names (first row = 1)."""

    file_format: FileFormat
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    encoding: str = ""  # the encoding read with ("" for XLSX)


def format_of(file_name: str, data: bytes) -> FileFormat:
    """The format from the name, else from the first bytes."""
    lowered = file_name.lower()
    if lowered.endswith((".vcf", ".vcard")):
        return FileFormat.VCARD
    if lowered.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        return FileFormat.XLSX
    if data[:4] == b"PK\x03\x04":
        return FileFormat.XLSX
    if b"BEGIN:VCARD" in data[:2048].upper().replace(b"\x00", b""):
        return FileFormat.VCARD
    return FileFormat.CSV


def guess_encoding(data: bytes) -> str:
    """A BOM's encoding, else UTF-8 if the bytes are valid UTF-8, else charset-normalizer's."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    from charset_normalizer import from_bytes  # loaded only for a file that needs it

    matches = from_bytes(data[:_SNIFF_SAMPLE], cp_isolation=list(_CANDIDATES))
    if not matches:
        return "cp1252"
    # A short file fits several encodings equally well (chaos 0): charset-normalizer then
    # picks big5 or cp1250 for a Windows-1252 "Ødegård". Among the equals: not a CJK reading
    # that puts an ideograph inside a Latin word, then the more common encoding.
    least = min(match.chaos for match in matches)
    tied = [match.encoding for match in matches if match.chaos <= least + 0.01]
    plausible = [
        encoding
        for encoding in tied
        if encoding not in _CJK_ENCODINGS or not _CJK_IN_LATIN_WORD.search(data.decode(encoding))
    ] or tied
    return min(plausible, key=lambda encoding: _CANDIDATES.index(encoding))


_CANDIDATES = (  # charset-normalizer's names, most common first
    "utf_8",
    "cp1252",
    "gb18030",
    "big5",
    "shift_jis",
    "cp1250",
    "cp1251",
    "utf_16",
)
_CJK_ENCODINGS = frozenset({"gb18030", "big5", "shift_jis"})
_IDEOGRAPH = "\u3000-\u9fff\uac00-\ud7af"  # CJK and Hangul
_CJK_IN_LATIN_WORD = re.compile(f"[A-Za-z][{_IDEOGRAPH}]|[{_IDEOGRAPH}][A-Za-z]")


def decode(data: bytes, encoding: str) -> str:
    """The text of the file in `encoding`; refused in words when it is not."""
    try:
        text = data.decode(encoding)
    except LookupError:
        raise UnreadableFile(N_("{encoding} is not an encoding."), encoding=encoding) from None
    except UnicodeDecodeError:
        raise UnreadableFile(
            N_("The file is not {encoding} text: choose another encoding."), encoding=encoding
        ) from None
    return text.removeprefix("\ufeff")


def read_contacts(
    data: bytes, file_format: FileFormat, encoding: str | None = None
) -> ContactTable:
    """Any supported file as a table; `encoding` None means guessed (CSV and vCard)."""
    if file_format is FileFormat.XLSX:
        return read_xlsx(data)
    chosen = encoding or guess_encoding(data)
    text = decode(data, chosen)
    if file_format is FileFormat.VCARD:
        from app.domain.vcards import read_vcards

        columns, rows = read_vcards(text)
        return ContactTable(FileFormat.VCARD, columns, rows, chosen)
    return read_csv(text, chosen)


def sniff_delimiter(text: str) -> str:
    sample = text[:_SNIFF_SAMPLE]
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        # The sniffer gives up on files with quoted line breaks or few rows: the delimiter
        # the header line holds most of.
        header = sample.splitlines()[0] if sample else ""
        counts = {delimiter: header.count(delimiter) for delimiter in _DELIMITERS}
        best = max(counts, key=lambda delimiter: counts[delimiter])
        return best if counts[best] else ","


def read_csv(text: str, encoding: str = "utf-8") -> ContactTable:
    delimiter = sniff_delimiter(text)
    try:
        lines = [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if any(row)]
    except csv.Error as error:
        raise UnreadableFile(
            N_("The file is not a CSV table ({problem})."), problem=str(error)
        ) from None
    if not lines:
        raise UnreadableFile(N_("The file holds no rows."))
    return _table(FileFormat.CSV, lines, encoding)


def read_xlsx(data: bytes) -> ContactTable:
    from python_calamine import CalamineWorkbook  # loaded only for a spreadsheet

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        cells = workbook.get_sheet_by_index(0).to_python(skip_empty_area=True)
    except Exception:  # calamine raises its own types for every kind of damage
        raise UnreadableFile(N_("The file is not a spreadsheet that can be read.")) from None
    lines = [[_cell_text(cell) for cell in row] for row in cells]
    lines = [row for row in lines if any(row)]
    if not lines:
        raise UnreadableFile(N_("The file holds no rows."))
    return _table(FileFormat.XLSX, lines, "")


def _cell_text(cell: object) -> str:
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # a phone number typed into a number cell: no ".0"
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return "" if cell is None else str(cell).strip()


def _table(file_format: FileFormat, lines: list[list[str]], encoding: str) -> ContactTable:
    header = [name.strip() or f"column {number}" for number, name in enumerate(lines[0], 1)]
    width = len(header)
    rows = tuple(tuple(cell.strip() for cell in (row + [""] * width)[:width]) for row in lines[1:])
    return ContactTable(file_format, tuple(header), rows, encoding)


def first_value(cell: str) -> str:
    """The first of a cell's several values (Google's ` ::: `)."""
    return cell.split(MULTI_VALUE, 1)[0].strip()
