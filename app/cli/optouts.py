"""optout log (a call, a letter, or a saved email) | list, vendors notify, due."""

from __future__ import annotations

import argparse
import errno
import os
import re
from datetime import UTC, datetime
from pathlib import Path

from app.cli.output import Output
from app.domain.enums import Channel, OptOutScope, RequestKind
from app.domain.errors import ValidationError
from app.domain.optout import ObjectionDecision
from app.persistence.store import Store
from app.services import due, optout_documents, optouts, vendors
from app.services.errors import NotFound
from app.services.identity import current_user
from app.services.rows import DueItem, EmailedRequest, ObjectionLine, OptOutResult, OptOutRow

CHANNELS = ("phone", "post", "email", "in-person", "online")


def register(commands, common: argparse.ArgumentParser) -> None:
    optout_commands = commands.add_parser(
        "optout", parents=[common], help="opt-out requests"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    log = optout_commands.add_parser("log", parents=[common], help="log an opt-out and apply it")
    who = log.add_mutually_exclusive_group(required=True)
    who.add_argument("--client", metavar="REF")
    who.add_argument("--caller", metavar="TEXT", help="details of a caller not yet matched")
    who.add_argument(
        "--email",
        metavar="FILE.eml",
        type=Path,
        help="an emailed request: sender, date and reference are read from the saved email",
    )
    log.add_argument("--channel", choices=CHANNELS, help="needed unless --email")
    log.add_argument(
        "--scope", default="all", metavar="all|marketing|VENDOR[,VENDOR...]", help="default: all"
    )
    log.add_argument("--received", metavar="ISO-DATETIME", help="default: now")
    log.add_argument("--note", default="")
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=run_optout_log)
    listing = optout_commands.add_parser("list", parents=[common], help="the opt-out register")
    listing.add_argument("--open", action="store_true", help="only requests not yet closed")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_optout_list)
    answer = optout_commands.add_parser(
        "answer-objection",
        parents=[common],
        help="uphold or decline an objection an opt-out raised (GDPR Art. 21)",
    )
    answer.add_argument("objection", type=int, metavar="ID")
    decision = answer.add_mutually_exclusive_group(required=True)
    decision.add_argument("--uphold", action="store_true", help="the sharing stops")
    decision.add_argument("--decline", action="store_true", help="it goes on (give --reason)")
    answer.add_argument("--reason", default="", help="sent to the client; needed to decline")
    answer.set_defaults(handler=run_answer_objection)

    vendor_commands = commands.add_parser(
        "vendors", parents=[common], help="vendors"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    notify = vendor_commands.add_parser(
        "notify", parents=[common], help="one letter per vendor with pending notifications"
    )
    notify.add_argument("--out", metavar="DIR", required=True, type=Path)
    notify.set_defaults(handler=run_vendors_notify)

    due = commands.add_parser("due", parents=[common], help="what the Today page lists")
    due.add_argument("--json", action="store_true")
    due.set_defaults(handler=run_due)


def _received(store: Store, text: str | None, now: datetime) -> datetime:
    if not text:
        return now
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            "received", f"'{text}' is not a date and time (YYYY-MM-DDTHH:MM)."
        ) from None
    if moment.tzinfo is None:  # typed as the practice's local time
        moment = moment.replace(tzinfo=optouts.practice_zone(store))
    return moment


def _vendor_ids(store: Store, names: list[str]) -> list[int]:
    by_name = {vendor.name.casefold(): vendor.id for vendor in vendors.list_vendors(store)}
    missing = [name for name in names if name.casefold() not in by_name]
    if missing:
        raise NotFound(f"No vendor called '{missing[0]}' is on the register.")
    return [by_name[name.casefold()] for name in names]


