"""How a person's name is shown and sorted, for every script."""

from __future__ import annotations

import unicodedata


def is_cjk(text: str) -> bool:
    """Whether the text holds a Chinese (CJK unified) character."""
    return any(unicodedata.name(character, "").startswith("CJK UNIFIED") for character in text)


def display_name(given: str, family: str) -> str:
    """'Zoë Ångström' for Latin names; '王伟' (family first, no space) for Chinese ones."""
    if not family:
        return given
    if not given:
        return family
    if is_cjk(given) and is_cjk(family):
        return f"{family}{given}"
    return f"{given} {family}"


def sort_key(given: str, family: str) -> str:
    """Family name first, casefolded, so the database orders every script the same way.

    The key ends with the two names run together, so that a two-character Chinese name such
    as 王伟 (too short for the trigram index) is found inside the key itself.
    """
    return unicodedata.normalize("NFC", f"{family}\x1f{given}\x1f{family}{given}").casefold()
