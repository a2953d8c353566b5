"""import clients FILE | import consents FILE | import undo BATCH | import list."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.output import Output, counted
from app.domain.contact_files import ContactTable, FileFormat, format_of, read_contacts
from app.domain.errors import N_, DomainError, quote_input
from app.domain.import_mapping import Target, guess_mapping, target_named
from app.domain.paper_consents import ConsentColumn, guess_columns
from app.domain.refcodes import format_reference
from app.persistence.store import Store
from app.services import importing, paper_consents
from app.services.identity import current_user


class MappingRefused(DomainError):
    """A --map argument that names no column or no field."""


def register(commands, common: argparse.ArgumentParser) -> None:
    import_commands = commands.add_parser(
        "import",
        parents=[common],
        help="import clients from a contacts file or consents collected on paper; undo an import",
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    clients = import_commands.add_parser(
        "clients", parents=[common], help="clients from a CSV, XLSX or vCard file"
    )
    clients.add_argument("file", metavar="FILE", type=Path)
    clients.add_argument("--format", choices=[f.value for f in FileFormat], default=None)
    clients.add_argument("--encoding", default=None, help="the CSV's encoding (default: guessed)")
    clients.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="which field a column fills (field: name, given_name, family_name, email, phone, "
        "street, city, postal_code, region, country_code, language, notes, ignore)",
    )
    clients.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    clients.add_argument(
        "--skip-problems", action="store_true", help="import the other rows of a file with problems"
    )
    clients.add_argument("--json", action="store_true")
    consents = import_commands.add_parser(
        "consents",
        parents=[common],
        help="consents collected on paper, from a CSV or XLSX list (client, vendor, date, answer)",
    )
    consents.add_argument("file", metavar="FILE", type=Path)
    consents.add_argument("--format", choices=[FileFormat.CSV.value, FileFormat.XLSX.value])
    consents.add_argument("--encoding", default=None, help="the CSV's encoding (default: guessed)")
    consents.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=FIELD",
        help="what a column holds (field: client, vendor, purpose, date, answer, ignore)",
    )
    consents.add_argument("--dry-run", action="store_true", help="report only; write nothing")
    consents.add_argument(
        "--skip-problems", action="store_true", help="record the other rows of a list with problems"
    )
    consents.add_argument("--json", action="store_true")
    undo = import_commands.add_parser("undo", parents=[common], help="undo one import")
    undo.add_argument("batch", metavar="BATCH", type=int)
    listing = import_commands.add_parser("list", parents=[common], help="the imports made")
    listing.add_argument("--json", action="store_true")
    for command in (clients, consents, undo, listing):
        command.set_defaults(handler=run_import)


def read_file(path: Path, file_format: str | None, encoding: str | None) -> ContactTable:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise MappingRefused(
            N_("{file} cannot be read ({reason})."),
            file=quote_input(str(path)),
            reason=error.strerror or type(error).__name__,
        ) from None
    chosen = FileFormat(file_format) if file_format else format_of(path.name, data)
    return read_contacts(data, chosen, encoding)


def _column_index(table: ContactTable, column: str) -> int:
    """A column named by its header or its number (1 = the first)."""
    folded = [name.casefold() for name in table.columns]
    if column.casefold() in folded:
        return folded.index(column.casefold())
    if column.isdigit() and 1 <= int(column) <= len(table.columns):
        return int(column) - 1
    raise MappingRefused(
        N_("The file has no column {column}; its columns are: {columns}."),
        column=quote_input(column),
        columns=", ".join(table.columns),
    )


def mapping_from(table: ContactTable, pairs: list[str]) -> tuple[Target, ...]:
    """The guessed mapping with each COLUMN=FIELD applied (a column by name or number)."""
    mapping = list(guess_mapping(table.columns))
    for pair in pairs:
        column, equals, field = pair.partition("=")
        index = _column_index(table, column.strip())
        try:
            mapping[index] = target_named(field) if equals else Target.IGNORE
        except ValueError:
            raise MappingRefused(
                N_("{field} is not a client field (see --help for the fields)."),
                field=quote_input(field),
            ) from None
    return tuple(mapping)


def consent_mapping_from(table: ContactTable, pairs: list[str]) -> tuple[ConsentColumn, ...]:
    """The guessed columns of a paper consent list with each COLUMN=FIELD applied."""
    mapping = list(guess_columns(table.columns))
    for pair in pairs:
        column, equals, field = pair.partition("=")
        index = _column_index(table, column.strip())
        name = field.strip().casefold()
        try:
            mapping[index] = ConsentColumn("" if name == "ignore" else name)
        except ValueError:
            raise MappingRefused(
                N_("{field} is not a column of a consent list (see --help for the fields)."),
                field=quote_input(field),
            ) from None
        if not equals:
            mapping[index] = ConsentColumn.IGNORE
    return tuple(mapping)


def report_json(report: importing.ImportReport) -> dict[str, object]:
    return {
        "new": len(report.new),
        "duplicates": [
            {
                "row": duplicate.row,
                "name": duplicate.name,
                "by": duplicate.by,
                "of": format_reference(duplicate.of_ref)
                if duplicate.of_ref
                else f"row {duplicate.of_row}",
            }
            for duplicate in report.duplicates
        ],
        "problems": [{"row": problem.row, "reason": problem.text()} for problem in report.problems],
        "suppressed": len(report.suppressed),
    }


def _print_report(report: importing.ImportReport, output: Output) -> None:
    output.line(f"{counted(report.rows, 'row', 'rows')}: {len(report.new):,} new")
    for duplicate in report.duplicates:
        output.line(
            f"  row {duplicate.row} ({duplicate.name}): {importing.duplicate_text(duplicate)}"
        )
    for problem in report.problems:
        output.line(f"  row {problem.row}: {problem.text()}")
    if report.suppressed:
        output.line(f"  {counted(len(report.suppressed), 'person', 'people')} erased: left out")


def run_import(store: Store, args: argparse.Namespace, output: Output) -> None:
    if args.action == "undo":
        removed = importing.undo_import(store, args.batch, actor=current_user())
        output.line(f"Import {args.batch} undone: {counted(removed, 'client', 'clients')} removed.")
        return
    if args.action == "list":
        rows = importing.list_imports(store)
        if args.json:
            output.json([row.__dict__ for row in rows])
        for row in [] if args.json else rows:
            undone = f", undone {row.undone_at:%Y-%m-%d}" if row.undone_at else ""
            output.line(
                f"{row.id}  {row.imported_at:%Y-%m-%d %H:%M}  {row.file_format}  "
                f"{counted(row.client_count, 'client', 'clients')}{undone}"
            )
        return
    if args.action == "consents":
        _import_consents(store, args, output)
        return
    table = read_file(args.file, args.format, args.encoding)
    mapping = mapping_from(table, args.map)
    if args.dry_run:
        report = importing.check_import(store, table, mapping)
        if args.json:
            output.json(report_json(report))
        else:
            _print_report(report, output)
        return
    result = importing.import_clients(
        store, table, mapping, actor=current_user(), skip_problems=args.skip_problems
    )
    if args.json:
        output.json({"batch": result.batch_id, "added": result.added, **report_json(result.report)})
        return
    _print_report(result.report, output)
    output.line(
        f"Imported {counted(result.added, 'client', 'clients')} as import {result.batch_id}; "
        f"undo it with: privacy-desk import undo {result.batch_id}"
    )


def consent_report_json(report: paper_consents.PaperConsentReport) -> dict[str, object]:
    return {
        "answers": len(report.answers),
        "clients": report.clients,
        "already_recorded": len(report.already),
        "problems": [{"row": problem.row, "reason": problem.text()} for problem in report.problems],
    }


def _import_consents(store: Store, args: argparse.Namespace, output: Output) -> None:
    table = read_file(args.file, args.format, args.encoding)
    mapping = consent_mapping_from(table, args.map)
    if args.dry_run:
        report = paper_consents.check_paper_consents(store, table, mapping)
    else:
        result = paper_consents.record_paper_consents(
            store,
            table,
            mapping,
            args.file.read_bytes(),
            args.file.suffix,
            actor=current_user(),
            skip_problems=args.skip_problems,
        )
        report = result.report
    if args.json:
        recorded = 0 if args.dry_run else len(report.answers)
        output.json({"recorded": recorded, **consent_report_json(report)})
        return
    answers = counted(len(report.answers), "answer", "answers")
    output.line(
        f"{counted(report.rows, 'row', 'rows')}: {answers} of "
        f"{counted(report.clients, 'client', 'clients')}"
    )
    for problem in report.problems:
        output.line(f"  row {problem.row}: {problem.text()}")
    if report.already:
        output.line(f"  {counted(len(report.already), 'row', 'rows')} already on record: left out")
    if not args.dry_run:
        output.line(
            f"Recorded {counted(len(report.answers), 'answer', 'answers')} on the paper channel, "
            "with the list kept as their evidence."
        )
