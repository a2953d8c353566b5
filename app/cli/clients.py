"""clients add | list | show."""

from __future__ import annotations

import argparse

from app.cli.output import PROGRAM, Output, counted
from app.domain.refcodes import format_reference
from app.persistence.store import Store
from app.services import clients
from app.services.identity import current_user
from app.services.rows import ClientDetail, ClientDraft, ClientRow


def register(commands, common: argparse.ArgumentParser) -> None:
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
    for command in (add, listing, show):
        command.set_defaults(handler=run_clients)


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
        for warning in row.warnings:  # saved all the same: said, and the command succeeds
            print(f"{PROGRAM}: warning: {warning}", file=output.err)
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
    output.line(f"History: {counted(len(detail.history), 'event', 'events')}")
