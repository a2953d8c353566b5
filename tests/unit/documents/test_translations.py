"""The Chinese catalogue of the documents: complete, and faithful to every {field}."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from app.paths import resources_dir
from app.services import (
    access_export,
    access_package,
    access_records,
    document_context,
    document_kinds,
    notice_changes,
)

ROOT = Path(__file__).resolve().parents[3]
# What the documents print: the renderers, each declared kind's builder (labels worded in
# the document's language), the sentences that say what changed in a notice version, the
# refusals of a bad language or paper, and what the access package's report says.
SOURCES = sorted(
    {
        *(ROOT / "app" / "documents").glob("*.py"),
        *(
            Path(inspect.getsourcefile(part))
            for kind in document_kinds.document_kinds()
            for part in (kind.build, kind.renderer)
        ),
        Path(inspect.getsourcefile(notice_changes)),
        Path(inspect.getsourcefile(document_context)),
        # The access package's report: its sections' titles, headings and words.
        *(Path(inspect.getsourcefile(m)) for m in (access_package, access_records, access_export)),
    }
)
FIELD = re.compile(r"\{\w*\}")


def _catalogue(name: str = "zh-documents.po") -> dict[str, str]:
    with (resources_dir() / "translations" / name).open("rb") as handle:
        return {m.id: m.string for m in read_po(handle) if m.id}


def test_every_string_the_documents_print_has_a_chinese_translation():
    # The refusals these modules raise (a bad language, no client chosen) are window text,
    # translated with the other error messages in zh-messages.po.
    catalogue = _catalogue() | _catalogue("zh-messages.po")
    used = {
        message
        for source in SOURCES
        for _line, message, _comments, _context in extract_from_file(
            "python", str(source), keywords={"_": None, "N_": None}
        )
    }
    assert used and sorted(used - set(catalogue)) == []


def test_translations_keep_every_field_of_the_english():
    for english, chinese in _catalogue().items():
        assert sorted(FIELD.findall(chinese)) == sorted(FIELD.findall(english)), english
        assert chinese.strip(), english
