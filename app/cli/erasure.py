"""erase --client REF (--request ID | --retention): a client erased on their deletion request,
or a former client whose retention ran out; retention list: who is held past the promise."""

from __future__ import annotations

import argparse

from app.cli.output import Output
from app.persistence.store import Store
from app.services import erasure, retention
from app.services.erasure import ErasureResult
from app.services.identity import current_user


def register(commands, common: argparse.ArgumentParser) -> None:
    erase = commands.add_parser(
        "erase",
        parents=[common],
        help="erase a client on their deletion request (identity checked, nothing else open), "
        "or a former client whose retention ended (--retention)",
    )
    erase.add_argument("--client", required=True, metavar="REF")
    why = erase.add_mutually_exclusive_group(required=True)
    why.add_argument("--request", type=int, metavar="ID")
    why.add_argument(
        "--retention",
        action="store_true",
        help="without a request: the client's retention period ended (reason retention)",
    )
    erase.add_argument("--json", action="store_true")
    erase.set_defaults(handler=run_erase)

    retention_commands = commands.add_parser(
        "retention", parents=[common], help="former clients held past what the notice promises"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = retention_commands.add_parser(
        "list",
        parents=[common],
        help="former clients whose retention ended, the longest past first",
    )
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_retention_list)


def run_erase(store: Store, args: argparse.Namespace, output: Output) -> None:
    if args.retention:
        result = erasure.erase_for_retention(store, args.client, actor=current_user())
    else:
        result = erasure.erase_client(store, args.client, args.request, actor=current_user())
    if args.json:
        output.json(erasure_json(result, args.request))
        return
    output.line(
        f"Client {result.client_ref} erased: {len(result.fields)} fields scrubbed, "
        f"{result.files} evidence file(s) destroyed."
    )
    if result.vendors:
        output.line(f"  vendors to tell (deletion tasks): {', '.join(result.vendors)}")
    for item in result.kept:
        output.line(f"  kept: {item.what}. {item.why}")


def erasure_json(result: ErasureResult, request: int | None) -> dict:
    """{"client", "request" (null without one), "reason", "fields", "files_destroyed",
    "vendors_to_tell", "kept"}."""
    return {
        "client": result.client_ref,
        "request": request,
        "reason": "request" if request is not None else "retention",
        "fields": list(result.fields),
        "files_destroyed": result.files,
        "vendors_to_tell": list(result.vendors),
        "kept": [{"record": item.key, "what": item.what, "why": item.why} for item in result.kept],
    }


def run_retention_list(store: Store, args: argparse.Namespace, output: Output) -> None:
    """[{"client", "name", "stopped_on", "ended_on", "days_past",
    "categories": [{"category", "ended_on", "days_past"}]}]"""
    rows = retention.past_promise(store)
    if args.json:
        output.json(
            [
                {
                    "client": row.client_ref,
                    "name": row.name,
                    "stopped_on": row.stopped_on.isoformat(),
                    "ended_on": row.ended_on.isoformat(),
                    "days_past": row.days_past,
                    "categories": [
                        {
                            "category": item.key,
                            "ended_on": item.ended_on.isoformat(),
                            "days_past": item.days_past,
                        }
                        for item in row.ended
                    ],
                }
                for row in rows
            ]
        )
        return
    if not rows:
        output.line("No former client is held past what the notice promises.")
        return
    for row in rows:
        categories = ", ".join(item.key for item in row.ended)
        output.line(
            f"{row.client_ref}  {row.name}  stopped {row.stopped_on.isoformat()}  "
            f"ended {row.ended_on.isoformat()} ({row.days_past} days past)  {categories}"
        )
