"""erase --client REF --request ID: a client erased on their deletion request, headless."""

from __future__ import annotations

import argparse

from app.cli.output import Output
from app.persistence.store import Store
from app.services import erasure
from app.services.identity import current_user


def register(commands, common: argparse.ArgumentParser) -> None:
    erase = commands.add_parser(
        "erase",
        parents=[common],
        help="erase a client on their deletion request (identity checked, nothing else open)",
    )
    erase.add_argument("--client", required=True, metavar="REF")
    erase.add_argument("--request", required=True, type=int, metavar="ID")
    erase.add_argument("--json", action="store_true")
    erase.set_defaults(handler=run_erase)


def run_erase(store: Store, args: argparse.Namespace, output: Output) -> None:
    result = erasure.erase_client(store, args.client, args.request, actor=current_user())
    kept = [{"record": item.key, "what": item.what, "why": item.why} for item in result.kept]
    if args.json:
        output.json(
            {
                "client": result.client_ref,
                "request": args.request,
                "fields": list(result.fields),
                "files_destroyed": result.files,
                "vendors_to_tell": list(result.vendors),
                "kept": kept,
            }
        )
        return
    output.line(
        f"Client {result.client_ref} erased: {len(result.fields)} fields scrubbed, "
        f"{result.files} evidence file(s) destroyed."
    )
    if result.vendors:
        output.line(f"  vendors to tell (deletion tasks): {', '.join(result.vendors)}")
    for item in result.kept:
        output.line(f"  kept: {item.what}. {item.why}")