def run_optout_log(store: Store, args: argparse.Namespace, output: Output) -> None:
    now = datetime.now(UTC)
    if args.email is not None:
        emailed = _read_email(store, args, now)
        client_ref = emailed.client.ref if emailed.client else None
        caller = "" if client_ref else emailed.caller_details
        received = _received(store, args.received, now) if args.received else emailed.received_at
        evidence = emailed.evidence
    elif args.channel is None:
        raise ValidationError("channel", "Give --channel (phone, post, email, in-person, online).")
    else:
        emailed, client_ref, caller = None, args.client, args.caller or ""
        received, evidence = _received(store, args.received, now), None
    scope_text = args.scope.strip()
    vendor_ids: list[int] = []
    if scope_text.casefold() in (OptOutScope.ALL.value, OptOutScope.MARKETING.value):
        scope = OptOutScope(scope_text.casefold())
    else:
        scope = OptOutScope.CHOSEN
        names = [name.strip() for name in scope_text.split(",") if name.strip()]
        vendor_ids = _vendor_ids(store, names)
    result = optouts.log_optout(
        store,
        client_ref=client_ref,
        caller_details=caller,
        channel=Channel.EMAIL if emailed else Channel(args.channel),
        scope=scope,
        chosen_vendor_ids=vendor_ids,
        received_at=received,
        note=args.note,
        email_evidence=evidence,
        actor=current_user(),
        now=now,
    )
    if args.json:
        output.json(result_json(result) | ({"email": email_json(emailed)} if emailed else {}))
        return
    if emailed is not None:
        sent = emailed.email.sent_at
        output.line(
            f"Read from the email: {emailed.email.sender or 'no sender'}, sent "
            f"{sent.isoformat() if sent else 'at a time it does not say'}."
        )
        output.line(str(emailed.why))
    who = result.client_ref or "caller not yet matched"
    output.line(f"Opt-out {result.request_id} recorded ({who}); due {result.due_on.isoformat()}.")
    for vendor in result.vendors:
        output.line(f"  tell {vendor.vendor} by {vendor.due_on.isoformat()}")
    for line in result.continuing:
        output.line(f"  continues: {line.vendor} ({line.purpose}): {line.reason}")
    for objection in result.objections:
        output.line(
            f"  objection {objection.id}: {objection.vendor} ({objection.purpose}), "
            f"answer by {objection.due_on.isoformat()}"
        )
    output.line("")
    output.line(result.script)


def _read_email(store: Store, args: argparse.Namespace, now: datetime) -> EmailedRequest:
    if args.channel not in (None, Channel.EMAIL.value):
        raise ValidationError("channel", "An emailed request came by email; omit --channel.")
    emailed = optouts.read_emailed_optout(store, data=optouts.load_email(args.email), now=now)
    refuse_other_kinds(emailed)
    return emailed


def refuse_other_kinds(emailed: EmailedRequest) -> None:
    """An email that asks for something else (deletion, a copy) is not logged as an opt-out;
    one whose words name no kind is, since the command was asked to log an opt-out."""
    read = emailed.email
    if read.kind is not None and RequestKind.OPT_OUT not in (read.kind, *read.also_asked):
        article = "an" if read.kind.value[0] in "aeiou" else "a"
        raise ValidationError(
            "email",
            f"The email reads as {article} {read.kind.value} request, not an opt-out, so nothing "
            "was logged: log it with `request log --email`.",
        )


def email_json(emailed: EmailedRequest) -> dict[str, object]:
    read = emailed.email
    return {
        "sender": read.sender_address,
        "sent_at": read.sent_at.isoformat() if read.sent_at else None,
        "subject": read.subject,
        "references": list(read.references),
        "kind": read.kind.value if read.kind else None,
        "also_asked": [kind.value for kind in read.also_asked],
        "matched_by": emailed.matched_by or None,
        "why": str(emailed.why),
    }


def result_json(result: OptOutResult) -> dict[str, object]:
    return {
        "id": result.request_id,
        "client": result.client_ref,
        "status": result.status,
        "received_at": result.received_at.isoformat(),
        "due": result.due_on.isoformat(),
        "withdrawn": [{"vendor": line.vendor, "purpose": line.purpose} for line in result.stopped],
        "vendors": [
            {"vendor": vendor.vendor, "due": vendor.due_on.isoformat()} for vendor in result.vendors
        ],
        "continuing": [
            {"vendor": line.vendor, "purpose": line.purpose, "reason": line.reason}
            for line in result.continuing
        ],
        "objections": [objection_json(line) for line in result.objections],
        "script": result.script,
    }


def objection_json(line: ObjectionLine) -> dict[str, object]:
    return {
        "id": line.id,
        "vendor": line.vendor,
        "purpose": line.purpose,
        "due": line.due_on.isoformat(),
        "decision": line.decision or None,
        "reason": line.reason,
        "decided_at": line.decided_at.isoformat() if line.decided_at else None,
    }


