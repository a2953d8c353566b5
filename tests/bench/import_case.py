"""The import budget (issue 15): a phone's 5,000 vCards read, checked and written in 5 s."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from app.domain.contact_files import FileFormat, read_contacts
from app.domain.import_mapping import guess_mapping
from app.paths import DataPaths
from app.services import importing
from app.services.unlocking import create_practice

GIVEN = ("Anna", "Zoë", "Kari", "Tom", "Mary", "Jürgen", "伟", "娜", "Oliver", "Amelia")
FAMILY = ("Smith", "Brontë", "Ødegård", "Jones", "Major", "Müller", "王", "李", "Taylor", "Wang")


def vcard_file(count: int) -> bytes:
    """`count` vCard 3.0 cards as an iPhone writes them, each person distinct."""
    cards = []
    for number in range(count):
        given, family = GIVEN[number % 10], FAMILY[(number // 10) % 10]
        cards.append(
            "BEGIN:VCARD\r\nVERSION:3.0\r\n"
            f"N:{family};{given} {number};;;\r\nFN:{given} {number} {family}\r\n"
            f"EMAIL;type=INTERNET;type=HOME;type=pref:person{number}@example.com\r\n"
            f"TEL;type=CELL;type=VOICE;type=pref:+44 7700 9{number:05d}\r\n"
            f"ADR;type=HOME;type=pref:;;{number} High Street;London;;SW1A 1AA;United Kingdom\r\n"
            "NOTE:Prefers mornings\r\nEND:VCARD\r\n"
        )
    return "".join(cards).encode()


def measure_import(count: int, result, passphrase: str) -> list:
    """As in the window: the file read and reported on (the preview), then imported, which
    checks every row again inside its transaction and writes. The budget is the import's.

    `result` is run.py's, which makes the table's rows.
    """
    data = vcard_file(count)
    with (
        tempfile.TemporaryDirectory(prefix="privacy-desk-bench-") as folder,
        create_practice(DataPaths(Path(folder) / "practice"), passphrase) as store,
    ):
        started = time.perf_counter()
        table = read_contacts(data, FileFormat.VCARD)
        mapping = guess_mapping(table.columns)
        read = time.perf_counter() - started
        importing.check_import(store, table, mapping)
        previewed = time.perf_counter() - started
        imported = importing.import_clients(store, table, mapping, actor="bench")
        took = time.perf_counter() - started - previewed
    assert imported.added == count, imported.report
    return [
        result(f"{count:,} vCards read and reported on (the preview)", previewed, "s", None, read),
        result(f"importing {count:,} vCards after the preview", took, "s", 5.0),
    ]
