"""request log | list | verify | acknowledge | extend | correct | pause | lift | complete:
rights requests headless."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from app.cli.output import Output
from app.domain.enums import Channel, RequestKind
from app.domain.errors import N_, ValidationError, quote_input
from app.domain.refcodes import format_reference
from app.domain.requests import REQUEST_CHANNELS, REQUEST_KINDS, Outcome
from app.persistence.store import Store
from app.services import optouts, requests
from app.services.identity import current_user
from app.services.rows import EmailedRequest, RequestRow

TYPES = tuple(kind.value for kind in REQUEST_KINDS)
CHANNELS = tuple(channel.value for channel in REQUEST_CHANNELS)
OUTCOMES = tuple(outcome.value for outcome in Outcome)


def register(commands, common: argparse.ArgumentParser) -> None:
    request_commands = commands.add_parser(
        "request",
        parents=[common],
        help="rights requests: access, portability, correction, deletion, restriction, "
        "objection, complaint",
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    log = request_commands.add_parser("log", parents=[common], help="log a request")
    who = log.add_mutually_exclusive_group(required=True)
    who.add_argument("--client", metavar="REF")
    who.add_argument("--caller", metavar="TEXT", help="details of a caller not yet matched")
    who.add_argument(
        "--email",
        metavar="FILE.eml",
        type=Path,
        help="an emailed request: sender, date, reference and kind are read from the email",
    )
    log.add_argument("--type", choices=TYPES, help="needed unless the email's words say it")
    log.add_argument("--channel", choices=CHANNELS, help="needed unless --email")
    log.add_argument("--received", metavar="ISO-DATETIME", help="default: now")
    log.add_argument("--note", default="")
    log.add_argument("--topic", default="", help="a complaint's or feedback's subject")
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=run_request_log)

    listing = request_commands.add_parser("list", parents=[common], help="the request register")
    listing.add_argument("--open", action="store_true", help="only requests not yet completed")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_request_list)

    verify = request_commands.add_parser(
        "verify", parents=[common], help="record how the person's identity was checked"
    )
    verify.add_argument("request", type=int, metavar="ID")
    verify.add_argument("--method", required=True, metavar="TEXT")
    verify.set_defaults(handler=run_request_verify)

    acknowledge = request_commands.add_parser(
        "acknowledge", parents=[common], help="record that receipt was confirmed to the person"
    )
    acknowledge.add_argument("request", type=int, metavar="ID")
    acknowledge.set_defaults(handler=run_request_acknowledge)

    extend = request_commands.add_parser(
        "extend", parents=[common], help="extend the answer, the client told the reasons now"
    )
    extend.add_argument("request", type=int, metavar="ID")
    extend.add_argument("--reason", required=True, metavar="TEXT")
    extend.set_defaults(handler=run_request_extend)

    pause = request_commands.add_parser(
        "pause",
        parents=[common],
        help="a restriction or objection: no new data goes to these sharings' vendors",
    )
    pause.add_argument("request", type=int, metavar="ID")
    pause.add_argument(
        "--sharing",
        type=int,
        action="append",
        metavar="ID",
        help="a sharing to pause (repeat; default: every current sharing of the client)",
    )
    pause.set_defaults(handler=run_request_pause)

    lift = request_commands.add_parser(
        "lift", parents=[common], help="lift a request's pauses, with the reason sent"
    )
    lift.add_argument("request", type=int, metavar="ID")
    lift.add_argument(
        "--sharing", type=int, action="append", metavar="ID", help="default: every pause on"
    )
    lift.add_argument("--reason", required=True, metavar="TEXT", help="sent to the client")
    lift.set_defaults(handler=run_request_lift)

    correct = request_commands.add_parser(
        "correct",
        parents=[common],
        help="carry out a correction request: change the client's record, tell the vendors",
    )
    correct.add_argument("request", type=int, metavar="ID")
    correct.add_argument(
        "--field",
        action="append",
        required=True,
        metavar="NAME=VALUE",
        help="a client field and its corrected value (given_name, family_name, email, phone, "
        "street, city, postal_code, region, country_code, language, notes); repeat for more",
    )
    correct.add_argument("--json", action="store_true")
    correct.set_defaults(handler=run_request_correct)

    complete = request_commands.add_parser(
        "complete", parents=[common], help="record the outcome and close the request"
    )
    complete.add_argument("request", type=int, metavar="ID")
    complete.add_argument("--outcome", choices=OUTCOMES, default=Outcome.DONE.value)
    complete.add_argument("--reason", default="", help="sent to the client; needed to refuse")
    complete.add_argument("--response", default="", help="a complaint's answer")
    complete.set_defaults(handler=run_request_complete)


def _received(store: Store, text: str | None, now: datetime) -> datetime:
    if not text:
        return now
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            "received",
            N_("{entered} is not a date and time (YYYY-MM-DDTHH:MM)."),
            entered=quote_input(text),
        ) from None
    if moment.tzinfo is None:  # typed as the practice's local time
        moment = moment.replace(tzinfo=optouts.practice_zone(store))
    return moment


def _emailed_kind(emailed: EmailedRequest, typed: str | None) -> RequestKind:
    if typed:
        return RequestKind(typed)
    read = emailed.email
    asked = [kind for kind in (read.kind, *read.also_asked) if kind in REQUEST_KINDS]
    if not asked:
        if read.kind is RequestKind.OPT_OUT:
            raise ValidationError(
                "type", N_("The email asks to opt out: log it with `optout log --email`.")
            )
        raise ValidationError("type", N_("The email's words name no kind of request: give --type."))
    return asked[0]


def run_request_log(store: Store, args: argparse.Namespace, output: Output) -> None:
    now = datetime.now(UTC)
    emailed: EmailedRequest | None = None
    if args.email is not None:
        if args.channel not in (None, Channel.EMAIL.value):
            raise ValidationError(
                "channel", N_("An emailed request came by email; omit --channel.")
            )
        emailed = optouts.read_emailed_optout(store, data=optouts.load_email(args.email), now=now)
        received = _received(store, args.received, now) if args.received else emailed.received_at
        draft = requests.RequestDraft(
            kind=_emailed_kind(emailed, args.type),
            channel=Channel.EMAIL,
            received_at=received,
            client_ref=emailed.client.ref if emailed.client else None,
            caller_details="" if emailed.client else emailed.caller_details,
            note=args.note,
            topic=args.topic,
            email_evidence=emailed.evidence,
        )
    else:
        if args.type is None:
            raise ValidationError("type", N_("Give --type ({choices})."), choices=", ".join(TYPES))
        if args.channel is None:
            raise ValidationError(
                "channel", N_("Give --channel ({choices})."), choices=", ".join(CHANNELS)
            )
        draft = requests.RequestDraft(
            kind=args.type,
            channel=args.channel,
            received_at=_received(store, args.received, now),
            client_ref=args.client,
            caller_details=args.caller or "",
            note=args.note,
            topic=args.topic,
        )
    row = requests.log_request(store, draft, actor=current_user(), now=now)
    if args.json:
        output.json(request_json(row))
        return
    if emailed is not None:
        output.line(str(emailed.why))
    who = format_reference(row.client_ref) if row.client_ref else "caller not yet matched"
    output.line(f"Request {row.id} ({row.kind}) logged ({who}); answer by {row.due.isoformat()}.")
    if row.confirm_due_on is not None:
        output.line(f"  confirm receipt by {row.confirm_due_on.isoformat()}")
    if row.extension_by is not None and row.extended_due and row.extended_due > row.due_on:
        output.line(
            f"  an extension (to {row.extended_due.isoformat()}) must be sent by "
            f"{row.extension_by.isoformat()}"
        )


def request_json(row: RequestRow) -> dict[str, object]:
    """The `request list --json` contract: id, client, type, channel, received_at, due,
    status, extended_until; the other keys may grow."""
    return {
        "id": row.id,
        "client": row.client_ref or None,
        "type": row.kind,
        "channel": row.channel,
        "received_at": row.received_at.isoformat(),
        "due": row.due.isoformat(),
        "status": row.status,
        "extended_until": row.extended_until.isoformat() if row.extended_until else None,
        "confirm_by": row.confirm_due_on.isoformat() if row.confirm_due_on else None,
        "extension_by": row.extension_by.isoformat() if row.extension_by else None,
        "identity_checked_at": (
            row.identity_checked_at.isoformat() if row.identity_checked_at else None
        ),
        "acknowledged_at": row.acknowledged_at.isoformat() if row.acknowledged_at else None,
        "outcome": row.outcome or None,
        "completed_at": row.completed_at.isoformat() if row.completed_at else None,
        "pauses": [
            {
                "sharing": pause.sharing_id,
                "vendor": pause.vendor,
                "purpose": pause.purpose,
                "paused_at": pause.paused_at.isoformat(),
                "lifted_at": pause.lifted_at.isoformat() if pause.lifted_at else None,
                "lift_reason": pause.lift_reason or None,
            }
            for pause in row.pauses
        ],
    }


def run_request_list(store: Store, args: argparse.Namespace, output: Output) -> None:
    rows = requests.list_requests(store, open_only=args.open)
    if args.json:
        output.json([request_json(row) for row in rows])
        return
    zone = optouts.practice_zone(store)
    for row in rows:
        received = row.received_at.astimezone(zone).date().isoformat()
        who = format_reference(row.client_ref) if row.client_ref else "unmatched"
        output.line(
            f"{row.id}  {received}  {who}  {row.kind}  {row.channel}  "
            f"due {row.due.isoformat()}  {row.status}"
        )


def run_request_verify(store: Store, args: argparse.Namespace, output: Output) -> None:
    row = requests.verify_identity(store, args.request, method=args.method, actor=current_user())
    output.line(f"Request {row.id}: identity checked ({row.identity_method}).")


def run_request_acknowledge(store: Store, args: argparse.Namespace, output: Output) -> None:
    row = requests.acknowledge_request(store, args.request, actor=current_user())
    output.line(f"Request {row.id}: receipt confirmed to the person.")


def run_request_extend(store: Store, args: argparse.Namespace, output: Output) -> None:
    row = requests.extend_request(store, args.request, reason=args.reason, actor=current_user())
    assert row.extended_until is not None
    output.line(f"Request {row.id} extended until {row.extended_until.isoformat()}.")


def run_request_complete(store: Store, args: argparse.Namespace, output: Output) -> None:
    row = requests.complete_request(
        store,
        args.request,
        outcome=args.outcome,
        reason=args.reason,
        response=args.response,
        actor=current_user(),
    )
    output.line(f"Request {row.id} completed: {row.outcome}.")


def _pause_lines(row: RequestRow, output: Output) -> None:
    for pause in row.pauses:
        state = f"lifted {pause.lifted_at.date().isoformat()}" if pause.lifted_at else "paused"
        output.line(f"  sharing {pause.sharing_id}  {pause.vendor} ({pause.purpose})  {state}")


def run_request_pause(store: Store, args: argparse.Namespace, output: Output) -> None:
    row = requests.pause_sharings(
        store, args.request, sharing_ids=args.sharing, actor=current_user()
    )
    output.line(
        f"Request {row.id}: {len(row.pauses_on)} sharing(s) paused; no new data goes to "
        "their vendors for this client until lifted."
    )
    _pause_lines(row, output)


def run_request_lift(store: Store, args: argparse.Namespace, output: Output) -> None:
    row = requests.lift_pauses(
        store, args.request, reason=args.reason, sharing_ids=args.sharing, actor=current_user()
    )
    output.line(f"Request {row.id}: pauses lifted; {len(row.pauses_on)} still paused.")
    _pause_lines(row, output)


def _field_values(typed: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in typed:
        name, equals, value = item.partition("=")
        if not equals or not name.strip():
            raise ValidationError(
                "field", N_("{entered} is not NAME=VALUE."), entered=quote_input(item)
            )
        values[name.strip()] = value
    return values


def run_request_correct(store: Store, args: argparse.Namespace, output: Output) -> None:
    values = _field_values(args.field)
    draft = requests.correction_draft(store, args.request, values)
    result = requests.correct_record(store, args.request, draft, actor=current_user())
    if args.json:
        output.json(
            {
                "request": result.request.id,
                "client": result.client.ref,
                "fields": list(result.fields),
                "vendors": list(result.vendors),
            }
        )
        return
    output.line(
        f"Request {result.request.id}: client {format_reference(result.client.ref)} corrected "
        f"({', '.join(result.fields)})."
    )
    for warning in result.client.warnings:
        output.line(f"  {warning.text()}")
    if result.vendors:
        output.line(f"  vendors to tell: {', '.join(result.vendors)}")
    else:
        output.line("  no vendor received these fields")
