"""demo, check, backup, restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.output import Output, counted, new_passphrase
from app.domain.errors import N_
from app.persistence.store import Store
from app.services import backups, encryption, integrity, unlocking
from app.services.demo import DemoSettings, fill_demo
from app.services.identity import current_user


def register(commands, common: argparse.ArgumentParser) -> None:
    demo = commands.add_parser("demo", parents=[common], help="fill an EMPTY practice")
    demo.add_argument("--clients", type=_positive, default=200)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--country", default="GB", help="the practice's country (ISO code)")
    demo.add_argument(
        "--rules",
        default="",
        help="comma-separated: gdpr,ccpa,pipl (default: the law of the practice's country)",
    )
    demo.set_defaults(handler=run_demo)

    check = commands.add_parser("check", parents=[common], help="verify the database")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=run_check)

    backup = commands.add_parser("backup", parents=[common], help="copy the database")
    backup.add_argument("--to", metavar="FILE", type=Path)
    backup.set_defaults(handler=run_backup)

    restore = commands.add_parser("restore", parents=[common], help="restore from a backup")
    restore.add_argument("file", metavar="FILE", type=Path)
    restore.set_defaults(handler=run_restore)

    encrypt = commands.add_parser(
        "encrypt",
        parents=[common],
        help="encrypt a practice kept in a plain file (asks for a new recovery passphrase)",
    )
    encrypt.set_defaults(handler=run_encrypt)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def run_demo(store: Store, args: argparse.Namespace, output: Output) -> None:
    settings = DemoSettings(
        clients=args.clients,
        seed=args.seed,
        country=args.country.upper(),
        rules=tuple(rule.strip() for rule in args.rules.split(",") if rule.strip()),
    )
    summary = fill_demo(store, settings, actor=current_user())
    output.line(
        f"Demo practice filled: {summary.clients} clients, {summary.vendors} vendors, "
        f"{summary.consent_events} consent events, {summary.optout_requests} opt-out requests."
    )


def run_check(store: Store, args: argparse.Namespace, output: Output) -> int:
    report = integrity.check(store)
    if args.json:
        output.json(
            {"ok": report.ok, "problems": list(report.problems), "notes": list(report.notes)}
        )
    else:
        for problem in report.problems:
            output.line(problem)
        for note in report.notes:
            output.line(f"Note: {note}")
        output.line(
            "ok" if report.ok else f"{counted(len(report.problems), 'problem', 'problems')} found"
        )
    return 0 if report.ok else 1


def run_backup(store: Store, args: argparse.Namespace, output: Output) -> None:
    output.line(str(backups.backup_now(store, args.to)))


def run_restore(store: Store, args: argparse.Namespace, output: Output) -> None:
    safety_copy = backups.restore(store, args.file)
    output.line(f"Restored from {args.file}. The data it replaced is kept in {safety_copy}.")


def run_encrypt(store: Store, args: argparse.Namespace, output: Output) -> None:
    if store.encrypted:
        output.line("This practice is encrypted already.")
        return
    chosen = new_passphrase(
        output,
        "choose a recovery passphrase: it opens the practice on another computer "
        "(keep it on paper).",
    )
    if chosen is None:
        raise unlocking.PracticeNotSetUp(
            N_(
                "Encrypting needs a new recovery passphrase: set PRIVACY_DESK_PASSPHRASE, or "
                "run the command on a terminal to type it."
            )
        )
    done = encryption.encrypt_practice(store, *chosen)
    also = ""
    if done.backups_encrypted:
        also = f" and {counted(done.backups_encrypted, 'backup', 'backups')}"
    output.line(
        f"Encrypted {store.paths.database}{also}; the plain copy was overwritten and removed."
    )
    if done.backups_left_plain:
        output.line(
            f"{counted(done.backups_left_plain, 'damaged backup', 'damaged backups')} in "
            f"{store.paths.backups} could not be encrypted and are still plain: delete them."
        )
    if not done.key_in_keyring:
        output.line("This computer has no keyring: every start will ask for the passphrase.")
