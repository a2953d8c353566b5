"""Dialogs, each with an `ask()` classmethod so tests can drive or replace them."""
