"""How a command speaks: its output streams, the program's name, counts in words.

Kept apart from core.py, which imports every feature's commands: the features import this,
so nothing in app/cli imports in a circle.
"""

from __future__ import annotations

import getpass
import json
import sys
from dataclasses import dataclass, field
from typing import Any

PROGRAM = "privacy-desk"


def counted(number: int, singular: str, plural: str) -> str:
    """ "1 file", "2 files": the command line speaks English, each count with its own form."""
    return f"{number:,} {singular if number == 1 else plural}"


@dataclass(frozen=True)
class Output:
    """Where a command writes; tests pass their own streams."""

    out: Any = field(default_factory=lambda: sys.stdout)
    err: Any = field(default_factory=lambda: sys.stderr)

    def line(self, text: str = "") -> None:
        print(text, file=self.out)

    def json(self, document: object) -> None:
        print(json.dumps(document, ensure_ascii=False, indent=2, default=str), file=self.out)


def ask_secret(prompt: str, output: Output) -> str | None:
    """A passphrase typed on the terminal (not echoed); None when there is no terminal."""
    if not sys.stdin.isatty():
        return None
    try:
        return getpass.getpass(prompt, stream=output.err) or None
    except (EOFError, KeyboardInterrupt):
        return None


def new_passphrase(output: Output, why: str) -> tuple[str, str | None] | None:
    """A new recovery passphrase and its confirmation: PRIVACY_DESK_PASSPHRASE (a script's,
    confirmed by itself), else typed twice on the terminal after `why`; None when neither."""
    from app.services import unlocking  # only the commands that make a key need it

    passphrase = unlocking.passphrase_from_environment()
    if passphrase is not None:
        return passphrase, passphrase
    output.err.write(f"{PROGRAM}: {why}\n")
    passphrase = ask_secret("Recovery passphrase: ", output)
    if passphrase is None:
        return None
    return passphrase, ask_secret("The same again: ", output)
