"""One translation system for the window and the documents: gettext catalogues read by Babel.

Source strings are English and wrapped in `_()` where they are written (extracted by
`pybabel extract -k _ -k N_`); a sentence with a count goes through `ngettext(singular,
plural, n)`, so "1 client" and "2 clients" are both right and Chinese has its one form.
A language's catalogue is every `resources/translations/<language>-*.po` file (one per part
of the app: zh-window.po, zh-documents.po ...), read directly, so there is no compile step
to forget.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources

from babel.messages.pofile import read_po

DOMAIN = "privacy_desk"
LANGUAGES = ("en", "zh")
Translate = Callable[[str], str]
TranslatePlural = Callable[[str, str, int], str]


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; translate it where it is shown."""
    return message


def _catalogues(language: str):
    folder = resources.files("app.resources").joinpath("translations")
    if not folder.is_dir():
        return
    for source in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if source.name.startswith(f"{language}-") and source.name.endswith(".po"):
            with source.open("rb") as handle:
                yield read_po(handle, locale=language, domain=DOMAIN)


@functools.cache
def _catalogue(language: str) -> dict[str, str]:
    if language == "en":
        return {}
    table: dict[str, str] = {}
    for catalogue in _catalogues(language):
        table.update(
            (message.id, message.string)
            for message in catalogue
            if isinstance(message.id, str) and message.id and message.string and not message.fuzzy
        )
    return table


@functools.cache
def _plural_catalogue(language: str) -> tuple[int, dict[str, tuple[str, ...]]]:
    """How many forms the language has, and each plural message's forms by its singular."""
    if language == "en":
        return 2, {}
    forms = 2
    table: dict[str, tuple[str, ...]] = {}
    for catalogue in _catalogues(language):
        forms = catalogue.num_plurals
        table.update(
            (message.id[0], tuple(message.string))
            for message in catalogue
            if isinstance(message.id, tuple) and all(message.string) and not message.fuzzy
        )
    return forms, table


def translator(language: str) -> Translate:
    """The `_` for one language; an unknown string comes back as written (English)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    table = _catalogue(language)
    return lambda message: table.get(message, message)


def plural_translator(language: str) -> TranslatePlural:
    """The `ngettext` for one language: the form for ``n``; English when not translated."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    forms, table = _plural_catalogue(language)

    def ngettext(singular: str, plural: str, n: int) -> str:
        translated = table.get(singular)
        if translated is None:
            return singular if n == 1 else plural
        # Two forms (one, other) or one (Chinese); the catalogues hold no language with more.
        return translated[0 if forms == 1 or n == 1 else min(1, len(translated) - 1)]

    return ngettext
