"""Entry point and composition root: paths, logging, then the window or a headless command."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import time
from collections.abc import Sequence

from app.paths import DataPaths, data_paths

log = logging.getLogger("privacy_desk")


class PrivateLog(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file, the first and each after a rotation, is owner-only.

    Ids and error kinds only, but still the practice's business: like the folder it is in.
    """

    def _open(self):
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if hasattr(os, "fchmod"):  # POSIX; on Windows the user's profile folder guards it
            os.fchmod(descriptor, 0o600)  # a log from before keeps its mode otherwise
        return open(descriptor, self.mode, encoding=self.encoding, errors=self.errors)


def configure_logging(paths: DataPaths) -> None:
    """A rotating log in the data folder. Messages name records by id, never personal data."""
    try:
        paths.logs.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler: logging.Handler = PrivateLog(
            paths.logs / "privacy-desk.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()  # a read-only folder is reported by the store itself
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    from app.cli.core import build_parser, build_window_parser, run_command, undecodable_argument

    argv = sys.argv[1:] if argv is None else list(argv)
    refusal = undecodable_argument(argv)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 1
    window_args, rest = build_window_parser().parse_known_args(argv)
    if not rest:  # no command: open the window without loading every command's modules
        paths = data_paths(window_args.data_dir)
        configure_logging(paths)
        from app.ui.application import run_window  # Qt is imported only for the window

        return run_window(
            paths, language=window_args.lang, smoke=window_args.smoke, started=started
        )
    args = build_parser().parse_args(argv)
    configure_logging(data_paths(getattr(args, "data_dir", None)))
    # No command: only --help was given and handled, or options were misplaced.
    if args.command is None and not args.version:
        build_parser().print_usage()
        return 2
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
