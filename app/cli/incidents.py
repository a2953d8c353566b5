"""incident log | list: the breach and incident log, headless."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime

from app.cli.output import Output
from app.domain.errors import N_, ValidationError, quote_input
from app.domain.incidents import IncidentKind
from app.persistence.store import Store
from app.services import incidents, optouts, vendors
from app.services.errors import NotFound
from app.services.identity import current_user
from app.services.rows import IncidentRow

KINDS = tuple(kind.value.replace("_", "-") for kind in IncidentKind)


def register(commands, common: argparse.ArgumentParser) -> None:
    incident_commands = commands.add_parser(
        "incident", parents=[common], help="the breach and incident log"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    log = incident_commands.add_parser(
        "log", parents=[common], help="log an incident; awareness starts the clock"
    )
    log.add_argument("--aware", required=True, metavar="ISO-DATETIME")
    log.add_argument("--summary", required=True, metavar="TEXT", help="what happened")
    log.add_argument("--happened", metavar="ISO-DATETIME")
    log.add_argument("--vendor", metavar="NAME", help="its clients are the affected ones")
    log.add_argument("--encrypted", choices=("yes", "no"))
    log.add_argument("--kind", choices=KINDS, help="default: vendor-breach with --vendor")
    log.add_argument("--json", action="store_true")
    log.set_defaults(handler=run_incident_log)
    listing = incident_commands.add_parser("list", parents=[common], help="the incident log")
    listing.add_argument("--open", action="store_true", help="only incidents not yet closed")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_incident_list)


def _moment(store: Store, field: str, text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            field,
            N_("{entered} is not a date and time (YYYY-MM-DDTHH:MM)."),
            entered=quote_input(text),
        ) from None
    if moment.tzinfo is None:  # typed as the practice's local time
        moment = moment.replace(tzinfo=optouts.practice_zone(store))
    return moment


def _vendor_id(store: Store, name: str | None) -> int | None:
    if name is None:
        return None
    wanted = name.strip().casefold()
    for vendor in vendors.list_vendors(store):
        if vendor.name.casefold() == wanted:
            return vendor.id
    raise NotFound(N_("No vendor called {name} is on the register."), name=quote_input(name))


def run_incident_log(store: Store, args: argparse.Namespace, output: Output) -> None:
    now = datetime.now(UTC)
    aware_at = _moment(store, "aware_at", args.aware)
    assert aware_at is not None
    vendor_id = _vendor_id(store, args.vendor)
    if args.kind:
        kind = IncidentKind(args.kind.replace("-", "_"))
    else:
        kind = IncidentKind.VENDOR_BREACH if vendor_id else IncidentKind.OTHER
    row = incidents.log_incident(
        store,
        incidents.IncidentDraft(
            summary=args.summary,
            aware_at=aware_at,
            happened_at=_moment(store, "happened_at", args.happened),
            kind=kind,
            vendor_id=vendor_id,
            encrypted=args.encrypted or "",
        ),
        actor=current_user(),
        now=now,
    )
    if args.json:
        output.json(incident_json(row))
        return
    due = row.authority_due_at
    clock = f"tell the authority by {due.isoformat()}" if due else "no authority deadline"
    output.line(f"Incident {row.id} logged; {row.affected} clients affected; {clock}.")
    for note in row.notes:
        output.line(f"  {note}")


def incident_json(row: IncidentRow) -> dict[str, object]:
    """The `incident list --json` contract: id, aware_at, authority_due_at, status, affected;
    the other keys may grow."""
    return {
        "id": row.id,
        "aware_at": row.aware_at.isoformat(),
        "authority_due_at": row.authority_due_at.isoformat() if row.authority_due_at else None,
        "status": row.status,
        "affected": row.affected,
        "kind": row.kind,
        "vendor": row.vendor or None,
        "step": row.step,
        "authority_notified_at": (
            row.authority_notified_at.isoformat() if row.authority_notified_at else None
        ),
        "clients_notified_at": (
            row.clients_notified_at.isoformat() if row.clients_notified_at else None
        ),
        "closed_at": row.closed_at.isoformat() if row.closed_at else None,
    }


def run_incident_list(store: Store, args: argparse.Namespace, output: Output) -> None:
    rows = incidents.list_incidents(store, open_only=args.open)
    if args.json:
        output.json([incident_json(row) for row in rows])
        return
    zone = optouts.practice_zone(store)
    for row in rows:
        aware = row.aware_at.astimezone(zone).isoformat(timespec="minutes")
        due = row.authority_due_at
        until = f"authority by {due.astimezone(zone).isoformat(timespec='minutes')}" if due else "-"
        output.line(f"{row.id}  {aware}  {row.status}  {row.step}  {row.affected}  {until}")
