"""English and Simplified Chinese ship complete: every marked string has a translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir

from app.i18n import _catalogue, _plural_catalogue, plural_translator, translator

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _extracted() -> list:
    found = extract_from_dir(
        str(ROOT / "app"),
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None, "ngettext": (1, 2)},
    )
    return [message for _file, _line, message, _comments, _context in found]


def marked_messages() -> set[str]:
    return {message for message in _extracted() if isinstance(message, str)}


def plural_messages() -> set[tuple[str, str]]:
    return {tuple(message) for message in _extracted() if isinstance(message, tuple)}


def test_every_marked_string_has_a_chinese_translation():
    chinese = _catalogue("zh")
    missing = sorted(marked_messages() - set(chinese))
    assert not missing, f"{len(missing)} strings without Chinese, e.g. {missing[:5]}"


def test_every_sentence_with_a_count_has_its_chinese_form():
    _forms, chinese = _plural_catalogue("zh")
    missing = sorted(singular for singular, _plural in plural_messages() if singular not in chinese)
    assert plural_messages(), "the ngettext calls were not found"
    assert not missing, f"{len(missing)} plural sentences without Chinese, e.g. {missing[:5]}"


@pytest.mark.parametrize("message", sorted(plural_messages()))
def test_plural_translations_keep_every_placeholder(message):
    singular, plural = message
    chinese = plural_translator("zh")
    for n in (1, 2):
        assert sorted(PLACEHOLDER.findall(chinese(singular, plural, n))) == sorted(
            PLACEHOLDER.findall(plural)
        )


def test_one_and_many_read_right_in_english_and_once_in_chinese():
    english, chinese = plural_translator("en"), plural_translator("zh")
    sentence = ("{count} client shown", "{count} clients shown")
    assert english(*sentence, 1).format(count=1) == "1 client shown"
    assert english(*sentence, 2).format(count=2) == "2 clients shown"
    assert chinese(*sentence, 1).format(count=1) == chinese(*sentence, 5).format(count=1)
    assert "client" not in chinese(*sentence, 5)


@pytest.mark.parametrize("message", sorted(marked_messages()))
def test_translations_keep_every_placeholder(message):
    chinese = translator("zh")(message)
    assert sorted(PLACEHOLDER.findall(chinese)) == sorted(PLACEHOLDER.findall(message))


def test_english_is_the_source_text():
    assert translator("en")("Today") == "Today"
    assert translator("zh")("a string nobody marked") == "a string nobody marked"


@pytest.mark.parametrize(
    "catalogue", sorted((ROOT / "resources" / "translations").glob("*.po")), ids=lambda p: p.name
)
def test_no_catalogue_translates_one_message_twice(catalogue):
    # Two branches that add the same message each append it; a reader keeps only one of the
    # two translations, silently, and they may differ.
    from collections import Counter

    from babel.messages.pofile import read_po

    with catalogue.open("rb") as file:
        ids = [message.id for message in read_po(file) if message.id]
    text = catalogue.read_text(encoding="utf-8")
    entries = Counter(re.findall(r'^msgid "(.*)"$', text, flags=re.M))
    twice = sorted(message for message, count in entries.items() if message and count > 1)
    assert twice == [] and len(ids) == len(set(ids))
