"""English and Simplified Chinese ship complete: every marked string has a translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from app.i18n import _catalogue, translator

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def marked_messages() -> set[str]:
    found = extract_from_dir(
        str(ROOT / "app"),
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None},
    )
    return {
        message for _file, _line, message, _comments, _context in found if isinstance(message, str)
    }


def test_every_marked_string_has_a_chinese_translation():
    chinese = _catalogue("zh")
    missing = sorted(marked_messages() - set(chinese))
    assert not missing, f"{len(missing)} strings without Chinese, e.g. {missing[:5]}"


@pytest.mark.parametrize("message", sorted(marked_messages()))
def test_translations_keep_every_placeholder(message):
    chinese = translator("zh")(message)
    assert sorted(PLACEHOLDER.findall(chinese)) == sorted(PLACEHOLDER.findall(message))


def test_english_is_the_source_text():
    assert translator("en")("Today") == "Today"
    assert translator("zh")("a string nobody marked") == "a string nobody marked"
