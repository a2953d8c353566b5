"""Fonts, translations and icons shipped with Privacy Desk (installed as app.resources)."""
