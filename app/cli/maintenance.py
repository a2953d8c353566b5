"""demo, check, backup, restore."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from app.cli.output import Output, ask_secret, counted, new_passphrase
from app.domain.errors import N_, ValidationError
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
    backup.add_argument(
        "--for-another-computer",
        action="store_true",
        help="also write the practice's key, wrapped by its recovery passphrase, beside the "
        "copy (FILE.key): carry both files; restoring them asks that passphrase",
    )
    backup.set_defaults(handler=run_backup)

    restore = commands.add_parser("restore", parents=[common], help="restore from a backup")
    restore.add_argument("file", metavar="FILE", type=Path)
    restore.add_argument(
        "--passphrase-from-env",
        metavar="NAME",
        help="for a backup made by another practice (FILE.key beside it): the environment "
        "variable holding that practice's recovery passphrase (else it is asked on a terminal)",
    )
    restore.set_defaults(handler=run_restore)

    encrypt = commands.add_parser(
        "encrypt",
        parents=[common],
        help="encrypt a practice kept in a plain file (asks for a new recovery passphrase)",
    )
    encrypt.add_argument(
        "--backup-folder",
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help="also encrypt the plain backups in DIR (the window's automatic-backup folder, "
        "when one was chosen in Settings); may be given more than once",
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
    if not args.for_another_computer:
        output.line(str(backups.backup_now(store, args.to)))
        return
    if args.to is None:
        raise ValidationError(
            "to",
            N_(
                "Name with --to where the backup for another computer goes (a USB stick, "
                "a shared folder)."
            ),
        )
    carried = backups.export_for_another_computer(store, args.to)
    output.line(
        f"Carry both {carried.backup} and {carried.key_file} to the other computer; restoring "
        "them there asks this practice's recovery passphrase."
    )


def run_restore(store: Store, args: argparse.Namespace, output: Output) -> None:
    passphrase = _passphrase_from(args.passphrase_from_env)
    try:
        safety_copy = backups.restore(store, args.file, passphrase=passphrase)
    except backups.BackupKeyNeeded:
        # PRIVACY_DESK_PASSPHRASE is this practice's own: the other one is named or typed.
        passphrase = ask_secret(
            "Recovery passphrase of the practice that made this backup: ", output
        )
        if passphrase is None:
            raise backups.BackupKeyNeeded(
                N_(
                    "{file} was made by another practice: give that practice's recovery "
                    "passphrase with --passphrase-from-env NAME, or run the command on a "
                    "terminal to type it."
                ),
                file=args.file,
            ) from None
        safety_copy = backups.restore(store, args.file, passphrase=passphrase)
    output.line(f"Restored from {args.file}. The data it replaced is kept in {safety_copy}.")


def _passphrase_from(variable: str | None) -> str | None:
    if variable is None:
        return None
    passphrase = os.environ.get(variable)
    if not passphrase:
        raise ValidationError(
            "passphrase-from-env",
            N_(
                "The environment variable {name} is not set: it should hold the recovery "
                "passphrase of the practice that made the backup."
            ),
            name=variable,
        )
    return passphrase


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
    done = encryption.encrypt_practice(store, *chosen, backup_folders=args.backup_folder)
    also = ""
    if done.backups_encrypted:
        also = f" and {counted(done.backups_encrypted, 'backup', 'backups')}"
    output.line(
        f"Encrypted {store.paths.database}{also}; the plain copy was overwritten and removed."
    )
    if done.backups_left_plain:
        output.line(
            f"{counted(done.backups_left_plain, 'damaged backup', 'damaged backups')} could "
            "not be encrypted and are still plain: delete them."
        )
    if done.anchors_kept_aside:
        output.line(
            f"{counted(done.anchors_kept_aside, 'backup', 'backups')} did not match the ledger "
            "anchor written with it; the old anchor is kept beside it as *.unkeyed, unsigned."
        )
    if not done.key_in_keyring:
        output.line("This computer has no keyring: every start will ask for the passphrase.")
