"""`export` with one command per exported document kind (notice, consent-form, optout-form:
document_kinds declares them), `export access` (a client's package, a zip), and `notice
publish`."""

from __future__ import annotations

import argparse
import os
from datetime import date
from pathlib import Path

from app.cli.output import Output, counted
from app.domain.errors import ValidationError
from app.domain.request_letters import RequestLetter
from app.domain.requests import REQUEST_KINDS
from app.paths import backup_folder_setting
from app.persistence.store import Store
from app.services import (
    document_kinds,
    documents,
    notices,
    practice_documents,
    request_letters,
    request_register,
)
from app.services.access_export import export_access_package
from app.services.document_kinds import DocumentKind, Recipient
from app.services.identity import current_user


def register(commands, common: argparse.ArgumentParser) -> None:
    export = commands.add_parser(
        "export", parents=[common], help="print documents to PDF"
    ).add_subparsers(dest="action", metavar="DOCUMENT", required=True)
    for kind in document_kinds.exported_kinds():
        _add_export(export, common, kind)
    access = export.add_parser(
        "access",
        parents=[common],
        help="a client's data for their access or portability request, as one zip",
    )
    access.add_argument("--client", metavar="REF", required=True)
    access.add_argument(
        "--lang",
        dest="document_lang",
        choices=("en", "zh"),
        help="the report's language (default: the client's)",
    )
    access.add_argument("--out", required=True, metavar="FILE.zip", help="the zip file to write")
    access.set_defaults(handler=run_export_access)
    _add_request_letter(export, common)
    _add_export_requests(export, common)

    publish = commands.add_parser(
        "notice", parents=[common], help="privacy notice versions"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    command = publish.add_parser("publish", parents=[common], help="publish the next version")
    command.add_argument("--summary", required=True, help="what changed, in a sentence")
    command.add_argument("--effective", metavar="YYYY-MM-DD", help="default: today")
    command.set_defaults(handler=run_notice)


def _add_export(export, common: argparse.ArgumentParser, kind: DocumentKind) -> None:
    """`export NAME`: for one client, with --all for every active client, with --generic or
    --blank for nobody, as the kind's declaration offers them."""
    words = kind.command
    assert words is not None
    command = export.add_parser(words.name, parents=[common], help=words.help)
    if words.record:
        _add_export_about(command, kind)
        return
    if kind.is_for(Recipient.PRACTICE):
        _add_export_practice(command, kind)
        return
    for_nobody = kind.is_for(Recipient.NOBODY)
    if words.everyone or for_nobody:
        who = command.add_mutually_exclusive_group(required=True)
        who.add_argument("--client", metavar="REF")
        if words.everyone:
            who.add_argument("--all", action="store_true", help="every active client")
        if for_nobody:
            who.add_argument(f"--{kind.nobody}", action="store_true", help=words.nobody_help)
    else:
        command.add_argument("--client", metavar="REF", required=True)
    command.add_argument(
        "--lang",
        dest="document_lang",
        choices=("en", "zh"),
        help="default: the client's language (the practice's for generic and blank)",
    )
    command.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help='a PDF file; with --all, a folder ending in "/" for one file per client',
    )
    command.set_defaults(handler=run_export, document_kind=kind.name)


def _add_export_about(command, kind: DocumentKind) -> None:
    """`export NAME --<record> ID`: documents made about one record (an incident)."""
    words = kind.command
    assert words is not None
    command.add_argument(f"--{words.record}", dest="record_id", type=int, required=True,
                         metavar="ID")  # fmt: skip
    command.add_argument(
        "--lang",
        dest="document_lang",
        choices=("en", "zh"),
        help="default: each addressee's language (the practice's for the authority)",
    )
    command.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help=(
            'a PDF file; a folder ending in "/" for one file each' if words.batch else "a PDF file"
        ),
    )
    command.set_defaults(handler=run_export_about, document_kind=kind.name)


