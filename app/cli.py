"""The headless commands of DESIGN.md section 7: thin over the services.

Their names, options and JSON shapes are a contract: they may grow, never change.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.domain.errors import DomainError
from app.domain.refcodes import format_reference
from app.paths import data_paths
from app.persistence.store import Store
from app.services import backups, clients, integrity
from app.services.demo import DemoSettings, fill_demo
from app.services.rows import ClientDetail, ClientDraft, ClientRow

PROGRAM = "privacy-desk"
log = logging.getLogger(__name__)


class CommandFailed(DomainError):
    pass


@dataclass(frozen=True)
class Output:
    """Where a command writes; tests pass their own streams."""

    out: Any = sys.stdout
    err: Any = sys.stderr

    def line(self, text: str = "") -> None:
        print(text, file=self.out)

    def json(self, document: object) -> None:
        print(json.dumps(document, ensure_ascii=False, indent=2, default=str), file=self.out)


def current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
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
    parser.add_argument(
        "--smoke", action="store_true", help="open the window, report when it is shown, exit"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", parents=[common], help="fill an EMPTY practice")
    demo.add_argument("--clients", type=_positive, default=200)
    demo.add_argument("--seed", type=int, default=1)
    demo.add_argument("--country", default="GB", help="the practice's country (ISO code)")
    demo.add_argument("--rules", default="gdpr", help="comma-separated: gdpr,ccpa,pipl")

    check = commands.add_parser("check", parents=[common], help="verify the database")
    check.add_argument("--json", action="store_true")

    backup = commands.add_parser("backup", parents=[common], help="copy the database")
    backup.add_argument("--to", metavar="FILE", type=Path)

    restore = commands.add_parser("restore", parents=[common], help="restore from a backup")
    restore.add_argument("file", metavar="FILE", type=Path)

    client_commands = commands.add_parser(
        "clients", parents=[common], help="clients"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    add = client_commands.add_parser("add", parents=[common], help="add a client")
    add.add_argument("--given", required=True)
    add.add_argument("--family", required=True)
    add.add_argument("--email", default="")
    add.add_argument("--phone", default="")
    add.add_argument("--country", default="")
    add.add_argument("--lang", dest="client_lang", choices=("en", "zh"), default="en")
    listing = client_commands.add_parser("list", parents=[common], help="list or search")
    listing.add_argument("--search", default="")
    listing.add_argument("--json", action="store_true")
    show = client_commands.add_parser("show", parents=[common], help="one client")
    show.add_argument("ref", metavar="REF")
    show.add_argument("--json", action="store_true")
    return parser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def client_json(row: ClientRow) -> dict[str, object]:
    return {
        "ref": format_reference(row.ref),
        "name": row.name,
        "email": row.email,
        "phone": row.phone,
        "status": row.status,
    }


def client_detail_json(detail: ClientDetail) -> dict[str, object]:
    return {
        "ref": format_reference(detail.row.ref),
        "name": detail.row.name,
        "language": detail.row.language,
        "status": detail.row.status,
        "email": detail.row.email,
        "phone": detail.row.phone,
        "consents": [
            {
                "vendor": line.vendor,
                "purpose": line.purpose,
                "required": line.required,
                "state": line.state.value,
                "since": line.since.isoformat() if line.since else None,
            }
            for line in detail.consents
        ],
        "history": [
            {
                "vendor": line.vendor,
                "purpose": line.purpose,
                "state": line.state,
                "channel": line.channel,
                "occurred_at": line.occurred_at.isoformat(),
                "recorded_at": line.recorded_at.isoformat(),
                "recorded_by": line.recorded_by,
                "notice_version": line.notice_version,
                "evidence_file": line.evidence_file or None,
                "optout_request": line.optout_request_id,
            }
            for line in detail.history
        ],
    }


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
        f"{summary.consent_events} consent events."
    )


def run_check(store: Store, args: argparse.Namespace, output: Output) -> int:
    report = integrity.check(store)
    if args.json:
        output.json({"ok": report.ok, "problems": list(report.problems)})
    else:
        for problem in report.problems:
            output.line(problem)
        output.line("ok" if report.ok else f"{len(report.problems)} problem(s) found")
    return 0 if report.ok else 1


def run_backup(store: Store, args: argparse.Namespace, output: Output) -> None:
    output.line(str(backups.backup_now(store, args.to)))


def run_restore(store: Store, args: argparse.Namespace, output: Output) -> None:
    safety_copy = backups.restore(store, args.file)
    output.line(f"Restored from {args.file}. The data it replaced is kept in {safety_copy}.")


def run_clients(store: Store, args: argparse.Namespace, output: Output) -> None:
    if args.action == "add":
        draft = ClientDraft(
            given_name=args.given,
            family_name=args.family,
            email=args.email,
            phone=args.phone,
            country_code=args.country,
            language=args.client_lang,
        )
        row = clients.add_client(store, draft, actor=current_user())
        output.line(format_reference(row.ref))
    elif args.action == "list":
        rows = clients.find_clients(store, args.search, limit=-1)
        if args.json:
            output.json([client_json(row) for row in rows])
        else:
            for row in rows:
                output.line(f"{format_reference(row.ref)}  {row.name}  {row.email}  {row.phone}")
    elif args.action == "show":
        detail = clients.get_client(store, args.ref)
        if args.json:
            output.json(client_detail_json(detail))
        else:
            _print_client(detail, output)


def _print_client(detail: ClientDetail, output: Output) -> None:
    output.line(f"{detail.row.name} ({format_reference(detail.row.ref)}), {detail.row.status}")
    for value in (detail.row.email, detail.row.phone):
        if value:
            output.line(f"  {value}")
    output.line("Consents:")
    for line in detail.consents:
        need = "consent required" if line.required else "no consent needed"
        output.line(f"  {line.vendor} / {line.purpose}: {line.state.value} ({need})")
    output.line(f"History: {len(detail.history)} event(s)")


HANDLERS: dict[str, Callable[[Store, argparse.Namespace, Output], int | None]] = {
    "demo": run_demo,
    "check": run_check,
    "backup": run_backup,
    "restore": run_restore,
    "clients": run_clients,
}


def run_command(args: argparse.Namespace, output: Output | None = None) -> int:
    """Run one headless command; a known problem becomes one line on stderr and exit 1."""
    output = output or Output()
    try:
        with Store.open(data_paths(getattr(args, "data_dir", None))) as store:
            return HANDLERS[args.command](store, args, output) or 0
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


def main(argv: Sequence[str] | None = None, output: Output | None = None) -> int:
    args = build_parser().parse_args(argv)
    return run_command(args, output)
