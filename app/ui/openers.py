"""Where "open this" leads: one registry of openers, filled by the main window.

A due line on Today, a request in a client's history, a client named on a request: each
says what it opens as an `Opens` (a place and a record), and the window routes it here to the
page that shows it. A new kind of record on Today needs one opener, registered beside these.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

# The window's own places (the features' places are named with their due sources).
CLIENT = "client"  # key: a reference code
VENDOR_REVIEW = "vendor_review"  # key: a vendor id; its page, and the review dialog over it

Opener = Callable[[Any], None]


class Openers:
    def __init__(self) -> None:
        self._openers: dict[str, Opener] = {}

    def register(self, place: str, opener: Opener) -> None:
        if place in self._openers:
            raise ValueError(f"an opener for {place!r} is registered already")
        self._openers[place] = opener

    def places(self) -> tuple[str, ...]:
        return tuple(self._openers)

    def open(self, opens: Any) -> bool:
        """Open what `opens` (an `Opens` row) names; False, logged, for a place unknown here."""
        if opens is None:
            return False
        opener = self._openers.get(opens.place)
        if opener is None:
            log.warning("nothing opens %r", opens.place)
            return False
        opener(opens.key)
        return True