def _add_request_letter(export, common: argparse.ArgumentParser) -> None:
    """`export request-letter --request ID`: the letter of a rights request, by default the
    one its latest step calls for (three kinds, so it is not one kind's own command)."""
    command = export.add_parser(
        "request-letter", parents=[common], help="the letter of a rights request"
    )
    command.add_argument("--request", dest="request_id", type=int, required=True, metavar="ID")
    command.add_argument(
        "--kind",
        dest="letter",
        choices=tuple(letter.value for letter in RequestLetter),
        help="default: the letter the request's latest step calls for",
    )
    command.add_argument(
        "--lang", dest="document_lang", choices=("en", "zh"), help="default: the client's language"
    )
    command.add_argument("--out", required=True, metavar="FILE.pdf", help="a PDF file")
    command.set_defaults(handler=run_request_letter)


def run_request_letter(store: Store, args: argparse.Namespace, output: Output) -> None:
    target = _checked_target(Path(args.out), folder=args.out.endswith(("/", os.sep)),
                             everyone=False, folder_is_for="several letters")  # fmt: skip
    made = request_letters.render_request_letter(
        store, args.request_id, args.letter, lang=args.document_lang, save_to=target
    )
    output.line(f"Wrote {counted(made.pages, 'page', 'pages')} ({made.kind}) to {target}")


def _add_export_requests(export, common: argparse.ArgumentParser) -> None:
    """`export requests --out FILE.pdf|FILE.csv`: the register of rights requests, with the
    filters of `request list` and the Requests page."""
    command = export.add_parser(
        "requests", parents=[common], help="the register of rights requests, as PDF or CSV"
    )
    command.add_argument("--open", dest="open_only", action="store_true",
                         help="only the requests not yet completed")  # fmt: skip
    command.add_argument(
        "--kind", dest="request_kind", choices=tuple(kind.value for kind in REQUEST_KINDS),
        help="only requests of this kind",
    )  # fmt: skip
    command.add_argument(
        "--lang",
        dest="document_lang",
        choices=("en", "zh"),
        help="default: the practice's (Chinese for a practice in China under PIPL)",
    )
    command.add_argument("--out", required=True, metavar="FILE", help="a .pdf or .csv file")
    command.set_defaults(handler=run_export_requests)


def run_export_requests(store: Store, args: argparse.Namespace, output: Output) -> None:
    target = _checked_target(Path(args.out), folder=False, everyone=False)
    made = request_register.make_request_register(
        store,
        open_only=args.open_only,
        kind=args.request_kind,
        fmt=request_register.register_format(target),
        lang=args.document_lang,
        save_to=target,
    )
    if made.pages:
        output.line(f"Wrote {counted(made.pages, 'page', 'pages')} to {target}")
    else:
        output.line(f"Wrote {target}")


def _add_export_practice(command, kind: DocumentKind) -> None:
    """`export NAME --out FILE`: one of the practice's own records, its format from the suffix."""
    suffixes = "/".join(f".{fmt.value}" for fmt in practice_documents.formats_of(kind))
    command.add_argument(
        "--lang",
        dest="document_lang",
        choices=("en", "zh"),
        help="default: the practice's (Chinese for a practice in China under PIPL)",
    )
    command.add_argument("--out", required=True, metavar="FILE", help=f"a {suffixes} file")
    command.set_defaults(handler=run_export_practice, document_kind=kind.name)


def run_export_practice(store: Store, args: argparse.Namespace, output: Output) -> None:
    kind = document_kinds.kind_named(args.document_kind)
    target = _checked_target(Path(args.out), folder=False, everyone=False)
    fmt = practice_documents.format_of(kind, target)
    made = practice_documents.make_practice_document(
        store,
        kind,
        fmt=fmt,
        lang=args.document_lang,
        backup_folder=backup_folder_setting(store.paths),
        save_to=target,
    )
    if made.pages:
        output.line(f"Wrote {counted(made.pages, 'page', 'pages')} to {target}")
    else:
        output.line(f"Wrote {target}")


