"""Cells a spreadsheet opens as text: the one rule every CSV the app writes follows."""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection advice)."""
    return "'" + text if text[:1] in FORMULA_STARTS else text
