"""Who is working: recorded as "recorded by" on every consent event and audit entry."""

from __future__ import annotations

import getpass


def current_user() -> str:
    """The operating system's name for the person at the computer."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