def run_export_about(store: Store, args: argparse.Namespace, output: Output) -> None:
    kind = document_kinds.kind_named(args.document_kind)
    assert kind.command is not None
    folder = args.out.endswith(("/", os.sep))
    target = _checked_target(
        Path(args.out), folder=folder, everyone=kind.command.batch, folder_is_for="several letters"
    )
    if folder:
        target.mkdir(parents=False, exist_ok=True, mode=0o700)
    results = documents.render_about(
        store,
        kind,
        args.record_id,
        one_file_each=folder,
        lang=args.document_lang,
        save_to=target,
    )
    _say_written(output, results, target, folder)


def run_export_access(store: Store, args: argparse.Namespace, output: Output) -> None:
    target = Path(args.out)
    if args.out.endswith(("/", os.sep)) or target.is_dir():
        raise ValidationError("out", f"{target} is a folder; name the zip file to write.")
    _checked_target(target, folder=False, everyone=False)
    made = export_access_package(store, args.client, save_to=target, lang=args.document_lang)
    output.line(
        f"Wrote the access package of {made.client_ref} "
        f"({counted(len(made.files), 'file', 'files')}, a report of "
        f"{counted(made.pages, 'page', 'pages')}) to {target}"
    )


def run_export(store: Store, args: argparse.Namespace, output: Output) -> None:
    kind = document_kinds.kind_named(args.document_kind)
    everyone = getattr(args, "all", False)
    folder = args.out.endswith(("/", os.sep))
    target = _checked_target(Path(args.out), folder=folder, everyone=everyone)
    lang = args.document_lang
    if folder:
        target.mkdir(parents=False, exist_ok=True, mode=0o700)
    # Each file is written whole before its record is committed (documents.save_to).
    if everyone:
        results = documents.render_batch(
            store, kind, one_file_per_client=folder, lang=lang, save_to=target
        )
    else:
        results = [documents.render_document(store, kind, args.client, lang=lang, save_to=target)]
    _say_written(output, results, target, folder)


def _say_written(output: Output, results, target: Path, folder: bool) -> None:
    if folder:
        pages = sum(result.pages for result in results)
        output.line(
            f"Wrote {counted(len(results), 'file', 'files')}, "
            f"{counted(pages, 'page', 'pages')}, to {target}"
        )
    else:
        [result] = results
        output.line(f"Wrote {counted(result.pages, 'page', 'pages')} to {target}")


def _checked_target(
    path: Path, *, folder: bool, everyone: bool, folder_is_for: str = "--all"
) -> Path:
    """Refuse a place we cannot write before anything is generated and recorded."""
    if folder and not everyone:
        raise ValidationError("out", f'A folder (ending in "/") is only for {folder_is_for}.')
    parent = path if folder and path.exists() else path.parent
    if folder and path.exists() and not path.is_dir():
        raise ValidationError("out", f"{path} is a file, not a folder.")
    if not folder and path.is_dir():
        raise ValidationError("out", f"{path} is a folder; name a PDF file, or end it in /.")
    if not parent.is_dir():
        raise ValidationError("out", f"The folder {parent} does not exist.")
    if not os.access(parent, os.W_OK):
        raise ValidationError("out", f"The folder {parent} is not writable.")
    return path


def run_notice(store: Store, args: argparse.Namespace, output: Output) -> None:
    effective = None
    if args.effective:
        try:
            effective = date.fromisoformat(args.effective)
        except ValueError:
            raise ValidationError(
                "effective", f"'{args.effective}' is not a date (YYYY-MM-DD)."
            ) from None
    version = notices.publish_notice(store, args.summary, effective=effective, actor=current_user())
    output.line(
        f"Published version {version.number}, effective {version.effective_on.isoformat()}."
    )
    for line in version.change_summary.split("\n")[1:]:
        output.line(f"  {line}")
