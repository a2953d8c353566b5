"""Parsing, dispatch and the one-line error contract shared by every command."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from app import version
from app.cli.output import PROGRAM, Output, ask_secret, new_passphrase
from app.domain.errors import N_, DomainError, quote_input
from app.paths import DataPaths, data_paths

if TYPE_CHECKING:
    from app.persistence.store import Store

log = logging.getLogger(__name__)


def build_window_parser() -> argparse.ArgumentParser:
    """Only the options of the window: opening it needs none of the commands' imports."""
    parser = argparse.ArgumentParser(prog=PROGRAM, add_help=False)
    parser.add_argument("--data-dir", metavar="DIR")
    parser.add_argument("--lang", choices=("en", "zh"))
    parser.add_argument("--smoke", action="store_true")
    return parser


def build_parser() -> argparse.ArgumentParser:
    from app.cli import (  # features register
        clients,
        erasure,
        importing,
        incidents,
        maintenance,
        optouts,
        requests,
        security,
    )
    from app.cli import documents as document_commands

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="the practice's data folder (default: PRIVACY_DESK_HOME or the user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        parents=[common],
        description="Privacy Desk. With no command, opens the window.",
    )
    parser.add_argument("--lang", choices=("en", "zh"), help="window language")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--smoke", action="store_true", help="open the window, report when it is shown, exit"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    features = (
        maintenance,
        clients,
        importing,
        optouts,
        requests,
        erasure,
        incidents,
        document_commands,
        security,
    )
    for feature in features:
        feature.register(commands, common)
    return parser


def undecodable_argument(argv: Sequence[str]) -> str | None:
    """The refusal for an argument holding bytes that are not UTF-8, if any.

    Python hands such bytes over as lone surrogates (PEP 383); stored, printed or used as a
    file name they fail far from here, so they are refused before anything starts.
    """
    for argument in argv:
        if any("\udc80" <= character <= "\udcff" for character in argument):
            shown = argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            return (
                f"{PROGRAM}: the argument {quote_input(shown)} is not valid UTF-8 text; "
                "type it again, or rename the file it names."
            )
    return None


def run_command(args: argparse.Namespace, output: Output | None = None) -> int:
    """Run one headless command; a known problem becomes one line on stderr and exit 1."""
    output = output or Output()
    if getattr(args, "version", False):
        output.line(f"{PROGRAM} {version()}")
        return 0
    try:
        with open_store(data_paths(getattr(args, "data_dir", None)), output) as store:
            return args.handler(store, args, output) or 0
    except DomainError as error:
        print(f"{PROGRAM}: {error}", file=output.err)
        return 1
    except BrokenPipeError:  # `privacy-desk clients list | head`: the reader left early
        return 0
    except Exception as error:  # a bug: the details go to the log, one line to the user
        log.exception("command %s failed", args.command)
        print(
            f"{PROGRAM}: unexpected error ({type(error).__name__}); details are in the log.",
            file=output.err,
        )
        return 70


def open_store(paths: DataPaths, output: Output) -> Store:
    """The practice, unlocked headless: the keyring's key, else PRIVACY_DESK_PASSPHRASE, else
    the recovery passphrase typed on a terminal; else one sentence saying how to give it."""
    from app.services import unlocking  # not loaded when the window opens

    try:
        return unlocking.open_practice(paths)
    except unlocking.KeyNeeded:
        passphrase = unlocking.passphrase_from_environment() or ask_secret(
            "Recovery passphrase of this practice: ", output
        )
        if passphrase is None:
            raise unlocking.KeyNeeded(
                N_(
                    "This practice is encrypted and this computer's keyring does not hold its "
                    "key: set PRIVACY_DESK_PASSPHRASE to its recovery passphrase, or run the "
                    "command on a terminal to type it."
                )
            ) from None
        return unlocking.open_practice(paths, passphrase)
    except unlocking.PracticeNotSetUp:
        chosen = new_passphrase(
            output,
            f"a new practice in {paths.home}. Choose its recovery passphrase: it opens the "
            "practice on another computer (keep it on paper).",
        )
        if chosen is None:
            raise unlocking.PracticeNotSetUp(
                N_(
                    "A new practice needs a recovery passphrase: set PRIVACY_DESK_PASSPHRASE, "
                    "or run the command on a terminal to type it."
                )
            ) from None
        return unlocking.create_practice(paths, *chosen)


def main(argv: Sequence[str] | None = None, output: Output | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    refusal = undecodable_argument(argv)
    if refusal is not None:
        print(refusal, file=(output or Output()).err)
        return 1
    args = build_parser().parse_args(argv)
    return run_command(args, output)
