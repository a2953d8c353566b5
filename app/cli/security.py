"""`passphrase change` and `passphrase sheet`: the recovery passphrase after it was chosen."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from app.cli.output import Output, ask_secret
from app.domain.errors import N_
from app.persistence.store import Store
from app.services import recovery, unlocking
from app.services.identity import current_user
from app.services.practice import get_practice

# A script's new passphrase; the current one is PRIVACY_DESK_PASSPHRASE, as for every command.
NEW_PASSPHRASE_VARIABLE = "PRIVACY_DESK_NEW_PASSPHRASE"


def register(commands, common: argparse.ArgumentParser) -> None:
    passphrase = commands.add_parser(
        "passphrase", parents=[common], help="the recovery passphrase: change it, print it again"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)

    change = passphrase.add_parser(
        "change",
        parents=[common],
        help="replace the recovery passphrase (the records are not re-encrypted)",
        description=(
            "Asks the current and the new recovery passphrase on the terminal; a script sets "
            f"PRIVACY_DESK_PASSPHRASE (current) and {NEW_PASSPHRASE_VARIABLE} (new)."
        ),
    )
    change.add_argument(
        "--lost",
        action="store_true",
        help="the current passphrase is lost: allowed while this computer's keyring holds the key",
    )
    change.set_defaults(handler=run_change)

    sheet = passphrase.add_parser(
        "sheet",
        parents=[common],
        help="print a new recovery sheet (asks the passphrase again and checks it)",
    )
    sheet.add_argument("--out", required=True, metavar="PATH", type=Path, help="a PDF file")
    sheet.add_argument(
        "--lang",
        dest="sheet_lang",
        choices=("en", "zh"),
        help="default: the practice's language for clients",
    )
    sheet.set_defaults(handler=run_sheet)


def run_change(store: Store, args: argparse.Namespace, output: Output) -> None:
    old = None if args.lost else _current_passphrase(output)
    new = os.environ.get(NEW_PASSPHRASE_VARIABLE) or None
    confirmation = new
    if new is None:
        new = ask_secret("New recovery passphrase: ", output)
        confirmation = ask_secret("The same again: ", output) if new is not None else None
    if new is None:
        raise unlocking.KeyNeeded(
            N_(
                "A new recovery passphrase is needed: set PRIVACY_DESK_NEW_PASSPHRASE, or run "
                "the command on a terminal to type it."
            )
        )
    recovery.change_passphrase(store, new, confirmation, old=old, actor=current_user())
    output.line(
        "The recovery passphrase changed; the old one no longer opens this practice's key "
        "file. Print a new sheet with `privacy-desk passphrase sheet --out FILE` and destroy "
        "the old one."
    )


def run_sheet(store: Store, args: argparse.Namespace, output: Output) -> None:
    passphrase = _current_passphrase(output)
    lang = args.sheet_lang or get_practice(store).default_language
    pdf = recovery.recovery_sheet_pdf(store, passphrase, lang=lang, today=date.today())
    recovery.save_sheet(args.out, pdf)
    output.line(f"Wrote the recovery sheet to {args.out}: print it, keep it safe, delete the file.")


def _current_passphrase(output: Output) -> str:
    """The current passphrase, asked every time even when the keyring opened the practice:
    it is what proves the person is its owner (see recovery.change_passphrase)."""
    passphrase = unlocking.passphrase_from_environment() or ask_secret(
        "Current recovery passphrase: ", output
    )
    if passphrase is None:
        raise unlocking.KeyNeeded(
            N_(
                "The current recovery passphrase is needed: set PRIVACY_DESK_PASSPHRASE, or "
                "run the command on a terminal to type it."
            )
        )
    return passphrase