def run_answer_objection(store: Store, args: argparse.Namespace, output: Output) -> None:
    row = optouts.answer_objection(
        store,
        args.objection,
        decision=ObjectionDecision.UPHELD if args.uphold else ObjectionDecision.DECLINED,
        reason=args.reason,
        actor=current_user(),
    )
    output.line(f"Objection {args.objection} answered; opt-out {row.id} is {row.status}.")


def optout_json(row: OptOutRow) -> dict[str, object]:
    return {
        "id": row.id,
        "client": row.client_ref,
        "channel": row.channel,
        "scope": row.scope,
        "scope_vendors": list(row.scope_vendors),
        "received_at": row.received_at.isoformat(),
        "due": row.due_on.isoformat(),
        "next_due": row.next_due.isoformat() if row.next_due else None,
        "status": row.status,
        "overdue": row.overdue,
        "objections": [objection_json(line) for line in row.objections],
        "vendors": [
            {
                "vendor": vendor.vendor,
                "sent_at": vendor.sent_at.isoformat() if vendor.sent_at else None,
                "confirmed_at": vendor.confirmed_at.isoformat() if vendor.confirmed_at else None,
                "reply_by": vendor.confirm_by.isoformat() if vendor.confirm_by else None,
            }
            for vendor in row.vendors
        ],
    }


def run_optout_list(store: Store, args: argparse.Namespace, output: Output) -> None:
    rows = optouts.list_optouts(store, open_only=args.open)
    if args.json:
        output.json([optout_json(row) for row in rows])
        return
    zone = optouts.practice_zone(store)
    for row in rows:
        who = row.client_ref or "unmatched"
        late = "  OVERDUE" if row.overdue else ""
        received = row.received_at.astimezone(zone).date().isoformat()
        output.line(
            f"{row.id}  {received}  {who}  {row.channel}  {row.scope}  "
            f"due {(row.next_due or row.due_on).isoformat()}  {row.status}{late}"
        )


def _file_stem(notification_id: int, vendor: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", vendor).strip("-").lower() or "vendor"
    return f"{notification_id}-{slug}"


def run_vendors_notify(store: Store, args: argparse.Namespace, output: Output) -> None:
    """Per vendor with pending notifications: the letter (PDF) and the same as email text.

    Prints each file written, one path a line: the letter, then its .txt.
    """
    if not optouts.pending_notifications(store):
        output.line("No vendor has a pending notification.")
        return
    # The folder first: a folder that cannot be written must fail before letters are recorded.
    try:
        args.out.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not os.access(args.out, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
    except OSError as error:
        raise ValidationError("out", f"Cannot write to {args.out}: {error.strerror}.") from None
    # Written whole before they are recorded: a full disk leaves no letter and no record.
    letters = optout_documents.render_vendor_letters(
        store,
        save_to=args.out,
        stem_of=lambda notification, _letter: _file_stem(
            notification.notification_id, notification.vendor
        ),
    )
    for notification, _letter in letters:
        stem = _file_stem(notification.notification_id, notification.vendor)
        output.line(str(args.out / f"{stem}.pdf"))
        output.line(str(args.out / f"{stem}.txt"))


def due_json(item: DueItem, now: datetime) -> dict[str, object]:
    return {
        "kind": item.kind,
        "subject": item.subject,
        "due": item.due.isoformat(),
        # A clock counted in hours (an incident telling the authority): when it runs out.
        "due_at": item.due_at.isoformat() if item.due_at else None,
        "overdue": item.overdue_at(now),
    }


def run_due(store: Store, args: argparse.Namespace, output: Output) -> None:
    """Every feature's due lines (app/services/due.py), whatever their kind; the urgent ones
    (open incidents) first, as Today shows them."""
    now = datetime.now(UTC)
    items = due.due_items(store, optouts.practice_today(store, now))
    items = [item for item in items if item.urgent] + [i for i in items if not i.urgent]
    if args.json:
        output.json([due_json(item, now) for item in items])
        return
    for item in items:
        late = "  OVERDUE" if item.overdue_at(now) else ""
        at = f" {item.due_at.isoformat(timespec='minutes')}" if item.due_at else ""
        output.line(f"{item.due.isoformat()}{at}  {item.subject}{late}")
