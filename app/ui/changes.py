"""Which kinds of record an operation changed, as typed data (Anki's OpChanges).

An operation says what it changed once, when it is submitted; the context publishes that
after the operation succeeded, and each page compares it with the kinds of record it shows to
decide whether to reload. Qt-free: a test reads it without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    """One flag per kind of record; `all` (a restore) touches every page."""

    clients: bool = False
    consents: bool = False
    vendors: bool = False
    sharings: bool = False
    optouts: bool = False
    notices: bool = False
    documents: bool = False
    practice: bool = False
    reviews: bool = False
    incidents: bool = False
    requests: bool = False  # rights requests (access, deletion, complaints...)
    all: bool = False  # every record may differ: a restore replaced the file

    def touches(self, shown: Changes) -> bool:
        """Whether a page showing the kinds set in `shown` must reload after these changes."""
        if self.all:
            return True
        return any(
            getattr(self, field.name) and getattr(shown, field.name)
            for field in fields(self)
            if field.name != "all"
        )

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            **{
                field.name: getattr(self, field.name) or getattr(other, field.name)
                for field in fields(self)
            }
        )

    def kinds(self) -> tuple[str, ...]:
        """The names of the flags set, for logs and test messages."""
        return tuple(field.name for field in fields(self) if getattr(self, field.name))


NOTHING = Changes()
EVERYTHING = Changes(all=True)
