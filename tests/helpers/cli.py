"""A command run in the test's process, as a user would type it: exit code, stdout, stderr."""

from __future__ import annotations

import io

from app.cli import Output, main


def run_command(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), Output(out, err))
    return code, out.getvalue(), err.getvalue()
