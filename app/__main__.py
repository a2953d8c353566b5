"""Entry point and composition root: paths, logging, then the window or a headless command."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import time
from collections.abc import Sequence

from app.cli import build_parser, run_command
from app.paths import DataPaths, data_paths

log = logging.getLogger("privacy_desk")


def configure_logging(paths: DataPaths) -> None:
    """A rotating log in the data folder. Messages name records by id, never personal data."""
    try:
        paths.logs.mkdir(parents=True, exist_ok=True, mode=0o700)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
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
    args = build_parser().parse_args(argv)
    paths = data_paths(getattr(args, "data_dir", None))
    configure_logging(paths)
    if args.command is None:
        from app.ui.application import run_window  # Qt is imported only for the window

        return run_window(paths, language=args.lang, smoke=args.smoke, started=started)
    return run_command(args)


if __name__ == "__main__":
    sys.exit(main())
