"""One translation system for the window and the documents: gettext catalogues read by Babel.

Source strings are English and wrapped in `_()` where they are written (extracted by
`pybabel extract -k _ -k N_`). A language's catalogue is every `resources/translations/
<language>-*.po` file (one per part of the app: zh-window.po, zh-documents.po ...), read
directly, so there is no compile step to forget.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources

from babel.messages.pofile import read_po

DOMAIN = "privacy_desk"
LANGUAGES = ("en", "zh")
Translate = Callable[[str], str]


def N_(message: str) -> str:
    """Marks a string for extraction where it is defined; translate it where it is shown."""
    return message


@functools.cache
def _catalogue(language: str) -> dict[str, str]:
    if language == "en":
        return {}
    folder = resources.files("app.resources").joinpath("translations")
    table: dict[str, str] = {}
    if not folder.is_dir():
        return table
    for source in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not (source.name.startswith(f"{language}-") and source.name.endswith(".po")):
            continue
        with source.open("rb") as handle:
            catalogue = read_po(handle, locale=language, domain=DOMAIN)
        table.update(
            (message.id, message.string)
            for message in catalogue
            if isinstance(message.id, str) and message.id and message.string and not message.fuzzy
        )
    return table


def translator(language: str) -> Translate:
    """The `_` for one language; an unknown string comes back as written (English)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    table = _catalogue(language)
    return lambda message: table.get(message, message)
